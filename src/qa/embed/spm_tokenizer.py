"""The bundled model's tokenizer on SentencePiece: the token ids and character offsets of the
exported ``tokenizer.json`` (``qa.embed.export.build_tokenizer``) in ~50 MB of memory where
``tokenizers`` takes ~0.3 GB.

``MODEL_FILE`` is a standard SentencePiece Unigram model: the bundled model's pieces and scores in
the same id order, ``<unk>`` typed UNKNOWN, the other special pieces (``<s>``, ``<pad>``, ``</s>``,
``<mask>``) ordinary ones, so that such a string typed in a text is tokenized as text, as the
engine does. Its normalizer is the identity: the text it sees is normalized here, by the table kept
in its ``normalization_rule_tsv`` (a line per source character: its codepoint, a tab, the
codepoints of its replacement, in hex), so that each token's character span in the original text
comes out as ``tokenizers`` computes it:

* the text is cut at a NUL (the engine reads C strings);
* the table is applied per grapheme cluster as ``tokenizers``' ``Precompiled`` applies it: a
  cluster of under 6 UTF-8 bytes whose first character the table rewrites is replaced by that
  character's replacement as a whole (a fullwidth letter + U+0301 loses the mark, ``\r\n`` becomes
  one space), any other character on its own; each output character is aligned to an original one
  as ``tokenizers``' ``NormalizedString.transform`` aligns it (a deleted character before any
  other shifts the alignment of the rest by one, as there);
* a run of spaces becomes its last space; a space is prepended (aligned to the first character)
  unless the text starts with one;
* SentencePiece runs the Viterbi over the whole string; a run of unknown characters, one piece
  there, is one ``<unk>`` per character here, as in the engine.

Two differences from ``tokenizers``, both where it differs from the engine: ``<unk>`` typed in a
text is text (the engine never matches that piece; ``tokenizers`` gives id 3), and where two
orders of the same pieces tie (a run of one repeated character or group, e.g. ``aaaaaaa``,
``0000000000``, ``ⅲ``), SentencePiece sums the scores in single precision as the engine does and
may pick another order than ``tokenizers``' double precision. Grapheme clusters follow Unicode's
rules for what the table can rewrite whole (marks, Prepend, controls, CR LF), not emoji ZWJ
sequences or Indic conjuncts that end in a rewritten character followed by a mark.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL_FILE = "sentencepiece.model"
_QUIRK_BYTES = 6  # tokenizers' Precompiled rewrites a grapheme cluster whole below this size


class Vocabulary(Protocol):
    """What ``write_model`` reads of a model (``qa.embed.export.PackedModel`` has it)."""

    pieces: list[str]
    scores: np.ndarray
    norm: dict[str, str]
    unk: int
    bos: int
    eos: int
    pad: int


# Grapheme cluster boundaries (Unicode's Grapheme_Cluster_Break, as tokenizers' unicode-segmentation
# has them) beyond what the general category tells: (first, last) codepoint ranges.
_GRAPHEME_RANGES = {
    # Extend, ZWJ and SpacingMark characters that are not Mn/Me/Mc, or that this Python's Unicode
    # database does not know yet
    "mark": ((0x0897, 0x0897), (0x0CF3, 0x0CF3), (0x0E33, 0x0E33), (0x0EB3, 0x0EB3), (0x0ECE, 0x0ECE),
             (0x1ACF, 0x1ADD), (0x1AE0, 0x1AEB), (0x200C, 0x200D), (0xFF9E, 0xFF9F), (0xE0020, 0xE007F)),
    # Mc that do not extend a cluster
    "not_mark": ((0x102B, 0x102C), (0x1038, 0x1038), (0x1062, 0x1064), (0x1067, 0x106D), (0x1083, 0x1083),
                 (0x1087, 0x108C), (0x108F, 0x108F), (0x109A, 0x109C), (0x1A61, 0x1A61), (0x1A63, 0x1A64),
                 (0xAA7B, 0xAA7B), (0xAA7D, 0xAA7D)),
    # Prepend: the character after it is in its cluster
    "prepend": ((0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
                (0x0D4E, 0x0D4E), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x111C2, 0x111C3),
                (0x113D1, 0x113D1), (0x1193F, 0x1193F), (0x11941, 0x11941), (0x11A84, 0x11A89),
                (0x11D46, 0x11D46), (0x11F02, 0x11F02)),
    # Control characters this Python's Unicode database has as unassigned
    "control": ((0x2065, 0x2065), (0xFFF0, 0xFFF8), (0x13439, 0x1343F), (0xE0000, 0xE0000), (0xE0002, 0xE001F),
                (0xE0080, 0xE00FF), (0xE01F0, 0xE0FFF)),
}


def _in(kind: str, ch: str) -> bool:
    return any(a <= ord(ch) <= b for a, b in _GRAPHEME_RANGES[kind])


def _extends_cluster(ch: str) -> bool:
    """True if ``ch`` continues the grapheme cluster before it (Extend, ZWJ, SpacingMark)."""
    return (unicodedata.category(ch) in ("Mn", "Me", "Mc") and not _in("not_mark", ch)) or _in("mark", ch)


def _ends_cluster(ch: str) -> bool:
    """True if a grapheme cluster always ends after ``ch`` (Control, CR, LF)."""
    category = unicodedata.category(ch)
    return (category in ("Cc", "Zl", "Zp") or _in("control", ch)
            or (category == "Cf" and not _in("mark", ch) and not _in("prepend", ch)))


def write_model(m: Vocabulary, path: Path) -> None:
    """The tokenizer of the packed model ``m`` as the SentencePiece model at ``path``."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    model = pb.ModelProto()
    kinds = pb.ModelProto.SentencePiece
    for i, (piece, score) in enumerate(zip(m.pieces, m.scores.tolist())):
        model.pieces.add(piece=piece, score=score, type=kinds.UNKNOWN if i == m.unk else kinds.NORMAL)
    trainer = model.trainer_spec
    trainer.model_type = pb.TrainerSpec.UNIGRAM
    trainer.vocab_size = len(model.pieces)
    for name, i in (("unk", m.unk), ("bos", m.bos), ("eos", m.eos), ("pad", m.pad)):
        setattr(trainer, f"{name}_id", i)
        setattr(trainer, f"{name}_piece", m.pieces[i])
    norm = model.normalizer_spec
    norm.name = "identity"  # the text is normalized before (see the module docstring)
    norm.add_dummy_prefix = norm.remove_extra_whitespaces = False
    norm.escape_whitespaces = True
    norm.normalization_rule_tsv = "".join(
        f"{ord(src):X}\t{' '.join(f'{ord(c):X}' for c in dst)}\n" for src, dst in sorted(m.norm.items()))
    path.write_bytes(model.SerializeToString())


