"""Compare view: the routes of one journey by resource level and institution with the
subsidiarity flags; two or more journeys side by side; hotspots and the referral network
across the workspace."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from journeys import figures
from journeys.catalogue import (
    dumps_catalogue,
    load_catalogue,
    parse_catalogue,
    resolve_journeys,
)
from journeys.compare import Comparison, compare_journeys, distinct_names
from journeys.figures.network import network_figure, network_table
from journeys.formats import parse_text
from journeys.hotspots import HotspotCell, portfolio_hotspots
from journeys.i18n import number, translate
from journeys.institutions import InstitutionRoutes, routes_by_institution
from journeys.network import ReferralNetwork, network_graphml, referral_network
from journeys.store import Conflict, StoredCatalogue, Workspace
from journeys.survey import (
    EDIT_FIELDS,
    catalogue_from_csv,
    catalogue_from_rows,
    catalogue_rows,
    editor_rows,
    survey,
    survey_rows,
    with_unlisted,
)
from journeys.ui import cache, session, widgets
from journeys.ui.names import Names
from models import Journey, JourneyError
from models.catalogue_file import CATALOGUE_FILE, Catalogue

TEXT = {
    "en": {
        "title": "Compare",
        "routes": "Routes of “{title}”",
        "routes_help": "Every route from a start to a goal, least barrier load first; ⚠ marks "
                       "a route through institutions (without a legal entitlement) where a "
                       "lighter route on levels 1–3 exists, or a right that depends on charity "
                       "(subsidiarity: the life-world first, but never against a right).",
        "pick": "Open a journey to compare its routes.",
        "split": "Split each route by", "level": "resource level", "actor": "actor",
        "no_flags": "No subsidiarity flags: no route through institutions has a lighter "
                    "alternative on levels 1–3, and no right depends on charity.",
        "by_actor": "By institution and resource level",
        "actor_col": "Actor", "level_col": "Level", "load": "Barrier load",
        "barriers": "Barriers", "through": "Routes through", "best": "Best route through it",
        "journeys": "Journeys side by side", "choose": "Journeys to compare (two or more)",
        "need_two": "Choose at least two journeys.", "by": "Compare by",
        "category": "category", "stage": "stage",
        "portfolio": "Hotspots across the workspace",
        "group_by": "Group journeys by", "sum_by": "Split by",
        "region": "region", "owner": "owner", "tag": "tag", "dimension": "Levesque dimension",
        "offer": "offer (catalogue entry)",
        "count": "{count} journeys in the workspace.",
        "network": "Referral network across the workspace",
        "network_help": "Who passes people on to whom (transitions marked handoff or "
                        "referral), in how many journeys, by which data transfer; dotted ✕: "
                        "people are lost after the referral. GraphML opens in Gephi, yEd or "
                        "Cytoscape.",
        "graphml": "GraphML",
        "survey": "Sozialraum: what exists where",
        "survey_help": "The workspace's catalogue of offers per municipality and resource "
                       "level, and how many journeys use each. Upload a table (CSV: Name, Ebene, "
                       "Gemeinde, Art, Rechtsgrundlage, …) or a catalogue.yaml, or edit the "
                       "table: every valid change is saved in the workspace as a new revision, "
                       "and the journeys here take their offers' levels from it. Until then the "
                       "samples' catalogue is shown.",
        "survey_upload": "Catalogue (CSV table or catalogue.yaml)",
        "survey_download": "catalogue.yaml",
        "unused": "Used by no journey: {names}",
        "unreachable": "Journeys rely on an unreachable offer: {names}",
        "edit": "Edit the catalogue (a row per offer; every valid edit is saved)",
        "edit_error": "Not saved yet — your rows are kept as a draft until this is fixed:",
        "editor_name": "catalogue table",
        "saved": "Saved in the workspace: catalogue revision {revision} ({entries} offers).",
        "uploaded": "Saved {name} in the workspace: catalogue revision {revision} "
                    "({entries} offers).",
        "stored": "The workspace's catalogue, revision {revision} of {time} ({entries} offers).",
        "samples": "The samples' catalogue: not yet saved in this workspace (an upload or an "
                   "edit saves it).",
        "old_draft": "An unfinished edit of catalogue revision {revision} is kept as a draft.",
        "open_draft": "Continue the draft",
        "reload": "Show the newest catalogue (your rows stay in the draft)",
        "resolved": "Journeys read against the workspace's catalogue:",
        "edit_columns": "Id|Name|Level|Municipality|Kind|Legal basis (entitlement: law)|"
                        "Provider|Opening hours|Address|Bus line|Barrier-free|Languages|"
                        "Contact|Contact details|Notes|Unreachable (why)",
    },
    "de": {
        "title": "Vergleich",
        "routes": "Wege von „{title}“",
        "routes_help": "Jeder Weg von einem Start zu einem Ziel, geringste Barrierelast zuerst; "
                       "⚠ markiert einen Weg über Institutionen (ohne Rechtsanspruch), zu dem es "
                       "einen leichteren Weg auf den Ebenen 1–3 gibt, oder einen Rechtsanspruch, "
                       "der an karitativer Hilfe hängt (Subsidiarität: Lebenswelt zuerst, aber "
                       "nie gegen einen Rechtsanspruch).",
        "pick": "Öffnen Sie eine Nutzerreise, um ihre Wege zu vergleichen.",
        "split": "Jeden Weg aufteilen nach", "level": "Ressourcenebene", "actor": "Akteur",
        "no_flags": "Keine Subsidiaritätshinweise: Kein Weg über Institutionen hat eine "
                    "leichtere Alternative auf den Ebenen 1–3, und kein Rechtsanspruch hängt an "
                    "karitativer Hilfe.",
        "by_actor": "Nach Institution und Ressourcenebene",
        "actor_col": "Akteur", "level_col": "Ebene", "load": "Barrierelast",
        "barriers": "Barrieren", "through": "Wege hindurch", "best": "Bester Weg hindurch",
        "journeys": "Nutzerreisen nebeneinander",
        "choose": "Zu vergleichende Nutzerreisen (zwei oder mehr)",
        "need_two": "Wählen Sie mindestens zwei Nutzerreisen.", "by": "Vergleichen nach",
        "category": "Kategorie", "stage": "Phase",
        "portfolio": "Hotspots im ganzen Arbeitsbereich",
        "group_by": "Nutzerreisen gruppieren nach", "sum_by": "Aufteilen nach",
        "region": "Region", "owner": "Verantwortlich", "tag": "Schlagwort",
        "offer": "Angebot (Katalogeintrag)",
        "dimension": "Levesque-Dimension", "count": "{count} Nutzerreisen im Arbeitsbereich.",
        "network": "Verweisnetz im ganzen Arbeitsbereich",
        "network_help": "Wer Menschen an wen weitergibt (Übergänge als handoff oder referral "
                        "markiert), in wie vielen Nutzerreisen, mit welcher Datenweitergabe; "
                        "gepunktet ✕: nach dem Verweis gehen Menschen verloren. GraphML öffnet "
                        "sich in Gephi, yEd oder Cytoscape.",
        "graphml": "GraphML",
        "survey": "Sozialraum: was es wo gibt",
        "survey_help": "Der Katalog der Angebote dieses Arbeitsbereichs nach Gemeinde und "
                       "Ressourcenebene, und wie viele Nutzerreisen sie nutzen. Laden Sie eine "
                       "Tabelle hoch (CSV: Name, Ebene, Gemeinde, Art, Rechtsgrundlage, …) oder "
                       "eine catalogue.yaml, oder bearbeiten Sie die Tabelle: Jede gültige "
                       "Änderung wird als neue Fassung im Arbeitsbereich gespeichert, und die "
                       "Nutzerreisen hier übernehmen die Ebenen ihrer Angebote daraus. Bis dahin "
                       "wird der Katalog der Beispiele gezeigt.",
        "survey_upload": "Katalog (CSV-Tabelle oder catalogue.yaml)",
        "survey_download": "catalogue.yaml",
        "unused": "Von keiner Nutzerreise genutzt: {names}",
        "unreachable": "Nutzerreisen verlassen sich auf ein unerreichbares Angebot: {names}",
        "edit": "Katalog bearbeiten (eine Zeile je Angebot; jede gültige Änderung wird "
                "gespeichert)",
        "edit_error": "Noch nicht gespeichert — Ihre Zeilen bleiben als Entwurf erhalten, bis "
                      "dies behoben ist:",
        "editor_name": "Katalogtabelle",
        "saved": "Im Arbeitsbereich gespeichert: Katalog-Fassung {revision} ({entries} "
                 "Angebote).",
        "uploaded": "{name} im Arbeitsbereich gespeichert: Katalog-Fassung {revision} "
                    "({entries} Angebote).",
        "stored": "Der Katalog des Arbeitsbereichs, Fassung {revision} vom {time} "
                  "({entries} Angebote).",
        "samples": "Der Katalog der Beispiele: noch nicht in diesem Arbeitsbereich gespeichert "
                   "(ein Hochladen oder eine Änderung speichert ihn).",
        "old_draft": "Eine unfertige Änderung der Katalog-Fassung {revision} ist als Entwurf "
                     "erhalten.",
        "open_draft": "Entwurf weiter bearbeiten",
        "reload": "Neuesten Katalog zeigen (Ihre Zeilen bleiben im Entwurf)",
        "resolved": "Nutzerreisen, gelesen mit dem Katalog des Arbeitsbereichs:",
        "edit_columns": "Kennung|Name|Ebene|Gemeinde|Art|Rechtsgrundlage (Anspruch: Gesetz)|"
                        "Träger|Öffnungszeiten|Adresse|Buslinie|barrierefrei|Sprachen|"
                        "Kontakt|Kontaktdaten|Notizen|Nicht erreichbar (warum)",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _choice(label: str, options: list[str], key: str, lang: str) -> str:
    """A one-of-few choice (the first option is the default)."""
    return st.segmented_control(label, options, format_func=lambda o: _t(o, lang),
                                default=options[0], key=key, required=True) or options[0]


def show(page: session.Page) -> None:
    lang, workspace = page.lang, page.workspace
    st.title(_t("title", lang))
    session.show_flashes()
    if page.journey_id:
        try:
            stored = workspace.get(page.journey_id)
            catalogue = workspace.catalogue()
        except JourneyError as error:
            widgets.show_error(error)
        else:
            path, journey_id, revision, changed = cache.key_of(str(workspace.path), stored)
            journey = resolve_journeys([stored.journey], catalogue and catalogue.catalogue)[0][0]
            _routes((path, journey_id, revision, f"{changed} catalogue {_revision(catalogue)}"),
                    journey, lang, page.workshop)
    else:
        st.info(_t("pick", lang))
    _journeys(workspace, page.journey_id, lang, page.workshop)
    _portfolio(workspace, lang, page.workshop)
    _network(workspace, lang, page.workshop)
    _survey(workspace, lang)


# -- one journey's routes --------------------------------------------------------------------
@st.cache_resource(max_entries=100, show_spinner=False)
def _routes_chart(key: cache.Key, lang: str, by: str, workshop: bool, _journey: Journey
                  ) -> go.Figure | None:
    return figures.routes_chart(_journey, cache.analysis(key, lang, _journey), lang=lang,
                                by=by, presentation=workshop)


@st.cache_data(max_entries=100, show_spinner=False)
def _by_actor(key: cache.Key, _journey: Journey) -> list[InstitutionRoutes]:
    return routes_by_institution(_journey)


def _routes(key: cache.Key, journey: Journey, lang: str, workshop: bool) -> None:
    st.subheader(widgets.md(TEXT, "routes", lang, title=journey.title),
                 help=_t("routes_help", lang), anchor=False)
    result = cache.analysis(key, lang, journey)
    by = _choice(_t("split", lang), ["level", "actor"], "routes_by", lang)
    chart = _routes_chart(key, lang, by, workshop, journey)
    if chart is None:
        st.info(figures.no_data_message("routes", lang))
        return
    for flag in result.subsidiarity:
        st.warning(widgets.escape(flag.message), icon=":material/flag:")
    if not result.subsidiarity:
        st.success(_t("no_flags", lang))
    if result.routes_note:
        st.caption(widgets.escape(result.routes_note))
    widgets.show_figure(chart, lambda: figures.routes_table(journey, result, lang=lang, by=by),
                        key=f"routes-{journey.id}", lang=lang, name=f"{journey.id}-routes")
    st.markdown(f"**{_t('by_actor', lang)}**")
    names = Names(journey, lang)
    actors = [{
        _t("actor_col", lang): item.label, _t("level_col", lang): names.level(item.level),
        _t("load", lang): item.load, _t("barriers", lang): item.barrier_count,
        _t("through", lang): f"{item.routes_through}/{item.routes_total}",
        _t("best", lang): item.best_route.barrier_load if item.best_route else None}
        for item in sorted(_by_actor(key, journey), key=lambda i: (i.level, -i.load))]
    widgets.show_table(pd.DataFrame(actors), lang)


# -- journeys side by side ---------------------------------------------------------------------
def _loaded(workspace: Workspace, ids: list[str]) -> tuple[list[Journey], tuple, list[str]]:
    """The journeys with ``ids`` as stored now, read against the workspace's catalogue (when
    it has one: levels and legal bases of its offers come from there), a cache key naming
    their revisions and the catalogue's, and what the catalogue changed or lacks."""
    stored = [workspace.get(i) for i in ids]
    catalogue = workspace.catalogue()
    journeys, notes = resolve_journeys([s.journey for s in stored],
                                       catalogue.catalogue if catalogue else None)
    return (journeys, (*(cache.key_of(str(workspace.path), s) for s in stored),
                       ("catalogue", _revision(catalogue))), notes)


