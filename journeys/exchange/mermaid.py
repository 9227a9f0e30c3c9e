"""A journey as a Mermaid flowchart (renders in GitLab, GitHub and Notion).

One subgraph per stage (``lanes="stage"``) or per actor (``lanes="actor"``, ordered by
resource level); each node says how many barriers the step has and its barrier load;
handoffs, referrals and returns are dashed arrows, and a transition's label (or its kind:
handoff, referral, back) and its barriers stand on the arrow. Goal and dropout steps are rounded and
coloured, steps with barriers have a red frame.

Text is escaped the way Mermaid reads it: every label is quoted, and ``"``, ``#``, ``<``,
``>``, ``&``, ```` ` ``, ``|`` and ``%`` are written as Mermaid entity codes (``#quot;`` …),
so brackets and quotes in labels cannot break the diagram and no ``%%{init: …}%%`` directive
can change its theme; umlauts and emoji stay as they are.
Node ids are ASCII (``s3_but_antrag``: position and transliterated step id), because some
renderers stumble over ``ä`` or words like ``end`` in ids.
"""

from __future__ import annotations

from typing import Literal

from journeys.exchange.ids import slug
from journeys.graph import to_graph
from journeys.i18n import number, translate
from models import LEVELS, Journey, Step, Transition

Lanes = Literal["stage", "actor"]
LANES: tuple[str, ...] = ("stage", "actor")

TEXT = {
    "en": {
        "barriers": "{count} barriers · load {load}", "barrier": "1 barrier · load {load}",
        "edge_barriers": "{count} barriers", "edge_barrier": "1 barrier",
        "level": "level {level}", "alternative": "alternative", "handoff": "handoff",
        "referral": "referral", "return": "back",
    },
    "de": {
        "barriers": "{count} Barrieren · Last {load}", "barrier": "1 Barriere · Last {load}",
        "edge_barriers": "{count} Barrieren", "edge_barrier": "1 Barriere",
        "level": "Ebene {level}", "alternative": "Alternative", "handoff": "Übergabe",
        "referral": "Verweis", "return": "zurück",
    },
}

ARROWS = {"next": "-->", "alternative": "-->", "handoff": "-.->", "referral": "-.->",
          "return": "-.->"}
"""Arrow per transition kind: dashed where the person is handed on to someone else."""

CLASSES = (
    "classDef goal fill:#e3f2e1,stroke:#2e7d32,stroke-width:2px",
    "classDef dropout fill:#eeeeee,stroke:#757575,stroke-dasharray:4 3",
    "classDef barrier stroke:#c62828,stroke-width:2px",
)

_ENTITIES = str.maketrans({"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;",
                           "`": "#96;", "|": "#124;", "%": "#37;"})

PERCENT_LOOKALIKE = "\uff05"
"""``％``: Mermaid reads ``%%{…}%%`` as a directive (theme, CSS) wherever it stands, even in
a comment or a quoted label, so user text never carries a real ``%`` into a diagram."""


def comment(text: str) -> str:
    """``text`` as a Mermaid ``%%`` comment line: one line, without ``%``."""
    return "%% " + " ".join(text.replace("%", PERCENT_LOOKALIKE).split())


def quoted(text: str) -> str:
    """``text`` as a quoted Mermaid label, safe whatever it holds (``%`` too: no directive).

    >>> quoted('Antrag "BuT" <Anlage> #2 (Kita) [U9] 50%')
    '"Antrag #quot;BuT#quot; #lt;Anlage#gt; #35;2 (Kita) [U9] 50#37;"'
    """
    return '"' + " ".join(text.split()).translate(_ENTITIES) + '"'


def node_id(index: int, step: Step) -> str:
    """``s3_but_antrag``: unique by position, readable, ASCII."""
    name = slug(step.id, "_")
    return f"s{index}_{name}" if name else f"s{index}"


def _node(journey: Journey, node: str, step: Step, load: float, lang: str) -> str:
    label = quoted(step.label)
    if step.barriers:
        key = "barrier" if len(step.barriers) == 1 else "barriers"
        info = translate(TEXT, key, lang, count=len(step.barriers), load=number(load, lang))
        label = label[:-1] + "<br/>" + quoted(info)[1:]
    shape = ("([", "])") if step.outcome else ("[", "]")
    return f"{node}{shape[0]}{label}{shape[1]}"


def _edge(source: str, target: str, transition: Transition, lang: str) -> str:
    words = [transition.label] if transition.label else (
        [translate(TEXT, transition.kind, lang)] if transition.kind != "next" else [])
    if transition.barriers:
        count = len(transition.barriers)
        words.append(translate(TEXT, "edge_barrier" if count == 1 else "edge_barriers", lang,
                               count=count))
    label = f"|{quoted(' · '.join(words))}|" if words else ""
    return f"{source} {ARROWS[transition.kind]}{label} {target}"


def _lanes(journey: Journey, lanes: Lanes, lang: str) -> list[tuple[str, str, list[Step]]]:
    """(subgraph id, title, steps) per stage or per actor, in map order."""
    if lanes == "stage":
        groups = [(stage.id, stage.label) for stage in journey.stages]
        key = "stage"
    else:
        actors = sorted(journey.actors, key=lambda a: a.level)  # stable: file order per level
        groups = [(a.id, f"{a.label} · {translate(TEXT, 'level', lang, level=a.level)} "
                         f"({LEVELS[a.level].de if lang == 'de' else LEVELS[a.level].en})")
                  for a in actors]
        key = "actor"
    result = []
    by_group = journey.steps_by(key)
    for index, (group, title) in enumerate(groups, 1):
        steps = by_group.get(group, [])
        if steps:
            name = slug(group, "_")
            result.append((f"{key}{index}_{name}" if name else f"{key}{index}", title, steps))
    return result


def mermaid_flowchart(journey: Journey, *, lang: str | None = None, lanes: Lanes = "stage",
                      direction: str = "LR") -> str:
    """The journey as Mermaid flowchart text (labels in ``lang``, default the journey's)."""
    lang = lang or journey.language
    graph = to_graph(journey)
    ids = {step.id: node_id(index, step) for index, step in enumerate(journey.steps, 1)}
    lines = [comment(journey.title), f"flowchart {direction}"]
    for group, title, steps in _lanes(journey, lanes, lang):
        lines.append(f"    subgraph {group}[{quoted(title)}]")
        lines += [f"        {_node(journey, ids[s.id], s, graph.nodes[s.id]['load'], lang)}"
                  for s in steps]
        lines.append("    end")
    lines += [f"    {_edge(ids[t.from_], ids[t.to], t, lang)}" for t in journey.transitions]
    lines += [f"    {line}" for line in CLASSES]
    for name in ("goal", "dropout"):
        members = [ids[s.id] for s in journey.steps if s.outcome == name]
        if members:
            lines.append(f"    class {','.join(members)} {name}")
    marked = [ids[s.id] for s in journey.steps if s.barriers and not s.outcome]
    if marked:
        lines.append(f"    class {','.join(marked)} barrier")
    return "\n".join(lines) + "\n"
