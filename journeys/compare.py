"""Comparing journeys: hotspots side by side, barriers only one of them has, and which is harder
overall and where.

"Harder" means a higher total barrier load (the sum over all barriers, ``journeys.load``); the
findings also name the categories and stages where the difference lies and compare the
least-barrier routes, since a journey can carry much load on side paths and still have an easy
main route.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from journeys.bottlenecks import route_counts
from journeys.graph import release, to_graph
from journeys.hotspots import HotspotCell, hotspots, journey_keys
from journeys.i18n import number, translate
from journeys.register import barrier_register
from journeys.routes import iter_routes
from models import Journey, JourneyError

TOP_DIFFERENCES = 3
"""How many categories (and stages) the findings name as where the difference lies."""

TEXT = {
    "en": {
        "harder": "“{hard}” is harder overall: barrier load {high} against {low} for “{easy}”.",
        "equal": "The journeys carry the same barrier load ({load}).",
        "more": "“{name}” carries more barrier load in {items}.",
        "stage": "stage {label}",
        "routes": "Least-barrier route: {loads}.",
        "no_route": "no route",
        "only_in": "Only in “{title}”: {labels}.",
        "and": " and ",
    },
    "de": {
        "harder": "„{hard}“ ist insgesamt schwerer: Barrierelast {high} gegenüber {low} bei "
                  "„{easy}“.",
        "equal": "Die Reisen tragen dieselbe Barrierelast ({load}).",
        "more": "„{name}“ trägt mehr Barrierelast bei {items}.",
        "stage": "Phase {label}",
        "routes": "Weg mit der geringsten Barrierelast: {loads}.",
        "no_route": "kein Weg",
        "only_in": "Nur in „{title}“: {labels}.",
        "and": " und ",
    },
}


class JourneyTotals(BaseModel):
    """One compared journey in numbers."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    key: str
    """The column key in the tables: the id, or ``id (2)`` when two journeys share an id."""
    id: str
    title: str
    region: str | None = None
    steps: int
    barrier_count: int
    total_load: float
    least_route_load: float | None = None
    """Barrier load of the least-barrier route (None: no route reaches a goal)."""
    routes_total: int


class Comparison(BaseModel):
    """Two or more journeys side by side."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    journeys: list[JourneyTotals]
    category: dict[str, dict[str, HotspotCell]]
    """Category id → journey key → cell; every journey appears in every row (zeros too)."""
    stage: dict[str, dict[str, HotspotCell]]
    """Stage id → journey key → cell."""
    only_in: dict[str, list[str]]
    """Journey key → categories with barriers in this journey and in no other."""
    harder: str | None = None
    """Key of the journey with the highest total load (None when all are equal)."""
    findings: list[str]

    def names(self) -> dict[str, str]:
        """Journey key → its name in findings, legends and tables (``distinct_names``)."""
        return distinct_names([(t.key, t.title, t.region) for t in self.journeys])


@dataclass(frozen=True)
class _Measured:
    """What a comparison needs of one journey: its numbers, its category and stage cells,
    and the journey without steps and transitions (``journey_header``) for names and labels."""

    header: Journey
    numbers: dict[str, Any]
    category: dict[str, HotspotCell]
    stage: dict[str, HotspotCell]


def journey_header(journey: Journey) -> Journey:
    """``journey`` without its steps and transitions: title, region, stages, actors and
    categories, all that names and labels need (a comparison of two 60,000-step journeys
    keeps one whole journey in memory at a time)."""
    fields = {name: getattr(journey, name) for name in Journey.model_fields
              if name not in ("steps", "transitions")}
    return Journey.model_construct(journey.model_fields_set, **fields, steps=[], transitions=[])


def _measure(journey: Journey) -> _Measured:
    """One journey's part of a comparison: graph and register are made once and dropped."""
    graph = to_graph(journey)
    register = barrier_register(journey)
    least = next(iter_routes(journey, graph=graph), None)
    numbers = {
        "id": journey.id, "title": journey.title, "region": journey.region,
        "steps": len(journey.steps), "barrier_count": len(register),
        "total_load": round(sum(p.load for p in register), 6),
        "least_route_load": least.load if least else None,
        "routes_total": route_counts(journey, graph).total}
    release(graph)
    return _Measured(journey_header(journey), numbers,
                     hotspots(journey, "category", register=register),
                     hotspots(journey, "stage", register=register))


def _table(cells: list[dict[str, HotspotCell]], keys: list[str]
           ) -> dict[str, dict[str, HotspotCell]]:
    order = list(dict.fromkeys(k for row in cells for k in row))
    return {k: {key: row.get(k, HotspotCell()) for key, row in zip(keys, cells, strict=True)}
            for k in order}


