"""Meeting records: read from the shipped documents (checked against what each states), kept in
the index incrementally, filtered by date, chair and access, listed by ``qa meetings``."""
from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from qa.access import add_user
from qa.cli import main
from qa.config import Settings
from qa.index import store
from qa.index.store import build_index, open_index
from qa.ingest.load import list_corpus, load_document
from qa.ingest.normalize import normalize
from qa.meetings.extract import extract_record
from qa.meetings.query import find_meetings
from qa.meetings.record import KINDS, RECORDS_VERSION, MeetingRecord, Span

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MINUTES = "bien-ban-hop-so-noi-vu-thanh-hoa-vi-tri-viec-lam-tinh-gian-bien-che-2024.docx"
INVITATION = "giay-moi-hop-giao-ban-to-chuc-xay-dung-dang-quan-uy-cau-giay-cp1258.txt"
NOTICE = "thong-bao-ket-luan-ubnd-ha-noi-sap-xep-don-vi-hanh-chinh-cap-xa-2024.pdf"
NEWS = "thong-bao-hoi-nghi-tap-huan-bao-ve-chinh-tri-noi-bo-da-nang-2024.html"
UNDATED_NEWS = "hoi-nghi-giao-ban-cong-tac-to-chuc-xay-dung-dang-6-thang-dau-2023.txt"


def _read(doc_id: str) -> tuple[str, MeetingRecord]:
    document = load_document(CORPUS / doc_id, doc_id)
    return document.text, extract_record(doc_id, document.text, document.title)


def _spans(record: MeetingRecord) -> list[Span]:
    spans = [s for s in (record.title, record.date, record.time, record.place, record.signer) if s]
    spans += record.chair + record.attendees + record.conclusions + record.proposals
    spans += [s for speaker in record.speakers for s in (speaker.name, speaker.said) if s]
    return spans + [s for task in record.tasks for s in (task.task, task.assignee, task.deadline) if s]


def _line(text: str, start: str) -> str:
    """The document's line (as loaded) that begins with ``start`` (after list marks)."""
    return next(line for line in text.splitlines() if normalize(line).lstrip("-0123456789. ").startswith(start))


@pytest.mark.parametrize("doc_id", [doc for doc, _ in list_corpus(CORPUS)])
def test_every_span_is_the_documents_own_text(doc_id: str) -> None:
    text, record = _read(doc_id)
    assert record.kind in KINDS and record.doc == doc_id
    for span in _spans(record):
        assert text[span.start:span.end] == span.text and span.text.strip() == span.text


def test_the_minutes_read_from_their_labelled_lines_and_task_table() -> None:
    text, record = _read(MINUTES)
    assert record.kind == "minutes" and "BIÊN BẢN HỌP" in text
    assert [c.text for c in record.chair] and record.chair[0].text in _line(text, "Chủ trì:")
    when = _line(text, "Thời gian:")
    assert record.date.text in when and record.date.value == "2024-03-14"  # "ngày 14 tháng 3 năm 2024"
    assert record.time.text in when and record.time.value == "08:30"  # "8 giờ 30 phút"
    assert record.place.text in _line(text, "Địa điểm:")
    assert record.title.text in text.splitlines()[text.splitlines().index("BIÊN BẢN HỌP") + 1]
    # The "Thành viên tham dự" lines, one attendee each.
    members = [line.rstrip(";.") for line in text.splitlines() if line.startswith(("đồng chí", "đại diện"))]
    assert [a.text for a in record.attendees] == members
    # Every row of the task table (cells joined by " | "), each field from its own column.
    header = _line(text, "STT |")
    rows = [line.split(" | ") for line in text.splitlines()[text.splitlines().index(header) + 1:]
            if re.match(r"\d+ \| ", line)]
    table = [(t.task.text, t.assignee.text, t.deadline.text) for t in record.tasks if t.task.start > text.index(header)]
    assert table[:len(rows)] == [(row[1], row[2], row[3]) for row in rows] and len(rows) == 6
    speakers = {s.name.text: s.said.text for s in record.speakers if s.said}
    assert speakers["Cầm Thị Hoa"] in _line(text, "Đồng chí Cầm Thị Hoa")
    assert any("đánh giá công chức bằng sản phẩm" in p.text for p in record.proposals)
    assert record.signer.text in text.splitlines()[-1]


