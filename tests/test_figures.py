"""The shared figures: exact positions, loads, styles and numbers on small hand-made journeys.

The main journey (loads by hand, see ``journeys.load``; transition barriers count at the step
they lead to, as in ``journeys.analysis``)::

    seek                     apply                                   use
    letter (jobcenter, 4) ──▶ form (family, 1) ──▶ proof (family) ──referral──▶ join (club, 3)
      │                        └──▶ give-up (family, dropout) ──return──▶ letter      ▲
      └──alternative──▶ ask (neighbour, 2) ──handoff────────────────────────────────┘

    letter 4 × 0.5 = 2.0; form 3 × 4/10 = 1.2; proof 1.0; ask 0; give-up 0;
    join 2.0 (own) + 1.0 (ask → join) + 3.0 (proof → join) = 6.0.
    Routes: letter, ask, join = 2 + 1 + 2 = 5.0; letter, form, proof, join = 9.2.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import math
import re
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings

from journeys import figures
from journeys.analysis import analyze
from journeys.compare import compare_journeys
from journeys.figures import text_metrics as tm
from journeys.figures import theme
from journeys.figures.comparisons import OTHERS, TOP_GROUPS, TOP_KEYS, _portfolio
from journeys.figures.journey_map import KIND_STYLE, ROUTE_COLOUR, focus_journey, map_geometry
from journeys.figures.placement import card_layout
from journeys.formats import load_journey
from journeys.hotspots import hotspots, portfolio_hotspots
from models import Journey, parse_journey
from tests.conftest import SAMPLES
from tests.strategies import journeys as random_journeys

JOURNEY = {
    "id": "club", "title": "Child joins a club", "language": "en", "region": "Everswinkel",
    "stages": [{"id": "seek", "label": "Seek"}, {"id": "apply", "label": "Apply"},
               {"id": "use", "label": "Use"}],
    # file order deliberately not by level: lanes must still run 1 (top) .. 4 (bottom)
    "actors": [{"id": "jobcenter", "label": "Jobcenter", "level": 4},
               {"id": "family", "label": "Household", "level": 1},
               {"id": "club", "label": "Sports club", "level": 3},
               {"id": "neighbour", "label": "Neighbour", "level": 2}],
    "steps": [
        {"id": "letter", "label": "Reads the notice", "stage": "seek", "actor": "jobcenter",
         "reached": 20, "emotion": 2,
         "barriers": [{"category": "information", "severity": 4, "affected": 0.5,
                       "description": "BuT only in the small print"}]},
        {"id": "ask", "label": "Asks the neighbour", "stage": "seek", "actor": "neighbour"},
        {"id": "form", "label": "Fills in the form", "stage": "apply", "actor": "family",
         "reached": 10, "emotion": 1,
         "barriers": [{"category": "forms", "severity": 3, "affected": 4}]},
        {"id": "proof", "label": "Sends the proof", "stage": "apply", "actor": "family",
         "emotion": 3, "barriers": [{"category": "digital", "severity": 1}]},
        {"id": "give-up", "label": "Gives up", "stage": "apply", "actor": "family",
         "outcome": "dropout"},
        {"id": "join", "label": "Child trains at the club", "stage": "use", "actor": "club",
         "outcome": "goal", "reached": 5, "emotion": 5,
         "barriers": [{"category": "cost", "severity": 2}]},
    ],
    "transitions": [
        {"from": "letter", "to": "form"},
        {"from": "letter", "to": "ask", "kind": "alternative"},
        {"from": "ask", "to": "join", "kind": "handoff", "data_transfer": "verbal",
         "barriers": [{"category": "trust", "severity": 1}]},
        {"from": "form", "to": "proof", "count": 6},
        {"from": "proof", "to": "join", "kind": "referral", "data_transfer": "paper",
         "barriers": [{"category": "handoff", "severity": 3}]},
        {"from": "form", "to": "give-up", "count": 4},
        {"from": "give-up", "to": "letter", "kind": "return"},
    ],
}
LOADS = {"letter": 2.0, "ask": 0.0, "form": 1.2, "proof": 1.0, "give-up": 0.0, "join": 6.0}
POSITIONS = {"letter": (0, 3), "ask": (1, 1), "form": (2, 0), "proof": (3, 0),
             "give-up": (4, 0), "join": (5, 2)}
"""(slot, lane): "ask" follows "letter" in the same stage, so it takes the next slot."""
MAP_ORDER = ["letter", "ask", "form", "proof", "give-up", "join"]


@pytest.fixture
def journey() -> Journey:
    return parse_journey(copy.deepcopy(JOURNEY))


def trace(fig: go.Figure, name: str):
    return next(t for t in fig.data if t.name == name)


def card_notes(fig: go.Figure) -> list[SimpleNamespace]:
    """The map's words (points of its text traces: on the cards, lanes, stages, lines and in
    the legend) as the annotations they stand for: name ``kind:what``, text, anchor point and
    anchors, font size."""
    notes = []
    for t in fig.data:
        if t.mode != "text":
            continue
        vertical, horizontal = t.textposition.split()
        size = t.textfont.size
        yanchor = {"bottom": "top", "middle": "middle", "top": "bottom"}[vertical]
        shift = {"top": 1 + 0.155 * size, "middle": 0.0965 * size, "bottom": 0.038 * size - 1}
        for text, what, x, y in zip(t.text, t.customdata, t.x, t.y, strict=True):
            notes.append(SimpleNamespace(
                name=f"{t.name}:{what}", text=text, font=SimpleNamespace(size=size),
                x=x - 1 if horizontal == "right" else x, y=y - shift[yanchor],
                xanchor="left" if horizontal == "right" else "center", yanchor=yanchor))
    return notes


def annotation(fig: go.Figure, name: str):
    return next(a for a in [*fig.layout.annotations, *card_notes(fig)] if a.name == name)


def card_words(fig: go.Figure, kind: str, step: str) -> list[str]:
    """The texts of one kind on a step's card (``label``, ``load``, ``chip``, ``fact``,
    ``mark``), in order."""
    return [note.text for note in card_notes(fig) if note.name == f"{kind}:{step}"]


def steps_of(fig: go.Figure) -> dict[str, int]:
    """Step id → point index in the step trace."""
    return {s: i for i, s in enumerate(trace(fig, figures.STEP_TRACE).customdata)}


def assert_shared_look(fig: go.Figure, lang: str) -> None:
    """Title, 16:9 size, source line last, number format, alt text, and a valid figure.

    The journey map draws its own legend (text it measures, so nothing overlaps) and grows
    taller than the slide rather than shrinking its type when a journey does not fit."""
    layout = fig.layout
    is_map = any(t.name == figures.STEP_TRACE for t in fig.data)
    assert layout.width == 1600 and (layout.height == 900 or (is_map and layout.height > 900))
    assert layout.title.text.startswith("<b>")
    assert layout.annotations[-1].name == "source"
    assert layout.annotations[-1].text.startswith("Quelle" if lang == "de" else "Source")
    assert layout.separators == (",." if lang == "de" else ".,")
    assert layout.meta["lang"] == lang and figures.alt_text(fig)
    assert layout.showlegend is not False or any(
        (a.name or "").startswith("legend:") for a in map_texts(fig))
    # plotly's full validation accepts what we built, and changes nothing (the map is built
    # without it, so what plotly.js gets must already be in its final form)
    assert go.Figure(fig.to_dict()).to_dict() == fig.to_dict()


# -- the journey map ------------------------------------------------------------------


def test_layout_places_steps_in_stage_slots_and_level_lanes(journey):
    layout = figures.map_layout(journey)
    assert layout.lanes == ["family", "neighbour", "club", "jobcenter"]
    assert layout.positions == POSITIONS
    assert layout.stage_spans == {"seek": (0, 2), "apply": (2, 3), "use": (5, 1)}
    assert layout.slots == 6


def test_cards_sit_in_stage_columns_and_level_lanes(journey):
    """The map's cards: a stage has as many columns as its fullest cell has steps; steps of
    one cell sit side by side in route order, other lanes may share a column."""
    layout = card_layout(journey)
    assert layout.lanes == ["family", "neighbour", "club", "jobcenter"]
    assert layout.positions == {"letter": (0, 3), "ask": (0, 1), "form": (1, 0),
                                "proof": (2, 0), "give-up": (3, 0), "join": (4, 2)}
    assert layout.stage_spans == {"seek": (0, 1), "apply": (1, 3), "use": (4, 1)}


def card_boxes(fig: go.Figure) -> dict[str, tuple[float, float, float, float]]:
    """Step id → (x0, y0, x1, y1) of its card (the axes are the figure's px)."""
    return {s.name.split(":", 1)[1]: (s.x0, s.y0, s.x1, s.y1) for s in fig.layout.shapes
            if (s.name or "").startswith("card:")}


def test_map_cards_are_one_clickable_trace_at_the_card_middles(journey):
    fig = figures.journey_map(journey, lang="en")
    steps, boxes = trace(fig, figures.STEP_TRACE), card_boxes(fig)
    assert list(steps.customdata) == [s["id"] for s in JOURNEY["steps"]]
    for index, step in enumerate(steps.customdata):
        x0, y0, x1, y1 = boxes[step]
        assert (steps.x[index], steps.y[index]) == (pytest.approx((x0 + x1) / 2),
                                                    pytest.approx((y0 + y1) / 2))
    lanes = [a.name.split(":", 1)[1] for a in map_texts(fig)
             if (a.name or "").startswith("lane:")]
    assert lanes == ["family", "neighbour", "club", "jobcenter"]
    ys = {step: box[1] for step, box in boxes.items()}
    assert ys["form"] < ys["ask"] < ys["join"] < ys["letter"]  # level 1 on top … 4 below
    assert boxes["form"][2] <= boxes["proof"][0] <= boxes["give-up"][0]  # route order
    assert_shared_look(fig, "en")


def test_map_card_shows_load_badge_chips_facts_and_outcome_frame(journey):
    fig = figures.journey_map(journey, lang="en")
    assert card_words(fig, "label", "join") == ["Child trains at the club"]
    assert card_words(fig, "load", "form") == ["1.2"] and card_words(fig, "load", "ask") == ["0"]
    assert card_words(fig, "chip", "join") == ["Handoff 3", "Cost 2", "Trust 1"]  # heaviest 1st
    assert card_words(fig, "fact", "letter") == ["20 reached", "feeling 2/5"]
    assert card_words(fig, "mark", "join") == ["★"] and card_words(fig, "mark", "give-up") == ["✖"]
    frames = {s.name: s.line for s in fig.layout.shapes if (s.name or "").startswith("card:")}
    assert frames["card:join"].dash == "solid" and frames["card:give-up"].dash == "dash"
    assert frames["card:join"].color != frames["card:form"].color
    # the badge's colour is the load scale's, on a scale from 0 to the top load (6)
    badge = next(s for s in fig.layout.shapes
                 if s.fillcolor == theme.load_colour(LOADS["join"], 6))
    assert badge.x1 - badge.x0 < card_boxes(fig)["join"][2] - card_boxes(fig)["join"][0]


def test_map_card_sums_up_more_than_three_barriers():
    doc = copy.deepcopy(JOURNEY)
    doc["steps"][0]["barriers"] += [{"category": c, "severity": 2}
                                    for c in ("forms", "cost", "trust", "stigma")]
    fig = figures.journey_map(parse_journey(doc), lang="de")
    assert card_words(fig, "chip", "letter") == ["Information 4", "Formulare 2", "Kosten 2", "+2"]


def path_points(line) -> list[list[tuple[float, float]]]:
    """The points of each path in a line trace (paths are separated by None)."""
    parts: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(line.x, line.y, strict=True):
        if x is None:
            parts.append([])
        else:
            parts[-1].append((x, y))
    return [p for p in parts if p]


def test_map_lines_differ_by_kind_in_dash_and_end_in_arrows(journey):
    fig = figures.journey_map(journey, lang="en")
    dashes = {kind: trace(fig, kind).line.dash for kind in KIND_STYLE}
    assert dashes == {"next": "solid", "alternative": "dashdot", "handoff": "dash",
                      "referral": "dot", "return": "solid"}
    for kind in KIND_STYLE:
        heads = trace(fig, f"{kind} arrows")  # one arrow head per line, at its end,
        paths = path_points(trace(fig, kind))  # turned along its last step
        assert list(zip(heads.x, heads.y, strict=True)) == [path[-1] for path in paths]
        for path, angle in zip(paths, heads.marker.angle, strict=True):
            (x0, y0), (x1, y1) = path[-2], path[-1]
            assert (round(math.sin(math.radians(angle)) * math.hypot(x1 - x0, y1 - y0), 6),
                    round(-math.cos(math.radians(angle)) * math.hypot(x1 - x0, y1 - y0), 6)
                    ) == (round(x1 - x0, 6), round(y1 - y0, 6))
        assert heads.marker.symbol == "arrow" and heads.marker.angleref == "up"
    legend = {a.text for a in map_texts(fig) if (a.name or "").startswith("legend:")}
    assert {"next step", "alternative", "handoff", "referral", "return (back)", "goal",
            "drop-out"} <= legend


def inside(point, box, margin=0.5) -> bool:
    x0, y0, x1, y1 = box
    return x0 + margin < point[0] < x1 - margin and y0 + margin < point[1] < y1 - margin


def test_map_lines_run_from_card_edge_to_card_edge_through_the_gutters(journey):
    doc = copy.deepcopy(JOURNEY)
    doc["transitions"].append({"from": "proof", "to": "proof", "kind": "return"})
    fig = figures.journey_map(parse_journey(doc), lang="en")
    boxes = card_boxes(fig)
    paths = [p for kind in KIND_STYLE for p in path_points(trace(fig, kind))]
    assert len(paths) == len(doc["transitions"])
    starts = {(round(p[0][0], 3), round(p[0][1], 3)) for p in paths}
    for path in paths:
        right_edges = [s for s, b in boxes.items() if path[0][0] == pytest.approx(b[2])]
        left_edges = [s for s, b in boxes.items() if path[-1][0] == pytest.approx(b[0])]
        assert right_edges and left_edges  # leaves on the right, enters on the left
        for a, b in itertools.pairwise(path):  # densely sampled: no point inside a card
            for t in (0.25, 0.5, 0.75):
                point = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                assert not any(inside(point, box) for box in boxes.values()), point
    assert len(starts) == len(paths)  # no two lines leave at one point


def test_map_transition_label_names_data_transfer_and_barriers(journey):
    fig = figures.journey_map(journey, lang="de")
    notes = {a.name: a for a in map_texts(fig) if a.name}
    assert notes["transition:proof>join"].text == "Papier · Übergabe 3"
    assert notes["transition:ask>join"].text == "mündlich · Vertrauen 1"
    assert "transition:letter>form" not in notes
    # the label sits in the gutter above the target's lane, clear of every card
    label = notes["transition:proof>join"]
    join = card_boxes(fig)["join"]
    assert label.y < join[1]
    assert all(not inside((label.x + 2, label.y + 2), box)
               for box in card_boxes(fig).values())


def test_map_hover_lists_the_barriers_of_a_step(journey):
    fig = figures.journey_map(journey, lang="en")
    steps = trace(fig, figures.STEP_TRACE)
    join = steps.hovertext[steps_of(fig)["join"]]
    assert "Barrier load: 6" in join
    for category in ("Cost & advance payment", "Trust & fear", "Handoffs & data transfer"):
        assert category in join
    assert "on the way from “Sends the proof”" in join
    letter = steps.hovertext[steps_of(fig)["letter"]]
    assert "Information / awareness (severity 4, 50% affected)" in letter
    assert "BuT only in the small print" in letter
    edge = trace(fig, "barrier on a transition")
    assert edge.showlegend is False
    point = [list(pair) for pair in edge.customdata].index(["proof", "join"])
    assert "Handoffs & data transfer" in edge.hovertext[point]
    assert "data: paper" in edge.hovertext[point]


def test_map_in_german_names_levels_and_formats_numbers(journey):
    fig = figures.journey_map(journey, lang="de", source=dt.date(2024, 3, 12))
    assert annotation(fig, "level:3").text == "<b>3 · Sozialraum</b>"
    assert "Bedarfsgemein" in annotation(fig, "level:1").text  # wrapped to the margin
    steps = trace(fig, figures.STEP_TRACE)
    form = steps.hovertext[steps_of(fig)["form"]]
    assert "Barrierelast: 1,2" in form and "Formulare & Nachweise" in form
    assert card_words(fig, "load", "form") == ["1,2"]
    legend = {a.text for a in map_texts(fig) if (a.name or "").startswith("legend:")}
    assert {"Übergabe", "Verweisung", "Rückweg", "Ziel", "Abbruch"} <= legend
    assert fig.layout.annotations[-1].text == \
        "Quelle: Nutzerreise „Child joins a club“ · Stand 12.03.2024"
    assert fig.layout.title.text == "<b>Nutzerreise: Child joins a club</b>"
    assert_shared_look(fig, "de")


def test_map_highlights_route_and_selected_step(journey):
    route = ["letter", "ask", "join"]
    fig = figures.journey_map(journey, lang="en", highlight_route=route, selected="form")
    underlay = path_points(trace(fig, "route"))
    boxes = card_boxes(fig)
    assert len(underlay) == 2
    assert underlay[0][0][0] == pytest.approx(boxes["letter"][2])
    assert underlay[-1][-1][0] == pytest.approx(boxes["join"][0])
    halos = [s for s in fig.layout.shapes if s.fillcolor == ROUTE_COLOUR]
    assert len(halos) == 3
    rings = [s for s in fig.layout.shapes if s.line and s.line.color == theme.INK
             and s.line.width == 3]
    assert len(rings) == 1 and rings[0].x0 < boxes["form"][0]
    assert "route has 3 steps" in figures.alt_text(fig)
    # exports show no app state: without ``selected`` there is no ring
    plain = figures.journey_map(journey, lang="en", highlight_route=route)
    assert not [s for s in plain.layout.shapes if s.line and s.line.color == theme.INK
                and s.line.width == 3]


def test_map_mitigated_barriers_are_struck_through_and_not_counted(journey):
    fig = figures.journey_map(journey, lang="en", mitigated=["step:letter:0",
                                                             "transition:proof>join:0"])
    steps, index = trace(fig, figures.STEP_TRACE), steps_of(fig)
    assert annotation(fig, "load:letter").text == "0"
    assert annotation(fig, "load:join").text == "3"
    assert "<s>" in steps.hovertext[index["letter"]]
    assert "Barrier load: 3 (before: 6)" in steps.hovertext[index["join"]]
    assert figures.step_loads(journey, ["step:letter:0"])["letter"] == 0


def test_map_fixed_colour_scale_colours_equal_loads_alike(journey):
    """What-if: with the scale's top fixed, a load of 3 looks the same before and after."""
    before = figures.journey_map(journey, lang="en", load_top=6)
    after = figures.journey_map(journey, lang="en", mitigated=["transition:proof>join:0"],
                                load_top=6)
    colour = theme.load_colour(3, 6)
    assert any(s.fillcolor == colour for s in after.layout.shapes)  # join, now 3
    assert theme.load_colour(LOADS["letter"], 6) in {s.fillcolor for s in before.layout.shapes}
    assert theme.load_colour(LOADS["letter"], 6) in {s.fillcolor for s in after.layout.shapes}


def test_map_stacks_several_steps_of_one_cell_side_by_side():
    doc = copy.deepcopy(JOURNEY)
    doc["steps"] += [{"id": f"extra-{i}", "label": f"Extra {i}", "stage": "apply",
                      "actor": "family"} for i in range(3)]
    doc["transitions"] += [{"from": "letter", "to": f"extra-{i}"} for i in range(3)]
    positions = figures.map_layout(parse_journey(doc)).positions
    assert len(set(positions.values())) == len(positions)
    assert (positions["form"], positions["proof"], positions["give-up"]) == ((2, 0), (3, 0),
                                                                             (4, 0))
    assert {positions[f"extra-{i}"] for i in range(3)} == {(5, 0), (6, 0), (7, 0)}
    cards = card_layout(parse_journey(doc)).positions
    assert len(set(cards.values())) == len(cards)


def test_map_alt_text_and_table_carry_the_same_numbers(journey):
    fig = figures.journey_map(journey, lang="en")
    assert "“Child trains at the club” (6: Cost & advance payment)" in figures.alt_text(fig)
    table = figures.journey_map_table(journey, lang="en")
    assert list(table["Step"]) == [JOURNEY["steps"][[s["id"] for s in JOURNEY["steps"]]
                                                   .index(s)]["label"] for s in MAP_ORDER]
    shown = {s: float(annotation(fig, f"load:{s}").text) for s in MAP_ORDER}
    assert list(table["Barrier load"]) == [shown[s] for s in MAP_ORDER]
    assert table.loc[table["Step"] == "Reads the notice", "Leads to"].item() == \
        "Fills in the form (next step); Asks the neighbour (alternative)"
    assert table.loc[table["Step"] == "Gives up", "Outcome"].item() == "drop-out"


def test_map_presentation_mode_enlarges_type(journey):
    plain = figures.journey_map(journey, lang="en", height=None)
    large = figures.journey_map(journey, lang="en", height=None, presentation=True)
    assert annotation(large, "label:form").font.size > annotation(plain, "label:form").font.size


def map_texts(fig: go.Figure) -> list:
    return [a for a in [*fig.layout.annotations, *card_notes(fig)] if a.name != "source"]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_map_of_every_sample_is_readable_uncut_and_clear_of_lines(path):
    """At the slide's and the app's widths: no text under 14 px once shown 1280 px wide, no
    label of up to 90 characters cut, no two texts overlapping (by real text widths), no line
    through a text or a card; a map too large for the height grows instead of shrinking."""
    journey = load_journey(path)
    for width, height in ((1600, 900), (1240, None), (1880, 1000)):
        fig = figures.journey_map(journey, lang="de", width=width, height=height)
        assert fig.layout.width == width and fig.layout.height >= (height or 0)
        least = 14 * width / 1280
        sizes = [a.font.size for a in map_texts(fig)]
        assert min(sizes) >= least - 0.01, (width, min(sizes))
        for step in journey.steps:
            label = annotation(fig, f"label:{step.id}").text
            if len(step.label) <= 90:
                assert "…" not in label
                assert re.sub(r"-<br>|<br>", lambda m: "" if m.group() == "-<br>" else " ",
                              label).replace("&amp;", "&") in (
                    step.label, step.label.replace("-", "")), label
        notes = map_texts(fig)
        lines = [(i, box) for i, note in enumerate(notes) for box in text_boxes(note)]
        for (i, a), (j, b) in itertools.combinations(lines, 2):
            assert i == j or not overlap(a, b), (notes[i].text, notes[j].text)
        boxes = [box for _, box in lines]
        cards = card_boxes(fig)
        for kind in KIND_STYLE:
            if not any(t.name == kind for t in fig.data):
                continue
            for path_ in path_points(trace(fig, kind)):
                for a, b in itertools.pairwise(path_):
                    for t in (0.1, 0.3, 0.5, 0.7, 0.9):
                        point = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                        assert not any(inside(point, box) for box in cards.values())
                        assert not any(inside(point, box, 0) for box in boxes), point
        assert go.Figure(fig.to_dict()).to_dict() == fig.to_dict()


def text_boxes(note) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) of each line of an annotation's text by the font's real widths."""
    bold = note.text.startswith("<b>")
    lines = re.sub(r"</?b>", "", note.text).replace("&amp;", "&").replace(
        "&lt;", "<").split("<br>")
    size, line_h = note.font.size, tm.line_height(note.font.size)
    widths = [tm.width(line, size, bold) for line in lines]
    h = len(lines) * line_h
    y0 = note.y - (h / 2 if note.yanchor == "middle" else h if note.yanchor == "bottom" else 0)
    boxes = []
    for index, w in enumerate(widths):
        x0 = note.x - (w / 2 if note.xanchor == "center" else 0)
        boxes.append((x0, y0 + index * line_h, x0 + w, y0 + (index + 1) * line_h))
    return boxes


def overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def test_map_height_grows_with_the_lanes(journey):
    doc = copy.deepcopy(JOURNEY)
    doc["actors"].append({"id": "school", "label": "School", "level": 3})
    doc["steps"].append({"id": "teacher", "label": "Teacher tells", "stage": "seek",
                         "actor": "school"})
    four = figures.journey_map(journey, lang="en", width=1240, height=None)
    five = figures.journey_map(parse_journey(doc), lang="en", width=1240, height=None)
    assert five.layout.height > four.layout.height
    fixed = figures.journey_map(journey, lang="en", width=1240, height=700)
    assert (fixed.layout.width, fixed.layout.height) == (1240, 700)
    assert fixed.layout.meta["fits"] is True


def test_map_too_large_says_so_and_a_focus_fits(journey):
    big = parse_journey(large_journey(40, 9))
    geometry = map_geometry(big, lang="en", width=1240, height=560)
    assert not geometry.fits and geometry.fonts.label >= 14 and geometry.height > 560
    first = {s.id for s in big.steps if s.stage in ("s0", "s1")}
    part = focus_journey(big, first)
    assert {s.id for s in part.steps} == first
    assert all(t.from_ in first and t.to in first for t in part.transitions)


def large_journey(steps: int, actors: int) -> dict:
    """A generated journey: ``steps`` steps over ``actors`` actors and five stages."""
    return {
        "id": "big", "title": "Big", "language": "en",
        "stages": [{"id": f"s{i}", "label": f"Stage {i}"} for i in range(5)],
        "actors": [{"id": f"a{i}", "label": f"Actor number {i}", "level": 1 + i % 4}
                   for i in range(actors)],
        "steps": [{"id": f"p{i}", "label": f"Step {i} fills in a form for the club fees",
                   "stage": f"s{i * 5 // steps}", "actor": f"a{i % actors}",
                   "barriers": [{"category": "forms", "severity": 1 + i % 5}],
                   **({"outcome": "goal"} if i == steps - 1 else {})} for i in range(steps)],
        "transitions": [{"from": f"p{i}", "to": f"p{i + 1}"} for i in range(steps - 1)],
    }


def test_step_at_reads_a_click_on_the_map():
    event = {"selection": {"points": [{"customdata": ["ask", "join"]}, {"customdata": "form"}]}}
    assert figures.step_at(event) == "form"
    assert figures.step_at({"selection": {"points": []}}) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_journeys(max_steps=10))
def test_map_layout_never_overlaps_and_flows_left_to_right(journey):
    layout = figures.map_layout(journey)
    assert len(set(layout.positions.values())) == len(journey.steps)
    levels = [journey.actors_by_id[a].level for a in layout.lanes]
    assert levels == sorted(levels)
    for step in journey.steps:
        first, width = layout.stage_spans[step.stage]
        x, lane = layout.positions[step.id]
        assert first <= x < first + width and layout.lanes[lane] == step.actor
    for t in journey.transitions:
        same_stage = journey.steps_by_id[t.from_].stage == journey.steps_by_id[t.to].stage
        if t.kind != "return" and same_stage:
            assert layout.positions[t.from_][0] < layout.positions[t.to][0]
    cards = card_layout(journey).positions
    assert len(set(cards.values())) == len(journey.steps)
    fig = figures.journey_map(journey, lang="de")
    go.Figure(fig.to_dict())
    boxes = list(card_boxes(fig).values())
    for a, b in itertools.combinations(boxes, 2):
        assert not overlap(a, b)


# -- heatmap, funnel, emotion -----------------------------------------------------------


def test_heatmap_z_values_are_the_register_loads(journey):
    fig = figures.heatmap(journey, lang="en")
    heat = fig.data[0]
    # category names are text, escaped for plotly (plotly shows "&amp;" as "&")
    assert list(heat.x) == ["Information /<br>awareness", "Forms &amp; proofs",
                            "Digital access", "Cost &amp; advance<br>payment",
                            "Trust &amp; fear", "Handoffs &amp;<br>data transfer"]
    assert [list(row) for row in heat.z] == [
        [2.0, None, None, None, None, None],     # letter
        [None] * 6,                              # ask
        [None, 1.2, None, None, None, None],     # form
        [None, None, 1.0, None, None, None],     # proof
        [None] * 6,                              # give-up
        [None, None, None, 2.0, 1.0, 3.0],       # join
    ]
    assert heat.texttemplate == "%{z:.1f}"
    assert "“Child trains at the club” × Handoffs & data transfer (3)" in figures.alt_text(fig)
    table = figures.heatmap_table(journey, lang="en")
    assert list(table.columns) == ["Step", "Information / awareness", "Forms & proofs",
                                   "Digital access", "Cost & advance payment", "Trust & fear",
                                   "Handoffs & data transfer", "Total"]
    assert list(table["Total"]) == [2.0, 0.0, 1.2, 1.0, 0.0, 6.0]
    assert_shared_look(fig, "en")


def test_heatmap_colour_bar_title_stays_clear_of_the_top_value(journey):
    bar = figures.heatmap(journey, lang="de").data[0].colorbar
    assert (bar.title.text, bar.title.side) == ("Barrierelast", "top")
    assert bar.ticklabelposition == "outside bottom"  # "6" sits below its tick, not above


def test_heatmap_in_german(journey):
    fig = figures.heatmap(journey, lang="de")
    assert "Formulare &amp;<br>Nachweise" in fig.data[0].x  # text escaped for plotly
    assert figures.heatmap_table(journey, lang="de").columns[0] == "Schritt"
    assert_shared_look(fig, "de")


def test_funnel_follows_the_most_travelled_route(journey):
    assert figures.main_route(journey) == ["letter", "form", "proof", "join"]
    fig = figures.funnel(journey, lang="de")
    bars = fig.data[0]
    assert list(bars.x) == [20, 10, 6, 5]
    assert list(bars.text) == ["20 (100 %)", "10 (50 %)", "6 (30 %)", "5 (25 %)"]
    drops = [a.text for a in fig.layout.annotations if a.name != "source"]
    assert drops == ["↘ 4 steigen hier aus (40 %)"]
    assert "Die meisten steigen bei „Fills in the form“ aus (4)" in figures.alt_text(fig)
    table = figures.funnel_table(journey, lang="de")
    assert list(table["Erreichte Personen"]) == list(bars.x)
    assert list(table["Anteil am Start"]) == [1.0, 0.5, 0.3, 0.25]
    assert table["Steigen hier aus"][1] == 4
    assert_shared_look(fig, "de")


def test_funnel_without_numbers_is_none_with_a_message():
    doc = copy.deepcopy(JOURNEY)
    for step in doc["steps"]:
        step.pop("reached", None)
    for transition in doc["transitions"]:
        transition.pop("count", None)
    journey = parse_journey(doc)
    assert figures.funnel(journey, lang="en") is None
    assert figures.funnel_table(journey, lang="en") is None
    assert figures.FIGURES["funnel"](journey, "en") is None
    assert "`reached`" in figures.no_data_message("funnel", "en")
    assert figures.no_data_message("funnel", "de").startswith("Noch keine Zahlen")


def test_emotion_curve_along_the_least_barrier_route(journey):
    fig = figures.emotion_curve(journey, lang="en")
    line, bars = fig.data
    assert list(line.y) == [2, None, 5]
    assert list(line.text) == ["2", "", "5"]
    assert list(bars.y) == [2.0, 0.0, 3.0]  # join: own 2 + the handoff taken (1), not 3
    assert line.marker.symbol[0] != line.marker.symbol[2]
    assert fig.layout.yaxis.ticktext[0] == "1 very bad"
    assert "lowest feeling (2 of 5) is at “Reads the notice”" in figures.alt_text(fig)
    table = figures.emotion_table(journey, lang="en")
    assert [None if pd.isna(v) else v for v in table["Feeling (1–5)"]] == [2, None, 5]
    assert list(table["Barrier load"]) == list(bars.y)
    assert_shared_look(fig, "en")


def test_emotion_curve_on_a_given_route_and_without_emotions(journey):
    fig = figures.emotion_curve(journey, ["letter", "form", "proof", "join"], lang="de")
    assert list(fig.data[0].y) == [2, 1, 3, 5]
    assert list(fig.data[1].y) == [2.0, 1.2, 1.0, 5.0]
    assert fig.layout.yaxis.ticktext[4] == "5 sehr gut"
    doc = copy.deepcopy(JOURNEY)
    for step in doc["steps"]:
        step.pop("emotion", None)
    assert figures.emotion_curve(parse_journey(doc), lang="en") is None


# -- analysis charts ------------------------------------------------------------------


def test_bottleneck_bars_add_up_to_the_score(journey):
    analysis = analyze(journey, lang="en")
    fig = figures.bottleneck_chart(analysis, journey, lang="en", top=3)
    ranked = [b for b in analysis.bottlenecks if b.score > 0][:3]
    bars = [t for t in fig.data if t.type == "bar"]
    for i, item in enumerate(ranked):
        assert sum(bar.x[i] for bar in bars) == pytest.approx(item.score, abs=1e-3)
    totals = next(t for t in fig.data if t.type == "scatter")
    assert list(totals.x) == [b.score for b in ranked]
    assert ranked[0].label in figures.alt_text(fig)
    table = figures.bottleneck_table(analysis.bottlenecks, journey, lang="en", top=3)
    assert list(table["Score"]) == [b.score for b in ranked]
    assert list(table["barrier load"]) == list(bars[0].x)
    assert_shared_look(fig, "en")


def test_bottleneck_chart_marks_unavoidable_steps_and_is_none_without_any(journey):
    fig = figures.bottleneck_chart(None, journey, lang="de")
    labels = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert list(fig.data[0].y) == list(labels)  # rows by step id: equal names never merge
    assert labels["letter"] == "● Reads the notice" and labels["form"] == "Fills in the form"
    assert trace(fig, "alle Wege führen hier durch").marker.symbol == "circle"  # the key
    bare = parse_journey({"id": "bare", "title": "Bare", "language": "en",
                          "stages": [{"id": "s", "label": "S"}],
                          "actors": [{"id": "a", "label": "A", "level": 1}],
                          "steps": [{"id": "g", "label": "G", "stage": "s", "actor": "a",
                                     "outcome": "goal"}]})
    assert figures.bottleneck_chart(None, bare, lang="en") is None
    assert figures.no_data_message("bottlenecks", "en").startswith("No bottlenecks")


def test_routes_chart_stacks_load_by_level(journey):
    fig = figures.routes_chart(journey, analyze(journey), lang="en")
    parts = {t.name: list(t.x) for t in fig.data if t.type == "bar"}
    assert parts == {"1 · Household / person": [0.0, 2.2],
                     "3 · Social space": [3.0, 5.0], "4 · Institutions": [2.0, 2.0]}
    assert list(next(t for t in fig.data if t.type == "scatter").x) == [5.0, 9.2]
    table = figures.routes_table(journey, None, lang="en")
    assert list(table["Total load"]) == [5.0, 9.2]
    assert list(table["3 · Social space"]) == [3.0, 5.0]
    by_actor = figures.routes_chart(journey, None, lang="en", by="actor")
    assert {t.name for t in by_actor.data if t.type == "bar"} == {
        "Household", "Sports club", "Jobcenter"}
    assert_shared_look(fig, "en")


def test_routes_chart_flags_subsidiarity():
    flagged = parse_journey({
        "id": "help", "title": "Finding childcare", "language": "de",
        "stages": [{"id": "s", "label": "S"}],
        "actors": [{"id": "me", "label": "Mutter", "level": 1},
                   {"id": "friend", "label": "Nachbarin", "level": 2},
                   {"id": "office", "label": "Jugendamt", "level": 4}],
        "steps": [{"id": "need", "label": "Braucht Betreuung", "stage": "s", "actor": "me"},
                  {"id": "friend", "label": "Fragt die Nachbarin", "stage": "s",
                   "actor": "friend", "barriers": [{"category": "trust", "severity": 2}]},
                  {"id": "office", "label": "Geht zum Jugendamt", "stage": "s",
                   "actor": "office", "barriers": [{"category": "capacity", "severity": 5}]},
                  {"id": "done", "label": "Betreut", "stage": "s", "actor": "me",
                   "outcome": "goal"}],
        "transitions": [{"from": "need", "to": "friend"}, {"from": "need", "to": "office"},
                        {"from": "friend", "to": "done"}, {"from": "office", "to": "done"}]})
    fig = figures.routes_chart(flagged, None, lang="de")
    labels = list(fig.data[0].y)
    assert labels[0].startswith("<b>Weg 1</b>") and labels[1].startswith("<b>⚠ Weg 2</b>")
    assert "1 Wege führen bis zu Institutionen" in figures.alt_text(fig)
    assert figures.routes_table(flagged, None, lang="de")["Hinweis Subsidiarität"][1]


def test_routes_chart_labels_say_which_way_each_route_goes(journey):
    small = f"<span style='font-size:{theme.SMALL_SIZE}px'>"
    fig = figures.routes_chart(journey, None, lang="en")
    assert list(fig.data[0].y) == [
        f"<b>Route 1</b><br>{small}3 steps, levels 2, 3, 4</span>"
        f"<br>{small}via Asks the neighbour</span>",
        f"<b>Route 2</b><br>{small}4 steps, levels 1, 3, 4</span>"
        f"<br>{small}via Fills in the form → Sends the proof</span>"]
    large = figures.routes_chart(journey, None, lang="en", presentation=True)
    size = theme.scaled(theme.LABEL_SIZE, True)
    assert large.layout.yaxis.tickfont.size == size > fig.layout.yaxis.tickfont.size
    assert f"font-size:{theme.scaled(theme.SMALL_SIZE, True)}px" in large.data[0].y[0]
    for label in large.data[0].y:  # no label runs past the left edge of the figure
        assert all(theme.text_width(re.sub(r"<[^>]+>", "", line), size)
                   < large.layout.margin.l for line in label.split("<br>"))


def test_routes_chart_labels_drop_the_way_when_routes_are_many(journey):
    routes = analyze(journey).routes
    fig = figures.routes_chart(journey, routes * 10, lang="en", presentation=True)
    assert len(fig.data[0].y) == 10  # the first 10 are shown, each in two lines
    assert fig.data[0].y[0] == ("<b>Route 1</b><br><span style='font-size:21px'>3 steps, "
                                "levels 2, 3, 4</span>")


# -- several journeys -----------------------------------------------------------------


def test_journeys_compared_shows_the_comparison_numbers(journey):
    doc = copy.deepcopy(JOURNEY)
    doc["id"], doc["region"] = "club-2", "Ennigerloh"
    doc["steps"][0]["barriers"].append({"category": "mobility", "severity": 5})
    other = parse_journey(doc)
    comparison = compare_journeys([journey, other], lang="de")
    fig = figures.journeys_compared([journey, other], lang="de")
    assert [t.name for t in fig.data] == ["Child joins a club (Everswinkel)",
                                          "Child joins a club (Ennigerloh)"]
    assert list(fig.data[0].y) == ["Übergänge &amp; Datenweitergabe",  # escaped for plotly
                                   "Mobilität &amp; Entfernung", "Kosten &amp; Vorleistung",
                                   "Information", "Formulare &amp; Nachweise",
                                   "Digitaler Zugang", "Vertrauen &amp; Angst"]
    assert list(fig.data[0].x) == [3.0, 0.0, 2.0, 2.0, 1.2, 1.0, 1.0]
    assert list(fig.data[1].x) == [3.0, 5.0, 2.0, 2.0, 1.2, 1.0, 1.0]
    assert comparison.findings[0] in figures.alt_text(fig)
    table = figures.journeys_compared_table([journey, other], lang="de")
    assert list(table["Child joins a club (Ennigerloh)"]) == list(fig.data[1].x)
    by_stage = figures.journeys_compared([journey, other], lang="en", by="stage")
    assert set(by_stage.data[0].y) == {"Seek", "Apply", "Use"}
    assert_shared_look(fig, "de")


def test_portfolio_chart_stacks_groups_by_level(journey):
    doc = copy.deepcopy(JOURNEY)
    doc["id"], doc["region"] = "club-2", "Ennigerloh"
    journeys = [journey, parse_journey(doc)]
    cells = portfolio_hotspots(journeys, group_by="region", by="level")
    fig = figures.portfolio_chart(cells, lang="de", by="level", group_by="region",
                                  journeys=journeys)
    bars = {t.name: list(t.x) for t in fig.data if t.type == "bar"}
    assert bars == {"3 · Sozialraum": [6.0, 6.0], "4 · Institution": [2.0, 2.0],
                    "1 · Bedarfsgemeinschaft / Person": [2.2, 2.2]}
    assert list(fig.data[0].y) == ["Ennigerloh", "Everswinkel"]  # equal load: by name
    assert "„Ennigerloh“ trägt die meiste (10,2), vor allem 3 · Sozialraum" in \
        figures.alt_text(fig)
    table = figures.portfolio_table(cells, lang="de", by="level", group_by="region")
    assert list(table["Summe"]) == [10.2, 10.2]
    assert_shared_look(fig, "de")


def test_portfolio_sums_the_smallest_keys_as_others():
    cells = {"A": {f"k{i}": float(i) for i in range(TOP_KEYS + 3)}, "B": {"k0": 1.0}}
    groups, keys, rows = _portfolio(cells)
    assert groups == ["A", "B"] and keys[-1] == OTHERS and len(keys) == TOP_KEYS + 1
    assert rows[0][OTHERS] == 0 + 1 + 2 and rows[1][OTHERS] == 1.0
    assert sum(rows[0].values()) == sum(range(TOP_KEYS + 3))


def test_portfolio_keeps_journeys_that_share_an_id_and_a_title_apart(journey):
    twin = parse_journey(copy.deepcopy(JOURNEY))
    cells = portfolio_hotspots([journey, twin], group_by="journey", by="level")
    assert list(cells) == ["club", "club (2)"]  # one group each, not one summed group
    assert cells["club"] == cells["club (2)"] == hotspots(journey, "level")
    fig = figures.portfolio_chart(cells, lang="en", by="level", group_by="journey",
                                  journeys=[journey, twin])
    assert list(fig.data[0].y) == ["club", "club (2)"]  # rows by key: never merged
    assert list(fig.layout.yaxis.ticktext) == ["Child joins a club (club)",
                                               "Child joins a club (club (2))"]
    assert list(next(t for t in fig.data if t.type == "scatter").x) == [10.2, 10.2]
    table = figures.portfolio_table(cells, lang="en", by="level", group_by="journey",
                                    journeys=[journey, twin])
    assert list(table["Journey"]) == list(fig.layout.yaxis.ticktext)


def test_portfolio_groups_that_read_the_same_get_their_key():
    cells = {"mother": {"1": 2.0}, "mum": {"1": 1.0}}
    doc = copy.deepcopy(JOURNEY)
    doc["actors"] += [{"id": "mother", "label": "Mother", "level": 1},
                      {"id": "mum", "label": "Mother", "level": 1}]
    fig = figures.portfolio_chart(cells, lang="en", by="level", group_by="actor",
                                  journeys=[parse_journey(doc)])
    assert list(fig.layout.yaxis.ticktext) == ["Mother (mother)", "Mother (mum)"]
    assert fig.data[0].marker.color == theme.LEVEL_COLOURS[1]  # a level keeps its colour


def test_portfolio_sums_the_smallest_groups_as_one_bar():
    cells = {f"g{i:02}": {"k": float(20 - i)} for i in range(TOP_GROUPS + 3)}
    groups, _, rows = _portfolio(cells)
    assert groups == [f"g{i:02}" for i in range(TOP_GROUPS)] + [OTHERS]
    assert rows[-1] == {"k": 20 - TOP_GROUPS + 19 - TOP_GROUPS + 18 - TOP_GROUPS}
    fig = figures.portfolio_chart(cells, lang="de", group_by="region")
    assert fig.layout.yaxis.ticktext[-1] == "Ø der 3 weiteren"  # the chart: their mean
    totals = list(next(t for t in fig.data if t.type == "scatter").x)
    assert totals == [20 - i for i in range(TOP_GROUPS)] + [19 - TOP_GROUPS]


# -- every figure of every sample -----------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_figure_of_every_sample_has_the_shared_look(path, lang):
    journey = load_journey(path)
    for name, build in figures.FIGURES.items():
        fig, table = build(journey, lang), figures.TABLES[name](journey, lang)
        assert (fig is None) == (table is None), name
        if fig is None:
            continue
        assert_shared_look(fig, lang)
        assert not re.search(r"\{\w+\}", figures.alt_text(fig)), name  # no unfilled slot
        assert len(table) > 0


def font_sizes(node, where: str = "") -> list[tuple[float, str]]:
    """Every font size a figure's dict sets (``font``, ``textfont``, ``tickfont``, and
    ``font-size`` in text markup), with where it is set; the template's defaults left out."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "template":
                continue
            inner = f"{where}/{node.get('name', key) if key in ('data', 'annotations') else key}"
            if key in ("font", "textfont", "tickfont") and isinstance(value, dict) \
                    and value.get("size") is not None:
                size = value["size"]
                found += [(s, inner) for s in (size if isinstance(size, list) else [size])]
            found += font_sizes(value, inner)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            name = value.get("name", index) if isinstance(value, dict) else index
            found += font_sizes(value, f"{where}[{name}]")
    elif isinstance(node, str):
        found += [(int(m), where) for m in re.findall(r"font-size:\s*(\d+)px", node)]
    return found


