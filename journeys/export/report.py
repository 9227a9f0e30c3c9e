"""A journey's report as ONE self-contained HTML file: interactive charts that work offline.

plotly.js is inlined once in the head (no CDN, no link to anything outside the file), every
chart follows as a small script that draws into its own section. The report says what the
deck says (``journeys.export.contents``): the summary, the charts with their alt texts and
their numbers as tables, the bottlenecks with their reasons, and the barrier register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

import pandas as pd
import plotly.io as pio
import plotly.offline

from journeys.analysis import analyze
from journeys.export.contents import (
    Table,
    barrier_table,
    bottleneck_table,
    export_language,
    facts,
    left_out,
    source_line,
    text,
)
from journeys.export.images import (
    FIGURE_NAMES,
    figure_words,
    image_filename,
    journey_figure,
    plotly_config,
    untitled,
)
from journeys.export.progress import Progress, report
from journeys.figures import TABLES, alt_text
from journeys.i18n import number, translate
from models import Journey

TEXT = {
    "en": {"summary": "Summary", "contents": "Contents", "as_table": "The numbers as a table",
           "made_with": "Made with Barrier Journeys", "building": "Building “{title}”",
           "done": "Report ready", "findings": "Notes"},
    "de": {"summary": "Überblick", "contents": "Inhalt", "as_table": "Die Zahlen als Tabelle",
           "made_with": "Erstellt mit Barrier Journeys", "building": "„{title}“ wird erstellt",
           "done": "Bericht fertig", "findings": "Hinweise"},
}

PLOTLY_DE = """Plotly.register({moduleType: "locale", name: "de", dictionary: {
 "Autoscale": "Automatisch skalieren", "Box Select": "Rechteckauswahl",
 "Click to enter Colorscale title": "Titel der Farbskala eingeben",
 "Compare data on hover": "Werte beim Überfahren vergleichen",
 "Double-click on legend to isolate one trace": "Doppelklick auf die Legende zeigt nur diese",
 "Double-click to zoom back out": "Doppelklick zum Herauszoomen",
 "Download plot": "Grafik herunterladen", "Download plot as a PNG": "Grafik als PNG herunterladen",
 "Lasso Select": "Lassoauswahl", "Pan": "Verschieben", "Reset axes": "Achsen zurücksetzen",
 "Reset view": "Ansicht zurücksetzen", "Show closest data on hover": "Nächsten Wert anzeigen",
 "Toggle Spike Lines": "Hilfslinien ein/aus",
 "Toggle show closest data on hover": "Nächsten Wert anzeigen ein/aus", "Zoom": "Zoomen",
 "Zoom in": "Vergrößern",
 "Zoom out": "Verkleinern"},
 format: {days: ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
  "Samstag"], shortDays: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
  months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
  "Oktober", "November", "Dezember"], shortMonths: ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun",
  "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"], date: "%d.%m.%Y", decimal: ",", thousands: "."}});
"""
"""plotly.js ships English only; this gives the charts' menus German words offline."""

STYLE = """
:root { --ink: #1a1a1a; --muted: #595959; --band: #f2f2f2; --accent: #0072B2; }
body { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1640px; padding: 1.5rem 2rem 3rem; line-height: 1.45; }
.kicker { color: var(--accent); font-weight: bold; margin: 0; font-size: 1.1rem; }
h1 { font-size: 2.2rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.6rem; margin: 2.5rem 0 .3rem; border-bottom: 2px solid var(--band); }
.sub, .source, footer { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
nav ol { columns: 2; }
.chart { width: 100%; }
.alt { font-style: italic; }
.note { border-left: 4px solid var(--accent); background: var(--band); padding: .6rem 1rem; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .95rem; }
th, td { border: 1px solid #d9d9d9; padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--accent); color: white; }
tbody tr:nth-child(even) { background: var(--band); }
details { margin: .5rem 0 1rem; }
summary { cursor: pointer; color: var(--accent); }
@media print { .chart { break-inside: avoid; } nav { display: none; } }
"""


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _cell(value: object) -> str:
    return "<br>".join(escape(line) for line in str(value).split("\n"))