@dataclass(slots=True)
class Encoding:
    """One text's token ids and each token's (start, end) character span in the text."""

    ids: list[int]
    offsets: list[tuple[int, int]]


def _replace(entries: list[list], replaced: int, new: str) -> None:
    """``tokenizers``' Precompiled ``replace``: ``replaced`` characters become ``new``, as
    (character, change) entries: 0 replaces one original character, 1 is inserted, -n also
    removes the n original characters after it."""
    entries.extend([ch, 0] for ch in new)
    if len(new) > replaced:
        for entry in entries[len(entries) - (len(new) - replaced):]:
            entry[1] = 1
    elif len(new) < replaced and entries:
        entries[-1][1] += len(new) - replaced


class _Normalizer:
    """The exported tokenizer's normalization, each output character's original position kept."""

    def __init__(self, table: dict[str, str]) -> None:
        self._table = table
        self._one = str.maketrans({src: dst for src, dst in table.items() if len(dst) == 1})
        self._marks = {chr(cp) for cp in range(0x80, 0x10000) if _extends_cluster(chr(cp))}

        def chars(found) -> str:
            return "".join(map(re.escape, sorted(found)))

        # Texts that only have characters rewritten one for one, outside any grapheme cluster
        # that the table could rewrite whole, are normalized by str.translate.
        self._irregular = {src for src, dst in table.items() if len(dst) != 1}
        self._mark = re.compile(f"[{chars(self._marks)}]")

    def _needs_clusters(self, text: str) -> bool:
        """False if ``str.translate`` gives the text's normalization: every character it holds
        is rewritten one for one, outside any grapheme cluster the table could rewrite whole."""
        if "\r\n" in text or not self._irregular.isdisjoint(text):
            return True
        return any(text[found.start() - 1] in self._table for found in self._mark.finditer(text, 1))

    def _starts_cluster(self, text: str, i: int) -> bool:
        if i == 0 or _ends_cluster(text[i - 1]):
            return True
        return not (_in("prepend", text[i - 1]) or text[i] in self._marks)

    def _by_cluster(self, text: str) -> tuple[str, list[int]]:
        """Precompiled's output and alignment for any text (one step per character)."""
        entries: list[list] = []
        i, n = 0, len(text)
        while i < n:
            ch, end = text[i], i + 1
            if ch == "\r" and text[end:end + 1] == "\n":
                end += 1
            elif ch in self._table and not _ends_cluster(ch) and self._starts_cluster(text, i):
                while end < n and text[end] in self._marks:
                    end += 1
                if end - i == 1 or len(text[i:end].encode("utf-8")) >= _QUIRK_BYTES:
                    end = i + 1
            _replace(entries, end - i, self._table.get(ch, ch))
            i = end
        chars, align, consumed = [], [], 0
        for ch, change in entries:
            if change > 0:  # inserted: aligned as the character before it
                align.append(consumed - 1)
            else:
                align.append(consumed)
                consumed += 1 - change
            chars.append(ch)
        return "".join(chars), align

    def __call__(self, text: str) -> tuple[str, np.ndarray]:
        """The text the model sees and, for each of its characters, the original one it
        stands for."""
        text = text.split("\0", 1)[0]
        if self._needs_clusters(text):
            norm, found = self._by_cluster(text)
            align = np.array(found, dtype=np.int64)
        else:
            norm = text if self._table.keys().isdisjoint(text) else text.translate(self._one)
            align = np.arange(len(norm))
        if "  " in norm:  # a run of spaces is its last space
            codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
            keep = np.append((codes[:-1] != 32) | (codes[1:] != 32), True)
            norm, align = codes[keep].tobytes().decode("utf-32-le"), align[keep]
        if norm and norm[0] != " ":
            norm, align = " " + norm, np.insert(align, 0, align[0])
        return norm, align


