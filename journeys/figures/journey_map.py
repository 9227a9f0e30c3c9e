"""The journey map: stages as columns, actors as swim lanes grouped by resource level.

Steps are nodes whose colour, size and printed number all show the barrier load (colour is
never the only cue); transitions are lines whose dash pattern and colour show their kind,
with arrow heads drawn as annotations (pixel-exact ``standoff``, whatever the zoom).
Several steps in one stage × actor cell never overlap: each stage is split into slots, and a
step takes the first free slot right of its predecessors in the same stage, so the flow reads
left to right. The step markers are ONE scatter trace (``name="steps"``) whose ``customdata``
holds the step ids, so a click in the app selects the step (transition hover points carry
``[from, to]`` pairs instead, so they are never mistaken for a step).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

from journeys.figures import theme
from journeys.figures.placement import (
    MapLayout,
    Point,
    Scale,
    blocked,
    edge_path,
    loop_path,
    map_layout,
    polyline,
)
from journeys.i18n import language, number, percent, translate
from journeys.register import PlacedBarrier, barrier_register
from models import Journey, Step, Transition

STEP_TRACE = "steps"
"""``name`` of the trace holding the step markers (``customdata`` = step ids)."""

MARGIN = {"l": 280, "r": 130}
"""The least left margin (level and actor names) and the right one (colour bar); top and
bottom follow from the stage names and the legend (``_margin``)."""
MAX_LEFT = 440
"""The widest the left margin (level and actor names) grows."""
RAISE = 0.26
"""Markers sit this far (in lanes) above the lane's middle, so the label fits below."""
MIN_SIZE, LOADED_SIZE, MAX_SIZE = 14, 22, 34
"""Marker diameters in px: no load; the least load > 0 (room for its number); the top load."""
ARROW = 9
LABEL_EM = 1.25
"""Height of a line of a step's name in em (the names' lines are spaced a little wider)."""
PRESENTATION_MARKERS = 1.25
"""Projector mode grows markers and lines by this, less than type (``theme.scaled``): the
lanes keep room for the step names."""

KIND_STYLE = {  # colour and dash: dash is the cue that survives greyscale printing
    "next": ("#4d4d4d", "solid", 2.0),
    "alternative": ("#4d4d4d", "dashdot", 2.0),
    "handoff": (theme.OKABE_ITO[4], "dash", 2.5),
    "referral": (theme.OKABE_ITO[5], "dot", 3.5),
    "return": (theme.OKABE_ITO[6], "solid", 2.0),
}
SYMBOLS = {None: "circle", "goal": "star", "dropout": "x"}
ROUTE_COLOUR = "rgba(230, 159, 0, 0.45)"

