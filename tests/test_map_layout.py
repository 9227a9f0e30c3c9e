"""The map's layout without a browser: text widths, wrapping, tracks in the gutters."""

from __future__ import annotations

import itertools
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.figures import text_metrics as tm
from journeys.figures import theme
from journeys.figures.journey_map import map_geometry
from journeys.figures.map_layout import (
    CUT_AFTER,
    TOKEN_GAP,
    CardText,
    Fonts,
    Frame,
    arrange,
)
from journeys.figures.map_routing import plan_routes
from tests.strategies import journeys as random_journeys


def test_widths_are_the_fonts_real_advances():
    assert tm.width("iiii", 20) < tm.width("MMMM", 20)
    assert tm.width("Formulare 4", 20) == tm.width("Formulare 4", 10) * 2
    assert tm.width("Mitglied", 16, bold=True) > tm.width("Mitglied", 16)


def test_words_break_only_at_spaces_hyphens_and_real_syllables():
    for label, lang in (("Kommt zum Probetraining", "de"),
                        ("Beantragt die Mitgliedschaft", "de"),
                        ("Unterschreibt die Antragshilfe-Sprechstunde", "de")):
        for room in (60, 80, 100, 140):
            lines = tm.wrap(label, room, 16, lang=lang).lines
            joined = "".join(line if line.endswith("-") else line + " " for line in lines)
            assert "Probetr-" not in joined and "Mitglie-" not in joined
            assert "s-chaft" not in joined.replace("\n", "")
    assert theme.wrap("Beantragt die Mitgliedschaft", 10, 4, "de") == \
        "Beantragt<br>die<br>Mitglied-<br>schaft"


def test_a_word_exactly_as_wide_as_its_room_is_not_cut():
    inner = 86.5975 - 2 * 6.2  # a card as narrow as its word and corner mark need
    room = inner - 21.68  # beside the mark: in floats a hair under the word's width
    assert room < tm.width("uzo2yr", 17.5) == 52.5175
    assert tm.wrap("uzo2yr", inner, 17.5, first_room=room).lines == ("uzo2yr",)


def test_a_huge_word_is_cut_in_linear_time():
    words = "x" * 4_000_000
    started = time.perf_counter()
    wrapped = tm.wrap(f"Antrag {words} Ende", 200, 16)
    theme.wrap(f"Antrag {words} Ende", 30, 3)
    assert time.perf_counter() - started < 1.0
    assert wrapped.cut and wrapped.lines[1].endswith("…")
    assert all(tm.width(line, 16) <= 200 for line in wrapped.lines)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß -", min_size=1, max_size=90),
       st.integers(min_value=60, max_value=300))
def test_wrapped_lines_fit_their_room_and_keep_every_letter(label, room):
    wrapped = tm.wrap(label, room, 16, lang="de")
    for line in wrapped.lines:
        assert tm.width(line, 16) <= room + 0.01
    if not wrapped.cut:
        letters = "".join(line.removesuffix("-") for line in wrapped.lines).replace(" ", "")
        assert letters.replace("-", "") == label.replace(" ", "").replace("-", "")


def test_lines_sharing_a_gutter_get_their_own_tracks():
    cells = {"a": (0, 0), "b": (0, 1), "c": (1, 0), "d": (1, 1), "e": (2, 2)}
    plan = plan_routes(cells, [("a", "d", False), ("b", "c", False), ("a", "e", True)])
    tracks = [(r.out_gutter, r.tracks["out"]) for r in plan.routes]
    assert len(set(tracks)) == len(tracks)  # all three leave through gutter 1, apart
    assert plan.vertical_tracks[1] == 3
    labelled = plan.routes[2]
    assert (labelled.label_gutter, labelled.label_column) == (2, 1)
    assert plan.labels == {(2, 1): 1}


# -- compact cards: how a projector shows a whole journey at readable type ---------------

LONG = CardText("a", "Lädt die Nachweise hoch: Leistungsbescheid, Geburtsurkunden und Passfotos",
                ("5,4", "Formulare 4", "Digital 3", "Zeit 2", "+2"),
                ("30 erreicht", "Gefühl 2/5"))


def _one_card(fonts: Fonts, width: float = 420, least_row: float = 0.0):
    return arrange({"a": LONG}, {"a": (0, 0)}, 1, 1, [], width=width, height=None,
                   frame=lambda _: Frame(100, 40, 40), sizes=[fonts], lang="de",
                   least_rows=lambda _: [least_row]).cards["a"]