def compare_journeys(journeys: Iterable[Journey], *, lang: str | None = None) -> Comparison:
    """Compare two or more journeys; ``findings`` say in words (``lang``, default: the first
    journey's language) what differs. ``journeys`` may be a generator that loads each file
    when asked: each journey is measured and let go before the next is loaded."""
    measured = []
    for journey in journeys:
        measured.append(_measure(journey))
        del journey  # before the generator loads the next one
    if len(measured) < 2:
        raise JourneyError("comparing needs at least two journeys",
                           hint="give two or more journey files")
    headers = [m.header for m in measured]
    keys = journey_keys(headers)
    totals = [JourneyTotals(key=key, **m.numbers) for key, m in zip(keys, measured, strict=True)]
    category = _table([m.category for m in measured], keys)
    stage = _table([m.stage for m in measured], keys)
    only_in = {key: [c for c, row in category.items()
                     if row[key].count and all(not row[k].count for k in keys if k != key)]
               for key in keys}
    hardest = max(totals, key=lambda t: t.total_load)
    easiest = min(totals, key=lambda t: t.total_load)
    harder = hardest.key if hardest.total_load > easiest.total_load else None
    return Comparison(journeys=totals, category=category, stage=stage, only_in=only_in,
                      harder=harder, findings=_findings(
                          headers, totals, category, stage, only_in, harder, easiest,
                          lang or headers[0].language))


def distinct_names(items: Sequence[tuple[str, str, str | None]]) -> dict[str, str]:
    """Key → a name people tell apart, for ``(key, title, region)`` items: the title; with
    the region added when another item shares the title; with the key added instead when
    title and region are both shared (or there is no region). Findings, chart legends, deck
    tables and the app's pickers all name journeys this way.

    >>> distinct_names([("a", "Kita", "Everswinkel"), ("b", "Kita", "Ennigerloh"),
    ...                 ("c", "Verein", None)])
    {'a': 'Kita (Everswinkel)', 'b': 'Kita (Ennigerloh)', 'c': 'Verein'}
    >>> distinct_names([("a", "Kita", "Everswinkel"), ("a (2)", "Kita", "Everswinkel")])
    {'a': 'Kita (a)', 'a (2)': 'Kita (a (2))'}
    """
    titles = Counter(title for _, title, _ in items)
    regions = Counter((title, region) for _, title, region in items)
    return {key: title if titles[title] == 1 else
            f"{title} ({region})" if region and regions[title, region] == 1 else
            f"{title} ({key})" for key, title, region in items}


def _gaps(table: dict[str, dict[str, HotspotCell]], more: str, less: str, label,
          lang: str) -> list[str]:
    """Rows where journey ``more`` carries more load than ``less``, the largest gap first
    (equal gaps in the table's order), as ``Label (+gap)``."""
    gaps = {k: row[more].load - row[less].load for k, row in table.items()}
    ranked = sorted((k for k in gaps if round(gaps[k], 6) > 0), key=lambda k: -round(gaps[k], 6))
    return [f"{label(k)} (+{number(gaps[k], lang)})" for k in ranked]


def _findings(journeys: Sequence[Journey], totals: list[JourneyTotals],
              category: dict[str, dict[str, HotspotCell]],
              stage: dict[str, dict[str, HotspotCell]], only_in: dict[str, list[str]],
              harder: str | None, easiest: JourneyTotals, lang: str) -> list[str]:
    by_key = {t.key: (t, j) for t, j in zip(totals, journeys, strict=True)}
    names = distinct_names([(t.key, t.title, t.region) for t in totals])
    findings = []
    if harder is None:
        findings.append(translate(TEXT, "equal", lang, load=number(easiest.total_load, lang)))
        high, low = totals[0].key, totals[1].key
    else:
        hard = by_key[harder][0]
        findings.append(translate(TEXT, "harder", lang, hard=names[harder], easy=names[easiest.key],
                                  high=number(hard.total_load, lang),
                                  low=number(easiest.total_load, lang)))
        high, low = harder, easiest.key
    stages = {s.id: s.label for j in reversed(journeys) for s in j.stages}
    for more, less in ((high, low), (low, high)):  # the largest differences, either way
        journey = by_key[more][1]
        items = _gaps(category, more, less, lambda k, j=journey: j.category(k).label(lang),
                      lang)[:TOP_DIFFERENCES] + _gaps(
            stage, more, less, lambda k: translate(TEXT, "stage", lang, label=stages[k]),
            lang)[:1]
        if items:
            joined = ", ".join(items[:-1]) + translate(TEXT, "and", lang) + items[-1] \
                if len(items) > 1 else items[0]
            findings.append(translate(TEXT, "more", lang, name=names[more], items=joined))
    no_route = translate(TEXT, "no_route", lang)
    loads = ", ".join(
        f"{no_route if t.least_route_load is None else number(t.least_route_load, lang)} ({t.key})"
        for t in totals)
    findings.append(translate(TEXT, "routes", lang, loads=loads))
    for key, categories in only_in.items():
        if categories:
            journey = by_key[key][1]
            findings.append(translate(TEXT, "only_in", lang, title=names[key], labels=", ".join(
                journey.category(c).label(lang) for c in categories)))
    return findings
