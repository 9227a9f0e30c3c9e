"""Charts over several journeys: journeys compared, and portfolio hotspots.

Both draw what the engine computed (``journeys.compare.compare_journeys``,
``journeys.hotspots.portfolio_hotspots``). Every series has a colour AND a fill pattern, and
bars print their values, so nothing depends on telling colours apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from journeys.compare import Comparison, compare_journeys, distinct_names
from journeys.figures import theme
from journeys.hotspots import NONE, journey_keys
from journeys.i18n import language, number, translate
from journeys.offers import offer_labels
from models import CATEGORIES, DIMENSIONS, Journey

TOP_KEYS = 7
"""Portfolio stacks show this many keys; the rest is summed as "all others"."""
BAR_GAP = 0.2
"""Gap between the groups of bars of journeys compared (share of a row)."""
TOP_GROUPS = 10
"""Portfolio charts show this many groups (bars); the rest is one more bar: their mean per
group (their sum would set the axis: 34 offers summed dwarf the ten named ones), the table
their sum."""
OTHERS = NONE + ":others"
"""Key (and group) of everything summed beyond ``TOP_KEYS`` (``TOP_GROUPS``)."""

TEXT = {
    "en": {
        "compared_title": "Journeys compared by {by}",
        "compared_sub": "Barrier load (severity × share affected) per {by} and journey",
        "compared_alt": "Bar chart of barrier load by {by} for {count} journeys. {finding}",
        "portfolio_title": "Barrier hotspots by {group}",
        "portfolio_sub": "Barrier load (severity × share affected) per {group}, stacked by {by}",
        "portfolio_alt": "Stacked bars of barrier load by {by} for {count} groups ({group}): "
                         "“{top}” carries the most ({load}), mostly {part}.",
        "portfolio_alt_none": "No barriers recorded in the portfolio.",
        "portfolio": "portfolio of {count} groups",
        "others": "all others", "others_groups": "{count} others",
        "others_mean": "Ø of {count} others", "none": "(not given)",
        "total": "Total",
        "category": "category", "dimension": "access dimension", "actor": "actor",
        "level": "resource level", "stage": "stage", "channel": "channel", "region": "region",
        "owner": "owner", "tag": "tag", "journey": "journey", "group": "group",
        "offer": "offer", "no_dimension": "(no dimension)",
    },
    "de": {
        "compared_title": "Nutzerreisen im Vergleich nach {by}",
        "compared_sub": "Barrierelast (Schwere × Anteil Betroffener) je {by} und Nutzerreise",
        "compared_alt": "Balkendiagramm der Barrierelast nach {by} für {count} Nutzerreisen. "
                        "{finding}",
        "portfolio_title": "Barriere-Hotspots nach {group}",
        "portfolio_sub": "Barrierelast (Schwere × Anteil Betroffener) je {group}, gestapelt "
                         "nach {by}",
        "portfolio_alt": "Gestapelte Balken der Barrierelast nach {by} für {count} Gruppen "
                         "({group}): „{top}“ trägt die meiste ({load}), vor allem {part}.",
        "portfolio_alt_none": "Im Portfolio sind keine Barrieren erfasst.",
        "portfolio": "Portfolio aus {count} Gruppen",
        "others": "alle übrigen", "others_groups": "{count} weitere",
        "others_mean": "Ø der {count} weiteren",
        "none": "(ohne Angabe)", "total": "Summe",
        "category": "Kategorie", "dimension": "Zugangsdimension", "actor": "Akteur",
        "level": "Ressourcenebene", "stage": "Phase", "channel": "Kanal", "region": "Region",
        "owner": "Träger", "tag": "Schlagwort", "journey": "Nutzerreise", "group": "Gruppe",
        "offer": "Angebot", "no_dimension": "(keine Dimension)",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def key_label(key: str, by: str, lang: str, journeys: Sequence[Journey] = ()) -> str:
    """How a hotspot key reads: category, dimension, level and channel from the catalogue,
    actor, stage and custom category from the ``journeys`` that define them.

    >>> key_label("3", "level", "de"), key_label("forms", "category", "en")
    ('3 · Sozialraum', 'Forms & proofs')
    """
    if by == "level":
        return theme.level_name(int(key), lang)
    if by == "channel":
        return theme.text(f"channel_{key}", lang)
    if by == "dimension":
        dimension = DIMENSIONS.get(key)
        if dimension is None:
            return _t("no_dimension", lang)
        return dimension.de if language(lang) == "de" else dimension.en
    if by == "actor" and key in (offers := offer_labels(journeys)):
        return offers[key]
    for journey in journeys:
        if by == "category" and key in journey.known_categories():
            return journey.category(key).label(lang)
        if by == "actor" and key in journey.actors_by_id:
            return journey.actors_by_id[key].label
        if by == "stage" and key in journey.stages_by_id:
            return journey.stages_by_id[key].label
    if by == "category" and key in CATEGORIES:
        return CATEGORIES[key].label(lang)
    return key


def _style(index: int) -> dict:
    return theme.bar_marker(theme.OKABE_ITO[index % len(theme.OKABE_ITO)],
                            theme.PATTERNS[index % len(theme.PATTERNS)])


def _key_style(key: str, by: str, index: int) -> dict:
    """Levels keep their colour and pattern of every chart; other keys go by position."""
    if by == "level" and key.isdigit():
        return theme.bar_marker(theme.LEVEL_COLOURS[int(key)], theme.LEVEL_PATTERNS[int(key)])
    return _style(index)


# -- journeys compared ------------------------------------------------------------------


def _compared(journeys: Sequence[Journey], by: str, lang: str, comparison: Comparison | None
              ) -> tuple[Comparison, list[str], dict[str, str], list[dict[str, float]]]:
    """The comparison, its keys by total load, journey names, and each journey's loads."""
    comparison = comparison or compare_journeys(journeys, lang=lang)
    table = comparison.category if by == "category" else comparison.stage
    keys = sorted(table, key=lambda k: -sum(c.load for c in table[k].values()))
    names = comparison.names()
    loads = [{k: round(table[k][t.key].load, 4) for k in keys} for t in comparison.journeys]
    return comparison, keys, names, loads


