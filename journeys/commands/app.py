"""``journeys app``: start the Streamlit app on a workspace.

A thin wrapper around ``streamlit run barrier_app.py``: it checks the workspace path first (so
a typo is one clear line, not a page of server log), passes it on in
``BARRIER_JOURNEYS_WORKSPACE`` and becomes ``streamlit run`` in the project folder, where
``.streamlit/config.toml`` sets the theme.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from journeys.store import ENVIRONMENT_VARIABLE, Workspace, default_workspace_path
from models import JourneyError

APP_HELP = f"""\
Start the app in the browser: map journeys, pin barriers, find bottlenecks, compare.
Every valid edit is saved at once in the workspace (one SQLite file); a new workspace starts
with the sample journeys. The workspace is --workspace, else ${ENVIRONMENT_VARIABLE}, else
~/.local/share/barrier-journeys/workspace.db. Stop the app with Ctrl+C.

examples:
  journeys app
  journeys app --workspace ~/workshops/warendorf.db --port 8502
"""

SCRIPT = Path(__file__).resolve().parents[2] / "barrier_app.py"
"""The app's entry script, in the project folder (a source checkout, installed editable)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``app`` to the ``journeys`` command line."""
    app = subparsers.add_parser("app", help="start the app in the browser",
                                description=APP_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    app.add_argument("--workspace", metavar="PATH",
                     help=f"the workspace file (default: ${ENVIRONMENT_VARIABLE} or "
                          "~/.local/share/barrier-journeys/workspace.db)")
    app.add_argument("--port", type=int, default=8501, help="the port to serve on (8501)")
    app.set_defaults(run=run_app)


def command(port: int) -> list[str]:
    """The Streamlit command line that serves the app on ``port``."""
    return [sys.executable, "-m", "streamlit", "run", str(SCRIPT), "--server.port", str(port),
            "--browser.gatherUsageStats", "false"]


def run_app(args: argparse.Namespace) -> int:
    if not SCRIPT.is_file():
        raise JourneyError("the app script barrier_app.py is not next to the package",
                           file=str(SCRIPT),
                           hint="run the app from a source checkout: pip install -e .")
    if not 0 < args.port < 65536:
        raise JourneyError(f"--port must be 1..65535, got {args.port}")
    if args.workspace:
        os.environ[ENVIRONMENT_VARIABLE] = str(Path(args.workspace).expanduser().resolve())
    path = default_workspace_path().resolve()
    Workspace(path).close()  # a clear error now beats a broken page later
    print(f"workspace: {path}\napp: http://localhost:{args.port}", flush=True)
    # Streamlit takes over this process, so Ctrl+C and kill reach the server itself.
    os.chdir(SCRIPT.parent)
    os.execve(sys.executable, command(args.port), {**os.environ, ENVIRONMENT_VARIABLE: str(path)})
    return 0  # not reached