SLIDE_PT_PER_PX = 11 / 1600 * 72
"""A chart fills about 11 inches of a slide's width: a px of the 1600 px figure in points."""


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_presentation_type_reads_from_the_back_of_the_room(path):
    """On a slide (projector mode) no text is under 9 pt (letters 3 cm tall on a 3 m
    screen); only the numbers inside map markers and heatmap cells, which the marker or the
    cell bounds, may go down to 7 pt."""
    journey = load_journey(path)
    for name, build in figures.FIGURES.items():
        fig = build(journey, "de", presentation=True)
        if fig is None:
            continue
        for size, where in font_sizes(fig.to_dict()):
            inside = where.startswith(("/data[load]", "/data[0]/textfont")) and \
                name in ("map", "heatmap")
            assert size * SLIDE_PT_PER_PX >= (7 if inside else 9), (name, where, size)


def test_titles_that_would_run_off_the_figure_get_smaller():
    doc = copy.deepcopy(JOURNEY)
    doc["title"] = "Ein Kind aus einer Bedarfsgemeinschaft tritt mit BuT-Förderung dem " \
                   "Sportverein in Everswinkel bei"
    fig = figures.heatmap(parse_journey(doc), lang="de", presentation=True)
    title = re.sub(r"<[^>]+>", "", fig.layout.title.text)
    assert fig.layout.title.font.size < theme.scaled(theme.TITLE_SIZE, True)
    assert theme.text_width(title, fig.layout.title.font.size) * 1.08 <= theme.WIDTH
    assert title.endswith("Sportverein in Everswinkel bei")  # smaller, not cut


