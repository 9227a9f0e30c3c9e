"""The analysis commands: ``journeys analyze``, ``journeys compare`` and ``journeys hotspots``.

Thin shell over ``journeys.analysis``, ``journeys.compare`` and ``journeys.hotspots``: text for a
terminal, or JSON that follows docs/analysis-schema.json (``journeys analyze --schema``).
Headings and reasons are German or English (``--lang``; default: the journey's language).
"""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator

from pydantic import BaseModel

from journeys.analysis import (
    MAX_ROUTES,
    TIME_LIMIT,
    Analysis,
    analyze,
    schema_text,
)
from journeys.catalogue import CatalogueFinder
from journeys.commands.files import catalogue_option, journey_files
from journeys.compare import Comparison, compare_journeys, journey_header
from journeys.formats import load_journey
from journeys.hotspots import (
    HOTSPOT_KEYS,
    NONE,
    HotspotCell,
    HotspotReport,
    hotspot_report,
)
from journeys.i18n import LANGUAGES, language, number, translate
from journeys.institutions import RouteSummary
from journeys.many_files import load_all
from journeys.offers import offer_labels
from journeys.vocabulary import transfer_word
from models import DIMENSIONS, LEVELS, Journey, JourneyError
from models.catalogue_file import CATALOGUE_FILE, Catalogue

FORMULA = """\
barrier load of a barrier = severity (1..5) × share of people affected (0..1)
  share = `affected` when it is a share (0..1; 1 is everyone);
          `affected` ÷ `reached` when it is a count (a whole number >= 2);
          on a transition: ÷ its `count`, else ÷ `reached` of the step it leaves;
          1 (everyone) when nothing is known, when a count has nothing to be
          divided by or is larger than that number
barrier load of a step    = its barriers + those on transitions leading into it
barrier load of a route   = all barriers on its steps and transitions
bottleneck score          = (barrier load + 5 × share who drop out here
                             + 1 per week of waiting, at most 5)
                            × share of routes to a goal that pass the step"""
"""The formulas as ``--help`` and docs/analysis.md print them (a test keeps both the same)."""

ANALYZE_HELP = f"""\
Analyse one journey: the bottleneck steps (with the reasons in words), the routes from a start
to a goal (least barrier load first, with actors, resource levels, handoffs and days),
subsidiarity (routes that go up to institutions without a legal entitlement although a lighter
route on levels 1-3 exists; rights reached only through, or replaced by, charity), and
barrier hotspots by category, Levesque dimension, actor, level, stage and channel.

formulas:
{textwrap.indent(FORMULA, "  ")}

examples:
  journeys analyze sample_journeys/sportverein-everswinkel.yaml
  journeys analyze journey.yaml --format json --lang en > analysis.json
  journeys analyze --schema > docs/analysis-schema.json
"""

COMPARE_HELP = """\
Compare two or more journeys: barrier hotspots side by side by category and stage, the
categories only one journey has, which journey is harder overall (higher total barrier load)
and where the difference lies, and the least-barrier route of each.

examples:
  journeys compare sample_journeys/sportverein-everswinkel.yaml \\
                   sample_journeys/sportverein-ennigerloh.yaml
  journeys compare a.yaml b.yaml c.yaml --format json
"""

HOTSPOTS_HELP = """\
Barrier count and load (severity × share affected, summed) over many journeys. --by category,
dimension, actor, level, stage or channel sums all journeys; --by region, owner or tag groups
the journeys first and shows the --of cells (default: category) per group. A folder stands for
the journey files (*.yaml, *.yml, *.json) directly inside it.

examples:
  journeys hotspots sample_journeys/
  journeys hotspots sample_journeys/ --by region --of stage
  journeys hotspots a.yaml b.yaml --by level --format json
"""

JOURNEY_GROUPS = ("region", "owner", "tag")
"""``--by`` values that group journeys (the others are hotspot keys summed over all)."""
TOP_BOTTLENECKS = 10
BAR_WIDTH = 20
LINE_WIDTH = 100

