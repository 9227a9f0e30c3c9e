"""How long the figures take to build for a 100-step journey, and the journey map for a
40-step one over 9 actors.

The app rebuilds the journey map after every edit: the 40-step map (cards, routing, type
sizes tried down to 14 px) should build in under 150 ms; the other charts are built on
demand. Times are medians of RUNS builds (figure objects only, no rendering). Last, the map
at 100–800 steps: what the bound of ``journeys.figure_limits`` (200 steps) is chosen from.
Run: python3 benchmarks/bench_figures.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from journeys import figures
from journeys.analysis import analyze
from journeys.figure_limits import MAX_STEPS
from models import Journey, parse_journey

STEPS = 100
RUNS = 30
KINDS = ("next", "alternative", "handoff", "referral")
CATEGORIES = ("forms", "language", "mobility", "cost", "capacity", "trust", "information")


def branched_journey(steps: int = STEPS, actors: int = 8) -> Journey:
    """``steps`` steps over 5 stages and ``actors`` actors on all levels: a main chain, a side
    branch every 3rd step, a return every 10th, two barriers on most steps, counts and feelings."""
    step_list = []
    for i in range(steps):
        barriers = [{"category": CATEGORIES[(i + k) % len(CATEGORIES)],
                     "severity": (i + k) % 5 + 1, "affected": 0.5,
                     "description": "Nachweise fehlen, Termin nur vormittags"}
                    for k in range(i % 3)]
        step_list.append({
            "id": f"s{i}", "label": f"Schritt {i}: Antrag prüfen und Unterlagen nachreichen",
            "stage": f"stage-{i * 5 // steps}", "actor": f"actor-{i % actors}",
            "channel": "letter",
            "reached": max(200, 2 * steps) - i, "emotion": i % 5 + 1, "barriers": barriers})
    step_list[-1]["outcome"] = "goal"
    transitions = [{"from": f"s{i}", "to": f"s{i + 1}", "kind": KINDS[i % 4],
                    "count": max(200, 2 * steps) - 1 - i}
                   for i in range(steps - 1)]
    transitions += [{"from": f"s{i}", "to": f"s{i + 3}", "kind": "alternative",
                     "barriers": [{"category": "handoff", "severity": 2}]}
                    for i in range(0, steps - 3, 3)]
    transitions += [{"from": f"s{i}", "to": f"s{i - 5}", "kind": "return"}
                    for i in range(10, steps, 10)]
    return parse_journey({
        "id": "branched", "title": "Lange Reise mit Verzweigungen", "language": "de",
        "stages": [{"id": f"stage-{i}", "label": f"Phase {i}"} for i in range(5)],
        "actors": [{"id": f"actor-{i}", "label": f"Akteur {i}", "level": i % 4 + 1}
                   for i in range(actors)],
        "steps": step_list, "transitions": transitions})


def timings_ms(build: Callable[[], object], runs: int = RUNS) -> tuple[float, float, float]:
    """Median wall time, fastest wall time and median CPU time of ``runs`` builds (CPU time
    is what the code costs when other processes share the machine)."""
    build()  # warm caches (imports, compiled regexes)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        build()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def main() -> int:
    forty = branched_journey(40, 9)
    print(f"40-step journey over 9 actors, {len(forty.transitions)} transitions, {RUNS} runs "
          "(ms: median wall, fastest wall, median CPU):")
    for name, build in {
        "journey_map (slide 1600 × 900)": lambda: figures.journey_map(forty, lang="de"),
        "journey_map (workshop 1220 × 575)": lambda: figures.journey_map(
            forty, lang="de", width=1220, height=575, screen=True),
    }.items():
        median, fastest, cpu = timings_ms(build)
        print(f"  {name:<36} {median:7.1f} {fastest:7.1f} {cpu:7.1f}")
    journey = branched_journey()
    analysis = analyze(journey, lang="de")
    route = list(analysis.routes[0].steps)
    print(f"{STEPS}-step journey, {len(journey.transitions)} transitions, {RUNS} runs "
          "(ms: median wall, fastest wall, median CPU):")
    cases: dict[str, Callable[[], object]] = {
        "journey_map": lambda: figures.journey_map(journey, lang="de"),
        "journey_map (route, selected)": lambda: figures.journey_map(
            journey, lang="de", highlight_route=route, selected=route[3]),
        "heatmap": lambda: figures.heatmap(journey, lang="de"),
        "funnel": lambda: figures.funnel(journey, lang="de"),
        "emotion_curve": lambda: figures.emotion_curve(journey, lang="de"),
        "bottleneck_chart": lambda: figures.bottleneck_chart(analysis, journey, lang="de"),
        "routes_chart": lambda: figures.routes_chart(journey, analysis, lang="de"),
    }
    for name, build in cases.items():
        median, fastest, cpu = timings_ms(build)
        print(f"  {name:<36} {median:7.1f} {fastest:7.1f} {cpu:7.1f}")
    map_sizes()
    return 0


def map_sizes() -> None:
    """What the slide map costs as journeys grow past real ones (10–60 steps), for the bound
    of ``journeys.figure_limits`` (MAX_STEPS): build CPU, plotly JSON, height in px."""
    print(f"journey map by size (branched, 9 actors, 5 stages; bound: {MAX_STEPS} steps; "
          "CPU ms median of 3, JSON MB, height px):")
    for steps in (100, 200, 400, 800):
        journey = branched_journey(steps, 9)
        _, _, cpu = timings_ms(lambda j=journey: figures.journey_map(j, lang="de"), runs=3)
        fig = figures.journey_map(journey, lang="de")
        size = len(fig.to_json()) / 1e6
        print(f"  {steps:>4} steps   {cpu:8.0f} ms   {size:5.1f} MB   {fig.layout.height:6.0f} px")


if __name__ == "__main__":
    raise SystemExit(main())
