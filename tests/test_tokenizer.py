"""The backends' tokenizer (``qa.embed.spm_tokenizer``, on SentencePiece) gives the token ids and
character offsets of the exported ``tokenizer.json`` (``tokenizers``): two independent
implementations of one tokenizer, compared on the shipped corpus, real paragraphs and questions
from ``../shared/datasets`` and hostile edge cases. Where they differ by design (``<unk>`` typed
in a text, a tie between two orders of the same pieces), tests/test_export.py checks that the
backends' tokenizer gives the engine's ids."""
from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest

from qa.embed import export
from qa.ingest.load import LoadError, list_corpus, load_document
from qa.ingest.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "datasets"

EDGE_CASES = [
    "", " ", "   ", "\t", "\n\n", "\r\n", "\0", "\0abc", "a\0b", "cắt\x00 sau NUL",
    "  hai  khoảng   trắng  ", "tab\tvà\nxuống dòng\r\nmới\r\rcũ", "dòng\u2028mới\u2029đoạn",
    "ＡＢＣ ｈà ｎội ﬁ ① ㌀ x² ½ ǆ", "😀👍 ☃ ✓ 👍🏽 👨\u200d👩\u200d👧 🇻🇳", "丄丅丆 và \ue000\ue001 ᬈᎇ ꙮꙮꙮ",
    "chữ <s> và </s> <pad> <mask> <s>abc abc</s>", "▁a ▁ b", "NBSP\u00a0và ZWSP\u200bở\u200dđây",
    "Thế Hoà hòa thuỷ thủy", unicodedata.normalize("NFD", "Việt Nam (dạng tách dấu) Nghị quyết"),
    "Vie\u0302\u0323t \u0341a\u0301", "Ａ\u0301b \u00a0\u0301x ａ\u0301\u0301 \u200d\u0301x",
    "\x0babc", "\x0b\x0b½x", "½\x0b", "½\x0b\x0b a", "\u00ad mềm", "\u0600Ａ\u0301 \u0E01\u0E33",
    "\ufeffBOM ở đầu", "Điều 5.\tKhoản 2:\u3000“trích dẫn” — hết…",
]


def _same(tokenizers_tok, ours, texts: list[str]) -> None:
    expected = tokenizers_tok.encode_batch(texts, add_special_tokens=False)
    got = ours.encode_batch(texts, add_special_tokens=False)
    assert len(got) == len(texts)
    for text, a, b in zip(texts, expected, got):
        assert (b.ids, b.offsets) == (a.ids, [tuple(o) for o in a.offsets]), repr(text)


@pytest.fixture(scope="module")
def both(exported: Path):
    """``tokenizer.json`` as ``build_tokenizer`` makes it, and the backends' tokenizer."""
    from tokenizers import Tokenizer

    reference = Tokenizer.from_file(str(exported / "tokenizer.json"))
    reference.encode_special_tokens = True  # build_tokenizer's setting, which the file does not keep
    return reference, export.raw_tokenizer(exported)


def test_same_tokens_on_the_corpus_and_edge_cases(both):
    texts = []
    for doc_id, path in list_corpus(ROOT / "corpus"):
        try:
            raw = load_document(path, doc_id).text
        except LoadError:
            continue
        texts += [raw, normalize(raw), *raw.splitlines()]
    assert len(texts) > 100
    _same(*both, texts + EDGE_CASES)


def _squad(path: Path, every: int) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    paragraphs = [p for article in data for p in article["paragraphs"]]
    return [t for p in paragraphs[::every] for t in (p["context"], *(q["question"] for q in p["qas"][:2]))]


def test_same_tokens_on_real_paragraphs_and_questions(both):
    if not SHARED.is_dir():
        pytest.skip(f"the shared datasets are not at {SHARED}")
    texts = (_squad(SHARED / "viquad1-dev" / "v1_dev_ViQuAD.json", 3)
             + _squad(SHARED / "vinewsqa-dev" / "dev.json", 3))
    news = sorted((SHARED / "vims-news").glob("Cluster_00?/*.txt"))
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in news]
    assert len(texts) > 1000
    _same(*both, texts)


def test_same_tokens_on_mixed_hostile_text(both):
    """Seeded mixes of spaces, controls, NUL, characters the table expands, deletes or makes a
    space, combining marks after them, unknown characters and typed special tokens."""
    parts = ["Việt", "Nam", "hòa", "thuỷ", "Vie\u0302\u0323t", "<s>", "</s>", "<pad>", "<mask>", "▁",
             "ＡＢＣ", "ﬁ", "①", "㌀", "½", "ǆ", "Ĳ", "x²", "😀", "👍🏽", "丄丅", "\ue000", "ᬈ", "ꙮ", "\u0600",
             " ", "  ", "\t", "\n", "\r", "\r\n", "\0", "\x0b", "\x7f", "\u00a0", "\u3000", "\u200b", "\u200d",
             "\u2028", "\u0301", "\u0341", "\u0323", "\u0903", "\uff9e", "\ufe0f", "\u00ad", ".", ",", "1"]
    rng = random.Random(20)
    texts = ["".join(rng.choice(parts) for _ in range(rng.randint(1, 16))) for _ in range(3000)]
    _same(*both, texts)


def test_one_text_and_special_tokens_as_tokenizers(both):
    reference, ours = both
    for text in EDGE_CASES:
        a, b = reference.encode(text, add_special_tokens=True), ours.encode(text, add_special_tokens=True)
        assert (b.ids, b.offsets) == (a.ids, [tuple(o) for o in a.offsets]), repr(text)
    assert ours.encode_batch([]) == []
