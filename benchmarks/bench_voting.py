"""Voting in the room: how long from a tap on a phone until the projector shows it? (issue 9)

Serves the app, opens a voting round on the projector (the facilitator's map page) and
``phones`` phones (390 × 844), then taps ``taps`` times, alternately putting and taking back a
dot, and times each tap until it is stored and until the projector shows the new total.
Target: within 2 s. With ``--screenshots DIR`` it also saves the facilitator panel with its QR
code and the phone view as PNGs (docs/img/app-voting-*.png).
Run: python3 benchmarks/bench_voting.py [taps=20] [phones=10] [--screenshots docs/img]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from tests.busy_tabs import CHROMIUM, CHROMIUM_ARGS, app_server

SPORT = "sportverein-everswinkel"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True, "locale": "de-DE"}


def _idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=120_000)
    page.wait_for_timeout(300)


def _dots(workspace: Path) -> int:
    with sqlite3.connect(workspace) as db:
        return db.execute("SELECT COUNT(*) FROM voting_dots").fetchone()[0]


def main(taps: int = 20, phones: int = 10, shots: Path | None = None) -> int:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as driver:
        workspace = Path(folder) / "workspace.db"
        with app_server(workspace) as url:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            projector = browser.new_page(viewport={"width": 1280, "height": 900},
                                         locale="en-US")
            projector.goto(f"{url}/?journey={SPORT}&view=map&lang=en", timeout=120_000)
            _idle(projector)
            projector.get_by_text("Voting in the room").click()
            projector.get_by_role("button", name="Start a voting round").click()
            _idle(projector)
            link = projector.locator(".st-key-vote_link input").input_value()
            pages = [browser.new_context(**PHONE).new_page() for _ in range(phones)]
            for page in pages:
                page.goto(link, timeout=180_000)
                page.get_by_text("Sie haben noch 5 von 5 Punkten.").wait_for(timeout=180_000)
            projector.get_by_text(f"{phones} people joined").wait_for(timeout=30_000)
            stored, shown = [], []
            for tap in range(taps):
                page, put = pages[tap // 2 % phones], tap % 2 == 0
                total = _dots(workspace) + (1 if put else -1)
                page.locator(f".st-key-{'put' if put else 'take'}-0 button").click(
                    no_wait_after=True)
                start = time.monotonic()
                while _dots(workspace) != total:
                    time.sleep(0.005)
                stored.append(time.monotonic() - start)
                words = "dot" if total == 1 else "dots"
                projector.get_by_text(f"· {total} {words} placed").wait_for(timeout=30_000)
                shown.append(time.monotonic() - start)
                page.get_by_text(f"Sie haben noch {5 - total % 2} von 5").wait_for(
                    timeout=30_000)
            if shots:
                _screenshots(projector, pages[0], shots)
            browser.close()
    print(f"{taps} taps on {phones} phones: tap → stored median {statistics.median(stored):.2f}"
          f" s, max {max(stored):.2f} s; tap → projector median {statistics.median(shown):.2f}"
          f" s, p90 {statistics.quantiles(shown, n=10)[-1]:.2f} s, max {max(shown):.2f} s")
    return 0 if statistics.median(shown) <= 2 else 1


def _screenshots(projector, phone, folder: Path) -> None:
    """The facilitator panel with its QR code, and a phone with a dot placed."""
    phone.locator(".st-key-put-1 button").click()
    _idle(phone)
    panel = projector.locator('[data-testid="stExpander"]', has_text="Voting in the room")
    panel.scroll_into_view_if_needed()
    projector.wait_for_timeout(1500)
    panel.screenshot(path=str(folder / "app-voting-facilitator.png"))
    phone.evaluate("document.querySelectorAll('*').forEach(e => { e.scrollTop = 0; })")
    phone.wait_for_timeout(500)
    phone.screenshot(path=str(folder / "app-voting-phone.png"))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    target = None
    if "--screenshots" in arguments:
        at = arguments.index("--screenshots")
        target = Path(arguments[at + 1])
        del arguments[at:at + 2]
    sys.exit(main(*(int(a) for a in arguments[:2]), shots=target))
