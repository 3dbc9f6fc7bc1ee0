"""Meeting records: read from the shipped documents (checked against what each states), kept in
the index incrementally, filtered by date, chair and access, listed by ``qa meetings``."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
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
INSPECTION = "bien-ban-hop-doan-kiem-tra-so-2-quan-uy-cau-giay-dang-uy-phuong-dich-vong-hau-2023.txt"
SUBMISSION = "to-trinh-ke-hoach-tinh-gian-bien-che-nam-2024-so-noi-vu-ha-tinh.pdf"


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


def _labelled_person(text: str, label: str) -> str:
    """The person a label line names, with their title, without the honorific and the full
    stop ("Chủ trì: đồng chí X, Giám đốc Sở Y." is "X, Giám đốc Sở Y")."""
    return normalize(_line(text, label)).split("đồng chí ", 1)[1].rstrip(".")


def _by_name(record: MeetingRecord) -> dict[str, object]:
    """The record's speakers by their name without the title."""
    return {normalize(s.name.text).split(",")[0]: s for s in record.speakers}


@pytest.mark.parametrize("doc_id", [doc for doc, _ in list_corpus(CORPUS)])
def test_every_span_is_the_documents_own_text(doc_id: str) -> None:
    text, record = _read(doc_id)
    assert record.kind in KINDS and record.doc == doc_id
    for span in _spans(record):
        assert text[span.start:span.end] == span.text and span.text.strip() == span.text


def test_the_minutes_read_from_their_labelled_lines_and_task_table() -> None:
    text, record = _read(MINUTES)
    assert record.kind == "minutes" and "BIÊN BẢN HỌP" in text
    assert [normalize(c.text) for c in record.chair] == [_labelled_person(text, "Chủ trì:")]  # with the title
    when = _line(text, "Thời gian:")
    assert record.date.text in when and record.date.value == "2024-03-14"  # "ngày 14 tháng 3 năm 2024"
    assert record.time.text in when and record.time.value == "08:30"  # "8 giờ 30 phút"
    assert record.place.text in _line(text, "Địa điểm:")
    assert record.title.text in text.splitlines()[text.splitlines().index("BIÊN BẢN HỌP") + 1]
    # The "Thành viên tham dự" lines, one attendee each, without "đồng chí"; the delegation's
    # line split where a role follows "và" ("… 19 sở, ban, ngành và Trưởng phòng Nội vụ …").
    people = [line.removeprefix("đồng chí ").rstrip(";.") for line in text.splitlines() if line.startswith("đồng chí")]
    delegation = next(line for line in text.splitlines() if line.startswith("đại diện")).rstrip(";.")
    attendees = [a.text for a in record.attendees]
    assert attendees[:len(people)] == people and len(people) == 7
    groups = attendees[len(people):]
    assert " và ".join(groups) == delegation and len(groups) == 2 and groups[1].startswith("Trưởng phòng")
    # Every row of the task table (cells joined by " | "), each field from its own column.
    header = _line(text, "STT |")
    rows = [line.split(" | ") for line in text.splitlines()[text.splitlines().index(header) + 1:]
            if re.match(r"\d+ \| ", line)]
    table = [(t.task.text, t.assignee.text, t.deadline.text) for t in record.tasks if t.task.start > text.index(header)]
    assert table[:len(rows)] == [(row[1], row[2], row[3]) for row in rows] and len(rows) == 6
    speakers = _by_name(record)
    # Name and title, then what was said with the verb that presents it ("kiến nghị …").
    hoa = speakers["Cầm Thị Hoa"]
    assert _line(text, "Đồng chí Cầm Thị Hoa") == f"Đồng chí {hoa.name.text}, {hoa.said.text}."
    assert hoa.said.text.startswith("kiến nghị")
    # After "cho biết" what was said begins after the verb, and ends at the semicolon.
    ngoc = speakers["Vũ Thị Ngọc"]
    assert f"{ngoc.name.text}, cho biết {ngoc.said.text}; đề nghị" in _line(text, "Đồng chí Vũ Thị Ngọc")
    assert any("đánh giá công chức bằng sản phẩm" in p.text for p in record.proposals)
    # The numbered conclusions without their ordinals, one statement per clause.
    first = _line(text, "Thứ nhất,")
    assert first.removeprefix("Thứ nhất, ").rstrip(".") in [c.text for c in record.conclusions]
    assert not any(c.text.lower().startswith(("thứ", "phát biểu kết luận")) for c in record.conclusions)
    assert record.signer.text in text.splitlines()[-1]


