"""Optional generative answers: a chat model writes the answer from the passages already retrieved.

The model only sees the numbered passages that the extractive pipeline found, and must cite
them as ``[n]``. Its citations are checked against those passages: a marker pointing at no
passage is dropped (and logged), and a reply that cites none, an error or a timeout leaves the
extractive answer in place with a notice, so the assistant never answers worse than without it.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from .extractive import NOT_FOUND, Answer
from ..config import Settings
from .retrieve import Hit

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "Bạn là trợ lý trả lời câu hỏi về tài liệu họp. Chỉ dùng thông tin trong các đoạn được đánh "
    "số mà người dùng cung cấp, không dùng hiểu biết bên ngoài. Trả lời ngắn gọn bằng tiếng Việt "
    "và ghi số đoạn làm nguồn trong ngoặc vuông ngay sau ý lấy từ đoạn đó, ví dụ [1] hoặc [1, 2]. "
    f"Nếu các đoạn không trả lời được câu hỏi, chỉ viết: {NOT_FOUND}"
)
NOTICE_FAILED = "Không kết nối được mô hình ngôn ngữ; hiển thị câu trả lời trích từ tài liệu."
NOTICE_UNCITED = ("Câu trả lời của mô hình ngôn ngữ không dẫn nguồn từ các đoạn tìm được; "
                  "hiển thị câu trả lời trích từ tài liệu.")

# "[1]", "[1, 2]", "[1;2]", "[ 3 ]"; adjacent markers "[1][2]" are two matches.
_MARKER = re.compile(r"\s?\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")


@dataclass
class Generated:
    """A checked reply: its text (valid markers only) and the passage numbers it cites."""

    text: str
    cited: list[int]


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model for ``settings.llm_*``; no retries, so a failing endpoint costs one timeout."""
    from langchain_openai import ChatOpenAI  # imported only when generation is turned on

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        # Local servers ignore the key, but the OpenAI client refuses to start without one.
        api_key=settings.llm_api_key or "none",
        timeout=settings.llm_timeout_s,
        max_retries=0,
        temperature=0,
        # Chat Completions is what OpenAI-compatible servers (llama.cpp, vLLM, Ollama) implement.
        use_responses_api=False,
    )


def build_messages(question: str, hits: list[Hit]) -> list[SystemMessage | HumanMessage]:
    """The system instructions, then the numbered passages and the question."""
    passages = "\n\n".join(
        f"[{n}] {hit.chunk.title} ({hit.chunk.doc})\n{hit.chunk.text.strip()}"
        for n, hit in enumerate(hits, start=1))
    user = f"Các đoạn tài liệu:\n\n{passages}\n\nCâu hỏi: {question}"
    return [SystemMessage(SYSTEM_PROMPT), HumanMessage(user)]


def check_citations(reply: str, passages: int) -> Generated:
    """Keep the markers that point at one of the ``passages`` given; drop and log the others."""
    cited: list[int] = []

    def keep_valid(match: re.Match[str]) -> str:
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", match.group(1))]
        valid = [n for n in numbers if 1 <= n <= passages]
        for n in numbers:
            if n not in valid:
                log.warning("LLM reply cites passage [%d] but only %d were given; marker dropped",
                            n, passages)
        cited.extend(n for n in valid if n not in cited)
        if not valid:
            return ""
        space = " " if match.group(0)[0].isspace() else ""
        return f"{space}[{', '.join(map(str, valid))}]"

    text = _MARKER.sub(keep_valid, reply).strip()
    return Generated(text=text, cited=cited)


def generate(model: BaseChatModel, question: str, hits: list[Hit]) -> Generated:
    """Ask the model; the reply with its citations checked (exceptions are the caller's)."""
    reply = model.invoke(build_messages(question, hits))
    return check_citations(str(reply.text), len(hits))


def add_generated(answer: Answer, model: BaseChatModel) -> Answer:
    """Replace the extractive answer's text with the model's when the model cites a passage;
    otherwise keep the extractive answer and say why in ``answer.notices``."""
    if not answer.hits:
        return answer
    try:
        result = generate(model, answer.resolved_question or answer.question, answer.hits)
    except Exception as exc:  # any endpoint failure (timeout, HTTP error, bad reply) falls back
        log.warning("LLM endpoint failed (%s: %s); using the extractive answer",
                    type(exc).__name__, exc)
        answer.notices.append(NOTICE_FAILED)
        return answer
    if not result.cited:
        log.warning("LLM reply cites no given passage; using the extractive answer: %r", result.text)
        answer.notices.append(NOTICE_UNCITED)
        return answer
    if not answer.answered:
        answer.evidence = None  # the extractive best sentence did not answer: show none
    answer.text = result.text
    answer.answered = True
    answer.generated = True
    answer.generated_citations = result.cited
    return answer
