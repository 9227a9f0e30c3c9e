"""The journey map on a projector: laid out for the screen it is shown on, or a part of it.

Streamlit does not tell the server how large the browser window is, so the page writes it
into a cookie (``bj_screen=1280x720``) and reloads once when it changed; the next run reads it
from ``st.context.cookies`` and lays the map out for that window (type never under 14 px at
1280 px). A journey too large for the window at that size says so and offers a focus: a range
of stages or a group of resource levels, the first one that fits shown at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from journeys.figures import theme
from journeys.i18n import translate
from journeys.store import StoredJourney
from journeys.ui import cache, widgets
from models import Journey

COOKIE = "bj_screen"
DEFAULT_SCREEN = (1280, 720)
"""Until the browser has said otherwise: the smallest projector the app is made for."""
SIDES = 60
"""Px of the window's width the page keeps for its padding and the scroll bar."""
HEADER = 84
"""Px of the window's height above the map: page padding (8), the top bar (55), the gap
under it (16) and 5 to spare (measured in Chromium; tests/test_browser_map.py checks it)."""
FOCUS_ROW = 64
"""Px the note and the choice of a part take above the map of a journey too large."""

TEXT = {
    "en": {
        "too_large": "Too large for this screen at readable type: showing a part (or leave "
                     "workshop mode to scroll through the whole map).",
        "focus": "Part of the journey", "stages": "Stages: {first} – {last}",
        "stage": "Stage: {name}", "levels": "Levels: {names}",
    },
    "de": {
        "too_large": "Zu groß für diesen Bildschirm bei lesbarer Schrift: gezeigt wird ein "
                     "Teil (ohne Workshop-Modus scrollt die ganze Karte).",
        "focus": "Teil der Nutzerreise", "stages": "Phasen: {first} – {last}",
        "stage": "Phase: {name}", "levels": "Ebenen: {names}",
    },
}

_SCRIPT = """<script>
(function () {
  const size = window.innerWidth + "x" + window.innerHeight;
  document.cookie = "%(cookie)s=" + size + "; path=/; max-age=31536000; SameSite=Lax";
  const once = "bj-screen-reloaded-" + size;
  if (size !== "%(seen)s" && !sessionStorage.getItem(once)) {
    sessionStorage.setItem(once, "1");
    window.location.reload();
  }
})();
</script>"""


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def screen() -> tuple[int, int]:
    """The browser window's size as the page last reported it (and ask it to report)."""
    seen = st.context.cookies.get(COOKIE)
    seen = seen if isinstance(seen, str) else ""  # (AppTest has no cookies)
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", seen)
    with st.container(key="screen-probe"):  # hidden (shell.py): it only runs its script
        st.html(_SCRIPT % {"cookie": COOKIE, "seen": seen if match else ""},
                unsafe_allow_javascript=True)
    return (int(match[1]), int(match[2])) if match else DEFAULT_SCREEN


def map_size(window: tuple[int, int]) -> tuple[int, int]:
    """The map's size in a window of ``window`` px: all of it below the top bar."""
    return max(window[0] - SIDES, 640), max(window[1] - HEADER, 360)


def focus_options(journey: Journey, lang: str) -> dict[str, tuple[str, ...]]:
    """Parts of a journey to show on their own: windows of neighbouring stages (largest
    first) and groups of resource levels (1–2 life-world, 3, 4), each as its step ids."""
    stages = journey.stages
    options: dict[str, tuple[str, ...]] = {}
    for size in range(len(stages) - 1, 0, -1):
        for first in range(len(stages) - size + 1):
            chosen = {s.id for s in stages[first:first + size]}
            name = _t("stage", lang, name=stages[first].label) if size == 1 else \
                _t("stages", lang, first=stages[first].label, last=stages[first + size - 1].label)
            options[name] = tuple(s.id for s in journey.steps if s.stage in chosen)
    for group in ((1, 2), (3,), (4,)):
        steps = tuple(s.id for s in journey.steps
                      if journey.actors_by_id[s.actor].level in group)
        if steps:
            names = ", ".join(theme.level_name(level, lang) for level in group)
            options[_t("levels", lang, names=names)] = steps
    return {name: steps for name, steps in options.items() if steps}


def show_workshop_map(key: cache.Key, stored: StoredJourney, lang: str, selected: str | None,
                      on_select: Callable[[], None], reserved: int = 0) -> None:
    """The map laid out for this screen (less ``reserved`` px drawn above it, e.g. the
    quick-entry line); a part of it when the whole does not fit."""
    journey = stored.journey
    width, height = map_size(screen())
    size = width, max(height - reserved, 360)
    focus = None
    if not cache.map_fits(key, lang, size, None, journey):
        size = (size[0], size[1] - FOCUS_ROW)
        options = focus_options(journey, lang)
        fitting = [name for name, steps in options.items()
                   if cache.map_fits(key, lang, size, steps, journey)]
        names = fitting or list(options)
        if st.session_state.get("map_focus") not in names:
            st.session_state["map_focus"] = names[0]
        with st.container(key="map-focus-row"):
            note, choice = st.columns([2.2, 1], vertical_alignment="center")
            note.markdown(_t("too_large", lang))
            focus = options[choice.selectbox(_t("focus", lang), names, key="map_focus",
                                             label_visibility="collapsed")]
    fig = cache.map_figure(key, lang, selected, None, (), True, journey, screen=size,
                           focus=focus)
    widgets.show_figure(fig, lambda: cache.map_table(key, lang, None, (), journey),
                        key=f"map-{journey.id}", lang=lang, name=journey.id, downloads=False,
                        on_select=on_select, selection_mode="points")
