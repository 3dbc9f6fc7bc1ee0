"""Fine-tune the reading model (``qa.answer.read``) and write ``src/qa/answer/reader.safetensors``.

    .venv/bin/python scripts/train_reader.py OUT.safetensors DATA [DATA ...] \\
        --held-out-titles eval/reader-held-out.json eval/vinewsqa-held-out.json eval/train-held-out.json

DATA is a SQuAD v1.1/v2.0 file, a JSON list of Zalo QA pairs (question, title, text, label) or
the ALQAC folder (question.json, law.json); the kind is read from the data. The bundled e5-small's
lower ``--first-layer`` layers stay as exported (their outputs are computed once); the layers
above and a start/end head are trained with cross-entropy on the answer's first and last token.
A window that does not hold the answer points at <s> (SQuAD 2.0): unanswerable questions, Zalo
pairs labelled "does not answer", and ``--hard-negatives`` passages per answerable question (the
best BM25 match among the other paragraphs of its file that does not contain the answer: most
often another paragraph of the same article) teach the model when a passage has no answer, which
the answer step uses to refuse and to rerank. Training runs in bfloat16 where the CPU multiplies
it natively (AMX or AVX512-BF16), elsewhere in float32 (oneDNN would emulate bfloat16, far slower).
``--init FILE`` goes on from a trained reader (another epoch at a lower ``--lr``, for instance).

The shipped model: ``--first-layer 4 --epochs 1 --seed 0`` on ViQuAD 1.0 dev, ViQuAD 2.0 half,
UIT regulation/wiki QA (train.json), ViNewsQA dev, mailong25 news QA, the two Zalo JSON files and
ALQAC 2022, each without its held-out articles.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import torch
from safetensors.numpy import save_file
from tokenizers import Tokenizer
from transformers import BertModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from qa.config import load_settings  # noqa: E402
from qa.runtime import cpu_has_bf16  # noqa: E402
from qa.embed.export import ensure_exported  # noqa: E402
from qa.answer.read import load_weights, quantize, training_record, windows  # noqa: E402


class Example(NamedTuple):
    context: str
    question: str
    start: int  # -1: the passage does not answer the question
    end: int
    answers: tuple[str, ...]


@cache
def _read(path: Path):
    """A data file's JSON, parsed once (the loaders and the held-out set all read it)."""
    return json.loads(path.read_text(encoding="utf-8"))


def squad(path: Path, held_out: set[str]) -> Iterator[Example]:
    """Each question of the articles and paragraphs not held out; a few ViQuAD offsets are off,
    so the answer text is looked up when it is not at its offset."""
    for article in _read(path)["data"]:
        if article["title"] in held_out:
            continue
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            if context in held_out:
                continue
            for qa in paragraph["qas"]:
                if qa.get("is_impossible") or not qa["answers"]:
                    yield Example(context, qa["question"], -1, -1, ())
                    continue
                answer = qa["answers"][0]
                start, text = answer["answer_start"], answer["text"]
                if context[start:start + len(text)] != text:
                    start = context.find(text)
                if start >= 0:
                    yield Example(context, qa["question"], start, start + len(text),
                                  tuple(a["text"] for a in qa["answers"]))


def zalo(path: Path, held_out: set[str]) -> Iterator[Example]:
    """The pairs labelled "does not answer" (the others carry no answer span)."""
    for pair in _read(path):
        if not pair["label"] and pair["title"] not in held_out and pair["text"] not in held_out:
            yield Example(pair["text"], pair["question"], -1, -1, ())


def alqac(folder: Path, held_out: set[str]) -> Iterator[Example]:
    """Questions whose short answer is found word for word in their law article."""
    articles = {f"{law['id']}/{a['id']}": a["text"] for law in _read(folder / "law.json") for a in law["articles"]}
    for q in _read(folder / "question.json"):
        keys = [f"{r['law_id']}/{r['article_id']}" for r in q["relevant_articles"]]
        if not keys or any(k in held_out for k in keys) or keys[0] not in articles:
            continue
        context, answer = articles[keys[0]], str(q.get("answer", ""))
        start = context.find(answer) if answer else -1
        if start >= 0:
            yield Example(context, q["text"], start, start + len(answer), (answer,))


