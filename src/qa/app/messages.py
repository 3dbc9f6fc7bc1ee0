"""Every Vietnamese text the chat app shows about what happened, and the one table that turns
qa's typed errors (``qa.errors``) into them. The messages themselves stay English in the
library, the CLI and the logs."""
from __future__ import annotations

import logging

from ..errors import (AccessDenied, AccessFileError, EmptyQuestion, IndexNotFound, LoadError, LoadReason,
                      NoDocumentsSelected, NothingReadable, StoreUnavailable, UnknownDocuments)
from ..ingest.load import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

MSG_ERROR = "Đã xảy ra lỗi khi xử lý yêu cầu. Vui lòng thử lại."
MSG_NO_INDEX = "Chưa có chỉ mục tài liệu. Hãy thêm tài liệu vào thư mục corpus hoặc tải lên một tệp."
MSG_STORE_UNAVAILABLE = "Không kết nối được kho dữ liệu tìm kiếm (Milvus). Vui lòng thử lại sau."
MSG_EMPTY_QUESTION = "Hãy nhập câu hỏi."
MSG_NO_DOCS_SELECTED = "Hãy chọn ít nhất một tài liệu để tìm kiếm."
MSG_UNKNOWN_DOCS = "Không có tài liệu nào trong danh sách đã chọn."
MSG_THINKING = "⏳ Đang tìm câu trả lời…"
MSG_THANKS = "Cảm ơn bạn đã góp ý!"
MSG_FEEDBACK_FAILED = "Không lưu được góp ý."
MSG_NO_FILE = "Chưa chọn tệp."
MSG_UPLOAD_UNREADABLE = "Không đọc được tệp tải lên."
MSG_UPLOAD_EMPTY = "Tệp rỗng."
MSG_UPLOAD_FAILED = "Lỗi khi thêm tài liệu; kho tài liệu không thay đổi."
MSG_INDEX_FAILED = "Lỗi khi cập nhật chỉ mục; tệp không được thêm."
MSG_FORBIDDEN = "Bạn không có quyền đọc tài liệu này."
MSG_NOTHING_READABLE = "Tài khoản của bạn chưa được quyền đọc tài liệu nào."
MSG_ACCESS_BROKEN = "Tệp phân quyền truy cập đang bị lỗi; hãy báo quản trị viên."
MSG_UPLOAD_NOT_ALLOWED = "Tài khoản của bạn không có thư mục để tải tài liệu lên."
LOGIN_MESSAGE = ("Đăng nhập để dùng trợ lý hỏi đáp tài liệu. Sau nhiều lần nhập sai, việc đăng nhập bị "
                 "tạm khóa ít phút.")
LOGOUT = "Đăng xuất"

# The meetings tab and the meeting record card.
TAB_CHAT = "Hỏi đáp"
TAB_MEETINGS = "Cuộc họp"
MEETINGS_INTRO = ("Các cuộc họp mà tài liệu ghi lại. Lọc theo ngày (dd/mm/yyyy hoặc yyyy-mm-dd), người "
                  "chủ trì (gõ có hoặc không dấu) hoặc tài liệu; bấm một dòng để xem văn bản và thông tin "
                  "cuộc họp.")
SINCE, UNTIL, CHAIR, DOCUMENT = "Từ ngày", "Đến ngày", "Người chủ trì", "Tài liệu"
DATE_PLACEHOLDER = "dd/mm/yyyy"
CHAIR_PLACEHOLDER = "Ví dụ: Nguyễn Hữu Thắng hoặc nguyen huu thang"
ALL_DOCUMENTS = "Tất cả tài liệu"
FILTER = "Lọc"
MEETING_COLUMNS = ("Ngày", "Loại", "Tiêu đề", "Chủ trì")
NO_MEETINGS = "Không có cuộc họp nào khớp bộ lọc."
DATES_REVERSED = "«Từ ngày» đứng sau «Đến ngày»."
OPEN_MEETING = "Bấm để xem văn bản và thông tin cuộc họp"
SHOW_SOURCE = "Bấm để xem câu gốc trong văn bản"
RECORD_EMPTY = "Văn bản không nêu thông tin cuộc họp."
# The card's rows, by record field ("when": time and date).
RECORD_FIELDS = {
    "when": "Thời gian",
    "place": "Địa điểm",
    "chair": "Chủ trì",
    "attendees": "Thành phần",
    "speakers": "Phát biểu",
    "conclusions": "Kết luận",
    "proposals": "Đề xuất, kiến nghị",
    "tasks": "Nhiệm vụ",
    "signer": "Người ký",
}

