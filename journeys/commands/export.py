"""The exchange commands: ``journeys export`` and ``journeys import``.

``export`` dispatches on ``FORMATS``, a table from format name to an ``ExportFormat``; a new
format (images, slide decks) is one more entry there, and ``--format``'s choices follow the
table. ``import`` reads Mermaid user journeys and CSV tables (``journeys.exchange``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from journeys.commands.output import check_free, single_journey, write_output
from journeys.exchange import (
    LANES,
    SEPARATORS,
    Source,
    journey_from_mermaid,
    journey_from_tables,
    journey_graphml,
    journey_tables,
    mermaid_flowchart,
    mermaid_journey,
    register_csv,
)
from journeys.export.names import FIGURE_NAMES
from journeys.export.writers import image_writer, write_html, write_pptx
from journeys.formats import (
    dumps_journey,
    format_of,
    load_journey,
    read_bytes,
    save_journey,
    to_document,
    write_all_atomic,
)
from models import Journey, JourneyError, JourneyFileError

EXPORT_HELP = """\
Export a journey for slides, reports and other tools: a figure as PNG, SVG or PDF, an
editable slide deck (several FILEs: a comparison deck), an offline HTML report, the barrier
register as CSV for Excel, all three tables as CSV, GraphML for yEd and Gephi, a Mermaid
flowchart or user journey for GitLab, GitHub and Notion, or the journey as JSON or YAML.
The format follows --format, or else the extension of OUT (.png, .pptx, .csv, .graphml,
.mmd, …). Without -o text formats go to stdout. Labels are written in the journey's language
unless --lang says otherwise. An existing OUT is only replaced with --force.

formats:
{formats}

examples:
  journeys export journey.yaml --format csv -o barriers.csv
  journeys export journey.yaml --format csv --sep ';' --lang de -o barrieren.csv   # German Excel
  journeys export journey.yaml --format csv-tables -o tables/    # steps, transitions, barriers
  journeys export journey.yaml -o journey.graphml
  journeys export journey.yaml --format mermaid --lanes actor > map.mmd
  journeys export journey.yaml --format mermaid-journey -o journey.mmd
  journeys export journey.yaml --format png --figure map -o map.png    # also svg, pdf
  journeys export journey.yaml --format pptx -o deck.pptx --lang en
  journeys export a.yaml b.yaml --format pptx -o comparison.pptx       # a comparison deck
  journeys export journey.yaml --format html -o report.html            # works offline
"""

IMPORT_HELP = """\
Import a journey from a Mermaid user journey diagram (.mmd) or from CSV tables, and save it
as a journey file (.yaml, .yml or .json). Nothing is written when the input has problems:
each is printed with its file, line and column.

Mermaid: sections become stages, tasks become steps joined in the order written, the score
is the step's emotion (1..5), the first actor named is the step's actor, the last task is
the goal. Mermaid knows no resource levels: give them with --level ACTOR=N (1 household,
2 social environment, 3 social space, 4 institution); actors without one get level 4 and
the journey's extra.import_notes says so.

CSV: a folder holding steps.csv, transitions.csv and barriers.csv (as `export --format
csv-tables` writes them), or those files named one by one. With --onto BASE the tables
replace those parts of BASE and the rest (title, persona, stages, …) is kept; a barrier
register alone (any other .csv name) is imported onto BASE this way: its rows become the
journey's barriers. Without --onto, the title is --title or the folder's name.

examples:
  journeys import day.mmd -o day.yaml --level Me=1 --level Cat=2
  journeys import tables/ -o verein.yaml --title "Kind im Sportverein" --language de
  journeys import barriers.csv --onto journey.yaml -o journey.yaml --force
  journeys import steps.csv transitions.csv -o rebuilt.yaml
