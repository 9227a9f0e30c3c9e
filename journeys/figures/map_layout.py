"""The journey map's geometry in pixels: cards in cells, gutters, lines, labels; no plotly.

Columns are the card columns of ``placement.card_layout`` (steps of one stage × actor cell
sit side by side in route order), rows are the actor lanes by resource level. Each step is a
card: its label wrapped in full, then tokens in rows (the load badge, up to three barrier
chips, "+n", and facts: people reached, feeling); all cards of a lane are as tall. Column
widths are shared out by how much text each column holds, so the lanes come out low. Lines
run through the gutters (``map_routing``), each on its own track, and a transition's label
sits in the gutter beside its line. ``arrange`` tries type sizes from the preferred one down
to the least allowed and returns the first layout that fits; one that never fits says so
(``fits``), laid out at the least size and as tall as it needs, never clipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from journeys.figures import text_metrics as tm
from journeys.figures.map_routing import Plan, plan_routes, rounded
from journeys.figures.text_metrics import Wrapped

Box = tuple[float, float, float, float]
"""x, y (top left), width, height in px; y grows downwards."""
Point = tuple[float, float]

CUT_AFTER = 90
"""Labels up to this many characters are never cut on a card; longer ones may end in "…"."""
LONG_LINES = 4
"""Lines a label longer than ``CUT_AFTER`` keeps on its card (the rest is in the hover)."""


@dataclass(frozen=True)
class CardText:
    """What a step's card says (plain text: the renderer escapes it for plotly)."""

    step: str
    label: str
    tokens: tuple[str, ...]
    """The load badge first, then barrier chips ("Formulare 4") and "+2"."""
    facts: tuple[str, ...] = ()
    """Plain facts after the chips ("30 erreicht", "Gefühl 2/5")."""
    mark: str = ""
    """A corner mark for a goal or drop-out ("★", "✖"), or ""."""


@dataclass(frozen=True)
class Fonts:
    """Type sizes in px: step labels, everything smaller (chips, facts, lane names); and
    how much of a card a projector shows when the whole map would not fit otherwise."""

    label: float
    small: float
    label_lines: int | None = None
    """At most this many lines of a label on a card (a compact card: the full label is in
    the hover and the selected-step panel), else the whole label (``CUT_AFTER``)."""
    side_badge: bool = False
    """The most compact card: the load badge left of the label, no chips (in the hover)."""

    @property
    def compact(self) -> bool:
        """A compact card also leaves out its facts (reached, feeling; in the hover)."""
        return self.label_lines is not None

    @property
    def pad(self) -> float:
        return round((0.25 if self.compact else 0.4) * self.small, 1)


@dataclass
class PlacedCard:
    text: CardText
    box: Box
    label: Wrapped
    label_at: Point
    tokens: list[tuple[Box, str]]
    """Badge, chips, then facts (``len(text.tokens)`` of them are badge and chips)."""
    mark_at: Point | None


@dataclass
class PlacedLine:
    source: str
    target: str
    points: list[Point]
    label_box: Box | None


@dataclass
class MapGeometry:
    """Everything the renderer draws, in px of a figure ``width`` × ``height``."""

    width: float
    height: float
    fonts: Fonts
    fits: bool
    cards: dict[str, PlacedCard]
    lines: list[PlacedLine]
    columns: list[tuple[float, float]]
    """x and width of each column (stage slot)."""
    rows: list[tuple[float, float]]
    """y and height of each row (lane)."""
    grid: Box
    """The area of cells and gutters."""


@dataclass(frozen=True)
class Frame:
    """The room around the grid: ``left`` for lane names, ``top`` for title and stage names,
    ``bottom`` for legend and source line, ``right`` a margin."""

    left: float
    top: float
    bottom: float
    right: float = 12


TRACK = 6.0
"""Px between neighbouring lines in a gutter."""
EDGE = 10.0
"""Px between a card and the nearest track (room for the arrow head)."""
TOKEN_GAP = 4.0


def _token_size(text: str, fonts: Fonts) -> tuple[float, float]:
    return (tm.width(text, fonts.small) + 2 * 0.35 * fonts.small,
            tm.line_height(fonts.small) + (0 if fonts.compact else 2))


def _flow(tokens: Sequence[str], room: float, fonts: Fonts) -> tuple[list[tuple[Box, str]], float]:
    """Tokens left to right in rows of ``room`` px; their boxes (relative) and the height."""
    placed, x, y, row_h = [], 0.0, 0.0, 0.0
    for token in tokens:
        w, h = _token_size(token, fonts)
        if x and x + w > room:
            x, y = 0.0, y + row_h + TOKEN_GAP
        placed.append(((x, y, w, h), token))
        x += w + TOKEN_GAP
        row_h = max(row_h, h)
    return placed, (y + row_h if placed else 0.0)