def journeys_compared(journeys: Sequence[Journey], *, lang: str, by: str = "category",
                      comparison: Comparison | None = None, source: theme.Source = None,
                      presentation: bool = False) -> go.Figure:
    """Barrier load per category (``by="category"``) or stage (``by="stage"``), one bar per
    journey; pass ``comparison`` when it is already computed."""
    comparison, keys, names, loads = _compared(journeys, by, lang, comparison)
    size = theme.scaled(theme.LABEL_SIZE, presentation)
    margin = {"l": 0, "r": 80, "t": 190, "b": 110}
    labels, margin["l"] = theme.row_labels([key_label(k, by, lang, journeys) for k in keys],
                                           size, theme.plot_height(margin), 420)
    top = max([v for row in loads for v in row.values()] + [1.0])
    bar = theme.plot_height(margin) / max(len(keys), 1) * (1 - BAR_GAP) / len(loads)
    value_size = max(12, min(theme.scaled(theme.SMALL_SIZE, presentation), round(bar * 1.1)))
    traces = [go.Bar(
        y=labels, x=[row[k] for k in keys], orientation="h", marker=_style(index),
        name=theme.plain_wrap(names[totals.key], 60, 2), texttemplate=" %{x:.1f}",
        textposition="outside", cliponaxis=False, textfont={"size": value_size},
        hovertemplate="%{y}<br>%{fullData.name}: %{x:.2f}<extra></extra>")
        for index, (totals, row) in enumerate(zip(comparison.journeys, loads, strict=True))]
    layout = dict(
        barmode="group", bargap=BAR_GAP, uniformtext={"mode": "show", "minsize": value_size},
        yaxis={"autorange": "reversed", "tickfont": {"size": size}, "ticks": ""},
        xaxis={"title": {"text": theme.text("load", lang)}, "range": [0, top * 1.1]},
        legend={"y": 1.01, "yanchor": "bottom", "x": 0, "xanchor": "left"})
    by_word = _t(by, lang)
    return theme.figure(
        traces, layout, title=_t("compared_title", lang, by=by_word),
        subtitle=_t("compared_sub", lang, by=by_word), lang=lang,
        source=theme.source_text(list(journeys), source, lang), presentation=presentation,
        alt=_t("compared_alt", lang, by=by_word, count=len(journeys),
               finding=" ".join(comparison.findings[:2])), margin=margin)


