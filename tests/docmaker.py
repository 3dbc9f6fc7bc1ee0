"""Real documents for tests, written by the libraries people use to make them."""
from __future__ import annotations

from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def write_docx(path: Path, title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def write_pdf(path: Path, pages: list[str], title: str = "") -> Path:
    """A PDF with one page per string (Vietnamese text needs a Unicode TTF)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def write_meeting_minutes_and_notice(corpus: Path) -> None:
    """Two short real documents the index tests share: minutes (.docx) and a notice (.pdf)."""
    write_docx(corpus / "bien-ban.docx", "Biên bản họp Sở Nội vụ", [
        "Thời gian: 8 giờ 30 phút, ngày 14 tháng 3 năm 2024, tại phòng họp số 2.",
        "Chủ trì: đồng chí Trần Văn Bình, Giám đốc Sở Nội vụ.",
        "Cuộc họp thống nhất giao Phòng Công chức hoàn thành đề án vị trí việc làm trước ngày 30/6/2024.",
    ])
    write_pdf(corpus / "thong-bao.pdf", [
        "Thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp về phòng chống lụt bão.",
        "Giao Sở Nông nghiệp kiểm tra toàn bộ hệ thống đê điều trước mùa mưa bão năm 2024.",
    ], title="Thông báo kết luận về phòng chống lụt bão")
