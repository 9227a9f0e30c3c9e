"""The facilitator's voting panel on the map page: open a dot-voting round, show its QR code
for the phones in the room, watch the dots come in (live, every second), accept or reject
suggested barriers, and end the round (its totals become the barriers' votes)."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
import streamlit as st

from journeys.i18n import number, translate
from journeys.register import barrier_register
from journeys.store import StoredJourney, Workspace
from journeys.ui import session, widgets
from journeys.ui.names import Names
from journeys.voting import MAX_DOTS, Round, Voting
from models import JourneyError

PARAM = "vote"
"""The query parameter of a participant link: ``?vote=<round token>``."""
REFRESH = 0.5
"""Seconds between two looks at the dots (the projector shows a vote within 2 s)."""

TEXT = {
    "en": {
        "panel": "Voting in the room", "dots": "Dots per participant",
        "open": "Start a voting round",
        "intro": "Everyone in the room scans the code with a phone and puts dots on the "
                 "barriers they find worst; they can also suggest a barrier.",
        "scan": "Scan to vote", "link": "Participant link",
        "local": "This address only works on this computer: open the app by its network "
                 "address (the Network URL the server prints, e.g. http://192.168.1.20:8501) "
                 "so that phones can reach it.",
        "live": "{people:person|people} joined · {dots:dot|dots} placed",
        "lost": "{lost:dot|dots} on barriers that were changed or deleted meanwhile",
        "none": "No dots yet.",
        "suggestions": "Suggested barriers", "accept": "Accept", "reject": "Reject",
        "accepted": "Added the suggested barrier to “{step}”.",
        "close": "End the round and add the dots to the votes",
        "closed": "The round has ended: {dots:dot|dots} added to the barriers' votes "
                  "(revision {revision}).",
        "suggested": "{category} {severity}/5 on “{step}”: {description}",
    },
    "de": {
        "panel": "Abstimmung im Raum", "dots": "Punkte pro Person",
        "open": "Abstimmungsrunde starten",
        "intro": "Alle im Raum scannen den Code mit dem Handy und kleben Punkte auf die "
                 "Barrieren, die sie am schwersten finden; sie können auch eine Barriere "
                 "vorschlagen.",
        "scan": "Scannen zum Abstimmen", "link": "Link für Teilnehmende",
        "local": "Diese Adresse funktioniert nur auf diesem Rechner: Öffnen Sie die App über "
                 "ihre Netzwerkadresse (die Network URL, die der Server anzeigt, z. B. "
                 "http://192.168.1.20:8501), damit Handys sie erreichen.",
        "live": "{people:Person|Personen} dabei · {dots:Punkt|Punkte} vergeben",
        "lost": "{lost:Punkt|Punkte} auf Barrieren, die inzwischen geändert oder gelöscht "
                "wurden",
        "none": "Noch keine Punkte.",
        "suggestions": "Vorgeschlagene Barrieren", "accept": "Übernehmen",
        "reject": "Ablehnen",
        "accepted": "Die vorgeschlagene Barriere wurde bei „{step}“ ergänzt.",
        "close": "Runde beenden und Punkte übernehmen",
        "closed": "Die Runde ist beendet: {dots:Punkt|Punkte} in die Stimmen der Barrieren "
                  "übernommen (Revision {revision}).",
        "suggested": "{category} {severity}/5 bei „{step}“: {description}",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


@st.cache_resource(show_spinner=False)
def _voting(_workspace: Workspace, path: str) -> Voting:
    return Voting(_workspace)


def voting(workspace: Workspace) -> Voting:
    """The voting rounds of the workspace (one object per server and workspace file)."""
    return _voting(workspace, str(workspace.path))


def participant_url(base: str, token: str) -> str:
    """The link the QR code holds: the app's address with only ``?vote=<token>``.

    >>> participant_url("http://10.0.0.5:8501/", "abc")
    'http://10.0.0.5:8501/?vote=abc'
    """
    return f"{base.split('?')[0].rstrip('/')}/?{urlencode({PARAM: token})}"


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as PNG, made here (segno): no service sees the link."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def show(page: session.Page, stored: StoredJourney) -> None:
    """The panel, folded unless a round is open."""
    rounds = voting(page.workspace)
    room = rounds.current(stored.id)
    with st.expander(_t("panel", page.lang), expanded=room is not None,
                     icon=":material/how_to_vote:"):
        if room is None:
            _start(rounds, stored, page.lang)
        else:
            _running(rounds, room, page.lang)


def _start(rounds: Voting, stored: StoredJourney, lang: str) -> None:
    st.caption(_t("intro", lang))
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    left.number_input(_t("dots", lang), min_value=1, max_value=MAX_DOTS, value=5, step=1,
                      key="vote_dots")
    right.button(_t("open", lang), key="vote_open", type="primary", on_click=_open,
                 args=(rounds, stored.id), icon=":material/how_to_vote:")


def _open(rounds: Voting, journey_id: str) -> None:
    try:
        rounds.open_round(journey_id, int(st.session_state.get("vote_dots") or 5))
    except JourneyError as error:
        session.flash("error", str(error))


def _running(rounds: Voting, room: Round, lang: str) -> None:
    url = participant_url(st.context.url or "http://localhost:8501", room.token)
    code, live = st.columns([1, 2])
    code.image(qr_png(url), caption=_t("scan", lang), width=260)
    code.text_input(_t("link", lang), url, key="vote_link", disabled=True)
    if any(host in url for host in ("//localhost", "//127.0.0.1", "//[::1]")):
        code.caption(_t("local", lang))
    with live:
        _live(rounds, room.id, lang)
    st.button(_t("close", lang), key="vote_close", on_click=_close, args=(rounds, room.id),
              icon=":material/stop_circle:")


@st.fragment(run_every=REFRESH)
def _live(rounds: Voting, round_id: int, lang: str) -> None:
    """Totals and suggestions, redrawn every ``REFRESH`` seconds (only this part reruns)."""
    room = rounds.get(round_id)
    if not room.open:  # ended in another tab: the whole page shows the new revision
        st.rerun(scope="app")
    journey = rounds.workspace.get(room.journey_id).journey
    totals = rounds.totals(round_id, journey)
    st.markdown(f"### {_t('live', lang, people=totals.participants, dots=totals.dots)}")
    if totals.lost:
        st.caption(_t("lost", lang, lost=totals.lost))
    names = Names(journey, lang)
    placed = [p for p in barrier_register(journey) if totals.by_ref.get(p.ref)]
    placed.sort(key=lambda p: -totals.by_ref[p.ref])
    # Markdown lines, not a table: redrawn every REFRESH seconds, they must be cheap.
    st.markdown("\n".join(
        f"- **{number(totals.by_ref[p.ref], lang)}** · "
        + widgets.escape(f"{names.step(p.step)} — {_barrier_text(names, p.barrier)}")
        for p in placed) or _t("none", lang))
    pending = rounds.suggestions(round_id)
    if pending:
        st.markdown(f"**{_t('suggestions', lang)}**")
    for item in pending:
        text, accept, reject = st.columns([6, 1.3, 1.3], vertical_alignment="center")
        text.markdown(widgets.md(TEXT, "suggested", lang, step=names.step(item.step),
                                 category=names.category(item.category),
                                 severity=item.severity, description=item.description))
        if accept.button(_t("accept", lang), key=f"vote_accept_{item.id}"):
            _decide(rounds, item.id, True, names.step(item.step), lang)
        if reject.button(_t("reject", lang), key=f"vote_reject_{item.id}"):
            _decide(rounds, item.id, False, "", lang)


def _barrier_text(names: Names, barrier) -> str:
    text = f"{names.category(barrier.category)} {barrier.severity}/5"
    return f"{text} — {barrier.description}" if barrier.description else text


def _decide(rounds: Voting, suggestion_id: int, accept: bool, step: str, lang: str) -> None:
    """Accept (a new revision: the whole page shows it) or reject a suggestion."""
    try:
        if accept:
            saved = rounds.accept(suggestion_id)
            session.set_base(saved.id, saved.revision)
            session.flash("success", _t("accepted", lang, step=step))
        else:
            rounds.reject(suggestion_id)
    except JourneyError as error:
        session.flash("error", str(error))
    st.rerun(scope="app")


def _close(rounds: Voting, round_id: int) -> None:
    lang = session.ui_language()
    try:
        dots = rounds.totals(round_id).dots
        saved = rounds.close(round_id)
        session.set_base(saved.id, saved.revision)
        session.flash("success", _t("closed", lang, dots=dots, revision=saved.revision))
    except JourneyError as error:
        session.flash("error", str(error))
