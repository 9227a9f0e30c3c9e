"""End-to-end latency of live capture in Chromium, beside a bare Streamlit page (issue 9).

One action = the facilitator adds a barrier to the selected step of a 30-step journey with the
quick-entry line (type, Enter). Latency = from the Enter key until the app is idle again: the
script run it started has ended and the browser has drawn the page (two animation frames),
measured inside the page with a MutationObserver on Streamlit's script state.
Baseline: a bare Streamlit page with one text field that, on Enter, saves the same barrier to
the same workspace and draws the same journey map — the least any app doing this must do.

Targets: median ≤ 0.35 s and ≤ 1.5 × the bare page.
Run: python3 benchmarks/bench_capture_latency.py [actions=20]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from journeys.store import Workspace
from models import parse_journey
from tests import served_app

STEPS = 30
STAGES = ("perceive", "seek", "reach", "use", "consequences")

BARE = textwrap.dedent("""
    import streamlit as st
    from journeys.figures import journey_map
    from journeys.formats import to_document
    from journeys.store import Workspace
    from models import parse_journey

    workspace = Workspace({path!r})

    def add() -> None:
        stored = workspace.get("big")
        document = to_document(stored.journey, "json")
        document["steps"][0].setdefault("barriers", []).append(
            {{"category": "forms", "severity": 3, "description": st.session_state["line"]}})
        workspace.save(parse_journey(document), expected_revision=stored.revision)
        st.session_state["line"] = ""

    with st.form("bare", border=False):
        st.text_input("Line", key="line")
        st.form_submit_button("Add", on_click=add)
    st.plotly_chart(journey_map(workspace.get("big").journey, lang="de"), theme=None, key="map")
""")

OBSERVE = """() => {
    window.__states = [];
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => window.__states.push(
        [app.getAttribute('data-test-script-state'), performance.now()]))
        .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""

SETTLED = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
    () => done(performance.now()))))"""


def big_journey() -> dict:
    steps = [{"id": f"s{i}", "label": f"Schritt {i} mit einem längeren Namen",
              "stage": STAGES[i * len(STAGES) // STEPS], "actor": f"a{i % 6}",
              "barriers": [{"category": "forms", "severity": 1 + i % 5}]}
             for i in range(STEPS)]
    steps[-1]["outcome"] = "goal"
    return {"schema": "journey/1", "id": "big", "title": "30 Schritte", "language": "de",
            "stages": [{"id": s, "label": s.title()} for s in STAGES],
            "actors": [{"id": f"a{i}", "label": f"Akteur {i}", "level": 1 + i % 4}
                       for i in range(6)],
            "steps": steps,
            "transitions": [{"from": f"s{i}", "to": f"s{i + 1}"} for i in range(STEPS - 1)]
            + [{"from": f"s{i}", "to": f"s{i + 3}", "kind": "alternative"}
               for i in range(0, STEPS - 3, 4)]}


def measure(page, field_selector: str, actions: int, prefix: str) -> list[float]:
    field = page.locator(field_selector)
    times = []
    for number in range(actions):
        field.click()
        field.fill(f"{prefix}{number}")
        page.evaluate(OBSERVE)
        start = page.evaluate("() => performance.now()")
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__states.some(s => s[0] === 'running')",
                               timeout=60_000)
        page.wait_for_function(
            "() => window.__states.length && window.__states.at(-1)[0] === 'notRunning'",
            timeout=60_000)
        end = page.evaluate(SETTLED)
        times.append((end - start) / 1000)
        page.wait_for_timeout(300)
    return times


def main(actions: int = 20) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        app_ws, bare_ws = folder / "app.db", folder / "bare.db"
        for path in (app_ws, bare_ws):
            with Workspace(path) as store:
                store.create(parse_journey(big_journey()))
        script = folder / "bare.py"
        script.write_text(BARE.format(path=str(bare_ws)), encoding="utf-8")
        results = {}
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=served_app.CHROMIUM,
                                             args=served_app.CHROMIUM_ARGS)
            for name, workspace, path, field, prefix in (
                    ("app", app_ws, "/?journey=big&view=map&lang=de", ".st-key-ql_text input",
                     "!forms 3 Nachweis "),
                    ("bare", bare_ws, "/", ".st-key-line input", "Nachweis ")):
                with served_app.app_server(workspace, script if name == "bare" else None) as url:
                    page = browser.new_page(viewport={"width": 1920, "height": 1080})
                    page.set_default_timeout(120_000)
                    page.goto(url + path)
                    page.wait_for_selector(served_app.IDLE)
                    time.sleep(2)
                    measure(page, field, 2, prefix)  # warm up: caches, fonts
                    results[name] = measure(page, field, actions, prefix)
                    page.close()
            browser.close()
    for name, times in results.items():
        print(f"{name:<5} median {statistics.median(times):.3f} s  "
              f"p90 {statistics.quantiles(times, n=10)[-1]:.3f} s  max {max(times):.3f} s  "
              f"({len(times)} actions)")
    ratio = statistics.median(results["app"]) / statistics.median(results["bare"])
    print(f"app / bare (median): {ratio:.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