def test_an_invitation_gives_the_meetings_date_not_the_date_of_issue() -> None:
    text, record = _read(INVITATION)
    assert record.kind == "invitation"
    assert record.date.value == "2024-07-05" and record.date.text in _line(text, "Thời gian:")
    assert "ngày 28 tháng 6 năm 2024" in normalize(text)  # issued a week before
    assert record.time.value == "14:00"
    assert [normalize(c.text) for c in record.chair] == [_labelled_person(text, "Chủ trì:")]
    assert normalize(record.chair[0].text).startswith("Nguyễn Hữu Thắng, Ủy viên Ban Thường vụ Quận ủy")
    lines = text.splitlines()
    listed = lines[lines.index(_line(text, "Ban Tổ chức Quận ủy Cầu Giấy trân trọng kính mời:")) + 1:]
    invited = [line[2:].rstrip(";.") for line in listed[:listed.index("")]]
    assert len(invited) == 2 and [a.text for a in record.attendees] == invited
    assert normalize(record.signer.text) == "Tạ Quang Vinh"
    # Its request with a deadline is a task of "các đơn vị", not a proposal.
    request = normalize(_line(text, "Đề nghị các đơn vị gửi báo cáo"))
    [task] = record.tasks
    assignee, deadline = normalize(task.assignee.text), normalize(task.deadline.text)
    assert assignee == "các đơn vị" and deadline == "trước 16 giờ 00 ngày 2/7/2024"
    assert request.startswith(f"Đề nghị {assignee} {normalize(task.task.text)}")
    assert deadline in request and not record.proposals


def test_a_concluding_notice_with_numbered_tasks() -> None:
    text, record = _read(NOTICE)
    assert record.kind == "conclusion" and record.date.value == "2024-04-12"  # "Sáng ngày 12/4/2024"
    assert [normalize(c.text) for c in record.chair] == ["Nguyễn Thị Thu Hà, Phó Chủ tịch UBND Thành phố"]
    by_assignee = {t.assignee.text: t for t in record.tasks if t.assignee}
    finance = by_assignee["Sở Tài chính"]
    assert finance.deadline.text == "trước ngày 10/5/2024" and finance.task.text.startswith("Cân đối")
    assert "4. Giao Sở Tài chính" in text
    assert not any("Giao Sở" in c.text for c in record.conclusions)
    # "2. Giao Sở Nội vụ": two clauses with a deadline each are two tasks, neither with its deadline
    # in the task's text; the third clause's date ("dự kiến tổ chức trong tháng 5") is no deadline.
    home = [t for t in record.tasks if t.assignee.text == "Sở Nội vụ" and t.task.start < text.index("3. Giao")]
    assert [t.deadline.text for t in home] == ["trước ngày 26/4/2024", "trước ngày 31/5/2024"]
    assert all(t.deadline.text not in t.task.text for t in home)
    # A task's deadline is one its own sentence states.
    office = by_assignee["Văn phòng UBND Thành phố"]
    assert office.deadline is None and office.task.text.startswith("Theo")


def test_news_of_a_meeting() -> None:
    text, record = _read(NEWS)
    assert record.kind == "news" and record.date.value == "2024-05-23"  # "Trong 2 ngày 23 và 24/5/2024"
    said = _by_name(record)
    assert said["Ngô Thị Phương Thảo"].said.text in _line(text, "Chuyên đề 1:")
    assert record.signer is None and not record.tasks


def test_news_that_states_no_date_has_none() -> None:
    _, record = _read(UNDATED_NEWS)
    assert record.kind == "news" and record.date is None and record.time is None and not record.chair