def _mark_room(card: CardText, fonts: Fonts) -> float:
    return tm.width(card.mark, fonts.label) + 6 if card.mark else 0.0


@dataclass
class _Parts:
    """A card's contents at one width: its height, its label and its tokens (boxes relative
    to the card's inner top left corner)."""

    height: float
    label: Wrapped
    label_dx: float
    """Px the label starts right of the card's padding (beside a side badge)."""
    tokens: list[tuple[Box, str]]


def _card_parts(card: CardText, width: float, fonts: Fonts, lang: str | None) -> _Parts:
    inner = width - 2 * fonts.pad
    lines = fonts.label_lines or (None if len(card.label) <= CUT_AFTER else LONG_LINES)
    line_h = tm.line_height(fonts.label)
    if fonts.side_badge:
        badge_w, badge_h = _token_size(card.tokens[0], fonts)
        dx = badge_w + TOKEN_GAP
        label = tm.wrap(card.label, inner - dx, fonts.label,
                        first_room=inner - dx - _mark_room(card, fonts), max_lines=lines,
                        lang=lang)
        return _Parts(2 * fonts.pad + max(len(label.lines) * line_h, badge_h), label, dx,
                      [((0.0, max(line_h - badge_h, 0.0) / 2, badge_w, badge_h),
                        card.tokens[0])])
    label = tm.wrap(card.label, inner, fonts.label, first_room=inner - _mark_room(card, fonts),
                    max_lines=lines, lang=lang)
    tokens, tokens_h = _flow(_tokens(card, fonts, inner), inner, fonts)
    below = len(label.lines) * line_h + fonts.pad / 2
    return _Parts(2 * fonts.pad + len(label.lines) * line_h
                  + (fonts.pad / 2 + tokens_h if tokens else 0), label, 0.0,
                  [((x, y + below, w, h), token) for (x, y, w, h), token in tokens])


def _tokens(card: CardText, fonts: Fonts, room: float | None = None) -> tuple[str, ...]:
    """A card's tokens: all of them; on a compact card ``room`` px wide, one row: the badge,
    the chips that fit and "+n" for the rest."""
    if not fonts.compact:
        return (*card.tokens, *card.facts)
    if fonts.side_badge:
        return card.tokens[:1]
    if room is None:
        return card.tokens
    badge, *chips = card.tokens
    hidden = int(chips[-1][1:]) if chips and chips[-1].startswith("+") else 0
    chips = chips[:-1] if hidden else chips
    for shown in range(len(chips), -1, -1):
        rest = len(chips) - shown + hidden
        row = (badge, *chips[:shown], *((f"+{rest}",) if rest else ()))
        if sum(_token_size(t, fonts)[0] for t in row) + TOKEN_GAP * (len(row) - 1) <= room:
            return row
    return row


def least_width(card: CardText, fonts: Fonts, lang: str | None) -> float:
    """The narrowest a card may be: its widest unbreakable word or token."""
    badge = _token_size(card.tokens[0], fonts)[0] + TOKEN_GAP if fonts.side_badge else 0.0
    words = [tm.widest_piece(card.label, fonts.label, lang=lang) + _mark_room(card, fonts)
             + badge,
             *(_token_size(t, fonts)[0] for t in _tokens(card, fonts))]
    return max(words) + 2 * fonts.pad


def _gutters(plan: Plan, columns: int, rows: int, fonts: Fonts) -> tuple[list[float],
                                                                        list[float]]:
    """Widths of the vertical gutters and heights of the horizontal ones."""
    label_h = tm.line_height(fonts.small) + 4
    vertical = [2 * EDGE + max(plan.vertical_tracks.get(g, 0) - 1, 0) * TRACK
                for g in range(columns + 1)]
    horizontal = []
    for g in range(rows + 1):
        tracks = plan.horizontal_tracks.get(g, 0)
        stacked = max([n for (gutter, _), n in plan.labels.items() if gutter == g], default=0)
        height = (tracks + 1) * TRACK + stacked * label_h
        horizontal.append(max(height, 10.0 if 0 < g < rows else 6.0))
    return vertical, horizontal


