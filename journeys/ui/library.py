"""Library view: the journeys of the workspace; new, import, duplicate, rename, delete."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from journeys.exchange import slug
from journeys.formats import format_of, journey_paths, load_journey, loads_journey
from journeys.i18n import number, translate
from journeys.store import JourneySummary, Workspace
from journeys.ui import session, widgets
from models import DEFAULT_STAGES, LEVELS, Journey, JourneyError, parse_journey

TEXT = {
    "en": {
        "title": "Library",
        "intro": "The journeys of this workspace. Open one to map it, or start a new one.",
        "workspace": "Workspace file: {path}",
        "empty": "No journeys yet. Start a new one below.",
        "meta": "{region} · {owner} · {steps:step|steps} · {barriers:barrier|barriers} · changed "
                "{when}",
        "open": "Open", "duplicate": "Duplicate", "rename": "Rename", "delete": "Delete",
        "new_title": "Title", "more": "More",
        "new": "New journey",
        "blank": "Blank", "sample": "From a sample", "import": "Import a file",
        "blank_intro": "Starts with the five stages of Levesque et al. (perceive → seek → reach "
                       "→ use → consequences), one actor per resource level and a goal step.",
        "title_field": "Title", "region": "Region (municipality)", "owner": "Owner",
        "language": "Language of the content",
        "create": "Create", "sample_pick": "Sample journey", "add_sample": "Add this sample",
        "upload": "Journey file (YAML or JSON)",
        "upload_ok": "“{title}”: {steps:step|steps}, {barriers:barrier|barriers} — valid.",
        "add_file": "Add to the workspace", "upload_bad": "The file cannot be imported:",
        "created": "Created “{title}”.", "copied": "Saved a copy: “{title}”.",
        "renamed": "Renamed to “{title}”.",
        "deleted": "Deleted “{title}”. It can be restored under “Deleted journeys”.",
        "restored": "Restored “{title}”.",
        "deleted_list": "Deleted journeys ({count})", "restore": "Restore",
        "goal_step": "Goal reached",
        "no_title": "Give the journey a title.", "none": "—",
    },
    "de": {
        "title": "Bibliothek",
        "intro": "Die Nutzerreisen dieses Arbeitsbereichs. Öffnen Sie eine, um sie zu "
                 "bearbeiten, oder beginnen Sie eine neue.",
        "workspace": "Arbeitsbereich-Datei: {path}",
        "empty": "Noch keine Nutzerreisen. Beginnen Sie unten eine neue.",
        "meta": "{region} · {owner} · {steps:Schritt|Schritte} · {barriers:Barriere|Barrieren} · "
                "geändert {when}",
        "open": "Öffnen", "duplicate": "Duplizieren", "rename": "Umbenennen",
        "delete": "Löschen", "new_title": "Titel", "more": "Mehr",
        "new": "Neue Nutzerreise",
        "blank": "Leer", "sample": "Aus einem Beispiel", "import": "Datei importieren",
        "blank_intro": "Beginnt mit den fünf Phasen nach Levesque u. a. (Bedarf erkennen → "
                       "Suchen → Erreichen → Nutzen → Folgen), einem Akteur je Ressourcenebene "
                       "und einem Zielschritt.",
        "title_field": "Titel", "region": "Region (Gemeinde)", "owner": "Verantwortlich",
        "language": "Sprache des Inhalts",
        "create": "Anlegen", "sample_pick": "Beispiel-Nutzerreise",
        "add_sample": "Dieses Beispiel hinzufügen",
        "upload": "Nutzerreise-Datei (YAML oder JSON)",
        "upload_ok": "„{title}“: {steps:Schritt|Schritte}, {barriers:Barriere|Barrieren} — gültig.",
        "add_file": "Zum Arbeitsbereich hinzufügen",
        "upload_bad": "Die Datei kann nicht importiert werden:",
        "created": "„{title}“ angelegt.", "copied": "Kopie gespeichert: „{title}“.",
        "renamed": "Umbenannt in „{title}“.",
        "deleted": "„{title}“ gelöscht. Unter „Gelöschte Nutzerreisen“ wiederherstellbar.",
        "restored": "„{title}“ wiederhergestellt.",
        "deleted_list": "Gelöschte Nutzerreisen ({count})", "restore": "Wiederherstellen",
        "goal_step": "Ziel erreicht",
        "no_title": "Geben Sie der Nutzerreise einen Titel.", "none": "—",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def when(moment: dt.datetime, lang: str) -> str:
    """A change time as people write it: ``24.03.2022 14:05`` (de), ``2022-03-24 14:05`` (en)."""
    local = moment.astimezone()
    return local.strftime("%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M")


def blank_journey(title: str, journey_id: str, content_lang: str, region: str, owner: str
                  ) -> Journey:
    """A new journey: Levesque's stages, one actor per resource level, one goal step."""
    labels = {"de": 1, "en": 2}[content_lang]
    stages = [{"id": stage[0], "label": stage[labels]} for stage in DEFAULT_STAGES]
    actors = [{"id": f"level-{number}", "label": getattr(level, content_lang),
               "level": number} for number, level in LEVELS.items()]
    document = {"schema": "journey/1", "id": journey_id, "title": title.strip(),
                "language": content_lang, "region": region.strip() or None,
                "owner": owner.strip() or None, "stages": stages, "actors": actors,
                "steps": [{"id": "goal", "label": _t("goal_step", content_lang),
                           "stage": stages[-2]["id"], "actor": "level-1",
                           "outcome": "goal"}]}
    return parse_journey({k: v for k, v in document.items() if v is not None})


