"""The map's layout without a browser: text widths, wrapping, tracks in the gutters."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.figures import text_metrics as tm
from journeys.figures import theme
from journeys.figures.map_routing import plan_routes


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