def _share_widths(cards: dict[str, CardText], cells: dict[str, tuple[int, int]], columns: int,
                  room: float, least: list[float], fonts: Fonts) -> list[float]:
    """Column widths adding up to ``room``: each at least ``least``, the rest shared out by
    how much text a column's cards hold (its longest label and tokens in one line), so wordy
    columns get wider and the lanes lower. One pass: the map is rebuilt after every edit."""
    spare = room - sum(least)
    if spare <= 0:
        return list(least)
    demand = [0.0] * columns
    for step, (column, _) in cells.items():
        card = cards[step]
        one_line = max(tm.width(card.label[:2 * CUT_AFTER], fonts.label),  # a cut label: its start
                       sum(_token_size(t, fonts)[0] + TOKEN_GAP for t in _tokens(card, fonts)))
        demand[column] = max(demand[column], one_line - least[column])
    total = sum(max(d, 0.0) for d in demand)
    if total <= 0:
        return [w + spare / columns for w in least]
    return [w + spare * max(d, 0.0) / total for w, d in zip(least, demand, strict=True)]


def arrange(cards: dict[str, CardText], cells: dict[str, tuple[int, int]], columns: int,
            rows: int, transitions: Sequence[tuple[str, str, str]], *, width: float,
            height: float | None, frame: Callable[[Fonts], Frame], sizes: Sequence[Fonts],
            lang: str | None, least_rows: Callable[[Fonts], Sequence[float]] = lambda _: (),
            least_spans: Callable[[Fonts], Sequence[tuple[int, int, float]]] = lambda _: ()
            ) -> MapGeometry:
    """The map's geometry: the first of ``sizes`` (largest first) at which it fits ``width``
    × ``height`` (``height=None``: the first size at which it fits the width), else the
    last size, as tall as it needs (``fits`` is then False).

    ``transitions``: (source, target, label text or ""); ``frame(fonts)``: the room around
    the grid; ``least_rows(fonts)``: the least height of each lane (its name fits beside it);
    ``least_spans(fonts)``: (first column, columns, px) a run of columns needs at least (a
    stage's name over its columns).
    """
    def at(fonts: Fonts) -> MapGeometry:
        geometry = _arrange(cards, cells, columns, rows, transitions, width, frame(fonts),
                            fonts, lang, least_rows(fonts), least_spans(fonts))
        geometry.fits = geometry.fits and (height is None or geometry.height <= height)
        return geometry

    geometry = at(sizes[-1])  # the least size first: if even it does not fit, that is all
    if geometry.fits:  # else the largest size that fits, by bisection (taller with larger type)
        low, high = 0, len(sizes) - 1  # sizes[high] fits
        while low < high:
            middle = (low + high) // 2
            trial = at(sizes[middle])
            if trial.fits:
                high, geometry = middle, trial
            else:
                low = middle + 1
    if height is not None and geometry.height < height:  # the figure keeps its shown size
        geometry.height = height
    return geometry