def kind_of(path: Path) -> str:
    if path.is_dir():
        return "alqac"
    return "squad" if isinstance(_read(path), dict) else "zalo"


LOADERS: dict[str, Callable[[Path, set[str]], Iterator[Example]]] = {"squad": squad, "zalo": zalo, "alqac": alqac}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def hard_negatives(found: list[Example], per_question: int) -> Iterator[Example]:
    """For each answerable question, the ``per_question`` best BM25 (k1 1.2, b 0.75) matches among
    the other passages of its file that do not contain any of its answers."""
    passages = sorted({ex.context for ex in found})
    counts = [Counter(_words(p)) for p in passages]
    sizes = [sum(c.values()) for c in counts]
    df = Counter(w for c in counts for w in c)
    average = sum(sizes) / max(1, len(counts))
    postings: dict[str, list[int]] = {}
    for n, c in enumerate(counts):
        for w in c:
            postings.setdefault(w, []).append(n)
    for ex in (e for e in found if e.start >= 0):
        scores: Counter = Counter()
        for w in set(_words(ex.question)):
            idf = math.log(1 + (len(passages) - df[w] + 0.5) / (df[w] + 0.5)) if w in df else 0.0
            for n in postings.get(w, ()):
                tf = counts[n][w]
                scores[n] += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * sizes[n] / average))
        picked = [passages[n] for n, _ in scores.most_common(per_question + 5)
                  if passages[n] != ex.context and not any(a in passages[n] for a in ex.answers)]
        for passage in picked[:per_question]:
            yield Example(passage, ex.question, -1, -1, ())


def labelled_windows(tokenizer, ex: Example):
    """Each window's ids with the positions of the answer's first and last token (0, 0: absent)."""
    for w in windows(tokenizer, ex.question, ex.context):
        inside = [t for t, (a, b) in enumerate(w.offsets) if a < ex.end and b > ex.start]
        if ex.start >= 0 and inside and w.offsets[0][0] <= ex.start and w.offsets[-1][1] >= ex.end:
            yield w.ids, w.first + inside[0], w.first + inside[-1]
        else:
            yield w.ids, 0, 0


def held_out_set(args: argparse.Namespace) -> set[str]:
    """Titles, law articles and paragraphs not to train on."""
    titles = set().union(*(_read(p)["titles"] for p in args.held_out_titles)) if args.held_out_titles else set()
    contexts = {p["context"] for path in args.data if kind_of(path) == "squad"
                for a in _read(path)["data"] if a["title"] in titles for p in a["paragraphs"]}
    return titles | contexts


def collect(args: argparse.Namespace, tokenizer) -> list[tuple[list[int], int, int]]:
    held_out = held_out_set(args)
    rows = []
    for path in args.data:
        kind = kind_of(path)
        found = list(LOADERS[kind](path, held_out))
        if kind == "squad" and args.hard_negatives:
            found += list(hard_negatives(found, args.hard_negatives))
        answered = sum(ex.start >= 0 for ex in found)
        print(f"{path.name}: {answered} answerable, {len(found) - answered} not", flush=True)
        rows += [w for ex in found for w in labelled_windows(tokenizer, ex)]
    return rows


