"""The ``qa`` command driven as a user would: in a subprocess, reading its output."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.ingest.load import load_document


# The schema of ``qa ask --json`` and the chat app's ``/ask`` (docs/api.md); test_ui checks that
# both return the same object for the same question.
ANSWER_KEYS = {"question", "resolved_question", "notices", "answer", "answered", "generated", "items", "meetings",
               "generated_citations", "cited", "evidence", "evidence_span", "answer_span", "citations"}
CITATION_KEYS = {"n", "doc", "title", "date", "page", "start", "end", "score", "text", "highlight",
                 "answer_span"}


def qa(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


def test_help_on_every_command():
    for args in (["--help"], ["index", "--help"], ["ask", "--help"]):
        result = qa(*args)
        assert result.returncode == 0 and "usage: qa" in result.stdout


def test_ask_without_index_says_how_to_build_one(tmp_path: Path):
    result = qa("ask", "Ai chủ trì?", "--index", str(tmp_path / "none"))
    assert result.returncode == 1
    assert "qa index" in result.stderr and "Traceback" not in result.stderr


def test_empty_question_is_refused(shipped_index):
    result = qa("ask", "   ", "--index", str(shipped_index.index))
    assert result.returncode == 1 and "empty" in result.stderr


@pytest.mark.slow
def test_who_gave_the_conclusion(shipped_index):
    result = qa("ask", "Ai phát biểu kết luận?", "--json", "--index", str(shipped_index.index))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "Mai Văn Chính" in answer["answer"]
    assert set(answer) == ANSWER_KEYS and answer["answered"] is True
    first = answer["citations"][0]
    assert first["n"] == 1 and "Mai Văn Chính" in first["text"]
    assert set(first) == CITATION_KEYS
    cited = answer["citations"][answer["cited"] - 1]
    assert answer["evidence"] in cited["text"] and answer["answer_span"]["n"] == answer["cited"]
    start, end = answer["answer_span"]["start"], answer["answer_span"]["end"]
    assert cited["answer_span"] == [start, end] and "Mai Văn Chính" in cited["text"][start - cited["start"]:]
    document = load_document(shipped_index.corpus / first["doc"], first["doc"])
    assert document.text[first["start"]:first["end"]] == first["text"]


@pytest.mark.slow
def test_text_output_lists_numbered_citations(shipped_index):
    result = qa("ask", "Kết luận 35-KL/TW ban hành ngày nào?", "--k", "3", "--index", str(shipped_index.index))
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout and "[3]" in result.stdout and "[4]" not in result.stdout
    assert "5-5-2022" in result.stdout


def test_index_reports_skipped_files_with_exit_code_3(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Biên bản họp\nĐồng chí Lê Văn Tám chủ trì cuộc họp.", encoding="utf-8")
    (corpus / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    result = qa("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--quiet")
    assert result.returncode == 3
    assert "Skipped bad.pdf" in result.stderr and "Indexed 1 documents" in result.stdout
    again = qa("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--quiet")
    assert again.returncode == 3 and "up to date" in again.stdout


def test_missing_corpus_is_an_error(tmp_path: Path):
    result = qa("index", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i"))
    assert result.returncode == 1 and "not found" in result.stderr


@pytest.mark.parametrize("value", ["abc"])
def test_bad_environment_value_is_an_error(tmp_path: Path, value: str):
    result = qa("ask", "Ai?", "--index", str(tmp_path), env={"QA_K": value})
    assert result.returncode == 1 and "QA_K" in result.stderr


@pytest.mark.slow
def test_date_filter_keeps_only_documents_dated_in_range(shipped_index):
    # The Thanh Hóa minutes are dated 14 March 2024 in their heading; the nearest other dated
    # documents of corpus/ are of 7 and 25 March 2024.
    result = qa("ask", "Ai chủ trì cuộc họp?", "--json", "--since", "2024-03-10", "--until", "20/03/2024",
                "--index", str(shipped_index.index))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["citations"] and {c["doc"] for c in answer["citations"]} == {
        "bien-ban-hop-so-noi-vu-thanh-hoa-vi-tri-viec-lam-tinh-gian-bien-che-2024.docx"}
    assert {c["date"] for c in answer["citations"]} == {"2024-03-14"}
    result = qa("ask", "Ai chủ trì cuộc họp?", "--until", "2020-01-01", "--json", "--index", str(shipped_index.index))
    unanswered = json.loads(result.stdout)
    assert result.returncode == 0 and unanswered["answered"] is False and set(unanswered) == ANSWER_KEYS
    assert unanswered["evidence"] is unanswered["answer_span"] is unanswered["cited"] is None


def test_bad_date_is_a_clear_error(shipped_index):
    result = qa("ask", "Ai chủ trì?", "--since", "2024-13-01", "--index", str(shipped_index.index))
    assert result.returncode == 2 and "--since" in result.stderr and "Traceback" not in result.stderr


def test_eval_rejects_a_bad_only_file_and_rerank(tmp_path: Path):
    listed = tmp_path / "titles.json"
    listed.write_text('{"about": "no list"}', encoding="utf-8")
    dataset = tmp_path / "set.json"
    dataset.write_text('{"data": []}', encoding="utf-8")
    result = qa("eval", str(dataset), "--only", str(listed))
    assert result.returncode != 0 and "titles" in result.stderr and "Traceback" not in result.stderr
    result = qa("eval", str(dataset), "--rerank", "-1")
    assert result.returncode != 0 and "--rerank" in result.stderr and "Traceback" not in result.stderr
