"""The journey map: stages as columns, actors as lanes grouped by resource level, each step
a card in its cell.

A card shows the step's label in full (wrapped at real text widths, ``text_metrics``), its
barrier load as a badge in the load colour (the printed number is the second cue), up to three
barrier chips ("Formulare 4", "+2"), people reached and feeling where known; a goal or a
drop-out has a coloured frame (solid / dashed) and a corner mark beside the label. Lines run
from card edge to card edge through the gutters, each on its own track (``map_routing``),
dashed by kind; a hand-off or referral names its data transfer and a transition's barriers
sit beside its line in the gutter between the lanes it joins. The geometry is plain Python
(``map_layout``); this module only draws it with plotly, in px (the axes are the figure's
pixels). Cards are clickable through ONE invisible scatter trace (``name="steps"``) whose
``customdata`` holds the step ids; transition hover points carry ``[from, to]`` pairs. Its
words are points of a few text traces (one per kind and look: ``label``, ``chip``, ``lane``,
…), arrow heads one marker trace per kind: plotly.js draws these many times faster than a
hundred annotations and a marker per line point; only the source line is an annotation.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

from journeys.figures import text_metrics as tm
from journeys.figures import theme
from journeys.figures.map_layout import CardText, Fonts, Frame, MapGeometry, arrange
from journeys.figures.placement import MapLayout, card_layout, map_layout, polyline
from journeys.i18n import language, number, percent, translate
from journeys.register import PlacedBarrier, barrier_register
from journeys.vocabulary import WORDS
from models import Actor, Journey, Step, Transition

STEP_TRACE = "steps"
"""``name`` of the trace whose points are the cards (``customdata`` = step ids)."""

KIND_STYLE = {  # colour and dash: dash is the cue that survives greyscale printing
    "next": ("#4d4d4d", "solid", 2.0),
    "alternative": ("#4d4d4d", "dashdot", 2.0),
    "handoff": (theme.OKABE_ITO[4], "dash", 2.5),
    "referral": (theme.OKABE_ITO[5], "dot", 3.5),
    "return": (theme.OKABE_ITO[6], "solid", 2.0),
}
ROUTE_COLOUR = "rgba(230, 159, 0, 0.45)"
ARROW_OPACITY = 0.7
"""The arrow heads' opacity: the lines' colour a shade lighter, as the map always drew them."""

TEXT = {
    "en": {
        "title": "Journey map: {title}",
        "subtitle": "Stages left to right, actors by resource level (1 household … 4 "
                    "institutions); each card: the step, its barrier load and its barriers",
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
        "reached_short": "{count} reached", "feeling": "feeling {value}/5",
        "load_legend": "barrier load (darker = more)",
    },
    "de": {
        "title": "Nutzerreise: {title}",
        "subtitle": "Phasen von links nach rechts, Akteure nach Ressourcenebene (1 "
                    "Bedarfsgemeinschaft … 4 Institution); jede Karte: Schritt, Barrierelast "
                    "und Barrieren",
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
        "reached_short": "{count} erreicht", "feeling": "Gefühl {value}/5",
        "load_legend": "Barrierelast (dunkler = mehr)",
    },
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


def load_scale_top(journey: Journey) -> float:
    """The top of the map's load colour scale without mitigation: pass it as ``load_top`` to
    the map after a what-if, so equal loads look equal before and after."""
    return max(5.0, math.ceil(max(step_loads(journey).values(), default=0.0)))


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
        facts.append(_t("data", lang, how=WORDS[language(lang)][t.data_transfer]))
    if t.count is not None:
        facts.append(_t("count", lang, count=number(t.count, lang)))
    if facts:
        lines.append(" · ".join(facts))
    if marked:
        lines.append(_t("load_line", lang, load=number(_sum(marked), lang)))
    return "<br>".join(lines + _barrier_lines(marked, journey, lang))


# -- the cards ----------------------------------------------------------------------------

SHORT = {
    "en": {"information": "Information", "language": "Language", "eligibility": "Eligibility",
           "forms": "Forms", "digital": "Digital", "mobility": "Mobility",
           "time_childcare": "Time", "reachability": "Reachability", "capacity": "Waiting",
           "cost": "Cost", "stigma": "Stigma", "trust": "Trust", "handoff": "Handoff",
           "social_network": "Support", "health": "Health", "other": "Other"},
    "de": {"information": "Information", "language": "Sprache", "eligibility": "Anspruch",
           "forms": "Formulare", "digital": "Digital", "mobility": "Mobilität",
           "time_childcare": "Zeit", "reachability": "Erreichbarkeit", "capacity": "Wartezeit",
           "cost": "Kosten", "stigma": "Scham", "trust": "Vertrauen", "handoff": "Übergabe",
           "social_network": "Umfeld", "health": "Gesundheit", "other": "Sonstiges"},
}
"""Short category names for the chips on a card ("Formulare 4")."""
CHIPS = 3
"""Barrier chips a card shows; more are summed up as "+n"."""
MARKS = {"goal": ("★", theme.OKABE_ITO[2]), "dropout": ("✖", theme.OKABE_ITO[5])}
"""Corner mark and frame colour of a goal or drop-out card (the frame's dash is the 2nd cue)."""
FRAME_DASH = {"goal": "solid", "dropout": "dash"}
CHIP_FILL = "#ececec"
CARD_LINE = "#8c8c8c"
REFERENCE_WIDTH = 1280
LEAST_FONT = 14
"""No text is under 14 px when the map is shown 1280 px wide (the room's back row)."""


def least_font(width: float) -> float:
    """The smallest type of a map ``width`` px wide: 14 px once it is shown 1280 px wide.

    >>> least_font(1600), least_font(1240), least_font(1880)
    (17.5, 14.0, 21.0)
    """
    return max(float(LEAST_FONT), math.ceil(LEAST_FONT * width / REFERENCE_WIDTH * 2) / 2)


def _chip(category: str, severity: int, journey: Journey, lang: str) -> str:
    short = SHORT[language(lang)].get(category)
    if short is None:  # a journey's own category: its first word
        short = journey.category(category).label(lang).split()[0][:14]
    return f"{short} {severity}"


def card_texts(journey: Journey, loads: dict[str, float], placed: _Placed, lang: str
               ) -> dict[str, CardText]:
    """What each step's card says: label, load badge, barrier chips, facts, corner mark."""
    cards = {}
    for step in journey.steps:
        barriers = sorted((p.barrier for p, off in placed.at_step[step.id] if not off),
                          key=lambda b: -b.severity)
        chips = [_chip(b.category, b.severity, journey, lang) for b in barriers[:CHIPS]]
        if len(barriers) > CHIPS:
            chips.append(f"+{len(barriers) - CHIPS}")
        facts = []
        if step.reached is not None:
            facts.append(_t("reached_short", lang, count=number(step.reached, lang)))
        if step.emotion is not None:
            facts.append(_t("feeling", lang, value=step.emotion))
        cards[step.id] = CardText(step.id, step.label, (number(loads[step.id], lang), *chips),
                                  tuple(facts), MARKS[step.outcome][0]
                                  if step.outcome in MARKS else "")
    return cards


def _transition_label(t: Transition, marked: Marked, journey: Journey, lang: str) -> str:
    """The words beside a line: the data transfer of a hand-off or referral, its barriers."""
    parts = []
    if t.data_transfer not in (None, "none") and t.kind in ("handoff", "referral"):
        parts.append(WORDS[language(lang)][t.data_transfer])
    parts += [_chip(p.barrier.category, p.barrier.severity, journey, lang)
              for p, off in marked if not off][:CHIPS]
    return " · ".join(parts)


# -- the figure -------------------------------------------------------------------------


SLIDE_LEAST = 19
"""The least type in projector mode and on slides (a 1600 px chart on a 11 inch wide slide:
19 px is 9 pt)."""


def screen_font(width: float) -> float:
    """The smallest type of a map shown at its own size on a screen ``width`` px wide: 14 px
    at 1280 px, growing with the square root of the width (a 1920 px projector: 17 px), so a
    larger screen shows both larger type and more of the journey.

    >>> screen_font(1220), screen_font(1860)
    (14.0, 17.0)
    """
    return max(float(LEAST_FONT), round(LEAST_FONT * math.sqrt(width / REFERENCE_WIDTH) * 2) / 2)


COMPACT_LINES = (3, 2)
"""Label lines a projector's compact card keeps, tried in turn when full cards do not fit;
then two lines beside the load badge, without chips (``Fonts.side_badge``)."""


def _font_sizes(width: float, presentation: bool, screen: bool = False) -> list[Fonts]:
    """Type sizes to try, largest first, down to the least (``least_font``; on slides
    ``SLIDE_LEAST``); on a ``screen``, then compact cards at the least size (a projector
    shows the whole journey with shortened labels rather than a part of it)."""
    least = screen_font(width) if screen else \
        max(least_font(width), SLIDE_LEAST) if presentation else least_font(width)
    largest = least * (1.5 if presentation else 1.25)
    sizes, label = [], largest
    while label > least:
        sizes.append(Fonts(round(label, 1), max(least, round(label * 0.88, 1))))
        label *= 0.94
    sizes.append(Fonts(least, least))
    if screen:
        sizes += [Fonts(least, least, lines) for lines in COMPACT_LINES]
        sizes.append(Fonts(least, least, COMPACT_LINES[-1], side_badge=True))
    return sizes


SCREEN_TOP = 8.0
"""Px above the stage names of a map on a screen: the page names the journey, not the map."""


def title_h(presentation: bool, screen: bool = False) -> float:
    """The px the title takes at the top of the map (``images.untitled`` takes them off):
    80, the title block of every figure, or more for a larger title; on a ``screen`` none."""
    if screen:
        return SCREEN_TOP
    return max(80.0, 12 + 1.3 * theme.scaled(theme.TITLE_SIZE, presentation) + 12)


def _frame(journey: Journey, layout: MapLayout, lang: str, fonts: Fonts, width: float,
           legend: list[tuple[str, dict]], title_h: float, source: bool = True
           ) -> tuple[Frame, list[tm.Wrapped]]:
    """Room for title and stage names (top), lane names (left), legend and source (bottom;
    ``source=False``: no source line, on a screen); and the lane names wrapped to the left
    margin."""
    levels = {journey.actors_by_id[a].level for a in layout.lanes}
    wanted = max([tm.width(journey.actors_by_id[a].label, fonts.small) for a in layout.lanes]
                 + [tm.width(theme.level_name(level, lang), fonts.small, bold=True)
                    for level in levels]) + 28
    least = max([tm.widest_piece(journey.actors_by_id[a].label, fonts.small,
                                 lang=journey.language) for a in layout.lanes]
                + [tm.widest_piece(theme.level_name(level, lang), fonts.small, bold=True,
                                   lang=lang) for level in levels]) + 28
    left = max(least, min(wanted, (0.16 if fonts.compact else 0.13) * width))
    names = [tm.wrap(lane_name(journey.actors_by_id[a], fonts), left - 24, fonts.small,
                     lang=journey.language) for a in layout.lanes]
    slot_w = 0.6 * (width - left) / max(layout.slots, 1)
    stage_lines = 1 if fonts.compact else max(  # (compact: stage names get their width)
        (len(tm.wrap(s.label, slot_w * layout.stage_spans[s.id][1], fonts.label, bold=True,
                     lang=journey.language).lines) for s in journey.stages), default=1)
    top = title_h + stage_lines * tm.line_height(fonts.label) + 8
    rows = _legend_rows(legend, width, fonts)
    bottom = rows * (tm.line_height(fonts.small) + 8) + (
        tm.line_height(fonts.small) + 24 if source else 8)
    return Frame(left, top, bottom), names


def lane_name(actor: Actor, fonts: Fonts) -> str:
    """A lane's name: the actor's; on compact cards with its level's number ("1 · Mutter")
    instead of the level's name above each group of lanes (a projector's lines are few)."""
    return f"{actor.level} · {actor.label}" if fonts.compact else actor.label


def _sample_w(look: dict) -> float:
    """Px of a legend item's sample (line, frame or badges) and the space after it."""
    return 44.0 if look else 0.0


def _legend_rows(legend: list[tuple[str, dict]], width: float, fonts: Fonts) -> int:
    x, rows = 0.0, 1
    for name, look in legend:
        w = _sample_w(look) + tm.width(name, fonts.small) + 24
        if x and x + w > width - 48:
            x, rows = 0.0, rows + 1
        x += w
    return rows


def _legend_items(journey: Journey, lang: str, route: bool) -> list[tuple[str, dict]]:
    """(name, how the sample looks) of what the map shows: route, kinds, outcome frames."""
    kinds = {t.kind for t in journey.transitions}
    items: list[tuple[str, dict]] = [(_t("load_legend", lang), {"badge": True})]
    if route:
        items.append((_t("route", lang), {"line": ROUTE_COLOUR, "dash": "solid", "width": 8}))
    for kind, (colour, dash, line_width) in KIND_STYLE.items():
        if kind in kinds:
            items.append((_t(kind, lang), {"line": colour, "dash": dash, "width": line_width}))
    for outcome, (mark, colour) in MARKS.items():
        if any(s.outcome == outcome for s in journey.steps):
            items.append((_t(outcome, lang), {"frame": colour, "dash": FRAME_DASH[outcome],
                                               "mark": mark}))
    return items


def _note(text: str, x: float, y: float, size: float, **style: object) -> dict:
    """A text at px (x, y) of the map (data coordinates are px), top left by default."""
    return {"text": text, "x": x, "y": y, "xref": "x", "yref": "y", "showarrow": False,
            "xanchor": "left", "yanchor": "top", "align": "left", "borderpad": 0,
            "font": {"size": size, **style.pop("font", {})}, **style}


def _rect(box: tuple[float, float, float, float], **style: object) -> dict:
    x, y, w, h = box
    return {"type": "rect", "x0": x, "y0": y, "x1": x + w, "y1": y + h, "xref": "x",
            "yref": "y", **style}


def _lines(text: tm.Wrapped) -> str:
    return "<br>".join(theme.plain(line) for line in text.lines)


TEXT_POSITION = {"left": "right", "center": "center", "top": "bottom", "middle": "middle",
                 "bottom": "top"}
"""The text trace's ``textposition`` (its two words) for an annotation's anchors."""


def _text_point(note: dict) -> tuple[float, float]:
    """(x, y) of the text trace's point that draws ``note`` where the annotation would (to a
    fraction of a px in Chromium): plotly.js sets an annotation 1 px in from its anchor (its
    border) and its box from the font's ascent (0.905) and descent (0.212); a text point's
    first baseline is 0.75 of the size below the point, its lines 1.3 sizes apart."""
    size, vertical = note["font"]["size"], note.get("yanchor", "top")
    x = note["x"] + 1 if note.get("xanchor", "left") == "left" else note["x"]
    shift = {"top": 1 + 0.155 * size, "middle": 0.0965 * size, "bottom": 0.038 * size - 1}
    return x, note["y"] + shift[vertical]


def _text_traces(notes: list[dict]) -> list[dict]:
    """The map's texts (annotations as ``_note`` makes them, named ``kind:what``) as one text
    trace per kind and look, ``customdata`` the ``what``: plotly.js lays out a few text traces
    far faster than a hundred annotations (issue 9's latency). Clicks and hovers go through
    them to the cards, and a selection does not dim them."""
    looks: dict[tuple, list[dict]] = defaultdict(list)
    for note in notes:
        anchors = (note.get("xanchor", "left"), note.get("yanchor", "top"))
        colour = note["font"].get("color", theme.INK)
        looks[note["name"].split(":", 1)[0], note["font"]["size"], colour, anchors].append(note)
    traces = []
    for (kind, size, colour, (horizontal, vertical)), mine in looks.items():
        points = [_text_point(note) for note in mine]
        traces.append({"type": "scatter", "mode": "text", "name": kind,
                       "x": [p[0] for p in points], "y": [p[1] for p in points],
                       "text": [note["text"] for note in mine],
                       "customdata": [note["name"].split(":", 1)[1] for note in mine],
                       "textposition": f"{TEXT_POSITION[vertical]} {TEXT_POSITION[horizontal]}",
                       "textfont": {"size": size, "color": colour}, "hoverinfo": "skip",
                       "showlegend": False, "selected": {"textfont": {"color": colour}},
                       "unselected": {"textfont": {"color": colour}}})
    return traces


def _draw_cards(geometry: MapGeometry, loads: dict[str, float], top: float,
                on_route: set[str], selected: str | None, outcome: dict[str, str | None]
                ) -> tuple[list[dict], list[dict]]:
    """The cards: frames, halos and chips as shapes under the traces (the words go over
    them as text traces)."""
    shapes, notes = [], []
    fonts = geometry.fonts
    for step, card in geometry.cards.items():
        x, y, w, h = card.box
        if step in on_route:
            shapes.append(_rect((x - 5, y - 5, w + 10, h + 10), line={"width": 0},
                                fillcolor=ROUTE_COLOUR, layer="below", name=f"route:{step}"))
        if step == selected:
            shapes.append(_rect((x - 4, y - 4, w + 8, h + 8), fillcolor="rgba(0,0,0,0)",
                                line={"color": theme.INK, "width": 3}))
        kind = outcome[step]
        frame = ({"color": MARKS[kind][1], "width": 3, "dash": FRAME_DASH[kind]}
                 if kind in MARKS else {"color": CARD_LINE, "width": 1})
        shapes.append(_rect(card.box, fillcolor="white", line=frame, layer="below",
                            name=f"card:{step}"))
        notes.append(_note(_lines(card.label), *card.label_at, fonts.label,
                           font={"color": theme.INK}, name=f"label:{step}"))
        chips = len(card.text.tokens)
        for index, (box, token) in enumerate(card.tokens):
            fill = theme.load_colour(loads[step], top) if index == 0 else \
                CHIP_FILL if index < chips else None
            if fill:
                shapes.append(_rect(box, fillcolor=fill, line={"width": 0}, layer="below"))
            ink = theme.ink_on(fill) if index == 0 else theme.INK if fill else theme.MUTED
            kind_of = "load" if index == 0 else "chip" if fill else "fact"
            notes.append(_note(theme.plain(token), box[0] + box[2] / 2, box[1] + box[3] / 2,
                               fonts.small, xanchor="center", yanchor="middle",
                               font={"color": ink}, name=f"{kind_of}:{step}"))
        if card.mark_at:
            mark, colour = MARKS[kind]  # type: ignore[index]
            notes.append(_note(mark, *card.mark_at, fonts.label, xanchor="center",
                               font={"color": colour}, name=f"mark:{step}"))
    return shapes, notes


def _draw_frame(journey: Journey, layout: MapLayout, geometry: MapGeometry,
                names: list[tm.Wrapped], lang: str) -> tuple[list[dict], list[dict]]:
    """Level bands with their names, lane names, stage names and the rules between stages."""
    shapes, notes = [], []
    fonts = geometry.fonts
    gx, gy, gw, gh = geometry.grid
    levels = [journey.actors_by_id[a].level for a in layout.lanes]
    edges = [y for y, _ in geometry.rows] + [gy + gh]
    bounds = [gy] + [(edges[i] + geometry.rows[i - 1][0] + geometry.rows[i - 1][1]) / 2
                     for i in range(1, len(geometry.rows))] + [gy + gh]
    band = 0
    for index, level in enumerate(levels):
        y_name = geometry.rows[index][0]
        if index == 0 or level != levels[index - 1]:
            last = max(i for i, lv in enumerate(levels) if lv == level)
            shapes.append(_rect((8, bounds[index], gx + gw - 8, bounds[last + 1]
                                 - bounds[index]), layer="below", line={"width": 0},
                                fillcolor=theme.BAND if band % 2 == 0 else "white"))
            band += 1
            if not fonts.compact:  # (compact: the lane names carry the level's number)
                level_name = tm.wrap(theme.level_name(level, lang), geometry.grid[0] - 24,
                                     fonts.small, bold=True, lang=lang)
                notes.append(_note(f"<b>{_lines(level_name)}</b>", 14, y_name, fonts.small,
                                   font={"color": theme.MUTED}, name=f"level:{level}"))
                y_name += len(level_name.lines) * tm.line_height(fonts.small)
        notes.append(_note(_lines(names[index]), 14, y_name, fonts.small,
                           name=f"lane:{layout.lanes[index]}"))
    for stage in journey.stages:
        first, span = layout.stage_spans[stage.id]
        x0 = geometry.columns[first][0]
        x1 = geometry.columns[first + span - 1][0] + geometry.columns[first + span - 1][1]
        if first:
            previous = geometry.columns[first - 1]
            middle = (previous[0] + previous[1] + x0) / 2
            shapes.append({"type": "line", "x0": middle, "x1": middle, "y0": gy - 4,
                           "y1": gy + gh, "layer": "below",
                           "line": {"color": theme.MUTED, "width": 1, "dash": "dot"}})
        name = tm.wrap(stage.label, x1 - x0, fonts.label, bold=True, lang=journey.language)
        notes.append(_note(f"<b>{_lines(name)}</b>", (x0 + x1) / 2, gy - 4, fonts.label,
                           xanchor="center", yanchor="bottom", align="center",
                           name=f"stage:{stage.id}"))
    return shapes, notes


def _draw_legend(items: list[tuple[str, dict]], geometry: MapGeometry, top: float
                 ) -> tuple[list[dict], list[dict], list[dict]]:
    """The legend in rows under the grid: a sample (line, frame or badges) and its name."""
    fonts = geometry.fonts
    shapes, notes, traces = [], [], []
    line_h = tm.line_height(fonts.small)
    x, y = 24.0, geometry.grid[1] + geometry.grid[3] + 12
    for name, look in items:
        w = _sample_w(look) + tm.width(name, fonts.small) + 24
        if x > 24 and x + w > geometry.width - 24:
            x, y = 24.0, y + line_h + 8
        middle = y + line_h / 2
        if "line" in look:
            traces.append({"type": "scatter", "x": [x, x + 36], "y": [middle, middle],
                           "mode": "lines", "hoverinfo": "skip", "showlegend": False,
                           "name": f"legend:{name}",
                           "line": {"color": look["line"], "dash": look["dash"],
                                    "width": look["width"]}})
        elif "frame" in look:
            shapes.append(_rect((x, y + 1, 36, line_h - 2), fillcolor="white",
                                line={"color": look["frame"], "width": 3,
                                      "dash": look["dash"]}))
        elif look:
            for i, share in enumerate((0.0, 0.5, 1.0)):
                shapes.append(_rect((x + i * 12, y + 2, 12, line_h - 4), line={"width": 0},
                                    fillcolor=theme.load_colour(share * top, top)))
        notes.append(_note(theme.plain(name), x + _sample_w(look), y, fonts.small,
                           name=f"legend:{name}"))
        x += w
    return shapes, notes, traces


def _draw_lines(journey: Journey, geometry: MapGeometry, route_edges: set[tuple[str, str]],
                texts: dict[tuple[str, str], str], fonts: Fonts) -> tuple[list[dict],
                                                                          list[dict]]:
    """The transitions as one line trace per kind and its arrow heads, the route underlay and
    the labels beside the lines."""
    kinds = {(t.from_, t.to): t.kind for t in journey.transitions}
    traces, notes = [], []
    underlay = [line for line in geometry.lines if (line.source, line.target) in route_edges]
    if underlay:
        xs, ys = polyline(line.points for line in underlay)
        traces.append({"type": "scatter", "name": "route", "x": xs, "y": ys, "mode": "lines",
                       "hoverinfo": "skip", "showlegend": False,
                       "line": {"color": ROUTE_COLOUR, "width": 10}})
    for kind, (colour, dash, line_width) in KIND_STYLE.items():
        mine = [line for line in geometry.lines if kinds[line.source, line.target] == kind]
        if not mine:
            continue
        xs, ys = polyline(line.points for line in mine)
        traces.append({"type": "scatter", "name": kind, "x": xs, "y": ys, "mode": "lines",
                       "hoverinfo": "skip", "showlegend": False,
                       "line": {"color": colour, "dash": dash, "width": line_width}})
        traces.append(_arrow_heads(kind, colour, [line.points for line in mine]))
    for line in geometry.lines:
        text = texts[line.source, line.target]
        if line.label_box and text:
            notes.append(_note(theme.plain(text), line.label_box[0] + 2, line.label_box[1],
                               fonts.small, font={"color": theme.INK},
                               name=f"transition:{line.source}>{line.target}"))
    return traces, notes


def _arrow_heads(kind: str, colour: str, paths: list[list[tuple[float, float]]]) -> dict:
    """One arrow head at the end of each path, turned along its last step: a trace of its
    own (``<kind> arrows``), as plotly.js draws a marker for every point of a line trace,
    even one of size 0 (hundreds on a large map)."""
    ends, angles = [], []
    for points in paths:
        end = points[-1]
        before = next((p for p in reversed(points[:-1]) if p != end), end)
        ends.append(end)  # the y axis points down: 0° is up the screen, clockwise
        angles.append(math.degrees(math.atan2(end[0] - before[0], before[1] - end[1])))
    return {"type": "scatter", "name": f"{kind} arrows", "mode": "markers",
            "x": [p[0] for p in ends], "y": [p[1] for p in ends], "hoverinfo": "skip",
            "showlegend": False,
            "marker": {"symbol": "arrow", "angleref": "up", "angle": angles, "size": 11,
                       "color": colour, "opacity": ARROW_OPACITY, "line": {"width": 0}}}


def _transition_trace(journey: Journey, geometry: MapGeometry, placed: _Placed,
                      lang: str) -> dict:
    """Invisible hover points halfway along each line (customdata ``[from, to]``)."""
    middle = {}
    for line in geometry.lines:
        point = line.points[len(line.points) // 2]
        middle[line.source, line.target] = point
    keys = [(t.from_, t.to) for t in journey.transitions]
    return {"type": "scatter", "name": _t("edge_barrier", lang), "mode": "markers",
            "x": [middle[k][0] for k in keys], "y": [middle[k][1] for k in keys],
            "customdata": [[a, b] for a, b in keys], "showlegend": False,
            "hovertext": [_transition_hover(t, journey, placed.on_transition[t.from_, t.to],
                                            lang) for t in journey.transitions],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"size": 14, "opacity": 0, "symbol": "square"}}


def _step_trace(journey: Journey, geometry: MapGeometry, placed: _Placed, lang: str) -> dict:
    """ONE invisible marker per card, at its middle: clicks select the step, hover explains."""
    steps = journey.steps
    boxes = [geometry.cards[s.id].box for s in steps]
    return {"type": "scatter", "name": STEP_TRACE, "uid": STEP_TRACE, "showlegend": False,
            "mode": "markers", "x": [b[0] + b[2] / 2 for b in boxes],
            "y": [b[1] + b[3] / 2 for b in boxes], "customdata": [s.id for s in steps],
            "hovertext": [_step_hover(s, journey, placed.at_step[s.id], lang) for s in steps],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"symbol": "square", "size": [min(b[2], b[3], 100) for b in boxes],
                       "opacity": 0},
            "selected": {"marker": {"opacity": 0}}, "unselected": {"marker": {"opacity": 0}}}


