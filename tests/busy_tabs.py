"""A busy workshop in real Chromium: several browser contexts, each adding barriers to its own
journey through the quick form, clicking again as soon as the page is idle.

Used by ``tests/test_browser_busy.py`` (a short run) and ``benchmarks/bench_busy_tabs.py``
(the full 60 s of issue 12). Each context records the texts it submitted and the texts whose
"added" message it saw; ``check`` compares them with the workspace's latest revisions.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from journeys.store import Workspace
from models import parse_journey
from tests.served_app import CHROMIUM, CHROMIUM_ARGS, IDLE, app_server

__all__ = ["app_server", "lost", "prepare", "run"]


def prepare(workspace: Path, count: int) -> list[str]:
    """A workspace with ``count`` small journeys of their own (one per browser context)."""
    from tests.conftest import TINY_JOURNEY

    ids = []
    with Workspace(workspace) as store:
        for number in range(count):
            document = {**TINY_JOURNEY, "id": f"busy-{number}", "title": f"Busy {number}"}
            store.create(parse_journey(document))
            ids.append(document["id"])
    return ids


@dataclass
class Tab:
    """What one browser context did."""

    journey_id: str
    submitted: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


async def _idle(page, timeout: float = 60_000) -> None:
    await page.wait_for_selector(IDLE, timeout=timeout)


async def _run_tab(browser, url: str, tab: Tab, seconds: float) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900},
                                        locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(180_000)  # ten tabs starting at once on two cores are slow
    await page.goto(f"{url}/?journey={tab.journey_id}&view=map")
    await _idle(page)
    await page.locator(".st-key-map-forms summary").click()  # the quick forms are folded
    await page.wait_for_selector(".st-key-fb_description input")
    end = time.monotonic() + seconds
    number = 0
    while time.monotonic() < end:
        number += 1
        text = f"{tab.journey_id} barrier {number}"
        field_ = page.locator(".st-key-fb_description input")
        await field_.fill(text)
        started = time.monotonic()
        await page.get_by_role("button", name="Add barrier", exact=True).click()
        tab.submitted.append(text)
        # "as soon as the page is idle": the script run this click started has ended (waiting
        # up to 10 s for it to start: ten tabs on two cores queue), no extra wait after it
        with contextlib.suppress(Exception):
            await page.wait_for_selector('[data-testid="stApp"][data-test-script-state='
                                         '"running"]', timeout=10_000)
        await _idle(page)
        tab.latencies.append(time.monotonic() - started)
        shown = await page.get_by_text(f"Barrier “{text}” added to", exact=False).count()
        if shown:
            tab.confirmed.append(text)
    await context.close()


async def _run(url: str, tabs: list[Tab], seconds: float) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(*(_run_tab(browser, url, tab, seconds) for tab in tabs))
        await browser.close()


def run(url: str, journey_ids: list[str], seconds: float) -> list[Tab]:
    """Drive one context per journey for ``seconds``; returns what each did."""
    tabs = [Tab(journey_id) for journey_id in journey_ids]
    asyncio.run(_run(url, tabs, seconds))
    return tabs


def descriptions(workspace: Path, journey_id: str) -> list[str]:
    """The barrier descriptions of the journey's latest revision, in order."""
    with Workspace(workspace) as store:
        journey = store.get(journey_id).journey
    return [b.description or "" for s in journey.steps for b in s.barriers]


def lost(workspace: Path, tabs: list[Tab]) -> dict[str, dict[str, list[str]]]:
    """Per journey: confirmed barriers missing from the latest revision, and submitted ones
    that never arrived."""
    report = {}
    for tab in tabs:
        kept = set(descriptions(workspace, tab.journey_id))
        report[tab.journey_id] = {
            "confirmed_missing": [t for t in tab.confirmed if t not in kept],
            "submitted_missing": [t for t in tab.submitted if t not in kept]}
    return report
