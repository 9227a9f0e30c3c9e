"""The referral network as a figure: offers in four columns by resource level, referrals and
hand-offs as arrows as wide as the number of journeys, coloured by data transfer, dotted with a
✕ where people are lost after the referral (``journeys.network``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from journeys.figures import theme
from journeys.i18n import translate
from journeys.network import TRANSFERS, ReferralNetwork
from journeys.vocabulary import transfer_word
from models import Journey

TEXT = {
    "en": {
        "title": "Referral network",
        "subtitle": "{nodes} offers, {edges} referral links over {journeys} journeys · arrow "
                    "width = journeys · dotted ✕ = people lost after the referral",
        "hover_edge": "{source} → {target}<br>{journeys} journeys{households}<br>"
                      "transfer: {transfer}<br>lost afterwards: {lost}",
        "households": ", {count} people",
        "alt": "Network of {nodes} aid offers by resource level with {edges} referral links; "
               "the busiest: {busiest}.",
        "alt_none": "Network of {nodes} aid offers; no referrals or hand-offs between them.",
        "col_from": "From", "col_to": "To", "col_journeys": "Journeys",
        "col_households": "People", "col_transfer": "Data transfer", "col_lost": "Lost after",
    },
    "de": {
        "title": "Verweisnetz",
        "subtitle": "{nodes} Angebote, {edges} Verweiswege über {journeys} Nutzerreisen · "
                    "Pfeilbreite = Nutzerreisen · gepunktet ✕ = nach dem Verweis verloren",
        "hover_edge": "{source} → {target}<br>{journeys} Nutzerreisen{households}<br>"
                      "Weitergabe: {transfer}<br>danach verloren: {lost}",
        "households": ", {count} Personen",
        "alt": "Netz aus {nodes} Hilfsangeboten nach Ressourcenebene mit {edges} Verweiswegen; "
               "der meistgenutzte: {busiest}.",
        "alt_none": "Netz aus {nodes} Hilfsangeboten; keine Verweise oder Übergaben zwischen "
                    "ihnen.",
        "col_from": "Von", "col_to": "Zu", "col_journeys": "Nutzerreisen",
        "col_households": "Personen", "col_transfer": "Datenweitergabe",
        "col_lost": "Danach verloren",
    },
}

TRANSFER_COLOURS = dict(zip(TRANSFERS, (theme.OKABE_ITO[6], theme.OKABE_ITO[0],
                                        theme.OKABE_ITO[5], theme.OKABE_ITO[1],
                                        theme.OKABE_ITO[2], theme.MUTED), strict=True))


CROWDED = 7
"""More nodes than this in one level's column zigzag by ``ZIGZAG`` (in level units)."""
ZIGZAG = 0.22


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _positions(network: ReferralNetwork) -> dict[str, tuple[float, float]]:
    """Each node at x = its level, spread evenly from top to bottom within its column (a
    crowded column zigzags left and right so that the labels do not overlap)."""
    columns: dict[int, list[str]] = defaultdict(list)
    for node in network.nodes:
        columns[node.level].append(node.key)
    places = {}
    for level, keys in columns.items():
        shift = ZIGZAG if len(keys) > CROWDED else 0.0
        for index, key in enumerate(keys):
            places[key] = (level + (shift if index % 2 else -shift),
                           1 - (index + 1) / (len(keys) + 1))
    return places