def focus_journey(journey: Journey, steps: Collection[str]) -> Journey:
    """``journey`` with only ``steps`` (and the transitions between them): a focus on a
    range of stages or a group of lanes of a journey too large to show whole."""
    keep = set(steps)
    part = journey.model_copy(update={
        "steps": [s for s in journey.steps if s.id in keep],
        "transitions": [t for t in journey.transitions if t.from_ in keep and t.to in keep],
        "actors": [a for a in journey.actors if any(s.actor == a.id for s in journey.steps
                                                     if s.id in keep)],
        "stages": [g for g in journey.stages if any(s.stage == g.id for s in journey.steps
                                                     if s.id in keep)],
        "start": None})
    for cached in ("steps_by_id", "actors_by_id", "stages_by_id"):
        vars(part).pop(cached, None)
    return part


def map_parts(journey: Journey, *, lang: str, width: float = theme.WIDTH,
              height: float = theme.HEIGHT, presentation: bool = False
              ) -> list[tuple[str, tuple[str, ...]]]:
    """The journey cut into runs of neighbouring stages whose maps each fit ``width`` ×
    ``height`` at readable type (for slides): ``[(name, step ids)]``, the name "A – B" of
    the stages; one part named "" when the whole journey fits.

    >>> from models import parse_journey
    >>> small = parse_journey({"id": "x", "title": "X", "language": "en",
    ...     "stages": [{"id": "s", "label": "S"}], "actors": [{"id": "a", "label": "A",
    ...     "level": 1}], "steps": [{"id": "one", "label": "One", "stage": "s", "actor": "a",
    ...     "outcome": "goal"}]})
    >>> map_parts(small, lang="en")
    [('', ('one',))]
    """
    def steps_of(stages: Sequence) -> tuple[str, ...]:
        chosen = {s.id for s in stages}
        return tuple(s.id for s in journey.steps if s.stage in chosen)

    def fits(steps: tuple[str, ...]) -> bool:
        return map_geometry(focus_journey(journey, steps), lang=lang, width=width,
                            height=height, presentation=presentation).fits

    everything = tuple(s.id for s in journey.steps)
    if map_geometry(journey, lang=lang, width=width, height=height,
                    presentation=presentation).fits:
        return [("", everything)]
    stages, parts, first = journey.stages, [], 0
    while first < len(stages):
        size = len(stages) - first
        while size > 1 and not fits(steps_of(stages[first:first + size])):
            size -= 1
        run = stages[first:first + size]
        if steps_of(run):
            parts.append((run[0].label if size == 1 else f"{run[0].label} – {run[-1].label}",
                          steps_of(run)))
        first += size
    return parts


