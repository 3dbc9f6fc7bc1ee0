"""Presenting answers: JSON for programs, plain text for the terminal."""
from __future__ import annotations

from .extractive import Answer


def answer_to_json(answer: Answer) -> dict[str, object]:
    """The ``qa ask --json`` object."""
    evidence = answer.evidence
    return {
        "question": answer.question,
        "answer": answer.text,
        "answered": answer.answered,
        "generated": answer.generated,
        "generated_citations": answer.generated_citations,
        "evidence": evidence.text if evidence and answer.answered else None,
        "answer_span": ({"n": evidence.hit_index + 1, "start": evidence.span_start, "end": evidence.span_end}
                        if evidence and answer.answered else None),
        "resolved_question": answer.resolved_question,
        "notices": answer.notices,
        "citations": [
            {"n": n, "doc": hit.chunk.doc, "title": hit.chunk.title, "start": hit.chunk.start,
             "end": hit.chunk.end, "page": hit.chunk.page, "score": round(hit.score, 4),
             "text": hit.chunk.text}
            for n, hit in enumerate(answer.hits, start=1)
        ],
    }


def answer_to_text(answer: Answer, width: int = 300) -> str:
    """Short answer, the sentence it came from with its citation marker, then the passages."""
    lines = [*answer.notices, answer.text]
    if answer.answered and answer.evidence is not None:
        lines.append(f"\n« {answer.evidence.text} » [{answer.evidence.hit_index + 1}]")
    lines.append("")
    for n, hit in enumerate(answer.hits, start=1):
        where = hit.chunk.doc + (f", p. {hit.chunk.page}" if hit.chunk.page else "")
        excerpt = " ".join(hit.chunk.text.split())
        if len(excerpt) > width:
            excerpt = excerpt[:width].rsplit(" ", 1)[0] + " …"
        lines.append(f"[{n}] {hit.chunk.title} ({where}; chars {hit.chunk.start}-{hit.chunk.end}; "
                     f"score {hit.score:.3f})")
        lines.append(f"    {excerpt}")
    return "\n".join(lines)