@st.cache_data(max_entries=100, show_spinner=False)
def _comparison(keys: tuple, lang: str, _journeys: list[Journey]) -> Comparison:
    return compare_journeys(_journeys, lang=lang)


@st.cache_resource(max_entries=100, show_spinner=False)
def _compared_chart(keys: tuple, lang: str, by: str, workshop: bool,
                    _journeys: list[Journey]) -> go.Figure:
    return figures.journeys_compared(_journeys, lang=lang, by=by,
                                     comparison=_comparison(keys, lang, _journeys),
                                     presentation=workshop)


def _journeys(workspace: Workspace, open_id: str | None, lang: str, workshop: bool) -> None:
    st.subheader(_t("journeys", lang))
    names = distinct_names([(s.id, s.title, s.region) for s in workspace.summaries()])
    ids = list(names)
    if "compare_pick" not in st.session_state:
        first = [open_id] if open_id in ids else []
        st.session_state["compare_pick"] = (first + [i for i in ids if i not in first])[:2]
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        picked = st.multiselect(_t("choose", lang), ids, key="compare_pick",
                                format_func=lambda i: names.get(i, i))
    with right:
        by = _choice(_t("by", lang), ["category", "stage"], "compare_by", lang)
    picked = [i for i in picked if i in names]
    if len(picked) < 2:
        st.info(_t("need_two", lang))
        return
    try:
        journeys, keys, _ = _loaded(workspace, picked)
        result = _comparison(keys, lang, journeys)
    except JourneyError as error:
        widgets.show_error(error)
        return
    for line in result.findings:
        st.markdown(f"- {widgets.escape(line)}")
    widgets.show_figure(
        _compared_chart(keys, lang, by, workshop, journeys),
        lambda: figures.journeys_compared_table(journeys, lang=lang, by=by, comparison=result),
        key="compared", lang=lang, name="journeys-compared")


