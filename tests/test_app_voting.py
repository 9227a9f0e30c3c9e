"""Voting in the room, in Streamlit's AppTest: the facilitator opens a round, a phone votes and
suggests, the facilitator accepts and ends the round; a participant link reaches nothing else."""

from __future__ import annotations

from pathlib import Path

from journeys.register import barrier_register
from journeys.store import Workspace
from journeys.voting import Voting
from tests import test_app
from tests.test_app import SPORT, app, rerun, shown, stored

workspace_path = test_app.workspace_path
"""The same fixture as the app's tests: a workspace file of its own per test."""


def _panel_button(tab, label: str):
    return next(b for b in tab.button if b.label == label)


def _open_round(path: Path, dots: int = 3):
    tab = app(journey=SPORT, view="map", lang="en")
    tab.number_input(key="vote_dots").set_value(dots)
    _panel_button(tab, "Start a voting round").click()
    rerun(tab)
    link = tab.text_input(key="vote_link").value
    return tab, link.split("?vote=", 1)[1]


def _markdown(tab) -> list[str]:
    return [m.value for m in tab.markdown]


def test_the_facilitator_opens_a_round_and_shows_its_code_and_link(workspace_path):
    tab, token = _open_round(workspace_path, dots=4)
    assert tab.text_input(key="vote_link").value == f"http://localhost:8501/?vote={token}"
    assert any("0 people joined · 0 dots placed" in m for m in _markdown(tab))
    assert len(tab.get("image")) == 1
    with Workspace(workspace_path) as workspace:
        room = Voting(workspace).current(SPORT)
    assert (room.token, room.dots) == (token, 4)


def test_a_phone_votes_suggests_and_the_projector_and_journey_follow(workspace_path):
    tab, token = _open_round(workspace_path, dots=2)
    phone = app(vote=token)
    journey = stored(workspace_path).journey  # German sample: the phone speaks German
    assert shown(phone.title[0].value) == journey.title
    assert "Sie haben noch **2** von 2 Punkten." in _markdown(phone)
    phone.button(key="put-0").click()  # the register's first barrier
    rerun(phone)
    phone.button(key="put-0").click()
    rerun(phone)
    assert "Sie haben noch **0** von 2 Punkten." in _markdown(phone)
    assert phone.button(key="put-0").disabled
    assert set(phone.query_params) == {"vote", "me"}

    phone.selectbox(key="suggest_step").set_value(journey.steps[1].id)
    phone.selectbox(key="suggest_category").set_value("trust")
    phone.text_area(key="suggest_text").input("Nobody explains the form")
    phone.button[-1].click()  # the form's submit button
    rerun(phone)
    assert [shown(s.value) for s in phone.success] == [
        "Danke — Ihr Vorschlag geht an die Moderation."]

    rerun(tab)
    assert any("1 person joined · 2 dots placed" in m for m in _markdown(tab))
    revision = stored(workspace_path).revision
    _panel_button(tab, "Accept").click()
    rerun(tab)
    after = stored(workspace_path)
    assert after.revision == revision + 1
    added = after.journey.steps[1].barriers[-1]
    assert (added.category, added.severity, added.description) == (
        "trust", 3, "Nobody explains the form")

    votes = barrier_register(after.journey)[0].barrier.votes or 0
    _panel_button(tab, "End the round and add the dots to the votes").click()
    rerun(tab)
    closed = stored(workspace_path)
    assert closed.revision == revision + 2
    assert barrier_register(closed.journey)[0].barrier.votes == votes + 2
    assert any("2 dots added to the barriers' votes" in shown(s.value) for s in tab.success)

    rerun(phone)
    assert phone.title[0].value == "This voting round has ended."
    assert not phone.button


def test_a_participant_link_opens_nothing_else(workspace_path):
    _, token = _open_round(workspace_path)
    phone = app(vote=token, view="map", journey="minijob-stammtisch", mode="workshop")
    assert not phone.data_editor and not phone.get("segmented_control")[1:]
    assert shown(phone.title[0].value) == stored(workspace_path).journey.title
    assert set(phone.query_params) == {"vote", "me"}
    assert not [b for b in phone.button if b.label in ("Start a voting round", "Undo")]


def test_a_made_up_link_is_refused(workspace_path):
    phone = app(vote="guessed", view="map", journey=SPORT, lang="en")
    assert phone.title[0].value == "This voting link is not valid."
    assert not phone.data_editor and not phone.button


def test_bottlenecks_rank_by_the_rooms_votes_beside_the_score(workspace_path):
    tab = app(journey=SPORT, view="bottlenecks", lang="en")
    tables = [t.value for t in tab.dataframe]
    room = next(t for t in tables if "By the room's votes" in t.columns)
    assert list(room.columns) == ["Rank", "By score", "By the room's votes"]
    assert room["By the room's votes"].iloc[0].endswith(")")
