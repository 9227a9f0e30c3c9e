"""The whole analysis of one journey in one call: loads, bottlenecks, routes, subsidiarity and
hotspots, as one pydantic model (its JSON schema is docs/analysis-schema.json).

Formulas (docs/analysis.md, ``journeys analyze --help``): barrier load in ``journeys.load``,
bottleneck score in ``journeys.bottlenecks``, routes and subsidiarity in
``journeys.institutions``, hotspots in ``journeys.hotspots``.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from journeys.bottlenecks import Bottleneck, bottlenecks, count_text, route_counts
from journeys.compare import Comparison
from journeys.graph import to_graph
from journeys.hotspots import HotspotReport, all_hotspots
from journeys.i18n import number, translate
from journeys.institutions import RouteSummary, SubsidiarityFlag, describe_routes, subsidiarity
from journeys.load import share_warnings
from journeys.register import barrier_register
from journeys.routes import find_routes
from models import Journey

MAX_ROUTES = 20
"""Routes listed by ``analyze`` (cheapest first); the count of all routes is always exact."""
TIME_LIMIT = 0.1
"""Seconds ``analyze`` spends listing routes; big journeys list fewer and say so."""

SCHEMA_VERSION = "analysis/1"

TEXT = {
    "en": {
        "no_route": "No route leads from a start to a goal: connect the steps, or mark a goal "
                    "with `outcome: goal`.",
        "truncated": "Showing the {shown} least-barrier routes of {total}.",
        "truncated_one": "Showing the least-barrier route of {total} (ask for more with "
                         "max_routes / --max-routes).",
        "truncated_time": "Showing the {shown} least-barrier routes found within {seconds} s, "
                          "of {total}.",
    },
    "de": {
        "no_route": "Kein Weg führt von einem Start zu einem Ziel: Schritte verbinden oder ein "
                    "Ziel mit `outcome: goal` markieren.",
        "truncated": "Gezeigt werden die {shown} Wege mit der geringsten Barrierelast von "
                     "{total}.",
        "truncated_one": "Gezeigt wird der Weg mit der geringsten Barrierelast von {total} "
                         "(mehr mit max_routes / --max-routes).",
        "truncated_time": "Gezeigt werden die {shown} Wege mit der geringsten Barrierelast, die "
                          "in {seconds} s gefunden wurden, von {total}.",
    },
}


class Analysis(BaseModel):
    """Everything ``journeys analyze`` reports about one journey."""

    model_config = ConfigDict(use_attribute_docstrings=True, title="Analysis")

    schema_version: str = SCHEMA_VERSION
    journey: str
    """The journey's id."""
    title: str
    lang: str
    """Language of the reasons and messages (de or en)."""
    barrier_count: int
    total_load: float
    """Sum of the loads of all barriers (severity × share affected)."""
    step_loads: dict[str, float]
    """Barrier load per step id: its own barriers plus those on transitions leading into it
    (so the values add up to ``total_load``)."""
    transition_loads: dict[str, float]
    """Barrier load of each transition with barriers, keyed ``from>to``."""
    bottlenecks: list[Bottleneck]
    """Every step, most severe first."""
    routes: list[RouteSummary]
    """Routes from a start to a goal, lowest barrier load first (bounded list)."""
    routes_total: int
    """The exact number of routes, however many are listed."""
    routes_truncated: bool
    routes_note: str | None = None
    least_barrier_route: int | None = None
    """Index into ``routes`` of the least-barrier route (None: no route)."""
    subsidiarity: list[SubsidiarityFlag]
    hotspots: dict[str, dict[str, float]]
    """Barrier load by category, dimension, actor, level ("1".."4"), stage and channel."""
    hotspot_counts: dict[str, dict[str, int]]
    """Number of barriers in the same cells as ``hotspots``."""
    warnings: list[str] = []
    """Where ``affected`` may not say what was meant, as ``place: what — fix``
    (``journeys.load.share_warnings``): ``affected: 1`` is everyone, a count with nothing to
    divide it by or larger than it counts as everyone."""


def analyze(journey: Journey, *, lang: str = "en", max_routes: int = MAX_ROUTES,
            time_limit: float = TIME_LIMIT) -> Analysis:
    """Analyse ``journey``: reasons and messages in ``lang`` ("de" or "en").

    Route listing stops after ``max_routes`` routes or ``time_limit`` seconds and says so in
    ``routes_note``; every other number is exact.
    """
    graph = to_graph(journey)
    register = barrier_register(journey)
    counts = route_counts(journey, graph)
    total = counts.total
    found = find_routes(journey, graph=graph, max_routes=max_routes, time_limit=time_limit,
                        total=total)
    listed, truncated = found.routes, found.truncated
    routes = describe_routes(journey, listed, register=register)
    step_loads = dict.fromkeys((s.id for s in journey.steps), 0.0)
    transition_loads: dict[str, float] = {}
    for placed in register:
        step_loads[placed.step] += placed.load
        if placed.transition:
            key = ">".join(placed.transition)
            transition_loads[key] = transition_loads.get(key, 0.0) + placed.load
    step_loads = {step: round(load, 6) for step, load in step_loads.items()}
    transition_loads = {key: round(load, 6) for key, load in transition_loads.items()}
    cells = all_hotspots(journey, register=register)
    return Analysis(
        journey=journey.id, title=journey.title, lang=lang, barrier_count=len(register),
        total_load=round(sum(p.load for p in register), 6), step_loads=step_loads,
        transition_loads=transition_loads,
        bottlenecks=bottlenecks(journey, lang=lang, graph=graph, register=register,
                                counts=counts),
        routes=routes, routes_total=total, routes_truncated=truncated,
        routes_note=_routes_note(truncated, len(routes), total, max_routes, time_limit, lang),
        least_barrier_route=0 if routes else None,
        subsidiarity=subsidiarity(journey, routes, lang=lang),
        hotspots={by: {k: c.load for k, c in row.items()} for by, row in cells.items()},
        hotspot_counts={by: {k: c.count for k, c in row.items()} for by, row in cells.items()},
        warnings=[str(problem) for problem in share_warnings(journey, lang)])


OUTPUTS: tuple[type[BaseModel], ...] = (Analysis, Comparison, HotspotReport)
"""The models whose JSON the commands print; docs/analysis-schema.json describes all three."""


def _routes_note(truncated: bool, shown: int, total: int, max_routes: int, time_limit: float,
                 lang: str) -> str | None:
    if not total:
        return translate(TEXT, "no_route", lang)
    if not truncated:
        return None
    if shown == max_routes:
        return translate(TEXT, "truncated_one" if shown == 1 else "truncated", lang,
                         shown=shown, total=count_text(total, lang))
    return translate(TEXT, "truncated_time", lang, shown=shown, total=count_text(total, lang),
                     seconds=number(time_limit, lang, 2))


def analysis_schema(output: str = "Analysis") -> dict:
    """The JSON schema of the JSON output of ``journeys analyze`` (``output="Comparison"``:
    of ``journeys compare``, ``"HotspotReport"``: of ``journeys hotspots``); all three share
    the ``$defs`` of docs/analysis-schema.json."""
    _, schema = models_json_schema([(model, "serialization") for model in OUTPUTS])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Barrier Journeys: {output} (JSON output)", "$ref": f"#/$defs/{output}",
            "$defs": schema["$defs"]}


def schema_text() -> str:
    """docs/analysis-schema.json's exact content."""
    return json.dumps(analysis_schema(), ensure_ascii=False, indent=2) + "\n"


__all__ = ["Analysis", "Bottleneck", "analysis_schema", "analyze", "bottlenecks", "schema_text"]