# -- portfolio -----------------------------------------------------------------------------
@st.cache_data(max_entries=50, show_spinner=False)
def _portfolio_cells(keys: tuple, group_by: str, by: str, _journeys: list[Journey]
                     ) -> dict[str, dict[str, HotspotCell]]:
    return portfolio_hotspots(_journeys, group_by=group_by, by=by)


@st.cache_resource(max_entries=50, show_spinner=False)
def _portfolio_chart(keys: tuple, lang: str, group_by: str, by: str, workshop: bool,
                     _journeys: list[Journey]) -> go.Figure:
    return figures.portfolio_chart(_portfolio_cells(keys, group_by, by, _journeys), lang=lang,
                                   by=by, group_by=group_by, journeys=_journeys,
                                   presentation=workshop)


def _portfolio(workspace: Workspace, lang: str, workshop: bool) -> None:
    st.subheader(_t("portfolio", lang))
    summaries = workspace.summaries()
    if not summaries:
        return
    left, right = st.columns(2)
    with left:
        chosen = _choice(_t("group_by", lang), ["region", "owner", "tag", "offer"],
                         "portfolio_group", lang)
    group_by = "actor" if chosen == "offer" else chosen  # each barrier for its step's offer
    with right:
        by = _choice(_t("sum_by", lang), ["category", "level", "dimension"], "portfolio_by",
                     lang)
    try:
        journeys, keys, _ = _loaded(workspace, [s.id for s in summaries])
    except JourneyError as error:
        widgets.show_error(error)
        return
    st.caption(_t("count", lang, count=number(len(journeys), lang)))
    widgets.show_figure(
        _portfolio_chart(keys, lang, group_by, by, workshop, journeys),
        lambda: figures.portfolio_table(_portfolio_cells(keys, group_by, by, journeys),
                                        lang=lang, by=by, group_by=group_by, journeys=journeys),
        key="portfolio", lang=lang, name=f"portfolio-{group_by}-{by}")