def journeys_compared_table(journeys: Sequence[Journey], *, lang: str, by: str = "category",
                            comparison: Comparison | None = None) -> pd.DataFrame:
    """The comparison's numbers: one row per category (or stage), one column per journey."""
    comparison, keys, names, loads = _compared(journeys, by, lang, comparison)
    return pd.DataFrame([
        {_t(by, lang).capitalize(): key_label(k, by, lang, journeys),
         **{names[t.key]: row[k] for t, row in zip(comparison.journeys, loads, strict=True)}}
        for k in keys])


# -- portfolio hotspots -----------------------------------------------------------------


def _load(cell: Any) -> float:
    return float(getattr(cell, "load", cell))


def _portfolio(hotspots: Mapping[str, Mapping[str, Any]], by: str = "category",
               mean: bool = False) -> tuple[list[str], list[str], list[dict[str, float]]]:
    """Groups (the first ``TOP_GROUPS``, then ``OTHERS`` for the rest summed, or their
    ``mean`` per group), the keys shown (top keys by load, levels in their order 1–4; then
    ``OTHERS`` for all other keys) and each group's loads per key."""
    totals: dict[str, float] = {}
    for cells in hotspots.values():
        for key, cell in cells.items():
            totals[key] = totals.get(key, 0.0) + _load(cell)
    ranked = sorted(totals, key=lambda k: k if by == "level" else (-totals[k], k))
    shown = ranked if len(ranked) <= TOP_KEYS + 1 else ranked[:TOP_KEYS]
    rest = [k for k in ranked if k not in shown]
    groups = list(hotspots)
    if len(groups) > TOP_GROUPS + 1:
        groups = [*groups[:TOP_GROUPS], OTHERS]
    rows = []
    for group in groups:
        members = [hotspots[group]] if group != OTHERS else \
            [hotspots[g] for g in list(hotspots)[TOP_GROUPS:]]
        share = 1 / len(members) if mean else 1
        row = {k: round(sum(_load(c[k]) for c in members if k in c) * share, 4) for k in shown}
        if rest:
            row[OTHERS] = round(
                sum(_load(c[k]) for c in members for k in rest if k in c) * share, 4)
        rows.append(row)
    keys = shown + ([OTHERS] if rest else [])
    return groups, keys, rows


def _group_labels(hotspots: Mapping[str, Any], groups: list[str], group_by: str | None,
                  lang: str, journeys: Sequence[Journey], mean: bool = False) -> list[str]:
    """How each group reads: journeys by ``distinct_names``, actors by their label, "(not
    given)" and "n others"; two groups never read the same (the key is added), so their bars
    never merge into one."""
    keys = journey_keys(journeys)
    names = distinct_names([(k, j.title, j.region) for k, j in zip(keys, journeys,
                                                                    strict=True)])
    labels = []
    for group in groups:
        if group == OTHERS:
            labels.append(_t("others_mean" if mean else "others_groups", lang,
                             count=len(hotspots) - len(groups) + 1))
        elif group == NONE:
            labels.append(_t("none", lang))
        elif group_by == "journey":
            labels.append(names.get(group, group))
        elif group_by == "actor":
            labels.append(key_label(group, "actor", lang, journeys))
        else:
            labels.append(group)
    return [f"{label} ({group})" if labels.count(label) > 1 and group not in (NONE, OTHERS)
            else label for label, group in zip(labels, groups, strict=True)]


def _portfolio_key(key: str, by: str, lang: str, journeys: Sequence[Journey]) -> str:
    if key == OTHERS:
        return _t("others", lang)
    if key == NONE and by != "channel":
        return _t("none", lang)
    return key_label(key, by, lang, journeys)


def _group_word(group_by: str | None, lang: str) -> str:
    """What a group is called: across journeys an actor is an offer (``offer_key``)."""
    return _t("offer" if group_by == "actor" else group_by or "group", lang)


