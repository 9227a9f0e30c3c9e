#!/usr/bin/env bash
# Installs the pinned runtime packages and starts the app on the sample journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check -r requirements.txt -e .
exec python3 -m journeys app "$@"
