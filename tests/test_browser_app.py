"""The app in real Chromium: pick a sample, add a step and a barrier, see the map and the
ranking change, reload and find every edit; two tabs on one journey never lose an edit.

Runs ``streamlit run barrier_app.py`` on a free port with a workspace in ``tmp_path``.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeys.store import Workspace
from models import parse_journey
from tests.served_app import CHROMIUM, CHROMIUM_ARGS, app_server

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

SPORT = "sportverein-everswinkel"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app on a free port with its own workspace: (base URL, workspace path)."""
    workspace = tmp_path / "workspace.db"
    with app_server(workspace) as url:
        yield url, workspace


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
    if "view=map" in url:
        _open_sections(page)
    return page


def _open_sections(page) -> None:
    """Open the map's folded forms and tables (they are drawn only when open)."""
    for section in ("map-forms", "map-tables"):
        page.locator(f".st-key-{section} summary").click()
        _settle(page)


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
    _open_sections(page)
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
    assert page.get_by_text("Barrier “Kein Internet zu Hause” added to").count() == 1
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


def _edit_the_step(page) -> None:
    page.get_by_role("tab", name="Edit the step").click()
    _settle(page)


def _rename_selected_step(page, label: str) -> None:
    page.locator('[class*="st-key-fe_label-"] input').fill(label)
    _click(page, "Save step")


def test_two_tabs_editing_different_fields_both_stay(server, browser) -> None:
    """Issue 9: tab A adds a barrier while tab B renames a step: both are in the next
    revision, no conflict."""
    url, workspace = server
    first = _page(browser, f"{url}/?journey={SPORT}&view=map")
    second = _page(browser, f"{url}/?journey={SPORT}&view=map")
    _edit_the_step(second)
    _add_barrier(first, "Aus dem ersten Tab")
    _rename_selected_step(second, "Umbenannt im zweiten Tab")
    assert second.get_by_text("Not saved").count() == 0
    with Workspace(workspace) as store:
        latest = store.get(SPORT)
    assert latest.revision == 3
    assert latest.journey.steps[0].barriers[-1].description == "Aus dem ersten Tab"
    assert latest.journey.steps[0].label == "Umbenannt im zweiten Tab"


def test_two_tabs_changing_the_same_field_let_the_user_choose(server, browser) -> None:
    url, workspace = server
    first = _page(browser, f"{url}/?journey={SPORT}&view=map")
    second = _page(browser, f"{url}/?journey={SPORT}&view=map")
    _edit_the_step(first)
    _edit_the_step(second)  # both forms show the label of revision 1
    _rename_selected_step(first, "Aus dem ersten Tab")
    _rename_selected_step(second, "Aus dem zweiten Tab")
    assert second.get_by_text("Not saved: this journey was changed in another tab").count() == 1
    assert second.get_by_text("Aus dem ersten Tab").count() >= 1  # both side by side
    _click(second, "Keep mine")
    with Workspace(workspace) as store:
        latest = store.get(SPORT)
    assert latest.journey.steps[0].label == "Aus dem zweiten Tab"
    assert [r.number for r in store_history(workspace)][:3] == [3, 2, 1]


def store_history(workspace: Path) -> list:
    with Workspace(workspace) as store:
        return store.history(SPORT)


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


HOSTILE = "https://evil.example"


def _hostile_journey() -> dict:
    from tests.conftest import TINY_JOURNEY

    document = json.loads(json.dumps(TINY_JOURNEY))
    document.update(
        id="hostile", title=f"[Click me]({HOSTILE}/title) *loud*",
        region=f"![pixel]({HOSTILE}/region.png)", owner=f"<img src='{HOSTILE}/owner.png'>",
        persona=f"www.evil.example and mail@evil.example and {HOSTILE}/persona :red[red]")
    document["steps"][0]["label"] = f"Reads {HOSTILE}/label **now** $x$"
    document["steps"][0]["barriers"][0]["description"] = f"[link]({HOSTILE}/barrier)"
    return document


def test_user_text_is_never_markdown_links_or_images(server, browser) -> None:
    """Issue 12: titles, region, owner, persona, labels and messages are plain text in every
    view: no link, no image, no request to an outside address."""
    url, workspace = server
    with Workspace(workspace) as store:
        store.create(parse_journey(_hostile_journey()))
    page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(url) and not request.url.startswith("data:")
            else None)
    for view in ("library", "map", "bottlenecks", "compare"):
        page.goto(f"{url}/?journey=hostile&view={view}")
        _settle(page)
        if view == "map":
            _open_sections(page)
            _add_barrier(page, f"[again]({HOSTILE}/form)")
        found = page.locator('a[href*="evil.example"], img[src*="evil.example"]')
        assert [found.nth(i).evaluate("e => e.outerHTML") for i in range(found.count())] \
            == [], view
        assert page.locator('[data-testid="stMarkdownContainer"] em, '
                            '[data-testid="stMarkdownContainer"] .katex').count() == 0, view
    assert page.get_by_text(f"[Click me]({HOSTILE}/title) *loud*").count() >= 1
    assert [address for address in outside if "evil" in address] == []
