"""Issue 9: a facilitator builds a journey from blank in real Chromium, and every step with
its barrier — connected from the selected step — takes at most 5 interactions (a click, a key
press that submits, a dropdown choice; typing the words does not count)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from journeys.analysis import analyze
from journeys.store import Workspace
from tests import served_app

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

LINES = [  # (step to select first, or None for the one just added; the line typed)
    (None, "Liest den Bescheid @level-4 #perceive !information 4 BuT nur im Kleingedruckten ~-"),
    (None, "Fragt die Nachbarin @level-2 #seek !trust 3 will nicht zur Last fallen ~alternative"),
    (None, "Geht zum Vereinsfest @level-3 #reach !cost 3 Schuhe und Trikot"),
    (None, "Meldet das Kind an @level-3 #use >goal"),
    ("Liest den Bescheid", "Füllt den BuT-Antrag aus @level-1 #seek !forms 4 Nachweise unklar"),
    (None, "Schickt den Antrag ans Jobcenter @level-4 #reach !handoff 3 Unterlagen gehen "
           "verloren ~handoff paper"),
    (None, "Bewilligt den Zuschuss @level-4 #use !capacity 2 sechs Wochen Wartezeit >goal"),
    (None, "Wartet zu lange und gibt auf @level-1 #use =dropout"),
]


class Counted:
    """The page, counting what a person does: clicks, submitting keys, dropdown choices."""

    def __init__(self, page) -> None:
        self.page = page
        self.count = 0

    def click(self, locator) -> None:
        locator.click()
        self.count += 1

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def idle(self) -> None:
        page = self.page
        with contextlib.suppress(playwright.TimeoutError):
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]',
                                   timeout=1500)
        page.wait_for_selector(served_app.IDLE, timeout=120_000)
        page.wait_for_timeout(200)


def test_a_journey_from_blank_takes_at_most_five_interactions_per_step(tmp_path: Path) -> None:
    if not Path(served_app.CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    workspace = tmp_path / "workspace.db"
    per_step = []
    with served_app.app_server(workspace) as url, playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=served_app.CHROMIUM,
                                         args=served_app.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
        page.set_default_timeout(120_000)
        person = Counted(page)
        page.goto(f"{url}/?view=library")
        person.idle()
        person.click(page.get_by_text("New journey", exact=True))
        page.locator(".st-key-new_title input").fill("Live im Workshop")
        person.click(page.get_by_role("button", name="Create", exact=True))
        person.idle()
        assert "view=map" in page.url
        field = page.locator(".st-key-ql_text input")
        for select, line in LINES:
            person.count = 0
            if select:
                picker = page.locator(".st-key-step_pick input")
                person.click(picker)
                picker.fill(select)  # typing filters the dropdown; Enter picks the match
                person.press("Enter")
                person.idle()
            if not field.evaluate("e => e === document.activeElement"):
                person.click(field)
            field.fill(line)
            person.press("Enter")
            person.idle()
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0, line
            per_step.append(person.count)
        page.reload()
        person.idle()
        assert page.get_by_text(f"Revision {len(LINES) + 1} · saved").count() == 1
        browser.close()
    print("interactions per step and barrier:", per_step)
    assert max(per_step) <= 5, per_step
    with Workspace(workspace) as store:
        journey = next(store.get(s.id).journey for s in store.summaries()
                       if s.title == "Live im Workshop")
    assert len(journey.steps) == 9
    assert len({journey.actors_by_id[s.actor].level for s in journey.steps}) >= 3
    assert any(t.kind == "handoff" and t.data_transfer == "paper" for t in journey.transitions)
    assert journey.barrier_count() >= 6
    assert analyze(journey).routes_total >= 2
