"""Write the team-authored Vietnamese meeting documents shipped in ``corpus/``.

Why this exists: the client gave us a single document (a plain-text news report of a
Ban Tổ chức Trung ương conference, kept in ``corpus/`` as delivered). One document cannot
show that the assistant reads every supported format or that retrieval tells similar
documents apart. This script writes five more documents of our own, each in a different
format and made by the library people really use to make it:

* a BIÊN BẢN HỌP (meeting minutes) as .docx, written with python-docx (headings, paragraphs,
  tables);
* a THÔNG BÁO KẾT LUẬN (concluding notice) as a PDF of at least 3 pages, written with fpdf2
  and the DejaVu Sans TTF so Vietnamese letters have a text layer pypdf can extract;
* a BÁO CÁO SƠ KẾT (six-month report) in Markdown;
* a news-style report of a training conference as a UTF-8 HTML page;
* a GIẤY MỜI HỌP (meeting invitation) as a .txt file in Windows-1258, the legacy Vietnamese
  code page, with tone marks stored as combining characters the way cp1258 requires.

All the documents are about Party/State organisational work (cadres, job positions,
meetings, conclusions) so that they overlap in topic with the client's document and with
each other, but every one has its own chair, speakers, dates, counts and deadlines. The
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
from pathlib import Path

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


def write_minutes_docx(path: Path) -> None:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    props = document.core_properties
    props.title = nfc(MINUTES_TITLE)
    props.author = nfc("Sở Nội vụ tỉnh Thanh Hóa")
    props.last_modified_by = nfc("Trịnh Thị Mai Hương")
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
    header = document.add_table(rows=len(MINUTES_HEADER_LEFT), cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (left, right) in enumerate(zip(MINUTES_HEADER_LEFT, MINUTES_HEADER_RIGHT)):
        for col, value in enumerate((left, right)):
            paragraph = header.cell(row, col).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(nfc(value))
            run.bold = row < 2
            run.italic = row == 2 and col == 1

    document.add_paragraph()
    title = document.add_heading(nfc("BIÊN BẢN HỌP"), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(nfc("Về việc rà soát, hoàn thiện đề án vị trí việc làm và kế hoạch tinh giản "
                         "biên chế năm 2024")).bold = True

    for kind, text in MINUTES_BODY:
        if kind == "h":
            document.add_heading(nfc(text), level=1)
        elif kind == "h2":
            document.add_heading(nfc(text), level=2)
        elif kind == "b":
            document.add_paragraph(nfc(text), style="List Bullet")
        else:
            paragraph = document.add_paragraph(nfc(text))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    tasks = document.add_table(rows=len(MINUTES_TASKS), cols=4)
    tasks.style = "Table Grid"
    for r, row in enumerate(MINUTES_TASKS):
        for c, value in enumerate(row):
            cell = tasks.cell(r, c)
            cell.text = ""
            run = cell.paragraphs[0].add_run(nfc(value))
            run.bold = r == 0
    for row in tasks.rows:
        for c, width in enumerate((Cm(1.2), Cm(7.0), Cm(5.0), Cm(2.8))):
            row.cells[c].width = width

    document.add_paragraph()
    for text in MINUTES_CLOSING:
        document.add_paragraph(nfc(text)).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    signatures = document.add_table(rows=len(MINUTES_SIGNATURES), cols=2)
    for r, pair in enumerate(MINUTES_SIGNATURES):
        for c, value in enumerate(pair):
            paragraph = signatures.cell(r, c).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(nfc(value))
            run.bold = r != 1
            run.italic = r == 1

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_docx_deterministic(buffer.getvalue()))


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


def write_notice_pdf(path: Path) -> None:
    from fpdf import FPDF

    class NoticePDF(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", size=9)
            self.cell(0, 8, f"Trang {self.page_no()}/{{nb}}", align="C")

    pdf = NoticePDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title(nfc(NOTICE_TITLE))
    pdf.set_author(nfc("Văn phòng UBND thành phố Hà Nội"))
    pdf.set_subject(nfc("Thông báo kết luận số 125/TB-UBND ngày 22/4/2024"))
    pdf.set_lang("vi")
    pdf.set_creator("scripts/make_corpus.py")
    pdf.set_producer("fpdf2")
    pdf.set_creation_date(PDF_DATE)
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()

    size, line = 13, 7.5
    column = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    for col, lines in enumerate((NOTICE_HEADER_LEFT, NOTICE_HEADER_RIGHT)):
        pdf.set_xy(pdf.l_margin + col * column, top)
        for i, text in enumerate(lines):
            pdf.set_x(pdf.l_margin + col * column)
            pdf.set_font("DejaVu", "B" if i < 2 else "", 11 if i < 2 else 11)
            pdf.cell(column, 6.5, nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)

    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 9, nfc(NOTICE_HEADING[0]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, line, nfc(NOTICE_HEADING[1]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)

    pdf.set_font("DejaVu", "", size)
    for text in NOTICE_INTRO:
        pdf.multi_cell(0, line, nfc(text), align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    for number, (head, text) in enumerate(NOTICE_CONCLUSIONS, start=1):
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, line, nfc(f"{number}. {head}"), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", size)
        pdf.multi_cell(0, line, nfc(text), align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.multi_cell(0, line, nfc(NOTICE_CLOSING), align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    if pdf.get_y() > pdf.h - 95:
        pdf.add_page()
    top = pdf.get_y()
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for i, text in enumerate(NOTICE_RECIPIENTS):
        pdf.set_x(pdf.l_margin)
        pdf.set_font("DejaVu", "B" if i == 0 else "", 10 if i == 0 else 8.5)
        pdf.multi_cell(half + 5, 5, nfc(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top)
    for i, text in enumerate(NOTICE_SIGNATURE):
        pdf.set_x(pdf.l_margin + half)
        pdf.set_font("DejaVu", "" if text == "(Đã ký)" else "B", 11)
        pdf.cell(half, 6.5, nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")

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


def render_html() -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(HTML_TITLE)}</title>",
        "<style>body{font-family:Arial,sans-serif;max-width:760px;margin:2em auto;"
        "line-height:1.6}.meta{color:#555;font-style:italic}</style>",
        "</head>",
        "<body>",
        "<article>",
        f"<h1>{esc(HTML_H1)}</h1>",
        f'<p class="meta">{esc(HTML_META)}</p>',
    ]
    parts += [f"<p>{esc(text)}</p>" for text in HTML_PARAGRAPHS_BEFORE]
    parts.append("<ul>")
    parts += [f"<li>{esc(text)}</li>" for text in HTML_TOPICS]
    parts.append("</ul>")
    parts += [f"<p>{esc(text)}</p>" for text in HTML_PARAGRAPHS_AFTER]
    parts += ["</article>", "</body>", "</html>", ""]
    return nfc("\n".join(parts))


def write_news_html(path: Path) -> None:
    path.write_bytes(render_html().encode("utf-8"))


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


# ============================================================ main

def make_corpus(out: Path) -> list[Path]:
    """Write the five team-authored documents into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    writers = [
        (DOCX_NAME, write_minutes_docx),
        (PDF_NAME, write_notice_pdf),
        (MD_NAME, write_report_md),
        (HTML_NAME, write_news_html),
        (CP1258_NAME, write_invitation_cp1258),
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
