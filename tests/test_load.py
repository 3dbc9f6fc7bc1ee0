import codecs
import unicodedata
from pathlib import Path

import pytest

from docmaker import write_docx, write_pdf
from qa.ingest.load import LoadError, list_corpus, load_document

SENTENCE = "Đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch UBND thành phố, chủ trì cuộc họp về thủy lợi."


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16", b""),  # Python writes the BOM
    ("utf-16-le", b""),  # no BOM
])
def test_text_encodings(tmp_path: Path, encoding: str, prefix: bytes):
    path = tmp_path / "doc.txt"
    path.write_bytes(prefix + f"Tiêu đề\n{SENTENCE}\n".encode(encoding))
    doc = load_document(path, "doc.txt")
    assert doc.title == "Tiêu đề"
    assert SENTENCE in doc.text


def test_windows_1258(tmp_path: Path):
    path = tmp_path / "old.txt"
    path.write_bytes(_cp1258(SENTENCE))
    doc = load_document(path, "old.txt")
    assert unicodedata.normalize("NFC", doc.text) == SENTENCE


def _cp1258(text: str) -> bytes:
    """Encode Vietnamese as Windows-1258 does: precomposed where the code page has the letter,
    base letter plus combining tone mark otherwise."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            head = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in "\u0300\u0301\u0303\u0309\u0323"))
            tone = "".join(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323")
            out += head.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def test_markdown_title_from_heading(tmp_path: Path):
    path = tmp_path / "r.md"
    path.write_text(f"Ghi chú\n\n# Báo cáo sơ kết\n\n- {SENTENCE}\n", encoding="utf-8")
    doc = load_document(path, "r.md")
    assert doc.title == "Báo cáo sơ kết"
    assert SENTENCE in doc.text


def test_html_text_without_scripts(tmp_path: Path):
    path = tmp_path / "p.html"
    path.write_text(f"<html><head><meta charset='utf-8'><title>Thông báo</title>"
                    f"<script>var x = 'bí mật';</script></head>"
                    f"<body><h1>Tin</h1><p>{SENTENCE}</p><ul><li>Một</li><li>Hai</li></ul></body></html>",
                    encoding="utf-8")
    doc = load_document(path, "p.html")
    assert doc.title == "Thông báo"
    assert SENTENCE in doc.text
    assert "bí mật" not in doc.text
    assert "Một\nHai" in doc.text


def test_docx_paragraphs_and_tables(tmp_path: Path):
    path = write_docx(tmp_path / "bb.docx", "Biên bản họp", [SENTENCE, "Cuộc họp kết thúc lúc 11 giờ."],
                      table=[["STT", "Nội dung", "Thời hạn"], ["1", "Báo cáo kết quả", "30/6/2024"]])
    doc = load_document(path, "bb.docx")
    assert doc.title == "Biên bản họp"
    assert SENTENCE in doc.text
    assert "1 | Báo cáo kết quả | 30/6/2024" in doc.text
    assert doc.text.index(SENTENCE) < doc.text.index("Báo cáo kết quả")


def test_pdf_pages(tmp_path: Path):
    pages = ["Trang một. " + SENTENCE, "Trang hai: kết luận của Chủ tịch.", "Trang ba: phân công nhiệm vụ."]
    path = write_pdf(tmp_path / "tb.pdf", pages, title="Thông báo kết luận")
    doc = load_document(path, "tb.pdf")
    assert doc.title == "Thông báo kết luận"
    assert len(doc.page_starts) == 3
    assert unicodedata.normalize("NFC", SENTENCE) in unicodedata.normalize("NFC", doc.text)
    assert doc.page_at(doc.text.index("Trang hai")) == 2
    assert doc.page_at(doc.text.index("Trang ba")) == 3
    assert doc.page_at(0) == 1


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "DOCX"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "PDF"),
    ("image.png", b"\x89PNG\r\n\x1a\n", "unsupported"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
])
def test_unreadable_files_raise_with_reason(tmp_path: Path, name: str, data: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load_document(path, name)


def test_size_limit(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("Hội nghị. " * 2000, encoding="utf-8")
    with pytest.raises(LoadError, match="limit"):
        load_document(path, "big.txt", max_bytes=1000)


def test_list_corpus_skips_hidden_files(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    assert [doc_id for doc_id, _ in list_corpus(tmp_path)] == ["sub/a.txt"]
