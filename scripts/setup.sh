#!/usr/bin/env bash
# Create .venv and install qa with everything it needs. Idempotent: a second run with an
# unchanged pyproject.toml does nothing. Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=".venv/.qa-installed-$(cat pyproject.toml | sha256sum | cut -c1-16)${extras:+-test}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # torch is pinned in pyproject.toml to the CPU build; see README.
  .venv/bin/python -m pip install -q -e ".${extras}"
  touch "$stamp"
fi