def network_figure(network: ReferralNetwork, journeys: Sequence[Journey], *, lang: str,
                   presentation: bool = False) -> go.Figure:
    """The figure of ``network`` (from ``referral_network(journeys)``)."""
    places = _positions(network)
    labels = {n.key: n.label for n in network.nodes}
    traces: list[go.Scatter] = []
    notes: list[dict] = []
    shown: set[str] = set()
    for edge in network.edges:
        (x0, y0), (x1, y1) = places[edge.source], places[edge.target]
        colour = TRANSFER_COLOURS[edge.transfer]
        households = _t("households", lang, count=edge.households) \
            if edge.households is not None else ""
        hover = _t("hover_edge", lang, source=theme.plain(labels[edge.source]),
                   target=theme.plain(labels[edge.target]), journeys=edge.journeys,
                   households=households, transfer=transfer_word(edge.transfer, lang),
                   lost=edge.lost)
        traces.append(go.Scatter(
            x=[x0, (x0 + x1) / 2, x1], y=[y0, (y0 + y1) / 2, y1], mode="lines",
            line={"color": colour, "width": 1.5 + 2 * edge.journeys,
                  "dash": "dot" if edge.lost else "solid"},
            legendgroup=edge.transfer, showlegend=False, hovertext=hover, hoverinfo="text"))
        shown.add(edge.transfer)
        notes.append({"x": x1, "y": y1, "ax": x0 + 0.8 * (x1 - x0), "ay": y0 + 0.8 * (y1 - y0),
                      "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "text": "",
                      "showarrow": True, "arrowhead": 2, "arrowsize": 1.2,
                      "arrowwidth": 1.5 + edge.journeys, "arrowcolor": colour, "standoff": 14})
        if edge.lost:
            notes.append({"x": (x0 + x1) / 2, "y": (y0 + y1) / 2, "xref": "x", "yref": "y",
                          "text": "✕", "showarrow": False,
                          "font": {"color": theme.INK, "size": theme.SMALL_SIZE},
                          "bgcolor": "white"})
    traces += [go.Scatter(x=[None], y=[None], mode="lines", name=transfer_word(transfer, lang),
                          legendgroup=transfer, line={"color": TRANSFER_COLOURS[transfer],
                                                      "width": 4})
               for transfer in TRANSFERS if transfer in shown]
    size = theme.scaled(theme.SMALL_SIZE, presentation)
    traces.append(go.Scatter(
        x=[places[n.key][0] for n in network.nodes], y=[places[n.key][1] for n in network.nodes],
        mode="markers+text", showlegend=False, textposition="bottom center",
        text=[theme.wrap(theme.plain(n.label), 24, 2) for n in network.nodes],
        textfont={"size": size},
        hovertext=[theme.plain(n.label) for n in network.nodes], hoverinfo="text",
        marker={"size": [14 + 4 * n.journeys for n in network.nodes],
                "color": [theme.LEVEL_COLOURS[n.level] for n in network.nodes],
                "line": {"color": "white", "width": 2}}))
    layout = {
        "xaxis": {"range": [0.5, 4.5], "tickvals": [1, 2, 3, 4], "side": "top",
                  "ticktext": [theme.level_name(level, lang) for level in (1, 2, 3, 4)],
                  "showgrid": False, "zeroline": False},
        "yaxis": {"range": [-0.08, 1.02], "visible": False},
        "annotations": notes,
        "legend": {"orientation": "h", "y": -0.04, "x": 0},
    }
    busiest = network.edges[0] if network.edges else None
    alt = _t("alt", lang, nodes=len(network.nodes), edges=len(network.edges),
             busiest=f"{labels[busiest.source]} → {labels[busiest.target]}") if busiest else \
        _t("alt_none", lang, nodes=len(network.nodes))
    return theme.figure(
        traces, layout, title=_t("title", lang), lang=lang, presentation=presentation,
        subtitle=_t("subtitle", lang, nodes=len(network.nodes), edges=len(network.edges),
                    journeys=len(journeys)),
        source=theme.source_text(list(journeys), None, lang), alt=alt)


def network_table(network: ReferralNetwork, *, lang: str) -> pd.DataFrame:
    """The figure's numbers: one row per edge."""
    labels = {n.key: n.label for n in network.nodes}
    return pd.DataFrame([{
        _t("col_from", lang): labels[e.source], _t("col_to", lang): labels[e.target],
        _t("col_journeys", lang): e.journeys, _t("col_households", lang): e.households,
        _t("col_transfer", lang): transfer_word(e.transfer, lang), _t("col_lost", lang): e.lost}
        for e in network.edges])
