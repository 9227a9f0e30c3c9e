"""How long the app's server-side rerun takes after an edit on a 100-step journey.

Measured with Streamlit's AppTest (the script run on the server, no browser): the Map view of a
100-step journey, each run with a new cell edit in the steps table, so every run validates the
rows, saves a revision and draws the map of the new revision (nothing comes from a cache).
Baseline: a bare Streamlit script that builds and renders the same plotly figure
(``journey_map``) — the least any app showing this map must do per edit.

Targets: the app's rerun under 300 ms and at most 2 × the bare script.
Run: python3 benchmarks/bench_app.py 2>/dev/null  (stderr: AppTest's "bare mode" warnings)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from journeys.store import Workspace
from models import Journey, parse_journey

APP = str(Path(__file__).resolve().parent.parent / "barrier_app.py")
STEPS = 100
RUNS = 30
STAGES = ("perceive", "seek", "reach", "use", "consequences")

BARE = """
import streamlit as st
from journeys.figures import journey_map
from journeys.store import Workspace

journey = Workspace({path!r}).get("big").journey
st.plotly_chart(journey_map(journey, lang="de"), theme=None, key="map")
"""


def big_journey(steps: int = STEPS) -> Journey:
    """``steps`` steps over five stages and four actors: a main line with a detour every fifth
    step, a barrier on most steps, counts on the way, a goal at the end."""
    step_list = []
    for i in range(steps):
        step = {"id": f"s{i}", "label": f"Schritt {i}: Unterlagen nachreichen",
                "stage": STAGES[i * len(STAGES) // steps], "actor": f"a{i % 4 + 1}",
                "channel": "letter", "reached": 200 - i, "emotion": i % 5 + 1}
        if i % 3:
            step["barriers"] = [{"category": "forms", "severity": i % 5 + 1, "affected": 0.5,
                                 "description": "Nachweise fehlen"}]
        step_list.append(step)
    step_list[-1]["outcome"] = "goal"
    transitions = [{"from": f"s{i}", "to": f"s{i + 1}"} for i in range(steps - 1)]
    transitions += [{"from": f"s{i}", "to": f"s{i + 2}", "kind": "alternative"}
                    for i in range(0, steps - 2, 5)]
    return parse_journey({
        "id": "big", "title": "Große Reise", "language": "de", "region": "Warendorf",
        "stages": [{"id": s, "label": s.capitalize()} for s in STAGES],
        "actors": [{"id": f"a{n}", "label": f"Akteur {n}", "level": n} for n in range(1, 5)],
        "steps": step_list, "transitions": transitions})


def timed(tab: AppTest) -> float:
    start = time.perf_counter()
    tab.run()
    elapsed = (time.perf_counter() - start) * 1000
    if tab.exception:
        raise SystemExit(f"the script failed: {tab.exception[0].message}")
    return elapsed


def app_edit_ms(path: Path) -> list[float]:
    """Reruns of the app, each after a new edit of a step label in the table."""
    tab = AppTest.from_file(APP, default_timeout=120)
    tab.query_params.update({"journey": "big", "view": "map"})
    timed(tab)
    key = next(e.key for e in tab.data_editor if e.key.startswith("edit-steps-"))
    timings = []
    for run in range(RUNS + 2):
        tab.session_state[key] = {"edited_rows": {run % STEPS: {"label": f"Bearbeitet {run}"}},
                                  "added_rows": [], "deleted_rows": []}
        timings.append(timed(tab))
    with Workspace(path) as workspace:
        assert workspace.get("big").revision == RUNS + 3, "every edit is a revision"
    return timings[2:]


def bare_ms(path: Path) -> list[float]:
    """Reruns of a bare script that builds and renders the map of the same journey."""
    tab = AppTest.from_string(BARE.format(path=str(path)), default_timeout=120)
    timed(tab)
    return [timed(tab) for _ in range(RUNS)]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workspace.db"
        os.environ["BARRIER_JOURNEYS_WORKSPACE"] = str(path)
        with Workspace(path) as workspace:
            workspace.create(big_journey())
        bare = statistics.median(bare_ms(path))
        app = statistics.median(app_edit_ms(path))
    print(f"100-step journey, median of {RUNS} reruns (AppTest, server side):")
    print(f"  app, rerun after a table edit (validate, save, draw): {app:7.1f} ms  "
          f"(target < 300 ms)")
    print(f"  bare script rendering the same journey map:          {bare:7.1f} ms")
    print(f"  ratio app / bare: {app / bare:.2f}  (target <= 2)")
    return 0 if app < 300 and app <= 2 * bare else 1


if __name__ == "__main__":
    sys.exit(main())
