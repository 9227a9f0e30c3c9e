"""The README's two set-up commands on Debian's own Python, as on a fresh Debian or Ubuntu:
``bash scripts/app.sh`` makes the project's .venv with ``/usr/bin/python3`` (pip refuses the
system Python, PEP 668) and serves the app; ``bash scripts/test.sh`` installs the test tools
into the same .venv and collects the whole suite.

Runs in a copy of the project, with ``/usr/bin`` first on PATH and nothing of the developer's
Python (virtualenv, pyenv, PYTHONPATH) in the environment. pip's cache (``~/.cache/pip``) is
shared, so the packages are installed again but not downloaded again; collecting (``--co``)
instead of running the suite keeps CI from running it twice. Deselect with ``-m "not setup"``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.served_app import free_port, stop, wait_until_up

pytestmark = pytest.mark.setup

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PYTHON = Path("/usr/bin/python3")
SKIPPED = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache",
                                 ".hypothesis", ".ruff_cache", "*.db", "*.db-*")
INSTALL_TIME = 900
"""Seconds allowed for making .venv and installing the pinned packages (cache warm: ~1 min)."""


@pytest.fixture(scope="module")
def fresh_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DEBIAN_PYTHON.is_file():
        pytest.skip("needs Debian's /usr/bin/python3")
    copy = tmp_path_factory.mktemp("setup") / "barrier-journeys"
    shutil.copytree(ROOT, copy, ignore=SKIPPED, symlinks=True)
    return copy


@pytest.fixture(scope="module")
def debian_environment(fresh_checkout: Path) -> dict[str, str]:
    """A login shell's environment on a fresh Debian: /usr/bin first, no developer Python."""
    dropped = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYENV_VERSION", "CONDA_PREFIX",
               "CONDA_DEFAULT_ENV", "BARRIER_JOURNEYS_PYTHON", "BARRIER_JOURNEYS_ACCESS_KEY")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment["PATH"] = "/usr/bin:/bin:/usr/sbin:/sbin"
    environment["STREAMLIT_SERVER_HEADLESS"] = "true"  # no browser to open here
    environment["BARRIER_JOURNEYS_WORKSPACE"] = str(fresh_checkout.parent / "workspace.db")
    return environment


def test_app_sh_makes_the_venv_with_debians_python_and_serves_the_app(
        fresh_checkout: Path, debian_environment: dict[str, str]) -> None:
    port = free_port()
    log = fresh_checkout.parent / "app.log"
    with log.open("wb") as output:
        process = subprocess.Popen(["bash", "scripts/app.sh", "--port", str(port)],
                                   cwd=fresh_checkout, env=debian_environment, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process,
                      lambda: log.read_text(errors="replace"), seconds=INSTALL_TIME)
    finally:
        stop(process, group=True)
    venv = (fresh_checkout / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    assert "home = /usr/bin\n" in venv  # made with Debian's python3, not pyenv's or conda's
    printed = log.read_text(errors="replace")
    assert f"app: http://localhost:{port}\n" in printed
    assert "Traceback" not in printed and "Network URL" not in printed
    assert "WARNING: Location" not in printed  # pip is quiet unless something is wrong


def test_test_sh_installs_the_test_tools_and_collects_the_suite(
        fresh_checkout: Path, debian_environment: dict[str, str]) -> None:
    done = subprocess.run(["bash", "scripts/test.sh", "--co", "-q", "-p", "no:cacheprovider"],
                          cwd=fresh_checkout, env=debian_environment, capture_output=True,
                          text=True, timeout=INSTALL_TIME)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "All checks passed!" in done.stdout  # ruff ran
    collected = int(done.stdout.strip().splitlines()[-1].split()[0])
    assert collected > 500, done.stdout[-500:]
