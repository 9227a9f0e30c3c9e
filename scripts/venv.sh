#!/usr/bin/env bash
# Sourced by app.sh and test.sh: makes (once) and activates the project's virtual environment
# in .venv, so pip never touches the system Python (PEP 668 on Debian/Ubuntu), and installs the
# pinned packages of the requirements file given as $1 when it changed since the last install.
# Works with Debian's /usr/bin/python3, pyenv and conda Pythons alike. Override the Python
# with BARRIER_JOURNEYS_PYTHON=/path/to/python3.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

bj_python="${BARRIER_JOURNEYS_PYTHON:-python3}"
if ! command -v "$bj_python" >/dev/null 2>&1; then
  echo "Barrier Journeys needs Python 3.11 or newer: install python3 (Debian: apt-get install python3 python3-venv)." >&2
  exit 1
fi
if ! "$bj_python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Barrier Journeys needs Python 3.11 or newer; $("$bj_python" --version 2>&1) found." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
  rm -rf .venv
  if ! "$bj_python" -m venv .venv >/dev/null 2>&1; then
    # Debian and Ubuntu ship venv (ensurepip) in a separate package: python3.X-venv.
    rm -rf .venv
    bj_minor="$("$bj_python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    if ! command -v apt-get >/dev/null 2>&1 \
        || { [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; }; then
      echo "$bj_python cannot make a virtual environment (venv/ensurepip is missing): install" \
           "your system's venv package (Debian/Ubuntu: python${bj_minor}-venv), or set" \
           "BARRIER_JOURNEYS_PYTHON to another Python ≥ 3.11." >&2
      exit 1
    fi
    echo "Installing python${bj_minor}-venv (Debian's venv support) …" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "python${bj_minor}-venv" >/dev/null \
      || DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
    "$bj_python" -m venv .venv
  fi
fi

# shellcheck disable=SC1091
. .venv/bin/activate

bj_requirements="$1"
bj_stamp=".venv/.installed-$(basename "$bj_requirements" .txt)"
bj_hash="$(cat requirements*.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$bj_stamp" 2>/dev/null)" != "$bj_hash" ]; then
  echo "Installing the pinned packages of $bj_requirements into .venv …" >&2
  # -qq: no progress and no warnings about the machine's pip configuration; errors still show.
  python -m pip install -qq --disable-pip-version-check -r "$bj_requirements" -e .
  echo "$bj_hash" > "$bj_stamp"
fi
