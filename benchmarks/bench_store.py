"""How long the workspace takes to save and to open a 100-step journey.

The app saves on every valid edit and reads the journey on every rerun, which should stay
under 300 ms; so save() must stay well under 50 ms. Run: python3 benchmarks/bench_store.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from journeys.store import Workspace
from models import Journey, parse_journey

STEPS = 100
RUNS = 50


def long_journey(steps: int = STEPS) -> Journey:
    """A chain of ``steps`` steps over four stages and actors, each step with two barriers."""
    step_list = [
        {"id": f"step-{i}", "label": f"Schritt {i}: Antrag prüfen, Unterlagen nachreichen 📄",
         "stage": f"stage-{i * 4 // steps}", "actor": f"actor-{i % 4 + 1}",
         "channel": "letter", "reached": 100 - i // 2, "emotion": i % 5 + 1,
         "description": "Die Mutter füllt das Formular aus und wartet auf Rückmeldung.",
         "barriers": [
             {"category": "forms", "severity": i % 5 + 1, "description": "Nachweise fehlen",
              "affected": 0.5, "votes": i % 7,
              "mitigations": [{"idea": "Checkliste in einfacher Sprache", "status": "planned"}]},
             {"category": "language", "severity": 3, "affected": 0.3}]}
        for i in range(steps)]
    step_list[-1]["outcome"] = "goal"
    return parse_journey({
        "id": "long-journey", "title": "Lange Reise", "language": "de", "region": "Everswinkel",
        "stages": [{"id": f"stage-{i}", "label": f"Phase {i}"} for i in range(4)],
        "actors": [{"id": f"actor-{i}", "label": f"Akteur {i}", "level": i} for i in range(1, 5)],
        "steps": step_list,
        "transitions": [{"from": f"step-{i}", "to": f"step-{i + 1}"} for i in range(steps - 1)],
    })


def median_ms(action: Callable[[int], object], runs: int = RUNS) -> float:
    timings = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> int:
    journey = long_journey()
    variants = [journey.model_copy(update={"title": f"Lange Reise {n}"}) for n in range(2 * RUNS)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workspace.db"
        with Workspace(path) as workspace, Workspace(path) as other_tab:
            revision = workspace.create(journey).revision

            def save(run: int) -> None:
                nonlocal revision
                revision = workspace.save(variants[run], expected_revision=revision).revision

            def save_then_get_in_other_tab(run: int) -> float:
                save(RUNS + run)
                start = time.perf_counter()
                other_tab.get(journey.id)
                return (time.perf_counter() - start) * 1000

            save_ms = median_ms(save)
            other_ms = statistics.median(save_then_get_in_other_tab(run) for run in range(RUNS))
            get_ms = median_ms(lambda _: workspace.get(journey.id))
            same_ms = median_ms(
                lambda _: workspace.save(variants[-1], expected_revision=revision))
            summaries_ms = median_ms(lambda _: workspace.summaries())
        open_ms = median_ms(lambda _: Workspace(path).close())
        size_kb = path.stat().st_size / 1024
    print(f"journey: {STEPS} steps, {journey.barrier_count()} barriers; median of {RUNS} runs")
    print(f"save() new revision           {save_ms:7.2f} ms   (target: well under 50 ms)")
    print(f"save() unchanged content      {same_ms:7.2f} ms")
    print(f"get() same tab (parsed kept)  {get_ms:7.2f} ms")
    print(f"get() other tab after a save  {other_ms:7.2f} ms   (parses the stored text)")
    print(f"summaries()                   {summaries_ms:7.2f} ms")
    print(f"Workspace() open + close      {open_ms:7.2f} ms")
    print(f"workspace file after {2 * RUNS + 1} revisions: {size_kb:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
