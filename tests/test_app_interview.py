"""The interview view in Streamlit's AppTest: three households recorded (one gives up), the
counts with small ones hidden, put on the map as a new revision; kept across tabs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journeys.evidence.casebook import CaseBook
from journeys.store import Workspace
from tests.test_app import texts

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "barrier_app.py")
JOURNEY = "sportverein-but-haushalte"
PREFIX = f"iv-{JOURNEY}"


@pytest.fixture
def workspace_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "workspace.db"
    monkeypatch.setenv("BARRIER_JOURNEYS_WORKSPACE", str(path))
    return path


def run(tab: AppTest) -> AppTest:
    tab.run()
    assert not tab.exception, tab.exception
    return tab


def click(tab: AppTest, key: str) -> AppTest:
    tab.button(key=key).click()
    return run(tab)


def tab_on_interview(lang: str = "en") -> AppTest:
    tab = AppTest.from_file(APP, default_timeout=120)
    tab.query_params.update(view="interview", journey=JOURNEY, lang=lang)
    return run(tab)


def record(tab: AppTest, household: str, steps: list[str], outcome: str,
           barriers: dict[int, list[str]] | None = None) -> AppTest:
    tab.text_input(key=f"{PREFIX}-household").input(household)
    for step in steps:
        click(tab, f"{PREFIX}-add-{step}")
    tab.date_input(key=f"{PREFIX}-0-date").set_value(dt.date(2025, 3, 3))
    for index in range(1, len(steps)):
        tab.number_input(key=f"{PREFIX}-{index}-wait").set_value(float(index * 2))
    for index, refs in (barriers or {}).items():
        tab.multiselect(key=f"{PREFIX}-{index}-met").set_value(refs)
    tab.radio(key=f"{PREFIX}-outcome").set_value(outcome)
    return click(tab, f"{PREFIX}-save")


def test_three_households_become_counts_on_the_map(workspace_path: Path) -> None:
    tab = tab_on_interview()
    assert "No household recorded yet." in texts(tab.info)
    path = ["bescheid-hinweis", "coach-gespraech", "verein-suchen", "probetraining",
            "but-antrag", "vereinsbestaetigung", "but-bewilligung", "mitglied"]
    record(tab, "HH-1", path, "goal", {4: ["step:but-antrag:0"]})
    assert texts(tab.success) == ["Household saved (8 steps)."]
    record(tab, "HH-2", path, "goal", {4: ["step:but-antrag:0"]})
    record(tab, "HH-3", [*path[:5], "abbruch"], "dropout", {4: ["step:but-antrag:0"]})
    assert tab.subheader[-1].value == "Counts from 3 households"
    table = tab.dataframe[0].value
    rows = dict(zip(table["Step"], zip(table["Reached"], table["Dropped out after"],
                                       strict=True), strict=True))
    assert rows["Füllt den BuT-Antrag für den Vereinsbeitrag aus"] == ("3", "0")
    assert rows["Gibt auf"] == ("< 3", "< 3")  # one household: hidden
    assert "1" not in set(table["Reached"]) | set(table["Dropped out after"])

    click(tab, f"{PREFIX}-apply")
    assert any("The map now shows the counts" in s for s in texts(tab.success))
    with Workspace(workspace_path) as workspace:
        journey = workspace.get(JOURNEY).journey
    assert journey.steps_by_id["but-antrag"].reached == 3
    assert journey.steps_by_id["abbruch"].reached is None  # hidden: never written
    assert journey.steps_by_id["but-antrag"].barriers[0].affected == 3
    assert journey.extra["evidence"]["cases"] == 3

    other = tab_on_interview("de")  # a reload (a new tab) keeps the households
    assert other.subheader[-1].value == "Zahlen aus 3 Haushalten"
    with CaseBook(workspace_path) as book:
        cases = book.cases(JOURNEY)
    assert len(cases) == 3 and {c.id for c in cases}.isdisjoint({"HH-1", "HH-2", "HH-3"})
    assert [c.outcome for c in cases] == ["goal", "goal", "dropout"]


def test_a_household_needs_an_id_and_a_step(workspace_path: Path) -> None:
    tab = tab_on_interview()
    click(tab, f"{PREFIX}-save")
    assert texts(tab.warning) == ["Enter a household id first."]
    tab.text_input(key=f"{PREFIX}-household").input("HH-9")
    click(tab, f"{PREFIX}-add-probetraining")
    click(tab, f"{PREFIX}-undo")
    click(tab, f"{PREFIX}-save")
    assert texts(tab.warning) == ["Click at least one step."]