# -- callbacks: change the workspace before the page is drawn -----------------------------------
def _create(workspace: Workspace, journey: Journey, lang: str, *, as_copy: bool = False) -> None:
    try:
        free = workspace.free_id(journey.id)
        if free == journey.id and not as_copy:
            stored = workspace.create(journey)
        else:
            stored = workspace.save_copy(journey, free, title_suffix=None if as_copy else "")
    except JourneyError as error:
        session.flash("error", str(error))
        return
    session.flash("success", _t("copied" if as_copy else "created", lang,
                                title=stored.journey.title))
    session.set_base(stored.id, stored.revision)
    session.open_journey(stored.id, "map")


def _new_blank(workspace: Workspace, lang: str) -> None:
    state = st.session_state
    title = (state.get("new_title") or "").strip()
    if not title:
        session.flash("warning", _t("no_title", lang))
        return
    try:
        journey_id = slug(title)[:60].strip("-") or "journey"
        journey = blank_journey(title, journey_id, state.get("new_lang") or lang,
                                state.get("new_region") or "", state.get("new_owner") or "")
    except JourneyError as error:
        session.flash("error", str(error))
        return
    _create(workspace, journey, lang)


def _new_sample(workspace: Workspace, lang: str) -> None:
    try:
        journey = load_journey(session.SAMPLES / st.session_state["sample_pick"])
    except JourneyError as error:
        session.flash("error", str(error))
        return
    _create(workspace, journey, lang)


def _duplicate(workspace: Workspace, journey_id: str, lang: str) -> None:
    try:
        journey = workspace.get(journey_id).journey
    except JourneyError as error:
        session.flash("error", str(error))
        return
    _create(workspace, journey, lang, as_copy=True)


def _rename(workspace: Workspace, item: JourneySummary, lang: str) -> None:
    title = st.session_state.get(f"title-{item.id}", "")
    try:
        stored = workspace.rename(item.id, title, expected_revision=item.revision)
    except JourneyError as error:
        session.flash("error", str(error))
        return
    session.set_base(item.id, stored.revision)
    session.flash("success", _t("renamed", lang, title=stored.journey.title))


def _delete(workspace: Workspace, item: JourneySummary, lang: str) -> None:
    try:
        workspace.delete(item.id)
    except JourneyError as error:
        session.flash("error", str(error))
        return
    if session.open_journey_id() == item.id:
        session.open_journey(None)
    session.flash("info", _t("deleted", lang, title=item.title))


def _restore(workspace: Workspace, item: JourneySummary, lang: str) -> None:
    try:
        stored = workspace.restore(item.id)
    except JourneyError as error:
        session.flash("error", str(error))
        return
    session.set_base(stored.id, stored.revision)
    session.flash("success", _t("restored", lang, title=stored.journey.title))


