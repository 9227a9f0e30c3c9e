"""A journey as GraphML for yEd and Gephi: steps are nodes, transitions are edges.

GraphML holds only scalars, so each step and transition is flattened: its fields, the
number of barriers, the barrier load (``journeys.load``), the highest severity, the
categories and a readable summary of its barriers — plus ``step_json`` /
``transition_json`` (the full model as JSON) and, on the graph, ``journey_json`` (the
journey without its steps and transitions; ``journey_id``, ``title`` … beside it), so
nothing of the journey is lost. The node
attribute ``label`` is the step's label (Gephi shows it; in yEd map it with
Edit → Properties Mapper). A field that is not set is left out of that node or edge.
Characters XML cannot hold (control characters) show as ``�`` in the plain attributes; the
JSON attributes keep them as escapes.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx

from journeys.formats import to_document
from journeys.graph import to_graph
from models import LEVELS, Barrier, Journey

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (control characters pasted from PDFs, for example)."""


def _json(document: dict[str, Any]) -> str:
    """JSON text that XML can hold: what XML cannot is written as a JSON escape (lossless)."""
    text = json.dumps(document, ensure_ascii=False)
    return _NOT_XML.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def _barriers(journey: Journey, barriers: list[Barrier], load: float, lang: str
              ) -> dict[str, Any]:
    return {
        "barriers": len(barriers), "load": round(float(load), 4),
        "max_severity": max((b.severity for b in barriers), default=0),
        "categories": "; ".join(dict.fromkeys(b.category for b in barriers)),
        "barrier_summary": "; ".join(
            f"{journey.category(b.category).label(lang)} ({b.severity})"
            + (f": {b.description}" if b.description else "") for b in barriers)}


def _scalars(values: dict[str, Any]) -> dict[str, Any]:
    """Drop what is not set (GraphML has no null); text XML cannot hold shows as �."""
    return {key: _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value
            for key, value in values.items() if value not in (None, "")}


def graphml_graph(journey: Journey, *, lang: str | None = None) -> nx.DiGraph:
    """The journey as a ``DiGraph`` whose attributes are all scalars (ready for GraphML)."""
    lang = lang or journey.language
    source = to_graph(journey)
    starts = set(journey.start_ids())
    header = to_document(journey, "json")
    header.pop("steps")
    header.pop("transitions", None)
    graph = nx.DiGraph(**_scalars({
        "journey_id": journey.id, "title": journey.title, "language": journey.language,
        "region": journey.region, "owner": journey.owner, "persona": journey.persona,
        "goal": journey.goal, "tags": "; ".join(journey.tags),
        "journey_json": _json(header)}))
    for step in journey.steps:
        actor = journey.actors_by_id[step.actor]
        level = LEVELS[actor.level]
        graph.add_node(step.id, **_scalars({
            "label": step.label, "stage": step.stage,
            "stage_label": journey.stages_by_id[step.stage].label, "actor": actor.id,
            "actor_label": actor.label, "level": actor.level,
            "level_label": level.de if lang == "de" else level.en, "channel": step.channel,
            "duration_days": None if step.duration_days is None else float(step.duration_days),
            "reached": step.reached, "emotion": step.emotion, "outcome": step.outcome,
            "start": step.id in starts, "description": step.description,
            **_barriers(journey, step.barriers, source.nodes[step.id]["load"], lang),
            "step_json": _json(step.model_dump(mode="json", by_alias=True,
                                               exclude_unset=True))}))
    for index, transition in enumerate(journey.transitions):
        load = source.edges[transition.from_, transition.to]["load"]
        graph.add_edge(transition.from_, transition.to, **_scalars({
            "index": index, "kind": transition.kind, "data_transfer": transition.data_transfer,
            "count": transition.count, "label": transition.label,
            **_barriers(journey, transition.barriers, load, lang),
            "transition_json": _json(transition.model_dump(mode="json", by_alias=True,
                                                           exclude_unset=True))}))
    return graph


def journey_graphml(journey: Journey, *, lang: str | None = None) -> str:
    """GraphML text (UTF-8) of the journey; read it with ``networkx.read_graphml``.

    >>> from models import parse_journey
    >>> journey = parse_journey({"id": "j", "title": "T", "language": "de",
    ...     "stages": [{"id": "s", "label": "Stufe"}],
    ...     "actors": [{"id": "a", "label": "Amt", "level": 4}],
    ...     "steps": [{"id": "x", "label": "Übergabe", "stage": "s", "actor": "a",
    ...                "outcome": "goal"}]})
    >>> graph = nx.read_graphml(io.BytesIO(journey_graphml(journey).encode()))
    >>> graph.nodes["x"]["label"], graph.nodes["x"]["level"], graph.nodes["x"]["barriers"]
    ('Übergabe', 4, 0)
    """
    buffer = io.BytesIO()
    nx.write_graphml(graphml_graph(journey, lang=lang), buffer, encoding="utf-8",
                     prettyprint=True, named_key_ids=False)
    return buffer.getvalue().decode("utf-8")
