"""The app in real Chromium: pick a sample, add a step and a barrier, see the map and the
ranking change, reload and find every edit; two tabs on one journey never lose an edit.

Runs ``streamlit run barrier_app.py`` on a free port with a workspace in ``tmp_path``.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeys.store import Workspace

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SPORT = "sportverein-everswinkel"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app on a free port with its own workspace: (base URL, workspace path)."""
    workspace = tmp_path / "workspace.db"
    port = _free_port()
    env = {**os.environ, "BARRIER_JOURNEYS_WORKSPACE": str(workspace)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "barrier_app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {process.stderr.read()!r}")
            time.sleep(0.3)
        yield url, workspace
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (scripts/test.sh installs it)")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    page.goto(url)
    _settle(page)
    return page


def _settle(page, timeout: float = 60_000) -> None:
    """Wait until the script run the last action started has finished."""
    with contextlib.suppress(playwright.TimeoutError):  # the rerun may already be over
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]',
                               timeout=1500)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=timeout)
    page.wait_for_timeout(300)


def _map_steps(page) -> list[str]:
    """The step ids of the journey map as drawn by plotly in the browser."""
    page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?._fullData")
    return page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        return gd._fullData.find(t => t.name === 'steps').customdata; }""")


def _click_step(page, step_id: str) -> None:
    """Click a step's card in the journey map (plotly draws it; its id is in customdata),
    scrolled into view first (the map of a large journey is taller than the window)."""
    where = """(id) => {
        const gd = document.querySelector('.js-plotly-plot');
        const t = gd._fullData.find(t => t.name === 'steps');
        const i = t.customdata.indexOf(id);
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.getBoundingClientRect();
        return [box.left + xa._offset + xa.l2p(t.x[i]), box.top + ya._offset + ya.l2p(t.y[i])];
    }"""
    x, y = page.evaluate(where, step_id)
    page.evaluate("""(y) => {
        let box = document.querySelector('.js-plotly-plot');  // its scrolling ancestor
        while (box && !(box.scrollHeight > box.clientHeight
                        && /auto|scroll/.test(getComputedStyle(box).overflowY))) {
            box = box.parentElement; }
        (box || document.scrollingElement).scrollBy(0, y - window.innerHeight / 2); }""", y)
    page.wait_for_timeout(200)
    x, y = page.evaluate(where, step_id)
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    _settle(page)


def _selected_step(page) -> str:
    picker = page.locator(".st-key-step_pick")
    field = picker.locator("input")
    return (field.input_value() if field.count() else "") or picker.inner_text().split("\n")[-1]


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    _settle(page)


def _view(page, name: str) -> None:
    page.locator(".st-key-nav_view").get_by_role("radio", name=name, exact=True).click()
    page.wait_for_url(re.compile(f"view={name.lower()}"))
    _settle(page)


def _ranking(page) -> list[str]:
    _view(page, "Bottlenecks")
    lines = page.locator('[data-testid="stMarkdownContainer"] p').all_inner_texts()
    return [line for line in lines if re.match(r"^[123]\. ", line)]


def test_sample_edits_change_map_and_ranking_and_survive_a_reload(server, browser) -> None:
    url, workspace = server
    page = _page(browser, url)
    page.locator(f'.st-key-open-{SPORT} button').click()
    _settle(page)
    assert f"journey={SPORT}" in page.url and "view=map" in page.url
    steps_before = _map_steps(page)
    with Workspace(workspace) as store:
        first_label = store.get(SPORT).journey.steps[0].label
    ranking_before = _ranking(page)
    _view(page, "Map")
    # add a step (connected from the selected first step)
    page.get_by_role("tab", name="Add a step").click()
    page.locator(".st-key-fs_label input").fill("Ruft beim Verein an")
    _click(page, "Add step")
    assert _map_steps(page) == [*steps_before, "ruft-beim-verein-an"]
    # add a heavy barrier to the first step, the top of the journey
    page.get_by_role("tab", name="Add a barrier").click()
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    _click_step(page, steps_before[0])
    assert _selected_step(page) == first_label
    page.locator(".st-key-fb_description input").fill("Kein Internet zu Hause")
    page.locator('.st-key-fb_severity input[type="range"]').focus()
    page.keyboard.press("End")  # severity 5: blocks the journey
    _click(page, "Add barrier")
    assert page.get_by_text("Barrier added to").count() == 1
    ranking_after = _ranking(page)
    assert ranking_after[0].startswith(f"1. {first_label} — ")
    assert [line[3:] for line in ranking_after[1:]] == [line[3:] for line in ranking_before[:2]]
    with Workspace(workspace) as store:
        barrier = store.get(SPORT).journey.steps[0].barriers[-1]
    assert (barrier.description, barrier.severity) == ("Kein Internet zu Hause", 5)
    # a reload returns to the same journey and view, with every edit
    page.reload()
    _settle(page)
    assert f"journey={SPORT}" in page.url and "view=bottlenecks" in page.url
    assert _ranking(page) == ranking_after
    _view(page, "Map")
    assert _map_steps(page) == [*steps_before, "ruft-beim-verein-an"]


def _add_barrier(page, text: str) -> None:
    page.locator(".st-key-fb_description input").fill(text)
    _click(page, "Add barrier")


def test_two_tabs_on_one_journey_conflict_and_lose_nothing(server, browser) -> None:
    url, workspace = server
    first = _page(browser, f"{url}/?journey={SPORT}&view=map")
    second = _page(browser, f"{url}/?journey={SPORT}&view=map")
    _add_barrier(first, "Aus dem ersten Tab")
    _add_barrier(second, "Aus dem zweiten Tab")
    assert second.get_by_text("Not saved: this journey was changed in another tab").count() == 1
    _click(second, "Save mine as a copy")
    assert f"journey={SPORT}-2" in second.url
    with Workspace(workspace) as store:
        original = store.get(SPORT).journey
        copy = store.get(f"{SPORT}-2").journey
    assert original.steps[0].barriers[-1].description == "Aus dem ersten Tab"
    assert copy.steps[0].barriers[-1].description == "Aus dem zweiten Tab"


def _type_into_cell(page, text: str) -> None:
    """Edit the selected cell of a data editor from the keyboard and commit it."""
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=30)
    page.keyboard.press("Enter")  # commits, and selects the cell below
    _settle(page)


def test_two_cell_edits_in_a_row_both_stay(server, browser) -> None:
    """The data editor keeps every edit: its input stays the same within an editing round."""
    url, workspace = server
    page = _page(browser, f"{url}/?journey={SPORT}&view=map")
    grid = page.locator(f'.st-key-edit-steps-{SPORT}-1 [data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the id of the first step
    page.keyboard.press("ArrowRight")  # its label
    _type_into_cell(page, "Erster Schritt neu")
    _type_into_cell(page, "Zweiter Schritt neu")
    with Workspace(workspace) as store:
        labels = [s.label for s in store.get(SPORT).journey.steps[:2]]
    assert labels == ["Erster Schritt neu", "Zweiter Schritt neu"]
    page.reload()
    _settle(page)
    with Workspace(workspace) as store:
        assert store.get(SPORT).revision == 3  # two edits, two revisions
