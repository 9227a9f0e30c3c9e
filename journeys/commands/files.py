"""The file commands: ``journeys validate``, ``journeys show`` and ``journeys convert``.

Thin shell over ``journeys.formats``: every problem is a ``JourneyError`` printed as one line
per problem prefixed with the file name (``journeys.cli`` prints errors raised here; ``validate``
prints them itself so that one bad file does not stop the others). The commands' own words
are English; the journey's content is printed as it is, in whatever language it is written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from journeys.catalogue import CatalogueFinder, load_catalogue
from journeys.formats import format_of, journey_paths, load_journey, save_journey
from journeys.i18n import number
from journeys.load import barrier_share, share_warnings, step_load
from models import LEVELS, Journey, JourneyError, JourneyFileError, Step
from models.catalogue_file import CATALOGUE_FILE

VALIDATE_HELP = """\
Check journey files against the journey format. Prints `FILE: ok (N steps, M barriers)` for
each valid file on stdout and one line per problem, prefixed with the file name, on stderr.
A folder stands for the journey files (*.yaml, *.yml, *.json) directly inside it. Actors
that refer to an offer (`ref:`) are checked against the catalogue: catalogue.yaml in the
journey's folder, or --catalogue FILE; a catalogue.yaml given by name is checked as one.
Exit status: 0 when every file is valid, 1 otherwise.

