"""Charts of one journey that need nothing but the journey: heatmap, funnel, emotion curve.

Each chart has a ``*_table`` twin with the same numbers (the table alternative for screen
readers and reports) and an alt text in ``layout.meta`` (``theme.alt_text``). Charts that have
nothing to show (no counts, no emotions) return ``None``; callers show
``theme.no_data_message``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

from journeys.bottlenecks import bottlenecks
from journeys.figures import theme
from journeys.figures.placement import map_layout
from journeys.figures.theme import no_data_message
from journeys.graph import forward_graph, to_graph
from journeys.i18n import number, percent, translate
from journeys.register import barrier_register
from journeys.routes import find_routes
from models import Journey

TEXT = {
    "en": {
        "heatmap_title": "Where the barriers are: {title}",
        "heatmap_sub": "Barrier load per step and category (severity × share affected); "
                       "barriers on a transition count at the step it leads to",
        "step": "Step", "category": "Category", "load": "Barrier load", "total": "Total",
        "heatmap_alt": "Heatmap of barrier load for {steps:step|steps} and {categories} barrier "
                       "categories of “{title}”. The heaviest cell is “{step}” × {category} "
                       "({load}).",
        "heatmap_alt_none": "Heatmap of barrier load of “{title}”: no barriers are recorded.",
        "funnel_title": "How many get through: {title}",
        "funnel_sub": "People observed at each step of the most travelled route "
                      "(steps marked with counts)",
        "reached": "People reached", "reached_share": "People reached (share of start)",
        "share_start": "Share of start", "dropped": "Drop out here",
        "dropped_share": "Drop-out share",
        "funnel_hover": "{reached} people ({share} of the start)",
        "funnel_drop": "{dropped} drop out here ({share})",
        "funnel_alt": "Funnel of “{title}”: {first} people start at “{start}”, {last} reach "
                      "“{end}” ({share}). Most drop out at “{worst}” ({dropped}).",
        "funnel_alt_plain": "Funnel of “{title}”: {first} people start at “{start}”, {last} "
                            "reach “{end}” ({share}).",
        "emotion_title": "How it feels along the way: {title}",
        "emotion_sub": "Feeling at each step of the route (1 very bad … 5 very good, "
                       "line and numbers) and its barrier load (bars)",
        "emotion": "Feeling (1–5)", "emotion_1": "1 very bad", "emotion_2": "2 bad",
        "emotion_3": "3 neutral", "emotion_4": "4 good", "emotion_5": "5 very good",
        "emotion_alt": "Emotion curve of “{title}” over {steps:step|steps}: the lowest feeling "
                       "({low} of 5) is at “{step}”, the route ends at {end} of 5.",
        "position": "No.",
    },
    "de": {
        "heatmap_title": "Wo die Barrieren liegen: {title}",
        "heatmap_sub": "Barrierelast je Schritt und Kategorie (Schwere × Anteil Betroffener); "
                       "Barrieren auf Übergängen zählen beim Schritt, zu dem sie führen",
        "step": "Schritt", "category": "Kategorie", "load": "Barrierelast", "total": "Summe",
        "heatmap_alt": "Heatmap der Barrierelast für {steps:Schritt|Schritte} und {categories} "
                       "Barrierekategorien von „{title}“. Die höchste Last hat „{step}“ × "
                       "{category} ({load}).",
        "heatmap_alt_none": "Heatmap der Barrierelast von „{title}“: keine Barrieren erfasst.",
        "funnel_title": "Wie viele durchkommen: {title}",
        "funnel_sub": "Beobachtete Personen je Schritt auf dem meistbegangenen Weg "
                      "(Schritte mit Zahlen)",
        "reached": "Erreichte Personen", "reached_share": "Erreichte Personen (Anteil am Start)",
        "share_start": "Anteil am Start",
        "dropped": "Steigen hier aus", "dropped_share": "Ausstiegsquote",
        "funnel_hover": "{reached} Personen ({share} des Starts)",
        "funnel_drop": "{dropped} steigen hier aus ({share})",
        "funnel_alt": "Trichter von „{title}“: {first} Personen beginnen bei „{start}“, {last} "
                      "erreichen „{end}“ ({share}). Die meisten steigen bei „{worst}“ aus "
                      "({dropped}).",
        "funnel_alt_plain": "Trichter von „{title}“: {first} Personen beginnen bei „{start}“, "
                            "{last} erreichen „{end}“ ({share}).",
        "emotion_title": "Wie es sich anfühlt: {title}",
        "emotion_sub": "Gefühl bei jedem Schritt des Wegs (1 sehr schlecht … 5 sehr gut, "
                       "Linie und Zahlen) und seine Barrierelast (Balken)",
        "emotion": "Gefühl (1–5)", "emotion_1": "1 sehr schlecht", "emotion_2": "2 schlecht",
        "emotion_3": "3 neutral", "emotion_4": "4 gut", "emotion_5": "5 sehr gut",
        "emotion_alt": "Gefühlskurve von „{title}“ über {steps:Schritt|Schritte}: das schlechteste "
                       "Gefühl ({low} von 5) bei „{step}“, am Ende {end} von 5.",
        "position": "Nr.",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


# -- heatmap ----------------------------------------------------------------------------


def _heat(journey: Journey) -> tuple[list[str], list[str], list[list[float]]]:
    """Steps (map order), categories (catalogue order) and their summed register loads."""
    positions = map_layout(journey).positions
    steps = sorted(positions, key=lambda s: positions[s])
    cells: dict[tuple[str, str], float] = defaultdict(float)
    for placed in barrier_register(journey):
        cells[placed.step, placed.barrier.category] += placed.load
    used = {category for _, category in cells}
    categories = [c for c in journey.known_categories() if c in used]
    return steps, categories, [[round(cells.get((s, c), 0.0), 2) for c in categories]
                               for s in steps]


def heatmap(journey: Journey, *, lang: str, source: theme.Source = None,
            presentation: bool = False) -> go.Figure:
    """Step × category barrier load; every non-empty cell also prints its number."""
    steps, categories, z = _heat(journey)
    by_id = journey.steps_by_id
    slanted = len(categories) > 6
    size = theme.scaled(theme.LABEL_SIZE, presentation)
    column_size = theme.scaled(theme.SMALL_SIZE, presentation)
    # slanted names take one line each (two would run into the next column's)
    columns = [theme.plain_wrap(journey.category(c).label(lang), 34 if slanted else 14,
                                1 if slanted else 3) for c in categories]
    head = max((theme.text_width(c, column_size) for c in columns), default=0.0)
    margin = {"l": 0, "r": 190, "b": 50, "t": round(
        140 + (head * 0.71 if slanted else 3 * theme.LINE_EM * column_size))}
    rows_px = theme.plot_height(margin)
    labels, margin["l"] = theme.row_labels([by_id[s].label for s in steps], size, rows_px, 520)
    width = (theme.WIDTH - margin["l"] - margin["r"]) / max(len(categories), 1)
    if slanted:  # the last column's name runs up and to the right: keep it on the figure
        margin["r"] = max(margin["r"], round(head * 0.71 - width / 2 + theme.EDGE))
        width = (theme.WIDTH - margin["l"] - margin["r"]) / max(len(categories), 1)
    cell = min(rows_px / max(len(steps), 1), width)
    shown = [[v if v else None for v in row] for row in z]
    top = max([v for row in z for v in row] + [1.0])
    trace = go.Heatmap(
        z=shown, x=columns, y=[theme.plain(s) for s in steps],
        customdata=[[theme.plain(by_id[s].label)] * len(categories) for s in steps],
        colorscale=theme.LOAD_SCALE, zmin=0, zmax=top, xgap=2, ygap=2, hoverongaps=False,
        texttemplate="%{z:.1f}", textfont={"size": min(size, max(11, round(cell / 2.2)))},
        colorbar=theme.load_colourbar(lang, presentation, len=0.75, y=0, yanchor="bottom"),
        hovertemplate="%{customdata}<br>%{x}<br>" + _t("load", lang)
                      + ": %{z:.2f}<extra></extra>")
    layout = dict(
        xaxis={"side": "top", "tickangle": -45 if slanted else 0, "showgrid": False,
               "ticks": "", "tickfont": {"size": column_size}},
        yaxis={**theme.row_axis([theme.plain(s) for s in steps], labels, size),
               "showgrid": False})
    return theme.figure(
        [trace], layout, title=_t("heatmap_title", lang, title=journey.title),
        subtitle=_t("heatmap_sub", lang), lang=lang,
        source=theme.source_text(journey, source, lang), alt=_heatmap_alt(journey, lang),
        presentation=presentation, margin=margin)


def _heatmap_alt(journey: Journey, lang: str) -> str:
    steps, categories, z = _heat(journey)
    if not categories:
        return _t("heatmap_alt_none", lang, title=journey.title)
    value, row, column = max((v, i, j) for i, r in enumerate(z) for j, v in enumerate(r))
    return _t("heatmap_alt", lang, steps=len(steps), categories=len(categories),
              title=journey.title, step=journey.steps_by_id[steps[row]].label,
              category=journey.category(categories[column]).label(lang),
              load=number(value, lang))


def heatmap_table(journey: Journey, *, lang: str) -> pd.DataFrame:
    """The heatmap's numbers: one row per step, one column per category, and the total."""
    steps, categories, z = _heat(journey)
    return pd.DataFrame([
        {_t("step", lang): journey.steps_by_id[s].label,
         **{journey.category(c).label(lang): v for c, v in zip(categories, row, strict=True)},
         _t("total", lang): round(sum(row), 2)} for s, row in zip(steps, z, strict=True)])


