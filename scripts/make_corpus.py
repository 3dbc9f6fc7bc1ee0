"""Write the team-authored Vietnamese meeting documents shipped in ``corpus/``.

Why this exists: the client gave us a single document (a plain-text news report of a
Ban Tổ chức Trung ương conference, kept in ``corpus/`` as delivered). One document cannot
show that the assistant reads every supported format, that retrieval tells similar
documents apart, or that questions spanning several meetings have real answers. This script
writes thirteen more documents of our own, in the forms staff handle, each made by the
library people really use to make its format:

* BIÊN BẢN HỌP (minutes) as .docx, written with python-docx (letterhead table, headings,
  paragraphs, a task table "TT | Nội dung công việc | Đơn vị chủ trì | ... | Thời hạn",
  signature table): Sở Nội vụ Thanh Hóa (14/3/2024) and a Cầu Giấy working group on job
  positions (7/3/2024);
* THÔNG BÁO KẾT LUẬN (concluding notices) with numbered tasks and deadlines: UBND Hà Nội as a
  PDF and UBND tỉnh Hà Tĩnh as a .docx;
* PDFs written with fpdf2 and the DejaVu Sans TTF so Vietnamese letters have a text layer
  pypdf can extract: the Hà Nội notice, a four-page BÁO CÁO of Sở Nội vụ Hà Tĩnh (with a
  table) and a TỜ TRÌNH;
* GIẤY MỜI (invitations) as .txt in Windows-1258, the legacy Vietnamese code page, with tone
  marks stored as combining characters the way cp1258 requires: Quận ủy Cầu Giấy and Sở Nội
  vụ Hà Tĩnh (with a "Thành phần" list);
* Markdown: the Bình Định six-month report and a Cầu Giấy inspection plan (KẾ HOẠCH);
* UTF-8 .txt: the minutes of a Cầu Giấy inspection team (2023);
* news-style reports of conferences as UTF-8 HTML pages: Đà Nẵng and Hà Tĩnh.

All the documents are about Party/State organisational work (cadres, job positions,
staff cuts, inspections) so that they overlap in topic with the client's document and with
each other. People and bodies recur on purpose so that questions across documents have
real answers: đồng chí Nguyễn Hữu Thắng chairs three Cầu Giấy meetings (under a different
title in each), Sở Nội vụ tỉnh Hà Tĩnh is given tasks with different deadlines in several
documents, three meetings in March 2024 are about job positions and staff cuts, and seven
documents name who "phát biểu kết luận" (six different people). Each meeting still has its
own wording, chair, dates, counts and deadlines, so that every question of
``eval/meeting/questions.jsonl`` that expects one answer has one answering document. The
people, numbers and places are invented.

The script never touches the client's document. It is idempotent: every run writes the
same bytes (fixed document dates, fixed ZIP timestamps in the .docx, fixed PDF creation
date), so ``git status`` stays clean after a re-run.

Run from the repository root::

    . .venv/bin/activate          # needs python-docx and fpdf2 (the ``test`` extra)
    python scripts/make_corpus.py [--out corpus]
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

FONT_REGULAR = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# Fixed timestamps so that every run produces identical bytes.
DOCX_DATE = dt.datetime(2024, 3, 14, 11, 30, tzinfo=dt.timezone.utc)
PDF_DATE = dt.datetime(2024, 4, 22, 9, 0, tzinfo=dt.timezone.utc)
ZIP_DATE = (2024, 3, 14, 11, 30, 0)

DOCX_NAME = "bien-ban-hop-so-noi-vu-thanh-hoa-vi-tri-viec-lam-tinh-gian-bien-che-2024.docx"
PDF_NAME = "thong-bao-ket-luan-ubnd-ha-noi-sap-xep-don-vi-hanh-chinh-cap-xa-2024.pdf"
MD_NAME = "bao-cao-so-ket-to-chuc-xay-dung-dang-6-thang-dau-2024-dang-uy-khoi-binh-dinh.md"
HTML_NAME = "thong-bao-hoi-nghi-tap-huan-bao-ve-chinh-tri-noi-bo-da-nang-2024.html"
CP1258_NAME = "giay-moi-hop-giao-ban-to-chuc-xay-dung-dang-quan-uy-cau-giay-cp1258.txt"


def nfc(text: str) -> str:
    """The text in Unicode NFC; every string this script writes goes through here."""
    return unicodedata.normalize("NFC", text)


# ============================================================ a. BIÊN BẢN HỌP (.docx)

MINUTES_TITLE = ("Biên bản họp về việc rà soát, hoàn thiện đề án vị trí việc làm và kế hoạch "
                 "tinh giản biên chế năm 2024 - Sở Nội vụ tỉnh Thanh Hóa")

MINUTES_HEADER_LEFT = ["UBND TỈNH THANH HÓA", "SỞ NỘI VỤ", "Số: 27/BB-SNV"]
MINUTES_HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                        "Thanh Hóa, ngày 14 tháng 3 năm 2024"]

# (kind, text): kind is "h" for a heading, "p" for a paragraph, "b" for a bullet.
MINUTES_BODY: list[tuple[str, str]] = [
    ("h", "I. THỜI GIAN, ĐỊA ĐIỂM"),
    ("p", "Thời gian: bắt đầu lúc 8 giờ 30 phút, ngày 14 tháng 3 năm 2024 (thứ Năm)."),
    ("p", "Địa điểm: Phòng họp tầng 3, trụ sở Sở Nội vụ tỉnh Thanh Hóa, số 23 đường Hạc Thành, "
          "phường Tân Sơn, thành phố Thanh Hóa."),
    ("h", "II. THÀNH PHẦN"),
    ("p", "1. Chủ trì: đồng chí Lê Văn Quang, Giám đốc Sở Nội vụ."),
    ("p", "2. Thư ký: đồng chí Trịnh Thị Mai Hương, Chuyên viên Văn phòng Sở Nội vụ."),
    ("p", "3. Thành viên tham dự:"),
    ("b", "đồng chí Hoàng Minh Đức, Phó Giám đốc Sở Nội vụ;"),
    ("b", "đồng chí Nguyễn Thị Lan Anh, Trưởng phòng Tổ chức, biên chế và tổ chức phi chính phủ, "
          "Sở Nội vụ;"),
    ("b", "đồng chí Phạm Văn Tiến, Trưởng phòng Công chức, viên chức, Sở Nội vụ;"),
    ("b", "đồng chí Đỗ Thanh Bình, Chánh Thanh tra Sở Nội vụ;"),
    ("b", "đồng chí Vũ Thị Ngọc, Phó Giám đốc Sở Tài chính;"),
    ("b", "đồng chí Lò Văn Sơn, Phó Trưởng phòng Tổ chức cán bộ, Ban Tổ chức Tỉnh ủy;"),
    ("b", "đồng chí Cầm Thị Hoa, Phó Giám đốc Sở Y tế;"),
    ("b", "đại diện lãnh đạo bộ phận tổ chức cán bộ của 19 sở, ban, ngành và Trưởng phòng Nội vụ "
          "của 26 huyện, thị xã, thành phố."),
    ("p", "Tổng số đại biểu có mặt: 61/65 người được triệu tập; vắng 4 người (có lý do)."),
    ("h", "III. NỘI DUNG CUỘC HỌP"),
    ("h2", "1. Báo cáo kết quả thực hiện năm 2023"),
    ("p", "Đồng chí Nguyễn Thị Lan Anh, Trưởng phòng Tổ chức, biên chế và tổ chức phi chính phủ, "
          "trình bày Báo cáo số 112/BC-SNV ngày 5/3/2024 về kết quả năm 2023: đến hết ngày "
          "31/12/2023 có 38/45 cơ quan, đơn vị hành chính cấp tỉnh và cấp huyện đã được phê duyệt "
          "đề án vị trí việc làm, đạt 84,4%; 7 đơn vị còn lại chưa hoàn thành do phải điều chỉnh "
          "theo Thông tư số 12/2022/TT-BNV của Bộ Nội vụ."),
    ("p", "Năm 2023, toàn tỉnh đã tinh giản 1.236 biên chế, trong đó có 318 công chức và 918 viên "
          "chức, giảm 5,2% so với số biên chế được giao năm 2021. Kinh phí chi trả chính sách tinh "
          "giản biên chế năm 2023 là 86,4 tỷ đồng. Năm 2024, dự kiến tinh giản thêm 1.105 biên chế "
          "với kinh phí khoảng 92,7 tỷ đồng."),
    ("p", "Báo cáo cũng chỉ ra hạn chế: mô tả vị trí việc làm ở một số đơn vị còn chung chung; "
          "còn 23 trường hợp bố trí công chức không đúng vị trí việc làm; toàn tỉnh còn thiếu "
          "1.480 giáo viên so với định mức."),
    ("h2", "2. Báo cáo kết quả đánh giá, xếp loại công chức năm 2023"),
    ("p", "Đồng chí Phạm Văn Tiến, Trưởng phòng Công chức, viên chức, báo cáo: trong 4.612 công "
          "chức được đánh giá, 17,3% hoàn thành xuất sắc nhiệm vụ và 0,7% không hoàn thành nhiệm "
          "vụ. Đồng chí đề xuất đánh giá công chức bằng sản phẩm từ quý II năm 2024, nhằm khắc "
          "phục tình trạng đánh giá cảm tính, nể nang."),
    ("h2", "3. Ý kiến thảo luận"),
    ("p", "Tại cuộc họp có 12 ý kiến phát biểu, tập trung vào các nội dung chính sau:"),
    ("b", "Đồng chí Vũ Thị Ngọc, Phó Giám đốc Sở Tài chính, cho biết nguồn ngân sách tỉnh bố trí "
          "cho tinh giản biên chế năm 2024 mới đáp ứng khoảng 80% nhu cầu; đề nghị các đơn vị gửi "
          "dự toán kinh phí về Sở Tài chính trước ngày 31/3/2024 để tổng hợp, trình UBND tỉnh bổ "
          "sung."),
    ("b", "Đồng chí Lò Văn Sơn, Phó Trưởng phòng Tổ chức cán bộ, Ban Tổ chức Tỉnh ủy, đề nghị "
          "vị trí việc làm lãnh đạo, quản lý phải thống nhất với danh mục chức danh, chức "
          "vụ lãnh đạo theo Kết luận số 35-KL/TW của Bộ Chính trị, vì hiện còn 9 chức danh ở cấp "
          "huyện chưa xác định được chức vụ tương đương."),
    ("b", "Đồng chí Cầm Thị Hoa, Phó Giám đốc Sở Y tế, kiến nghị không áp dụng tỷ lệ cắt giảm cơ "
          "học đối với viên chức y tế cơ sở, do ngành y tế đang thiếu 312 nhân lực, nhất là bác sĩ "
          "tại các trạm y tế xã miền núi."),
    ("b", "Ông Mai Xuân Trường, Trưởng phòng Nội vụ huyện Nga Sơn, phản ánh khó khăn trong xây "
          "dựng vị trí việc làm cấp xã và đề xuất Sở Nội vụ tổ chức tập huấn chuyên sâu cho công "
          "chức làm công tác tổ chức cấp huyện."),
    ("b", "Đồng chí Đỗ Thanh Bình, Chánh Thanh tra Sở, cho biết năm 2023 Thanh tra Sở đã kiểm tra "
          "tại 15 cơ quan, đơn vị, phát hiện 4 đơn vị bố "
          "trí công chức không đúng vị trí việc làm."),
    ("h", "IV. KẾT LUẬN CỦA CHỦ TRÌ"),
    ("p", "Phát biểu kết luận cuộc họp, đồng chí Lê Văn Quang, Giám đốc Sở Nội vụ, ghi nhận 12 ý "
          "kiến phát biểu thẳng thắn, trách nhiệm. Đồng chí yêu cầu các đơn vị tập trung thực hiện 3 nhiệm "
          "vụ trọng tâm:"),
    ("p", "Thứ nhất, hoàn thành phê duyệt đề án vị trí việc làm của 7 đơn vị còn lại trước ngày "
          "30/4/2024."),
    ("p", "Thứ hai, thực hiện tinh giản biên chế đúng lộ trình, không cắt giảm cơ học; riêng ngành "
          "y tế và giáo dục, giao Sở Nội vụ phối hợp rà soát, báo cáo UBND tỉnh xem xét vì đây là "
          "hai lĩnh vực đang thiếu nhân lực."),
    ("p", "Thứ ba, đổi mới đánh giá công chức theo kết quả, sản phẩm; thí điểm tại 5 sở từ ngày "
          "1/4/2024."),
    ("p", "Nhiệm vụ cụ thể được giao như sau:"),
]

MINUTES_TASKS: list[tuple[str, str, str, str]] = [
    ("STT", "Nội dung", "Đơn vị thực hiện", "Thời hạn"),
    ("1", "Hoàn thiện, trình phê duyệt đề án vị trí việc làm của 7 đơn vị còn lại",
     "Phòng Tổ chức, biên chế và tổ chức phi chính phủ", "Trước 30/4/2024"),
    ("2", "Tổng hợp dự toán kinh phí tinh giản biên chế năm 2024 (khoảng 92,7 tỷ đồng)",
     "Sở Tài chính; các sở, ngành, UBND cấp huyện", "Trước 31/3/2024"),
    ("3", "Rà soát 9 chức danh tương đương cấp huyện theo Kết luận số 35-KL/TW",
     "Ban Tổ chức Tỉnh ủy; Sở Nội vụ", "Tháng 5/2024"),
    ("4", "Báo cáo phương án bổ sung 312 nhân lực y tế cơ sở", "Sở Y tế", "Trước 15/4/2024"),
    ("5", "Tập huấn xây dựng vị trí việc làm cho công chức làm công tác tổ chức cấp huyện",
     "Phòng Công chức, viên chức", "Quý II/2024"),
    ("6", "Khắc phục 23 trường hợp bố trí công chức không đúng vị trí việc làm",
     "Thanh tra Sở; các đơn vị có liên quan", "Trước 30/6/2024"),
]

MINUTES_CLOSING = [
    "Cuộc họp kết thúc vào lúc 11 giờ 15 phút cùng ngày. Biên bản được lập thành 02 bản, đã đọc "
    "lại cho các thành viên dự họp nghe và nhất trí thông qua.",
]

MINUTES_SIGNATURES = [("THƯ KÝ", "CHỦ TRÌ"), ("(Đã ký)", "(Đã ký)"),
                      ("Trịnh Thị Mai Hương", "Lê Văn Quang")]


def _docx_deterministic(data: bytes) -> bytes:
    """Rewrite the .docx ZIP with fixed member timestamps (python-docx stamps the time now)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