def map_geometry(journey: Journey, *, lang: str, width: float = theme.WIDTH,
                 height: float | None = theme.HEIGHT, presentation: bool = False,
                 mitigated: Collection[str] = (), route: bool = False, screen: bool = False
                 ) -> MapGeometry:
    """The map's geometry (cards, lines, labels in px) as ``journey_map`` draws it; its
    ``fits`` says whether the whole journey fits ``width`` × ``height`` with type no smaller
    than ``least_font(width)`` (``screen``: ``screen_font(width)``)."""
    return _geometry(journey, lang, width, height, presentation, _placed(journey,
                                                                       set(mitigated)),
                     route, screen)[0]


def _geometry(journey: Journey, lang: str, width: float, height: float | None,
              presentation: bool, placed: _Placed, route: bool, screen: bool = False
              ) -> tuple[MapGeometry, MapLayout, list[tm.Wrapped], dict,
                         list[tuple[str, dict]]]:
    layout = card_layout(journey)
    loads = {step: _sum(marked) for step, marked in placed.at_step.items()}
    cards = card_texts(journey, loads, placed, lang)
    texts = {(t.from_, t.to): _transition_label(t, placed.on_transition[t.from_, t.to],
                                                journey, lang) for t in journey.transitions}
    legend = _legend_items(journey, lang, route)
    title_px = title_h(presentation, screen)
    frames: dict[Fonts, tuple[Frame, list[tm.Wrapped]]] = {}

    def frame_for(fonts: Fonts) -> Frame:
        frames[fonts] = _frame(journey, layout, lang, fonts, width, legend, title_px,
                               source=not screen)
        return frames[fonts][0]

    def least_rows(fonts: Fonts) -> list[float]:
        names = frames[fonts][1]
        levels = [journey.actors_by_id[a].level for a in layout.lanes]
        if fonts.compact:  # no level names above the lanes
            return [len(name.lines) * tm.line_height(fonts.small) + 4 for name in names]
        left = frames[fonts][0].left - 24
        heads = {level: len(tm.wrap(theme.level_name(level, lang), left, fonts.small,
                                    bold=True, lang=lang).lines) for level in set(levels)}
        return [(len(name.lines) + (heads[levels[i]] if i == 0 or levels[i] != levels[i - 1]
                                    else 0)) * tm.line_height(fonts.small) + 4
                for i, name in enumerate(names)]

    def stage_names(fonts: Fonts) -> list[tuple[int, int, float]]:
        def needed(label: str) -> float:  # compact: the name on one line
            return tm.width(label, fonts.label, bold=True) if fonts.compact else \
                tm.widest_piece(label, fonts.label, bold=True, lang=journey.language)

        return [(*layout.stage_spans[s.id], needed(s.label) + 8) for s in journey.stages]

    sizes = _font_sizes(width, presentation, screen)  # a page that scrolls: the least size
    geometry = arrange(cards, layout.positions, layout.slots, len(layout.lanes),
                       [(t.from_, t.to, texts[t.from_, t.to]) for t in journey.transitions],
                       width=width, height=height, frame=frame_for,
                       sizes=sizes[-1:] if height is None else sizes, lang=journey.language,
                       least_rows=least_rows, least_spans=stage_names)
    return geometry, layout, frames[geometry.fonts][1], texts, legend