# -- referral network ------------------------------------------------------------------------
@st.cache_data(max_entries=20, show_spinner=False)
def _referrals(keys: tuple, _journeys: list[Journey], _catalogue: Catalogue | None
               ) -> ReferralNetwork:
    return referral_network(_journeys, _catalogue)


@st.cache_resource(max_entries=20, show_spinner=False)
def _network_chart(keys: tuple, lang: str, workshop: bool, _journeys: list[Journey],
                   _catalogue: Catalogue | None) -> go.Figure:
    return network_figure(_referrals(keys, _journeys, _catalogue), _journeys, lang=lang,
                          presentation=workshop)


def _network(workspace: Workspace, lang: str, workshop: bool) -> None:
    summaries = workspace.summaries()
    if not summaries:
        return
    st.subheader(_t("network", lang), help=_t("network_help", lang))
    try:
        journeys, keys, _ = _loaded(workspace, [s.id for s in summaries])
        catalogue = _shown_catalogue(workspace)
    except JourneyError as error:
        widgets.show_error(error)
        return
    network = _referrals(keys, journeys, catalogue)
    widgets.show_figure(_network_chart(keys, lang, workshop, journeys, catalogue),
                        lambda: network_table(network, lang=lang), key="network", lang=lang,
                        name="referral-network")
    st.download_button(_t("graphml", lang), network_graphml(network),
                       file_name="referral-network.graphml", mime="application/xml",
                       key="network-graphml", on_click="ignore", icon=":material/download:")