def _arrange(cards: dict[str, CardText], cells: dict[str, tuple[int, int]], columns: int,
             rows: int, transitions: Sequence[tuple[str, str, str]], width: float,
             frame: Frame, fonts: Fonts, lang: str | None, least_rows: Sequence[float],
             least_spans: Sequence[tuple[int, int, float]]) -> MapGeometry:
    plan = plan_routes(cells, [(a, b, bool(label)) for a, b, label in transitions])
    label_text = {(a, b): label for a, b, label in transitions}
    vertical, horizontal = _gutters(plan, columns, rows, fonts)
    room = width - frame.left - frame.right - sum(vertical)
    least = [0.0] * columns
    for step, (column, _) in cells.items():
        least[column] = max(least[column], least_width(cards[step], fonts, lang))
    for route in plan.routes:
        if route.label_column is not None:
            text = label_text[route.source, route.target]
            least[route.label_column] = max(least[route.label_column],
                                            tm.width(text, fonts.small) + 8)
    for first, span, needed in least_spans:
        have = sum(least[first:first + span]) + sum(vertical[first + 1:first + span])
        for column in range(first, first + span):
            least[column] += max(needed - have, 0.0) / span
    fits = sum(least) <= room
    widths = _share_widths(cards, cells, columns, max(room, sum(least)), least, fonts)
    x = frame.left + vertical[0]
    column_x = []
    for column in range(columns):
        column_x.append((x, widths[column]))
        x += widths[column] + vertical[column + 1]
    parts = {step: _card_parts(cards[step], widths[cells[step][0]], fonts, lang)
             for step in cells}
    row_h = [max([parts[s].height for s in cells if cells[s][1] == r]
                 + [least_rows[r] if r < len(least_rows) else 0.0, 0.0]) for r in range(rows)]
    if fonts.compact:  # a lane taller than a cut label's card: the label uses that room
        for step, (column, row) in cells.items():
            height, label = parts[step].height, parts[step].label
            line_h = tm.line_height(fonts.label)
            room = int((row_h[row] - height) // line_h) + len(label.lines)
            if label.cut and room > len(label.lines):
                parts[step] = _card_parts(cards[step], widths[column],
                                          replace(fonts, label_lines=room), lang)
    y = frame.top + horizontal[0]
    row_y = []
    for row in range(rows):
        row_y.append((y, row_h[row]))
        y += row_h[row] + horizontal[row + 1]
    placed = {}
    for step, (column, row) in cells.items():
        part = parts[step]
        cx, cw = column_x[column]
        cy, ch = row_y[row]
        pad = fonts.pad
        mark = cards[step].mark
        placed[step] = PlacedCard(
            cards[step], (cx, cy, cw, ch), part.label, (cx + pad + part.label_dx, cy + pad),
            [((cx + pad + x, cy + pad + y, w, h), t) for (x, y, w, h), t in part.tokens],
            (cx + cw - pad - tm.width(mark, fonts.label) / 2, cy + pad) if mark else None)
    grid = (frame.left, frame.top, x - frame.left, y - frame.top)
    lines = _draw(plan, placed, column_x, row_y, vertical, horizontal, fonts, label_text)
    total = y + frame.bottom
    return MapGeometry(width, total, fonts, fits, placed, lines, column_x, row_y, grid)


def _ports(plan: Plan, placed: dict[str, PlacedCard]) -> dict[tuple[int, str], float]:
    """The y of each route's exit (right edge) and entry (left edge), spread along the card
    edge in the order of the other ends, so lines leaving one card do not cross at once."""
    outs: dict[str, list[int]] = defaultdict(list)
    ins: dict[str, list[int]] = defaultdict(list)
    for index, route in enumerate(plan.routes):
        outs[route.source].append(index)
        ins[route.target].append(index)
    ports = {}
    for side, groups, other in (("out", outs, "end"), ("in", ins, "start")):
        for step, indices in groups.items():
            indices.sort(key=lambda i: (getattr(plan.routes[i], other)[1],
                                        getattr(plan.routes[i], other)[0]))
            _, y, _, h = placed[step].box
            for k, i in enumerate(indices):
                ports[i, side] = y + h * (k + 1) / (len(indices) + 1)
    return ports


def _draw(plan: Plan, placed: dict[str, PlacedCard], column_x: list[tuple[float, float]],
          row_y: list[tuple[float, float]], vertical: list[float], horizontal: list[float],
          fonts: Fonts, label_text: dict[tuple[str, str], str]) -> list[PlacedLine]:
    label_h = tm.line_height(fonts.small) + 4

    def v_x(gutter: int, track: int) -> float:
        left = column_x[gutter][0] - vertical[gutter] if gutter < len(column_x) else \
            column_x[-1][0] + column_x[-1][1]
        return left + EDGE + track * TRACK

    def h_y(gutter: int, track: int) -> float:
        top = row_y[gutter][0] - horizontal[gutter] if gutter < len(row_y) else \
            row_y[-1][0] + row_y[-1][1]
        return top + TRACK * (track + 1)

    def label_top(gutter: int, level: int) -> float:
        top = row_y[gutter][0] - horizontal[gutter] if gutter < len(row_y) else \
            row_y[-1][0] + row_y[-1][1]
        return top + TRACK * (plan.horizontal_tracks.get(gutter, 0) + 0.5) + level * label_h

    ports = _ports(plan, placed)
    lines = []
    for index, route in enumerate(plan.routes):
        source, target = placed[route.source].box, placed[route.target].box
        start = (source[0] + source[2], ports[index, "out"])
        end = (target[0], ports[index, "in"])
        x_out = v_x(route.out_gutter, route.tracks.get("out", 0))
        if route.lane_gutter is None:
            points = [start, (x_out, start[1]), (x_out, end[1]), end]
        else:
            x_in = v_x(route.in_gutter, route.tracks.get("in", 0))
            y_lane = h_y(route.lane_gutter, route.tracks.get("lane", 0))
            points = [start, (x_out, start[1]), (x_out, y_lane), (x_in, y_lane),
                      (x_in, end[1]), end]
        box = None
        if route.label_column is not None and route.label_gutter is not None:
            text = label_text[route.source, route.target]
            cx, _ = column_x[route.label_column]
            box = (cx + 4, label_top(route.label_gutter, route.label_level),
                   tm.width(text, fonts.small) + 4, label_h - 4)
        lines.append(PlacedLine(route.source, route.target, rounded(points, 8.0), box))
    return lines
