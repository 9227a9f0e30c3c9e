"""Compare view: the routes of one journey by institution and resource level with the
subsidiarity flags; two or more journeys side by side; hotspots across the workspace."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from journeys.compare import Comparison, compare_journeys
from journeys.hotspots import HotspotCell, portfolio_hotspots
from journeys.i18n import number, translate
from journeys.institutions import InstitutionRoutes, routes_by_institution
from journeys.store import Workspace
from journeys.ui import cache, session, widgets
from journeys.ui.bottlenecks import localized
from journeys.ui.names import Names
from models import CATEGORIES, DIMENSIONS, LEVELS, Journey, JourneyError

TEXT = {
    "en": {
        "title": "Compare",
        "routes": "Routes of “{title}”",
        "routes_help": "Every route from a start to a goal, least barrier load first; a flag "
                       "marks a route through institutions where a lighter route on levels 1–3 "
                       "exists (subsidiarity).",
        "pick": "Open a journey to compare its routes.",
        "route": "Route", "steps": "Steps", "levels": "Levels", "load": "Barrier load",
        "barriers": "Barriers", "handoffs": "Handoffs", "days": "Days", "flag": "Flag",
        "least": "least barriers", "subsidiarity": "subsidiarity",
        "no_flags": "No subsidiarity flags: no route through institutions has a lighter "
                    "alternative on levels 1–3.",
        "by_actor": "By institution and resource level",
        "actor": "Actor", "level": "Level", "through": "Routes through",
        "best": "Best route through it",
        "journeys": "Journeys side by side", "choose": "Journeys to compare (two or more)",
        "need_two": "Choose at least two journeys.",
        "category": "Barrier load by category", "stage": "Barrier load by stage",
        "journey": "Journey", "total": "Total load", "least_route": "Least-barrier route",
        "portfolio": "Hotspots across the workspace",
        "group_by": "Group journeys by", "by": "Sum barriers by",
        "region": "region", "owner": "owner", "tag": "tag", "dimension": "Levesque dimension",
        "none": "(none)", "count": "{count} journeys",
    },
    "de": {
        "title": "Vergleich",
        "routes": "Wege von „{title}“",
        "routes_help": "Jeder Weg von einem Start zu einem Ziel, geringste Barrierelast zuerst; "
                       "eine Markierung zeigt einen Weg über Institutionen, zu dem es einen "
                       "leichteren Weg auf den Ebenen 1–3 gibt (Subsidiarität).",
        "pick": "Öffnen Sie eine Nutzerreise, um ihre Wege zu vergleichen.",
        "route": "Weg", "steps": "Schritte", "levels": "Ebenen", "load": "Barrierelast",
        "barriers": "Barrieren", "handoffs": "Übergaben", "days": "Tage", "flag": "Hinweis",
        "least": "geringste Last", "subsidiarity": "Subsidiarität",
        "no_flags": "Keine Subsidiaritätshinweise: Kein Weg über Institutionen hat eine "
                    "leichtere Alternative auf den Ebenen 1–3.",
        "by_actor": "Nach Institution und Ressourcenebene",
        "actor": "Akteur", "level": "Ebene", "through": "Wege hindurch",
        "best": "Bester Weg hindurch",
        "journeys": "Nutzerreisen nebeneinander",
        "choose": "Zu vergleichende Nutzerreisen (zwei oder mehr)",
        "need_two": "Wählen Sie mindestens zwei Nutzerreisen.",
        "category": "Barrierelast nach Kategorie", "stage": "Barrierelast nach Phase",
        "journey": "Nutzerreise", "total": "Gesamtlast", "least_route": "Leichtester Weg",
        "portfolio": "Hotspots im ganzen Arbeitsbereich",
        "group_by": "Nutzerreisen gruppieren nach", "by": "Barrieren summieren nach",
        "region": "Region", "owner": "Verantwortlich", "tag": "Schlagwort",
        "dimension": "Levesque-Dimension", "none": "(keine)", "count": "{count} Nutzerreisen",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def show(page: session.Page) -> None:
    lang, workspace = page.lang, page.workspace
    st.title(_t("title", lang))
    session.show_flashes()
    if page.journey_id:
        try:
            stored = workspace.get(page.journey_id)
        except JourneyError as error:
            widgets.show_error(error)
        else:
            _routes(cache.key_of(str(workspace.path), stored), stored.journey, lang)
    else:
        st.info(_t("pick", lang))
    _journeys(workspace, page.journey_id, lang)
    _portfolio(workspace, lang)


# -- one journey's routes --------------------------------------------------------------------
@st.cache_data(max_entries=100, show_spinner=False)
def _by_actor(key: cache.Key, _journey: Journey) -> list[InstitutionRoutes]:
    return routes_by_institution(_journey)


def _routes(key: cache.Key, journey: Journey, lang: str) -> None:
    st.subheader(_t("routes", lang, title=journey.title), help=_t("routes_help", lang))
    result = cache.analysis(key, lang, journey)
    names = Names(journey, lang)
    flagged = {flag.route: flag for flag in result.subsidiarity}
    rows = []
    for index, route in enumerate(result.routes):
        flag = _t("subsidiarity", lang) if index in flagged else (
            _t("least", lang) if index == result.least_barrier_route else "")
        rows.append({
            _t("route", lang): index + 1, _t("load", lang): route.barrier_load,
            _t("barriers", lang): route.barrier_count,
            _t("levels", lang): ", ".join(str(level) for level in route.levels),
            _t("handoffs", lang): len(route.handoffs), _t("days", lang): route.days,
            _t("flag", lang): flag,
            _t("steps", lang): " → ".join(names.step(s) for s in route.steps)})
    if rows:
        st.dataframe(localized(pd.DataFrame(rows), lang), hide_index=True, width="stretch",
                     column_config={_t("steps", lang): st.column_config.TextColumn(
                         width="large")})
    if result.routes_note:
        st.caption(result.routes_note)
    for flag in result.subsidiarity:
        st.warning(widgets.escape(flag.message), icon=":material/flag:")
    if rows and not result.subsidiarity:
        st.success(_t("no_flags", lang))
    st.markdown(f"**{_t('by_actor', lang)}**")
    actors = [{
        _t("actor", lang): item.label, _t("level", lang): names.level(item.level),
        _t("load", lang): item.load, _t("barriers", lang): item.barrier_count,
        _t("through", lang): f"{item.routes_through}/{item.routes_total}",
        _t("best", lang): item.best_route.barrier_load if item.best_route else None}
        for item in sorted(_by_actor(key, journey), key=lambda i: (i.level, -i.load))]
    st.dataframe(localized(pd.DataFrame(actors), lang), hide_index=True, width="stretch")


# -- journeys side by side ---------------------------------------------------------------------
def _loaded(workspace: Workspace, ids: list[str]) -> tuple[list[Journey], tuple]:
    """The journeys with ``ids`` as stored now, and a cache key naming their revisions."""
    stored = [workspace.get(i) for i in ids]
    return ([s.journey for s in stored],
            tuple(cache.key_of(str(workspace.path), s) for s in stored))


@st.cache_data(max_entries=100, show_spinner=False)
def _comparison(keys: tuple, lang: str, _journeys: list[Journey]) -> Comparison:
    return compare_journeys(_journeys, lang=lang)


def _journeys(workspace: Workspace, open_id: str | None, lang: str) -> None:
    st.subheader(_t("journeys", lang))
    summaries = workspace.summaries()
    names = session.journey_names(summaries)
    ids = list(names)
    if "compare_pick" not in st.session_state:
        first = [open_id] if open_id in ids else []
        st.session_state["compare_pick"] = (first + [i for i in ids if i not in first])[:2]
    picked = st.multiselect(_t("choose", lang), ids, key="compare_pick",
                            format_func=lambda i: names.get(i, i))
    picked = [i for i in picked if i in names]
    if len(picked) < 2:
        st.info(_t("need_two", lang))
        return
    try:
        journeys, keys = _loaded(workspace, picked)
        result = _comparison(keys, lang, journeys)
    except JourneyError as error:
        widgets.show_error(error)
        return
    for line in result.findings:
        st.markdown(f"- {widgets.escape(line)}")
    column = {item.key: names.get(item.id, item.title) for item in result.journeys}
    totals = pd.DataFrame([{
        _t("journey", lang): column[item.key], _t("steps", lang): item.steps,
        _t("barriers", lang): item.barrier_count, _t("total", lang): item.total_load,
        _t("least_route", lang): item.least_route_load} for item in result.journeys])
    st.dataframe(localized(totals, lang), hide_index=True, width="stretch")
    first = journeys[0]
    stage_labels = {s.id: s.label for j in reversed(journeys) for s in j.stages}
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{_t('category', lang)}**")
        st.dataframe(localized(_side_by_side(result.category, column, lambda k: Names(
            first, lang).category(k), lang), lang), width="stretch")
    with right:
        st.markdown(f"**{_t('stage', lang)}**")
        st.dataframe(localized(_side_by_side(result.stage, column,
                                             lambda k: stage_labels.get(k, k), lang), lang),
                     width="stretch")


def _side_by_side(table: dict[str, dict[str, HotspotCell]], column: dict[str, str],
                  label, lang: str) -> pd.DataFrame:
    """Rows = categories (or stages), columns = journeys, cells = barrier load."""
    return pd.DataFrame({column[key]: [row[key].load for row in table.values()]
                         for key in column}, index=[label(k) for k in table])


# -- portfolio -----------------------------------------------------------------------------
@st.cache_data(max_entries=50, show_spinner=False)
def _portfolio_cells(keys: tuple, group_by: str, by: str, _journeys: list[Journey]
                     ) -> dict[str, dict[str, HotspotCell]]:
    return portfolio_hotspots(_journeys, group_by=group_by, by=by)


def _portfolio(workspace: Workspace, lang: str) -> None:
    st.subheader(_t("portfolio", lang))
    summaries = workspace.summaries()
    if not summaries:
        return
    left, right = st.columns(2)
    group_by = left.segmented_control(_t("group_by", lang), ["region", "owner", "tag"],
                                      format_func=lambda g: _t(g, lang), default="region",
                                      key="portfolio_group", required=True)
    by = right.segmented_control(_t("by", lang), ["category", "level", "dimension"],
                                 format_func=lambda b: {"category": _t("category", lang),
                                                        "level": _t("level", lang),
                                                        "dimension": _t("dimension", lang)}[b],
                                 default="category", key="portfolio_by", required=True)
    try:
        journeys, keys = _loaded(workspace, [s.id for s in summaries])
    except JourneyError as error:
        widgets.show_error(error)
        return
    cells = _portfolio_cells(keys, group_by, by, journeys)

    def label(key: str) -> str:
        if by == "level" and key.isdigit() and int(key) in LEVELS:
            return f"{key} · {getattr(LEVELS[int(key)], lang)}"
        if by == "dimension" and key in DIMENSIONS:
            return getattr(DIMENSIONS[key], lang)
        if by == "category" and key in CATEGORIES:
            return CATEGORIES[key].label(lang)
        return _t("none", lang) if key == "none" else key

    order = list(dict.fromkeys(k for row in cells.values() for k in row))
    table = pd.DataFrame({(_t("none", lang) if group == "none" else group):
                          [row.get(k, HotspotCell()).load for k in order]
                          for group, row in cells.items()}, index=[label(k) for k in order])
    st.caption(_t("count", lang, count=number(len(journeys), lang)))
    st.dataframe(localized(table, lang), width="stretch")