# -- the workspace's catalogue and the resource survey ---------------------------------------
def _sample_catalogue() -> Catalogue | None:
    """The catalogue the samples refer to (names the offers), or None."""
    samples = session.SAMPLES / CATALOGUE_FILE
    return load_catalogue(samples) if samples.is_file() else None


def _shown_catalogue(workspace: Workspace) -> Catalogue | None:
    """The workspace's catalogue, else the samples' one (not stored), else None."""
    stored = workspace.catalogue()
    return stored.catalogue if stored else _sample_catalogue()


def _revision(stored: StoredCatalogue | None) -> int | None:
    return stored.revision if stored else None


def _survey(workspace: Workspace, lang: str) -> None:
    st.subheader(_t("survey", lang), help=_t("survey_help", lang))
    try:
        _upload(workspace, lang)
        stored = workspace.catalogue()
        catalogue = stored.catalogue if stored else _sample_catalogue()
        journeys, _, notes = _loaded(workspace, [s.id for s in workspace.summaries()])
    except JourneyError as error:
        widgets.show_error(error)
        return
    if stored:
        st.caption(_t("stored", lang, revision=stored.revision, entries=len(
            stored.catalogue.entries), time=stored.saved_at.astimezone().strftime(
            "%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M")))
    else:
        st.caption(_t("samples", lang))
    stored = _edit(workspace, stored, catalogue or Catalogue(entries=[]), lang)
    catalogue = stored.catalogue if stored else catalogue
    if catalogue is None:
        return
    widgets.show_table(pd.DataFrame(survey_rows(catalogue, journeys, lang)), lang)
    result = survey(catalogue, journeys)
    if result.unused:
        st.caption(_t("unused", lang, names=", ".join(
            catalogue.by_id[e].name for e in result.unused)))
    for use in result.unreachable:
        names = f"{catalogue.by_id[use.entry].name} ({use.reason}) ← {', '.join(use.journeys)}"
        st.warning(widgets.escape(_t("unreachable", lang, names=names)), icon=":material/block:")
    if notes:
        st.caption("\n".join([_t("resolved", lang), *(f"- {widgets.escape(n)}" for n in notes)]))
    st.download_button(_t("survey_download", lang), dumps_catalogue(catalogue),
                       file_name=CATALOGUE_FILE, mime="application/yaml",
                       key="survey-download", on_click="ignore", icon=":material/download:")


def _upload(workspace: Workspace, lang: str) -> None:
    """An uploaded catalogue (CSV table or YAML) is saved as a new revision, once per upload;
    a broken file is a ``JourneyError`` and the workspace stays as it was."""
    uploaded = st.file_uploader(_t("survey_upload", lang), type=["csv", "yaml", "yml"],
                                key="survey_file")
    done = st.session_state.setdefault("catalogue_uploads", set())
    if uploaded is None or uploaded.file_id in done:
        return
    data = uploaded.getvalue()
    if uploaded.name.lower().endswith(".csv"):
        catalogue = catalogue_from_csv(data, name=uploaded.name)
    else:
        catalogue = parse_catalogue(parse_text(data, "yaml", name=uploaded.name),
                                    file=uploaded.name)
    saved = workspace.save_catalogue(catalogue, expected_revision=_revision(
        workspace.catalogue()), note=f"uploaded {uploaded.name}")
    done.add(uploaded.file_id)
    st.session_state["catalogue_round"] = {  # a new round: the table shows the upload
        "number": st.session_state.get("catalogue_round", {}).get("number", 0) + 1,
        "revision": saved.revision, "rows": (rows := editor_rows(catalogue_rows(catalogue))),
        "saved": rows, "unsaved": False, "message": _t(
            "uploaded", lang, name=uploaded.name, revision=saved.revision,
            entries=len(catalogue.entries))}
    st.rerun()


