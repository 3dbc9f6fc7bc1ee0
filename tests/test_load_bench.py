"""A short run of bench/load.py (concurrent chat clients and a re-index mid-run) so the load
test keeps working: a real app on 127.0.0.1, a real ``qa index`` while it serves."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qa.config import Settings

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "load.py"


@pytest.mark.slow
def test_short_load_run_with_a_reindex(small_index: Settings) -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--clients", "3", "--seconds", "8", "--reindex-at", "1",
         "--corpus", str(small_index.corpus), "--index-from", str(small_index.index),
         "--request-timeout", "60"],
        capture_output=True, text=True, timeout=400)
    assert run.stdout.strip(), run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert run.returncode == 0, json.dumps(report, ensure_ascii=False, indent=1)
    assert report["served"] > 0 and report["errors"] == 0
    assert report["reindex"]["returncode"] == 0
    reads = report["index_reads"]
    assert reads["reads"] > 0 and reads["failures"] == []
    assert report["index_after"]["has_new_document"]
    assert report["index_after"]["documents"] == 3
    assert all(n == 1 for n in report["distinct_answers_per_question"].values())
    assert report["threads_still_running"] == 0