# -- funnel -----------------------------------------------------------------------------


def main_route(journey: Journey) -> list[str]:
    """The most travelled route: from the start most people reach, always on to the next
    step most people take (transition ``count``, else the step's ``reached``), never into a
    drop-out, until a goal (or a dead end)."""
    graph = forward_graph(to_graph(journey))
    steps = journey.steps_by_id

    def people(source: str | None, target: str) -> tuple[int, int]:
        count = graph.edges[source, target]["transition"].count if source else None
        return count or 0, steps[target].reached or 0

    starts = journey.start_ids()
    if not starts:
        return []
    route = [max(starts, key=lambda s: people(None, s))]
    while steps[route[-1]].outcome != "goal":
        ahead = [t for t in graph.successors(route[-1])
                 if steps[t].outcome != "dropout" and t not in route]
        if not ahead:
            break
        route.append(max(ahead, key=lambda t: people(route[-1], t)))
    return route


def _funnel_rows(journey: Journey, route: Sequence[str] | None, lang: str) -> list[dict]:
    """Per step of the route with a known number: reached, share of start, drop-out here."""
    flows = {b.step: b for b in bottlenecks(journey, lang=lang)}
    route = list(route) if route is not None else main_route(journey)
    rows = []
    for step_id in route:
        flow = flows[step_id]
        if flow.reached is None:
            continue
        first = rows[0]["reached"] if rows else flow.reached
        rows.append({"step": step_id, "label": journey.steps_by_id[step_id].label,
                     "reached": flow.reached, "share": flow.reached / first if first else 0.0,
                     "dropped": flow.dropped, "dropped_share": flow.dropout_share})
    return rows


