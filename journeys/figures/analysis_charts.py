"""Charts of the analysis of one journey: bottleneck ranking and routes compared.

They draw what ``journeys.analysis.analyze`` computed (or compute it when given only the
journey), so the numbers on a slide are the numbers in the app's tables. Stacked bars carry
colour AND a fill pattern per part, and print their totals.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from journeys.bottlenecks import DAYS_PER_POINT, DROPOUT_WEIGHT, MAX_WAIT_POINTS, Bottleneck
from journeys.bottlenecks import bottlenecks as rank_bottlenecks
from journeys.figures import theme
from journeys.i18n import number, translate
from journeys.institutions import RouteSummary, SubsidiarityFlag, describe_routes, subsidiarity
from journeys.register import barrier_register
from journeys.routes import find_routes
from models import Journey

MAX_ROUTES = 10
"""Routes shown side by side (the least-barrier ones)."""

TEXT = {
    "en": {
        "bottleneck_title": "Bottlenecks: {title}",
        "bottleneck_sub": "Score = (barrier load + 5 × drop-out share + weeks of waiting, at most "
                          "5) × share of routes through the step",
        "part_load": "barrier load", "part_dropout": "drop-out", "part_wait": "waiting",
        "unavoidable": "every route passes here", "score": "Score",
        "bottleneck_alt": "Bottleneck ranking of “{title}”: the top bottleneck is “{step}” with "
                          "score {score}{why}.",
        "why_load": ", mostly from its barrier load", "why_dropout": ", mostly from drop-out",
        "why_wait": ", mostly from waiting",
        "routes_title": "Routes compared: {title}",
        "routes_sub_level": "Barrier load of each route from a start to a goal, by resource "
                            "level where the barriers are met; ⚠ = subsidiarity flag",
        "routes_sub_actor": "Barrier load of each route from a start to a goal, by actor where "
                            "the barriers are met; ⚠ = subsidiarity flag",
        "route": "Route {n}", "route_facts": "{steps:step|steps}, levels {levels}",
        "via": "via {steps}",
        "routes_alt": "{count} routes of “{title}” compared: route 1 has the least barrier load "
                      "({load}).",
        "routes_alt_flag": " {flags} routes go up to institutions although a lighter route on "
                           "levels 1–3 exists.",
        "col_rank": "Rank", "col_step": "Step", "col_load": "Barrier load",
        "col_dropout": "Drop-out share", "col_days": "Days", "col_routes": "Routes through",
        "col_unavoidable": "Unavoidable", "col_route": "Route", "col_steps": "Steps",
        "col_total": "Total load", "col_flag": "Subsidiarity flag",
    },
    "de": {
        "bottleneck_title": "Engpässe: {title}",
        "bottleneck_sub": "Wert = (Barrierelast + 5 × Ausstiegsquote + Wochen Wartezeit, "
                          "höchstens 5) × Anteil der Wege durch den Schritt",
        "part_load": "Barrierelast", "part_dropout": "Ausstieg", "part_wait": "Wartezeit",
        "unavoidable": "alle Wege führen hier durch", "score": "Wert",
        "bottleneck_alt": "Engpass-Rangfolge von „{title}“: der größte Engpass ist „{step}“ mit "
                          "Wert {score}{why}.",
        "why_load": ", vor allem durch seine Barrierelast", "why_dropout": ", vor allem durch "
                    "Ausstieg", "why_wait": ", vor allem durch Wartezeit",
        "routes_title": "Wege im Vergleich: {title}",
        "routes_sub_level": "Barrierelast jedes Wegs vom Start zum Ziel, nach Ressourcenebene, "
                            "auf der die Barrieren liegen; ⚠ = Hinweis auf Subsidiarität",
        "routes_sub_actor": "Barrierelast jedes Wegs vom Start zum Ziel, nach Akteur, bei dem "
                            "die Barrieren liegen; ⚠ = Hinweis auf Subsidiarität",
        "route": "Weg {n}", "route_facts": "{steps:Schritt|Schritte}, Ebenen {levels}",
        "via": "über {steps}",
        "routes_alt": "{count} Wege von „{title}“ im Vergleich: Weg 1 hat die geringste "
                      "Barrierelast ({load}).",
        "routes_alt_flag": " {flags} Wege führen bis zu Institutionen, obwohl ein leichterer "
                           "Weg über die Ebenen 1–3 existiert.",
        "col_rank": "Rang", "col_step": "Schritt", "col_load": "Barrierelast",
        "col_dropout": "Ausstiegsquote", "col_days": "Tage", "col_routes": "Wege hindurch",
        "col_unavoidable": "Unvermeidbar", "col_route": "Weg", "col_steps": "Schritte",
        "col_total": "Gesamtlast", "col_flag": "Hinweis Subsidiarität",
    },
}
PARTS = ("load", "dropout", "wait")
PART_STYLE = {"load": (theme.OKABE_ITO[4], ""), "dropout": (theme.OKABE_ITO[5], "/"),
              "wait": (theme.OKABE_ITO[0], ".")}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _small(text: str, presentation: bool) -> str:
    return f"<span style='font-size:{theme.scaled(theme.SMALL_SIZE, presentation)}px'>{text}</span>"


# -- bottlenecks ------------------------------------------------------------------------


def score_parts(item: Bottleneck) -> dict[str, float]:
    """The bottleneck score split into what makes it (they add up to ``item.score``):
    barrier load, drop-out and waiting, each times the share of routes through the step."""
    share = item.routes_through / item.routes_total if item.routes_total else 1.0
    wait = min((item.days or 0) / DAYS_PER_POINT, MAX_WAIT_POINTS)
    return {"load": round(item.load * share, 4),
            "dropout": round(DROPOUT_WEIGHT * (item.dropout_share or 0) * share, 4),
            "wait": round(wait * share, 4)}


def _ranked(analysis_or_bottlenecks: Any, journey: Journey, lang: str, top: int
            ) -> list[Bottleneck]:
    items = getattr(analysis_or_bottlenecks, "bottlenecks", analysis_or_bottlenecks)
    if items is None:
        items = rank_bottlenecks(journey, lang=lang)
    return [b for b in items if b.score > 0][:top]


def bottleneck_chart(analysis_or_bottlenecks: Any, journey: Journey, *, lang: str,
                     top: int = 10, source: theme.Source = None, presentation: bool = False
                     ) -> go.Figure | None:
    """The ``top`` bottlenecks, highest score on top, as bars split into barrier load,
    drop-out and waiting. Takes an ``Analysis``, a list of ``Bottleneck``s or None (then
    ranks ``journey`` itself); None when no step scores above 0."""
    items = _ranked(analysis_or_bottlenecks, journey, lang, top)
    if not items:
        return None
    size = theme.scaled(theme.LABEL_SIZE, presentation)
    margin = {"l": 0, "r": 60, "t": 170, "b": 110}
    labels, margin["l"] = theme.row_labels(
        [("● " if b.unavoidable else "") + b.label for b in items], size,
        theme.plot_height(margin), 480)
    rows = [theme.plain(b.step) for b in items]
    parts = [score_parts(b) for b in items]
    hover = ["<b>" + theme.plain_wrap(b.label, 60, 2) + "</b><br>" + "<br>".join(
        "• " + theme.plain_wrap(r, 70, 3) for r in b.reasons) for b in items]
    traces = [go.Bar(
        y=rows, x=[p[part] for p in parts], orientation="h", name=_t(f"part_{part}", lang),
        marker=theme.bar_marker(*PART_STYLE[part]),
        hovertext=hover, hovertemplate="%{hovertext}<extra>%{fullData.name}: %{x:.2f}</extra>")
        for part in PARTS if any(p[part] for p in parts)]
    traces.append(go.Scatter(
        y=rows, x=[b.score for b in items], mode="text", showlegend=False, hoverinfo="skip",
        text=[" " + number(b.score, lang) for b in items], textposition="middle right",
        textfont={"size": theme.scaled(theme.FONT_SIZE, presentation)}))
    if any(b.unavoidable for b in items):  # explains the "●" before a step's name
        traces.append(go.Scatter(
            x=[None], y=[None], mode="markers", name=_t("unavoidable", lang),
            marker={"symbol": "circle", "color": theme.INK, "size": 10}, hoverinfo="skip"))
    layout = dict(
        barmode="stack", bargap=0.35, yaxis=theme.row_axis(rows, labels, size),
        xaxis={"title": {"text": _t("score", lang)},
               "range": [0, max(b.score for b in items) * 1.14]},
        legend={"y": 1.01, "yanchor": "bottom", "x": 0, "xanchor": "left",
                "traceorder": "normal"})
    first, why = items[0], max(parts[0], key=lambda k: parts[0][k])
    return theme.figure(
        traces, layout, title=_t("bottleneck_title", lang, title=journey.title),
        subtitle=_t("bottleneck_sub", lang), lang=lang,
        source=theme.source_text(journey, source, lang), presentation=presentation,
        alt=_t("bottleneck_alt", lang, title=journey.title, step=first.label,
               score=number(first.score, lang), why=_t(f"why_{why}", lang)),
        margin=margin)


def bottleneck_table(analysis_or_bottlenecks: Any, journey: Journey, *, lang: str,
                     top: int = 10) -> pd.DataFrame:
    """The bottleneck chart's numbers: one row per bar, with the parts of the score."""
    rows = []
    for rank, item in enumerate(_ranked(analysis_or_bottlenecks, journey, lang, top), 1):
        parts = score_parts(item)
        rows.append({
            _t("col_rank", lang): rank, _t("col_step", lang): item.label,
            _t("score", lang): item.score,
            **{_t(f"part_{p}", lang): parts[p] for p in PARTS},
            _t("col_load", lang): item.load, _t("col_dropout", lang): item.dropout_share,
            _t("col_days", lang): item.days,
            _t("col_routes", lang): f"{item.routes_through}/{item.routes_total}",
            _t("col_unavoidable", lang): item.unavoidable})
    return pd.DataFrame(rows)