# -- the page ---------------------------------------------------------------------------------
def show(page: session.Page) -> None:
    lang, workspace = page.lang, page.workspace
    st.title(_t("title", lang))
    st.caption(_t("intro", lang) + "  \n"
               + widgets.md(TEXT, "workspace", lang, path=str(workspace.path)))
    session.show_flashes()
    everything = workspace.summaries(include_deleted=True)
    journeys = [item for item in everything if not item.deleted]
    with st.expander(_t("new", lang), icon=":material/add:", expanded=not journeys):
        _new_journey(workspace, lang)
    if not journeys:
        st.info(_t("empty", lang))
    for item in journeys:
        _journey_card(workspace, item, lang)
    deleted = [item for item in everything if item.deleted]
    if deleted:
        with st.expander(_t("deleted_list", lang, count=len(deleted))):
            for item in deleted:
                left, right = st.columns([5, 1], vertical_alignment="center")
                left.markdown(f"**{widgets.escape(item.title)}**  \n`{item.id}`")
                right.button(_t("restore", lang), key=f"restore-{item.id}",
                             on_click=_restore, args=(workspace, item, lang))


def _journey_card(workspace: Workspace, item: JourneySummary, lang: str) -> None:
    none = _t("none", lang)
    with st.container(border=True, key=f"card-{item.id}"):
        text, open_, more = st.columns([6, 1.2, 1.2], vertical_alignment="center")
        text.markdown(f"**{widgets.escape(item.title)}**")
        text.caption(widgets.md(TEXT, "meta", lang, region=item.region or none,
                                owner=item.owner or none,
                        steps=number(item.steps, lang), barriers=number(item.barriers, lang),
                        when=when(item.updated_at, lang)))
        open_.button(_t("open", lang), key=f"open-{item.id}", type="primary",
                     on_click=session.open_journey, args=(item.id, "map"), width="stretch")
        with more.popover(_t("more", lang), width="stretch"):
            st.button(_t("duplicate", lang), key=f"copy-{item.id}", icon=":material/content_copy:",
                      on_click=_duplicate, args=(workspace, item.id, lang), width="stretch")
            st.button(_t("delete", lang), key=f"delete-{item.id}", icon=":material/delete:",
                      on_click=_delete, args=(workspace, item, lang), width="stretch")
            st.text_input(_t("new_title", lang), value=item.title, key=f"title-{item.id}")
            st.button(_t("rename", lang), key=f"rename-{item.id}", icon=":material/edit:",
                      on_click=_rename, args=(workspace, item, lang), width="stretch")


def _new_journey(workspace: Workspace, lang: str) -> None:
    blank, sample, upload = st.tabs([_t("blank", lang), _t("sample", lang), _t("import", lang)])
    with blank, st.form("new-blank", border=False):
        st.caption(_t("blank_intro", lang))
        st.text_input(_t("title_field", lang), key="new_title")
        left, middle, right = st.columns(3)
        left.text_input(_t("region", lang), key="new_region")
        middle.text_input(_t("owner", lang), key="new_owner")
        right.selectbox(_t("language", lang), ["de", "en"], index=0 if lang == "de" else 1,
                        format_func=lambda code: {"de": "Deutsch", "en": "English"}[code],
                        key="new_lang")
        st.form_submit_button(_t("create", lang), type="primary",
                              on_click=_new_blank, args=(workspace, lang))
    with sample:
        files = [p.name for p in journey_paths(session.SAMPLES)] \
            if session.SAMPLES.is_dir() else []
        st.selectbox(_t("sample_pick", lang), files, key="sample_pick")
        st.button(_t("add_sample", lang), on_click=_new_sample, args=(workspace, lang),
                  disabled=not files, key="add-sample")
    with upload:
        _import(workspace, lang)


def _import(workspace: Workspace, lang: str) -> None:
    uploaded = st.file_uploader(_t("upload", lang), type=["yaml", "yml", "json"],
                                key="import_file")
    if uploaded is None:
        return
    try:
        journey = loads_journey(uploaded.getvalue(), format_of(uploaded.name),
                                name=uploaded.name)
    except JourneyError as error:
        widgets.show_error(error, _t("upload_bad", lang))
        return
    st.success(widgets.md(TEXT, "upload_ok", lang, title=journey.title,  # 60.000 Schritte
                          steps=number(len(journey.steps), lang),
                          barriers=number(journey.barrier_count(), lang)))
    st.button(_t("add_file", lang), type="primary", on_click=_create,
              args=(workspace, journey, lang), key="add-file")