def padded(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    # Widths rounded to 64 tokens: a few tensor shapes keep the allocator from thrashing.
    width = -(-max(len(r) for r in rows) // 64) * 64
    ids = torch.full((len(rows), width), 1, dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
    return ids, (ids != 1).long()


def run(layers, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    bias = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * -1e4
    for layer in layers:
        out = layer(hidden, attention_mask=bias)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


def frozen_batches(bert, rows, args: argparse.Namespace, bf16: bool) -> list[tuple]:
    """The frozen layers' outputs of each batch (computed once), with the mask and labels."""
    rows.sort(key=lambda r: len(r[0]))
    batches = []
    for i in range(0, len(rows), args.batch):
        group = rows[i:i + args.batch]
        ids, mask = padded([r[0] for r in group])
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            hidden = run(bert.encoder.layer[:args.first_layer], bert.embeddings(input_ids=ids), mask)
        batches.append((hidden.to(torch.bfloat16 if bf16 else torch.float16), mask,
                        torch.tensor([r[1] for r in group]), torch.tensor([r[2] for r in group])))
    return batches


def train(upper, batches, args: argparse.Namespace, bf16: bool) -> None:
    optimizer = torch.optim.AdamW(upper.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * len(batches)
    schedule = torch.optim.lr_scheduler.LambdaLR(  # 10% warm-up, then linear decay
        optimizer, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    upper.train()
    for epoch in range(args.epochs):
        began, total = time.time(), 0.0
        for done, n in enumerate(random.sample(range(len(batches)), len(batches)), 1):
            hidden, mask, starts, ends = batches[n]
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                logits = upper["qa"](run(upper["layers"], hidden.float(), mask)).float()
            logits = logits + ((1 - mask) * -1e4)[..., None]
            loss = (torch.nn.functional.cross_entropy(logits[..., 0], starts)
                    + torch.nn.functional.cross_entropy(logits[..., 1], ends)) / 2
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(upper.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += loss.item()
            if done % 200 == 0:
                print(f"  epoch {epoch + 1}: {done}/{len(batches)} batches, loss {total / done:.3f}", flush=True)
        print(f"epoch {epoch + 1}: loss {total / len(batches):.3f} ({time.time() - began:.0f} s)", flush=True)


def upper_model(bert, first_layer: int) -> torch.nn.ModuleDict:
    """What training changes: the layers from ``first_layer`` up and a start/end head; the
    layers below stay frozen."""
    for p in bert.parameters():
        p.requires_grad = False
    upper = torch.nn.ModuleDict({"layers": torch.nn.ModuleList(bert.encoder.layer[first_layer:]),
                                 "qa": torch.nn.Linear(bert.config.hidden_size, 2)})
    for p in upper.parameters():
        p.requires_grad = True
    return upper


def start_from(upper: torch.nn.ModuleDict, init: Path, first_layer: int) -> dict:
    """Load a trained reader's layers and head into ``upper`` (a run that goes on training it);
    its metadata."""
    tensors, meta = load_weights(init)
    trained = training_record(meta)
    if trained.get("first_layer") != first_layer:
        raise SystemExit(f"{init} was trained from layer {trained.get('first_layer')}, not "
                         f"{first_layer}: pass --first-layer {trained.get('first_layer')}")
    upper.load_state_dict({name: torch.from_numpy(value) for name, value in tensors.items()})
    return trained


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("data", type=Path, nargs="+")
    parser.add_argument("--held-out-titles", type=Path, nargs="*", default=[],
                        help="JSON files whose 'titles' list articles not to train on, with every "
                             "paragraph of theirs (eval/reader-held-out.json: half of ViQuAD 1.0 dev; "
                             "eval/vinewsqa-held-out.json: a fifth of ViNewsQA dev; "
                             "eval/train-held-out.json: a fifth of each other set)")
    parser.add_argument("--first-layer", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--hard-negatives", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init", type=Path,
                        help="a reader file to go on training from (its --first-layer is kept)")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    began = time.time()
    bf16 = cpu_has_bf16()
    export_dir = ensure_exported(load_settings().model_cache / "e5-small-export")
    tokenizer = Tokenizer.from_file(str(export_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    bert = BertModel.from_pretrained(str(export_dir), add_pooling_layer=False,
                                     attn_implementation="sdpa").eval()
    upper = upper_model(bert, args.first_layer)
    trained_before = start_from(upper, args.init, args.first_layer) if args.init else None
    rows = collect(args, tokenizer)
    print(f"{len(rows)} windows ({sum(r[1] == 0 for r in rows)} without an answer); running the "
          f"frozen layers once{' in bfloat16' if bf16 else ''}", flush=True)
    batches = frozen_batches(bert, rows, args, bf16)
    train(upper, batches, args, bf16)
    tensors = {name: p.detach().float().numpy() for name, p in upper.state_dict().items()}
    meta = {"first_layer": args.first_layer, "epochs": args.epochs, "lr": args.lr, "seed": args.seed,
            "hard_negatives": args.hard_negatives, "data": [p.name for p in args.data],
            "held_out": [p.name for p in args.held_out_titles], "windows": len(rows),
            "minutes": round((time.time() - began) / 60, 1)}
    if trained_before:
        meta["init"] = trained_before
    save_file(quantize(tensors), str(args.out), metadata={"reader": json.dumps(meta)})
    print(f"wrote {args.out} in {meta['minutes']} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