# -- routes compared --------------------------------------------------------------------


def _routes(journey: Journey, routes_info: Any, lang: str
            ) -> tuple[list[RouteSummary], list[SubsidiarityFlag]]:
    """Routes and flags from an ``Analysis``, a list of ``RouteSummary`` or None."""
    if routes_info is None:
        routes = describe_routes(journey, find_routes(journey, max_routes=MAX_ROUTES).routes)
    else:
        routes = list(getattr(routes_info, "routes", routes_info))
    flags = getattr(routes_info, "subsidiarity", None)
    if flags is None:
        flags = subsidiarity(journey, routes, lang=lang)
    return routes[:MAX_ROUTES], [f for f in flags if f.route < MAX_ROUTES]


def _route_parts(journey: Journey, routes: Sequence[RouteSummary], by: str
                 ) -> tuple[list[str], list[dict[str, float]]]:
    """Keys (levels "1".."4" or actor ids, in order) and each route's load per key."""
    placed = {p.ref: p for p in barrier_register(journey)}
    if by == "level":
        keys = [str(level) for level in sorted({a.level for a in journey.actors})]
    else:
        keys = [a.id for a in sorted(journey.actors, key=lambda a: a.level)]
    loads = []
    for route in routes:
        row = dict.fromkeys(keys, 0.0)
        for ref in route.barriers:
            p = placed[ref]
            key = str(p.level) if by == "level" else p.actor
            row[key] += p.load
        loads.append({k: round(v, 4) for k, v in row.items()})
    used = [k for k in keys if any(row[k] for row in loads)]
    return used, loads