def funnel(journey: Journey, *, lang: str, route: Sequence[str] | None = None,
           source: theme.Source = None, presentation: bool = False) -> go.Figure | None:
    """Drop-off along ``route`` (the most travelled route by default) from observed numbers;
    None when fewer than two of its steps have numbers (see ``theme.no_data_message``)."""
    rows = _funnel_rows(journey, route, lang)
    if len(rows) < 2:
        return None
    size = theme.scaled(theme.LABEL_SIZE, presentation)
    note = theme.scaled(theme.SMALL_SIZE, presentation)
    margin = {"l": 0, "r": 0, "t": 170, "b": 60}
    labels, margin["l"] = theme.row_labels([r["label"] for r in rows], size,
                                           theme.plot_height(margin), 440, 3)
    hover = []
    for r in rows:
        text = _t("funnel_hover", lang, reached=number(r["reached"], lang),
                  share=percent(r["share"], lang))
        if r["dropped"]:
            text += "<br>" + _t("funnel_drop", lang, dropped=number(r["dropped"], lang),
                                share=percent(r["dropped_share"], lang))
        hover.append(f"<b>{theme.plain(r['label'])}</b><br>{text}")
    trace = go.Funnel(
        y=labels, x=[r["reached"] for r in rows], hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        text=[f"{number(r['reached'], lang)} ({percent(r['share'], lang)})" for r in rows],
        textinfo="text", textposition="auto",
        textfont={"size": theme.scaled(theme.FONT_SIZE, presentation)},
        marker={"color": theme.OKABE_ITO[4]}, connector={"fillcolor": theme.BAND},
        name=_t("reached_share", lang), showlegend=True)
    drops = [{"x": 1, "xref": "paper", "xanchor": "left", "xshift": 8, "y": label,
              "showarrow": False, "align": "left",
              "text": "↘ " + _t("funnel_drop", lang, dropped=number(r["dropped"], lang),
                                share=percent(r["dropped_share"], lang)),
              "font": {"size": note, "color": DROP_INK}}
             for label, r in zip(labels, rows, strict=True) if r["dropped"]]
    margin["r"] = round(max([theme.text_width(d["text"], note) for d in drops] + [0.0])
                        + 2 * theme.EDGE)
    layout = dict(annotations=drops, yaxis={"tickfont": {"size": size}},
                  legend={"y": 1.01, "yanchor": "bottom", "x": 0, "xanchor": "left"})
    return theme.figure(
        [trace], layout, title=_t("funnel_title", lang, title=journey.title),
        subtitle=_t("funnel_sub", lang), lang=lang, source=theme.source_text(journey, source, lang),
        alt=_funnel_alt(journey, rows, lang), presentation=presentation, margin=margin)


