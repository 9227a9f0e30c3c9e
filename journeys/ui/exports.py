"""The open journey's downloads: slides, report, journey file, barrier register.

Each file is made only when its button is clicked (a slide deck renders its charts, which
takes seconds), through ``journeys.export`` and ``journeys.exchange``.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from journeys.exchange import register_csv
from journeys.export import html_report, journey_deck
from journeys.figure_limits import oversize
from journeys.formats import dumps_journey
from journeys.i18n import translate
from journeys.render import RenderError
from journeys.store import StoredJourney
from journeys.ui import widgets
from models import Journey

TEXT = {
    "en": {
        "export": "Export", "deck": "Slides (PowerPoint)", "report": "Report (HTML)",
        "yaml": "Journey file (YAML)", "json": "Journey file (JSON)",
        "register": "Barrier register (CSV)",
        "note": "Slides and report are in the journey's language and take a few seconds.",
    },
    "de": {
        "export": "Export", "deck": "Folien (PowerPoint)", "report": "Bericht (HTML)",
        "yaml": "Nutzerreise-Datei (YAML)", "json": "Nutzerreise-Datei (JSON)",
        "register": "Barrierenregister (CSV)",
        "note": "Folien und Bericht sind in der Sprache der Nutzerreise und brauchen einige "
                "Sekunden.",
    },
}


def _t(key: str, lang: str) -> str:
    return translate(TEXT, key, lang)


def _deck(journey: Journey) -> Callable[[], bytes]:
    def make() -> bytes:
        try:
            return journey_deck(journey, renderer=widgets.renderer())
        except RenderError as error:  # the download then says why, instead of a traceback
            return str(error).encode("utf-8")
    return make


def export_menu(container: st.delta_generator.DeltaGenerator, stored: StoredJourney,
                lang: str) -> None:
    """A popover with one download button per export of ``stored``'s journey."""
    journey = stored.journey
    menu = container.popover(_t("export", lang), icon=":material/download:", width="stretch",
                             key="export", on_change="rerun")
    if not menu.open:
        return
    too_large = oversize(journey, "html")  # the same bound for slides and report
    with menu:
        for key, data, file_name, mime in downloads(journey, lang):
            if too_large and key in ("deck", "report"):
                continue
            st.download_button(_t(key, lang), data, file_name=file_name, mime=mime,
                               key=f"export-{key}", on_click="ignore", width="stretch")
        reason = too_large.reason(lang) if too_large else ""
        st.caption(widgets.escape(reason[:1].upper() + reason[1:]) if reason else _t("note", lang))


def downloads(journey: Journey, lang: str) -> tuple[tuple[str, Callable[[], bytes | str], str,
                                                          str], ...]:
    """(key, content made on click, file name, MIME type) of each download of ``journey``."""
    name = journey.id
    return (
        ("deck", _deck(journey), f"{name}.pptx",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("report", lambda: html_report(journey), f"{name}.html", "text/html"),
        ("yaml", lambda: dumps_journey(journey, "yaml"), f"{name}.yaml", "application/yaml"),
        ("json", lambda: dumps_journey(journey, "json"), f"{name}.json", "application/json"),
        ("register", lambda: register_csv(journey, sep=";" if lang == "de" else ",",
                                          lang=lang).encode("utf-8"),  # the text has its BOM
         f"{name}-barriers.csv", "text/csv"),
    )
