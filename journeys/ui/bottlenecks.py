"""Bottlenecks view: the ranked bottlenecks with reasons, the least-barrier route on the map,
the heatmap step × category, the drop-off funnel, and what-if with mitigated barriers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from journeys import figures
from journeys.analysis import Analysis
from journeys.i18n import number, translate
from journeys.register import barrier_register
from journeys.room_votes import TOP as ROOM_TOP
from journeys.room_votes import room_ranking, sees_differently, step_votes
from journeys.ui import cache, session, widgets
from journeys.ui.names import Names
from journeys.whatif import WhatIf, what_if
from models import Journey

TEXT = {
    "en": {
        "title": "Bottlenecks: {title}", "pick": "Open a journey from the library first.",
        "barriers": "Barriers", "load": "Total barrier load", "routes": "Routes to a goal",
        "least": "Least-barrier route",
        "ranking": "Ranked bottlenecks",
        "ranking_help": "Score = pressure (barrier load + drop-out + waiting) × share of the "
                        "routes that pass the step.",
        "rank": "Rank", "step": "Step",
        "off_route": "No bottleneck on the routes to a goal: the steps with barriers, drop-out "
                     "or waiting ({steps}) lie on no route from a start to a goal — connect "
                     "them with transitions.",
        "quoted": "“{label}”",
        "route_map": "The least-barrier route on the map",
        "route_caption": "Orange: the route with the least barrier load ({load}), through {steps} "
                         "steps.",
        "no_route": "No route leads from a start to a goal yet.",
        "heatmap": "Heatmap step × category", "funnel": "Drop-off funnel",
        "emotion": "Emotion curve",
        "whatif": "What if …?",
        "whatif_help": "Tick barriers as mitigated and compare the journey before and after.",
        "mitigate": "Barriers to mitigate",
        "before": "before", "after": "after", "ranking_after": "Ranking after",
        "map_after": "The map after mitigation (mitigated barriers struck through)",
        "whatif_start": "Tick one or more barriers to see the effect.",
        "by_score": "By score", "by_room": "By the room's votes",
        "room_differs": "The room sees this differently: its top steps are not the ones the "
                        "score puts on top.",
        "room_agrees": "The room's votes agree with the score's top steps.",
        "with_votes": "{label} ({votes})",
    },
    "de": {
        "title": "Engpässe: {title}",
        "pick": "Öffnen Sie zuerst eine Nutzerreise aus der Bibliothek.",
        "barriers": "Barrieren", "load": "Gesamte Barrierelast", "routes": "Wege zum Ziel",
        "least": "Weg mit geringster Last",
        "ranking": "Engpässe nach Rang",
        "ranking_help": "Wert = Druck (Barrierelast + Ausstieg + Wartezeit) × Anteil der Wege, "
                        "die über den Schritt führen.",
        "rank": "Rang", "step": "Schritt",
        "off_route": "Kein Engpass auf den Wegen zum Ziel: Die Schritte mit Barrieren, "
                     "Ausstieg oder Wartezeit ({steps}) liegen auf keinem Weg von einem Start "
                     "zu einem Ziel — verbinden Sie sie mit Übergängen.",
        "quoted": "„{label}“",
        "route_map": "Der Weg mit der geringsten Barrierelast auf der Karte",
        "route_caption": "Orange: der Weg mit der geringsten Barrierelast ({load}) über "
                         "{steps:Schritt|Schritte}.",
        "no_route": "Noch führt kein Weg von einem Start zu einem Ziel.",
        "heatmap": "Heatmap Schritt × Kategorie", "funnel": "Ausstiegstrichter",
        "emotion": "Gefühlskurve",
        "whatif": "Was wäre, wenn …?",
        "whatif_help": "Barrieren als behoben markieren und die Nutzerreise vorher und nachher "
                       "vergleichen.",
        "mitigate": "Zu behebende Barrieren",
        "before": "vorher", "after": "nachher", "ranking_after": "Rangfolge nachher",
        "map_after": "Die Karte nach der Behebung (behobene Barrieren durchgestrichen)",
        "whatif_start": "Markieren Sie eine oder mehrere Barrieren, um die Wirkung zu sehen.",
        "by_score": "Nach Wert", "by_room": "Nach den Punkten aus dem Raum",
        "room_differs": "Der Raum sieht das anders: Seine wichtigsten Schritte sind nicht die, "
                        "die der Wert nach oben stellt.",
        "room_agrees": "Die Punkte aus dem Raum stimmen mit den obersten Schritten nach Wert "
                       "überein.",
        "with_votes": "{label} ({votes})",
    },
}

TOP = 10
"""Bottlenecks in the chart."""
REASONS = 3
"""Bottlenecks whose reasons are spelled out above the chart."""


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def show(page: session.Page) -> None:
    lang = page.lang
    stored = widgets.open_stored(page, _t("pick", lang))
    if stored is None:
        return
    journey = stored.journey
    key = cache.key_of(str(page.workspace.path), stored)
    result = cache.analysis(key, lang, journey)
    st.title(widgets.md(TEXT, "title", lang, title=journey.title), anchor=False)
    session.show_flashes()
    route = result.routes[result.least_barrier_route] \
        if result.least_barrier_route is not None else None
    columns = st.columns(4)
    columns[0].metric(_t("barriers", lang), number(result.barrier_count, lang))
    columns[1].metric(_t("load", lang), number(result.total_load, lang))
    columns[2].metric(_t("routes", lang), number(result.routes_total, lang))
    columns[3].metric(_t("least", lang), number(route.barrier_load, lang) if route else "—")
    _ranking(key, result, journey, lang, page.workshop)
    st.subheader(_t("route_map", lang))
    if route:
        st.caption(_t("route_caption", lang, load=number(route.barrier_load, lang),
                      steps=len(route.steps)))
    else:
        st.info(_t("no_route", lang))
    steps = cache.route_tuple(route.steps if route else None)
    if not widgets.too_large(journey, "map", lang):
        widgets.show_figure(cache.map_figure(key, lang, None, steps, (), page.workshop, journey),
                            lambda: cache.map_table(key, lang, steps, (), journey),
                            key=f"route-map-{journey.id}", lang=lang,
                            name=f"{journey.id}-route",
                            slide=lambda: cache.map_figure(key, lang, None, steps, (),
                                                           page.workshop, journey, slide=True))
    _charts(key, journey, lang)
    _what_if_section(key, journey, lang, page.workshop)


@st.cache_resource(max_entries=100, show_spinner=False)
def _ranking_chart(key: cache.Key, lang: str, workshop: bool, _journey: Journey
                   ) -> go.Figure | None:
    """The ranked bottlenecks as bars, once per revision."""
    return figures.bottleneck_chart(cache.analysis(key, lang, _journey), _journey, lang=lang,
                                    top=TOP, presentation=workshop)


def _ranking(key: cache.Key, result: Analysis, journey: Journey, lang: str,
             workshop: bool) -> None:
    st.subheader(_t("ranking", lang), help=_t("ranking_help", lang))
    chart = _ranking_chart(key, lang, workshop, journey)
    if chart is None:
        pressed = [b.label for b in result.bottlenecks if b.load or b.dropout_share or b.days]
        steps = ", ".join(_t("quoted", lang, label=widgets.escape(label)) for label in pressed)
        st.info(_t("off_route", lang, steps=steps) if pressed
                else figures.no_data_message("bottlenecks", lang))
        return
    ranked = [b for b in result.bottlenecks if b.score > 0][:REASONS]
    for rank, item in enumerate(ranked, 1):
        st.markdown(f"**{rank}. {widgets.escape(item.label)}** — "
                    + "; ".join(widgets.escape(r) for r in item.reasons))
    widgets.show_figure(chart, lambda: figures.bottleneck_table(result, journey, lang=lang,
                                                                top=TOP),
                        key=f"ranking-{journey.id}", lang=lang, name=f"{journey.id}-bottlenecks")
    _room(result, journey, lang)


def _room(result: Analysis, journey: Journey, lang: str) -> None:
    """The room's ranking beside the score's, once the room voted (``journeys.room_votes``)."""
    votes = step_votes(barrier_register(journey))
    if not votes:
        return
    room = [_t("with_votes", lang, label=b.label, votes=number(votes[b.step], lang))
            for b in room_ranking(result.bottlenecks, votes)[:ROOM_TOP]]
    scored = [b.label for b in result.bottlenecks if b.score > 0][:ROOM_TOP]
    rows = max(len(room), len(scored))
    if sees_differently(result.bottlenecks, votes):
        st.warning(_t("room_differs", lang), icon=":material/groups:")
    else:
        st.caption(_t("room_agrees", lang))
    widgets.show_table(pd.DataFrame({
        _t("rank", lang): range(1, rows + 1),
        _t("by_score", lang): scored + [""] * (rows - len(scored)),
        _t("by_room", lang): room + [""] * (rows - len(room))}), lang)


CHARTS = {"heatmap": (figures.heatmap, figures.heatmap_table),
          "funnel": (figures.funnel, figures.funnel_table),
          "emotion": (figures.emotion_curve, figures.emotion_table)}
"""The charts of one journey, each with its table twin (a figure is None without data)."""


@st.cache_resource(max_entries=100, show_spinner=False)
def _chart(key: cache.Key, lang: str, name: str, _journey: Journey) -> go.Figure | None:
    """One chart of ``CHARTS`` (None without data), once per revision."""
    return CHARTS[name][0](_journey, lang=lang)


@st.cache_data(max_entries=200, show_spinner=False)
def _chart_table(key: cache.Key, lang: str, name: str, _journey: Journey) -> pd.DataFrame:
    """The table twin of one chart of ``CHARTS``."""
    return CHARTS[name][1](_journey, lang=lang)


def _charts(key: cache.Key, journey: Journey, lang: str) -> None:
    tabs = st.tabs([_t(name, lang) for name in CHARTS], key="bottleneck-charts",
                   on_change="rerun")
    for tab, name in zip(tabs, CHARTS, strict=True):
        if not tab.open:
            continue
        with tab:
            if widgets.too_large(journey, name, lang):
                continue
            figure = _chart(key, lang, name, journey)
            if figure is None:
                st.info(figures.no_data_message(name, lang))
                continue
            widgets.show_figure(figure, lambda n=name: _chart_table(key, lang, n, journey),
                                key=f"{name}-{journey.id}", lang=lang,
                                name=f"{journey.id}-{name}")


@st.cache_data(max_entries=200, show_spinner=False)
def _what_if(key: cache.Key, lang: str, refs: tuple[str, ...], _journey: Journey) -> WhatIf:
    """``journeys.whatif.what_if`` with the ticked barriers, once per revision and choice."""
    return what_if(_journey, mitigated=list(refs), lang=lang)


def _what_if_section(key: cache.Key, journey: Journey, lang: str, workshop: bool) -> None:
    st.subheader(_t("whatif", lang), help=_t("whatif_help", lang))
    names = Names(journey, lang)
    placed = {p.ref: p for p in barrier_register(journey)}

    def label(ref: str) -> str:
        item = placed[ref]
        text = f"{names.step(item.step)} · {names.category(item.barrier.category)} " \
               f"({item.barrier.severity})"
        return f"{text} — {item.barrier.description[:50]}" if item.barrier.description else text

    refs = st.multiselect(_t("mitigate", lang), list(placed), key=f"mitigate-{journey.id}",
                          format_func=label)
    if not refs:
        st.caption(_t("whatif_start", lang))
        return
    result = _what_if(key, lang, tuple(refs), journey)
    left, middle, right = st.columns(3)
    left.metric(_t("load", lang), number(result.total_after, lang),
                delta=number(result.total_after - result.total_before, lang),
                delta_color="inverse")
    before = result.route_before.barrier_load if result.route_before else None
    after = result.route_after.barrier_load if result.route_after else None
    middle.metric(_t("least", lang), number(after, lang) if after is not None else "—",
                  delta=number(after - before, lang) if None not in (after, before) else None,
                  delta_color="inverse")
    right.metric(_t("routes", lang), number(result.routes_total_after, lang))
    for line in result.summary:
        st.markdown(f"- {widgets.escape(line)}")
    ranks = pd.DataFrame({
        _t("rank", lang): range(1, 6),
        f"{_t('step', lang)} ({_t('before', lang)})": _top(result.ranking_before, names),
        f"{_t('step', lang)} ({_t('after', lang)})": _top(result.ranking_after, names)})
    widgets.show_table(ranks, lang)
    st.caption(_t("map_after", lang))
    if widgets.too_large(journey, "map", lang):
        return
    top = figures.load_scale_top(journey)  # the colours of the map before: equal loads alike
    widgets.show_figure(cache.map_figure(key, lang, None, None, tuple(refs), workshop, journey,
                                         load_top=top),
                        lambda: cache.map_table(key, lang, None, tuple(refs), journey),
                        key=f"whatif-map-{journey.id}", lang=lang,
                        name=f"{journey.id}-what-if",
                        slide=lambda: cache.map_figure(key, lang, None, None, tuple(refs),
                                                       workshop, journey, slide=True,
                                                       load_top=top))


def _top(ranking, names: Names) -> list[str]:
    entries = [names.step(entry.step) for entry in ranking if entry.score > 0][:5]
    return entries + [""] * (5 - len(entries))