def _key_style(journey: Journey, key: str, index: int, by: str, lang: str
               ) -> tuple[str, str, str]:
    if by == "level":
        level = int(key)
        return theme.level_name(level, lang), theme.LEVEL_COLOURS[level], \
            theme.LEVEL_PATTERNS[level]
    return (theme.plain(journey.actors_by_id[key].label),
            theme.OKABE_ITO[index % len(theme.OKABE_ITO)],
            theme.PATTERNS[index % len(theme.PATTERNS)])


def routes_chart(journey: Journey, routes_info: Any = None, *, lang: str, by: str = "level",
                 source: theme.Source = None, presentation: bool = False) -> go.Figure | None:
    """Routes side by side (least barrier load on top), each bar split by resource level
    (``by="level"``) or actor (``by="actor"``); ⚠ marks routes flagged for subsidiarity.
    ``routes_info``: an ``Analysis``, a list of ``RouteSummary`` or None (found here).
    None when no route reaches a goal."""
    routes, flags = _routes(journey, routes_info, lang)
    if not routes:
        return None
    flagged = {f.route: f for f in flags}
    keys, loads = _route_parts(journey, routes, by)
    size = theme.scaled(theme.LABEL_SIZE, presentation)
    margin = {"l": 0, "r": 60, "t": 170, "b": 110}
    labels, margin["l"] = _route_labels(journey, routes, flagged, lang, presentation,
                                        theme.plot_height(margin))
    hover = [_route_hover(journey, r, flagged.get(i)) for i, r in enumerate(routes)]
    traces: list[go.BaseTraceType] = []
    for index, key in enumerate(keys):
        name, colour, pattern = _key_style(journey, key, index, by, lang)
        traces.append(go.Bar(
            y=labels, x=[row[key] for row in loads], orientation="h", name=name,
            marker=theme.bar_marker(colour, pattern),
            hovertext=hover, hovertemplate="%{hovertext}<extra>%{fullData.name}: "
                                           "%{x:.2f}</extra>"))
    traces.append(go.Scatter(
        y=labels, x=[r.barrier_load for r in routes], mode="text", showlegend=False,
        hoverinfo="skip", text=[" " + number(r.barrier_load, lang) for r in routes],
        textposition="middle right",
        textfont={"size": theme.scaled(theme.FONT_SIZE, presentation)}))
    layout = dict(
        barmode="stack", bargap=0.35,
        yaxis={"autorange": "reversed", "tickfont": {"size": size}, "ticks": ""},
        xaxis={"title": {"text": theme.text("load", lang)},
               "range": [0, max([r.barrier_load for r in routes] + [1.0]) * 1.14]},
        legend={"y": 1.01, "yanchor": "bottom", "x": 0, "xanchor": "left",
                "traceorder": "normal"})
    alt = _t("routes_alt", lang, count=len(routes), title=journey.title,
             load=number(routes[0].barrier_load, lang))
    if flags:
        alt += _t("routes_alt_flag", lang, flags=len(flags))
    return theme.figure(
        traces, layout, title=_t("routes_title", lang, title=journey.title),
        subtitle=_t(f"routes_sub_{'level' if by == 'level' else 'actor'}", lang), lang=lang,
        source=theme.source_text(journey, source, lang), alt=alt, presentation=presentation,
        margin=margin)