ERRORS: dict[type[Exception], str] = {
    EmptyQuestion: MSG_EMPTY_QUESTION,
    IndexNotFound: MSG_NO_INDEX,
    StoreUnavailable: MSG_STORE_UNAVAILABLE,
    NoDocumentsSelected: MSG_NO_DOCS_SELECTED,
    UnknownDocuments: MSG_UNKNOWN_DOCS,
    AccessDenied: MSG_FORBIDDEN,
    NothingReadable: MSG_NOTHING_READABLE,
    AccessFileError: MSG_ACCESS_BROKEN,
}

LOAD_REASONS: dict[LoadReason, str] = {
    LoadReason.UNSUPPORTED: "định dạng tệp không được hỗ trợ",
    LoadReason.NOT_FOUND: "không tìm thấy tệp",
    LoadReason.PERMISSION: "không có quyền đọc tệp",
    LoadReason.NOT_REGULAR: "không phải một tệp thông thường",
    LoadReason.OUTSIDE_CORPUS: "tệp nằm ngoài thư mục tài liệu",
    LoadReason.EMPTY: "tệp rỗng",
    LoadReason.TOO_LARGE: "tệp vượt quá giới hạn dung lượng",
    LoadReason.BINARY: "tệp chứa dữ liệu nhị phân, không phải văn bản",
    LoadReason.ENCODING: "không nhận ra bảng mã văn bản",
    LoadReason.INVALID_UTF8: "văn bản UTF-8 không hợp lệ",
    LoadReason.NO_TEXT: "tệp không có nội dung văn bản",
    LoadReason.BAD_DOCX: "tệp DOCX bị hỏng hoặc không đọc được",
    LoadReason.BAD_PDF: "tệp PDF bị hỏng hoặc không đọc được",
    LoadReason.PDF_ENCRYPTED: "tệp PDF được mã hóa",
    LoadReason.PDF_NO_TEXT: "tệp PDF không có lớp văn bản (bản quét?), cần OCR trước",
    LoadReason.PARSER_FAILED: "tệp bị hỏng, trình đọc không xử lý được",
    LoadReason.TIMEOUT: "đọc tệp quá lâu (tệp bị hỏng?)",
    LoadReason.CRASHED: "trình đọc gặp sự cố với tệp này (tệp bị hỏng?)",
}


def error_message(exc: Exception) -> str:
    """The Vietnamese message for ``exc``; an error qa did not raise on purpose is logged with
    its traceback and shown as a general failure."""
    if isinstance(exc, LoadError):
        return LOAD_REASONS[exc.reason]
    if isinstance(exc, AccessFileError):
        log.error("A request was refused: %s", exc)
    for kind, message in ERRORS.items():
        if isinstance(exc, kind):
            return message
    log.error("Request failed", exc_info=exc)
    return MSG_ERROR


def unsupported(suffix: str) -> str:
    return (f"Không hỗ trợ định dạng «{suffix or '(không có)'}». "
            f"Chỉ nhận các tệp: {', '.join(SUPPORTED_SUFFIXES)}.")


def too_large(size_mb: float, limit_mb: float) -> str:
    return f"Tệp quá lớn ({size_mb:.1f} MB); giới hạn là {limit_mb:g} MB."


def unreadable(name: str, exc: LoadError) -> str:
    return f"Không đọc được tệp «{name}»: {LOAD_REASONS[exc.reason]}. Tệp không được thêm."


def not_indexed(doc_id: str, exc: LoadError) -> str:
    """The index build skipped a file that could be read on upload (its reader timed out or
    crashed on it, or it held no passage)."""
    return f"Không lập chỉ mục được «{doc_id}»: {LOAD_REASONS[exc.reason]}. Tệp không được thêm."


def duplicate(name: str) -> str:
    return f"Tài liệu «{name}» đã có trong kho (nội dung giống hệt)."


def added(doc_id: str, chunks: int) -> str:
    return f"Đã thêm «{doc_id}» ({chunks} đoạn) và cập nhật chỉ mục."


def document_unreadable(doc_id: str, exc: LoadError) -> str:
    return f"Không mở được tài liệu {doc_id}: {LOAD_REASONS[exc.reason]}."


def signed_in(user: str) -> str:
    return f"Đang đăng nhập: **{user}**"


def bad_date(text: str) -> str:
    return f"«{text}» không phải là ngày; hãy nhập theo dạng dd/mm/yyyy hoặc yyyy-mm-dd."


def meetings_found(count: int) -> str:
    return f"{count} cuộc họp."
