"""The ``journeys`` command line: one sub-command module per family of commands.

Every command returns an exit code; every ``JourneyError`` is printed as one line per problem
(prefixed with the file name) and exits 1 — never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import IO

from models import JourneyError

COMMAND_MODULES = {
    "journeys.commands.files": ("validate", "show", "convert"),
    "journeys.commands.analysis": ("analyze", "compare", "hotspots"),
    "journeys.commands.export": ("export", "import"),
    "journeys.commands.app": ("app",),
    "journeys.commands.sozialraum": ("offers", "network"),
    "journeys.commands.evidence": ("evidence",),
}
"""Each module has ``register(subparsers)``, which adds parsers with ``set_defaults(run=…)``
for the commands listed here. Only the module of the command being run is imported (plotly and
pandas take seconds to import; ``journeys validate`` should not wait for them)."""


def _modules_for(argv: Sequence[str]) -> list[str]:
    command = next((a for a in argv if not a.startswith("-")), None)
    chosen = [m for m, names in COMMAND_MODULES.items() if command in names]
    return chosen or list(COMMAND_MODULES)


DESCRIPTION = """\
Barrier Journeys: map people's journeys through aid services and find the access barriers.

examples:
  journeys validate sample_journeys/*.yaml
  journeys show sample_journeys/sportverein-everswinkel.yaml
  journeys convert journey.yaml journey.json
"""


class _Parser(argparse.ArgumentParser):
    """argparse, except that help which cannot be written is an error (argparse ignores it)."""

    def _print_message(self, message: str, file: IO[str] | None = None) -> None:
        if message:
            (file or sys.stderr).write(message)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the sub-commands that ``argv`` may run are loaded."""
    parser = _Parser(prog="journeys", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in _modules_for(argv):
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _guard_closed_stdout()
    try:
        try:
            code = _run(sys.argv[1:] if argv is None else list(argv))
        except SystemExit:  # argparse's --help and usage errors: their text must get out too
            sys.stdout.flush()
            raise
        sys.stdout.flush()  # here, not at exit, where a failure could only print a traceback
        return code
    except BrokenPipeError:  # the reader went away (`journeys show … | head`): not an error
        _silence_stdout()
        return 0
    except OSError as error:
        if error.filename is not None:  # not about the output streams: a bug, show it all
            raise
        print(f"journeys: cannot write to standard output: {error.strerror or error}",
              file=sys.stderr)
        _silence_stdout()
        return 1


def _run(argv: list[str]) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    if hasattr(sys.stdout, "reconfigure"):  # an ASCII terminal gets '?' for an umlaut, no crash
        sys.stdout.reconfigure(errors="replace")
    # A command is one short run over objects that all stay alive (a 60,000-step journey is
    # 200,000 models): the cyclic collector would rescan them again and again and take more
    # than half of the time (validate: 2.1 s → 0.7 s), and frees nothing. What is left when
    # the command ends is frozen: the collection at exit would walk it all once more (0.4 s
    # of analyze's 4.6 s on 60,000 steps) only to free memory the exit frees anyway.
    gc.disable()
    try:
        return args.run(args)
    except JourneyError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except MemoryError:  # under a memory limit (ulimit -v, a container): say so, in one line
        print(f"{_inputs(args)}: not enough memory to finish — the input is too large for the "
              "memory this process may use", file=sys.stderr)
        return 1
    finally:
        gc.freeze()


def _inputs(args: argparse.Namespace) -> str:
    """The input files a command was given, for a message about all of them."""
    names = [getattr(args, key, None) for key in ("file", "source", "log")]
    names += [*(getattr(args, "files", None) or []), *(getattr(args, "inputs", None) or [])]
    return ", ".join(str(name) for name in names if name) or "journeys"


class _ClosedOutput(io.RawIOBase):
    """Standard output when the shell closed it (`>&-`): writing fails like a full disk."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, "it is closed")


def _guard_closed_stdout() -> None:
    """With descriptor 1 closed, Python sets ``sys.stdout`` to None and the next file opened
    would get descriptor 1. Hold it with /dev/null and make writes fail with a clear error."""
    if sys.stdout is None:
        os.open(os.devnull, os.O_WRONLY)  # takes the lowest free descriptor: 1
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")


def _silence_stdout() -> None:
    """Drop what is left for standard output, so the exit does not fail on it again."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):  # no real descriptor (the closed-stdout stand-in)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the process exits
    finally:
        os.close(null)


if __name__ == "__main__":
    sys.exit(main())
