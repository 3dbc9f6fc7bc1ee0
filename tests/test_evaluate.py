import json
import math
import unicodedata
from pathlib import Path

import pytest

from qa.ingest.chunk import Chunk
from qa.assistant import Assistant
from qa.config import Settings
from qa.dev.evaluate import (first_rank, format_table, load_dataset, locate, mrr_at, ndcg_at, only_titles,
                         recall_at, relevant_chunks, run_eval)

KEYS = {"dataset", "mode", "questions", "answerable", "unanswerable", "chunks", "documents",
        "recall@1", "recall@5", "recall@10", "recall@20", "mrr@10", "ndcg@10",
        "latency_ms_p50", "latency_ms_p95"}

PARAGRAPHS = {
    "Phòng chống bão lũ": (
        "Chiều ngày 12 tháng 9, Ủy ban nhân dân tỉnh Quảng Nam họp khẩn về công tác phòng chống "
        "cơn bão số 5. Phó Chủ tịch tỉnh Trần Văn Tân yêu cầu sơ tán 4.200 hộ dân ở ven biển "
        "trước 17 giờ ngày 13 tháng 9. Các huyện miền núi phải kiểm tra hồ chứa thủy lợi."),
    "Tuyển sinh đại học": (
        "Theo kế hoạch tuyển sinh năm 2024, trường Đại học Công nghệ Thông tin tuyển 1.500 chỉ "
        "tiêu cho mười hai ngành đào tạo. Thí sinh đăng ký xét tuyển trực tuyến từ ngày 1 tháng 7 "
        "đến ngày 30 tháng 7. Điểm chuẩn ngành Khoa học máy tính năm trước là 27,3 điểm."),
    "Chùa Một Cột": (
        "Chùa Một Cột được vua Lý Thái Tông cho xây dựng vào năm 1049 tại Thăng Long. Ngôi chùa "
        "có kiến trúc độc đáo, đặt trên một cột đá giữa hồ sen, tượng trưng cho bông sen nở. "
        "Năm 1954, quân Pháp phá hủy chùa và sau đó chùa được dựng lại theo kiến trúc cũ."),
    "Cầu Rồng": (
        "Cầu Rồng bắc qua sông Hàn ở thành phố Đà Nẵng, khánh thành ngày 29 tháng 3 năm 2013. "
        "Cây cầu dài 666 mét, tổng vốn đầu tư khoảng 1.500 tỷ đồng. Vào tối thứ bảy và chủ nhật, "
        "đầu rồng phun lửa và phun nước phục vụ du khách."),
}

SQUAD_QUESTIONS = [
    ("Phòng chống bão lũ", "q1", "Tỉnh Quảng Nam phải sơ tán bao nhiêu hộ dân trước cơn bão số 5?", "4.200 hộ dân"),
    ("Phòng chống bão lũ", "q2", "Ai yêu cầu sơ tán dân ven biển?", "Trần Văn Tân"),
    ("Tuyển sinh đại học", "q3", "Trường Đại học Công nghệ Thông tin tuyển bao nhiêu chỉ tiêu năm 2024?", "1.500 chỉ tiêu"),
    ("Tuyển sinh đại học", "q4", "Điểm chuẩn ngành Khoa học máy tính năm trước là bao nhiêu?", "27,3 điểm"),
    ("Chùa Một Cột", "q5", "Vua nào cho xây chùa Một Cột?", "Lý Thái Tông"),
    ("Cầu Rồng", "q6", "Cầu Rồng dài bao nhiêu mét?", "666 mét"),
]


# ---------------------------------------------------------------- metrics, by hand

def test_recall_and_mrr_by_hand():
    ranks = [1, 3, None]
    assert recall_at(ranks, 1) == pytest.approx(1 / 3)
    assert recall_at(ranks, 3) == pytest.approx(2 / 3)
    assert recall_at(ranks, 20) == pytest.approx(2 / 3)
    assert mrr_at(ranks, 10) == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert mrr_at(ranks, 2) == pytest.approx(1 / 3)  # the rank-3 hit is past the cutoff
    assert recall_at([], 5) == 0.0 and mrr_at([], 10) == 0.0