def test_minutes_with_lettered_tasks_and_one_conclusion() -> None:
    text, record = _read(INSPECTION)
    # "Đồng chí yêu cầu Đảng ủy phường Dịch Vọng Hậu:" then "a) …;", "b) …;", "c) …".
    lead_in = normalize(_line(text, "Phát biểu kết luận")).split("yêu cầu ")[-1].rstrip(":")
    listed = [t for t in record.tasks if t.assignee and t.assignee.text == lead_in]
    items = [normalize(line) for line in text.splitlines() if re.match(r"[a-c]\) ", line)]
    assert len(listed) == len(items) == 3
    assert all(item[3:].startswith(normalize(t.task.text)) for item, t in zip(items, listed))
    assert [t.deadline.text if t.deadline else None for t in listed] == \
        ["trước ngày 31/10/2023", "trước ngày 15/11/2023", None]
    # What the chair concluded, after "ghi nhận"; the tasks are not conclusions.
    [conclusion] = record.conclusions
    assert conclusion.text.startswith("ghi nhận") and conclusion.text in _line(text, "Phát biểu kết luận")


def test_a_submission_states_who_does_what_and_no_meeting_date() -> None:
    text, record = _read(SUBMISSION)
    assert record.kind == "other" and record.date is None  # issued "ngày 9 tháng 4 năm 2024", no meeting
    section = normalize(text).split("3. Tổ chức thực hiện")[1].split("4. Đề xuất")[0]
    clauses = [c.strip(" .\n") for c in re.sub(r"Trang \d/\d", "", section).split(";")]
    assert len(record.tasks) == len(clauses) == 3
    for task, clause in zip(record.tasks, clauses):
        assert " ".join(clause.split()).startswith(" ".join(f"{task.assignee.text} {task.task.text}".split()))


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
    assert [c.text for c in before.records["bien-ban.docx"].chair] == ["Trần Văn Bình, Giám đốc Sở Nội vụ"]
    note = tmp_path / "corpus" / "giay-moi.txt"
    note.write_text("GIẤY MỜI\nHọp bàn kế hoạch\nChủ trì: đồng chí Lê Văn An, Chánh Văn phòng.\n", encoding="utf-8")
    report = build_index(settings, embedder, progress=False)
    assert report.embedded_documents == ["giay-moi.txt"] and report.remade_records == 0
    after = open_index(settings.index)
    assert after.records["bien-ban.docx"] == before.records["bien-ban.docx"]
    assert [c.text for c in after.records["giay-moi.txt"].chair] == ["Lê Văn An, Chánh Văn phòng"]
    note.write_text("GIẤY MỜI\nHọp bàn kế hoạch\nChủ trì: đồng chí Phan Thị Hoa, Chánh Văn phòng.\n", encoding="utf-8")
    build_index(settings, embedder, progress=False)
    assert [c.text for c in open_index(settings.index).records["giay-moi.txt"].chair] == ["Phan Thị Hoa, Chánh Văn phòng"]
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
    assert all(line.startswith("2024-07") and "Nguyễn Hữu Thắng" in normalize(line) for line in out.splitlines())
    code, out, _ = _meetings(capsys, *where, "--json", "--doc", NOTICE)
    assert code == 0 and [r["doc"] for r in json.loads(out)] == [NOTICE]
    code, out, _ = _meetings(capsys, *where, "--chair", "Không Ai Cả")
    assert code == 0 and out.strip() == "No meetings found."


def test_qa_meetings_reads_no_vectors(small_index: Settings) -> None:
    # Listing meetings reads the manifest and the records: the same listing as the whole index
    # gives, without loading FAISS (the listing stays quick however many chunks the index has).
    script = ("import json, sys; from qa.cli import main; code = main(['meetings', '--json', '--index', sys.argv[1]]); "
              "print(json.dumps({'code': code, 'faiss': 'faiss' in sys.modules}))")
    done = subprocess.run([sys.executable, "-c", script, str(small_index.index)], capture_output=True, text=True,
                          timeout=120, check=False)
    *listing, status = done.stdout.strip().split("\n")
    assert json.loads(status) == {"code": 0, "faiss": False}, done.stderr
    listed = json.loads("\n".join(listing))
    assert sorted(r["doc"] for r in listed) == sorted(open_index(small_index.index).records)


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