def _levels(route: RouteSummary) -> str:
    return ", ".join(str(level) for level in route.levels)


def _route_labels(journey: Journey, routes: Sequence[RouteSummary], flagged: Collection[int],
                  lang: str, presentation: bool, rows_px: float) -> tuple[list[str], int]:
    """Each route's name, size and levels and, where the rows leave room, the steps that
    set it apart from the other routes ("via …": what a slide cannot show on hover); and
    the left margin that holds them. Ten routes (``MAX_ROUTES``) always leave two lines."""
    size = theme.scaled(theme.LABEL_SIZE, presentation)
    small = theme.scaled(theme.SMALL_SIZE, presentation)
    widest = 0.36 * theme.WIDTH
    lines = theme.label_lines(len(routes), rows_px, size, 4)
    shared = set.intersection(*(set(r.steps) for r in routes))
    labels, width = [], 0.0
    for index, route in enumerate(routes):
        head = ("⚠ " if index in flagged else "") + _t("route", lang, n=index + 1)
        facts = _t("route_facts", lang, steps=len(route.steps), levels=_levels(route))
        text = [f"<b>{head}</b>", facts]
        own = [journey.steps_by_id[s].label for s in route.steps if s not in shared]
        if own and lines > 2:
            via = _t("via", lang, steps=" → ".join(own))
            text += theme.plain_wrap(via, theme.chars(widest, small), lines - 2).split("<br>")
        width = max(width, theme.text_width(text[0], size),
                    *(theme.text_width(t, small) for t in text[1:]))
        labels.append("<br>".join([text[0], *(_small(t, presentation) for t in text[1:])]))
    return labels, round(min(width, widest) + 2 * theme.EDGE)


def _route_hover(journey: Journey, route: RouteSummary, flag: SubsidiarityFlag | None) -> str:
    steps = " → ".join(theme.wrap(journey.steps_by_id[s].label, 28, 1) for s in route.steps)
    text = theme.plain_wrap(steps, 80, 6)
    return text + (f"<br><b>⚠ {theme.plain_wrap(flag.message, 80, 4)}</b>" if flag else "")


def routes_table(journey: Journey, routes_info: Any = None, *, lang: str, by: str = "level"
                 ) -> pd.DataFrame | None:
    """The routes chart's numbers: one row per route, its load per level (or actor)."""
    routes, flags = _routes(journey, routes_info, lang)
    if not routes:
        return None
    flagged = {f.route: f.message for f in flags}
    keys, loads = _route_parts(journey, routes, by)
    return pd.DataFrame([{
        _t("col_route", lang): index + 1,
        _t("col_steps", lang): " → ".join(journey.steps_by_id[s].label for s in route.steps),
        **{_key_style(journey, k, i, by, lang)[0]: row[k] for i, k in enumerate(keys)},
        _t("col_total", lang): route.barrier_load,
        _t("col_flag", lang): flagged.get(index, "")}
        for index, (route, row) in enumerate(zip(routes, loads, strict=True))])


__all__ = ["bottleneck_chart", "bottleneck_table", "routes_chart", "routes_table",
           "score_parts"]