def test_ndcg_by_hand():
    # Two relevant chunks exist; found at ranks 2 and 4.
    rel = [False, True, False, True]
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 / math.log2(2) + 1 / math.log2(3)
    assert ndcg_at(rel, 2, 10) == pytest.approx(dcg / ideal)
    # Perfect ranking scores 1; finding one of two relevant chunks at rank 1 does not.
    assert ndcg_at([True, True, False], 2, 10) == pytest.approx(1.0)
    assert ndcg_at([True, False], 2, 10) == pytest.approx(1 / ideal)
    # The cutoff: a hit at rank 4 does not count at k=3; no relevant chunk at all scores 0.
    assert ndcg_at(rel, 2, 3) == pytest.approx((1 / math.log2(3)) / ideal)
    assert ndcg_at([False, False], 0, 10) == 0.0
    assert first_rank(rel) == 2 and first_rank([False]) is None


# ---------------------------------------------------------------- relevance rules

TEXT = ("Hội nghị khai mạc lúc 8 giờ. Chủ tọa là ông Lê Văn Minh. "
        "Ngân sách năm 2025 là 12 tỷ đồng. Hội nghị bế mạc lúc 11 giờ.")


def _chunks(text: str, cuts: list[tuple[int, int]]) -> list[Chunk]:
    return [Chunk(doc="d.txt", title="t", start=a, end=b, page=None, text=text[a:b]) for a, b in cuts]


def _sentence_cuts(text: str) -> list[tuple[int, int]]:
    s2 = text.index("Chủ tọa")
    s3 = text.index("Ngân sách")
    s4 = text.index("Hội nghị bế")
    # Three chunks, each repeating the previous chunk's last sentence, as the chunker does.
    return [(0, s3 - 1), (s2, s4 - 1), (s3, len(text))]


def test_evidence_overlap():
    chunks = _chunks(TEXT, _sentence_cuts(TEXT))
    assert relevant_chunks(chunks, TEXT, "Hội nghị khai mạc lúc 8 giờ.", []) == ([0], "evidence")
    # A sentence held by two overlapping chunks makes both relevant.
    assert relevant_chunks(chunks, TEXT, "Ngân sách năm 2025", ["12 tỷ"]) == ([1, 2], "evidence")
    # Evidence wins over answers even when the answer text is elsewhere.
    assert relevant_chunks(chunks, TEXT, "bế mạc lúc 11 giờ", ["Hội nghị"])[0] == [2]


def test_evidence_found_after_normalization():
    nfd = unicodedata.normalize("NFD", "Chủ tọa  là ông Lê Văn Minh")  # decomposed, double space
    span = locate(nfd, TEXT)
    assert span is not None and TEXT[span[0]:span[1]] == "Chủ tọa là ông Lê Văn Minh"
    chunks = _chunks(TEXT, _sentence_cuts(TEXT))
    assert relevant_chunks(chunks, TEXT, nfd, [])[0] == [0, 1]


def test_evidence_found_on_letters_alone():
    # What a PDF or a table makes of a sentence: a line-end hyphen, cell separators, other quotes.
    text = 'Kết luận: "Giao Sở Nông nghiệp kiểm tra đê điều | trước mùa mưa bão" năm 2024.'
    for typed in ("giao Sở Nông nghiệp kiểm tra đê-điều trước mùa mưa bão",
                  "“Giao Sở Nông nghiệp kiểm tra đê điều trước mùa mưa bão”"):
        span = locate(typed, text)
        assert span is not None and text[span[0]:span[1]] == "Giao Sở Nông nghiệp kiểm tra đê điều | trước mùa mưa bão"
    assert locate("kiểm tra đê điều sau mùa mưa bão", text) is None  # other words
    assert locate("Nôngnghiệp", text) is None  # too few letters to match without spaces
    assert locate("kiêm tra đê điều trước mùa mưa bão", text) is None  # tone marks still count