def test_source_line_names_journeys_and_revision():
    one = parse_journey(copy.deepcopy(JOURNEY))
    line = theme.source_line(one, dt.date(2024, 3, 12), "en")
    assert line["text"] == "Source: journey “Child joins a club” · as of 2024-03-12"
    assert line["yref"] == "paper" and line["yshift"] < 0
    # journeys are named as everywhere else (compare.distinct_names): apart, even as twins
    assert theme.source_text([one, one], None, "de") == (
        "Quelle: 2 Nutzerreisen (Child joins a club (club); Child joins a club (club (2)))")
    other = parse_journey({**copy.deepcopy(JOURNEY), "region": "Ennigerloh"})
    assert theme.source_text([one, other], None, "en") == (
        "Source: 2 journeys (Child joins a club (Everswinkel); Child joins a club (Ennigerloh))")
    assert theme.source_text(one, "Eigene Quelle", "de") == "Eigene Quelle"


def test_map_parts_cut_a_large_journey_into_runs_of_stages_that_fit():
    """A slide shows a part of a map too large for it, never the whole map shrunk."""
    from journeys.export.deck import journey_plan

    journey = load_journey(SAMPLES[0])
    parts = figures.map_parts(journey, lang="de", presentation=True)
    assert len(parts) > 1
    assert sorted(s for _, steps in parts for s in steps) == sorted(s.id for s in journey.steps)
    for _, steps in parts:
        assert map_geometry(focus_journey(journey, steps), lang="de", presentation=True).fits
    titles = [s.title for s in journey_plan(journey, lang="de").slides
              if getattr(s, "title", "").startswith("Nutzerreise (")]
    assert titles == [f"Nutzerreise ({i}/{len(parts)}): {name}"
                      for i, (name, _) in enumerate(parts, 1)]