def _funnel_alt(journey: Journey, rows: list[dict], lang: str) -> str:
    first, last = rows[0], rows[-1]
    values = {"title": journey.title, "first": number(first["reached"], lang),
              "start": first["label"], "last": number(last["reached"], lang),
              "end": last["label"], "share": percent(last["share"], lang)}
    worst = max(rows, key=lambda r: r["dropped"] or 0)
    if not worst["dropped"]:
        return _t("funnel_alt_plain", lang, **values)
    return _t("funnel_alt", lang, worst=worst["label"], dropped=number(worst["dropped"], lang),
              **values)


def funnel_table(journey: Journey, *, lang: str, route: Sequence[str] | None = None
                 ) -> pd.DataFrame | None:
    """The funnel's numbers, one row per step (None when the funnel has none)."""
    rows = _funnel_rows(journey, route, lang)
    if len(rows) < 2:
        return None
    return pd.DataFrame([{
        _t("step", lang): r["label"], _t("reached", lang): r["reached"],
        _t("share_start", lang): round(r["share"], 4), _t("dropped", lang): r["dropped"],
        _t("dropped_share", lang): None if r["dropped_share"] is None
        else round(r["dropped_share"], 4)} for r in rows])


# -- emotion curve ----------------------------------------------------------------------

DROP_INK = "#b34700"
"""Drop-out notes beside the funnel: Okabe-Ito's vermilion darkened to read as text (4.5:1
on white)."""
EMOTION_SYMBOLS = {1: "triangle-down", 2: "triangle-down-open", 3: "circle",
                   4: "triangle-up-open", 5: "triangle-up"}


def _emotion_route(journey: Journey, route: Sequence[str] | None) -> list[str]:
    if route is not None:
        return list(route)
    found = find_routes(journey, max_routes=1).routes
    return list(found[0].steps) if found else main_route(journey)


def _emotion_rows(journey: Journey, route: Sequence[str] | None) -> list[dict]:
    """Per step of the route: feeling and the barrier load met there (its own barriers and
    those on the transition the route takes into it)."""
    steps = _emotion_route(journey, route)
    taken = set(pairwise(steps))
    loads: dict[str, float] = defaultdict(float)
    for placed in barrier_register(journey):
        if placed.transition is None or placed.transition in taken:
            loads[placed.step] += placed.load
    return [{"step": s, "label": journey.steps_by_id[s].label,
             "emotion": journey.steps_by_id[s].emotion, "load": round(loads[s], 2)}
            for s in steps]