def test_evidence_not_in_the_document_falls_back_to_the_answers():
    chunks = _chunks(TEXT, _sentence_cuts(TEXT))
    assert relevant_chunks(chunks, TEXT, "Ông Minh vắng mặt.", ["11 giờ"]) == ([2], "answer")
    assert relevant_chunks(chunks, TEXT, "Ông Minh vắng mặt.", []) == ([0, 1, 2], "document")


def test_answer_containment_and_fallbacks():
    chunks = _chunks(TEXT, _sentence_cuts(TEXT))
    # Containment after normalize() and lower-casing.
    assert relevant_chunks(chunks, TEXT, None, ["LÊ VĂN MINH"]) == ([0, 1], "answer")
    assert relevant_chunks(chunks, TEXT, None, ["không có", "11 giờ"]) == ([2], "answer")
    # An answer no single chunk holds whole: the chunks overlapping it.
    split = _chunks(TEXT, [(0, 20), (20, len(TEXT))])
    assert relevant_chunks(split, TEXT, None, ["khai mạc lúc 8 giờ"]) == ([0, 1], "answer-span")
    # No evidence and no answers: any chunk of the gold document.
    assert relevant_chunks(chunks, TEXT, None, []) == ([0, 1, 2], "document")
    # Answers that are not in the document at all (a paraphrase): also the whole document.
    assert relevant_chunks(chunks, TEXT, None, ["mười hai tỷ"]) == ([0, 1, 2], "document-fallback")


# ---------------------------------------------------------------- end to end

def _squad(path: Path) -> Path:
    data = []
    for title, context in PARAGRAPHS.items():
        qas = [{"id": qid, "question": q, "answers": [{"text": a, "answer_start": context.index(a)}]}
               for t, qid, q, a in SQUAD_QUESTIONS if t == title]
        if title == "Chùa Một Cột":
            qas.append({"id": "q7", "question": "Chùa Một Cột có bao nhiêu gian thờ?", "answers": [],
                        "plausible_answers": [{"text": "một cột", "answer_start": 0}], "is_impossible": True})
        data.append({"title": title, "paragraphs": [{"context": context, "qas": qas}]})
    path.write_text(json.dumps({"version": "v2.0", "data": data}, ensure_ascii=False), encoding="utf-8")
    return path


def _check_result(result: dict) -> None:
    assert KEYS <= set(result)
    for key in ("recall@1", "recall@5", "recall@10", "recall@20", "mrr@10", "ndcg@10"):
        assert 0.0 <= result[key] <= 1.0
    assert result["recall@1"] <= result["recall@5"] <= result["recall@10"] <= result["recall@20"]
    assert result["mrr@10"] >= result["recall@1"]
    assert 0 < result["latency_ms_p50"] <= result["latency_ms_p95"]
    text = format_table(result)
    assert "recall@10" in text and result["mode"] in text