@dataclass(frozen=True)
class DocxSpec:
    """A .docx document: core properties, the two-column letterhead, a centred heading and
    subject line, then blocks (``Block`` kinds: "h", "h2", "p", "b", "blank", "table",
    "sign")."""

    title: str
    author: str
    modified_by: str
    header_left: list[str]
    header_right: list[str]
    heading: str
    subject: str
    blocks: list["Block"]


# A block of a .docx: (kind, text) for text, ("blank", "") for an empty paragraph,
# ("table", rows, widths in cm) for a grid table, ("sign", rows) for the borderless table of
# recipients and signatures.
Block = tuple


def _docx_sign_table(document, rows: list[tuple[str, str]]) -> None:
    """A borderless two-column table: titles and names bold, "(Đã ký)" italic, list lines
    ("- ...") plain."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=len(rows), cols=2)
    for r, pair in enumerate(rows):
        for c, value in enumerate(pair):
            paragraph = table.cell(r, c).paragraphs[0]
            listed = value.startswith("-") or value.endswith(":")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if listed else WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(nfc(value))
            run.bold = not value.startswith("(") and not value.startswith("-")
            run.italic = value.startswith("(")


def _docx_grid_table(document, rows: list[tuple[str, ...]], widths: tuple[float, ...]) -> None:
    from docx.shared import Cm

    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.paragraphs[0].add_run(nfc(value))
            run.bold = r == 0
    for row in table.rows:
        for c, width in enumerate(widths):
            row.cells[c].width = Cm(width)


def write_docx(path: Path, spec: DocxSpec) -> None:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    props = document.core_properties
    props.title = nfc(spec.title)
    props.author = nfc(spec.author)
    props.last_modified_by = nfc(spec.modified_by)
    props.created = DOCX_DATE.replace(tzinfo=None)
    props.modified = DOCX_DATE.replace(tzinfo=None)
    props.revision = 1
    props.language = "vi-VN"

    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for section in document.sections:
        section.left_margin, section.right_margin = Cm(3), Cm(2)

    # Header block: agency and number on the left, national motto and date on the right.
    header = document.add_table(rows=len(spec.header_left), cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (left, right) in enumerate(zip(spec.header_left, spec.header_right)):
        for col, value in enumerate((left, right)):
            paragraph = header.cell(row, col).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(nfc(value))
            run.bold = row < 2
            run.italic = row == 2 and col == 1

    document.add_paragraph()
    title = document.add_heading(nfc(spec.heading), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(nfc(spec.subject)).bold = True

    for kind, *payload in spec.blocks:
        if kind == "table":
            _docx_grid_table(document, *payload)
        elif kind == "sign":
            _docx_sign_table(document, *payload)
        elif kind == "blank":
            document.add_paragraph()
        elif kind in ("h", "h2"):
            document.add_heading(nfc(payload[0]), level=1 if kind == "h" else 2)
        elif kind == "b":
            document.add_paragraph(nfc(payload[0]), style="List Bullet")
        else:
            document.add_paragraph(nfc(payload[0])).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_docx_deterministic(buffer.getvalue()))


MINUTES = DocxSpec(
    title=MINUTES_TITLE, author="Sở Nội vụ tỉnh Thanh Hóa", modified_by="Trịnh Thị Mai Hương",
    header_left=MINUTES_HEADER_LEFT, header_right=MINUTES_HEADER_RIGHT, heading="BIÊN BẢN HỌP",
    subject=("Về việc rà soát, hoàn thiện đề án vị trí việc làm và kế hoạch tinh giản biên chế "
             "năm 2024"),
    blocks=[*MINUTES_BODY, ("table", MINUTES_TASKS, (1.2, 7.0, 5.0, 2.8)), ("blank", ""),
            *[("p", text) for text in MINUTES_CLOSING], ("sign", MINUTES_SIGNATURES)])


# ============================================================ b. THÔNG BÁO KẾT LUẬN (.pdf)

NOTICE_TITLE = ("Thông báo kết luận của Phó Chủ tịch UBND Thành phố Nguyễn Thị Thu Hà tại cuộc "
                "họp về tiến độ sắp xếp đơn vị hành chính cấp xã giai đoạn 2023 - 2025")

NOTICE_HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "Số: 125/TB-UBND"]
NOTICE_HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                       "Hà Nội, ngày 22 tháng 4 năm 2024"]

NOTICE_HEADING = ["THÔNG BÁO",
                  "Kết luận của đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch UBND Thành phố tại cuộc "
                  "họp về tiến độ sắp xếp đơn vị hành chính cấp xã giai đoạn 2023 - 2025 trên địa "
                  "bàn thành phố Hà Nội"]

NOTICE_INTRO = [
    "Sáng ngày 12/4/2024, tại trụ sở UBND Thành phố (số 79 Đinh Tiên Hoàng, quận Hoàn Kiếm), "
    "đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch UBND Thành phố đã chủ trì cuộc họp nghe báo cáo "
    "tiến độ xây dựng Đề án sắp xếp đơn vị hành chính cấp xã giai đoạn 2023 - 2025 của Thành phố.",
    "Tham dự cuộc họp có: đồng chí Đặng Quốc Toản, Giám đốc Sở Nội vụ; đồng chí Trịnh Văn Long, "
    "Phó Giám đốc Sở Tài chính; đồng chí Bùi Thị Hải Yến, Phó Giám đốc Sở Tài nguyên và Môi "
    "trường; đồng chí Hà Minh Tuấn, Phó Giám đốc Sở Xây dựng; đại diện lãnh đạo Công an Thành "
    "phố, Sở Thông tin và Truyền thông, Văn phòng UBND Thành phố; Chủ tịch UBND của 9 quận, "
    "huyện, thị xã có đơn vị hành chính cấp xã thuộc diện sắp xếp.",
    "Sau khi nghe đồng chí Đặng Quốc Toản, Giám đốc Sở Nội vụ báo cáo tiến độ thực hiện và ý kiến "
    "phát biểu của 18 đại biểu dự họp, Phó Chủ tịch UBND Thành phố Nguyễn Thị Thu Hà kết luận như "
    "sau:",
]

NOTICE_CONCLUSIONS: list[tuple[str, str]] = [
    ("Đánh giá chung",
     "Ghi nhận Sở Nội vụ đã chủ động tham mưu, phối hợp với UBND các quận, huyện, thị xã triển "
     "khai các bước xây dựng Đề án đúng quy trình. Theo báo cáo, trên địa bàn Thành phố có 40 đơn "
     "vị hành chính cấp xã thuộc diện phải sắp xếp do chưa đạt đồng thời hai tiêu chuẩn về diện "
     "tích tự nhiên và quy mô dân số, thuộc 9 quận, huyện, thị xã; sau sắp xếp dự kiến giảm 19 đơn "
     "vị hành chính cấp xã. Việc lấy ý kiến cử tri được tổ chức từ ngày 2/4 đến ngày 7/4/2024, "
     "với tỷ lệ cử tri đồng ý đạt 98,6%. Tuy nhiên, tiến độ ở một số địa phương còn chậm: 4 huyện "
     "chưa hoàn thành phương án bố trí cán bộ dôi dư; còn 37 trụ sở dôi dư chưa có phương án sử "
     "dụng."),
    ("Giao Sở Nội vụ",
     "Chủ trì, tiếp thu đầy đủ ý kiến của các đại biểu, hoàn thiện hồ sơ Đề án tổng thể sắp xếp "
     "đơn vị hành chính cấp xã giai đoạn 2023 - 2025, báo cáo Ban cán sự đảng UBND Thành phố trước "
     "ngày 26/4/2024 để trình Ban Thường vụ Thành ủy cho ý kiến; chuẩn bị hồ sơ trình HĐND Thành "
     "phố tại kỳ họp chuyên đề dự kiến tổ chức trong tháng 5 năm 2024; gửi hồ sơ đến Bộ Nội vụ "
     "thẩm định trước ngày 31/5/2024."),
    ("Giao UBND các quận, huyện, thị xã có đơn vị hành chính thuộc diện sắp xếp",
     "Xây dựng phương án bố trí, sắp xếp 1.126 cán bộ, công chức và người hoạt động không chuyên "
     "trách cấp xã dôi dư, hoàn thành trước ngày 15-5-2024. Lộ trình giải quyết số dôi dư thực "
     "hiện trong thời hạn tối đa 5 năm kể từ ngày nghị quyết của Ủy ban Thường vụ Quốc hội có hiệu "
     "lực, nhằm bảo đảm quyền lợi chính đáng của cán bộ, không để phát sinh khiếu nại, khiếu kiện."),
    ("Giao Sở Tài chính",
     "Cân đối, tham mưu bố trí kinh phí thực hiện sắp xếp khoảng 145 tỷ đồng, gồm kinh phí thực "
     "hiện chính sách đối với cán bộ dôi dư, chuyển đổi giấy tờ cho người dân, doanh nghiệp và "
     "sửa chữa, cải tạo trụ sở làm việc; báo cáo UBND Thành phố trước ngày 10/5/2024."),
    ("Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở Xây dựng",
     "Rà soát toàn bộ 37 trụ sở dôi dư sau sắp xếp, đề xuất phương án sử dụng theo thứ tự ưu tiên: "
     "cơ sở y tế, giáo dục, văn hóa, thể thao và các công trình công cộng phục vụ nhân dân; hoàn "
     "thành trước ngày 30/6/2024. Không để tài sản công bị bỏ hoang, xuống cấp, gây lãng phí."),
    ("Giao Công an Thành phố",
     "Chỉ đạo Công an các quận, huyện, thị xã cập nhật thông tin đơn vị hành chính mới vào Cơ sở "
     "dữ liệu quốc gia về dân cư; hỗ trợ người dân, doanh nghiệp điều chỉnh giấy tờ và không thu "
     "phí, lệ phí đối với các thủ tục phát sinh do sắp xếp; hoàn thành trong 30 ngày kể từ ngày "
     "nghị quyết có hiệu lực."),
    ("Giao Sở Thông tin và Truyền thông",
     "Phối hợp với Ban Tuyên giáo Thành ủy, các cơ quan báo chí của Thành phố xây dựng kế hoạch "
     "tuyên truyền về mục đích, ý nghĩa của việc sắp xếp đơn vị hành chính, nhằm tạo sự đồng "
     "thuận trong Nhân dân; ban hành kế hoạch trong tháng 4 năm 2024."),
    ("Về kiến nghị của các địa phương",
     "UBND Thành phố thống nhất kiến nghị Bộ Nội vụ cho phép chưa thực hiện sắp xếp đối với 3 "
     "phường thuộc khu vực phố cổ quận Hoàn Kiếm, vì đây là khu vực có yếu tố đặc thù về lịch sử, "
     "văn hóa và mật độ dân cư cao. Giao Sở Nội vụ hoàn thiện hồ sơ giải trình, gửi Bộ Nội vụ "
     "trước ngày 30/4/2024. Đối với đề xuất của UBND huyện Thanh Oai về việc giữ nguyên tên gọi "
     "của 2 xã sau sắp xếp, giao UBND huyện tổ chức lấy thêm ý kiến Nhân dân và báo cáo kết quả "
     "trước ngày 5/5/2024."),
    ("Giao Văn phòng UBND Thành phố",
     "Theo dõi, đôn đốc các đơn vị thực hiện các nội dung tại Thông báo này. Các sở, ngành, UBND "
     "các quận, huyện, thị xã báo cáo kết quả thực hiện định kỳ trước ngày 25 hằng tháng, gửi Sở "
     "Nội vụ tổng hợp, báo cáo UBND Thành phố."),
]

NOTICE_CLOSING = ("Văn phòng UBND Thành phố thông báo để các sở, ngành, UBND các quận, huyện, thị "
                  "xã biết, thực hiện./.")

NOTICE_RECIPIENTS = [
    "Nơi nhận:",
    "- Đồng chí Chủ tịch UBND Thành phố (để báo cáo);",
    "- Đồng chí Phó Chủ tịch UBND Thành phố Nguyễn Thị Thu Hà;",
    "- Các sở: Nội vụ, Tài chính, Tài nguyên và Môi trường, Xây dựng, Thông tin và Truyền thông;",
    "- Công an Thành phố;",
    "- UBND 9 quận, huyện, thị xã có đơn vị thuộc diện sắp xếp;",
    "- VPUB: Chánh Văn phòng, các Phó Chánh Văn phòng, phòng Nội chính, Tổng hợp;",
    "- Lưu: VT, NC.",
]

NOTICE_SIGNATURE = ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "", "(Đã ký)", "",
                    "Lê Thị Hồng Nhung"]


PDF_SIZE, PDF_LINE = 13, 7.5  # body font size and line height (mm)


def _new_pdf(title: str, author: str, subject: str):
    """An A4 fpdf2 document with the DejaVu fonts, fixed metadata and a "Trang n/N" footer."""
    from fpdf import FPDF

    class PagedPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", size=9)
            self.cell(0, 8, f"Trang {self.page_no()}/{{nb}}", align="C")

    pdf = PagedPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title(nfc(title))
    pdf.set_author(nfc(author))
    pdf.set_subject(nfc(subject))
    pdf.set_lang("vi")
    pdf.set_creator("scripts/make_corpus.py")
    pdf.set_producer("fpdf2")
    pdf.set_creation_date(PDF_DATE)
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    return pdf


def _pdf_letterhead(pdf, left: list[str], right: list[str], heading: list[str]) -> None:
    """Agency and number on the left, national motto and date on the right, then the
    document's name and subject centred."""
    column = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    for col, lines in enumerate((left, right)):
        pdf.set_xy(pdf.l_margin + col * column, top)
        for i, text in enumerate(lines):
            pdf.set_x(pdf.l_margin + col * column)
            pdf.set_font("DejaVu", "B" if i < 2 else "", 11)
            pdf.cell(column, 6.5, nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 9, nfc(heading[0]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", PDF_SIZE)
    pdf.multi_cell(0, PDF_LINE, nfc(heading[1]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)


def _pdf_paragraph(pdf, text: str, bold: bool = False, align: str = "J") -> None:
    pdf.set_font("DejaVu", "B" if bold else "", PDF_SIZE)
    pdf.multi_cell(0, PDF_LINE, nfc(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _pdf_recipients_and_signature(pdf, recipients: list[str], signature: list[str]) -> None:
    """"Nơi nhận" on the left half, the signature block on the right half, on one page."""
    if pdf.get_y() > pdf.h - 95:
        pdf.add_page()
    top = pdf.get_y()
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for i, text in enumerate(recipients):
        pdf.set_x(pdf.l_margin)
        pdf.set_font("DejaVu", "B" if i == 0 else "", 10 if i == 0 else 8.5)
        pdf.multi_cell(half + 5, 5, nfc(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top)
    for text in signature:
        pdf.set_x(pdf.l_margin + half)
        pdf.set_font("DejaVu", "" if text == "(Đã ký)" else "B", 11)
        pdf.cell(half, 6.5, nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")


def write_notice_pdf(path: Path) -> None:
    pdf = _new_pdf(NOTICE_TITLE, "Văn phòng UBND thành phố Hà Nội",
                   "Thông báo kết luận số 125/TB-UBND ngày 22/4/2024")
    _pdf_letterhead(pdf, NOTICE_HEADER_LEFT, NOTICE_HEADER_RIGHT, NOTICE_HEADING)
    for text in NOTICE_INTRO:
        _pdf_paragraph(pdf, text)
        pdf.ln(2)
    for number, (head, text) in enumerate(NOTICE_CONCLUSIONS, start=1):
        _pdf_paragraph(pdf, f"{number}. {head}", bold=True, align="L")
        _pdf_paragraph(pdf, text)
        pdf.ln(2)
    _pdf_paragraph(pdf, NOTICE_CLOSING)
    pdf.ln(6)
    _pdf_recipients_and_signature(pdf, NOTICE_RECIPIENTS, NOTICE_SIGNATURE)
    pdf.output(str(path))


# ============================================================ c. BÁO CÁO SƠ KẾT (.md)

REPORT_MD = """\
# Báo cáo sơ kết công tác tổ chức xây dựng Đảng 6 tháng đầu năm 2024 và phương hướng, nhiệm vụ 6 tháng cuối năm 2024

**ĐẢNG BỘ TỈNH BÌNH ĐỊNH**
**ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH**
Số: 186-BC/ĐUK

**ĐẢNG CỘNG SẢN VIỆT NAM**
*Quy Nhơn, ngày 12 tháng 7 năm 2024*

Thực hiện Chương trình công tác năm 2024 và Hướng dẫn số 15-HD/BTCTU ngày 20/6/2024 của Ban Tổ \
chức Tỉnh ủy, Ban Thường vụ Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh báo cáo sơ kết công tác \
tổ chức xây dựng Đảng 6 tháng đầu năm 2024 như sau.

Báo cáo do đồng chí Huỳnh Văn Tâm, Phó Bí thư Thường trực Đảng ủy Khối trình bày tại Hội nghị sơ \
kết tổ chức sáng 12/7/2024 tại Hội trường Đảng ủy Khối (số 8 đường Lê Lợi, thành phố Quy Nhơn). \
Hội nghị do đồng chí Trương Thị Kim Oanh, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Đảng ủy Khối chủ \
trì, với 146 đại biểu là bí thư, phó bí thư cấp ủy của 86 tổ chức cơ sở đảng trực thuộc.

## I. Đặc điểm tình hình

- Đảng bộ Khối có 86 tổ chức cơ sở đảng (TCCSĐ), gồm 52 đảng bộ cơ sở và 34 chi bộ cơ sở, với \
612 chi bộ trực thuộc và 9.482 đảng viên.
- Trong đó, khối doanh nghiệp có 38 TCCSĐ, chiếm 44,2%; nhiều doanh nghiệp chịu ảnh hưởng của \
khó khăn kinh tế, lao động biến động lớn.
- Năm 2024 là năm chuẩn bị đại hội đảng bộ các cấp nhiệm kỳ 2025 - 2030, tiến tới Đại hội XIV \
của Đảng, nên khối lượng công việc về công tác cán bộ rất lớn.

## II. Kết quả công tác 6 tháng đầu năm 2024

### 1. Công tác xây dựng, chỉnh đốn Đảng

- 86/86 TCCSĐ đã xây dựng kế hoạch thực hiện Kết luận số 21-KL/TW về đẩy mạnh xây dựng, chỉnh \
đốn Đảng và hệ thống chính trị, đạt 100%.
- Tổ chức 4 đoàn kiểm tra việc thực hiện chế độ sinh hoạt chi bộ tại 14 TCCSĐ; kết quả có 2 \
chi bộ sinh hoạt chưa đúng định kỳ, đã yêu cầu khắc phục trước ngày 31/7/2024.

### 2. Xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đảng viên

- Kết nạp 214 đảng viên mới, đạt 53,5% chỉ tiêu năm (400 đảng viên).
- Trao Huy hiệu Đảng cho 327 đảng viên, trong đó 4 đồng chí nhận Huy hiệu 70 năm tuổi Đảng.
- Giải quyết chuyển sinh hoạt đảng cho 158 trường hợp; xóa tên 6 đảng viên và cho ra khỏi Đảng \
2 đảng viên do vi phạm tư cách đảng viên.

### 3. Công tác cán bộ

- Rà soát, bổ sung quy hoạch Ban Chấp hành Đảng bộ Khối nhiệm kỳ 2025 - 2030 với 48 đồng chí; \
quy hoạch Ban Thường vụ 17 đồng chí; tỷ lệ cán bộ nữ trong quy hoạch đạt 31,3%, cán bộ trẻ \
dưới 40 tuổi đạt 18,8%.
- Thẩm định nhân sự để cấp có thẩm quyền bổ nhiệm 23 trường hợp, bổ nhiệm lại 17 trường hợp; \
luân chuyển 5 cán bộ về cơ sở.
- Lấy phiếu tín nhiệm đối với 112 cán bộ lãnh đạo, quản lý; không có trường hợp nào có trên 50% \
phiếu tín nhiệm thấp.

### 4. Công tác bảo vệ chính trị nội bộ

- Thẩm định tiêu chuẩn chính trị cho 388 trường hợp, trong đó 296 trường hợp phục vụ kết nạp \
đảng và 92 trường hợp phục vụ quy hoạch, bổ nhiệm cán bộ.
- Xem xét, kết luận 3 trường hợp có vấn đề chính trị hiện nay.

### 5. Kết quả các chỉ tiêu chủ yếu

| Chỉ tiêu | Kế hoạch năm 2024 | Thực hiện 6 tháng | Tỷ lệ (%) |
|---|---:|---:|---:|
| Kết nạp đảng viên mới | 400 | 214 | 53,5 |
| Bồi dưỡng lý luận chính trị cho đối tượng kết nạp | 520 | 296 | 56,9 |
| Bồi dưỡng đảng viên mới | 400 | 188 | 47,0 |
| Thẩm định tiêu chuẩn chính trị | 700 | 388 | 55,4 |
| Kiểm tra, giám sát TCCSĐ | 30 | 14 | 46,7 |

## III. Hạn chế và nguyên nhân

- Kết nạp đảng viên trong khối doanh nghiệp ngoài nhà nước đạt thấp: chỉ 11 trong số 38 TCCSĐ \
khối doanh nghiệp có kết nạp đảng viên mới, do lao động biến động, một số chủ doanh nghiệp chưa \
quan tâm tạo điều kiện.
- Một bộ phận cán bộ, đảng viên còn tâm lý e dè, ngại va chạm, sợ trách nhiệm trong thực thi \
nhiệm vụ.
- Nguyên nhân chủ yếu là cán bộ làm công tác tổ chức ở cơ sở đa số kiêm nhiệm, thường xuyên \
thay đổi, chưa được tập huấn nghiệp vụ đầy đủ.

## IV. Phương hướng, nhiệm vụ 6 tháng cuối năm 2024

Đảng ủy Khối xác định 5 nhiệm vụ trọng tâm:

1. Hoàn thành chỉ tiêu kết nạp 400 đảng viên mới trong năm 2024, tập trung vào khối doanh \
nghiệp ngoài nhà nước.
2. Hoàn thiện quy hoạch cấp ủy nhiệm kỳ 2025 - 2030 trước ngày 30/9/2024.
3. Chỉ đạo đại hội thí điểm tại Đảng bộ Sở Kế hoạch và Đầu tư, dự kiến trong tháng 3 năm 2025.
4. Tổ chức kiểm tra, giám sát 16 TCCSĐ còn lại theo chương trình năm.
5. Tiếp tục thực hiện nghiêm Kết luận số 21-KL/TW và các quy định về đánh giá cán bộ bằng sản \
phẩm cụ thể.

## V. Đề xuất, kiến nghị

- Đề nghị Ban Tổ chức Tỉnh ủy ban hành hướng dẫn cụ thể việc xác định vị trí việc làm trong cơ \
quan chuyên trách của Đảng ủy Khối, vì hiện nay biên chế mới đáp ứng 12/15 vị trí.
- Đề nghị mở lớp tập huấn nghiệp vụ công tác tổ chức và bảo vệ chính trị nội bộ cho 86 cán bộ \
phụ trách công tác tổ chức ở cơ sở trong quý III/2024.

## VI. Kết luận của Hội nghị

Hội nghị đã nghe 14 ý kiến tham luận. Phát biểu kết luận, đồng chí Trương Thị Kim Oanh, Ủy viên \
Ban Thường vụ Tỉnh ủy, Bí thư Đảng ủy Khối ghi nhận những kết quả đạt được, đồng thời chỉ rõ \
tiến độ kết nạp đảng viên ở khối doanh nghiệp còn chậm. Đồng chí yêu cầu các cấp ủy tập trung \
chuẩn bị nhân sự đại hội với tinh thần "chọn người có đủ đức, đủ tài, dám nghĩ, dám làm", chú ý \
cán bộ nữ và cán bộ trẻ.

Đồng chí giao Ban Tổ chức Đảng ủy Khối, do đồng chí Lê Quốc Bảo, Trưởng Ban Tổ chức Đảng ủy Khối \
phụ trách, tiếp thu ý kiến, hoàn thiện báo cáo và gửi Ban Tổ chức Tỉnh ủy trước ngày 20/7/2024.

---

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC
(Đã ký)
**Huỳnh Văn Tâm**

*Nơi nhận: Ban Tổ chức Tỉnh ủy (để báo cáo); các TCCSĐ trực thuộc; lưu Văn phòng Đảng ủy Khối.*
"""


def write_report_md(path: Path) -> None:
    path.write_bytes(nfc(REPORT_MD).encode("utf-8"))


# ============================================================ d. Tin hội nghị (.html)

HTML_TITLE = ("Hội nghị tập huấn nghiệp vụ công tác bảo vệ chính trị nội bộ năm 2024 khu vực "
              "miền Trung - Tây Nguyên tại Đà Nẵng")
HTML_H1 = ("Tập huấn nghiệp vụ bảo vệ chính trị nội bộ cho hơn 320 cán bộ khu vực miền Trung - "
           "Tây Nguyên")
HTML_META = "Đà Nẵng, ngày 24/5/2024 - Tin: Phòng Thông tin, Ban Tổ chức Thành ủy Đà Nẵng"

HTML_PARAGRAPHS_BEFORE = [
    "Trong 2 ngày 23 và 24/5/2024, tại Trung tâm Hành chính thành phố Đà Nẵng (số 24 Trần Phú, "
    "quận Hải Châu), Ban Tổ chức Trung ương phối hợp với Ban Thường vụ Thành ủy Đà Nẵng tổ chức "
    "Hội nghị tập huấn nghiệp vụ công tác bảo vệ chính trị nội bộ năm 2024 cho cán bộ làm công "
    "tác bảo vệ chính trị nội bộ của 14 tỉnh, thành phố khu vực miền Trung - Tây Nguyên.",
    "Dự và chỉ đạo hội nghị có đồng chí Hoàng Đăng Khoa, Vụ trưởng Vụ Bảo vệ chính trị nội bộ, "
    "Ban Tổ chức Trung ương; đồng chí Phan Thị Bích Ngọc, Ủy viên Ban Thường vụ Thành ủy, Trưởng "
    "Ban Tổ chức Thành ủy Đà Nẵng. Tham gia tập huấn có hơn 320 học viên là lãnh đạo ban tổ chức "
    "tỉnh ủy, thành ủy, cán bộ trực tiếp làm công tác bảo vệ chính trị nội bộ cấp tỉnh và cấp "
    "huyện.",
    "Phát biểu chào mừng, đồng chí Phan Thị Bích Ngọc, Trưởng Ban Tổ chức Thành ủy Đà Nẵng cho "
    "biết, năm 2023 Đà Nẵng đã thẩm định tiêu chuẩn chính trị cho 1.870 trường hợp và hoàn thành "
    "số hóa 100% hồ sơ đảng viên của 25 đảng bộ trực thuộc Thành ủy.",
    "Phát biểu khai mạc, đồng chí Hoàng Đăng Khoa, Vụ trưởng Vụ Bảo vệ chính trị nội bộ nhấn "
    "mạnh, năm 2024 và năm 2025 là thời điểm chuẩn bị nhân sự đại hội đảng bộ các cấp nhiệm kỳ "
    "2025 - 2030, vì vậy công tác thẩm định tiêu chuẩn chính trị phải chặt chẽ, khách quan, đúng "
    "quy trình, \"không để lọt người không đủ tiêu chuẩn, cũng không để oan sai\". Theo số liệu "
    "tổng hợp, năm 2023, 14 tỉnh, thành phố trong khu vực đã thẩm định tiêu chuẩn chính trị cho "
    "12.540 trường hợp, xem xét, kết luận 216 trường hợp có vấn đề chính trị và giải quyết dứt "
    "điểm 9 vụ việc phức tạp, kéo dài.",
    "Trong 2 ngày, các học viên được nghe báo cáo viên của Ban Tổ chức Trung ương và Ban Tổ chức "
    "Thành ủy Đà Nẵng trình bày 6 chuyên đề:",
]

HTML_TOPICS = [
    "Chuyên đề 1: Quán triệt Quy định số 58-QĐ/TW của Bộ Chính trị về một số vấn đề bảo vệ "
    "chính trị nội bộ Đảng, do đồng chí Ngô Thị Phương Thảo, Phó Vụ trưởng Vụ Bảo vệ chính trị "
    "nội bộ trình bày;",
    "Chuyên đề 2: Nghiệp vụ thẩm định, xác minh tiêu chuẩn chính trị đối với nhân sự đại hội "
    "đảng bộ các cấp nhiệm kỳ 2025 - 2030;",
    "Chuyên đề 3: Quản lý hồ sơ đảng viên, hồ sơ cán bộ và số hóa dữ liệu;",
    "Chuyên đề 4: Bảo vệ chính trị nội bộ trên không gian mạng;",
    "Chuyên đề 5: Xem xét, kết luận vấn đề chính trị hiện nay của cán bộ, đảng viên;",
    "Chuyên đề 6: Kinh nghiệm số hóa hồ sơ của thành phố Đà Nẵng, do đồng chí Trần Văn Hiếu, Phó "
    "Trưởng Ban Tổ chức Thành ủy Đà Nẵng trình bày.",
]

HTML_PARAGRAPHS_AFTER = [
    "Tại phần trao đổi, hội nghị ghi nhận 27 ý kiến, câu hỏi của học viên. Đồng chí Ksor H'Nhung, "
    "Phó Trưởng Ban Tổ chức Tỉnh ủy Gia Lai đề nghị Trung ương sớm xây dựng cơ sở dữ liệu dùng "
    "chung về bảo vệ chính trị nội bộ, vì hiện nay nhiều hồ sơ vẫn lưu trữ thủ công, mỗi lần xác "
    "minh mất từ 20 đến 30 ngày. Đồng chí Nguyễn Văn Phúc, Phó Trưởng Ban Tổ chức Tỉnh ủy Quảng "
    "Ngãi kiến nghị có hướng dẫn cụ thể về việc xem xét tiêu chuẩn chính trị đối với người có "
    "thân nhân đang sinh sống ở nước ngoài.",
    "Phát biểu kết luận hội nghị chiều 24/5/2024, đồng chí Hoàng Đăng Khoa, Vụ trưởng Vụ Bảo vệ "
    "chính trị nội bộ, Ban Tổ chức Trung ương tiếp thu các kiến nghị và đề nghị ban tổ chức các "
    "tỉnh ủy, thành ủy tập trung 3 nhiệm vụ: rà soát, thẩm định chặt chẽ tiêu chuẩn chính trị của "
    "nhân sự đại hội; hoàn thành số hóa hồ sơ đảng viên trước tháng 12 năm 2024; tăng cường tập "
    "huấn cho cán bộ làm công tác bảo vệ chính trị nội bộ ở cấp huyện.",
    "Đồng chí cho biết, Vụ Bảo vệ chính trị nội bộ sẽ hoàn thiện sổ tay nghiệp vụ, phát hành trước "
    "tháng 9/2024, và thí điểm phần mềm quản lý hồ sơ bảo vệ chính trị nội bộ tại 3 địa phương "
    "Đà Nẵng, Quảng Nam, Đắk Lắk từ quý III/2024, nhằm rút ngắn thời gian xác minh xuống dưới 10 "
    "ngày.",
    "Kết thúc hội nghị, Ban Tổ chức Trung ương đã cấp giấy chứng nhận hoàn thành chương trình tập "
    "huấn cho 318 học viên.",
]


@dataclass(frozen=True)
class HtmlSpec:
    """A news page: <title>, <h1>, a byline, paragraphs, a bulleted list, paragraphs."""

    title: str
    h1: str
    meta: str
    before: list[str]
    items: list[str]
    after: list[str]


DA_NANG_NEWS = HtmlSpec(HTML_TITLE, HTML_H1, HTML_META, HTML_PARAGRAPHS_BEFORE, HTML_TOPICS,
                        HTML_PARAGRAPHS_AFTER)


def render_html(spec: HtmlSpec) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(spec.title)}</title>",
        "<style>body{font-family:Arial,sans-serif;max-width:760px;margin:2em auto;"
        "line-height:1.6}.meta{color:#555;font-style:italic}</style>",
        "</head>",
        "<body>",
        "<article>",
        f"<h1>{esc(spec.h1)}</h1>",
        f'<p class="meta">{esc(spec.meta)}</p>',
    ]
    parts += [f"<p>{esc(text)}</p>" for text in spec.before]
    parts.append("<ul>")
    parts += [f"<li>{esc(text)}</li>" for text in spec.items]
    parts.append("</ul>")
    parts += [f"<p>{esc(text)}</p>" for text in spec.after]
    parts += ["</article>", "</body>", "</html>", ""]
    return nfc("\n".join(parts))


def write_html(spec: HtmlSpec) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(render_html(spec).encode("utf-8"))


# ============================================================ e. GIẤY MỜI HỌP (.txt, cp1258)

INVITATION = """\
QUẬN ỦY CẦU GIẤY                         ĐẢNG CỘNG SẢN VIỆT NAM
BAN TỔ CHỨC
Số: 45-GM/BTCQU                      Cầu Giấy, ngày 28 tháng 6 năm 2024

GIẤY MỜI
Họp giao ban công tác tổ chức xây dựng Đảng 6 tháng đầu năm 2024

Ban Tổ chức Quận ủy Cầu Giấy trân trọng kính mời:
- Đồng chí Bí thư hoặc Phó Bí thư Thường trực của 42 tổ chức cơ sở đảng trực thuộc Quận ủy;
- Đồng chí cán bộ phụ trách công tác tổ chức của các đảng bộ, chi bộ cơ sở.

Chủ trì: đồng chí Nguyễn Hữu Thắng, Ủy viên Ban Thường vụ Quận ủy, Trưởng Ban Tổ chức Quận ủy.

Thời gian: 14 giờ 00 phút, thứ Sáu, ngày 5/7/2024 (thời gian dự kiến 3 giờ).

Địa điểm: Phòng họp số 2, tầng 4, trụ sở Quận ủy Cầu Giấy.

Nội dung:
1. Sơ kết công tác tổ chức xây dựng Đảng 6 tháng đầu năm 2024; triển khai nhiệm vụ 6 tháng cuối \
năm 2024.
2. Hướng dẫn quy trình rà soát, bổ sung quy hoạch cấp ủy cơ sở nhiệm kỳ 2025 - 2030.
3. Trao đổi vướng mắc trong kết nạp đảng viên là chủ doanh nghiệp tư nhân và đảng viên đang \
làm việc ở nước ngoài.

Đề nghị các đơn vị gửi báo cáo kết quả công tác tổ chức xây dựng Đảng 6 tháng đầu năm 2024 \
(theo đề cương gửi kèm) về Ban Tổ chức Quận ủy trước 16 giờ 00 ngày 2/7/2024 qua hệ thống quản \
lý văn bản điều hành, để tổng hợp báo cáo tại cuộc họp.

Do tính chất quan trọng của cuộc họp, đề nghị các đồng chí được mời dự đúng thành phần, không \
cử người dự thay; trường hợp vắng mặt phải báo cáo bằng văn bản và được đồng chí chủ trì đồng \
ý. Mỗi đơn vị mang theo 01 bản danh sách quy hoạch cấp ủy hiện hành.

Đầu mối liên hệ: đồng chí Đinh Thị Thùy Linh, chuyên viên Ban Tổ chức Quận ủy, điện thoại \
024.3833.4567.

Nơi nhận:                                          K/T TRƯỞNG BAN
- Như thành phần mời;                              PHÓ TRƯỞNG BAN
- Đồng chí Bí thư Quận ủy (để báo cáo);
- Lưu Ban Tổ chức Quận ủy.                          (Đã ký)

                                                    Tạ Quang Vinh
"""

# cp1258 has precomposed a/e/o with circumflex, breve or horn (â ê ô ă ơ ư đ) and a few
# letters with tone marks, but most toned letters (ế, ợ, ạ...) must be stored as the base
# letter followed by a combining tone mark.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode NFC Vietnamese text as Windows-1258: each letter cp1258 lacks is split into
    base letter (with breve/circumflex/horn kept precomposed) plus a combining tone mark."""
    out = bytearray()
    for char in nfc(text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = nfc("".join(c for c in decomposed if c not in _TONE_MARKS))
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        out += (base + tones).encode("cp1258")  # raises if still unencodable: a real error
    data = bytes(out)
    if nfc(data.decode("cp1258")) != nfc(text):
        raise ValueError("cp1258 round trip changed the text")
    return data


def write_invitation_cp1258(path: Path) -> None:
    path.write_bytes(to_cp1258(INVITATION))


# ============================================================ f. BIÊN BẢN HỌP tổ công tác (.docx)

CG_MINUTES_NAME = "bien-ban-hop-to-cong-tac-vi-tri-viec-lam-co-quan-dang-doan-the-quan-cau-giay-2024.docx"

CG_MINUTES = DocxSpec(
    title=("Biên bản họp Tổ công tác rà soát vị trí việc làm trong cơ quan tham mưu, giúp việc và "
           "khối Mặt trận, đoàn thể quận Cầu Giấy"),
    author="Văn phòng Quận ủy Cầu Giấy", modified_by="Lương Thị Minh Phượng",
    header_left=["QUẬN ỦY CẦU GIẤY", "TỔ CÔNG TÁC VỊ TRÍ VIỆC LÀM", "Số: 03-BB/TCT"],
    header_right=["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Cầu Giấy, ngày 7 tháng 3 năm 2024"],
    heading="BIÊN BẢN HỌP",
    subject=("Tổ công tác rà soát vị trí việc làm trong cơ quan tham mưu, giúp việc và khối Mặt "
             "trận, đoàn thể quận"),
    blocks=[
        ("h", "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"),
        ("p", "Thời gian: từ 14 giờ 00 phút đến 16 giờ 45 phút, thứ Năm, ngày 7/3/2024."),
        ("p", "Địa điểm: Hội trường tầng 3, Trung tâm Chính trị quận."),
        ("p", "Chủ trì: đồng chí Nguyễn Hữu Thắng, Tổ trưởng Tổ công tác."),
        ("p", "Thư ký: đồng chí Lương Thị Minh Phượng, thành viên Tổ giúp việc."),
        ("p", "Thành viên dự họp:"),
        ("b", "đồng chí Vương Thị Thu Trang, Chánh Văn phòng Quận ủy, Tổ phó Tổ công tác;"),
        ("b", "đồng chí Đào Mạnh Cường, Trưởng phòng Nội vụ quận;"),
        ("b", "đồng chí Trần Bảo Ngọc, Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam quận;"),
        ("b", "đồng chí Phí Đức Hiển, Bí thư Quận đoàn;"),
        ("b", "đồng chí Nông Thị Hạnh, Chủ tịch Hội Liên hiệp Phụ nữ quận;"),
        ("b", "đồng chí Kiều Văn Sáng, chuyên viên chính, thành viên Tổ công tác phụ trách tổng hợp;"),
        ("b", "đại diện lãnh đạo Ban Tuyên giáo, Ủy ban Kiểm tra, Liên đoàn Lao động quận và Hội Cựu "
              "chiến binh quận."),
        ("p", "Có mặt 14/15 thành viên Tổ công tác; vắng 01 đồng chí (đi công tác)."),
        ("h", "II. NỘI DUNG CUỘC HỌP"),
        ("h2", "1. Báo cáo tiến độ rà soát vị trí việc làm"),
        ("p", "Đồng chí Kiều Văn Sáng báo cáo: Tổ công tác đã rà soát 11 cơ quan, đơn vị khối Đảng, "
              "Mặt trận và đoàn thể của quận với tổng số 86 biên chế được giao. Dự thảo danh mục gồm "
              "54 vị trí việc làm, trong đó có 9 vị trí lãnh đạo, quản lý, 35 vị trí chuyên môn, "
              "nghiệp vụ và 10 vị trí hỗ trợ, phục vụ. Còn 3 đơn vị chưa gửi bản mô tả công việc và "
              "khung năng lực là Quận đoàn, Hội Liên hiệp Phụ nữ quận và Hội Cựu chiến binh quận."),
        ("p", "Theo dự thảo, khối Đảng, đoàn thể của quận giảm 5 biên chế so với năm 2021, đạt mục "
              "tiêu giảm tối thiểu 5% biên chế theo Kết luận số 28-KL/TW của Bộ Chính trị."),
        ("h2", "2. Ý kiến thảo luận"),
        ("p", "Có 6 lượt ý kiến trao đổi, trong đó:"),
        ("b", "Đồng chí Trần Bảo Ngọc, Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam quận, đề nghị giữ "
              "vị trí chuyên trách công tác dân vận tại Ủy ban Mặt trận Tổ quốc quận, vì khối lượng "
              "công việc tăng khi triển khai cuộc vận động xây dựng đô thị văn minh."),
        ("b", "Đồng chí Phí Đức Hiển, Bí thư Quận đoàn, cho biết Quận đoàn chậm gửi hồ sơ do 2 cán bộ "
              "vừa được luân chuyển, xin hoàn thành bản mô tả công việc trước ngày 15/3/2024."),
        ("b", "Đồng chí Đào Mạnh Cường, Trưởng phòng Nội vụ quận, đề xuất thống nhất khung năng lực "
              "giữa khối Đảng, đoàn thể và khối chính quyền để thuận lợi cho việc luân chuyển cán bộ."),
        ("b", "Đồng chí Vương Thị Thu Trang, Chánh Văn phòng Quận ủy, kiến nghị bố trí 01 vị trí "
              "chuyên trách chuyển đổi số tại Văn phòng Quận ủy."),
        ("h", "III. KẾT LUẬN"),
        ("p", "Phát biểu kết luận, đồng chí Nguyễn Hữu Thắng, Tổ trưởng Tổ công tác, đánh giá các cơ "
              "quan, đơn vị đã nghiêm túc triển khai, bảo đảm tiến độ. Đồng chí yêu cầu không tăng "
              "tổng biên chế được giao khi xây dựng vị trí việc làm; vị trí nào có thể kiêm nhiệm thì "
              "bố trí kiêm nhiệm. Tổ công tác đồng ý về nguyên tắc đề xuất của Văn phòng Quận ủy về vị "
              "trí chuyên trách chuyển đổi số, cân đối trong tổng biên chế được giao."),
        ("p", "Phân công thực hiện:"),
        ("table", [
            ("TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"),
            ("1", "Hoàn thiện bản mô tả công việc và khung năng lực còn thiếu",
             "Quận đoàn; Hội Liên hiệp Phụ nữ quận; Hội Cựu chiến binh quận", "Tổ công tác",
             "Trước 15/3/2024"),
            ("2", "Tổng hợp, hoàn thiện dự thảo danh mục 54 vị trí việc làm", "Ban Tổ chức Quận ủy",
             "Văn phòng", "Trước 25/3/2024"),
            ("3", "Đối chiếu khung năng lực khối Đảng, đoàn thể với khối chính quyền",
             "Phòng Nội vụ quận", "Ban Tổ chức", "Trước 30/3/2024"),
            ("4", "Trình Ban Thường vụ đề án vị trí việc làm khối Đảng, đoàn thể",
             "Tổ công tác", "Các cơ quan, đơn vị liên quan", "Tháng 4/2024"),
        ], (1.0, 5.2, 3.8, 3.0, 2.6)),
        ("blank", ""),
        ("p", "Phiên làm việc kết thúc lúc 16 giờ 45 phút cùng ngày. Biên bản đã được đọc lại và các "
              "thành viên nhất trí thông qua."),
        ("sign", [("THƯ KÝ", "TỔ TRƯỞNG"), ("(Đã ký)", "(Đã ký)"),
                  ("Lương Thị Minh Phượng", "Nguyễn Hữu Thắng")]),
    ])


# ============================================================ g. THÔNG BÁO KẾT LUẬN (.docx)

HT_NOTICE_NAME = "thong-bao-ket-luan-chu-tich-ubnd-tinh-ha-tinh-tinh-gian-bien-che-2024.docx"

HT_NOTICE = DocxSpec(
    title=("Thông báo kết luận của Chủ tịch UBND tỉnh Hà Tĩnh tại cuộc họp về kế hoạch tinh giản "
           "biên chế năm 2024"),
    author="Văn phòng UBND tỉnh Hà Tĩnh", modified_by="Nguyễn Thị Bích Thủy",
    header_left=["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "Số: 96/TB-UBND"],
    header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "Hà Tĩnh, ngày 25 tháng 3 năm 2024"],
    heading="THÔNG BÁO",
    subject=("Kết luận của đồng chí Chủ tịch UBND tỉnh tại cuộc họp về triển khai kế hoạch tinh giản "
             "biên chế năm 2024 và rà soát vị trí việc làm trong các cơ quan hành chính, đơn vị sự "
             "nghiệp công lập"),
    blocks=[
        ("p", "Chiều ngày 21/3/2024, tại Phòng họp số 1, trụ sở UBND tỉnh Hà Tĩnh, đồng chí Trần Xuân "
              "Lộc, Chủ tịch UBND tỉnh chủ trì cuộc họp về triển khai kế hoạch tinh giản biên chế năm "
              "2024. Tham dự cuộc họp có: đồng chí Nguyễn Đình Phong, Giám đốc Sở Nội vụ; đồng chí Bùi "
              "Văn Lực, Giám đốc Sở Tài chính; đồng chí Hồ Thị Mai Lan, Giám đốc Sở Giáo dục và Đào "
              "tạo; đồng chí Võ Hồng Sơn, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy; "
              "lãnh đạo Văn phòng UBND tỉnh và Chủ tịch UBND 13 huyện, thị xã, thành phố."),
        ("p", "Sau khi nghe đồng chí Nguyễn Đình Phong, Giám đốc Sở Nội vụ báo cáo kết quả tinh giản "
              "biên chế năm 2023 và kế hoạch năm 2024, ý kiến của các đại biểu dự họp, đồng "
              "chí Chủ tịch UBND tỉnh kết luận như sau:"),
        ("h", "1. Đánh giá chung"),
        ("p", "Các sở, ngành, địa phương đã thực hiện nghiêm túc chủ trương tinh giản biên chế; năm "
              "2023 toàn tỉnh giải quyết chế độ cho 427 trường hợp. Tuy nhiên, việc xây dựng vị trí "
              "việc làm ở một số đơn vị sự nghiệp còn chậm; tình trạng thừa, thiếu giáo viên cục bộ "
              "chưa được khắc phục; còn 6 đơn vị sự nghiệp chưa tự chủ chi thường xuyên theo lộ trình."),
        ("h", "2. Nhiệm vụ thời gian tới"),
        ("p", "2.1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính và các sở, ngành liên quan hoàn "
              "thiện Kế hoạch tinh giản biên chế năm 2024, trình UBND tỉnh trước ngày 10/4/2024; bảo "
              "đảm đến năm 2026 giảm tối thiểu 5% biên chế công chức và 10% biên chế viên chức hưởng "
              "lương từ ngân sách so với năm 2021."),
        ("p", "2.2. Giao Sở Nội vụ thẩm định danh mục vị trí việc làm của các đơn vị sự nghiệp công "
              "lập thuộc tỉnh, hoàn thành trước ngày 30/6/2024."),
        ("p", "2.3. Giao Sở Tài chính thẩm định, bố trí kinh phí chi trả chế độ tinh giản biên chế năm "
              "2024 (khoảng 38,5 tỷ đồng), báo cáo UBND tỉnh trước ngày 15/4/2024."),
        ("p", "2.4. Giao Sở Giáo dục và Đào tạo phối hợp với UBND các huyện, thị xã, thành phố rà "
              "soát, điều chuyển giáo viên giữa các trường thừa, thiếu cục bộ trước năm học 2024 - "
              "2025; không tinh giản biên chế đối với giáo viên trực tiếp đứng lớp."),
        ("p", "2.5. Giao UBND các huyện, thị xã, thành phố lập danh sách đối tượng tinh giản biên chế "
              "đợt I năm 2024, gửi Sở Nội vụ trước ngày 20/4/2024."),
        ("p", "2.6. Đề nghị Ban Tổ chức Tỉnh ủy phối hợp chỉ đạo việc tinh giản biên chế trong các cơ "
              "quan Đảng, Mặt trận Tổ quốc và đoàn thể cấp tỉnh, bảo đảm đồng bộ với khối chính quyền."),
        ("p", "2.7. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc thực hiện; hằng quý tổng hợp, báo cáo "
              "Chủ tịch UBND tỉnh."),
        ("h", "3. Về các kiến nghị"),
        ("p", "Đồng ý để Sở Nội vụ kiến nghị Bộ Nội vụ hướng dẫn cách tính biên chế đối với đơn vị sự "
              "nghiệp tự bảo đảm một phần chi thường xuyên. Đối với đề xuất của Sở Giáo dục và Đào tạo "
              "về bổ sung 215 chỉ tiêu hợp đồng giáo viên mầm non, giao Sở Nội vụ chủ trì tham mưu, "
              "báo cáo UBND tỉnh trong tháng 5/2024."),
        ("p", "Văn phòng UBND tỉnh thông báo để các sở, ngành, địa phương biết, thực hiện./."),
        ("blank", ""),
        ("sign", [("Nơi nhận:", "TL. CHỦ TỊCH"),
                  ("- Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "KT. CHÁNH VĂN PHÒNG"),
                  ("- Ban Tổ chức Tỉnh ủy;", "PHÓ CHÁNH VĂN PHÒNG"),
                  ("- Các sở: Nội vụ, Tài chính, Giáo dục và Đào tạo;", "(Đã ký)"),
                  ("- UBND các huyện, thị xã, thành phố;", ""),
                  ("- Lưu: VT, NC.", "Nguyễn Thị Bích Thủy")]),
    ])


# ============================================================ h. BÁO CÁO TỔNG KẾT (.pdf, 3+ pages)


@dataclass(frozen=True)
class PdfSpec:
    """A PDF document: metadata, letterhead, heading (name, subject), blocks ("h" bold line,
    "p" justified paragraph, "table" rows with column widths in mm), recipients, signature."""

    title: str
    author: str
    subject: str
    header_left: list[str]
    header_right: list[str]
    heading: list[str]
    blocks: list[Block]
    recipients: list[str]
    signature: list[str]


def _pdf_table(pdf, rows: list[tuple[str, ...]], widths: tuple[float, ...]) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("DejaVu", "", 11)
    with pdf.table(col_widths=widths, line_height=6, text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD")) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(nfc(value))
    pdf.ln(3)


def write_pdf(path: Path, spec: PdfSpec) -> None:
    pdf = _new_pdf(spec.title, spec.author, spec.subject)
    _pdf_letterhead(pdf, spec.header_left, spec.header_right, spec.heading)
    for kind, *payload in spec.blocks:
        if kind == "table":
            _pdf_table(pdf, *payload)
        elif kind == "h":
            pdf.ln(1)
            _pdf_paragraph(pdf, payload[0], bold=True, align="L")
        else:
            _pdf_paragraph(pdf, payload[0])
            pdf.ln(1.5)
    pdf.ln(6)
    _pdf_recipients_and_signature(pdf, spec.recipients, spec.signature)
    pdf.output(str(path))


HT_REPORT_NAME = "bao-cao-tong-ket-cong-tac-noi-vu-nam-2023-so-noi-vu-ha-tinh.pdf"

HT_REPORT = PdfSpec(
    title="Báo cáo tổng kết công tác nội vụ năm 2023, phương hướng, nhiệm vụ năm 2024 - Sở Nội vụ tỉnh Hà Tĩnh",
    author="Sở Nội vụ tỉnh Hà Tĩnh", subject="Báo cáo số 18/BC-SNV ngày 8/1/2024",
    header_left=["UBND TỈNH HÀ TĨNH", "SỞ NỘI VỤ", "Số: 18/BC-SNV"],
    header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "Hà Tĩnh, ngày 8 tháng 1 năm 2024"],
    heading=["BÁO CÁO", "Tổng kết công tác nội vụ năm 2023, phương hướng, nhiệm vụ năm 2024"],
    blocks=[
        ("p", "Báo cáo được trình bày tại Hội nghị tổng kết công tác nội vụ năm 2023 của tỉnh, tổ chức "
              "sáng ngày 12/1/2024 tại Trung tâm Hội nghị tỉnh Hà Tĩnh, do đồng chí Đặng Thị Quỳnh Nga, "
              "Phó Chủ tịch UBND tỉnh chủ trì. Dự hội nghị có lãnh đạo Ban Tổ chức Tỉnh ủy, Sở Tài "
              "chính, Sở Kế hoạch và Đầu tư, Ban Thi đua - Khen thưởng và Chi cục Văn thư - Lưu trữ "
              "tỉnh, lãnh đạo các sở, ban, ngành và Trưởng phòng Nội vụ 13 huyện, thị xã, thành phố."),
        ("h", "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023"),
        ("h", "1. Tổ chức bộ máy và đơn vị sự nghiệp công lập"),
        ("p", "Khối cơ quan hành chính cấp tỉnh có 19 sở và cơ quan ngang sở với 142 phòng chuyên "
              "môn. Trong năm, Sở Nội vụ đã tham mưu UBND tỉnh sắp xếp giảm 7 phòng thuộc sở và 12 "
              "đơn vị sự nghiệp công lập; hợp nhất Trung tâm Dịch vụ nông nghiệp với Trung tâm Văn "
              "hóa - Truyền thông ở 4 huyện. Đến cuối năm 2023, toàn tỉnh còn 1.086 đơn vị sự nghiệp "
              "công lập, trong đó 41 đơn vị tự bảo đảm chi thường xuyên."),
        ("h", "2. Quản lý biên chế, vị trí việc làm và tinh giản biên chế"),
        ("p", "Năm 2023, UBND tỉnh giao 2.318 biên chế công chức và 26.407 người làm việc trong các "
              "đơn vị sự nghiệp công lập. Toàn tỉnh đã giải quyết chế độ tinh giản biên chế cho 427 "
              "trường hợp, gồm 62 công chức, 349 viên chức và 16 cán bộ, công chức cấp xã, với tổng "
              "kinh phí 34,2 tỷ đồng từ ngân sách tỉnh."),
        ("p", "UBND tỉnh đã phê duyệt danh mục vị trí việc làm cho 17/19 sở, ngành và 11/13 UBND cấp "
              "huyện. Hai ngành chưa hoàn thành là y tế và giáo dục, do số lượng đơn vị sự nghiệp lớn "
              "và đang chờ hướng dẫn định mức của bộ quản lý ngành."),
        ("h", "3. Tuyển dụng, sử dụng và quản lý cán bộ, công chức, viên chức"),
        ("p", "Tổ chức thi tuyển công chức cho 86 chỉ tiêu và xét tuyển 347 viên chức ngành giáo dục; "
              "tổ chức thi nâng ngạch chuyên viên chính cho 124 công chức. Lần đầu tiên tỉnh tổ chức "
              "thi tuyển chức danh lãnh đạo cấp phòng tại 3 sở: Sở Nội vụ, Sở Tư pháp và Sở Thông tin "
              "và Truyền thông, với 9 chức danh được tuyển chọn."),
        ("p", "Công tác đào tạo, bồi dưỡng được chú trọng: 2.960 lượt cán bộ, công chức, viên chức "
              "được bồi dưỡng kiến thức quản lý nhà nước, kỹ năng số và ngoại ngữ; 38 người được cử "
              "đi đào tạo trình độ thạc sĩ."),
        ("h", "4. Cải cách hành chính và chính quyền số"),
        ("p", "Chỉ số cải cách hành chính (PAR Index) năm 2022 của tỉnh xếp thứ 9/63 tỉnh, thành phố, "
              "tăng 5 bậc so với năm 2021. Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến "
              "đạt 61,7%; 100% văn bản giữa các cơ quan hành chính được gửi, nhận trên môi trường "
              "điện tử, trừ văn bản mật."),
        ("h", "5. Thi đua, khen thưởng; văn thư, lưu trữ; tôn giáo và thanh niên"),
        ("p", "Ban Thi đua - Khen thưởng tỉnh đã thẩm định, trình khen thưởng cho 1.357 tập thể và cá "
              "nhân. Chi cục Văn thư - Lưu trữ tiếp nhận 4.200 hồ sơ nộp lưu từ 23 cơ quan, tổ chức. "
              "Công tác quản lý nhà nước về tín ngưỡng, tôn giáo ổn định; các chương trình phát triển "
              "thanh niên được triển khai đúng kế hoạch."),
        ("h", "6. Kết quả một số chỉ tiêu chủ yếu"),
        ("table", [
            ("Chỉ tiêu", "Kế hoạch 2023", "Thực hiện 2023", "Tỷ lệ (%)"),
            ("Giải quyết chế độ tinh giản biên chế (người)", "450", "427", "94,9"),
            ("Phê duyệt vị trí việc làm cấp sở, ngành", "19", "17", "89,5"),
            ("Phê duyệt vị trí việc làm cấp huyện", "13", "11", "84,6"),
            ("Bồi dưỡng cán bộ, công chức, viên chức (lượt)", "2.800", "2.960", "105,7"),
            ("Hồ sơ tiếp nhận trực tuyến (%)", "60,0", "61,7", "102,8"),
        ], (70, 30, 30, 30)),
        ("h", "II. HẠN CHẾ VÀ NGUYÊN NHÂN"),
        ("p", "Một số đơn vị xây dựng vị trí việc làm còn hình thức, bản mô tả công việc sao chép "
              "mẫu, chưa gắn với khối lượng công việc thực tế. Tình trạng thừa, thiếu giáo viên cục "
              "bộ giữa các huyện chưa được giải quyết dứt điểm. Việc thực hiện tự chủ tài chính của "
              "đơn vị sự nghiệp công lập còn chậm so với lộ trình."),
        ("p", "Nguyên nhân chủ yếu là hệ thống văn bản hướng dẫn về vị trí việc làm trong một số lĩnh "
              "vực chưa đầy đủ; đội ngũ công chức làm công tác tổ chức, cán bộ ở cấp huyện mỏng, "
              "nhiều người kiêm nhiệm; một số người đứng đầu chưa quyết liệt."),
        ("h", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024"),
        ("p", "1. Tham mưu UBND tỉnh ban hành Kế hoạch tinh giản biên chế năm 2024 trong quý I/2024, "
              "bảo đảm lộ trình giảm biên chế theo Kết luận số 28-KL/TW của Bộ Chính trị."),
        ("p", "2. Hoàn thành phê duyệt vị trí việc làm của ngành y tế và ngành giáo dục trước ngày "
              "30/6/2024."),
        ("p", "3. Mở rộng thi tuyển chức danh lãnh đạo cấp phòng ra 6 sở và 3 UBND cấp huyện trong "
              "năm 2024."),
        ("p", "4. Nâng tỷ lệ hồ sơ thủ tục hành chính tiếp nhận trực tuyến lên ít nhất 70%; phấn đấu "
              "chỉ số PAR Index năm 2024 thuộc nhóm 10 tỉnh dẫn đầu."),
        ("p", "5. Tăng cường thanh tra, kiểm tra công vụ, tập trung vào việc tuyển dụng, bổ nhiệm và "
              "chấp hành kỷ luật, kỷ cương hành chính."),
        ("h", "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
        ("p", "1. Đề nghị Bộ Nội vụ sớm ban hành hướng dẫn vị trí việc làm viên chức chuyên ngành y tế "
              "và giáo dục để địa phương có căn cứ phê duyệt."),
        ("p", "2. Đề nghị Bộ Nội vụ cho phép tính biên chế đối với đơn vị sự nghiệp tự bảo đảm một "
              "phần chi thường xuyên theo khối lượng dịch vụ sự nghiệp công thực tế."),
        ("p", "3. Đề nghị UBND tỉnh bố trí 9,6 tỷ đồng để nâng cấp Kho lưu trữ chuyên dụng của tỉnh "
              "trong năm 2024."),
        ("h", "V. Ý KIẾN CHỈ ĐẠO TẠI HỘI NGHỊ"),
        ("p", "Phát biểu chỉ đạo hội nghị, đồng chí Đặng Thị Quỳnh Nga, Phó Chủ tịch UBND tỉnh ghi nhận "
              "kết quả ngành nội vụ đạt được trong năm 2023, đặc biệt là việc lần đầu tổ chức thi "
              "tuyển chức danh lãnh đạo cấp phòng. Đồng chí yêu cầu Sở Nội vụ hoàn thiện Kế hoạch "
              "tinh giản biên chế năm 2024, trình UBND tỉnh trong tháng 3/2024, và chủ động phối hợp "
              "với Ban Tổ chức Tỉnh ủy trong công tác cán bộ."),
    ],
    recipients=["Nơi nhận:", "- Bộ Nội vụ (để báo cáo);", "- Thường trực Tỉnh ủy, HĐND tỉnh;",
                "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "- Ban Tổ chức Tỉnh ủy;",
                "- Các sở, ban, ngành; UBND các huyện, thị xã, thành phố;", "- Lưu: VT, VP."],
    signature=["GIÁM ĐỐC", "", "(Đã ký)", "", "Nguyễn Đình Phong"])


# ============================================================ i. TỜ TRÌNH (.pdf)

HT_PROPOSAL_NAME = "to-trinh-ke-hoach-tinh-gian-bien-che-nam-2024-so-noi-vu-ha-tinh.pdf"

HT_PROPOSAL = PdfSpec(
    title="Tờ trình về việc ban hành Kế hoạch tinh giản biên chế năm 2024 của tỉnh Hà Tĩnh",
    author="Sở Nội vụ tỉnh Hà Tĩnh", subject="Tờ trình số 214/TTr-SNV ngày 9/4/2024",
    header_left=["UBND TỈNH HÀ TĨNH", "SỞ NỘI VỤ", "Số: 214/TTr-SNV"],
    header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "Hà Tĩnh, ngày 9 tháng 4 năm 2024"],
    heading=["TỜ TRÌNH", "Về việc ban hành Kế hoạch tinh giản biên chế năm 2024 của tỉnh Hà Tĩnh"],
    blocks=[
        ("p", "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh."),
        ("p", "Căn cứ Nghị định số 29/2023/NĐ-CP ngày 03/6/2023 của Chính phủ quy định về tinh giản "
              "biên chế; Kết luận số 28-KL/TW ngày 21/02/2022 của Bộ Chính trị về tinh giản biên chế "
              "và cơ cấu lại đội ngũ cán bộ, công chức, viên chức của hệ thống chính trị giai đoạn "
              "2022 - 2026; Thông báo số 96/TB-UBND ngày 25/3/2024 của UBND tỉnh, Sở Nội vụ kính trình "
              "UBND tỉnh xem xét, ban hành Kế hoạch tinh giản biên chế năm 2024 với các nội dung sau:"),
        ("h", "1. Sự cần thiết"),
        ("p", "Giai đoạn 2022 - 2023, toàn tỉnh mới giảm được 3,1% biên chế công chức và 5,4% số người "
              "làm việc hưởng lương từ ngân sách so với năm 2021, chưa đạt tiến độ chung của lộ trình "
              "đến năm 2026. Việc ban hành kế hoạch riêng cho năm 2024 là cần thiết để phân bổ chỉ "
              "tiêu cụ thể cho từng cơ quan, đơn vị."),
        ("h", "2. Nội dung chính của Kế hoạch"),
        ("p", "Năm 2024, toàn tỉnh tinh giản 468 người, gồm 58 công chức, 389 viên chức và 21 cán "
              "bộ, công chức cấp xã; kinh phí khoảng 38,5 tỷ đồng từ ngân sách tỉnh. Việc tinh "
              "giản được thực hiện làm 2 đợt: đợt I xét duyệt trước ngày 15/6/2024, đợt II xét duyệt "
              "trước ngày 31/10/2024."),
        ("p", "Đối tượng ưu tiên xem xét là người dôi dư do sắp xếp tổ chức bộ máy, người có 2 năm "
              "liên tiếp xếp loại chất lượng ở mức hoàn thành nhiệm vụ nhưng không tự nguyện tinh "
              "giản, và người chưa đạt trình độ đào tạo theo yêu cầu của vị trí việc làm."),
        ("h", "3. Tổ chức thực hiện"),
        ("p", "Sở Nội vụ chủ trì thẩm định hồ sơ tinh giản biên chế của các cơ quan, đơn vị theo từng "
              "đợt; Sở Tài chính thẩm định kinh phí; các sở, ngành, UBND cấp huyện lập danh sách, chịu "
              "trách nhiệm về đối tượng đề nghị tinh giản."),
        ("h", "4. Đề xuất, kiến nghị"),
        ("p", "Sở Nội vụ đề xuất UBND tỉnh giao chỉ tiêu tinh giản biên chế năm 2024 cho từng sở, "
              "ngành, địa phương theo Phụ lục kèm theo Tờ trình này."),
        ("p", "Kiến nghị UBND tỉnh báo cáo Bộ Nội vụ cho phép chưa tính 215 chỉ tiêu hợp đồng giáo "
              "viên mầm non vào số biên chế phải tinh giản của ngành giáo dục."),
        ("p", "Đề nghị UBND tỉnh chỉ đạo các cơ quan, đơn vị không tuyển dụng mới vào các vị trí dôi "
              "dư sau khi thực hiện tinh giản biên chế."),
        ("p", "Sở Nội vụ kính trình UBND tỉnh xem xét, quyết định./."),
    ],
    recipients=["Nơi nhận:", "- Như trên;", "- Chủ tịch UBND tỉnh (để báo cáo);", "- Sở Tài chính;",
                "- Lưu: VT, TCBC."],
    signature=["GIÁM ĐỐC", "", "(Đã ký)", "", "Nguyễn Đình Phong"])


# ============================================================ j. GIẤY MỜI (.txt, cp1258)

HT_INVITATION_NAME = "giay-moi-hoi-nghi-huong-dan-vi-tri-viec-lam-cap-xa-so-noi-vu-ha-tinh-cp1258.txt"

HT_INVITATION = """\
UBND TỈNH HÀ TĨNH                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ                                    Độc lập - Tự do - Hạnh phúc
Số: 52/GM-SNV                            Hà Tĩnh, ngày 19 tháng 4 năm 2024

GIẤY MỜI
Dự Hội nghị hướng dẫn xây dựng vị trí việc làm và định biên cán bộ, công chức cấp xã

Thực hiện Thông báo số 96/TB-UBND ngày 25/3/2024 của UBND tỉnh, Sở Nội vụ tổ chức Hội nghị \
hướng dẫn xây dựng vị trí việc làm và định biên cán bộ, công chức cấp xã, cụ thể như sau:

1. Thành phần:
- Đại diện lãnh đạo Ban Tổ chức Tỉnh ủy;
- Đại diện lãnh đạo Sở Tài chính;
- Trưởng phòng Nội vụ 13 huyện, thị xã, thành phố;
- Chủ tịch UBND và công chức Văn phòng - Thống kê của 18 xã, phường, thị trấn được chọn làm \
điểm;
- Lãnh đạo và chuyên viên phòng Xây dựng chính quyền và công tác thanh niên, Sở Nội vụ.

2. Chủ trì: đồng chí Nguyễn Đình Phong, Giám đốc Sở Nội vụ.

3. Thời gian: 01 buổi, bắt đầu từ 8 giờ 00 phút, thứ Sáu, ngày 26/4/2024.

4. Địa điểm: Hội trường tầng 5, trụ sở Sở Nội vụ tỉnh Hà Tĩnh (số 2 đường Nguyễn Chí Thanh, \
thành phố Hà Tĩnh).

5. Nội dung:
- Quán triệt Nghị định số 33/2023/NĐ-CP của Chính phủ quy định về cán bộ, công chức cấp xã;
- Hướng dẫn xây dựng bản mô tả công việc và khung năng lực vị trí việc làm cấp xã;
- Trao đổi, giải đáp vướng mắc của các địa phương.

Đề nghị UBND các huyện, thị xã, thành phố thông báo cho các xã được chọn làm điểm cử đúng \
thành phần; gửi danh sách đại biểu về Sở Nội vụ (qua phòng Xây dựng chính quyền và công tác \
thanh niên) trước ngày 24/4/2024. Tài liệu hội nghị được đăng trên Cổng thông tin điện tử của \
Sở Nội vụ.

Nơi nhận:                                          KT. GIÁM ĐỐC
- Như thành phần;                                  PHÓ GIÁM ĐỐC
- UBND tỉnh (để báo cáo);
- Giám đốc Sở (để báo cáo);                         (Đã ký)
- Lưu: VT, XDCQ.
                                                   Lê Thị Thanh Tâm
"""


# ============================================================ k. BIÊN BẢN ĐOÀN KIỂM TRA (.txt)

CG_INSPECTION_NAME = "bien-ban-hop-doan-kiem-tra-so-2-quan-uy-cau-giay-dang-uy-phuong-dich-vong-hau-2023.txt"

CG_INSPECTION = """\
QUẬN ỦY CẦU GIẤY                               ĐẢNG CỘNG SẢN VIỆT NAM
ĐOÀN KIỂM TRA SỐ 2
Số: 02-BB/ĐKT                         Cầu Giấy, ngày 19 tháng 10 năm 2023

BIÊN BẢN
Họp thông qua dự thảo báo cáo kết quả kiểm tra việc thực hiện Quy định số 80-QĐ/TW về phân cấp \
quản lý cán bộ và bổ nhiệm, giới thiệu cán bộ ứng cử tại Đảng ủy phường Dịch Vọng Hậu

Thời gian: 8 giờ 30 phút, thứ Năm, ngày 19/10/2023.
Địa điểm: Phòng họp Đảng ủy phường Dịch Vọng Hậu.
Chủ trì: đồng chí Nguyễn Hữu Thắng, Trưởng Đoàn kiểm tra số 2.
Thư ký: đồng chí Mạc Thị Thanh Xuân, thành viên Đoàn kiểm tra.

Thành phần:
- Đoàn kiểm tra: đồng chí Hà Thị Kim Liên, Phó Chủ nhiệm Ủy ban Kiểm tra Quận ủy, Phó Trưởng \
đoàn; đồng chí Kiều Văn Sáng, chuyên viên chính Ban Tổ chức Quận ủy; đồng chí Mạc Thị Thanh \
Xuân.
- Đảng ủy phường Dịch Vọng Hậu: đồng chí Lưu Quang Huy, Bí thư Đảng ủy phường; đồng chí Tô Minh \
Nguyệt, Phó Bí thư Thường trực Đảng ủy phường; đồng chí Giáp Văn Toàn, Chủ tịch UBND phường; \
đồng chí Khúc Thị Lan, cán bộ phụ trách công tác tổ chức của Đảng ủy phường.

Nội dung:

1. Đồng chí Hà Thị Kim Liên, Phó Trưởng đoàn, trình bày dự thảo báo cáo kết quả kiểm tra. Từ \
đầu nhiệm kỳ 2020 - 2025 đến nay, Đảng ủy phường đã thực hiện quy trình bổ nhiệm, giới thiệu \
cán bộ ứng cử đối với 14 trường hợp, trong đó 12 trường hợp đúng quy trình, đầy đủ hồ sơ; 2 hồ \
sơ còn thiếu biên bản kiểm phiếu giới thiệu nhân sự ở bước 2. Đảng ủy phường chưa kịp thời sửa \
đổi quy chế làm việc sau khi Quy định số 80-QĐ/TW có hiệu lực.

2. Ý kiến của Đảng ủy phường Dịch Vọng Hậu:
- Đồng chí Lưu Quang Huy, Bí thư Đảng ủy phường, thống nhất với dự thảo báo cáo; giải trình 2 \
hồ sơ thiếu biên bản là do thay đổi cán bộ phụ trách công tác tổ chức trong năm 2022; đề nghị \
cấp trên ban hành mẫu hồ sơ bổ nhiệm thống nhất cho cấp cơ sở.
- Đồng chí Giáp Văn Toàn, Chủ tịch UBND phường, kiến nghị tổ chức bồi dưỡng nghiệp vụ công tác \
tổ chức, cán bộ cho cán bộ mới được phân công ở các phường.

3. Kết luận:
Phát biểu kết luận, đồng chí Nguyễn Hữu Thắng, Trưởng Đoàn kiểm tra, ghi nhận Đảng ủy phường \
đã nghiêm túc tự kiểm tra, cung cấp đầy đủ tài liệu. Đồng chí yêu cầu Đảng ủy phường Dịch Vọng \
Hậu:
a) Bổ sung 2 hồ sơ còn thiếu, hoàn thành trước ngày 31/10/2023;
b) Sửa đổi quy chế làm việc của Ban Chấp hành Đảng bộ phường theo Quy định số 80-QĐ/TW, báo \
cáo kết quả trước ngày 15/11/2023;
c) Tổ chức kiểm điểm, rút kinh nghiệm đối với tập thể, cá nhân có liên quan.
Đồng chí giao đồng chí Kiều Văn Sáng tiếp thu ý kiến, hoàn thiện báo cáo kết quả kiểm tra, \
trình Ban Thường vụ tại phiên họp thường kỳ tháng 11/2023.

Buổi làm việc kết thúc lúc 11 giờ 00 phút cùng ngày. Biên bản đã được thông qua.

THƯ KÝ                                             TRƯỞNG ĐOÀN
(Đã ký)                                            (Đã ký)
Mạc Thị Thanh Xuân                                 Nguyễn Hữu Thắng
"""


def write_utf8_text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(nfc(text).encode("utf-8"))


# ============================================================ l. KẾ HOẠCH (.md)

CG_PLAN_NAME = "ke-hoach-kiem-tra-cong-tac-can-bo-nam-2024-ban-thuong-vu-quan-uy-cau-giay.md"

CG_PLAN = """\
# Kế hoạch kiểm tra việc thực hiện công tác cán bộ năm 2024 của Ban Thường vụ Quận ủy Cầu Giấy

**QUẬN ỦY CẦU GIẤY**
Số: 86-KH/QU

**ĐẢNG CỘNG SẢN VIỆT NAM**
*Cầu Giấy, ngày 15 tháng 1 năm 2024*

Thực hiện Chương trình kiểm tra, giám sát năm 2024 của Ban Chấp hành Đảng bộ quận, Ban Thường \
vụ Quận ủy ban hành Kế hoạch kiểm tra việc thực hiện công tác cán bộ năm 2024 như sau.

## I. Mục đích, yêu cầu

- Nắm chắc tình hình thực hiện Quy định số 80-QĐ/TW về phân cấp quản lý cán bộ và bổ nhiệm, \
giới thiệu cán bộ ứng cử ở các đảng bộ phường; kịp thời chấn chỉnh thiếu sót.
- Kiểm tra bảo đảm khách quan, đúng thẩm quyền; không gây khó khăn cho hoạt động của cơ sở.

## II. Nội dung, đối tượng kiểm tra

- Nội dung: việc thực hiện Quy định số 80-QĐ/TW; xếp loại chất lượng cán bộ năm 2023; bố trí \
cán bộ theo vị trí việc làm.
- Đối tượng: Ban Thường vụ Đảng ủy 6 phường Dịch Vọng, Mai Dịch, Nghĩa Đô, Quan Hoa, Yên Hòa \
và Trung Hòa.

## III. Thành lập đoàn kiểm tra, thời gian

| Đoàn | Trưởng đoàn | Đơn vị được kiểm tra | Thời gian |
|---|---|---|---|
| Đoàn số 1 | đồng chí Nguyễn Hữu Thắng | Đảng ủy phường Dịch Vọng, Mai Dịch, Nghĩa Đô | Quý II/2024 |
| Đoàn số 2 | đồng chí Hà Thị Kim Liên | Đảng ủy phường Quan Hoa, Yên Hòa, Trung Hòa | Quý III/2024 |

Mỗi đoàn kiểm tra làm việc không quá 5 ngày tại mỗi đơn vị, kể cả thời gian thông qua dự thảo \
báo cáo kết quả kiểm tra.

## IV. Tổ chức thực hiện

1. Ban Tổ chức chủ trì, phối hợp với Ủy ban Kiểm tra xây dựng đề cương, hướng dẫn các đảng ủy \
phường tự kiểm tra, hoàn thành trước ngày 29/2/2024.
2. Các đảng ủy phường được kiểm tra gửi báo cáo tự kiểm tra cho đoàn kiểm tra trước ngày \
15/4/2024.
3. Văn phòng Quận ủy bảo đảm kinh phí, phương tiện phục vụ các đoàn kiểm tra.
4. Các đoàn kiểm tra tổng hợp kết quả, báo cáo Ban Thường vụ trước ngày 15/10/2024.

---

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
(Đã ký)
**Ngô Thị Bích Hạnh**

*Nơi nhận: Thường trực Thành ủy (để báo cáo); các đồng chí Ủy viên Ban Thường vụ; 6 đảng ủy \
phường được kiểm tra; lưu Văn phòng.*
"""


# ============================================================ m. Tin hội nghị (.html)

HT_NEWS_NAME = "tin-hoi-nghi-so-ket-ket-luan-28-tinh-gian-bien-che-tinh-uy-ha-tinh-2023.html"

HT_NEWS = HtmlSpec(
    title=("Hà Tĩnh sơ kết giữa nhiệm kỳ thực hiện Kết luận số 28-KL/TW về tinh giản biên chế"),
    h1="Hà Tĩnh: giảm 1.214 biên chế sau gần 2 năm thực hiện Kết luận số 28-KL/TW",
    meta="Hà Tĩnh, ngày 16/11/2023 - Tin: Ban Tổ chức Tỉnh ủy Hà Tĩnh",
    before=[
        "Sáng 16/11/2023, tại Hội trường Tỉnh ủy, Ban Thường vụ Tỉnh ủy Hà Tĩnh tổ chức Hội nghị "
        "sơ kết giữa nhiệm kỳ thực hiện Kết luận số 28-KL/TW ngày 21/2/2022 của Bộ Chính trị về "
        "tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức của hệ thống chính "
        "trị giai đoạn 2022 - 2026. Đồng chí Trần Thế Dũng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh chủ "
        "trì hội nghị.",
        "Dự hội nghị có các đồng chí trong Ban Thường vụ Tỉnh ủy; đồng chí Trần Xuân Lộc, Phó Bí "
        "thư Tỉnh ủy, Chủ tịch UBND tỉnh; lãnh đạo các ban đảng, Sở Nội vụ, Sở Tài chính; đại diện "
        "các đảng đoàn, ban cán sự đảng, đảng ủy trực thuộc Tỉnh ủy và bí thư 13 huyện ủy, thị ủy, "
        "thành ủy.",
        "Đồng chí Võ Hồng Sơn, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy trình bày "
        "báo cáo sơ kết. Theo báo cáo, từ năm 2022 đến hết tháng 10/2023, hệ thống chính trị của "
        "tỉnh đã giảm 1.214 biên chế, bằng 4,9% so với năm 2021; giảm 38 phòng và tương đương, 67 "
        "đơn vị sự nghiệp công lập. Tuy vậy, tỷ lệ giảm ở khối sự nghiệp y tế, giáo dục mới đạt "
        "khoảng một nửa chỉ tiêu.",
        "Tại hội nghị, 7 đại biểu đã phát biểu tham luận, trong đó:",
    ],
    items=[
        "Đồng chí Nguyễn Đình Phong, Giám đốc Sở Nội vụ, đề xuất giao biên chế theo vị trí việc "
        "làm và mức độ tự chủ của đơn vị, thay cho giao theo tỷ lệ cắt giảm bình quân;",
        "Đồng chí Hồ Thị Mai Lan, Giám đốc Sở Giáo dục và Đào tạo, kiến nghị tách chỉ tiêu giáo "
        "viên khỏi tỷ lệ tinh giản chung, vì ngành đang thiếu giáo viên mầm non và tiểu học;",
        "Đồng chí Đậu Văn Thành, Bí thư Huyện ủy Cẩm Xuyên, chia sẻ kinh nghiệm hợp nhất các trung "
        "tâm cấp huyện, giảm 4 đơn vị sự nghiệp mà vẫn bảo đảm phục vụ người dân.",
    ],
    after=[
        "Phát biểu kết luận hội nghị, đồng chí Trần Thế Dũng, Bí thư Tỉnh ủy, yêu cầu các cấp ủy, "
        "tổ chức đảng không tinh giản biên chế cơ học, \"cào bằng\"; gắn tinh giản biên chế với cơ "
        "cấu lại và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức.",
        "Đồng chí giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Ban cán sự đảng UBND tỉnh giao chỉ "
        "tiêu tinh giản biên chế giai đoạn 2024 - 2026 cho từng cơ quan, đơn vị, hoàn thành trước "
        "ngày 31/12/2023; giao Sở Nội vụ tham mưu UBND tỉnh hoàn thành phê duyệt vị trí việc làm "
        "trong các đơn vị sự nghiệp công lập trong năm 2024.",
        "Dịp này, Ban Thường vụ Tỉnh ủy tặng Giấy khen cho 9 tập thể và 12 cá nhân có thành tích "
        "tiêu biểu trong thực hiện Kết luận số 28-KL/TW.",
    ])


# ============================================================ main

def make_corpus(out: Path) -> list[Path]:
    """Write the team-authored documents into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    writers = [
        (DOCX_NAME, lambda path: write_docx(path, MINUTES)),
        (PDF_NAME, write_notice_pdf),
        (MD_NAME, write_report_md),
        (HTML_NAME, write_html(DA_NANG_NEWS)),
        (CP1258_NAME, write_invitation_cp1258),
        (CG_MINUTES_NAME, lambda path: write_docx(path, CG_MINUTES)),
        (HT_NOTICE_NAME, lambda path: write_docx(path, HT_NOTICE)),
        (HT_REPORT_NAME, lambda path: write_pdf(path, HT_REPORT)),
        (HT_PROPOSAL_NAME, lambda path: write_pdf(path, HT_PROPOSAL)),
        (HT_INVITATION_NAME, lambda path: path.write_bytes(to_cp1258(HT_INVITATION))),
        (CG_INSPECTION_NAME, write_utf8_text(CG_INSPECTION)),
        (CG_PLAN_NAME, write_utf8_text(CG_PLAN)),
        (HT_NEWS_NAME, write_html(HT_NEWS)),
    ]
    paths: list[Path] = []
    for name, writer in writers:
        path = out / name
        writer(path)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "corpus",
                        help="folder to write into (default: the repository's corpus/)")
    args = parser.parse_args(argv)
    for path in make_corpus(args.out):
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
