"""How fast the analysis answers, on journeys far larger than a workshop maps.

Targets (docs/analysis.md): full ``analyze`` of a 500-step / 2,000-transition / 1,500-barrier
journey under 200 ms; portfolio hotspots over 1,000 journey files of 40 steps, loading
included, under 2 s; route listing on 30 diamonds (2^30 routes) and on a 2,000-step journey
stays within its bound and reports truncation. Run: python3 benchmarks/bench_analysis.py
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.builders

from journeys.analysis import analyze
from journeys.bottlenecks import bottlenecks, count_text
from journeys.commands.analysis import load_journeys
from journeys.formats import dumps_journey, journey_paths, load_journey
from journeys.graph import to_graph
from journeys.hotspots import all_hotspots, hotspot_report
from journeys.register import barrier_register
from journeys.routes import find_routes, iter_routes
from models import CATEGORIES, parse_journey
from tests.builders import diamonds

CATEGORY_IDS = list(CATEGORIES)
REGIONS = ["Everswinkel", "Ennigerloh", "Ahlen", "Beckum", "Oelde", "Sendenhorst", "Telgte",
           "Warendorf", "Drensteinfurt", "Sassenberg"]


def random_journey(steps: int, transitions: int, barriers: int, *, seed: int = 1,
                   window: int = 12, journey_id: str = "big") -> dict:
    """A journey document with ``steps`` steps in flow order, a chain through all of them plus
    random forward transitions (at most ``window`` steps ahead), and barriers spread over steps
    (three in four) and transitions; two goals at the end."""
    rnd = random.Random(seed)
    stages = ["perceive", "seek", "reach", "use", "consequences"]
    actors = [{"id": f"actor-{i}", "label": f"Akteur {i}", "level": i % 4 + 1} for i in range(12)]
    step_list = [{"id": f"step-{i}", "label": f"Schritt {i}: Unterlagen nachreichen",
                  "stage": stages[i * len(stages) // steps], "actor": f"actor-{i % 12}",
                  "channel": rnd.choice(["letter", "in_person", "online", "phone"]),
                  "duration_days": rnd.randint(0, 14), "reached": max(1, 1000 - 2 * i)}
                 for i in range(steps)]
    step_list[-1]["outcome"] = step_list[-2]["outcome"] = "goal"
    pairs = {(i, i + 1) for i in range(steps - 1)}
    while len(pairs) < transitions:
        start = rnd.randrange(steps - 2)
        pairs.add((start, rnd.randrange(start + 1, min(steps, start + window))))
    transition_list = [{"from": f"step-{a}", "to": f"step-{b}"} for a, b in sorted(pairs)]
    for n in range(barriers):
        barrier = {"category": rnd.choice(CATEGORY_IDS), "severity": rnd.randint(1, 5),
                   "description": "Formular nur auf Papier, Nachweise fehlen"}
        if rnd.random() < 0.5:
            barrier["affected"] = round(rnd.random(), 2)
        target = transition_list if n % 4 == 0 else step_list
        target[rnd.randrange(len(target))].setdefault("barriers", []).append(barrier)
    return {"id": journey_id, "title": f"Reise {journey_id}", "language": "de",
            "region": REGIONS[seed % len(REGIONS)], "tags": ["BuT"] if seed % 3 else ["Sport"],
            "stages": [{"id": s, "label": s.title()} for s in stages], "actors": actors,
            "steps": step_list, "transitions": transition_list}


def timed(action: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median wall time and median CPU time of this process in ms over ``runs`` runs, and the
    last result (CPU time is what counts on a shared machine, where wall time also holds the
    time other processes ran)."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


def bench_big_journey() -> float:
    document = random_journey(500, 2000, 1500)
    _, validate_ms, journey = timed(lambda: parse_journey(document), 5)
    print(f"500 steps, {len(journey.transitions)} transitions, {journey.barrier_count()} "
          f"barriers (validation {validate_ms:.0f} ms CPU, not part of the analysis)")
    print(f"  {'':<40} {'wall':>7}    {'CPU':>7}")
    graph = to_graph(journey)
    register = barrier_register(journey)
    parts = {
        "to_graph": lambda: to_graph(journey),
        "barrier register": lambda: barrier_register(journey),
        "bottlenecks (exact counts, cut points)": lambda: bottlenecks(
            journey, graph=graph, register=register),
        "hotspots (6 keys)": lambda: all_hotspots(journey, register=register),
        "least-barrier route": lambda: next(iter_routes(journey, graph=graph)),
    }
    for name, action in parts.items():
        wall, cpu, _ = timed(action, 5)
        print(f"  {name:<40} {wall:7.1f} ms {cpu:7.1f} ms")
    wall, cpu, result = timed(lambda: analyze(journey), 10)
    print(f"  {'analyze() in all':<40} {wall:7.1f} ms {cpu:7.1f} ms  (target < 200 ms; "
          f"{len(result.routes)} routes listed of {count_text(result.routes_total, 'en')})")
    wall20, cpu20, _ = timed(lambda: analyze(journey, max_routes=20, time_limit=0.1), 3)
    print(f"  {'analyze(max_routes=20, time_limit=0.1)':<40} {wall20:7.1f} ms {cpu20:7.1f} ms")
    return cpu


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes (the YAML parsers of
    ``journeys.many_files``)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _portfolio_run(folder: str, fmt: str, size: int, note: str) -> float:
    wall, cpu = time.perf_counter(), _cpu()
    gc.disable()  # as every `journeys` command does (journeys.cli)
    journeys = load_journeys([folder])
    loaded_wall, loaded_cpu = time.perf_counter(), _cpu()
    report = hotspot_report(journeys, by="category", group_by="region")
    done_wall, done_cpu = time.perf_counter(), _cpu()
    gc.enable()
    print(f"1,000 journeys of 40 steps as {fmt.upper()}{note} ({size / 1000:.1f} kB each), CPU "
          "(with workers): "
          f"load {(loaded_cpu - cpu) * 1000:.0f} ms + hotspots by region "
          f"{(done_cpu - loaded_cpu) * 1000:.0f} ms = {(done_cpu - cpu) * 1000:.0f} ms "
          f"(wall {(done_wall - wall) * 1000:.0f} ms, of it loading "
          f"{(loaded_wall - wall) * 1000:.0f} ms; target < 2,000 ms; "
          f"{report.total.count:,} barriers)")
    return (done_cpu - cpu) * 1000


def bench_portfolio(fmt: str) -> dict[str, float]:
    """JSON once; YAML without the parse cache, then with an empty cache (the first run
    fills it) and with the filled cache (every later run over unchanged files)."""
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as cache:
        for n in range(1000):
            journey = parse_journey(random_journey(40, 55, 40, seed=n, window=4,
                                                   journey_id=f"journey-{n}"))
            Path(folder, f"journey-{n}.{fmt}").write_text(dumps_journey(journey, fmt),
                                                          encoding="utf-8")
        size = Path(folder, f"journey-0.{fmt}").stat().st_size
        if fmt == "json":
            return {"json": _portfolio_run(folder, fmt, size, "")}
        runs = {}
        for name, setting, note in (("yaml-uncached", "off", ", parse cache off"),
                                    ("yaml-cold", cache, ", parse cache empty"),
                                    ("yaml-cached", cache, ", parse cache filled")):
            os.environ["BARRIER_JOURNEYS_CACHE"] = setting
            runs[name] = _portfolio_run(folder, fmt, size, note)
        os.environ.pop("BARRIER_JOURNEYS_CACHE")
        return runs


def bench_routes() -> None:
    cases = {"30 diamonds (2^30 routes)": parse_journey(diamonds(30)),
             "2,000 steps, 8,000 transitions": parse_journey(random_journey(2000, 8000, 3000))}
    for name, journey in cases.items():
        for max_routes, limit in ((20, 0.1), (50, 1.0)):
            wall, cpu, found = timed(lambda j=journey, m=max_routes, t=limit: find_routes(
                j, max_routes=m, time_limit=t), 1)
            print(f"  {name:<32} find_routes(max_routes={max_routes}, time_limit={limit:g}): "
                  f"{len(found.routes):>2} routes, truncated={found.truncated}, "
                  f"{wall:6.0f} ms wall, {cpu:6.0f} ms CPU")
        wall, cpu, result = timed(lambda j=journey: analyze(j), 1)
        print(f"  {name:<32} analyze(): {len(result.routes)} routes listed of "
              f"{count_text(result.routes_total, 'en')}, truncated={result.routes_truncated}, "
              f"{wall:.0f} ms wall, {cpu:.0f} ms CPU")


def main() -> int:
    print("Full analysis of one large journey")
    analysis_ms = bench_big_journey()
    print("\nPortfolio hotspots, loading included")
    portfolio_ms = {**bench_portfolio("yaml"), **bench_portfolio("json")}
    print("\nRoute listing stays bounded")
    bench_routes()
    sample = Path(__file__).resolve().parent.parent / "sample_journeys"
    if sample.is_dir():
        journeys = [load_journey(p) for p in journey_paths(sample)]
        ms = statistics.median(timed(lambda j=j: analyze(j), 5)[1] for j in journeys)
        print(f"\nanalyze() on the {len(journeys)} sample journeys: median {ms:.1f} ms CPU")
    met = portfolio_ms["json"] < 2000 and portfolio_ms["yaml-cached"] < 2000
    return 0 if analysis_ms < 200 and met else 1


if __name__ == "__main__":
    sys.exit(main())