def journey_map(journey: Journey, *, lang: str, highlight_route: Sequence[str] | None = None,
                selected: str | None = None, mitigated: Collection[str] = (),
                source: theme.Source = None, presentation: bool = False,
                width: int = theme.WIDTH, height: int | None = theme.HEIGHT,
                load_top: float | None = None, screen: bool = False) -> go.Figure:
    """The journey map (see the module docstring).

    ``highlight_route``: step ids of a route to underlay in orange; ``selected``: a step id
    to ring (app state: exports leave it out); ``mitigated``: barrier references
    (``journeys.register``) counted as removed, struck through in the hover; ``source``:
    revision date or ready source text; ``presentation``: larger type where it fits.
    ``width`` and ``height``: the px the map is shown in (the 16:9 slide by default);
    ``height=None`` lets it grow as its lanes need, at the least type (a page that scrolls:
    the most overview). A journey that does
    not fit at the least type (``least_font``) grows taller instead and says so in
    ``layout.meta["fits"]``. ``load_top``: a fixed top of the load colour scale, so that
    maps before and after a change colour equal loads alike. ``screen``: shown at its own px
    size on a screen (the app), not scaled to 1280 px: the least type is ``screen_font``.
    """
    placed = _placed(journey, set(mitigated))
    route_edges = set(pairwise(highlight_route or ()))
    geometry, layout, names, texts, legend = _geometry(
        journey, lang, width, height, presentation, placed, bool(route_edges), screen)
    loads = {step: _sum(marked) for step, marked in placed.at_step.items()}
    edge_loads = [_sum(placed.on_transition[t.from_, t.to]) for t in journey.transitions]
    top = load_top or max(5.0, math.ceil(max([*loads.values(), *edge_loads, 0.0])))
    fonts = geometry.fonts

    frame_shapes, frame_notes = _draw_frame(journey, layout, geometry, names, lang)
    card_shapes, card_notes = _draw_cards(geometry, loads, top, set(highlight_route or ()),
                                          selected, {s.id: s.outcome for s in journey.steps})
    line_traces, line_notes = _draw_lines(journey, geometry, route_edges, texts, fonts)
    legend_shapes, legend_notes, legend_traces = _draw_legend(legend, geometry, top)
    fig_h = round(geometry.height)
    look = theme.look(
        title=_t("title", lang, title=journey.title), subtitle=None, lang=lang,
        source=theme.source_text(journey, source, lang),
        alt=_alt(journey, layout, loads, highlight_route, lang), presentation=presentation,
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, width=width, height=fig_h)
    source_note = look["annotations"][-1]
    source_note["font"]["size"] = fonts.small
    source_note["text"] = theme.plain(tm.wrap(source_note["text"], width - 48, fonts.small,
                                              max_lines=1).text)
    notes = frame_notes + card_notes + line_notes + legend_notes
    if screen:  # the page names the journey; title and source line are for slides
        look["title"]["text"] = ""
    look["annotations"] = [] if screen else [source_note]  # the other texts: text traces
    look["meta"].update(fits=geometry.fits, title_px=round(title_h(presentation, screen)),
                        load_top=top)
    look.update({
        "shapes": frame_shapes + card_shapes + legend_shapes, "showlegend": False,
        "hovermode": "closest", "dragmode": False,
        "xaxis": {"visible": False, "range": [0, width], "fixedrange": True},
        "yaxis": {"visible": False, "range": [fig_h, 0], "fixedrange": True}})
    words = _text_traces(notes)
    traces = [*line_traces, *words, _transition_trace(journey, geometry, placed, lang),
              _step_trace(journey, geometry, placed, lang), *legend_traces]
    # Built without plotly's per-property validation (``_validate=False``): validating a few
    # hundred shapes and notes costs more than laying the map out; tests validate the same
    # output with ``go.Figure(fig.to_dict())``.
    return go.Figure(data=traces, layout=look, _validate=False)


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
