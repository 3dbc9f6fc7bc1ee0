"""List answers (``qa.answer.lists``) on the shipped documents, as JSON and text, and the list
and record scoring of ``qa eval`` (``qa.dev.lists``) on hand-made examples."""
import json
from pathlib import Path

import pytest

from qa.answer.lists import asks_for_list, find_items
from qa.app.render import chat_message
from qa.cli import main
from qa.dev.lists import ListTally, field_score, matched, record_accuracy, word_f1
from qa.ingest.load import load_document
from qa.ingest.normalize import normalize, normalize_with_offsets
from qa.meetings.record import MeetingRecord, Span, Speaker, Task

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MINUTES = "bien-ban-hop-so-noi-vu-thanh-hoa-vi-tri-viec-lam-tinh-gian-bien-che-2024.docx"
INVITATION = "giay-moi-hop-giao-ban-to-chuc-xay-dung-dang-quan-uy-cau-giay-cp1258.txt"
REPORT = "bao-cao-so-ket-to-chuc-xay-dung-dang-6-thang-dau-2024-dang-uy-khoi-binh-dinh.md"
NEWS = "hoi-nghi-giao-ban-cong-tac-to-chuc-xay-dung-dang-6-thang-dau-2023.txt"
NOTICE = "thong-bao-ket-luan-ubnd-ha-noi-sap-xep-don-vi-hanh-chinh-cap-xa-2024.pdf"


# ---------------------------------------------------------------- which questions

@pytest.mark.parametrize("question", [
    "Hội nghị đề xuất những gì?",
    "hoi nghi de xuat nhung gi",
    "Những cơ quan, đơn vị nào dự họp?",
    "Sở Nội vụ được giao những nhiệm vụ gì, hạn khi nào?",
    "Các nhiệm vụ trọng tâm là gì?",
    "Liệt kê các nhiệm vụ được giao",
    "liet ke cac nhiem vu duoc giao",
    "Thành phần cuộc họp gồm những ai?",
    "nhung ai du hop",
    "Kinh phí sắp xếp bao gồm những khoản nào?",
])
def test_list_questions(question: str):
    assert asks_for_list(question)


@pytest.mark.parametrize("question", [
    "Ai phát biểu kết luận?",
    "ai phat bieu ket luan",
    "Các đơn vị gửi báo cáo trước ngày nào?",  # a date, whatever the plural
    "Tại giao ban, các đơn vị kiến nghị gì về đào tạo lý luận chính trị?",  # a plural subject
    "Mục tiêu đặt ra cho các cơ quan là gì?",  # a plural after a preposition
    "Cuộc họp có bao nhiêu đại biểu?",
])
def test_single_questions(question: str):
    assert not asks_for_list(question)


# ---------------------------------------------------------------- items in the documents

def _items(name: str, question: str, evidence: str) -> tuple[str, list[str]]:
    """The document's text and the items found for ``question`` answered by the sentence that
    starts with ``evidence`` (the evidence and the short answer as the whole line)."""
    text = load_document(CORPUS / name, name).text  # the Windows-1258 file has combining marks
    norm, offsets = normalize_with_offsets(text)
    start = offsets[norm.index(evidence)]
    end = text.index("\n", start) if "\n" in text[start:] else len(text)
    spans = find_items(question, text, (start, end), (start, end))
    assert all(0 <= a < b <= len(text) and text[a:b] == text[a:b].strip() for a, b in spans)
    return text, [text[a:b] for a, b in spans]