"""


@dataclass(frozen=True)
class ExportFormat:
    """One export format: how to write it, the extensions that choose it, what it is."""

    write: Callable[[Sequence[Journey], Path | None, argparse.Namespace], None]
    suffixes: tuple[str, ...]
    help: str
    options: tuple[str, ...] = ()
    """The format-specific options (``sep``, ``lanes``) it uses; others are refused."""


def text_format(fmt: str, render: Callable[[Journey, argparse.Namespace], str]
                ) -> Callable[[Sequence[Journey], Path | None, argparse.Namespace], None]:
    """A writer for a format that turns one journey into text."""

    def write(journeys: Sequence[Journey], out: Path | None, args: argparse.Namespace) -> None:
        write_output(render(single_journey(journeys, fmt), args), out, args.force)

    return write


def _write_tables(journeys: Sequence[Journey], out: Path | None,
                  args: argparse.Namespace) -> None:
    if out is None:
        raise JourneyError("--format csv-tables writes a folder of three files",
                           hint="give the folder with -o, e.g. -o tables/")
    tables = journey_tables(single_journey(journeys, "csv-tables"), sep=_sep(args), lang=args.lang)
    if out.exists() and not out.is_dir():
        raise JourneyFileError("this is a file, not a folder", file=str(out),
                               hint="csv-tables writes steps.csv, transitions.csv and "
                                    "barriers.csv into a folder")
    if out.is_dir():
        for name in tables:
            check_free(out / name, args.force)
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise JourneyFileError(f"cannot create the folder: {error.strerror or error}",
                               file=str(out)) from None
    try:  # all three tables or none: never new steps beside old barriers
        write_all_atomic({out / name: text for name, text in tables.items()})
    except BaseException:
        if created:
            out.rmdir()
        raise


def _sep(args: argparse.Namespace) -> str:
    return SEPARATORS[args.sep or ","]


FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat(
        text_format("csv", lambda j, a: register_csv(j, sep=_sep(a), lang=a.lang)), (".csv",),
        "barrier register, one row per barrier (--sep ';' for German Excel)",
        ("sep",)),
    "csv-tables": ExportFormat(
        _write_tables, (), "folder with steps.csv, transitions.csv, barriers.csv", ("sep",)),
    "graphml": ExportFormat(
        text_format("graphml", lambda j, a: journey_graphml(j, lang=a.lang)), (".graphml",),
        "graph for yEd and Gephi, every attribute kept"),
    "mermaid": ExportFormat(
        text_format("mermaid", lambda j, a: mermaid_flowchart(
            j, lang=a.lang, lanes=a.lanes or "stage")), (".mmd", ".mermaid"),
        "Mermaid flowchart, one box per stage (or --lanes actor)", ("lanes",)),
    "mermaid-journey": ExportFormat(
        text_format("mermaid-journey", lambda j, a: mermaid_journey(j, lang=a.lang)), (),
        "Mermaid user journey: steps in order with their emotion (1..5)"),
    "json": ExportFormat(text_format("json", lambda j, a: dumps_journey(j, "json")),
                         (".json",), "the journey file as JSON"),
    "yaml": ExportFormat(text_format("yaml", lambda j, a: dumps_journey(j, "yaml")),
                         (".yaml", ".yml"), "the journey file as YAML"),
    "png": ExportFormat(image_writer("png"), (".png",),
                        "one figure (--figure) as PNG, 3200 × 1800 px", ("figure", "parts")),
    "svg": ExportFormat(image_writer("svg"), (".svg",), "one figure (--figure) as SVG",
                        ("figure", "parts")),
    "pdf": ExportFormat(image_writer("pdf"), (".pdf",), "one figure (--figure) as PDF",
                        ("figure", "parts")),
    "pptx": ExportFormat(write_pptx, (".pptx",),
                         "editable slide deck; several FILEs make a comparison deck"),
    "html": ExportFormat(write_html, (".html", ".htm"),
                         "self-contained HTML report with interactive charts (offline)"),
}
"""Format name → how to export it; ``--format`` offers exactly these names."""


def _format_list() -> str:
    width = max(len(name) for name in FORMATS)
    return "\n".join(f"  {name:<{width}}  {f.help}" for name, f in FORMATS.items())


def _level(text: str) -> tuple[str, int]:
    actor, equals, level = text.rpartition("=")
    if not equals or not actor or not level.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected ACTOR=N (e.g. Me=1), got {text!r}")
    return actor.strip(), int(level)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``export`` and ``import`` to the ``journeys`` command line."""
    formatter = argparse.RawDescriptionHelpFormatter
    export = subparsers.add_parser(
        "export", help="export a journey (CSV, GraphML, Mermaid, JSON, YAML)",
        description=EXPORT_HELP.format(formats=_format_list()), formatter_class=formatter)
    export.add_argument("files", nargs="+", metavar="FILE", help="journey file (.yaml, .json)")
    export.add_argument("-f", "--format", choices=list(FORMATS), metavar="FORMAT",
                        help=f"one of: {', '.join(FORMATS)} (default: from OUT's extension)")
    export.add_argument("-o", "--output", metavar="OUT", help="file (or folder) to write; "
                        "stdout when left out")
    export.add_argument("--sep", choices=list(SEPARATORS), metavar="SEP",
                        help="CSV separator: ',' (default) or ';' for German Excel, which "
                             "also writes decimal commas; 'tab' for tab-separated")
    export.add_argument("--lang", choices=["de", "en"],
                        help="language of labels (default: the journey's language)")
    export.add_argument("--lanes", choices=list(LANES),
                        help="Mermaid flowchart: one box per stage (default) or per actor")
    export.add_argument("--figure", choices=list(FIGURE_NAMES),
                        help=f"png, svg, pdf: the figure, one of: {', '.join(FIGURE_NAMES)}")
    export.add_argument("--parts", action="store_true",
                        help="png, svg, pdf of the map: one 16:9 slide image per run of stages "
                             "when the whole map does not fit one (OUT-1.png, OUT-2.png, …)")
    export.add_argument("--force", action="store_true", help="replace OUT if it exists")
    export.set_defaults(run=run_export)

    imports = subparsers.add_parser(
        "import", help="import a Mermaid user journey or CSV tables",
        description=IMPORT_HELP, formatter_class=formatter)
    imports.add_argument("inputs", nargs="+", metavar="IN",
                         help="a .mmd file, a folder of CSV tables, or CSV files")
    imports.add_argument("-o", "--output", required=True, metavar="OUT",
                         help="journey file to write (.yaml, .yml, .json)")
    imports.add_argument("--onto", metavar="BASE", help="journey the CSV tables replace "
                         "parts of (needed for a barrier register alone)")
    imports.add_argument("--language", choices=["de", "en"],
                         help="language of the content (default: BASE's, else en)")
    imports.add_argument("--level", action="append", type=_level, default=[],
                         metavar="ACTOR=N", help="Mermaid: resource level 1..4 of an actor "
                         "(its name or id); repeat for each actor")
    imports.add_argument("--title", help="the journey's title (default: the diagram's title "
                         "or the folder's name)")
    imports.add_argument("--id", dest="journey_id", metavar="ID",
                         help="the journey's id (default: a slug of the title)")
    imports.add_argument("--force", action="store_true", help="replace OUT if it exists")
    imports.set_defaults(run=run_import)