def test_the_source_line_names_the_household_records_behind_the_numbers() -> None:
    from journeys.figures.theme import source_text
    from models import parse_journey
    from tests.conftest import TINY_JOURNEY

    observed = parse_journey({**TINY_JOURNEY, "extra": {"evidence": {
        "source": "from 30 household records, March–September 2025"}}})
    assert source_text(observed, None, "en") == (
        "Source: journey “Child joins a sports club” · from 30 household records, "
        "March–September 2025")
    assert source_text(parse_journey(TINY_JOURNEY), None, "en") == \
        "Source: journey “Child joins a sports club”"


def test_portfolio_chart_shows_the_other_groups_as_their_mean():
    """44 offers: the ten largest as bars, the other 34 as their mean per offer, so that
    their sum does not set the axis; the table keeps their exact sum."""
    cells = {f"offer-{i:02d}": {"forms": float(44 - i)} for i in range(44)}
    fig = figures.portfolio_chart(cells, lang="de", by="category", group_by="actor")
    bar = next(t for t in fig.data if t.type == "bar")
    rest = [float(44 - i) for i in range(TOP_GROUPS, 44)]
    assert list(bar.x) == [44.0 - i for i in range(TOP_GROUPS)] + [
        round(sum(rest) / len(rest), 4)]
    assert list(fig.layout.yaxis.ticktext)[-1] == "Ø der 34 weiteren"
    assert fig.layout.xaxis.range[1] < 44 * 1.2  # the named offers use the width
    assert re.sub(r"<[^>]+>", "", fig.layout.title.text) == "Barriere-Hotspots nach Angebot"
    table = figures.portfolio_table(cells, lang="de", by="category", group_by="actor")
    assert list(table["Angebot"])[-1] == "34 weitere"
    assert list(table["Summe"])[-1] == sum(rest)
