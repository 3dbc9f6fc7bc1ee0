import unicodedata
from pathlib import Path

from qa.ingest.chunk import chunk_document, is_navigation, split_sentences
from qa.ingest.load import Document, load_document
from qa.ingest.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "corpus").glob("hoi-nghi-giao-ban-*.txt"))


def test_sentences_respect_abbreviations_and_numbering():
    text = ("1. Giao UBND TP. Hà Nội chủ trì. Ông Nguyễn V. An báo cáo kết quả 6 tháng đầu năm 2023! "
            "Hạn chót là 30.6.2024 theo Kết luận 35-KL/TW.\nII. Tổ chức thực hiện")
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == [
        "1. Giao UBND TP. Hà Nội chủ trì.",
        "Ông Nguyễn V. An báo cáo kết quả 6 tháng đầu năm 2023!",
        "Hạn chót là 30.6.2024 theo Kết luận 35-KL/TW.",
        "II. Tổ chức thực hiện",
    ]


def test_chunks_of_the_client_document():
    doc = load_document(SEED, SEED.name)
    chunks = chunk_document(doc)
    assert len(chunks) > 5
    sentences = {normalize(doc.text)[a:b] for a, b in split_sentences(normalize(doc.text))}
    for chunk in chunks:
        # Offsets map back to the original text.
        assert doc.text[chunk.start:chunk.end] == chunk.text
        assert chunk.doc == SEED.name and chunk.title == doc.title and chunk.page is None
        assert len(chunk.text.split()) <= 250 or len(split_sentences(normalize(chunk.text))) == 1
        # Never cut inside a sentence: every sentence of the chunk is a sentence of the document.
        norm = normalize(chunk.text)
        assert all(norm[a:b] in sentences for a, b in split_sentences(norm))
    # Consecutive chunks share the previous chunk's last sentence unless it is long, and every
    # chunk brings new text.
    for prev, nxt in zip(chunks, chunks[1:]):
        norm = normalize(prev.text)
        a, b = split_sentences(norm)[-1]
        assert (nxt.start < prev.end) == (len(norm[a:b].split()) <= 62)
        assert nxt.end > prev.end
    # Every word of the article is in a chunk (the page's navigation lines are not article).
    covered = " ".join(doc.text[c.start:c.end] for c in chunks)
    article = "\n".join(line for line in normalize(doc.text).splitlines() if not is_navigation(line))
    assert set(article.split()) <= set(normalize(covered).split())


def test_chunk_sizes_are_in_range_for_long_text():
    sentence = "Hội nghị đã thảo luận và thống nhất các giải pháp trọng tâm cho thời gian tới."
    doc = Document(path="x.txt", title="x", text=" ".join([sentence] * 120))
    chunks = chunk_document(doc)
    words = [len(c.text.split()) for c in chunks]
    assert all(100 <= w <= 250 for w in words[:-1]), words


def test_offsets_survive_nfd_text():
    nfc = "Tiêu đề.\n\nĐồng chí Mai Văn Chính phát biểu kết luận. Hội nghị thống nhất 16 ý kiến."
    doc = Document(path="d.txt", title="Tiêu đề", text=unicodedata.normalize("NFD", nfc))
    for chunk in chunk_document(doc):
        assert doc.text[chunk.start:chunk.end] == chunk.text
        assert unicodedata.normalize("NFC", chunk.text).endswith("16 ý kiến.")


def test_pdf_chunks_carry_pages():
    pages = ["Trang một có nội dung mở đầu. " * 30, "Trang hai có phần kết luận. " * 30]
    text = "\n\n".join(pages)
    doc = Document(path="p.pdf", title="p", text=text, page_starts=[0, len(pages[0]) + 2])
    chunks = chunk_document(doc)
    assert chunks[0].page == 1 and chunks[-1].page == 2
    for c in chunks:
        assert ("Trang hai" in c.text.split(".")[0]) == (c.page == 2)


def test_navigation_lines_of_a_saved_page_are_not_chunked():
    doc = load_document(SEED, SEED.name)
    tail = doc.text.rstrip().splitlines()[-7:]
    assert {"Phản hồi", "Các tin khác", "Mới nhất", "Xem nhiều nhất"} <= {line.strip() for line in tail}
    chunks = chunk_document(doc)
    last = chunks[-1].text
    assert "Xem nhiều nhất" not in last and "Các tin khác" not in last and "Phản hồi" not in last
    # The article's own last sentence is still there.
    assert last.endswith("Đại hội XIV của Đảng.")


def test_navigation_words_inside_a_sentence_or_a_line_of_text_stay():
    text = ("Hội nghị nhận được nhiều ý kiến phản hồi từ cơ sở. " * 20 + "\nPhản hồi: các ban đã "
            "tiếp thu toàn bộ ý kiến.\nXem nhiều nhất:\nTin liên quan\n")
    chunks = chunk_document(Document(path="a.txt", title="A", text=text))
    joined = " ".join(c.text for c in chunks)
    assert "ý kiến phản hồi từ cơ sở" in joined and "Phản hồi: các ban đã tiếp thu" in joined
    assert "Xem nhiều nhất" not in joined and "Tin liên quan" not in joined