def emotion_curve(journey: Journey, route: Sequence[str] | None = None, *, lang: str,
                  source: theme.Source = None, presentation: bool = False
                  ) -> go.Figure | None:
    """Feeling along ``route`` (default: the least-barrier route) over its barrier load;
    None when no step of the route carries an emotion (see ``theme.no_data_message``)."""
    rows = _emotion_rows(journey, route)
    known = [r for r in rows if r["emotion"] is not None]
    if not known:
        return None
    size = theme.scaled(theme.LABEL_SIZE, presentation)
    margin = {"l": 0, "r": 40, "t": 150, "b": 0}
    ticks = [_t(f"emotion_{i}", lang) for i in range(1, 6)]
    margin["l"] = round(max(theme.text_width(t, theme.scaled(theme.FONT_SIZE, presentation))
                            for t in ticks) + 2 * theme.EDGE)
    column = (theme.WIDTH - margin["l"] - margin["r"]) / len(rows)
    lines = 3 if len(rows) <= 10 else 2
    x = [f"{i + 1}. " + theme.plain_wrap(r["label"], theme.chars(column - 8, size), lines)
         for i, r in enumerate(rows)]
    margin["b"] = round(lines * theme.LINE_EM * size + 56)  # the source line goes below
    traces = [
        go.Scatter(
            x=x, y=[r["emotion"] for r in rows], name=_t("emotion", lang),
            mode="lines+markers+text", connectgaps=False,
            line={"color": theme.OKABE_ITO[5], "width": 4},
            marker={"size": 22, "color": theme.OKABE_ITO[5], "line": {"width": 2},
                    "symbol": [EMOTION_SYMBOLS.get(r["emotion"], "circle") for r in rows]},
            text=[str(r["emotion"]) if r["emotion"] else "" for r in rows],
            textposition="top center",
            textfont={"size": theme.scaled(theme.FONT_SIZE, presentation)},
            hovertemplate="%{y}<extra></extra>"),
        go.Bar(
            x=x, y=[r["load"] for r in rows], name=_t("load", lang), yaxis="y2",
            marker=theme.bar_marker(theme.GRID, "/", theme.MUTED),
            text=[number(r["load"], lang) if r["load"] else "" for r in rows],
            textposition="outside", cliponaxis=False,
            textfont={"size": theme.scaled(theme.LABEL_SIZE, presentation)},
            hovertemplate="%{y:.2f}<extra></extra>")]
    layout = dict(  # feeling on top, load below, one shared x axis (at the bottom)
        yaxis={"domain": [0.36, 1], "range": [0.5, 5.6], "tickvals": [1, 2, 3, 4, 5],
               "ticktext": [_t(f"emotion_{i}", lang) for i in range(1, 6)]},
        yaxis2={"domain": [0, 0.28], "rangemode": "tozero", "nticks": 4,
                "title": {"text": _t("load", lang),
                          "font": {"size": theme.scaled(theme.SMALL_SIZE, presentation)}}},
        xaxis={"anchor": "y2", "tickfont": {"size": size}, "tickangle": 0, "showgrid": True},
        legend={"y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"}, bargap=0.5)
    low = min(known, key=lambda r: r["emotion"])
    alt = _t("emotion_alt", lang, title=journey.title, steps=len(rows), low=low["emotion"],
             step=low["label"], end=known[-1]["emotion"])
    return theme.figure(
        traces, layout, title=_t("emotion_title", lang, title=journey.title),
        subtitle=_t("emotion_sub", lang), lang=lang,
        source=theme.source_text(journey, source, lang), alt=alt, presentation=presentation,
        margin=margin)


def emotion_table(journey: Journey, route: Sequence[str] | None = None, *, lang: str
                  ) -> pd.DataFrame | None:
    """The emotion curve's numbers (None when it has none)."""
    rows = _emotion_rows(journey, route)
    if not any(r["emotion"] is not None for r in rows):
        return None
    return pd.DataFrame([{_t("position", lang): i + 1, _t("step", lang): r["label"],
                          _t("emotion", lang): r["emotion"], _t("load", lang): r["load"]}
                         for i, r in enumerate(rows)])


__all__ = ["emotion_curve", "emotion_table", "funnel", "funnel_table", "heatmap",
           "heatmap_table", "main_route", "no_data_message"]