TEXT = {
    "en": {
        "summary": "{barriers:barrier|barriers} · total load {load} · {routes:route|routes} to a "
                   "goal",
        "bottlenecks": "Bottlenecks (highest score first)",
        "warnings": "Check these numbers",
        "no_bottleneck": "  no step carries barriers, drop-off or waiting",
        "routes": "Routes (least barrier load first)",
        "route": "load {load} · {days} · levels {levels} · {handoffs} handoffs",
        "days": "{days} days", "days_more": "≥ {days} days", "days_unknown": "days unknown",
        "transfers": " ({transfers})",
        "subsidiarity": "Subsidiarity",
        "subsidiarity_ok": "  no route goes up to institutions where a lighter route on levels "
                           "1-3 exists, and no right depends on charity",
        "hotspots_of": "Hotspots by {by}",
        "barriers_n": "{count} barriers",
        "barriers_1": "1 barrier",
        "compare": "Comparison of {count} journeys",
        "journey_line": "{id}: {title} · {barriers:barrier|barriers} · load {load} · least-barrier "
                        "route {route}",
        "no_route": "none",
        "by_category": "Barrier load by category",
        "by_stage": "Barrier load by stage",
        "findings": "Findings",
        "portfolio": "Barrier hotspots by {by} over {count} journeys: {barriers:barrier|barriers}, "
                     "load {load}",
        "group": "{group}: load {load} · {barriers:barrier|barriers}",
        "no_dimension": "(no dimension)",
        "none": "(none)",
        "schema_or_file": "give a journey FILE (or --schema for the JSON schema)",
        "category": "category", "dimension": "dimension", "actor": "actor", "level": "level",
        "stage": "stage", "channel": "channel", "region": "region", "owner": "owner",
        "tag": "tag",
    },
    "de": {
        "summary": "{barriers:Barriere|Barrieren} · Gesamtlast {load} · {routes:Weg|Wege} zum Ziel",
        "bottlenecks": "Engpässe (höchster Wert zuerst)",
        "warnings": "Diese Zahlen prüfen",
        "no_bottleneck": "  kein Schritt trägt Barrieren, Ausstiege oder Wartezeit",
        "routes": "Wege (geringste Barrierelast zuerst)",
        "route": "Last {load} · {days} · Ebenen {levels} · {handoffs} Übergaben",
        "days": "{days} Tage", "days_more": "≥ {days} Tage", "days_unknown": "Dauer unbekannt",
        "transfers": " ({transfers})",
        "subsidiarity": "Subsidiarität",
        "subsidiarity_ok": "  kein Weg führt zu Institutionen, wo ein leichterer Weg über die "
                           "Ebenen 1-3 besteht, und kein Rechtsanspruch hängt an karitativer "
                           "Hilfe",
        "hotspots_of": "Hotspots nach {by}",
        "barriers_n": "{count} Barrieren",
        "barriers_1": "1 Barriere",
        "compare": "Vergleich von {count} Reisen",
        "journey_line": "{id}: {title} · {barriers:Barriere|Barrieren} · Last {load} · "
                        "leichtester Weg "
                        "{route}",
        "no_route": "keiner",
        "by_category": "Barrierelast nach Kategorie",
        "by_stage": "Barrierelast nach Phase",
        "findings": "Ergebnisse",
        "portfolio": "Barriere-Hotspots nach {by} über {count} Reisen: "
                     "{barriers:Barriere|Barrieren}, "
                     "Last {load}",
        "group": "{group}: Last {load} · {barriers:Barriere|Barrieren}",
        "no_dimension": "(keine Dimension)",
        "none": "(keine Angabe)",
        "schema_or_file": "eine Reise-Datei FILE angeben (oder --schema für das JSON-Schema)",
        "category": "Kategorie", "dimension": "Dimension", "actor": "Akteur", "level": "Ebene",
        "stage": "Phase", "channel": "Kanal", "region": "Region", "owner": "Träger",
        "tag": "Schlagwort",
    },
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``analyze``, ``compare`` and ``hotspots`` to the ``journeys`` command line."""
    formatter = argparse.RawDescriptionHelpFormatter
    analyze_parser = subparsers.add_parser(
        "analyze", help="bottlenecks, routes, subsidiarity and hotspots of a journey",
        description=ANALYZE_HELP, formatter_class=formatter)
    analyze_parser.add_argument("file", nargs="?", metavar="FILE",
                                help="a journey file (.yaml, .yml, .json)")
    _output_options(analyze_parser)
    analyze_parser.add_argument("--max-routes", type=_positive, default=MAX_ROUTES,
                                metavar="N", help=f"list at most N routes (default {MAX_ROUTES})")
    analyze_parser.add_argument("--time-limit", type=_seconds, default=TIME_LIMIT, metavar="S",
                                help=f"stop listing routes after S seconds (default "
                                     f"{TIME_LIMIT:g})")
    analyze_parser.add_argument("--schema", action="store_true",
                                help="print the JSON schema of the json output and exit")
    analyze_parser.set_defaults(run=run_analyze)

    compare = subparsers.add_parser("compare", help="compare two or more journeys",
                                    description=COMPARE_HELP, formatter_class=formatter)
    compare.add_argument("files", nargs="+", metavar="FILE", help="journey files")
    _output_options(compare)
    compare.set_defaults(run=run_compare)

    hotspots = subparsers.add_parser("hotspots", help="barrier hotspots over many journeys",
                                     description=HOTSPOTS_HELP, formatter_class=formatter)
    hotspots.add_argument("files", nargs="+", metavar="DIR|FILE",
                          help="journey files or folders of them")
    hotspots.add_argument("--by", default="category",
                          choices=[*HOTSPOT_KEYS, *JOURNEY_GROUPS],
                          help="what to sum by, or how to group the journeys (default category)")
    hotspots.add_argument("--of", default="category", choices=HOTSPOT_KEYS,
                          help="the cells shown per group with --by region|owner|tag "
                               "(default category)")
    catalogue_option(hotspots)
    _output_options(hotspots)
    hotspots.set_defaults(run=run_hotspots)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _seconds(text: str) -> float:
    """A time limit: a finite number of seconds above 0 (``nan`` or ``-1`` would silently
    mean "no limit" or "stop at once")."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text!r}")
    return value


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for a terminal (default) or JSON (docs/analysis-schema.json)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of headings, reasons and messages (default: the "
                             "journey's language)")