def test_squad_end_to_end(tmp_path: Path, embedder, capfd):
    dataset = _squad(tmp_path / "mini.json")
    settings = Settings(data=tmp_path / "data", index=tmp_path / "user-index")
    out = tmp_path / "out.jsonl"
    result = run_eval(dataset, settings, "dense", 3, out=out, progress=False, embedder=embedder)
    err = capfd.readouterr().err
    # The index build shows its bar on stderr (as `qa index` does); the question bar is off.
    assert "Embedding" in err and "Evaluating" not in err
    _check_result(result)
    assert result["questions"] == 7 and result["answerable"] == 6 and result["unanswerable"] == 1
    assert result["documents"] == 4 and result["chunks"] >= 4
    assert result["embedded_chunks"] == result["chunks"]
    assert not settings.index.exists()  # the user's index is never touched
    assert Path(result["index"]).is_relative_to(tmp_path / "data" / "eval")

    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(records) == {f"q{i}" for i in range(1, 8)}
    assert all(len(r["passages"]) == 3 for r in records.values())  # the top k
    assert records["q7"]["doc"] is None and records["q7"]["rank"] is None
    # Unambiguous questions: the gold paragraph comes first.
    for qid in ("q5", "q6"):
        assert records[qid]["rank"] == 1
        assert records[qid]["passages"][0]["doc"] == records[qid]["doc"]
    assert records["q6"]["passages"][0]["text"].startswith("Cầu Rồng")

    # Answers are what a user of that index gets from Assistant.ask.
    assistant = Assistant(settings.replace(index=Path(result["index"]), mode="dense"), embedder=embedder)
    for record in records.values():
        answer = assistant.ask(record["question"], k=max(3, settings.k))
        assert (record["answer"], record["answered"]) == (answer.text, answer.answered)

    again = run_eval(dataset, settings, "dense", 3, progress=False, embedder=embedder, index_progress=False)
    assert again["embedded_chunks"] == 0 and "Embedding" not in capfd.readouterr().err
    assert again["index"] == result["index"]
    assert {k: again[k] for k in ("recall@1", "mrr@10", "ndcg@10")} == \
        {k: result[k] for k in ("recall@1", "mrr@10", "ndcg@10")}


def test_squad_article_title_is_searched_with_its_paragraphs(tmp_path: Path, embedder):
    # The second paragraph never names the bridge: only its article's title does. The other
    # article shares every other word of the question, and holds text that looks like markup.
    data = {"version": "v1.1", "data": [
        {"title": "Cầu Rồng", "paragraphs": [
            {"context": "Cầu Rồng bắc qua sông Hàn ở thành phố Đà Nẵng.", "qas": []},
            {"context": "Cây cầu dài 666 mét, rộng 37,5 mét, có sáu làn xe.",
             "qas": [{"id": "t1", "question": "Cầu Rồng dài bao nhiêu mét?",
                      "answers": [{"text": "666 mét", "answer_start": 11}]}]}]},
        {"title": "Giao thông Đà Nẵng", "paragraphs": [
            {"context": "Cầu Trần Thị Lý dài 730 mét; xe tải trọng <30 tấn & xe khách được đi qua.",
             "qas": [{"id": "t2", "question": "Xe tải trọng bao nhiêu được đi qua cầu Trần Thị Lý?",
                      "answers": [{"text": "<30 tấn", "answer_start": 48}]}]}]}]}
    dataset = tmp_path / "titled.json"
    dataset.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_eval(dataset, Settings(data=tmp_path / "data"), "bm25", 3, out=out, progress=False,
                      embedder=embedder)
    assert result["documents"] == 3 and result["answerable"] == 2
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert records["t1"]["rank"] == 1
    assert records["t1"]["passages"][0]["text"].startswith("Cây cầu")  # the title is not in the text
    assert records["t2"]["rank"] == 1  # found by its answer "<30 tấn", read back unescaped
    assert "<30 tấn & xe" in records["t2"]["passages"][0]["text"]