def table_html(header: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    """A plain, accessible HTML table (header cells with ``scope``, text escaped).

    >>> table_html(["Schritt", "Last"], [["Antrag <neu>", "2,4"]])
    '<table><thead><tr><th scope="col">Schritt</th><th scope="col">Last</th></tr></thead><tbody><tr><td>Antrag &lt;neu&gt;</td><td>2,4</td></tr></tbody></table>'
    """  # noqa: E501
    head = "".join(f'<th scope="col">{_cell(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _table(table: Table) -> str:
    return table_html(table.header, table.rows)


def _frame(frame: pd.DataFrame, lang: str) -> str:
    """A figure's table twin, numbers written the way ``lang`` writes them."""
    rows = [[number(v, lang, 2) if isinstance(v, float) else ("" if v is None else v)
             for v in row] for row in frame.itertuples(index=False)]
    return table_html(list(frame.columns), rows)


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{body}</section>'


def html_report(journey: Journey, *, lang: str | None = None, date: dt.date | None = None,
                progress: Progress | None = None) -> str:
    """The journey's report as one HTML document (text): works offline, in ``lang`` (the
    journey's language by default); ``date`` goes on the source line (today)."""
    lang = export_language(journey, lang)
    date = date or dt.date.today()
    source = source_line(journey, date, lang)
    analysis = analyze(journey, lang=lang)
    total = len(FIGURE_NAMES) + 1
    sections: list[tuple[str, str, str]] = []  # anchor, heading, html

    facts_html = "<dl class=\"facts\">" + "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
        for label, value in facts(journey, analysis, lang)) + "</dl>"
    notes = [m for m in (analysis.routes_note,) if m] + [f.message for f in analysis.subsidiarity]
    if notes:
        facts_html += f"<h3>{escape(_t('findings', lang))}</h3><ul>" + "".join(
            f"<li>{escape(n)}</li>" for n in notes) + "</ul>"
    facts_html += f"<p>{escape(text('load_formula', lang))}</p>"
    sections.append(("summary", _t("summary", lang), facts_html))

    for done, name in enumerate(FIGURE_NAMES):
        if name == "heatmap" and not analysis.barrier_count:
            continue  # an empty grid says nothing; the register says "none yet"
        missing = left_out(journey, name, analysis)
        if missing is not None:  # too large to draw: say why in its place
            why, noted = missing
            if noted:
                sections.append((f"figure-{name}", why.heading(lang),
                                 f'<p class="note">{escape(why.note(lang))}</p>'))
            continue
        fig = journey_figure(journey, name, lang=lang, source=source)
        if fig is None:
            continue
        title, subtitle = figure_words(fig)
        title = title.removesuffix(f": {journey.title}")  # the page is about this journey
        report(progress, done, total, _t("building", lang, title=title))
        alt = alt_text(fig)
        untitled(fig)
        if "title_px" not in fig.layout.meta:  # the map is laid out in px: it keeps its size
            fig.update_layout(width=None, autosize=True)  # the page's width
        config = {**plotly_config(lang, image_filename(journey, name, "png")[:-4]),
                  "responsive": True}
        chart = pio.to_html(fig, full_html=False, include_plotlyjs=False, config=config,
                            div_id=f"chart-{name}", default_height=f"{fig.layout.height}px")
        body = (f'<p class="sub">{escape(subtitle)}</p><figure class="chart">{chart}'
                f'<figcaption class="alt">{escape(alt)}</figcaption></figure>')
        frame = TABLES[name](journey, lang) if name in TABLES else None
        if frame is not None and len(frame):
            body += (f"<details><summary>{escape(_t('as_table', lang))}</summary>"
                     f"{_frame(frame, lang)}</details>")
        if name == "bottlenecks":
            body += f"<h3>{escape(text('bottlenecks_title', lang))}</h3>"
            body += _table(bottleneck_table(analysis.bottlenecks, lang))
            body += f"<p>{escape(text('score_formula', lang))}</p>"
        sections.append((f"figure-{name}", title, body))

    register = barrier_table(journey, lang)
    sections.append(("barriers", text("barriers_title", lang),
                     _table(register) if register.rows
                     else f"<p>{escape(text('no_barriers', lang))}</p>"))
    report(progress, total - 1, total, _t("building", lang, title=text("barriers_title", lang)))

    contents = "".join(f'<li><a href="#{a}">{escape(h)}</a></li>' for a, h, _ in sections)
    locale = f"<script>{PLOTLY_DE}</script>" if lang == "de" else ""
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Barrier Journeys">
<title>{escape(text("kicker", lang))}: {escape(journey.title)}</title>
<style>{STYLE}</style>
<script>{plotly.offline.get_plotlyjs()}</script>
{locale}
</head>
<body>
<header><p class="kicker">{escape(text("kicker", lang))}</p><h1>{escape(journey.title)}</h1>
<p class="source">{escape(source)}</p></header>
<nav aria-label="{escape(_t("contents", lang))}"><ol>{contents}</ol></nav>
<main>
{"".join(_section(a, h, body) for a, h, body in sections)}
</main>
<footer><p>{escape(source)} · {escape(_t("made_with", lang))}</p></footer>
</body>
</html>
"""
    report(progress, total, total, _t("done", lang))
    return page