TEXT = {
    "en": {
        "title": "Journey map: {title}",
        "subtitle": "Stages left to right, actors by resource level (1 household … 4 "
                    "institutions); colour, size and number show the barrier load",
        "next": "next step", "alternative": "alternative", "handoff": "handoff",
        "referral": "referral", "return": "return (back)",
        "goal": "goal", "dropout": "drop-out", "edge_barrier": "barrier on a transition",
        "route": "least-barrier route", "selected": "selected",
        "load_line": "Barrier load: {load}", "load_was": "Barrier load: {load} (before: {was})",
        "reached": "Reached: {count} people", "emotion": "Feeling: {value} of 5",
        "days": "Duration: {days} days", "severity": "severity {severity}",
        "affected": "{share} affected", "mitigated": "mitigated",
        "way_in": "on the way from “{step}”",
        "data": "data: {how}", "count": "{count} people",
        "alt": "Journey map of “{title}”: {steps:step|steps} in {stages} stages, {actors} actors "
               "on "
               "{levels} resource levels.",
        "alt_top": " The heaviest barrier load is at “{step}” ({load}: {categories}).",
        "alt_none": " No barriers are recorded yet.",
        "alt_route": " The least-barrier route has {count} steps.",
        "col_step": "Step", "col_stage": "Stage", "col_actor": "Actor", "col_level": "Level",
        "col_load": "Barrier load", "col_barriers": "Barriers", "col_outcome": "Outcome",
        "col_next": "Leads to", "col_route": "On the route",
    },
    "de": {
        "title": "Nutzerreise: {title}",
        "subtitle": "Phasen von links nach rechts, Akteure nach Ressourcenebene (1 "
                    "Bedarfsgemeinschaft … 4 Institution); Farbe, Größe und Zahl zeigen die "
                    "Barrierelast",
        "next": "nächster Schritt", "alternative": "Alternative", "handoff": "Übergabe",
        "referral": "Verweisung", "return": "Rückweg",
        "goal": "Ziel", "dropout": "Abbruch", "edge_barrier": "Barriere auf Übergang",
        "route": "Route mit geringster Last", "selected": "ausgewählt",
        "load_line": "Barrierelast: {load}", "load_was": "Barrierelast: {load} (vorher: {was})",
        "reached": "Erreicht: {count} Personen", "emotion": "Gefühl: {value} von 5",
        "days": "Dauer: {days} Tage", "severity": "Schwere {severity}",
        "affected": "{share} betroffen", "mitigated": "entschärft",
        "way_in": "auf dem Weg von „{step}“",
        "data": "Daten: {how}", "count": "{count} Personen",
        "alt": "Nutzerreise „{title}“: {steps:Schritt|Schritte} in {stages} Phasen, {actors} "
               "Akteure "
               "auf {levels} Ressourcenebenen.",
        "alt_top": " Die höchste Barrierelast hat „{step}“ ({load}: {categories}).",
        "alt_none": " Noch sind keine Barrieren erfasst.",
        "alt_route": " Die Route mit der geringsten Barrierelast hat {count} Schritte.",
        "col_step": "Schritt", "col_stage": "Phase", "col_actor": "Akteur", "col_level": "Ebene",
        "col_load": "Barrierelast", "col_barriers": "Barrieren", "col_outcome": "Ausgang",
        "col_next": "Führt zu", "col_route": "Auf der Route",
    },
}
DATA_TRANSFER = {
    "en": {"none": "none", "verbal": "verbal", "paper": "paper", "email": "e-mail",
           "digital": "digital"},
    "de": {"none": "keine", "verbal": "mündlich", "paper": "Papier", "email": "E-Mail",
           "digital": "digital"},
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


# -- loads ------------------------------------------------------------------------------


Marked = list[tuple[PlacedBarrier, bool]]
"""Barriers of the register, each with whether it counts as mitigated."""


@dataclass(frozen=True)
class _Placed:
    """The barrier register split by where the map shows it, mitigated ones marked."""

    at_step: dict[str, Marked]
    """Per step: its own barriers and those on transitions into it (like ``analyze``)."""
    on_transition: dict[tuple[str, str], Marked]


def _placed(journey: Journey, mitigated: Collection[str]) -> _Placed:
    at_step: dict[str, Marked] = {s.id: [] for s in journey.steps}
    on_transition: dict[tuple[str, str], Marked] = defaultdict(list)
    for placed in barrier_register(journey):
        marked = (placed, placed.ref in mitigated)
        at_step[placed.step].append(marked)
        if placed.transition:
            on_transition[placed.transition].append(marked)
    return _Placed(at_step, on_transition)


def _sum(marked: Marked) -> float:
    return round(sum(p.load for p, off in marked if not off), 2)


def step_loads(journey: Journey, mitigated: Collection[str] = ()) -> dict[str, float]:
    """Each step's barrier load as the map shows it, rounded to 2 places: its own barriers
    and those on the transitions into it (as ``journeys.analysis`` counts it), without the
    ``mitigated`` ones (register references, see ``journeys.register``)."""
    at_step = _placed(journey, set(mitigated)).at_step
    return {step: _sum(marked) for step, marked in at_step.items()}


# -- hover texts ------------------------------------------------------------------------


def _barrier_lines(marked: Marked, journey: Journey, lang: str, at: str | None = None
                   ) -> list[str]:
    """One bullet per barrier; ``at``: the step whose hover this is (to say which barriers
    sit on the way in)."""
    lines = []
    for placed, off in marked:
        barrier = placed.barrier
        facts = [_t("severity", lang, severity=barrier.severity)]
        if barrier.affected is not None:
            facts.append(_t("affected", lang, share=percent(placed.load / barrier.severity,
                                                            lang)))
        if at and placed.transition:
            facts.append(_t("way_in", lang, step=theme.wrap(
                journey.steps_by_id[placed.transition[0]].label, 30, 1)))
        head = f"{journey.category(barrier.category).label(lang)} ({', '.join(facts)})"
        body = theme.wrap(barrier.description, 64, 3) if barrier.description else ""
        line = f"• <b>{head}</b>" + (f"<br>   {body.replace('<br>', '<br>   ')}" if body else "")
        lines.append(f"<s>{line}</s> – {_t('mitigated', lang)}" if off else line)
    return lines


def _step_hover(step: Step, journey: Journey, marked: Marked, lang: str) -> str:
    actor = journey.actors_by_id[step.actor]
    where = [journey.stages_by_id[step.stage].label]
    if step.channel:
        where.append(theme.text(f"channel_{step.channel}", lang))
    load, full = _sum(marked), _sum([(p, False) for p, _ in marked])
    lines = [f"<b>{theme.wrap(step.label, 60, 3)}</b>",
             f"{actor.label} · {theme.level_name(actor.level, lang)}", " · ".join(where),
             _t("load_was", lang, load=number(load, lang), was=number(full, lang))
             if load != full else _t("load_line", lang, load=number(load, lang))]
    facts = []
    if step.reached is not None:
        facts.append(_t("reached", lang, count=number(step.reached, lang)))
    if step.emotion is not None:
        facts.append(_t("emotion", lang, value=step.emotion))
    if step.duration_days is not None:
        facts.append(_t("days", lang, days=number(step.duration_days, lang)))
    if facts:
        lines.append(" · ".join(facts))
    return "<br>".join(lines + _barrier_lines(marked, journey, lang, at=step.id))


def _transition_hover(t: Transition, journey: Journey, marked: Marked, lang: str) -> str:
    steps = journey.steps_by_id
    lines = [f"<b>{_t(t.kind, lang)}</b>: {theme.wrap(steps[t.from_].label, 40, 1)} → "
             f"{theme.wrap(steps[t.to].label, 40, 1)}"]
    if t.label:
        lines.append(theme.wrap(t.label, 64, 2))
    facts = []
    if t.data_transfer:
        facts.append(_t("data", lang, how=DATA_TRANSFER[language(lang)][t.data_transfer]))
    if t.count is not None:
        facts.append(_t("count", lang, count=number(t.count, lang)))
    if facts:
        lines.append(" · ".join(facts))
    if marked:
        lines.append(_t("load_line", lang, load=number(_sum(marked), lang)))
    return "<br>".join(lines + _barrier_lines(marked, journey, lang))


def _size(load: float, top: float, factor: float) -> float:
    if load <= 0:
        return MIN_SIZE * factor
    return (LOADED_SIZE + (MAX_SIZE - LOADED_SIZE) * math.sqrt(min(load / top, 1.0))) * factor


# -- the figure -------------------------------------------------------------------------


def _margin(journey: Journey, layout: MapLayout, lang: str, presentation: bool, route: bool,
            width: int, height: int | None) -> tuple[dict[str, int], dict, int]:
    """The map's margins, its lane (y) ticks and its height: on top the title and the stage
    names, below the legend and the source line, each as tall as its type and lines need (the
    rest of ``height`` goes to the lanes; ``height=None``: each lane gets ``_lane_height``);
    on the left the longest level or actor name, in a share of ``width``."""
    label = theme.scaled(theme.LABEL_SIZE, presentation)
    small = theme.scaled(theme.SMALL_SIZE, presentation)
    least_left, most_left = (round(px * width / theme.WIDTH) for px in (MARGIN["l"], MAX_LEFT))
    narrowest = width - most_left - MARGIN["r"]
    header = max(_stage_name(stage.label, layout.stage_spans[stage.id][1] * narrowest
                             / max(layout.slots, 1), label).count("<br>") + 1
                 for stage in journey.stages)
    top = round(theme.title_height(presentation) + header * label * theme.LINE_EM + 12)
    names = _legend_names(journey, route, lang)
    items = [theme.text_width(name, small) + 40 for name in names]  # + symbol and gap

    def bottom(plot_width: float) -> int:  # legend rows (plotly aligns wrapped items) + source
        rows = 1 if sum(items) <= plot_width else math.ceil(
            len(items) / max(1, int(plot_width // max(items))))
        return round(16 + rows * (small * theme.LINE_EM + 6) + small * theme.LINE_EM + 20)

    lanes = max(len(layout.lanes), 1)
    lane_px = _lane_height(presentation) if height is None else \
        (height - top - bottom(narrowest)) / lanes
    ticks = _lane_ticks(journey, layout, lane_px, presentation, most_left)
    size = ticks["tickfont"]["size"]
    levels = {journey.actors_by_id[a].level for a in layout.lanes}
    widest = max([theme.text_width(theme.level_name(level, lang), size) for level in levels]
                 + [theme.text_width(name, size) for name in ticks["ticktext"]])
    left = round(min(max(least_left, widest + 30), most_left))
    margin = {"l": left, "r": MARGIN["r"], "t": top, "b": bottom(width - left - MARGIN["r"])}
    if height is None:
        height = round(margin["t"] + margin["b"] + lanes * lane_px)
    return margin, ticks, height


def _lane_height(presentation: bool) -> float:
    """A lane's height in px when the figure may grow: the largest marker above its name in
    four lines of the largest step-name type."""
    factor = PRESENTATION_MARKERS if presentation else 1.0
    font = theme.scaled(theme.LABEL_SIZE, presentation)
    return MAX_SIZE * factor + 4 * font * LABEL_EM + 28


def _stage_name(label: str, width_px: float, size: float) -> str:
    """A stage's name over its columns, in at most two lines."""
    return "<b>" + theme.wrap(label, theme.chars(width_px, size), 2) + "</b>"


def _legend_names(journey: Journey, route: bool, lang: str) -> list[str]:
    """The names the map's legend lists: the route, the transition kinds, the symbols."""
    kinds = {t.kind for t in journey.transitions}
    return ([_t("route", lang)] if route else []) + [
        _t(kind, lang) for kind in KIND_STYLE if kind in kinds] + [
        name for name, _ in _symbols(journey, lang)]


def _edges(journey: Journey, layout: MapLayout, xy: dict[str, Point], sizes: dict[str, float],
           scale: Scale, factor: float) -> tuple[dict[tuple[str, str], list[Point]], list[dict]]:
    """Each transition's path (in data coordinates) and its arrow head annotation.

    Straight unless it would run through another marker; ``return`` transitions always arch
    (a circle when a step returns to itself), so going back never hides a way forward.
    """
    by_column: dict[int, list[str]] = defaultdict(list)
    for step_id, (x, _) in layout.positions.items():
        by_column[x].append(step_id)
    paths, arrows = {}, []
    for t in journey.transitions:
        p0, p1 = scale.px(*xy[t.from_]), scale.px(*xy[t.to])
        if t.from_ == t.to:
            points, (dx, dy) = loop_path(p0, 0.3 * scale.lane_px)
        else:
            if t.kind == "return":
                bulge = max(0.45 * scale.lane_px, 0.12 * math.dist(p0, p1))
            else:
                low, high = sorted((layout.positions[t.from_][0], layout.positions[t.to][0]))
                others = ((scale.px(*xy[s]), sizes[s] / 2) for x in range(low, high + 1)
                          for s in by_column[x] if s not in (t.from_, t.to))
                bulge = 0.42 * scale.lane_px if blocked(p0, p1, others) else 0.0
            points, (dx, dy) = edge_path(p0, p1, bulge)
            if min(y for _, y in points) < -0.5 * scale.lane_px:  # would leave the plot
                points, (dx, dy) = edge_path(p0, p1, -bulge)
        paths[t.from_, t.to] = [scale.data(*p) for p in points]
        colour, _, width = KIND_STYLE[t.kind]
        length = math.hypot(dx, dy) or 1.0
        shaft = sizes[t.to] / 2 + ARROW * factor + 2
        arrows.append({
            "x": xy[t.to][0], "y": xy[t.to][1], "ax": -dx / length * shaft,
            "ay": -dy / length * shaft, "showarrow": True, "arrowhead": 2, "arrowsize": 1.1,
            "arrowwidth": width * factor, "arrowcolor": colour, "standoff": sizes[t.to] / 2 + 1,
            "text": "", "name": f"arrow:{t.from_}>{t.to}"})
    return paths, arrows



def journey_map(journey: Journey, *, lang: str, highlight_route: Sequence[str] | None = None,
                selected: str | None = None, mitigated: Collection[str] = (),
                source: theme.Source = None, presentation: bool = False,
                width: int = theme.WIDTH, height: int | None = theme.HEIGHT) -> go.Figure:
    """The journey map (see the module docstring).

    ``highlight_route``: step ids of a route to underlay in orange; ``selected``: a step id
    to ring; ``mitigated``: barrier references (``journeys.register``) counted as removed,
    shown struck through; ``source``: revision date or ready source text; ``presentation``:
    larger type for the projector. ``width`` and ``height``: the px the map is shown in
    (the slide's 1600 × 900 by default); margins, name wrapping and step spacing are laid
    out for them. ``height=None`` lets the figure grow with the actor lanes, each tall
    enough for its markers and step names (for a page that scrolls).
    """
    layout = map_layout(journey)
    mitigated = set(mitigated)
    factor = PRESENTATION_MARKERS if presentation else 1.0
    margin, lane_ticks, height = _margin(journey, layout, lang, presentation,
                                         len(highlight_route or ()) > 1, width, height)
    plot_h = height - margin["t"] - margin["b"]
    scale = Scale((width - margin["l"] - margin["r"]) / max(layout.slots, 1),
                  plot_h / max(len(layout.lanes), 1))
    placed = _placed(journey, mitigated)
    loads = {step: _sum(marked) for step, marked in placed.at_step.items()}
    edge_loads = {(t.from_, t.to): _sum(placed.on_transition[t.from_, t.to])
                  for t in journey.transitions}
    top = max(5.0, math.ceil(max([*loads.values(), *edge_loads.values(), 0.0])))
    xy = {s: (x, lane - RAISE) for s, (x, lane) in layout.positions.items()}
    sizes = {s.id: _size(loads[s.id], top, factor) for s in journey.steps}

    paths, annotations = _edges(journey, layout, xy, sizes, scale, factor)
    traces: list[dict] = []
    route_edges = list(pairwise(highlight_route or ()))
    if route_edges:
        xs, ys = polyline(paths[e] for e in route_edges if e in paths)
        traces.append({"type": "scatter", "name": _t("route", lang), "x": xs, "y": ys,
                       "mode": "lines", "hoverinfo": "skip", "legendrank": 1,
                       "line": {"color": ROUTE_COLOUR, "width": 16 * factor}})
    for kind, (colour, dash, line_width) in KIND_STYLE.items():
        edges = [(t.from_, t.to) for t in journey.transitions if t.kind == kind]
        if not edges:
            continue
        xs, ys = polyline(paths[e] for e in edges)
        traces.append({"type": "scatter", "name": _t(kind, lang), "x": xs, "y": ys,
                       "mode": "lines", "hoverinfo": "skip",
                       "line": {"color": colour, "dash": dash, "width": line_width * factor}})
    traces.append(_transition_trace(journey, paths, placed, edge_loads, top, factor, lang))
    traces += _step_traces(journey, xy, loads, placed, sizes, top, factor, lang,
                           set(highlight_route or ()), scale, presentation,
                           len(layout.lanes))
    if selected in xy:
        traces.append({"type": "scatter", "name": _t("selected", lang), "x": [xy[selected][0]],
                       "y": [xy[selected][1]], "mode": "markers", "hoverinfo": "skip",
                       "cliponaxis": False,
                       "marker": {"symbol": "circle-open", "color": theme.INK,
                                  "size": sizes[selected] + 14 * factor,
                                  "line": {"width": 4 * factor, "color": theme.INK}}})
    traces += _symbol_legend(journey, lang, factor)

    shapes, frame = _frame(journey, layout, lang, scale, presentation)
    look = theme.look(
        title=_t("title", lang, title=journey.title), subtitle=_t("subtitle", lang),
        lang=lang, source=theme.source_text(journey, source, lang),
        alt=_alt(journey, layout, loads, highlight_route, lang), presentation=presentation,
        margin=margin, width=width, height=height)
    look["annotations"] = frame + annotations + look["annotations"]
    look.update({
        "shapes": shapes, "showlegend": True, "hovermode": "closest",
        "xaxis": {"visible": False, "range": [-0.5, layout.slots - 0.5], "fixedrange": True},
        "yaxis": {"range": [len(layout.lanes) - 0.5, -0.5], "fixedrange": True,
                  "showgrid": False, "zeroline": False, "showline": False,
                  **lane_ticks},
        "legend": {"y": -10 / plot_h, "yanchor": "top", "x": 0, "xanchor": "left",
                   "itemclick": False, "itemdoubleclick": False,
                   "font": {"size": theme.scaled(theme.SMALL_SIZE, presentation)}}})
    # Built without plotly's per-property validation (``_validate=False``): validating ~150
    # arrow annotations and the hover arrays costs 40-50 ms per edit; tests validate the
    # same output with ``go.Figure(fig.to_dict())``.
    return go.Figure(data=traces, layout=look, _validate=False)


def _transition_trace(journey: Journey, paths: dict, placed: _Placed, edge_loads: dict,
                      top: float, factor: float, lang: str) -> dict:
    """Hover points halfway along each transition; a diamond where it carries barriers."""
    keys = [(t.from_, t.to) for t in journey.transitions]
    middle = [paths[k][len(paths[k]) // 2] if len(paths[k]) > 2 else
              ((paths[k][0][0] + paths[k][1][0]) / 2, (paths[k][0][1] + paths[k][1][1]) / 2)
              for k in keys]
    has = [bool(placed.on_transition[k]) for k in keys]
    return {
        "type": "scatter", "name": _t("edge_barrier", lang), "mode": "markers",
        "x": [m[0] for m in middle], "y": [m[1] for m in middle],
        "customdata": [[a, b] for a, b in keys], "showlegend": False,
        "hovertext": [_transition_hover(t, journey, placed.on_transition[t.from_, t.to], lang)
                      for t in journey.transitions],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {"symbol": "diamond", "color": [edge_loads[k] for k in keys],
                   "colorscale": theme.LOAD_SCALE, "cmin": 0, "cmax": top,
                   "size": [_size(edge_loads[k], top, factor) * 0.7 if h else 12 * factor
                            for k, h in zip(keys, has, strict=True)],
                   "opacity": [1.0 if h else 0.0 for h in has],
                   "line": {"color": theme.INK, "width": 1}}}


def _room_below(xy: dict[str, tuple[float, float]], sizes: dict[str, float], lanes: int,
                scale: Scale) -> dict[str, float]:
    """Pixels free below each marker for its name: down to the next marker in the same
    slot (a lane or more below when the cell beneath is empty), or to the plot's bottom."""
    column: dict[float, list[str]] = defaultdict(list)
    for step, (x, _) in xy.items():
        column[x].append(step)
    room = {}
    for steps in column.values():
        steps.sort(key=lambda s: xy[s][1])
        for step, under in zip(steps, [*steps[1:], None], strict=True):
            bottom = (xy[under][1] * scale.lane_px - sizes[under] / 2 - 8 if under
                      else (lanes - 0.5) * scale.lane_px - 4)
            room[step] = bottom - xy[step][1] * scale.lane_px - sizes[step] / 2
    return room


def _step_traces(journey: Journey, xy: dict, loads: dict, placed: _Placed, sizes: dict,
                 top: float, factor: float, lang: str, on_route: set[str],
                 scale: Scale, presentation: bool, lanes: int) -> list[dict]:
    """The clickable step markers with their labels, and the load numbers inside them."""
    steps = journey.steps
    font = theme.scaled(min(max(round(scale.slot_px / 10), 14), theme.LABEL_SIZE),
                        presentation)
    chars = max(theme.chars(scale.slot_px - 8, font) - 2, 8)  # wrap lets a word run 2 over
    room = _room_below(xy, sizes, lanes, scale)
    labels = [theme.wrap(s.label, chars, min(4, max(1, int(room[s.id] / (font * LABEL_EM)))))
              for s in steps]
    colours = [theme.load_colour(loads[s.id], top) for s in steps]
    marker = {
        "color": [loads[s.id] for s in steps], "colorscale": theme.LOAD_SCALE, "cmin": 0,
        "cmax": top, "size": [sizes[s.id] for s in steps], "opacity": 1,
        "symbol": [SYMBOLS[s.outcome] for s in steps],
        "line": {"color": [theme.OKABE_ITO[0] if s.id in on_route else theme.MUTED
                           for s in steps],
                 "width": [4 * factor if s.id in on_route else 1.2 for s in steps]},
        "colorbar": theme.load_colourbar(lang, presentation, len=0.7, x=1.0, xpad=24,
                                         y=0.5)}
    markers = {
        "type": "scatter", "name": STEP_TRACE, "uid": STEP_TRACE, "showlegend": False,
        "cliponaxis": False,
        "mode": "markers+text", "x": [xy[s.id][0] for s in steps],
        "y": [xy[s.id][1] for s in steps], "customdata": [s.id for s in steps],
        "text": labels, "textposition": "bottom center",
        "textfont": {"size": font, "color": theme.INK, "shadow": theme.HALO},
        "hovertext": [_step_hover(s, journey, placed.at_step[s.id], lang) for s in steps],
        "hovertemplate": "%{hovertext}<extra></extra>", "marker": marker,
        "selected": {"marker": {"opacity": 1}}, "unselected": {"marker": {"opacity": 1}}}
    numbers = {
        "type": "scatter", "name": "load", "showlegend": False, "mode": "text",
        "hoverinfo": "skip", "x": markers["x"], "y": markers["y"],
        "text": [number(loads[s.id], lang) if loads[s.id] > 0 and s.outcome != "dropout"
                 else "" for s in steps],
        "textfont": {"size": round(12 * factor),
                     "color": [theme.ink_on(c) for c in colours]}}
    return [markers, numbers]


def _lane_ticks(journey: Journey, layout: MapLayout, lane_px: float, presentation: bool,
                most_left: int) -> dict:
    """Actor names beside their lanes, in two lines where the lane has room (else in one,
    wider line); the first lane of a level also holds the level's name, so its actor sits
    half a line lower."""
    size = theme.scaled(theme.SMALL_SIZE, presentation)
    line = size * theme.LINE_EM
    levels = [journey.actors_by_id[a].level for a in layout.lanes]
    first = [i == 0 or level != levels[i - 1] for i, level in enumerate(levels)]
    names = []
    for actor, head in zip(layout.lanes, first, strict=True):
        lines = theme.label_lines(1, lane_px - (2 * line if head else line), size, 2)
        names.append(theme.wrap(journey.actors_by_id[actor].label,
                                24 if lines > 1 else theme.chars(most_left - 30, size), lines))
    return {"tickvals": [i + (line / 2 / lane_px if head else 0)
                         for i, head in enumerate(first)],
            "ticktext": names, "tickfont": {"size": size}}


def _symbols(journey: Journey, lang: str) -> list[tuple[str, str]]:
    """Name and marker symbol of the outcomes and transition barriers that occur."""
    entries = [(_t(o, lang), SYMBOLS[o]) for o in ("goal", "dropout")
               if any(s.outcome == o for s in journey.steps)]
    if any(t.barriers for t in journey.transitions):
        entries.append((_t("edge_barrier", lang), "diamond"))
    return entries


def _symbol_legend(journey: Journey, lang: str, factor: float) -> list[dict]:
    """Legend entries for the outcome symbols and transition barriers that occur."""
    return [{"type": "scatter", "name": name, "x": [None], "y": [None], "mode": "markers",
             "marker": {"symbol": symbol, "size": 16 * factor, "color": theme.MUTED}}
            for name, symbol in _symbols(journey, lang)]


def _frame(journey: Journey, layout: MapLayout, lang: str, scale: Scale, presentation: bool
           ) -> tuple[list[dict], list[dict]]:
    """Level bands, lane and stage rules, stage headers and level names."""
    shapes: list[dict] = []
    notes: list[dict] = []
    right = layout.slots - 0.5
    levels = [journey.actors_by_id[a].level for a in layout.lanes]
    for index, level in enumerate(levels):
        if index and level == levels[index - 1]:
            shapes.append({"type": "line", "x0": -0.5, "x1": right, "y0": index - 0.5,
                           "y1": index - 0.5, "layer": "below",
                           "line": {"color": theme.GRID, "width": 1, "dash": "dot"}})
            continue
        last = max(i for i, lv in enumerate(levels) if lv == level)
        band = sum(lv < level for lv in set(levels))
        shapes.append({"type": "rect", "x0": -0.5, "x1": right, "y0": index - 0.5,
                       "y1": last + 0.5, "layer": "below", "line": {"width": 0},
                       "fillcolor": theme.BAND if band % 2 == 0 else "white"})
        if index:
            shapes.append({"type": "line", "x0": -0.5, "x1": right, "y0": index - 0.5,
                           "y1": index - 0.5, "layer": "below",
                           "line": {"color": theme.MUTED, "width": 1.5}})
        notes.append({"text": f"<b>{theme.level_name(level, lang)}</b>", "xref": "paper",
                      "x": 0, "xanchor": "right", "xshift": -8, "y": index - 0.5,
                      "yanchor": "top", "yshift": -3, "showarrow": False, "align": "right",
                      "font": {"size": theme.scaled(theme.SMALL_SIZE, presentation),
                               "color": theme.MUTED}, "name": f"level:{level}"})
    for stage in journey.stages:
        first, width = layout.stage_spans[stage.id]
        if first:
            shapes.append({"type": "line", "x0": first - 0.5, "x1": first - 0.5, "y0": -0.5,
                           "y1": len(layout.lanes) - 0.5, "layer": "below",
                           "line": {"color": theme.MUTED, "width": 1.2, "dash": "dash"}})
        size = theme.scaled(theme.LABEL_SIZE, presentation)
        notes.append({"text": _stage_name(stage.label, width * scale.slot_px, size),
                      "x": first + (width - 1) / 2, "y": 1, "yref": "paper",
                      "yanchor": "bottom", "yshift": 6, "showarrow": False,
                      "font": {"size": size}, "name": f"stage:{stage.id}"})
    return shapes, notes


def _alt(journey: Journey, layout: MapLayout, loads: dict[str, float],
         route: Sequence[str] | None, lang: str) -> str:
    levels = {journey.actors_by_id[a].level for a in layout.lanes}
    text = _t("alt", lang, title=journey.title, steps=len(journey.steps),
              stages=len(journey.stages), actors=len(journey.actors), levels=len(levels))
    heaviest = max(journey.steps, key=lambda s: loads[s.id])
    if loads[heaviest.id] > 0:
        categories = dict.fromkeys(journey.category(b.category).label(lang)
                                   for b in heaviest.barriers)
        text += _t("alt_top", lang, step=heaviest.label, load=number(loads[heaviest.id], lang),
                   categories=", ".join(categories))
    else:
        text += _t("alt_none", lang)
    if route:
        text += _t("alt_route", lang, count=len(route))
    return text


def journey_map_table(journey: Journey, *, lang: str, highlight_route: Sequence[str] | None
                      = None, mitigated: Collection[str] = ()) -> pd.DataFrame:
    """The map as a table, one row per step in map order: the same loads as the markers."""
    layout = map_layout(journey)
    placed = _placed(journey, set(mitigated))
    order = sorted(journey.steps, key=lambda s: (layout.positions[s.id][0],
                                                 layout.positions[s.id][1]))
    leads: dict[str, list[str]] = defaultdict(list)
    for t in journey.transitions:
        leads[t.from_].append(f"{journey.steps_by_id[t.to].label} ({_t(t.kind, lang)})")
    rows = []
    for step in order:
        actor = journey.actors_by_id[step.actor]
        row = {
            _t("col_step", lang): step.label,
            _t("col_stage", lang): journey.stages_by_id[step.stage].label,
            _t("col_actor", lang): actor.label,
            _t("col_level", lang): theme.level_name(actor.level, lang),
            _t("col_load", lang): _sum(placed.at_step[step.id]),
            _t("col_barriers", lang): "; ".join(
                f"{journey.category(p.barrier.category).label(lang)} ({p.barrier.severity})"
                for p, off in placed.at_step[step.id] if not off),
            _t("col_outcome", lang): _t(step.outcome, lang) if step.outcome else "",
            _t("col_next", lang): "; ".join(leads[step.id]),
        }
        if highlight_route:
            row[_t("col_route", lang)] = step.id in highlight_route
        rows.append(row)
    return pd.DataFrame(rows)