def _folder_dataset(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "2024").mkdir(parents=True)
    # Long enough for several chunks: the evidence is in the last one only.
    agenda = " ".join(f"Mục {i} của chương trình là báo cáo tình hình sản xuất nông nghiệp vụ mùa "
                      f"tại xã thứ {i} trong huyện." for i in range(1, 25))
    (docs / "bao-lu.txt").write_text(f"Họp phòng chống bão\n{agenda}\n{PARAGRAPHS['Phòng chống bão lũ']}",
                                     encoding="utf-8")
    (docs / "2024" / "tuyen-sinh.txt").write_text("Tuyển sinh 2024\n" + PARAGRAPHS["Tuyển sinh đại học"], encoding="utf-8")
    (docs / "chua.md").write_text("# Chùa Một Cột\n\n" + PARAGRAPHS["Chùa Một Cột"], encoding="utf-8")
    extra = tmp_path / "extra" / "news"
    extra.mkdir(parents=True)
    (extra / "a.txt").write_text("Cầu Rồng\n" + PARAGRAPHS["Cầu Rồng"], encoding="utf-8")
    (extra / "b.txt").write_text("Thời tiết\nHà Nội hôm nay trời nắng, nhiệt độ cao nhất 35 độ.", encoding="utf-8")
    (extra / "c.txt").write_text("Thể thao\nĐội tuyển bóng đá thắng 2-0 trong trận giao hữu.", encoding="utf-8")
    dataset = tmp_path / "set"
    dataset.mkdir()
    (dataset / "corpus").symlink_to(docs, target_is_directory=True)
    (dataset / "distractors.json").write_text(json.dumps(
        {"paths": ["../extra/news", "../missing"], "glob": "*.txt", "limit": 2}), encoding="utf-8")
    questions = [
        {"id": "e1", "question": "Phó Chủ tịch tỉnh yêu cầu sơ tán bao nhiêu hộ dân?", "doc": "bao-lu.txt",
         "answers": ["4.200 hộ dân"], "evidence": "yêu cầu sơ tán 4.200 hộ dân ở ven biển", "note": "extra keys ignored"},
        {"id": "e2", "question": "Thời gian đăng ký xét tuyển trực tuyến là khi nào?", "doc": "2024/tuyen-sinh.txt",
         "answers": ["từ ngày 1 tháng 7 đến ngày 30 tháng 7"], "evidence": None},
        {"id": "e3", "question": "Chùa Một Cột bị phá hủy năm nào?", "doc": "chua.md", "answers": [], "evidence": None},
        {"id": "e4", "question": "Giá vé tham quan chùa Một Cột là bao nhiêu?", "doc": None, "answers": [], "evidence": None},
    ]
    (dataset / "questions.jsonl").write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    return dataset


@pytest.mark.slow
def test_folder_end_to_end(tmp_path: Path, embedder, capsys):
    dataset = _folder_dataset(tmp_path)
    settings = Settings(data=tmp_path / "data")
    out = tmp_path / "out.jsonl"
    result = run_eval(dataset, settings, "hybrid", 5, out=out, progress=False, embedder=embedder)
    _check_result(result)
    assert "missing" in capsys.readouterr().err  # the absent distractor folder is a warning
    assert result["questions"] == 4 and result["answerable"] == 3 and result["unanswerable"] == 1
    assert result["documents"] == 5  # 3 of the corpus + the first 2 distractors
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert result["chunks"] > result["documents"]
    top = records["e1"]["passages"][0]
    assert top["doc"] == "bao-lu.txt" and top["start"] > 0 and records["e1"]["rank"] == 1
    assert records["e3"]["passages"][0]["doc"] == "chua.md"
    docs = {p["doc"] for r in records.values() for p in r["passages"]}
    assert {"distractors/a.txt", "distractors/b.txt"} <= docs and "distractors/c.txt" not in docs

    again = run_eval(dataset, settings, "hybrid", 5, progress=False, embedder=embedder)
    assert again["embedded_chunks"] == 0 and again["index"] == result["index"]
    # A changed document gives a new cache key, hence a fresh index of the new content; here
    # the evidence of e1 is no longer in it: a warning naming the line, and e1 is judged by its
    # answer (not in the document either: any chunk of it counts), the run goes on.
    (tmp_path / "docs" / "bao-lu.txt").write_text("Họp\nCuộc họp đã hoãn.", encoding="utf-8")
    capsys.readouterr()
    changed = run_eval(dataset, settings, "dense", 5, progress=False, embedder=embedder)
    warnings = capsys.readouterr().err
    assert "1 questions have an evidence that is not in their document" in warnings
    assert "questions.jsonl:1" in warnings and changed["answerable"] == 3