# -- export ---------------------------------------------------------------------------------

def _chosen_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower()
        for name, fmt in FORMATS.items():
            if suffix in fmt.suffixes:
                return name
    raise JourneyError("which format? " + (f"'{Path(args.output).suffix or args.output}' "
                                           "names none" if args.output else "no OUT given"),
                       hint=f"add --format, one of: {', '.join(FORMATS)}")


def run_export(args: argparse.Namespace) -> int:
    name = _chosen_format(args)
    fmt = FORMATS[name]
    for option in ("sep", "lanes", "figure", "parts"):
        if getattr(args, option, None) not in (None, False) and option not in fmt.options:
            users = [n for n, f in FORMATS.items() if option in f.options]
            raise JourneyError(f"--{option} does not apply to --format {name}",
                               hint=f"it applies to: {', '.join(users)}")
    journeys = [load_journey(path) for path in args.files]
    out = Path(args.output) if args.output else None
    fmt.write(journeys, out, args)
    if out is not None:
        print(f"{', '.join(args.files)} → {out} ({name})", file=sys.stderr)
    return 0


# -- import ---------------------------------------------------------------------------------

MERMAID_SUFFIXES = (".mmd", ".mermaid")
TABLE_ROLES = {"steps": "steps", "transitions": "transitions"}
"""CSV files are told apart by name; any other .csv is the barrier register."""


