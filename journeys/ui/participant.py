"""The phone view of a voting round, reached by ``?vote=<round token>`` and nothing else.

It shows one journey, read-only, in the journey's own language and in large type: its steps
with their barriers, the participant's dots left, a tap to put or take back a dot, and a form
to suggest a barrier. ``shell.main`` sends every request with ``vote`` here before anything
else, so a participant link never reaches the library, the editor or another journey: other
query parameters are dropped from the address, not followed. A link of an ended round shows
only "this voting round has ended".

The participant's anonymous token (``journeys.voting``) is kept in the address as ``me`` so a
reload keeps their dots; it names no one.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from journeys.i18n import translate
from journeys.register import PlacedBarrier, barrier_register
from journeys.ui import session, widgets
from journeys.ui.names import Names
from journeys.ui.voting_panel import PARAM, voting
from journeys.voting import RoundEnded, Voting, VotingError, fingerprint
from models import Journey, JourneyError

ME = "me"
"""The query parameter holding the participant's anonymous token."""

TEXT = {
    "en": {
        "title": "Dot voting", "ended": "This voting round has ended.",
        "ended_help": "Thank you for voting. The results are on the projector.",
        "invalid": "This voting link is not valid.",
        "invalid_help": "Scan the code shown in the room again.",
        "left": "You have **{left}** of {dots} dots left.",
        "all_placed": "All your dots are placed — take one back to move it.",
        "intro": "Put your dots on the barriers you find worst. Tap again to add more dots "
                 "to the same barrier.",
        "put": "Put a dot", "take": "Take back", "mine": "Your dots here: {dots}",
        "severity": "severity {severity}/5", "no_barriers": "No barriers recorded here yet.",
        "suggest": "Suggest a barrier", "step": "Step", "category": "Category",
        "severity_label": "How hard (1 = a little, 5 = very)",
        "description": "What is hard here?", "send": "Send suggestion",
        "sent": "Thank you — your suggestion goes to the facilitator.",
        "empty": "Please say in a few words what is hard.",
        "map": "The whole map",
    },
    "de": {
        "title": "Punktabfrage", "ended": "Diese Abstimmungsrunde ist beendet.",
        "ended_help": "Danke fürs Mitmachen. Die Ergebnisse sind am Beamer zu sehen.",
        "invalid": "Dieser Abstimmungslink ist nicht gültig.",
        "invalid_help": "Scannen Sie den Code im Raum noch einmal.",
        "left": "Sie haben noch **{left}** von {dots} Punkten.",
        "all_placed": "Alle Punkte sind vergeben — nehmen Sie einen zurück, um ihn zu "
                      "verschieben.",
        "intro": "Kleben Sie Ihre Punkte auf die Barrieren, die Sie am schwersten finden. "
                 "Mehrmals tippen gibt derselben Barriere mehrere Punkte.",
        "put": "Punkt kleben", "take": "Zurücknehmen", "mine": "Ihre Punkte hier: {dots}",
        "severity": "Schwere {severity}/5", "no_barriers": "Hier sind noch keine Barrieren "
                                                          "erfasst.",
        "suggest": "Barriere vorschlagen", "step": "Schritt", "category": "Kategorie",
        "severity_label": "Wie schwer (1 = etwas, 5 = sehr)",
        "description": "Was ist hier schwer?", "send": "Vorschlag senden",
        "sent": "Danke — Ihr Vorschlag geht an die Moderation.",
        "empty": "Bitte beschreiben Sie in ein paar Worten, was schwer ist.",
        "map": "Die ganze Karte",
    },
}