def portfolio_chart(portfolio_hotspots: Mapping[str, Mapping[str, Any]], *, lang: str,
                    by: str = "category", group_by: str | None = None,
                    journeys: Sequence[Journey] = (), source: theme.Source = None,
                    presentation: bool = False) -> go.Figure:
    """Barrier load per group (``portfolio_hotspots(…, group_by=…, by=…)``'s result), each
    bar stacked by ``by``; ``journeys`` (optional) give labels of actors, stages, custom
    categories and journey titles, and the source line."""
    groups, keys, rows = _portfolio(portfolio_hotspots, by, mean=True)
    size = theme.scaled(theme.LABEL_SIZE, presentation)
    margin = {"l": 0, "r": 60, "t": 210 if len(keys) > 4 else 190, "b": 110}
    names = _group_labels(portfolio_hotspots, groups, group_by, lang, journeys, mean=True)
    group_labels, margin["l"] = theme.row_labels(names, size, theme.plot_height(margin), 440)
    plain_groups = [theme.plain(group) for group in groups]  # keys are tags, regions: user text
    traces = [go.Bar(
        y=plain_groups, x=[row[k] for row in rows], orientation="h",
        marker=_key_style(k, by, index),
        name=theme.plain_wrap(_portfolio_key(k, by, lang, journeys), 40, 1),
        hovertext=[theme.plain(name) for name in names],
        hovertemplate="%{hovertext}<br>%{fullData.name}: %{x:.2f}<extra></extra>")
        for index, k in enumerate(keys)]
    totals = [round(sum(row.values()), 4) for row in rows]
    traces.append(go.Scatter(
        y=plain_groups, x=totals, mode="text", showlegend=False, hoverinfo="skip",
        text=[" " + number(t, lang) for t in totals], textposition="middle right",
        textfont={"size": theme.scaled(theme.FONT_SIZE, presentation)}))
    layout = dict(
        barmode="stack", bargap=0.3, yaxis=theme.row_axis(plain_groups, group_labels, size),
        xaxis={"title": {"text": theme.text("load", lang)},
               "range": [0, max([*totals, 1.0]) * 1.14]},
        legend={"y": 1.01, "yanchor": "bottom", "x": 0, "xanchor": "left",
                "traceorder": "normal"})
    group_word, by_word = _group_word(group_by, lang), _t(by, lang)
    if journeys:
        line = theme.source_text(list(journeys), source, lang)
    else:
        line = source if isinstance(source, str) else theme.text(
            "source", lang, what=_t("portfolio", lang, count=len(groups)))
    return theme.figure(
        traces, layout, title=_t("portfolio_title", lang, group=group_word),
        subtitle=_t("portfolio_sub", lang, group=group_word, by=by_word), lang=lang,
        source=line, alt=_portfolio_alt(groups, keys, rows, names, by, group_word, lang,
                                        journeys),
        presentation=presentation, margin=margin)


def _portfolio_alt(groups: list[str], keys: list[str], rows: list[dict[str, float]],
                   labels: list[str], by: str, group_word: str, lang: str,
                   journeys: Sequence[Journey]) -> str:
    if not keys:
        return _t("portfolio_alt_none", lang)
    top = max((i for i, g in enumerate(groups) if g != OTHERS),
              key=lambda i: sum(rows[i].values()))
    key = max((k for k in keys if k != OTHERS), key=lambda k: rows[top][k])
    return _t("portfolio_alt", lang, by=_t(by, lang), count=len(groups), group=group_word,
              top=labels[top], load=number(sum(rows[top].values()), lang),
              part=_portfolio_key(key, by, lang, journeys))


def portfolio_table(portfolio_hotspots: Mapping[str, Mapping[str, Any]], *, lang: str,
                    by: str = "category", group_by: str | None = None,
                    journeys: Sequence[Journey] = ()) -> pd.DataFrame:
    """The portfolio chart's numbers: one row per group, one column per stacked part."""
    groups, keys, rows = _portfolio(portfolio_hotspots, by)
    labels = _group_labels(portfolio_hotspots, groups, group_by, lang, journeys)
    return pd.DataFrame([
        {_group_word(group_by, lang).capitalize(): label,
         **{_portfolio_key(k, by, lang, journeys): row[k] for k in keys},
         _t("total", lang): round(sum(row.values()), 4)}
        for label, row in zip(labels, rows, strict=True)])