def test_a_full_card_shows_the_whole_label_chips_and_facts():
    card = _one_card(Fonts(14, 14))
    assert not card.label.cut
    assert [t for _, t in card.tokens] == [*LONG.tokens, *LONG.facts]


def test_a_compact_card_keeps_its_lines_and_one_row_of_tokens_counting_the_rest():
    card = _one_card(Fonts(14, 14, 2))
    assert len(card.label.lines) == 2 and card.label.lines[-1].endswith("…")
    tokens = [t for _, t in card.tokens]
    assert tokens[0] == "5,4" and tokens[-1].startswith("+")  # facts are in the hover
    assert len({box[1] for box, _ in card.tokens}) == 1  # one row
    assert len(tokens) - 2 + int(tokens[-1][1:]) == 5  # shown chips + "+n" = 5 barriers
    assert all(box[0] + box[2] <= card.box[0] + card.box[2] for box, _ in card.tokens)


def test_the_most_compact_card_has_its_badge_beside_two_label_lines():
    fonts = Fonts(14, 14, 2, side_badge=True)
    card = _one_card(fonts)
    (badge, text), = card.tokens
    assert text == "5,4" and len(card.label.lines) == 2
    assert card.label_at[0] == badge[0] + badge[2] + TOKEN_GAP
    assert card.box[3] == 2 * fonts.pad + 2 * tm.line_height(14)


def test_a_compact_label_uses_the_room_of_a_taller_lane():
    short, tall = _one_card(Fonts(14, 14, 2)), _one_card(Fonts(14, 14, 2), least_row=150)
    assert len(tall.label.lines) > len(short.label.lines) == 2
    bottom = max(box[1] + box[3] for box, _ in tall.tokens)
    assert bottom <= tall.box[1] + tall.box[3]


def test_only_a_screen_ever_gets_compact_cards():
    from journeys.figures.journey_map import _font_sizes

    assert not any(f.compact for f in _font_sizes(1220, False))
    assert not any(f.compact for f in _font_sizes(1600, True))
    screen = _font_sizes(1220, False, screen=True)
    assert [f.label_lines for f in screen if f.compact] == [3, 2, 2] and screen[-1].side_badge


def test_labels_into_one_card_spread_over_the_gutter_instead_of_stacking():
    cells = {"a": (1, 0), "b": (1, 1), "c": (1, 2), "goal": (2, 4)}
    plan = plan_routes(cells, [(s, "goal", True) for s in ("a", "b", "c")])
    assert max(plan.labels.values()) == 2  # three labels: two places, not one stack of 3
    assert {r.label_column for r in plan.routes} == {1, 2}


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x, y, w, h = box
    return x + 1 < point[0] < x + w - 1 and y + 1 < point[1] < y + h - 1


@settings(max_examples=40, deadline=None)
@given(random_journeys(max_steps=12), st.sampled_from([(1220, 575), (1860, 935), (1600, None)]))
def test_every_text_stays_in_its_card_and_every_line_outside_the_cards(journey, size):
    """On a screen (compact cards when needed) and in an export alike."""
    width, height = size
    geometry = map_geometry(journey, lang="de", width=width, height=height,
                            screen=height is not None)
    fonts, cards = geometry.fonts, geometry.cards
    for card in cards.values():
        x, y, w, h = card.box
        assert card.label_at[1] + len(card.label.lines) * tm.line_height(fonts.label) \
            <= y + h + 0.01
        for line in card.label.lines:
            assert card.label_at[0] + tm.width(line, fonts.label) <= x + w - fonts.pad + 0.01
        for (bx, by, bw, bh), _ in card.tokens:
            assert x <= bx and bx + bw <= x + w + 0.01 and y <= by and by + bh <= y + h + 0.01
        if not fonts.compact and len(card.text.label) <= CUT_AFTER:
            assert not card.label.cut
    for line in geometry.lines:
        for (x0, y0), (x1, y1) in itertools.pairwise(line.points):
            steps = max(int(max(abs(x1 - x0), abs(y1 - y0)) // 2), 1)
            for i in range(steps + 1):
                point = (x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
                assert not any(_inside(point, c.box) for c in cards.values()), line
                if line.label_box:
                    assert not any(_inside(line.label_box[:2], c.box) for c in cards.values())
