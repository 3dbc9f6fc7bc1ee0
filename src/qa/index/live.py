"""The live generation of an index folder, and what can be read of it without its vectors.

``CURRENT`` names the live generation (``store`` writes it last, atomically); ``read_live``
reads a generation through it, again where a build retired the one it just named. Listing the
meetings (``qa meetings``) reads only the manifest and the meeting records
(``meeting_records``): no vectors, no search libraries loaded — on the 10k bench index that is
a tenth of a second where opening the whole index takes seconds.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, TypeVar

from ..errors import IndexNotFound
from ..meetings.record import RECORDS, MeetingRecord

FORMAT_VERSION = 3
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
T = TypeVar("T")


def current_generation(index_dir: Path) -> Path | None:
    """The folder of the live generation, or None where ``index_dir`` has no index."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return index_dir / name if name else None


def read_manifest(gen: Path) -> dict:
    """A generation's manifest; ``ValueError`` for a format this version does not read."""
    manifest = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"it has format {manifest.get('format_version')}, this version of qa reads "
                         f"format {FORMAT_VERSION}")
    return manifest


def read_records(gen: Path) -> dict[str, MeetingRecord]:
    """The generation's meeting records by document (none in a generation without them)."""
    if not (gen / RECORDS).exists():
        return {}
    with (gen / RECORDS).open(encoding="utf-8") as fh:
        records = [MeetingRecord.from_json(json.loads(line)) for line in fh if line.strip()]
    return {r.doc: r for r in records}


def read_live(index_dir: Path, read: Callable[[Path], T]) -> T:
    """``read`` of the live generation in ``index_dir``; raises ``IndexNotFound`` with what to do."""
    for _ in range(3):  # a build may retire the generation we just read the name of
        gen = current_generation(index_dir)
        if gen is None:
            raise IndexNotFound(f"No index in {index_dir}. Build one with: qa index --index {index_dir}")
        try:
            return read(gen)
        except FileNotFoundError:
            continue
        except (ValueError, KeyError, RuntimeError, OSError, json.JSONDecodeError) as exc:
            raise IndexNotFound(f"The index in {index_dir} cannot be used ({exc}). "
                                "Rebuild it with: qa index") from None
    raise IndexNotFound(f"The index in {index_dir} is incomplete. Rebuild it with: qa index")


def meeting_records(index_dir: Path) -> tuple[dict, dict[str, MeetingRecord]]:
    """The live generation's manifest and meeting records, by document."""
    return read_live(index_dir, lambda gen: (read_manifest(gen), read_records(gen)))
