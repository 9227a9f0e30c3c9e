"""Display helpers every page shares: errors as lines, a chart with its alt text, its table
alternative and its downloads."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from journeys.exchange.table import text_cell
from journeys.export import plotly_config
from journeys.figure_limits import too_large_to_draw
from journeys.figures import alt_text
from journeys.i18n import translate
from journeys.render import ImageRenderer, RenderError
from journeys.store import StoredJourney
from journeys.ui.session import Page
from models import Journey, JourneyError

TEXT = {
    "en": {
        "table": "Table instead of the chart", "png": "PNG", "svg": "SVG", "csv": "CSV",
        "download": "Download {what}", "render_failed": "Image export failed: {error}",
    },
    "de": {
        "table": "Tabelle statt Diagramm", "png": "PNG", "svg": "SVG", "csv": "CSV",
        "download": "{what} herunterladen", "render_failed": "Bildexport fehlgeschlagen: {error}",
    },
}

_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")
"""Every ASCII punctuation character: a backslash before it always means "this character"
in Markdown, so links (``[x](y)``, ``http://…``, ``www.…``, e-mail addresses), images, HTML,
emphasis, lists, headings, Streamlit's ``:icons:``, ``:red[colour]`` and ``$maths$`` never
start from what a user typed."""


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)(?=[\w-])")
"""Where GFM would start a link by itself (``http://``, ``www.``, ``name@host``): it finds
them in the rendered text, after escapes, so a word joiner (U+2060, invisible) goes there."""
WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """``text`` shown literally in Markdown (ids like ``time_childcare`` keep their ``_``);
    spans in backticks stay code, as the error hints write field names. Addresses stay text
    (an invisible word joiner keeps GFM from linking them).

    >>> escape("unknown category 'time_child' — use `time_childcare`")
    "unknown category \\\\'time\\\\_child\\\\' — use `time_childcare`"
    >>> print(escape("![x](http://example.org/a.png)").replace(WORD_JOINER, "|"))
    \\!\\[x\\]\\(http\\:|\\/\\/example\\.org\\/a\\.png\\)
    """
    text = _AUTOLINK.sub(WORD_JOINER, text)
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans at all
        return _MARKDOWN.sub(r"\\\1", text)
    return "`".join(part if index % 2 else _MARKDOWN.sub(r"\\\1", part)
                    for index, part in enumerate(parts))


def md(table: dict, key: str, lang: str, **values: object) -> str:
    """``translate`` for Markdown: the template is ours, every text value is the user's and
    is shown literally (``escape``)."""
    return translate(table, key, lang, **{name: escape(value) if isinstance(value, str)
                                          else value for name, value in values.items()})


def show_error(error: JourneyError, heading: str | None = None) -> None:
    """A ``JourneyError`` as a red box with one line per problem, never a traceback."""
    lines = [f"- {escape(line)}" for line in error.lines()]
    st.error("\n".join([escape(heading), "", *lines] if heading else lines))


def open_stored(page: Page, pick: str, then: Callable[[], None] = lambda: None
                ) -> StoredJourney | None:
    """The page's open journey; or None after saying why (``pick`` when none is chosen, else
    the store's error) and drawing ``then`` (e.g. a way back to the library)."""
    if not page.journey_id:
        st.info(pick)
        then()
        return None
    try:
        return page.workspace.get(page.journey_id)
    except JourneyError as error:
        show_error(error)
        then()
        return None


def localized(table: pd.DataFrame, lang: str) -> Styler:
    """A table whose numbers read as ``lang`` writes them (German ``1.234,5``), still numeric
    underneath (so columns sort by value)."""
    if lang != "de":
        return table.style.format(precision=1, thousands=",", na_rep="")
    return table.style.format(precision=1, decimal=",", thousands=".", na_rep="")


MISSING = "–"
"""What a table shows for a value that is not recorded (Streamlit's default is "None")."""


def show_table(table: pd.DataFrame, lang: str) -> None:
    """A read-only table, numbers as ``lang`` writes them, missing values as ``MISSING``."""
    st.dataframe(localized(table, lang), hide_index=True, width="stretch",
                 placeholder=MISSING)


@st.cache_resource(show_spinner=False)
def renderer() -> ImageRenderer:
    """One headless browser per server for PNG/SVG downloads, started on the first click."""
    return ImageRenderer()


def _image(fig: Callable[[], go.Figure], fmt: str) -> Callable[[], bytes]:
    def render() -> bytes:
        try:
            return renderer().render(fig(), fmt)
        except RenderError as error:  # the download then holds the reason as text
            return str(error).encode("utf-8")
    return render


def csv_bytes(table: pd.DataFrame, lang: str) -> bytes:
    """The table as CSV the way spreadsheets in ``lang`` open it (German: ``;`` and ``1,5``),
    text that Excel would run as a formula (``=HYPERLINK(…)``) prefixed with ``'``."""
    safe = table.map(lambda v: text_cell(v) if isinstance(v, str) else v)
    safe.columns = [text_cell(str(c)) for c in table.columns]
    if lang == "de":
        return safe.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return safe.to_csv(index=False).encode("utf-8-sig")


def _under(defaults: dict, values: dict) -> dict:
    """``values`` over ``defaults``, nested dicts merged (a template's layout under a layout)."""
    merged = dict(defaults)
    for name, value in values.items():
        below = merged.get(name)
        merged[name] = _under(below, value) if isinstance(below, dict) and \
            isinstance(value, dict) else value
    return merged


def drawn_once(fig: go.Figure, selectable: bool) -> go.Figure:
    """``fig`` as the browser gets it: drawn once per change, not twice.

    Streamlit's chart draws a new figure, then hands plotly.js a JSON copy of it, and
    ``Plotly.react`` draws everything again (a map of 30 steps: 150–250 ms) when that copy
    has new objects where it compares identity: the template and ``meta`` (compared as
    objects) and the data arrays (without a ``datarevision``). So the copy carries the
    template's layout merged into its own, no ``meta`` (the alt text goes to Streamlit
    apart), a ``datarevision`` that changes with the data, and, for a chart that selects,
    the click and drag modes Streamlit would set afterwards (changing them draws anew too).
    Exports keep the figure as it is."""
    spec = fig.to_plotly_json()  # the figure's own dicts: read here, never changed
    layout = dict(spec["layout"])
    template = (layout.pop("template", None) or {}).get("layout", {})
    axes = {name for name in layout if re.fullmatch(r"[xy]axis\d*", name)} | {"xaxis", "yaxis"}
    for name in axes:
        layout[name] = _under(template.get(name[:5], {}), layout.get(name, {}))
    layout = _under({k: v for k, v in template.items() if k not in ("xaxis", "yaxis")}, layout)
    layout.pop("meta", None)
    data = json.dumps(spec["data"], sort_keys=True, default=str).encode("utf-8")
    layout["datarevision"] = hashlib.blake2b(data, digest_size=8).hexdigest()
    if selectable:
        layout.setdefault("clickmode", "event+select")
        layout["dragmode"] = layout.get("dragmode") or "pan"
    shown = go.Figure({"data": spec["data"], "layout": layout}, _validate=False)
    shown.layout.template = None  # plotly.py puts its default template where there is none
    return shown


def too_large(journey: Journey, figure: str, lang: str) -> bool:
    """True, after saying why, when ``journey`` is too large to draw ``figure`` legibly
    (``journeys.figure_limits``): the page shows the note instead and the rest as usual."""
    found = too_large_to_draw(journey, figure)
    if found is not None:
        st.info(escape(found.note(lang)), icon=":material/zoom_out_map:")
    return found is not None


def show_figure(fig: go.Figure, table: Callable[[], pd.DataFrame | None] | None, *, key: str,
                lang: str, name: str, downloads: bool = True,
                slide: Callable[[], go.Figure] | None = None, **chart: object) -> object:
    """The chart with its alt text, a folded table alternative and PNG/SVG/CSV downloads.

    ``table`` makes the table alternative; it runs only when the reader opens it or downloads
    the CSV. ``slide`` makes the figure the PNG/SVG downloads render, for a chart laid out for
    the page rather than the slide (the camera button then saves it at its own size).
    ``chart`` goes to ``st.plotly_chart`` (e.g. ``on_select``); its return value is returned.
    """
    config = plotly_config(lang, name)
    if slide is not None:
        config["toImageButtonOptions"].update(width=fig.layout.width, height=fig.layout.height)
    meta = fig.layout.meta
    if isinstance(meta, dict) and "title_px" in meta:  # laid out in px: shown at its own size
        chart.setdefault("width", "content")
    shown = drawn_once(fig, chart.get("on_select", "ignore") != "ignore")
    result = st.plotly_chart(shown, key=key, theme=None, alt=alt_text(fig) or None,
                             config=config, **chart)
    if table is not None:
        folded = st.expander(_t("table", lang), key=f"{key}-table", on_change="rerun")
        if folded.open:
            with folded:
                show_table(table(), lang)
    if downloads:
        columns = st.columns([1, 1, 1, 5])
        for column, fmt in zip(columns, ("png", "svg"), strict=False):
            column.download_button(
                _t(fmt, lang), _image(slide or (lambda: fig), fmt), file_name=f"{name}.{fmt}",
                mime="image/png" if fmt == "png" else "image/svg+xml", key=f"{key}-{fmt}",
                on_click="ignore", help=_t("download", lang, what=fmt.upper()),
                icon=":material/download:")
        if table is not None:
            columns[2].download_button(
                _t("csv", lang), lambda: csv_bytes(table(), lang), file_name=f"{name}.csv",
                mime="text/csv", key=f"{key}-csv", on_click="ignore",
                help=_t("download", lang, what="CSV"), icon=":material/download:")
    return result
