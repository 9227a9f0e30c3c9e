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

import json
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx

from journeys.exchange.graphml_writer import graphml_text
from journeys.formats import to_document
from journeys.load import step_load, transition_load
from models import LEVELS, Barrier, Journey

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (control characters pasted from PDFs, for example)."""
_CONTROL_ESCAPE = re.compile(r"\\(?:u00[01]|[bf])")
"""How JSON writes a control character (``\\u000b``, ``\\b``): the text it came from holds one
(a backslash typed before ``u001`` counts too, which costs only a needless look)."""
_ENCODER = json.JSONEncoder(ensure_ascii=False)

Attributes = dict[str, Any]


def _json(document: dict[str, Any]) -> tuple[str, bool]:
    """JSON text that XML can hold: what XML cannot is written as a JSON escape (lossless);
    and whether the document's text holds anything XML cannot."""
    text, count = _NOT_XML.subn(lambda found: f"\\u{ord(found[0]):04x}",
                                _ENCODER.encode(document))
    return text, bool(count) or _CONTROL_ESCAPE.search(text) is not None


def _barriers(barriers: list[Barrier], load: float, labels: dict[str, str]) -> dict[str, Any]:
    """What the barriers of a step or transition come to (``labels``: category labels)."""
    return {
        "barriers": len(barriers), "load": round(float(load), 4),
        "max_severity": max((b.severity for b in barriers), default=0),
        "categories": "; ".join(dict.fromkeys(b.category for b in barriers)),
        "barrier_summary": "; ".join(
            f"{labels[b.category]} ({b.severity})"
            + (f": {b.description}" if b.description else "") for b in barriers)}


def _scalars(values: dict[str, Any], dirty: bool = True) -> Attributes:
    """Drop what is not set (GraphML has no null); text XML cannot hold shows as � (only
    looked for when the JSON of what the text comes from held any: ``dirty``)."""
    if not dirty:
        return {key: value for key, value in values.items() if value not in (None, "")}
    return {key: _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value
            for key, value in values.items() if value not in (None, "")}


def _parts(journey: Journey, lang: str | None
           ) -> tuple[Attributes, Iterator[tuple[str, Attributes]],
                      Iterator[tuple[str, str, Attributes]]]:
    """The graph's attributes, its nodes and its edges, each with its attributes (scalars
    only); the edges in the order a ``DiGraph`` keeps them: by source step, in file order.
    Nodes and edges are made one by one as they are written (60,000 steps: 50 MB of GraphML)."""
    lang = lang or journey.language
    header = to_document(journey, "json")  # the JSON attributes, dumped at once
    steps = header.pop("steps")
    transitions = header.pop("transitions", [])
    header_json, dirty = _json(header)  # stage, actor and category labels come from here
    graph = _scalars({
        "journey_id": journey.id, "title": journey.title, "language": journey.language,
        "region": journey.region, "owner": journey.owner, "persona": journey.persona,
        "goal": journey.goal, "tags": "; ".join(journey.tags), "journey_json": header_json})
    labels = {category: journey.category(category).label(lang)
              for category in journey.known_categories()}
    return (graph, _nodes(journey, steps, lang, labels, dirty),
            _edges(journey, transitions, labels, dirty))


def _nodes(journey: Journey, documents: list[dict], lang: str, labels: dict[str, str],
           dirty: bool) -> Iterator[tuple[str, Attributes]]:
    starts = set(journey.start_ids())
    actors, stages = journey.actors_by_id, journey.stages_by_id
    for step, document in zip(journey.steps, documents, strict=True):
        actor = actors[step.actor]
        level = LEVELS[actor.level]
        text, own = _json(document)
        yield step.id, _scalars({
            "label": step.label, "stage": step.stage,
            "stage_label": stages[step.stage].label, "actor": actor.id,
            "actor_label": actor.label, "level": actor.level,
            "level_label": level.de if lang == "de" else level.en, "channel": step.channel,
            "duration_days": None if step.duration_days is None else float(step.duration_days),
            "reached": step.reached, "emotion": step.emotion, "outcome": step.outcome,
            "start": step.id in starts, "description": step.description,
            **_barriers(step.barriers, step_load(step), labels),
            "step_json": text}, dirty or own)


def _edges(journey: Journey, documents: list[dict], labels: dict[str, str], dirty: bool
           ) -> Iterator[tuple[str, str, Attributes]]:
    leaving: dict[str, list[int]] = {}
    for index, transition in enumerate(journey.transitions):
        leaving.setdefault(transition.from_, []).append(index)
    for step in journey.steps:
        for index in leaving.get(step.id, ()):
            transition = journey.transitions[index]
            text, own = _json(documents[index])
            yield transition.from_, transition.to, _scalars({
                "index": index, "kind": transition.kind,
                "data_transfer": transition.data_transfer, "count": transition.count,
                "label": transition.label,
                **_barriers(transition.barriers, transition_load(journey, transition), labels),
                "transition_json": text}, dirty or own)


def graphml_graph(journey: Journey, *, lang: str | None = None) -> nx.DiGraph:
    """The journey as a ``DiGraph`` whose attributes are all scalars (ready for GraphML)."""
    graph, nodes, edges = _parts(journey, lang)
    result = nx.DiGraph(**graph)
    result.add_nodes_from(nodes)
    result.add_edges_from(edges)
    return result


def journey_graphml(journey: Journey, *, lang: str | None = None) -> str:
    """GraphML text (UTF-8) of the journey, as ``networkx.write_graphml`` writes
    ``graphml_graph`` (without building it); read it with ``networkx.read_graphml``.

    >>> import io
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
    return graphml_text(*_parts(journey, lang))