def _stdout():
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    return sys.stdout


def _emit(model: BaseModel, lines: Callable[[], list[str]], fmt: str) -> int:
    out = _stdout()
    if fmt == "json":
        print(model.model_dump_json(indent=2), file=out)
    else:
        print("\n".join(lines()), file=out)
    return 0


def _t(name: str, lang: str, **values: object) -> str:
    return translate(TEXT, name, lang, **values)


def _bar(value: float, largest: float) -> str:
    return "█" * max(1, round(BAR_WIDTH * value / largest)) if largest > 0 and value > 0 else ""


def _wrap(text: str, indent: str, hanging: str | None = None) -> list[str]:
    return textwrap.wrap(text, LINE_WIDTH, initial_indent=indent,
                         subsequent_indent=indent if hanging is None else hanging,
                         break_on_hyphens=False)


def route_lines(steps: list[str], indent: str) -> list[str]:
    """``_wrap(" → ".join(steps), indent)``, line for line, without textwrap's regex over the
    whole text (a route of 60,000 steps is a 600 kB line): ids hold no whitespace, so the
    words are known. A word longer than a line goes the long way."""
    room = LINE_WIDTH - len(indent)
    words = [word for step in steps for word in (step, "→")][:-1]
    if any(len(word) > room for word in words):
        return _wrap(" → ".join(steps), indent)
    lines: list[str] = []
    line: list[str] = []
    used = -1
    for word in words:
        if used + 1 + len(word) > room and line:
            lines.append(indent + " ".join(line))
            line, used = [], -1
        line.append(word)
        used += 1 + len(word)
    if line:
        lines.append(indent + " ".join(line))
    return lines


# -- analyze --------------------------------------------------------------------------------

def run_analyze(args: argparse.Namespace) -> int:
    if args.schema:
        print(schema_text(), end="", file=_stdout())
        return 0
    if not args.file:
        raise JourneyError(_t("schema_or_file", language(args.lang)))
    journey = load_journey(args.file)
    lang = args.lang or journey.language
    result = analyze(journey, lang=lang, max_routes=args.max_routes, time_limit=args.time_limit)
    return _emit(result, lambda: analysis_lines(journey, result), args.format)


