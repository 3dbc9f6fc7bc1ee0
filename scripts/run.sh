#!/usr/bin/env bash
# Set up (first time) and start the app on corpus/; the index is built or updated first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python app.py "$@"
