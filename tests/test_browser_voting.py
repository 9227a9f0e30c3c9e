"""Voting in the room on the served app, in real Chromium: ten phones vote at once, every dot
is counted exactly once, the projector shows the totals within 2 s, a participant link opens
nothing else, and the link of an ended round stops working."""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

import pytest

from journeys.register import barrier_register
from journeys.store import Workspace
from journeys.voting import Voting
from tests import test_browser_app as served
from tests.test_browser_app import SPORT, _settle

pytestmark = pytest.mark.browser
server, browser = served.server, served.browser
"""The same fixtures as the app's browser tests: the app on a free port, one Chromium."""

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True, "locale": "en-US"}
PHONES = 10
DOTS = 3
PROJECTOR_LIMIT = 2.0
"""Seconds from a tap on a phone until the projector shows it (the median of five taps)."""


def _facilitator(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    page.goto(f"{url}/?journey={SPORT}&view=map&lang=en")
    _settle(page)
    page.get_by_text("Voting in the room").click()
    page.locator(".st-key-vote_dots input").fill(str(DOTS))
    page.locator(".st-key-vote_dots input").press("Enter")
    _settle(page)
    page.get_by_role("button", name="Start a voting round").click()
    _settle(page)
    return page, page.locator(".st-key-vote_link input").input_value()


def _left(phone, dots: int) -> None:
    """Wait until the phone says it has ``dots`` dots left (its tap has been counted)."""
    phone.get_by_text(f"Sie haben noch {dots} von {DOTS} Punkten.").wait_for(timeout=180_000)


def _dots(workspace: Path) -> int:
    """Dots in the workspace file right now (read apart from the app)."""
    with sqlite3.connect(workspace) as db:
        return db.execute("SELECT COUNT(*) FROM voting_dots").fetchone()[0]


def _counts(workspace: Path) -> tuple[dict[str, int], int, int]:
    with Workspace(workspace) as opened:
        voting = Voting(opened)
        room = voting.current(SPORT)
        totals = voting.totals(room.id)
    return totals.by_ref, totals.dots, totals.participants


def test_ten_phones_vote_at_once_and_the_projector_follows(server, browser) -> None:
    url, workspace = server
    projector, link = _facilitator(browser, url)
    assert link.startswith(f"{url}/?vote=")
    contexts = [browser.new_context(**PHONE) for _ in range(PHONES)]
    phones = [context.new_page() for context in contexts]
    for phone in phones:  # the phones join one after the other, then tap at once
        phone.goto(link, timeout=180_000)
        _left(phone, DOTS)
    projector.get_by_text(f"{PHONES} people joined").wait_for(timeout=30_000)

    for barrier in range(DOTS):  # every phone taps at once, DOTS times; phone n on barrier n+b
        for n, phone in enumerate(phones):
            phone.locator(f".st-key-put-{(n + barrier) % 5} button").click(no_wait_after=True)
        for phone in phones:
            _left(phone, DOTS - barrier - 1)
    started = time.monotonic()
    projector.get_by_text(f"{PHONES} people joined · {PHONES * DOTS} dots placed").wait_for(
        timeout=PROJECTOR_LIMIT * 1000)
    all_in = time.monotonic() - started
    with Workspace(workspace) as opened:
        refs = [p.ref for p in barrier_register(opened.get(SPORT).journey)][:5]
    expected = {ref: 0 for ref in refs}
    for n in range(PHONES):
        for barrier in range(DOTS):
            expected[refs[(n + barrier) % 5]] += 1
    assert _counts(workspace) == (expected, PHONES * DOTS, PHONES)

    stored_to_projector, tap_to_projector = [], []
    for n in range(5):  # one tap: how long until it is stored, and until the projector shows it
        phone = phones[n]
        phone.locator(f".st-key-take-{n % 5} button").click(no_wait_after=True)
        tapped = time.monotonic()
        while _dots(workspace) != PHONES * DOTS - 1:
            time.sleep(0.01)
        stored = time.monotonic()
        projector.get_by_text(f"{PHONES * DOTS - 1} dots placed").wait_for(timeout=10_000)
        stored_to_projector.append(time.monotonic() - stored)
        tap_to_projector.append(time.monotonic() - tapped)
        _left(phone, 1)
        phone.locator(f".st-key-put-{n % 5} button").click()
        _left(phone, 0)
        projector.get_by_text(f"{PHONES * DOTS} dots placed").wait_for(timeout=10_000)
    print(f"\nall {PHONES * DOTS} dots on the projector {all_in:.2f} s after the last phone "
          "showed its dot; one tap → projector: "
          + ", ".join(f"{s:.2f}" for s in sorted(tap_to_projector)) + " s; stored → projector: "
          + ", ".join(f"{s:.2f}" for s in sorted(stored_to_projector)) + " s")
    assert statistics.median(stored_to_projector) < PROJECTOR_LIMIT  # the max is reported:
    assert statistics.median(tap_to_projector) < PROJECTOR_LIMIT  # on a shared 2-core CI box
    # a single slow frame of the headless browser can pass 2 s (docs/app.md gives numbers)
    assert _counts(workspace) == (expected, PHONES * DOTS, PHONES)

    # a participant link opens nothing else: not the editor, not another journey
    sneaky = contexts[0].new_page()
    sneaky.goto(f"{link}&view=map&journey=minijob-stammtisch&mode=workshop")
    _settle(sneaky)
    assert sneaky.locator('[data-testid="stDataFrame"], .st-key-nav_view, '
                          '.st-key-vote_open, [data-testid="stPlotlyChart"]').count() == 0
    assert sneaky.get_by_role("heading", level=1).inner_text() == \
        phones[0].get_by_role("heading", level=1).inner_text()
    assert "journey=" not in sneaky.url and "view=" not in sneaky.url

    # the facilitator ends the round: the votes are in the journey, the links are dead
    before = {p.ref: p.votes for p in barrier_register(_journey(workspace))}
    projector.get_by_role("button", name="End the round and add the dots to the votes").click()
    _settle(projector)
    assert projector.get_by_text("30 dots added to the barriers' votes").is_visible()
    after = {p.ref: p.votes for p in barrier_register(_journey(workspace))}
    assert {ref: after[ref] - before[ref] for ref in refs} == expected
    phones[1].locator(".st-key-take-1 button").click()
    _settle(phones[1])
    assert phones[1].get_by_text("This voting round has ended.").is_visible()
    assert phones[1].locator(".st-key-put-0").count() == 0
    late = browser.new_page(**{k: v for k, v in PHONE.items()})
    late.goto(link)
    _settle(late)
    assert late.get_by_text("This voting round has ended.").is_visible()
    for context in contexts:
        context.close()


def _journey(workspace: Path):
    with Workspace(workspace) as opened:
        return opened.get(SPORT).journey
