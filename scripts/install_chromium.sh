#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/test_browser.py drives it with
# Playwright; `playwright install` needs the internet, the distribution package does not).
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (or sudo) and apt-get.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install_chromium.sh: apt-get not found; install chromium yourself (browser tests are skipped)" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then
    sudo="sudo"
  else
    echo "install_chromium.sh: not root and no sudo; browser tests will be skipped" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)" >&2
