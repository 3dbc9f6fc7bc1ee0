"""Fine-tune the reading model (``qa.answer.read``) and write ``src/qa/answer/reader.safetensors``.

    .venv/bin/python scripts/train_reader.py OUT.safetensors SQUAD.json [SQUAD.json ...]

The bundled e5-small's lower ``--first-layer`` layers stay as exported (their outputs are
computed once); the layers above and a start/end head are trained on the answerable questions of
the SQuAD-format files, cross-entropy on the answer's first and last token (windows without the
answer point at <s>). ~25 min on two cores for ~2,200 questions and 3 epochs.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import save_file
from tokenizers import Tokenizer
from transformers import BertModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from qa.config import load_settings  # noqa: E402
from qa.embed.export import ensure_exported  # noqa: E402
from qa.answer.read import quantize, windows  # noqa: E402


def articles(path: Path) -> set[str]:
    """Titles and paragraphs of a SQuAD file: what is held out of training."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return {a["title"] for a in data} | {p["context"] for a in data for p in a["paragraphs"]}


def examples(path: Path, held_out: set[str]):
    """(context, question, answer start, answer end) of each answerable question whose article
    and paragraph are not held out; a few ViQuAD offsets are off, so the answer text is looked up
    when it is not at its offset."""
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        if article["title"] in held_out:
            continue
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            if context in held_out:
                continue
            for qa in paragraph["qas"]:
                if qa.get("is_impossible") or not qa["answers"]:
                    continue
                answer = qa["answers"][0]
                start, text = answer["answer_start"], answer["text"]
                if context[start:start + len(text)] != text:
                    start = context.find(text)
                if start >= 0:
                    yield context, qa["question"], start, start + len(text)


def labelled_windows(tokenizer, context: str, question: str, start: int, end: int):
    """Each window's ids with the positions of the answer's first and last token (0, 0: absent)."""
    for w in windows(tokenizer, question, context):
        inside = [t for t, (a, b) in enumerate(w.offsets) if a < end and b > start]
        if inside and w.offsets[0][0] <= start and w.offsets[-1][1] >= end:
            yield w.ids, w.first + inside[0], w.first + inside[-1]
        else:
            yield w.ids, 0, 0


def padded(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    # Widths rounded to 64 tokens: a few tensor shapes keep the allocator from thrashing.
    width = -(-max(len(r) for r in rows) // 64) * 64
    ids = torch.full((len(rows), width), 1, dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
    return ids, (ids != 1).long()


def extended(mask: torch.Tensor) -> torch.Tensor:
    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


def run(layers, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    bias = extended(mask)
    for layer in layers:
        out = layer(hidden, attention_mask=bias)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("data", type=Path, nargs="+")
    parser.add_argument("--held-out", type=Path, nargs="*", default=[],
                        help="SQuAD files kept for evaluation: their articles and paragraphs are not "
                             "trained on (ViQuAD 2.0 holds 223 of ViQuAD 1.0 dev's 515 paragraphs)")
    parser.add_argument("--held-out-titles", type=Path, nargs="*", default=[],
                        help="JSON files whose 'titles' list articles not to train on, with every "
                             "paragraph of theirs (eval/reader-held-out.json: half of ViQuAD 1.0 dev; "
                             "eval/vinewsqa-held-out.json: a fifth of ViNewsQA dev)")
    parser.add_argument("--first-layer", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    export_dir = ensure_exported(load_settings().model_cache / "e5-small-export")
    tokenizer = Tokenizer.from_file(str(export_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    bert = BertModel.from_pretrained(str(export_dir), add_pooling_layer=False,
                                     attn_implementation="eager").eval()
    for p in bert.parameters():
        p.requires_grad = False
    upper = torch.nn.ModuleDict({"layers": torch.nn.ModuleList(bert.encoder.layer[args.first_layer:]),
                                 "qa": torch.nn.Linear(bert.config.hidden_size, 2)})
    for p in upper.parameters():
        p.requires_grad = True

    held_out = set().union(*(articles(path) for path in args.held_out))
    if args.held_out_titles:
        titles = set().union(*(json.loads(p.read_text(encoding="utf-8"))["titles"] for p in args.held_out_titles))
        held_out |= titles | {p["context"] for path in args.data
                              for a in json.loads(path.read_text(encoding="utf-8"))["data"] if a["title"] in titles
                              for p in a["paragraphs"]}
    rows = [w for path in args.data for ex in examples(path, held_out) for w in labelled_windows(tokenizer, *ex)]
    rows.sort(key=lambda r: len(r[0]))
    print(f"{len(rows)} windows; running the frozen layers once", flush=True)
    batches = []
    for i in range(0, len(rows), args.batch):
        group = rows[i:i + args.batch]
        ids, mask = padded([r[0] for r in group])
        with torch.no_grad():
            hidden = run(bert.encoder.layer[:args.first_layer], bert.embeddings(input_ids=ids), mask)
        batches.append((hidden.half(), mask, torch.tensor([r[1] for r in group]), torch.tensor([r[2] for r in group])))

    optimizer = torch.optim.AdamW(upper.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * len(batches)
    schedule = torch.optim.lr_scheduler.LambdaLR(  # 10% warm-up, then linear decay
        optimizer, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    upper.train()
    for epoch in range(args.epochs):
        began, total = time.time(), 0.0
        for n in random.sample(range(len(batches)), len(batches)):
            hidden, mask, starts, ends = batches[n]
            logits = upper["qa"](run(upper["layers"], hidden.float(), mask))
            logits = logits + ((1 - mask) * -1e4)[..., None]
            loss = (torch.nn.functional.cross_entropy(logits[..., 0], starts)
                    + torch.nn.functional.cross_entropy(logits[..., 1], ends)) / 2
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(upper.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += loss.item()
        print(f"epoch {epoch + 1}: loss {total / len(batches):.3f} ({time.time() - began:.0f} s)", flush=True)

    tensors = {name: p.detach().numpy() for name, p in upper.state_dict().items()}
    meta = {"first_layer": args.first_layer, "epochs": args.epochs, "lr": args.lr,
            "data": [p.name for p in args.data], "held_out": [p.name for p in args.held_out + args.held_out_titles],
            "windows": len(rows)}
    save_file(quantize(tensors), str(args.out), metadata={"reader": json.dumps(meta)})
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