PHONE_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 0.9rem 4rem; max-width: 40rem; }
.stApp, .stApp p, .stApp li, .stApp label, .stApp input, .stApp textarea, .stApp button,
.stApp [data-baseweb="select"] { font-size: 1.2rem; }
.stApp h1 { font-size: 1.9rem; }
.stApp h3 { font-size: 1.45rem; margin-top: 0.6rem; }
.stApp button { min-height: 3rem; }
.st-key-dots-left { padding: 0.4rem 0; border-bottom: 2px solid #000; }
</style>
"""


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def requested() -> bool:
    """Whether this request is a participant link (``shell.main`` routes it here first)."""
    return PARAM in st.query_params


def main() -> None:
    """The whole page for a participant link."""
    st.set_page_config(page_title="Barrier Journeys", page_icon=":material/how_to_vote:",
                       layout="centered", initial_sidebar_state="collapsed")
    st.html(PHONE_CSS)
    token = st.query_params.get(PARAM) or ""
    for name in [n for n in st.query_params if n not in (PARAM, ME)]:
        del st.query_params[name]  # a participant link opens nothing else
    lang = session.browser_language()
    try:
        rounds = voting(session.workspace())
        room = rounds.room(token)
        journey = rounds.workspace.get(room.journey_id).journey
        me = _participant(rounds, token)
        left, mine = rounds.my_dots(token, me)
    except RoundEnded:
        _stop(lang, "ended")
        return
    except VotingError:
        _stop(lang, "invalid")
        return
    except JourneyError as error:
        widgets.show_error(error)
        return
    lang = journey.language
    st.title(widgets.escape(journey.title), anchor=False)
    with st.container(key="dots-left"):
        st.markdown(_t("left", lang, left=left, dots=room.dots))
        if not left:
            st.caption(_t("all_placed", lang))
    st.caption(_t("intro", lang))
    _steps(rounds, journey, token, me, mine, left, lang)
    _suggest(rounds, journey, token, me, lang)


def _stop(lang: str, key: str) -> None:
    st.title(_t(key, lang), anchor=False)
    st.info(_t(f"{key}_help", lang))


def _participant(rounds: Voting, token: str) -> str:
    """This phone's anonymous token: kept in the tab and the address, joined on first sight."""
    me = st.session_state.get(f"voter-{token}") or st.query_params.get(ME) or ""
    try:
        rounds.my_dots(token, me)
    except RoundEnded:
        raise
    except VotingError:  # a new phone, or a token of another round
        me = rounds.join(token)
    st.session_state[f"voter-{token}"] = me
    if st.query_params.get(ME) != me:
        st.query_params[ME] = me
    return me


def _steps(rounds: Voting, journey: Journey, token: str, me: str, mine, left: int,
           lang: str) -> None:
    """Every step in the map's order (stage by stage), each with its barriers and dots."""
    names = Names(journey, lang)
    at: dict[str, list[tuple[int, PlacedBarrier]]] = {}
    for number, placed in enumerate(barrier_register(journey)):  # the number names widgets
        at.setdefault(placed.step, []).append((number, placed))
    stages = {stage.id: n for n, stage in enumerate(journey.stages)}
    for step in sorted(journey.steps, key=lambda s: stages.get(s.stage, 0)):
        st.markdown(f"### {widgets.escape(step.label)}")
        st.caption(widgets.escape(f"{names.stage(step.stage)} · "
                                  f"{journey.actors_by_id[step.actor].label}"))
        for number, placed in at.get(step.id, []):
            _barrier(rounds, names, number, placed, (token, me), mine, left, lang)


def _barrier(rounds: Voting, names: Names, number: int, placed: PlacedBarrier,
             voter: tuple[str, str], mine, left: int, lang: str) -> None:
    """One barrier as a card: what it is, and the buttons ``put-<n>`` and ``take-<n>``."""
    barrier = placed.barrier
    print_ = fingerprint(barrier)
    dots = mine.get((placed.ref, print_), 0)
    with st.container(border=True, key=f"barrier-{number}"):
        where = f"{names.place(' → '.join(placed.transition))} · " if placed.transition else ""
        st.markdown(f"**{widgets.escape(where + names.category(barrier.category))}** · "
                    f"{_t('severity', lang, severity=barrier.severity)}")
        if barrier.description:
            st.markdown(widgets.escape(barrier.description))
        put, take = st.columns(2)
        put.button(f"● {_t('put', lang)}", key=f"put-{number}", disabled=not left,
                   on_click=_dot, args=(rounds, *voter, placed.ref, print_, True),
                   width="stretch", type="primary")
        take.button(_t("take", lang), key=f"take-{number}", disabled=not dots,
                    on_click=_dot, args=(rounds, *voter, placed.ref, print_, False),
                    width="stretch")
        if dots:
            st.markdown(_t("mine", lang, dots="● " * dots))


def _dot(rounds: Voting, token: str, me: str, ref: str, print_: str, put: bool) -> None:
    with contextlib.suppress(VotingError):  # no dot left, or the round ended: the next
        (rounds.put_dot if put else rounds.remove_dot)(token, me, ref, print_)  # run says so


def _suggest(rounds: Voting, journey: Journey, token: str, me: str, lang: str) -> None:
    names = Names(journey, lang)
    st.subheader(_t("suggest", lang), anchor=False)
    with st.form("suggest", border=True):
        st.selectbox(_t("step", lang), [s.id for s in journey.steps], key="suggest_step",
                     format_func=names.step)
        st.selectbox(_t("category", lang), journey.known_categories(), key="suggest_category",
                     format_func=names.category)
        st.segmented_control(_t("severity_label", lang), [1, 2, 3, 4, 5], default=3,
                             key="suggest_severity")
        st.text_area(_t("description", lang), key="suggest_text", max_chars=2000)
        st.form_submit_button(_t("send", lang), on_click=_send,
                              args=(rounds, token, me, lang), width="stretch")
    message = st.session_state.pop("suggest_message", None)
    if message:
        getattr(st, message[0])(widgets.escape(message[1]))


def _send(rounds: Voting, token: str, me: str, lang: str) -> None:
    state = st.session_state
    text = (state.get("suggest_text") or "").strip()
    if not text:
        state["suggest_message"] = ("warning", _t("empty", lang))
        return
    try:
        rounds.suggest(token, me, state.get("suggest_step"), state.get("suggest_category"),
                       int(state.get("suggest_severity") or 3), text)
    except VotingError as error:
        state["suggest_message"] = ("error", str(error))
        return
    state["suggest_text"] = ""
    state["suggest_message"] = ("success", _t("sent", lang))