def _read(path: Path) -> Source:
    return Source(str(path), read_bytes(path))


def _tables(paths: list[Path]) -> dict[str, Path]:
    """Which CSV file is which table (see ``TABLE_ROLES``)."""
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0]
        found = {role: folder / f"{role}.csv" for role in ("steps", "transitions", "barriers")
                 if (folder / f"{role}.csv").is_file()}
        if not found:
            raise JourneyFileError("the folder holds no steps.csv, transitions.csv or "
                                   "barriers.csv", file=str(folder),
                                   hint="export them with `journeys export --format csv-tables`")
        return found
    roles: dict[str, Path] = {}
    for path in paths:
        if path.suffix.lower() != ".csv":
            raise JourneyFileError(f"cannot import '{path.suffix or path.name}' files",
                                   file=str(path), hint="import a Mermaid journey (.mmd), a "
                                   "folder of CSV tables, or CSV files")
        role = TABLE_ROLES.get(path.stem.lower(), "barriers")
        if role in roles:
            raise JourneyFileError(f"two files for the {role} table: {roles[role]} and {path}",
                                   file=str(path), hint="steps.csv and transitions.csv are "
                                   "named so; any other CSV is the barrier register")
        roles[role] = path
    return roles


def _import(args: argparse.Namespace) -> Journey:
    paths = [Path(p) for p in args.inputs]
    if any(p.suffix.lower() in MERMAID_SUFFIXES for p in paths):
        if len(paths) > 1 or args.onto:
            raise JourneyError("a Mermaid journey is imported on its own",
                               hint="give one .mmd file, without --onto")
        source = _read(paths[0])
        return journey_from_mermaid(source.data, name=source.name,
                                    language=args.language or "en", levels=dict(args.level),
                                    title=args.title, journey_id=args.journey_id)
    if args.level:
        raise JourneyError("--level applies to Mermaid imports",
                           hint="in CSV tables the level is the column level of steps.csv")
    roles = _tables(paths)
    # the base as plain data only: a 60,000-step journey is 160 MB as models
    base = to_document(load_journey(args.onto)) if args.onto else None
    steps = roles.get("steps")
    folder = paths[0] if paths[0].is_dir() else (steps or paths[0]).resolve().parent
    return journey_from_tables(
        steps=_read(steps) if steps else None,
        transitions=_read(roles["transitions"]) if "transitions" in roles else None,
        barriers=_read(roles["barriers"]) if "barriers" in roles else None,
        base=base, title=args.title or (None if base else folder.resolve().name),
        journey_id=args.journey_id, language=args.language, name=str(paths[0]))


def run_import(args: argparse.Namespace) -> int:
    out = Path(args.output)
    format_of(out)  # refuse an unknown extension before reading anything
    check_free(out, args.force)
    journey = _import(args)
    save_journey(journey, out)
    print(f"{', '.join(args.inputs)} → {out}: {len(journey.steps)} steps, "
          f"{len(journey.transitions)} transitions, {journey.barrier_count()} barriers",
          file=sys.stderr)
    for note in (journey.extra or {}).get("import_notes", []):
        print(f"note: {note}", file=sys.stderr)
    return 0
