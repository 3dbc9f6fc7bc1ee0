"""Presenting answers: JSON for programs, plain text for the terminal."""
from __future__ import annotations

from typing import Any, Mapping

from .extractive import Answer, Evidence
from .retrieve import Hit


def _clip(lo: int, hi: int, span: tuple[int, int]) -> list[int] | None:
    """``span`` cut to [lo, hi), or None when nothing of it is left."""
    start, end = max(lo, span[0]), min(hi, span[1])
    return [start, end] if start < end else None


def _citation(n: int, hit: Hit, evidence: Evidence | None, cited_doc: str | None,
              documents: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One numbered passage; ``highlight`` and ``answer_span`` are set on the passages of the
    cited document that hold (part of) the evidence sentence and the short answer in it."""
    chunk = hit.chunk
    highlight = answer_span = None
    if evidence is not None and chunk.doc == cited_doc:
        highlight = _clip(chunk.start, chunk.end, (evidence.start, evidence.end))
        if highlight:
            answer_span = _clip(*highlight, (evidence.span_start, evidence.span_end))
    return {"n": n, "doc": chunk.doc, "title": chunk.title,
            "date": documents.get(chunk.doc, {}).get("date"), "page": chunk.page,
            "start": chunk.start, "end": chunk.end, "score": round(float(hit.score), 4),
            "text": chunk.text, "highlight": highlight, "answer_span": answer_span}


def answer_to_json(answer: Answer, documents: Mapping[str, Mapping[str, Any]] | None = None
                   ) -> dict[str, Any]:
    """The answer as one JSON object: what ``qa ask --json`` prints and the app's ``/ask``
    returns (schema: docs/api.md). ``documents``: the index manifest's documents, for dates."""
    evidence = answer.evidence if answer.answered else None
    n = evidence.hit_index + 1 if evidence is not None else None
    cited_doc = answer.hits[evidence.hit_index].chunk.doc if evidence is not None else None
    return {
        "question": answer.question,
        "resolved_question": answer.resolved_question,
        "notices": list(answer.notices),
        "answer": answer.text,
        "answered": answer.answered,
        "generated": answer.generated,
        "generated_citations": list(answer.generated_citations),
        "cited": n,
        "evidence": evidence.text if evidence is not None else None,
        "evidence_span": ({"n": n, "start": evidence.start, "end": evidence.end}
                          if evidence is not None else None),
        "answer_span": ({"n": n, "start": evidence.span_start, "end": evidence.span_end}
                        if evidence is not None else None),
        "items": [{"text": item.text, "n": item.n, "start": item.start, "end": item.end}
                  for item in answer.items],
        "meetings": [{"doc": m.doc, "title": m.title, "date": m.date, "answer": m.text, "n": m.n,
                      "start": m.start, "end": m.end} for m in answer.meetings],
        "citations": [_citation(i, hit, evidence, cited_doc, documents or {})
                      for i, hit in enumerate(answer.hits, start=1)],
    }


def answer_to_text(answer: Answer, width: int = 300) -> str:
    """Short answer (a list answer as its items, "- item [n]"), the sentence it came from with
    its citation marker, then the passages."""
    lines = [*answer.notices]
    items = [] if answer.meetings else answer.items  # several meetings' answers: ``text`` lists them
    lines += [f"- {' '.join(item.text.split())} [{item.n}]" for item in items] or [answer.text]
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