def test_document_paths_as_datasets_write_them(tmp_path: Path):
    # A file named on a Mac (decomposed tone marks), in a subfolder; the questions name it in
    # composed form, with "corpus/" or "./" in front, or with Windows separators.
    folder = tmp_path / "set"
    name = unicodedata.normalize("NFD", "biên bản họp.txt")
    (folder / "corpus" / "2024").mkdir(parents=True)
    (folder / "corpus" / "2024" / name).write_text("Biên bản\nNội dung cuộc họp.", encoding="utf-8")
    written = ["2024/biên bản họp.txt", "corpus/2024/biên bản họp.txt", "./2024/biên bản họp.txt",
               "2024\\biên bản họp.txt", f"2024/{name}"]
    (folder / "questions.jsonl").write_text("".join(
        json.dumps({"id": i, "question": "Họp gì?", "doc": doc}, ensure_ascii=False) + "\n"
        for i, doc in enumerate(written)), encoding="utf-8")
    data = load_dataset(folder)
    assert [q.doc for q in data.questions] == [f"2024/{name}"] * len(written)  # the file's own id
    (folder / "questions.jsonl").write_text(
        json.dumps({"question": "Họp gì?", "doc": "2023/biên bản họp.txt"}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="is not in"):
        load_dataset(folder)


def test_questions_about_distractors_without_a_corpus(tmp_path: Path):
    # A set over a shared dataset (not copied into the repo): no corpus/, its questions name
    # distractors by their ids.
    news = tmp_path / "news" / "Cluster_200"
    news.mkdir(parents=True)
    (news / "1319.txt").write_text("Hội nghị trưởng đoàn\nTham dự có ông Lê Khánh Hải.", encoding="utf-8")
    (news / "1320.txt").write_text("Tin khác\nTrời nắng.", encoding="utf-8")
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "distractors.json").write_text(json.dumps({"paths": ["../news"], "glob": "Cluster_2??/*.txt"}),
                                             encoding="utf-8")
    question = {"id": "n1", "question": "Ai dự hội nghị trưởng đoàn?", "doc": "distractors/Cluster_200/1319.txt",
                "type": "list", "items": ["ông Lê Khánh Hải"], "evidence": "Tham dự có ông Lê Khánh Hải."}
    (folder / "questions.jsonl").write_text(json.dumps(question, ensure_ascii=False) + "\n", encoding="utf-8")
    data = load_dataset(folder)
    assert [doc for doc, _ in data.documents] == ["distractors/Cluster_200/1319.txt", "distractors/Cluster_200/1320.txt"]
    assert data.questions[0].docs == ["distractors/Cluster_200/1319.txt"] and data.questions[0].answerable
    (folder / "distractors.json").unlink()
    with pytest.raises(ValueError, match="no corpus/ folder and no distractors.json"):
        load_dataset(folder)


# ---------------------------------------------------------------- bad input

