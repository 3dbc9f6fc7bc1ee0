"""Vietnamese text normalization, shared by documents and questions.

The same words reach us in different byte forms: precomposed or combining tone marks (NFC vs
NFD, Windows-1258 files), tone marks placed on different vowels (hoà/hòa, thuỷ/thủy), odd
spaces. Search only works if both sides are brought to one form. Documents keep their
original text for display; ``normalize_with_offsets`` says where each normalized character
came from so citations can point back into the original.
"""
from __future__ import annotations

import re
import unicodedata

# The five Vietnamese tone marks as combining characters.
_TONES = frozenset("\u0300\u0301\u0309\u0303\u0323")
# Characters that carry no text: zero-width space/joiners, BOM, soft hyphen.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# oa/oe/uy at the end of a syllable with the tone on the second vowel ("hoà", "thuỷ"); the
# convention we keep puts it on the first ("hòa", "thủy"). "qu" is a consonant, so "quý" stays.
# A combining mark after the pair (a second tone, left by NFC) means the syllable is not one.
_OLD_STYLE_TONE = re.compile(r"(?<![qQ])([oOuU])([^\W\d_])(?![^\W\d_]|[\u0300-\u036f])")
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    base, *marks = unicodedata.normalize("NFD", second)
    if (first.lower(), base.lower()) not in _PAIRS:
        return match.group(0)
    tones = [m for m in marks if m in _TONES]
    if not tones:
        return match.group(0)
    rest = [m for m in marks if m not in _TONES]
    return unicodedata.normalize("NFC", first + tones[0]) + unicodedata.normalize("NFC", base + "".join(rest))


def _nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC, composing each base character with the combining marks that follow it."""
    visible = [i for i, c in enumerate(text) if c not in _INVISIBLE]
    if len(visible) == len(text) and unicodedata.is_normalized("NFC", text):
        return text, visible
    # Invisible characters go first, so that a mark they separated from its letter composes.
    out: list[str] = []
    offsets: list[int] = []
    k, n = 0, len(visible)
    while k < n:
        end = k + 1
        # Marks join a letter, never a space or line break ("\r" + U+0300 stays two clusters).
        while end < n and not text[visible[k]].isspace() and unicodedata.combining(text[visible[end]]):
            end += 1
        composed = unicodedata.normalize("NFC", "".join(text[i] for i in visible[k:end]))
        out.append(composed)
        offsets.extend([visible[k]] * len(composed))
        k = end
    return "".join(out), offsets


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalized text and, for each of its characters, the index of its source in ``text``.

    The offset list has one extra entry, ``len(text)``, so that a normalized span
    ``[a, b)`` maps to the original span ``[offsets[a], offsets[b])``.
    """
    nfc, nfc_offsets = _nfc_with_offsets(text)
    # Tone placement swaps marks inside two-letter groups: lengths, hence offsets, are kept.
    nfc = _OLD_STYLE_TONE.sub(_move_tone, nfc)
    out: list[str] = []
    offsets: list[int] = []
    pending_space: str | None = None
    pending_at = 0
    for ch, src in zip(nfc, nfc_offsets):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            # A run of spaces becomes one space; a run that holds a line break becomes one
            # line break, so paragraph boundaries survive for the sentence splitter.
            if pending_space is None:
                pending_space, pending_at = " ", src
            if ch in "\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85":
                pending_space = "\n"
            continue
        if pending_space is not None:
            if out:
                out.append(pending_space)
                offsets.append(pending_at)
            pending_space = None
        out.append(ch)
        offsets.append(src)
    offsets.append(len(text))
    return "".join(out), offsets


def normalize(text: str) -> str:
    """NFC, one tone-mark convention, collapsed whitespace, no invisible characters."""
    return normalize_with_offsets(text)[0]


def fold_diacritics(text: str) -> str:
    """Text without tone and vowel marks ("Hội nghị" -> "Hoi nghi"), for questions typed
    without diacritics. Keeps one character per input character of NFC text."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def unmarked(text: str) -> bool:
    """Whether ``text`` is typed without tone and vowel marks ("ai phat bieu"): folding leaves
    it as it is."""
    return fold_diacritics(text) == text