def test_an_invitation_gives_the_meetings_date_not_the_date_of_issue() -> None:
    text, record = _read(INVITATION)
    assert record.kind == "invitation"
    assert record.date.value == "2024-07-05" and record.date.text in _line(text, "Thời gian:")
    assert "ngày 28 tháng 6 năm 2024" in normalize(text)  # issued a week before
    assert record.time.value == "14:00"
    assert [normalize(c.text) for c in record.chair] == ["Nguyễn Hữu Thắng"]
    lines = text.splitlines()
    listed = lines[lines.index(_line(text, "Ban Tổ chức Quận ủy Cầu Giấy trân trọng kính mời:")) + 1:]
    invited = [line[2:].rstrip(";.") for line in listed[:listed.index("")]]
    assert len(invited) == 2 and [a.text for a in record.attendees] == invited
    assert normalize(record.signer.text) == "Tạ Quang Vinh"


def test_a_concluding_notice_with_numbered_tasks() -> None:
    text, record = _read(NOTICE)
    assert record.kind == "conclusion" and record.date.value == "2024-04-12"  # "Sáng ngày 12/4/2024"
    assert [c.text for c in record.chair] == ["Nguyễn Thị Thu Hà"]
    by_assignee = {t.assignee.text: t for t in record.tasks if t.assignee}
    finance = by_assignee["Sở Tài chính"]
    assert finance.deadline.text == "trước ngày 10/5/2024" and finance.task.text.startswith("Cân đối")
    assert "4. Giao Sở Tài chính" in text
    assert not any("Giao Sở" in c.text for c in record.conclusions)


def test_news_of_a_meeting() -> None:
    text, record = _read(NEWS)
    assert record.kind == "news" and record.date.value == "2024-05-23"  # "Trong 2 ngày 23 và 24/5/2024"
    said = {s.name.text: s.said.text for s in record.speakers if s.said}
    assert said["Ngô Thị Phương Thảo"] in _line(text, "Chuyên đề 1:")
    assert record.signer is None and not record.tasks


def test_news_that_states_no_date_has_none() -> None:
    _, record = _read(UNDATED_NEWS)
    assert record.kind == "news" and record.date is None and record.time is None and not record.chair


def test_a_text_that_states_nothing_gives_an_empty_record() -> None:
    record = extract_record("ghi-chu.txt", "Hôm nay trời đẹp, cả nhà đi chơi công viên.", "ghi-chu")
    assert record.kind == "other"
    assert [record.date, record.time, record.place, record.signer] == [None] * 4
    assert not (record.chair or record.attendees or record.speakers or record.conclusions or record.proposals
                or record.tasks)


def test_records_filtered_by_date_chair_document_and_access() -> None:
    records = [_read(doc)[1] for doc, _ in list_corpus(CORPUS)]
    march = find_meetings(records, since=date(2024, 3, 1), until=date(2024, 3, 31))
    assert march and all("2024-03-01" <= r.iso_date <= "2024-03-31" for r in march)
    assert MINUTES in {r.doc for r in march}
    assert [r.iso_date for r in march] == sorted(r.iso_date for r in march)
    chaired = find_meetings(records, chair="nguyen huu thang")
    assert INVITATION in {r.doc for r in chaired}
    assert all(any("Nguyễn Hữu Thắng" in normalize(c.text) for c in r.chair) for r in chaired)
    assert find_meetings(records, chair="HỮU THẮNG") == chaired
    assert [r.doc for r in find_meetings(records, doc=NOTICE)] == [NOTICE]
    assert find_meetings(records, chair="nguyen huu thang", docs={NOTICE}) == []


def test_extraction_is_fast() -> None:
    documents = [load_document(path, doc) for doc, path in list_corpus(CORPUS)]
    import time
    started = time.perf_counter()
    for d in documents:
        extract_record(d.path, d.text, d.title)
    assert (time.perf_counter() - started) / len(documents) < 0.25  # well under a second


# ---------------------------------------------------------------- in the index