def test_bad_datasets(tmp_path: Path, embedder):
    settings = Settings(data=tmp_path / "data")

    def run(path: Path, mode: str = "dense", k: int = 5) -> None:
        run_eval(path, settings, mode, k, progress=False, embedder=embedder)

    with pytest.raises(ValueError, match="not found"):
        run(tmp_path / "nope.json")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json"):
        run(tmp_path / "broken.json")
    (tmp_path / "other.json").write_text('{"rows": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="SQuAD"):
        run(tmp_path / "other.json")

    folder = tmp_path / "set"
    (folder / "corpus").mkdir(parents=True)
    (folder / "corpus" / "a.txt").write_text("Tiêu đề\nNội dung cuộc họp.", encoding="utf-8")
    with pytest.raises(ValueError, match="questions.jsonl"):
        run(folder)
    qfile = folder / "questions.jsonl"
    qfile.write_text('{"id": 1, "question": "Ai?", "doc": "a.txt"}\n{"id": 2, "question": \n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"questions\.jsonl:2: not valid JSON"):
        run(folder)
    qfile.write_text('{"id": 1, "question": "Ai?", "doc": "b.txt"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"questions\.jsonl:1: document 'b.txt' is not in"):
        run(folder)
    qfile.write_text('{"id": 1, "question": "Ai?", "doc": "a.txt"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="mode"):
        run(folder, mode="fuzzy")
    (folder / "distractors.json").write_text('{"paths": "x"}', encoding="utf-8")
    with pytest.raises(ValueError, match="distractors.json"):
        run(folder)


def test_only_scores_the_listed_articles_over_the_whole_corpus(tmp_path: Path, embedder):
    dataset = _squad(tmp_path / "mini.json")
    settings = Settings(data=tmp_path / "data", reader=False)
    result = run_eval(dataset, settings, "bm25", 3, progress=False, embedder=embedder, index_progress=False,
                      only={"Chùa Một Cột", "Cầu Rồng"})
    # q5 and q6 are answerable, q7 is not; the other articles' paragraphs are still searched.
    assert (result["questions"], result["answerable"], result["unanswerable"]) == (3, 2, 1)
    assert result["documents"] == len(PARAGRAPHS)
    with pytest.raises(ValueError, match="no question of the articles"):
        run_eval(dataset, settings, "bm25", 3, progress=False, embedder=embedder, index_progress=False,
                 only={"Không có bài này"})


def test_only_file_must_list_titles(tmp_path: Path):
    listed = tmp_path / "held-out.json"
    listed.write_text(json.dumps({"titles": ["Cầu Rồng"]}, ensure_ascii=False), encoding="utf-8")
    assert only_titles(listed) == {"Cầu Rồng"}
    listed.write_text(json.dumps({"titles": "Cầu Rồng"}), encoding="utf-8")
    with pytest.raises(ValueError, match="titles"):
        only_titles(listed)


# ---------------------------------------------------------------- list questions and records

MINUTES = "bien-ban-hop-so-noi-vu-thanh-hoa-vi-tri-viec-lam-tinh-gian-bien-che-2024.docx"
MEMBERS = ["đồng chí Hoàng Minh Đức, Phó Giám đốc Sở Nội vụ",
           "đồng chí Nguyễn Thị Lan Anh, Trưởng phòng Tổ chức, biên chế và tổ chức phi chính phủ, Sở Nội vụ",
           "đồng chí Phạm Văn Tiến, Trưởng phòng Công chức, viên chức, Sở Nội vụ",
           "đồng chí Đỗ Thanh Bình, Chánh Thanh tra Sở Nội vụ", "đồng chí Vũ Thị Ngọc, Phó Giám đốc Sở Tài chính",
           "đồng chí Lò Văn Sơn, Phó Trưởng phòng Tổ chức cán bộ, Ban Tổ chức Tỉnh ủy",
           "đồng chí Cầm Thị Hoa, Phó Giám đốc Sở Y tế",
           "đại diện lãnh đạo bộ phận tổ chức cán bộ của 19 sở, ban, ngành"]


def _list_folder(tmp_path: Path) -> Path:
    """The shipped minutes with a single question, two list questions (one that no document
    answers) and a hand-labelled record."""
    folder = tmp_path / "lists"
    (folder / "corpus").mkdir(parents=True)
    (folder / "corpus" / MINUTES).write_bytes((Path(__file__).parent.parent / "corpus" / MINUTES).read_bytes())
    questions = [
        {"id": "s1", "question": "Ai là thư ký cuộc họp của Sở Nội vụ Thanh Hóa?", "doc": MINUTES,
         "answers": ["Trịnh Thị Mai Hương"], "evidence": "Thư ký: đồng chí Trịnh Thị Mai Hương"},
        {"id": "l1", "question": "Những ai là thành viên tham dự cuộc họp của Sở Nội vụ Thanh Hóa?",
         "doc": [MINUTES], "type": "list", "items": MEMBERS, "evidence": "Thành viên tham dự:"},
        {"id": "l2", "question": "Những ai được khen thưởng tại hội nghị thi đua ngành giáo dục Cần Thơ?",
         "doc": None, "type": "list", "items": [], "evidence": None},
    ]
    (folder / "questions.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions),
                                            encoding="utf-8")
    record = {"doc": f"corpus/{MINUTES}", "kind": "minutes", "date": "2024-03-14",
              "chair": ["đồng chí Lê Văn Quang, Giám đốc Sở Nội vụ"], "signer": None,
              "tasks": [{"task": "Báo cáo phương án bổ sung 312 nhân lực y tế cơ sở", "assignee": "Sở Y tế",
                         "deadline": "Trước 15/4/2024"}]}
    (folder / "records.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def test_list_questions_and_records_are_loaded(tmp_path: Path):
    data = load_dataset(_list_folder(tmp_path))
    single, listed, unanswerable = data.questions
    assert single.items is None and single.answerable
    assert listed.items == MEMBERS and listed.docs == [MINUTES] and listed.doc == MINUTES
    assert unanswerable.items == [] and not unanswerable.answerable and unanswerable.docs == []
    assert data.records is not None and [r["doc"] for r in data.records] == [MINUTES]  # the file's own id


@pytest.mark.parametrize("line, error", [
    ({"question": "Những ai dự họp?", "doc": MINUTES, "type": "list"}, "needs \"items\""),
    ({"question": "Những ai dự họp?", "doc": None, "type": "list", "items": ["Sở Y tế"]}, "none when"),
    ({"question": "Những ai dự họp?", "doc": MINUTES, "type": "list", "items": ["Sở Y tế", 3]}, "needs \"items\""),
    ({"question": "Những ai dự họp?", "doc": [MINUTES, "khac.pdf"], "type": "list", "items": ["Sở Y tế"]},
     "'khac.pdf' is not in"),
])
def test_bad_list_questions(tmp_path: Path, line: dict, error: str):
    folder = _list_folder(tmp_path)
    (folder / "questions.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"questions\.jsonl:1: .*{error}"):
        load_dataset(folder)


@pytest.mark.parametrize("record, error", [
    ({"doc": MINUTES, "chairman": "Lê Văn Quang"}, "unknown record keys chairman"),
    ({"doc": MINUTES, "chair": "Lê Văn Quang"}, "\"chair\" must be a list of strings"),
    ({"doc": MINUTES, "tasks": [{"assignee": "Sở Y tế"}]}, "\"tasks\" must be a list of objects with a \"task\""),
    ({"doc": MINUTES, "place": ["Hà Nội"]}, "\"place\" must be a string or null"),
    ({"doc": "khac.pdf", "place": "Hà Nội"}, "'khac.pdf' is not in"),
])
def test_bad_records(tmp_path: Path, record: dict, error: str):
    folder = _list_folder(tmp_path)
    (folder / "records.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"records\.jsonl:1: .*{error}"):
        load_dataset(folder)


@pytest.mark.slow
def test_list_questions_end_to_end(tmp_path: Path, embedder):
    out = tmp_path / "out.jsonl"
    result = run_eval(_list_folder(tmp_path), Settings(data=tmp_path / "data"), "hybrid", 5, out=out,
                      progress=False, embedder=embedder, index_progress=False)
    # The single-answer figures are the single question's alone.
    assert (result["questions"], result["answerable"], result["unanswerable"], result["list_questions"]) == (3, 1, 0, 2)
    assert result["answer_f1"] > 0.0 and result["refusal_recall"] is None  # no single question unanswerable
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    given = records["l1"]["given"]
    assert all(g["doc"] == MINUTES for g in given)
    assert result["list_item_recall"] >= 0.75  # the members, one a line under "Thành viên tham dự:"
    assert records["l2"]["given"] == [] and not records["l2"]["answered"]
    assert result["list_item_precision"] >= 0.75
    assert 0.0 <= result["record_field_accuracy"] <= 1.0
    assert "list_item_recall" in format_table(result)
