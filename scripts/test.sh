#!/usr/bin/env bash
# Set up (first time) and run the whole test suite. Extra arguments go to pytest, e.g. the
# quick subset while developing: bash scripts/test.sh -m "not slow and not browser"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# System packages the tests use: Debian's chromium for the browser tests and a
# Vietnamese-capable TTF for the PDFs the tests write.
bash scripts/install_chromium.sh
exec .venv/bin/python -m pytest "$@"