def _lines_after(text: str, first: str, stop: str) -> list[str]:
    """The lines of ``text`` after the line starting with ``first``, up to the one starting
    with ``stop``, each without its final ";" or "."."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if normalize(line).startswith(first))
    end = next(i for i in range(at + 1, len(lines)) if normalize(lines[i]).startswith(stop))
    return [line.strip().rstrip(";.") for line in lines[at + 1:end] if line.strip()]


def test_thanh_phan_list_items_are_the_lines_the_document_lists():
    text, items = _items(MINUTES, "Những ai là thành viên tham dự cuộc họp?", "3. Thành viên tham dự:")
    members = _lines_after(text, "3. Thành viên tham dự:", "Tổng số đại biểu")
    # A person is named with the first title after the name, without "đồng chí".
    people = [", ".join(line.removeprefix("đồng chí ").split(", ")[:2]) if line.startswith("đồng chí") else line
              for line in members]
    assert len(members) == 8 and items == people
    assert items[1] == "Nguyễn Thị Lan Anh, Trưởng phòng Tổ chức" and items[-1] == members[-1]


def test_a_heading_naming_what_is_asked_wins_over_the_answering_sentence():
    # The answering sentence is the list of those invited; the question asks for the agenda.
    text, items = _items(INVITATION, "Cuộc họp có những nội dung gì?", "Ban Tổ chức Quận ủy Cầu Giấy trân")
    agenda = [line.split(". ", 1)[1].strip() for line in _lines_after(text, "Nội dung:", "Đề nghị các đơn vị")]
    assert len(agenda) == 3 and items == agenda


def test_bulleted_and_numbered_lines():
    text, invited = _items(INVITATION, "Giấy mời mời những ai?", "Ban Tổ chức Quận ủy Cầu Giấy trân")
    assert invited == [line.lstrip("- ") for line in _lines_after(text, "Ban Tổ chức Quận ủy", "Chủ trì:")]
    text, tasks = _items(REPORT, "Đảng ủy Khối xác định những nhiệm vụ trọng tâm nào?", "Đảng ủy Khối xác định 5")
    assert tasks == [line.split(". ", 1)[1] for line in _lines_after(text, "Đảng ủy Khối xác định 5", "## V.")]


def test_task_table_rows_give_the_column_asked_for():
    text, units = _items(MINUTES, "Những đơn vị nào thực hiện các nhiệm vụ được giao?",
                         "Nhiệm vụ cụ thể được giao như sau:")
    rows = [line.split(" | ") for line in _lines_after(text, "STT | Nội dung", "Cuộc họp kết thúc")]
    assert len(rows) == 6 and units == [unit for row in rows for unit in row[2].split("; ")]
    _, tasks = _items(MINUTES, "Những nhiệm vụ cụ thể nào được giao?", "Nhiệm vụ cụ thể được giao như sau:")
    assert tasks == [row[1] for row in rows]


def test_consecutive_proposals_of_the_discussion():
    text, items = _items(MINUTES, "Các đại biểu đề nghị, kiến nghị những gì?", "Tại cuộc họp có 12 ý kiến")
    speakers = ("Đồng chí Vũ Thị Ngọc", "Đồng chí Lò Văn Sơn", "Đồng chí Cầm Thị Hoa", "Ông Mai Xuân Trường")
    assert len(items) == len(speakers)
    for item, speaker in zip(items, speakers):
        line = next(line for line in text.split("\n") if line.startswith(speaker))
        assert item in line  # what follows the verb, in the speaker's own sentence
        assert line[:line.index(item)].rstrip().endswith(("đề nghị", "kiến nghị", "đề xuất"))


def test_enumerations_after_a_colon_and_after_gom():
    _, bodies = _items(NEWS, "Những cơ quan nào dự hội nghị?", "Dự Hội nghị có đại diện")
    assert bodies[:3] == ["Ban Tuyên giáo Trung ương", "Ban Nội chính Trung ương", "Văn phòng Chính phủ"]
    assert "Kiểm toán Nhà nước" in bodies and not any(":" in b for b in bodies)
    _, costs = _items(NOTICE, "Kinh phí sắp xếp gồm những khoản nào?", "Cân đối, tham mưu")
    assert costs[0] == "kinh phí thực hiện chính sách đối với cán bộ dôi dư"
    assert not any("báo cáo UBND" in c for c in costs)  # the clause after ";" is no cost


PLAN = "ke-hoach-kiem-tra-cong-tac-can-bo-nam-2024-ban-thuong-vu-quan-uy-cau-giay.md"
INSPECTION = "bien-ban-hop-doan-kiem-tra-so-2-quan-uy-cau-giay-dang-uy-phuong-dich-vong-hau-2023.txt"
PROPOSAL = "to-trinh-ke-hoach-tinh-gian-bien-che-nam-2024-so-noi-vu-ha-tinh.pdf"
TEAM_MINUTES = "bien-ban-hop-to-cong-tac-vi-tri-viec-lam-co-quan-dang-doan-the-quan-cau-giay-2024.docx"


def _line(text: str, start: str) -> str:
    return next(normalize(line) for line in text.split("\n") if normalize(line).lstrip("-* ").startswith(start))


def test_the_labelled_line_that_is_the_asked_noun_gives_its_items():
    # The answering sentence is the plan's preamble; "Nội dung:" is a labelled line under the
    # heading "II. Nội dung, đối tượng kiểm tra", which also names the objects of the check.
    text, items = _items(PLAN, "Kế hoạch kiểm tra những nội dung gì?", "Thực hiện Chương trình kiểm tra")
    assert items == _line(text, "Nội dung:").split(": ", 1)[1].rstrip(".").split("; ")


def test_a_count_of_what_is_asked_followed_by_as_many_names():
    text, items = _items(PLAN, "Những đảng ủy phường nào được kiểm tra?", "Thực hiện Chương trình kiểm tra")
    line = _line(text, "Đối tượng:")
    names = line.split(" 6 phường ", 1)[1].rstrip(".").replace(" và ", ", ").split(", ")
    assert len(names) == 6 and items == names


def test_only_the_bodies_of_the_kind_asked_for():
    _, bodies = _items(NEWS, "Những cơ quan nào dự hội nghị?", "Dự Hội nghị có đại diện")
    _, press = _items(NEWS, "Những cơ quan báo chí nào dự hội nghị?", "Dự Hội nghị có đại diện")
    assert 2 <= len(press) < len(bodies) and set(press) < set(bodies)
    assert all(p.startswith(("Báo", "Tạp chí", "Đài", "Thông tấn")) for p in press)
    assert all(not b.startswith(("Báo", "Tạp chí", "Đài", "Thông tấn")) for b in set(bodies) - set(press))


def test_a_labelled_line_of_people_is_the_list_it_answers():
    text, members = _items(INSPECTION, "Đoàn kiểm tra gồm những thành viên nào?", "- Đoàn kiểm tra:")
    people = _line(text, "Đoàn kiểm tra:").split(": ", 1)[1].rstrip(".").split("; ")
    assert len(members) == len(people) == 3
    for member, person in zip(members, people):
        assert person.removeprefix("đồng chí ").startswith(member)


def test_recipients_beside_the_signature_leave_the_signature_out():
    # "Nơi nhận:" lines share their line with the signer's title, many spaces apart.
    text, items = _items(INVITATION, "Giấy mời gửi những nơi nhận nào?", "Ban Tổ chức Quận ủy Cầu Giấy trân")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if normalize(line).startswith("Nơi nhận:"))
    recipients = [normalize(line.split("    ")[0]).lstrip("- ").rstrip(";.") for line in lines[at + 1:at + 4]]
    assert [normalize(item) for item in items] == recipients and not any("TRƯỞNG" in item for item in items)


def test_items_after_the_noun_that_introduces_them():
    # "Đối tượng ưu tiên xem xét là người …, người … và người …": parallel, each over 12 words.
    text, items = _items(PROPOSAL, "Những đối tượng nào được ưu tiên xem xét tinh giản?", "Đối tượng ưu tiên")
    assert len(items) == 3 and all(item.startswith("người") for item in items)
    assert all(" ".join(item.split()) in normalize(text) for item in items)
    # "… gồm 54 vị trí việc làm, trong đó có 9 vị trí …, 35 vị trí … và 10 vị trí …": counted.
    _, groups = _items(TEAM_MINUTES, "Dự thảo danh mục gồm những nhóm vị trí nào?", "Dự thảo danh mục gồm")
    counts = [int(group.split()[0]) for group in groups]
    assert len(groups) == 3 and sum(counts) == 54


def test_and_splits_bodies_but_not_a_name():
    _, bodies = _items(NEWS, "Những cơ quan nào dự hội nghị?", "Dự Hội nghị có đại diện")
    assert not any(" và " in b and b.split(" và ")[1].startswith(("Ban ", "Bộ ", "Sở ")) for b in bodies)
    proposal = "Các cơ quan được mời gồm: Sở Nội vụ, Sở Tư pháp và Sở Thông tin và Truyền thông."
    spans = find_items("Những cơ quan nào được mời?", proposal, (0, len(proposal)), (0, len(proposal)))
    assert [proposal[a:b] for a, b in spans] == ["Sở Nội vụ", "Sở Tư pháp", "Sở Thông tin và Truyền thông"]


def test_the_clauses_of_one_request_are_its_items():
    # One sentence asks for three things, each a clause led by a verb (pyvi's tagger); the
    # short pieces "thủy ngân, cadimi" stay in their clause.
    text = ("Văn bản nêu rõ tình hình. Cục yêu cầu các cơ sở tuyệt đối không thu mua cá chết để chế biến "
            "xuất khẩu, chủ động lấy mẫu giám sát các chỉ tiêu chì, thủy ngân, cadimi, gửi kết quả kiểm tra "
            "về Cục trước ngày 30/6. Hết.")
    start = text.index("Cục")
    spans = find_items("Cục yêu cầu các cơ sở làm những gì?", text, (start, text.index(". Hết")), (start, start + 3))
    assert [text[a:b] for a, b in spans] == [
        "các cơ sở tuyệt đối không thu mua cá chết để chế biến xuất khẩu",
        "chủ động lấy mẫu giám sát các chỉ tiêu chì, thủy ngân, cadimi",
        "gửi kết quả kiểm tra về Cục trước ngày 30/6"]


def test_a_sentence_that_lists_nothing_gives_no_items():
    assert _items(MINUTES, "Những ai phát biểu?", "Cuộc họp kết thúc vào lúc")[1] == []


# ---------------------------------------------------------------- answers

@pytest.mark.slow
def test_list_answer_json_text_and_chat(shipped_index, capsys):
    index = str(shipped_index.index)
    assert main(["ask", "Thành phần cuộc họp của Sở Nội vụ Thanh Hóa gồm những ai?", "--json",
                 "--index", index]) == 0
    answer = json.loads(capsys.readouterr().out)
    items = answer["items"]
    assert answer["answered"] and len(items) >= 8
    assert answer["answer"] == "; ".join(item["text"] for item in items)
    for item in items:
        citation = answer["citations"][item["n"] - 1]
        document = load_document(shipped_index.corpus / citation["doc"], citation["doc"])
        assert document.text[item["start"]:item["end"]] == item["text"]
        assert citation["start"] <= item["start"] < item["end"] <= citation["end"]
    # The meeting's record lists its attendees: a person by name and a short title.
    assert any(item["text"] == "Cầm Thị Hoa, Phó Giám đốc Sở Y tế" for item in items)
    markdown = chat_message(answer)
    assert markdown.count("\n- ") + markdown.startswith("- ") == len(items) and "\\[1\\]" in markdown

    assert main(["ask", "Thành phần cuộc họp của Sở Nội vụ Thanh Hóa gồm những ai?", "--index", index]) == 0
    out = capsys.readouterr().out
    assert f"- {items[0]['text']} [{items[0]['n']}]" in out
    for question in ("Ai phát biểu kết luận?", "Những ai được khen thưởng tại hội nghị thi đua ngành giáo dục Cần Thơ?"):
        assert main(["ask", question, "--json", "--index", index]) == 0
        assert json.loads(capsys.readouterr().out)["items"] == []


def test_chat_list_is_escaped():
    payload = {"answer": "x", "answered": True, "evidence": "x", "cited": 1, "notices": [],
               "items": [{"text": "<img src=x onerror=alert(1)>", "n": 2, "start": 0, "end": 5},
                         {"text": "1. *Ban* Tổ chức", "n": 3, "start": 9, "end": 20}]}
    assert chat_message(payload).split("\n") == ["- &lt;img src=x onerror=alert(1)&gt; \\[2\\]",
                                                 "- 1\\. \\*Ban\\* Tổ chức \\[3\\]"]


# ---------------------------------------------------------------- lists from the meeting records

HA_TINH_NOTICE = "thong-bao-ket-luan-chu-tich-ubnd-tinh-ha-tinh-tinh-gian-bien-che-2024.docx"


@pytest.fixture(scope="module")
def assistant(shipped_index, embedder):
    from qa.assistant import Assistant

    return Assistant(shipped_index, embedder)


def _cited(answer, shipped_index) -> list[tuple[str, str, str]]:
    """(document, item text, the document's line holding the item) of each item, checking that
    the item is its document's text at its offsets, inside the passage it cites."""
    found = []
    for item in answer.items:
        passage = answer.hits[item.n - 1].chunk
        assert passage.start <= item.start < item.end <= passage.end
        text = load_document(shipped_index.corpus / passage.doc, passage.doc).text
        assert " ".join(text[item.start:item.end].split()) == item.text
        line = text[text.rfind("\n", 0, item.start) + 1:text.find("\n", item.end) % (len(text) + 1)]
        found.append((passage.doc, item.text, line))
    return found


@pytest.mark.slow
def test_the_speakers_of_the_discussion_by_name(assistant, shipped_index):
    text = load_document(CORPUS / MINUTES, MINUTES).text
    section = text[text.index("3. Ý kiến thảo luận"):text.index("IV. KẾT LUẬN")]
    names = [line.split(",")[0].split(" ", 2)[-1] if line.startswith("Đồng chí") else line.split(",")[0][4:]
             for line in section.split("\n")[2:] if line.strip()]
    answer = assistant.ask("Những ai phát biểu ý kiến thảo luận ở cuộc họp của Sở Nội vụ Thanh Hóa?")
    assert answer.answered and [item.text for item in answer.items] == names
    _cited(answer, shipped_index)


@pytest.mark.slow
def test_the_tasks_given_to_a_body(assistant, shipped_index):
    answer = assistant.ask("Chủ tịch UBND tỉnh Hà Tĩnh giao Sở Nội vụ những nhiệm vụ gì tại Thông báo 96/TB-UBND?")
    cited = _cited(answer, shipped_index)
    text = load_document(CORPUS / HA_TINH_NOTICE, HA_TINH_NOTICE).text
    given = [line for line in text.split("\n") if "Giao Sở Nội vụ" in line]  # "2.1. Giao Sở Nội vụ chủ trì, …"
    assert len(cited) >= len(given) >= 2
    assert {doc for doc, _, _ in cited} == {HA_TINH_NOTICE} and all("Sở Nội vụ" in line for _, _, line in cited)
    assert all(any(line == g for _, _, line in cited) for g in given)


@pytest.mark.slow
def test_a_bodys_tasks_across_meetings(assistant, shipped_index):
    cited = _cited(assistant.ask("Sở Nội vụ tỉnh Hà Tĩnh được giao những nhiệm vụ gì, hạn khi nào?"), shipped_index)
    assert len({doc for doc, _, _ in cited}) >= 2
    assert all("Sở Nội vụ" in line or "Nội vụ" in line for _, _, line in cited)


@pytest.mark.slow
def test_the_attending_bodies_of_a_kind(assistant, shipped_index):
    answer = assistant.ask("Liệt kê các cục của Bộ Công an dự giao ban công tác tổ chức xây dựng Đảng của Ban Tổ chức "
                           "Trung ương.")
    cited = _cited(answer, shipped_index)
    assert len(cited) == 3 and all("Cục " in item for _, item, _ in cited)


@pytest.mark.slow
def test_the_meetings_a_person_attended(assistant, shipped_index):
    answer = assistant.ask("Đồng chí Kiều Văn Sáng tham gia những cuộc họp nào?")
    docs = {doc for doc, _, _ in _cited(answer, shipped_index)}
    named = {path.name for path in CORPUS.iterdir() if "Kiều Văn Sáng" in load_document(path, path.name).text}
    assert answer.answered and docs == named and len(named) >= 2
    refused = assistant.ask("Tháng 8/2024 có những cuộc họp nào về vị trí việc làm?")
    assert not refused.answered and refused.items == []


# ---------------------------------------------------------------- scoring

def test_word_f1():
    assert word_f1("Sở Tài chính", "sở tài chính.") == 1.0
    assert word_f1("Ban Tổ chức Tỉnh ủy", "Ban Tổ chức") == pytest.approx(0.75)  # P 3/5, R 1
    assert word_f1("Sở Y tế", "Sở Xây dựng") == pytest.approx(1 / 3)
    assert word_f1("", "Sở Y tế") == 0.0


def test_each_item_is_matched_once_and_the_matching_is_the_largest():
    assert matched(["Sở Tài chính", "Sở Tài chính"], ["Sở Tài chính"]) == 1
    # "sở y" matches both references ("y tế" at F1 0.5); "sở" only the first: pairing the first
    # given item with the first reference would leave one pair out.
    assert matched(["sở y", "sở"], ["sở", "y tế"]) == 2
    assert matched(["Sở Y tế"], ["Sở Xây dựng"]) == 0


def test_list_precision_and_recall_are_micro_averaged():
    tally = ListTally()
    tally.add(["Sở Tài chính", "Sở Y tế", "Công an Thành phố"], ["Sở Tài chính", "Sở Y tế"])
    tally.add(["Văn phòng"], [])  # a question no document answers, answered with an item
    tally.add([], ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"])  # refused
    assert tally.metrics() == {"list_item_precision": 0.5, "list_item_recall": 0.5}
    assert ListTally().metrics() == {"list_item_precision": None, "list_item_recall": None}


def test_record_fields():
    assert field_score("", "") == 1.0 and field_score("Hà Nội", "") == 0.0
    assert field_score("Phòng họp tầng 3", "phòng họp tầng 3, trụ sở Sở Nội vụ") == 1.0  # F1 8/13
    assert field_score([], []) == 1.0
    assert field_score(["Sở Y tế", "Sở Tài chính"], ["Sở Y tế", "Thanh tra Sở", "Sở Xây dựng"]) == pytest.approx(1 / 3)

    doc = "bien-ban.docx"
    record = MeetingRecord(doc=doc, kind="minutes", date=Span("ngày 14 tháng 3 năm 2024", 0, 24, "2024-03-14"),
                           chair=[Span("đồng chí Lê Văn Quang", 30, 51)],
                           speakers=[Speaker(Span("đồng chí Phạm Văn Tiến", 60, 82))],
                           tasks=[Task(Span("Báo cáo phương án bổ sung 312 nhân lực y tế cơ sở", 90, 140))])
    references = [{"doc": doc, "kind": "minutes", "date": "2024-03-14", "chair": ["Lê Văn Quang"],
                   "speakers": [{"name": "Phạm Văn Tiến", "said": "báo cáo"}],
                   "tasks": [{"task": "Báo cáo phương án bổ sung 312 nhân lực y tế cơ sở", "assignee": "Sở Y tế"},
                             {"task": "Tập huấn xây dựng vị trí việc làm", "assignee": None}],
                   "place": None, "signer": "Lê Văn Quang"},
                  {"doc": "missing.pdf", "title": "Thông báo kết luận"}]
    found = {doc: record}
    # kind 1, date 1, chair 1, speakers 1, tasks 1/2, place 1 (both empty), signer 0; title 0.
    assert record_accuracy(references, found.get) == pytest.approx(round(5.5 / 8, 4))
    assert record_accuracy([], found.get) is None
