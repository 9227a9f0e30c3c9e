#!/usr/bin/env bash
# Makes the project's virtual environment (.venv) with the pinned packages and starts the app on
# the sample journeys. Extra arguments go to `journeys app` (e.g. --workspace FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh requirements.txt
exec python -m journeys app "$@"
