"""``journeys app``: start the Streamlit app on a workspace.

A thin wrapper around ``streamlit run barrier_app.py``: it checks the workspace path first (so
a typo is one clear line, not a page of server log), passes it on in
``BARRIER_JOURNEYS_WORKSPACE`` and becomes ``streamlit run`` in the project folder, where
``.streamlit/config.toml`` sets the theme.

It serves this computer only (the loopback interface) unless ``--serve-room`` asks for the
room's network; then the app demands an access key (``journeys.access``), and the printed room
link carries it. Streamlit's own URL lines are hidden: they would name the network address
(and, on a headless server, look up the public one on the internet).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import urllib.parse
from pathlib import Path

from journeys import access
from journeys.store import ENVIRONMENT_VARIABLE, Workspace, default_workspace_path
from models import JourneyError

APP_HELP = f"""\
Start the app in the browser: map journeys, pin barriers, find bottlenecks, compare.
Every valid edit is saved at once in the workspace (one SQLite file); a new workspace starts
with the sample journeys. The workspace is --workspace, else ${ENVIRONMENT_VARIABLE}, else
~/.local/share/barrier-journeys/workspace.db. Stop the app with Ctrl+C.

Only this computer can open the app, unless --serve-room shares it with the room's network:
then everyone needs the access key (a random one is made and printed, or give --key), and the
printed room link carries it. Anyone with the key can see and edit every journey of the
workspace: share the link only with the room.

examples:
  journeys app
  journeys app --workspace ~/workshops/warendorf.db --port 8502
  journeys app --serve-room                 # prints the room link with a new access key
  journeys app --check                      # is every revision of the workspace readable?

--check reads every revision of every journey, deleted ones included, prints one line per
damaged revision (journey and revision number) and exits 1 if there is any. SQLite's check of
every page of the file runs at every start anyway.
"""

LOOPBACK = "127.0.0.1"
"""The default address: only this computer can open the app."""
ROOM = "0.0.0.0"
"""Every interface: the room's network."""

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
    app.add_argument("--serve-room", action="store_true",
                     help="serve to the room's network (every interface), not just this "
                          "computer; needs the access key")
    app.add_argument("--key", metavar="KEY",
                     help=f"the access key (default: ${access.ENVIRONMENT_VARIABLE}, else with "
                          "--serve-room a new random one)")
    app.add_argument("--check", action="store_true",
                     help="check the workspace: read every revision of every journey, name "
                          "the damaged ones, then stop (no app)")
    app.set_defaults(run=run_app)


def command(port: int, address: str = LOOPBACK) -> list[str]:
    """The Streamlit command line that serves the app on ``address``:``port``."""
    return [sys.executable, "-m", "streamlit", "run", str(SCRIPT), "--server.port", str(port),
            "--server.address", address, "--logger.hideWelcomeMessage", "true",
            "--browser.gatherUsageStats", "false"]


def _room_address() -> str:
    """This computer's address in the room's network (a UDP socket "connected" to an outside
    address picks the interface; no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostname()


def _workspace_path(args: argparse.Namespace) -> Path:
    if args.workspace:
        os.environ[ENVIRONMENT_VARIABLE] = str(Path(args.workspace).expanduser().resolve())
    return default_workspace_path().resolve()


def _check(path: Path) -> int:
    """``--check``: read every revision, one line per damaged one; exit 1 if any."""
    with Workspace(path) as workspace:
        read, damaged = workspace.check()
    for error in damaged:
        for line in error.lines():
            print(line)
    print(f"{path}: {read} revisions read, {len(damaged)} damaged", file=sys.stderr)
    return 1 if damaged else 0


def run_app(args: argparse.Namespace) -> int:
    if args.check:
        return _check(_workspace_path(args))
    if not SCRIPT.is_file():
        raise JourneyError("the app script barrier_app.py is not next to the package",
                           file=str(SCRIPT),
                           hint="run the app from a source checkout: pip install -e .")
    if not 0 < args.port < 65536:
        raise JourneyError(f"--port must be 1..65535, got {args.port}")
    key = args.key or access.configured_key()
    if key is None and args.serve_room:
        key = access.new_key()
    environment = {**os.environ}
    environment.pop(access.ENVIRONMENT_VARIABLE, None)
    if key is not None:
        environment[access.ENVIRONMENT_VARIABLE] = access.checked_key(key)
    path = _workspace_path(args)
    with Workspace(path) as workspace:  # a clear error now beats a broken page later
        lines = [f"workspace: {path}" + (" (read-only: no change will be saved)"
                                         if workspace.read_only else "")]
    query = f"/?key={urllib.parse.quote(key)}" if key else ""
    lines.append(f"app: http://localhost:{args.port}{query}")
    if args.serve_room:
        lines.append(f"room: http://{_room_address()}:{args.port}{query}  (everyone with this "
                     "link can see and edit every journey of the workspace)")
    print("\n".join(lines), flush=True)
    # Streamlit takes over this process, so Ctrl+C and kill reach the server itself.
    os.chdir(SCRIPT.parent)
    os.execve(sys.executable, command(args.port, ROOM if args.serve_room else LOOPBACK),
              {**environment, ENVIRONMENT_VARIABLE: str(path)})
    return 0  # not reached