@pytest.mark.slow
def test_records_are_kept_remade_and_bumped_without_embedding(small_index: Settings, tmp_path: Path,
                                                              embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(small_index.corpus, tmp_path / "corpus")
    shutil.copytree(small_index.index, tmp_path / "index")
    settings = small_index.replace(corpus=tmp_path / "corpus", index=tmp_path / "index")
    before = open_index(settings.index)
    assert before.manifest["records"] == RECORDS_VERSION and set(before.records) == set(before.manifest["documents"])
    assert [c.text for c in before.records["bien-ban.docx"].chair] == ["Trần Văn Bình"]  # its "Chủ trì:" line
    note = tmp_path / "corpus" / "giay-moi.txt"
    note.write_text("GIẤY MỜI\nHọp bàn kế hoạch\nChủ trì: đồng chí Lê Văn An, Chánh Văn phòng.\n", encoding="utf-8")
    report = build_index(settings, embedder, progress=False)
    assert report.embedded_documents == ["giay-moi.txt"] and report.remade_records == 0
    after = open_index(settings.index)
    assert after.records["bien-ban.docx"] == before.records["bien-ban.docx"]
    assert [c.text for c in after.records["giay-moi.txt"].chair] == ["Lê Văn An"]
    note.write_text("GIẤY MỜI\nHọp bàn kế hoạch\nChủ trì: đồng chí Phan Thị Hoa, Chánh Văn phòng.\n", encoding="utf-8")
    build_index(settings, embedder, progress=False)
    assert [c.text for c in open_index(settings.index).records["giay-moi.txt"].chair] == ["Phan Thị Hoa"]
    # A new version of the extractor: every record read again, nothing embedded.
    monkeypatch.setattr(store, "RECORDS_VERSION", RECORDS_VERSION + 1)
    bumped = build_index(settings, embedder, progress=False)
    assert bumped.changed and bumped.embedded_chunks == 0 and not bumped.embedded_documents
    assert bumped.remade_records == 3 and not bumped.full_rebuild_reason
    index = open_index(settings.index)
    assert index.manifest["records"] == RECORDS_VERSION + 1 and set(index.records) == set(index.manifest["documents"])
    assert "records.jsonl" in index.manifest["files"]


# ---------------------------------------------------------------- qa meetings

def _meetings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["meetings", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_qa_meetings_lists_and_filters(shipped_index: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--index", str(shipped_index.index)]
    code, out, _ = _meetings(capsys, *where, "--json")
    listed = json.loads(out)
    assert code == 0 and len(listed) == len(open_index(shipped_index.index).manifest["documents"])
    assert all(r["kind_label"] == KINDS[r["kind"]] for r in listed)
    code, out, _ = _meetings(capsys, *where, "--chair", "nguyen huu thang", "--since", "2024-07-01",
                             "--until", "31/07/2024")
    assert code == 0 and out.splitlines() and all(" | " in line for line in out.splitlines())
    assert all(line.startswith("2024-07") and normalize(line).endswith("Nguyễn Hữu Thắng") for line in out.splitlines())
    code, out, _ = _meetings(capsys, *where, "--json", "--doc", NOTICE)
    assert code == 0 and [r["doc"] for r in json.loads(out)] == [NOTICE]
    code, out, _ = _meetings(capsys, *where, "--chair", "Không Ai Cả")
    assert code == 0 and out.strip() == "No meetings found."


@pytest.mark.slow
def test_qa_meetings_bad_input(shipped_index: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--index", str(shipped_index.index)]
    for args in (["--since", "2024-13-01"], ["--until", "hôm qua"], ["--since", "2024-05-01", "--until", "2024-04-01"]):
        with pytest.raises(SystemExit) as exited:
            _meetings(capsys, *where, *args)
        err = capsys.readouterr().err
        assert exited.value.code == 2 and ("--since" in err or "--until" in err) and "Traceback" not in err
    code, _, err = _meetings(capsys, *where, "--doc", "khong-co.txt")
    assert code == 1 and "none of these documents is in the index" in err


@pytest.mark.slow
def test_qa_meetings_as_a_user(shipped_index: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    access = tmp_path / "access.toml"
    access.write_text(f'default = ["*"]\n[groups.a]\n[groups.b]\n[read]\n"{INVITATION}" = ["a"]\n', encoding="utf-8")
    add_user(access, "nam", ["b"], "mat-khau-dai-du")
    where = ["--index", str(shipped_index.index), "--access", str(access)]
    code, out, _ = _meetings(capsys, *where, "--json", "--user", "nam")
    shown = {r["doc"] for r in json.loads(out)}
    assert code == 0 and INVITATION not in shown and MINUTES in shown
    code, _, err = _meetings(capsys, *where, "--user", "khong-co")
    assert code == 1 and "No user 'khong-co'" in err