def _read_model(data: bytes) -> tuple[dict[str, str], np.ndarray, tuple[int, int, int]]:
    """From a serialized ``MODEL_FILE``: the normalization table, each piece's length in
    characters, and the ids of ``<s>``, ``</s>`` and ``<unk>``."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    model = pb.ModelProto.FromString(data)
    table = {}
    for line in model.normalizer_spec.normalization_rule_tsv.splitlines():
        src, dst = line.split("\t")
        table[chr(int(src, 16))] = "".join(chr(int(cp, 16)) for cp in dst.split())
    lengths = np.array([len(piece.piece) for piece in model.pieces], dtype=np.int32)
    trainer = model.trainer_spec
    return table, lengths, (trainer.bos_id, trainer.eos_id, trainer.unk_id)


class SentencePieceTokenizer:
    """``MODEL_FILE`` at ``path`` with the ``tokenizers`` API the backends use: ``encode`` and
    ``encode_batch`` give ``Encoding``s of content ids (``<s>``/``</s>`` only if
    ``add_special_tokens``), no truncation, no padding."""

    def __init__(self, path: Path) -> None:
        import sentencepiece

        data = Path(path).read_bytes()
        table, self._lengths, (self._bos, self._eos, self._unk) = _read_model(data)
        self._normalize = _Normalizer(table)
        self._sp = sentencepiece.SentencePieceProcessor(model_proto=data)

    def encode(self, text: str, add_special_tokens: bool = False) -> Encoding:
        return self.encode_batch([text], add_special_tokens)[0]

    def encode_batch(self, texts: list[str], add_special_tokens: bool = False) -> list[Encoding]:
        prepared = [self._normalize(t) for t in texts]
        found = self._sp.encode([norm for norm, _ in prepared], return_type="numpy")
        encodings = [self._encoding(ids, norm, align) for ids, (norm, align) in zip(found, prepared)]
        if add_special_tokens:
            for e in encodings:
                e.ids, e.offsets = [self._bos, *e.ids, self._eos], [(0, 0), *e.offsets, (0, 0)]
        return encodings

    def _encoding(self, ids: np.ndarray, norm: str, align: np.ndarray) -> Encoding:
        """Each piece spans as many characters of ``norm`` as it has, unless it is unknown."""
        if (ids == self._unk).any():
            return self._unknown_one_by_one(norm, align)
        ends = np.cumsum(self._lengths[ids])
        starts = align[ends - self._lengths[ids]]
        return Encoding(ids.tolist(), list(zip(starts.tolist(), (align[ends - 1] + 1).tolist())))

    def _unknown_one_by_one(self, norm: str, align: np.ndarray) -> Encoding:
        """One ``<unk>`` per unknown character, as the engine: SentencePiece makes a run of them
        one piece."""
        found = self._sp.encode(norm, return_type="offset_mapping")
        ids, offsets = [], []
        for piece, (start, end) in zip(found["ids"], found["offsets"]):
            if piece == self._unk:
                ids += [piece] * (end - start)
                offsets += [(int(align[j]), int(align[j]) + 1) for j in range(start, end)]
            else:
                ids.append(piece)
                offsets.append((int(align[start]), int(align[end - 1]) + 1))
        return Encoding(ids, offsets)
