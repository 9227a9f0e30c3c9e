"""The app served for real-browser tests: ``streamlit run`` on a free loopback port with a
workspace of the test's own, and Debian's Chromium to drive it (no browser downloads)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def app_server(workspace: Path, script: Path | None = None) -> Iterator[str]:
    """``streamlit run barrier_app.py`` (or ``script``) on a free loopback port; yields the
    base URL."""
    port = free_port()
    env = {**os.environ, "BARRIER_JOURNEYS_WORKSPACE": str(workspace)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script or ROOT / "barrier_app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, lambda: repr(process.stderr.read()))
        yield url
    finally:
        stop(process)


def answers(url: str) -> bool:
    """Does ``url`` answer 200 (Streamlit's ``/_stcore/health``: the app is up)?"""
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def wait_until_up(url: str, process: subprocess.Popen, said: Callable[[], str],
                  seconds: float = 60) -> None:
    """Wait until the app at ``url`` is healthy; fail with what it ``said`` when its process
    ends first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not answers(f"{url}/_stcore/health"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start: {said()}")
        time.sleep(0.3)


def stop(process: subprocess.Popen, group: bool = False) -> None:
    """End ``process`` (``group``: its whole process group, e.g. a script and its app)."""
    def send(signal_number: int) -> None:
        if group:
            os.killpg(process.pid, signal_number)
        else:
            process.send_signal(signal_number)

    send(signal.SIGTERM)
    try:
        process.wait(20 if group else 10)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
