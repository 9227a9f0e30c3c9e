"""The Sozialraum commands: ``journeys catalogue …`` and ``journeys network``.

Thin shell over ``journeys.offers``, ``journeys.survey`` and ``journeys.network``: text for a
terminal or JSON; every problem a ``JourneyError`` naming the file.
"""

from __future__ import annotations

import argparse

from journeys.catalogue import CatalogueFinder
from journeys.commands.analysis import collector_paused, load_journeys
from journeys.commands.files import catalogue_option
from journeys.offers import MergeCheck, merge_check
from models import Journey
from models.catalogue_file import Catalogue

MERGE_HELP = """\
List which actors a portfolio "by actor" counts as one offer across journeys (the same
catalogue entry, or the same id and label in the same region), and which actors share an id
but stay apart. For those, a mapping to catalogue entries is printed to copy into the journeys
as `ref:` (with the closest catalogue entry as a suggestion).

examples:
  journeys catalogue merge-check sample_journeys
  journeys catalogue merge-check my_journeys --catalogue catalogue.yaml --format json
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``catalogue`` (with its own sub-commands) and ``network``."""
    formatter = argparse.RawDescriptionHelpFormatter
    catalogue = subparsers.add_parser("catalogue", help="the catalogue of offers (Sozialraum)")
    actions = catalogue.add_subparsers(title="actions", metavar="ACTION")
    check = actions.add_parser("merge-check", help="which actors count as one offer",
                               description=MERGE_HELP, formatter_class=formatter)
    check.add_argument("files", nargs="+", metavar="DIR|FILE",
                       help="journey files or folders of them")
    catalogue_option(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=run_merge_check)
    catalogue.set_defaults(run=lambda args: (catalogue.print_help(), 2)[1])


def _journeys_and_catalogue(args: argparse.Namespace) -> tuple[list[Journey], Catalogue | None]:
    """The journeys of ``args.files`` and the one catalogue they were loaded against."""
    finder = CatalogueFinder(args.catalogue)
    with collector_paused():
        journeys = load_journeys(args.files, finder=finder)
    return journeys, finder.only()


def run_merge_check(args: argparse.Namespace) -> int:
    journeys, catalogue = _journeys_and_catalogue(args)
    result = merge_check(journeys, catalogue)
    if args.format == "json":
        print(result.model_dump_json(indent=2))
    else:
        print("\n".join(merge_lines(result)))
    return 0


def merge_lines(result: MergeCheck) -> list[str]:
    """The text ``journeys catalogue merge-check`` prints."""
    lines = [f"Counted as one offer ({len(result.merged)}):"]
    for group in result.merged:
        where = ", ".join(f"{u.journey}:{u.actor}" for u in group.uses)
        lines.append(f"  {group.label} [{group.key}] ← {where}")
    if not result.merged:
        lines.append("  -")
    lines += ["", f"Same id, kept apart ({len(result.ambiguous)}):"]
    for item in result.ambiguous:
        lines.append(f"  '{item.actor}':")
        lines += [f"    {u.journey}: {u.label} ({u.region or 'no region'})"
                  + (f" → ref {u.ref}" if u.ref else "") for u in item.uses]
    if not result.ambiguous:
        lines.append("  -")
    mapping = {key: ref for item in result.ambiguous for key, ref in item.suggestions.items()}
    if mapping:
        lines += ["", "If some of these are one offer, give each actor a `ref:` to a catalogue "
                  "entry (suggested mapping, journey:actor → entry; ? = none close):"]
        lines += [f"  {key}: {ref or '?'}" for key, ref in mapping.items()]
    return lines