examples:
  journeys validate sample_journeys/sportverein-everswinkel.yaml
  journeys validate sample_journeys/*.yaml
  journeys validate sample_journeys/
"""

SHOW_HELP = """\
Print a readable summary of one journey: steps by stage (with the barrier load of each step,
severity × share affected, summed) and by actor and resource level, barriers by category and
severity, and the start, goal and dropout steps.

examples:
  journeys show sample_journeys/sportverein-everswinkel.yaml
  journeys show journey.json | less
"""

CONVERT_HELP = """\
Convert a journey between YAML and JSON; the format follows each file's extension
(.yaml, .yml or .json). The journey is validated first, and nothing is written when it is
invalid. Comments in a YAML file are not carried over. An existing OUT is only replaced
with --force.

examples:
  journeys convert journey.yaml journey.json
  journeys convert journey.json journey.yaml
  journeys convert --force journey.yaml journey.yaml   # rewrite in the canonical layout
"""

LABEL_WIDTH = 46
"""Step and actor labels are cut to this many characters so that a row fits a terminal."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``validate``, ``show`` and ``convert`` to the ``journeys`` command line."""
    formatter = argparse.RawDescriptionHelpFormatter
    validate = subparsers.add_parser("validate", help="check journey files",
                                     description=VALIDATE_HELP, formatter_class=formatter)
    validate.add_argument("files", nargs="+", metavar="FILE",
                          help="journey files (.yaml, .yml, .json) or folders of them")
    catalogue_option(validate)
    validate.set_defaults(run=run_validate)

    show = subparsers.add_parser("show", help="print a summary of a journey",
                                 description=SHOW_HELP, formatter_class=formatter)
    show.add_argument("file", metavar="FILE", help="a journey file (.yaml, .yml, .json)")
    show.set_defaults(run=run_show)

    convert = subparsers.add_parser("convert", help="convert a journey between YAML and JSON",
                                    description=CONVERT_HELP, formatter_class=formatter)
    convert.add_argument("source", metavar="IN", help="the journey file to read")
    convert.add_argument("target", metavar="OUT", help="the file to write (.yaml, .yml, .json)")
    convert.add_argument("--force", action="store_true", help="replace OUT if it exists")
    convert.set_defaults(run=run_convert)


def _say(text: str) -> None:
    """Print at once (``journeys.cli`` handles unprintable characters and closed pipes)."""
    print(text, flush=True)


# -- validate -------------------------------------------------------------------------------

def journey_files(paths: list[str]) -> list[Path]:
    """``paths`` with each folder replaced by the journey files directly inside it."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = journey_paths(path)
            if not found:
                raise JourneyFileError("the folder holds no journey files", file=name,
                                       hint="journey files end in .yaml, .yml or .json")
            files += found
        else:
            files.append(path)
    return files


def catalogue_option(parser: argparse.ArgumentParser) -> None:
    """``--catalogue FILE``: the Sozialraum catalogue that actors' ``ref:`` point into."""
    parser.add_argument("--catalogue", metavar="FILE", default=None,
                        help=f"the catalogue of offers (default: {CATALOGUE_FILE} in each "
                             "journey's folder, when there is one)")


def _validate_one(path: Path, finder: CatalogueFinder) -> tuple[str, list]:
    """The ok line of one valid file (a journey, or a catalogue given by name) and its
    warnings (``share_warnings``)."""
    if path.name == CATALOGUE_FILE:
        entries = len(load_catalogue(path).entries)
        return f"{path}: ok (catalogue, {_count(entries, 'entry')})", []
    journey = finder.load(path)
    return (f"{path}: ok ({_count(len(journey.steps), 'step')}, "
            f"{_count(journey.barrier_count(), 'barrier')})", share_warnings(journey))


def run_validate(args: argparse.Namespace) -> int:
    files = journey_files(args.files)
    finder = CatalogueFinder(args.catalogue)
    failed = 0
    printed: set[str] = set()  # a broken catalogue.yaml is told once, not for every journey
    for path in files:
        try:
            line, warnings = _validate_one(path, finder)
        except JourneyError as error:
            failed += 1
            for line in error.lines():
                if line not in printed:
                    printed.add(line)
                    print(line, file=sys.stderr)
            continue
        _say(line)
        for warning in warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
    if failed and len(files) > 1:
        print(f"{failed} of {len(files)} files have problems", file=sys.stderr)
    return 1 if failed else 0


def _count(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


# -- show -----------------------------------------------------------------------------------

def run_show(args: argparse.Namespace) -> int:
    journey = load_journey(args.file)
    _say("\n".join(summary(journey)))
    return 0


def summary(journey: Journey) -> list[str]:
    """The lines ``journeys show`` prints for ``journey``."""
    return [*_header(journey), "", *_steps_by_stage(journey), "", *_steps_by_actor(journey),
            "", *_barriers_by_category(journey), "", *_ends(journey)]


def _cut(text: str, width: int = LABEL_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _header(journey: Journey) -> list[str]:
    lines = [journey.title, "=" * min(len(journey.title), 80)]
    facts = [("id", journey.id), ("language", journey.language), ("region", journey.region),
             ("owner", journey.owner), ("persona", journey.persona), ("goal", journey.goal),
             ("tags", ", ".join(journey.tags) or None)]
    lines += [f"{name + ':':<10}{value}" for name, value in facts if value]
    kinds = Counter(t.kind for t in journey.transitions)
    by_kind = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
    lines.append(f"{'size:':<10}{_count(len(journey.steps), 'step')}, "
                 f"{_count(len(journey.transitions), 'transition')}"
                 f"{f' ({by_kind})' if by_kind else ''}, "
                 f"{_count(journey.barrier_count(), 'barrier')}")
    return lines


def load_formula(step: Step) -> str:
    """The step's barrier load written out, severity × share per barrier (journeys.load).

    >>> from models import Step
    >>> step = Step.model_validate({"id": "a", "label": "A", "stage": "s", "actor": "x",
    ...     "reached": 10, "barriers": [{"category": "forms", "severity": 4, "affected": 0.6},
    ...                                 {"category": "cost", "severity": 3},
    ...                                 {"category": "trust", "severity": 2, "affected": 3}]})
    >>> load_formula(step)
    '4 × 0.60 + 3 × 1 + 2 × 0.30 (3 of 10 reached) = 6'
    """
    terms = []
    for barrier in step.barriers:
        term = f"{barrier.severity} × {number(barrier_share(barrier, step.reached), 'en', 2)}"
        if barrier.affected is not None and barrier.affected > 1:  # a count, not a share
            term += (f" ({barrier.affected:g} of {step.reached} reached)" if step.reached
                     else f" ({barrier.affected:g} affected, number reached unknown)")
        terms.append(term)
    return f"{' + '.join(terms)} = {number(step_load(step), 'en', 2)}"


def _steps_by_stage(journey: Journey) -> list[str]:
    lines = ["Steps by stage"]
    width = max(len(s.id) for s in journey.steps)
    label = min(LABEL_WIDTH, max(len(_cut(s.label)) for s in journey.steps))
    starts = set(journey.start_ids())
    by_stage = journey.steps_by("stage")
    for stage in journey.stages:
        steps = by_stage.get(stage.id, [])
        lines.append(f"  {stage.label} [{stage.id}]: {_count(len(steps), 'step')}")
        for step in steps:
            actor = journey.actors_by_id[step.actor]
            marks = (["start"] if step.id in starts else []) + (
                [step.outcome] if step.outcome else [])
            mark = f"  ({', '.join(marks)})" if marks else ""
            lines.append(f"    {step.id:<{width}}  {_cut(step.label):<{label}}  "
                         f"{actor.id}, level {actor.level}{mark}")
            if step.barriers:
                lines.append(f"    {'':<{width}}  barrier load {load_formula(step)}")
    return lines


def _steps_by_actor(journey: Journey) -> list[str]:
    lines = ["Steps by actor (resource level)"]
    width = max(len(a.id) for a in journey.actors)
    label = min(LABEL_WIDTH, max(len(_cut(a.label)) for a in journey.actors))
    by_actor = journey.steps_by("actor")
    for level in sorted({a.level for a in journey.actors}):
        lines.append(f"  level {level}: {LEVELS[level].en}")
        for actor in (a for a in journey.actors if a.level == level):
            steps = [s.id for s in by_actor.get(actor.id, [])]
            lines.append(f"    {actor.id:<{width}}  {_cut(actor.label):<{label}}  "
                         f"{_count(len(steps), 'step')}{': ' if steps else ''}"
                         f"{', '.join(steps)}")
    return lines


def _barriers_by_category(journey: Journey) -> list[str]:
    barriers = [b for s in journey.steps for b in s.barriers] + [
        b for t in journey.transitions for b in t.barriers]
    if not barriers:
        return ["Barriers by category and severity: none"]
    counts = Counter((b.category, b.severity) for b in barriers)
    categories = list(dict.fromkeys(b.category for b in barriers))
    width = max(len(c) for c in categories)
    severity_columns = "".join(f"{n:>4}" for n in range(1, 6))
    lines = ["Barriers by category and severity (1 minor .. 5 blocks the journey)",
             f"  {'category':<{width}}{severity_columns}  total  label"]
    for category in sorted(categories, key=lambda c: (-sum(
            counts[c, n] for n in range(1, 6)), categories.index(c))):
        cells = "".join(f"{counts[category, n] or '.':>4}" for n in range(1, 6))
        total = sum(counts[category, n] for n in range(1, 6))
        lines.append(f"  {category:<{width}}{cells}  {total:>5}  "
                     f"{journey.category(category).label('en')}")
    cells = "".join(f"{sum(counts[c, n] for c in categories) or '.':>4}" for n in range(1, 6))
    lines.append(f"  {'total':<{width}}{cells}  {len(barriers):>5}")
    return lines


def _ends(journey: Journey) -> list[str]:
    steps = journey.steps_by_id
    width = max(len(s.id) for s in journey.steps)
    lines = []
    for name, ids in (("Starts", journey.start_ids()), ("Goals", journey.goal_ids()),
                      ("Dropouts", journey.dropout_ids())):
        lines.append(f"{name}: {len(ids) or 'none'}")
        lines += [f"  {i:<{width}}  {_cut(steps[i].label)}" for i in ids]
    return lines


# -- convert --------------------------------------------------------------------------------

def run_convert(args: argparse.Namespace) -> int:
    source, target = Path(args.source), Path(args.target)
    target_format = format_of(target)  # refuse an unknown extension before reading anything
    if target.exists() and not args.force:
        raise JourneyFileError("the file exists already", file=str(target),
                               hint="choose another name, or add --force to replace it")
    journey = load_journey(source)
    save_journey(journey, target)
    _say(f"{source} ({format_of(source)}) → {target} ({target_format}): "
         f"{_count(len(journey.steps), 'step')}, {_count(journey.barrier_count(), 'barrier')}")
    return 0