def _round(workspace: Workspace, stored: StoredCatalogue | None, shown: Catalogue) -> dict:
    """This tab's editing round of the catalogue table: its input rows stay pinned while the
    user edits (``journeys.ui.editing`` tells why). A new round starts from the newest
    revision (or from a draft of it) when none runs or another tab or an upload saved one
    while this tab had nothing unsaved."""
    running = st.session_state.get("catalogue_round")
    if running and (running["revision"] == _revision(stored) or running["unsaved"]):
        return running
    number = (running["number"] + 1) if running else 1
    saved = editor_rows(catalogue_rows(shown))
    draft = workspace.catalogue_draft()
    rows = draft[1] if draft and draft[0] == _revision(stored) else saved
    started = {"number": number, "revision": _revision(stored), "rows": rows, "saved": saved,
               "unsaved": rows != saved}
    st.session_state["catalogue_round"] = started
    return started


def _edit(workspace: Workspace, stored: StoredCatalogue | None, shown: Catalogue, lang: str
          ) -> StoredCatalogue | None:
    """The catalogue as an editable table (rows may be added and removed). Every edit that
    makes a valid catalogue is saved as a new revision; one that does not is kept as a draft
    in the workspace and its problems, naming row and column, are shown under the table."""
    current = _round(workspace, stored, shown)
    words = dict(zip(EDIT_FIELDS, _t("edit_columns", lang).split("|"), strict=True))
    _old_draft(workspace, stored, lang)
    with st.expander(_t("edit", lang), expanded=current["rows"] != current["saved"] or
                     current["unsaved"]):
        edited = st.data_editor(
            pd.DataFrame(current["rows"], columns=list(EDIT_FIELDS)),
            num_rows="dynamic", hide_index=True, key=f"catalogue-editor-{current['number']}",
            placeholder=widgets.MISSING,
            column_config={field: st.column_config.TextColumn(label) for field, label
                           in words.items()})
        rows = editor_rows(edited.to_dict("records"))
        if current.get("message"):
            st.success(current.pop("message"))
        if rows == current["saved"]:
            current["unsaved"] = False
            return stored
        current["unsaved"] = True
        try:
            catalogue = with_unlisted(catalogue_from_rows(
                rows, name=_t("editor_name", lang), labels=words), shown)
            saved = workspace.save_catalogue(catalogue, expected_revision=current["revision"],
                                             note="edited in the app")
        except JourneyError as error:
            if workspace.catalogue_draft() != (current["revision"], rows):
                workspace.put_catalogue_draft(current["revision"], rows)
            widgets.show_error(error, _t("edit_error", lang))
            if isinstance(error, Conflict):
                st.button(_t("reload", lang), key="catalogue-reload",
                          on_click=st.session_state.pop, args=("catalogue_round", None))
            return stored
        workspace.drop_catalogue_draft()
        current.update(revision=saved.revision, saved=rows, unsaved=False, message=_t(
            "saved", lang, revision=saved.revision, entries=len(catalogue.entries)))
    st.rerun()  # the sections above show the journeys as the new catalogue reads them


def _old_draft(workspace: Workspace, stored: StoredCatalogue | None, lang: str) -> None:
    """A draft made from an older revision than the newest is offered, never dropped."""
    draft = workspace.catalogue_draft()
    running = st.session_state.get("catalogue_round")
    if not draft or draft[0] == _revision(stored) or (running and running["unsaved"]):
        return
    st.warning(_t("old_draft", lang, revision=draft[0] or 0), icon=":material/draft:")
    if st.button(_t("open_draft", lang), key="catalogue-draft"):
        number = running["number"] + 1 if running else 1
        st.session_state["catalogue_round"] = {
            "number": number, "revision": _revision(stored), "rows": draft[1],
            "saved": editor_rows(catalogue_rows(stored.catalogue)) if stored else [],
            "unsaved": True}
        st.rerun()