def analysis_lines(journey: Journey, result: Analysis) -> list[str]:
    """The text ``journeys analyze`` prints."""
    lang = result.lang
    lines = [f"{journey.title} [{journey.id}]",
             _t("summary", lang, barriers=result.barrier_count,
                load=number(result.total_load, lang), routes=number(result.routes_total, lang)),
             ""]
    if result.warnings:
        lines.append(_t("warnings", lang))
        for warning in result.warnings:
            lines += _wrap(warning, "  ! ", "    ")
        lines.append("")
    lines.append(_t("bottlenecks", lang))
    ranked = [b for b in result.bottlenecks if b.score > 0][:TOP_BOTTLENECKS]
    for rank, item in enumerate(ranked, 1):
        lines.append(f"{rank:>3}. {item.label} [{item.step}]  {number(item.score, lang)}")
        lines += _wrap(" · ".join(item.reasons), "     ")
    if not ranked:
        lines.append(_t("no_bottleneck", lang))
    lines += ["", _t("routes", lang)]
    for rank, route in enumerate(result.routes, 1):
        transfers = Counter(transfer_word(h.data_transfer, lang) for h in route.handoffs)
        detail = ", ".join(f"{kind} {count}" for kind, count in transfers.most_common())
        lines.append(f"{rank:>3}. " + _t(
            "route", lang, load=number(route.barrier_load, lang), days=_days(route, lang),
            levels=",".join(map(str, route.levels)), handoffs=len(route.handoffs)) + (
            _t("transfers", lang, transfers=detail) if detail else ""))
        lines += route_lines(route.steps, "     ")
    if result.routes_note:
        lines += _wrap(result.routes_note, "  ")
    lines += ["", _t("subsidiarity", lang)]
    for flag in result.subsidiarity:
        lines += _wrap(flag.message, "  ! ", "    ")
    if not result.subsidiarity:
        lines.append(_t("subsidiarity_ok", lang))
    for by in ("category", "level", "stage"):
        cells = {k: HotspotCell(count=result.hotspot_counts[by][k], load=load)
                 for k, load in result.hotspots[by].items()}
        lines += ["", _t("hotspots_of", lang, by=_t(by, lang)), *_cell_lines(
            cells, _labeller([journey], by, lang), lang)]
    return lines


def _days(route: RouteSummary, lang: str) -> str:
    """Expected days of a route; says so when steps without ``duration_days`` make it a
    lower bound, or when no step has one."""
    if route.days_unknown == len(route.steps):
        return _t("days_unknown", lang)
    return _t("days_more" if route.days_unknown else "days", lang, days=number(route.days, lang))


def _labeller(journeys: list[Journey], by: str, lang: str,
              catalogue: Catalogue | None = None) -> Callable[[str], str]:
    """How a hotspot key is shown: the label from the journeys (or the catalogues)."""
    offers = offer_labels(journeys, catalogue) if by == "actor" else {}

    def label(key: str) -> str:
        if key in offers:
            return offers[key]
        if key == NONE and by in ("dimension", "channel", "region", "owner", "tag"):
            return _t("no_dimension" if by == "dimension" else "none", lang)
        if by == "dimension":
            dimension = DIMENSIONS[key]
            return dimension.de if lang == "de" else dimension.en
        if by == "level":
            level = LEVELS[int(key)]
            return f"{key} {level.de if lang == 'de' else level.en}"
        for journey in journeys:
            if by == "category" and key in journey.known_categories():
                return journey.category(key).label(lang)
            if by == "actor" and key in journey.actors_by_id:
                return journey.actors_by_id[key].label
            if by == "stage" and key in journey.stages_by_id:
                return journey.stages_by_id[key].label
        return key

    return label


def _cell_lines(cells: dict[str, HotspotCell], label: Callable[[str], str], lang: str,
                indent: str = "  ") -> list[str]:
    if not cells:
        return [f"{indent}-"]
    names = {k: _cut(label(k), 34) for k in cells}
    width = max(len(n) for n in names.values())
    largest = max(c.load for c in cells.values())
    return [f"{indent}{names[k]:<{width}}  {number(c.load, lang):>6}  "
            f"{_bar(c.load, largest):<{BAR_WIDTH}}  {_barriers(c.count, lang)}"
            for k, c in cells.items()]


def _barriers(count: int, lang: str) -> str:
    return _t("barriers_1", lang) if count == 1 else _t("barriers_n", lang, count=count)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- compare --------------------------------------------------------------------------------

def run_compare(args: argparse.Namespace) -> int:
    headers: list[Journey] = []

    def one_at_a_time() -> Iterator[Journey]:
        """Each file's journey when the comparison asks for it, after the one before is
        let go: two 60,000-step journeys never sit in memory together."""
        for name in args.files:
            journey = load_journey(name)
            headers.append(journey_header(journey))
            yield journey
            del journey

    result = compare_journeys(one_at_a_time(), lang=args.lang)
    lang = args.lang or headers[0].language
    return _emit(result, lambda: comparison_lines(headers, result, lang), args.format)


