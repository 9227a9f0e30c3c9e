#!/usr/bin/env bash
# Installs everything the tests need (Debian's Chromium, the pinned Python packages in the
# project's .venv) and runs lint and the whole test suite. Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Real-browser tests and image export need a Chromium; Playwright's and kaleido's own browser
# downloads do not work offline, so we use Debian's package.
if ! command -v chromium >/dev/null 2>&1; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

. scripts/venv.sh requirements-test.txt

python -m ruff check .
python -m pytest "$@"
