"""The interview view in real Chromium: three households recorded (one gives up), their
counts put on the map, and a reload keeps them."""

from __future__ import annotations

import pytest

from journeys.evidence.casebook import CaseBook
from tests.test_browser_app import _click, _page, _settle, browser, server  # noqa: F401

pytestmark = pytest.mark.browser

JOURNEY = "sportverein-but-haushalte"
PATH = ["bescheid-hinweis", "coach-gespraech", "verein-suchen", "probetraining", "but-antrag",
        "vereinsbestaetigung", "but-bewilligung", "mitglied"]


def _record(page, household: str, steps: list[str]) -> None:
    page.locator(f".st-key-iv-{JOURNEY}-household input").fill(household)
    page.locator(f".st-key-iv-{JOURNEY}-household input").press("Enter")
    _settle(page)
    for step in steps:
        page.locator(f".st-key-iv-{JOURNEY}-add-{step} button").click()
        _settle(page)
    _click(page, "Save household")
    assert page.get_by_text("Household saved").count() == 1


def _hover_texts(page) -> str:
    page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?._fullData")
    return page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const t = gd._fullData.find(t => t.name === 'steps');
        return JSON.stringify([t.hovertext, t.text, t.customdata]); }""")


def test_three_households_in_the_browser_reach_the_map(server, browser) -> None:  # noqa: F811
    url, workspace = server
    page = _page(browser, f"{url}/?journey={JOURNEY}&view=interview")
    _record(page, "HH-1", PATH)
    _record(page, "HH-2", PATH)
    _record(page, "HH-3", [*PATH[:5], "abbruch"])  # gives up: the outcome follows the step
    assert page.get_by_text("Counts from 3 households").count() == 1
    with CaseBook(workspace) as book:
        assert [c.outcome for c in book.cases(JOURNEY)] == ["goal", "goal", "dropout"]
    _click(page, "Put the counts on the map")
    assert page.get_by_text("The map now shows the counts").count() == 1
    page.goto(f"{url}/?journey={JOURNEY}&view=map")
    _settle(page)
    assert "Reached: 3 people" in _hover_texts(page)
    page.goto(f"{url}/?journey={JOURNEY}&view=interview")
    _settle(page)
    page.reload()
    _settle(page)
    assert page.get_by_text("Counts from 3 households").count() == 1