def comparison_lines(journeys: list[Journey], result: Comparison, lang: str) -> list[str]:
    """The text ``journeys compare`` prints: totals, two side-by-side tables, findings."""
    lines = [_t("compare", lang, count=len(journeys))]
    for column, row in enumerate(result.journeys, 1):
        route = _t("no_route", lang) if row.least_route_load is None else number(
            row.least_route_load, lang)
        lines += _wrap(_t("journey_line", lang, id=row.key, title=row.title,
                          barriers=row.barrier_count, load=number(row.total_load, lang),
                          route=route), f"  [{column}] ", "      ")
    keys = [row.key for row in result.journeys]
    for title, by, table in (("by_category", "category", result.category),
                             ("by_stage", "stage", result.stage)):
        lines += ["", _t(title, lang), *_side_by_side(table, keys, _labeller(journeys, by, lang),
                                                      lang)]
    lines += ["", _t("findings", lang)]
    for finding in result.findings:
        lines += _wrap(finding, "  - ", "    ")
    return lines


def _side_by_side(table: dict[str, dict[str, HotspotCell]], keys: list[str],
                  label: Callable[[str], str], lang: str) -> list[str]:
    names = {k: _cut(label(k), 30) for k in table}
    width = max([len(n) for n in names.values()] + [4])
    column = 8
    lines = ["  " + " " * width + "".join(f"  {f'[{n}]':>{column}}"
                                          for n in range(1, len(keys) + 1))]
    for key, row in table.items():
        cells = "".join(f"  {number(row[k].load, lang) if row[k].count else '-':>{column}}"
                        for k in keys)
        lines.append(f"  {names[key]:<{width}}{cells}")
    return lines


# -- hotspots -------------------------------------------------------------------------------

def load_journeys(names: list[str], catalogue: str | None = None, *,
                  finder: CatalogueFinder | None = None) -> list[Journey]:
    """Every journey in ``names`` (files and folders; a catalogue file given by name is
    skipped), each loaded against its catalogue; all problems of all files are reported
    together, and nothing is summed when one file is broken."""
    journeys, errors = [], []
    finder = finder or CatalogueFinder(catalogue)
    paths = [path for path in journey_files(names) if path.name != CATALOGUE_FILE]
    for _, loaded in load_all(paths, finder.for_file):  # many YAML files: parsed on all cores
        (errors if isinstance(loaded, JourneyError) else journeys).append(loaded)
    if errors:
        for error in errors[:-1]:
            for line in error.lines():
                print(line, file=sys.stderr)
        raise errors[-1]
    return journeys


def run_hotspots(args: argparse.Namespace) -> int:
    finder = CatalogueFinder(args.catalogue)
    journeys = load_journeys(args.files, finder=finder)  # the collector is off (journeys.cli)
    grouped = args.by in JOURNEY_GROUPS
    result = hotspot_report(journeys, by=args.of if grouped else args.by,
                            group_by=args.by if grouped else None)
    lang = args.lang or journeys[0].language
    return _emit(result, lambda: hotspot_lines(journeys, result, lang, finder.only()),
                 args.format)


def hotspot_lines(journeys: list[Journey], result: HotspotReport, lang: str,
                  catalogue: Catalogue | None = None) -> list[str]:
    """The text ``journeys hotspots`` prints (offers named as in ``catalogue``)."""
    label = _labeller(journeys, result.by, lang, catalogue)
    lines = [_t("portfolio", lang, by=_t(result.group_by or result.by, lang),
                count=len(result.journeys), barriers=result.total.count,
                load=number(result.total.load, lang))]
    if result.groups is None:
        return [*lines, *_cell_lines(result.cells or {}, label, lang)]
    group_label = _labeller(journeys, result.group_by or "", lang, catalogue)
    for group, cells in result.groups.items():
        total = HotspotCell(count=sum(c.count for c in cells.values()),
                            load=round(sum(c.load for c in cells.values()), 6))
        lines += ["", _t("group", lang, group=group_label(group), load=number(total.load, lang),
                         barriers=total.count), *_cell_lines(cells, label, lang, "    ")]
    return lines
