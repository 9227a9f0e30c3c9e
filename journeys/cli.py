"""The ``journeys`` command line: one sub-command module per family of commands.

Every command returns an exit code; every ``JourneyError`` is printed as one line per problem
(prefixed with the file name) and exits 1 — never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from models import JourneyError

COMMAND_MODULES = (
    "journeys.commands.files",
)
"""Each module has ``register(subparsers)``, which adds parsers with ``set_defaults(run=…)``."""

DESCRIPTION = """\
Barrier Journeys: map people's journeys through aid services and find the access barriers.

examples:
  journeys validate sample_journeys/*.yaml
  journeys show sample_journeys/sportverein-everswinkel.yaml
  journeys convert journey.yaml journey.json
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="journeys", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except JourneyError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
