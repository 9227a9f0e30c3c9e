"""How fast household evidence is counted, beside PM4Py, and how far it scales.

1. 100,000 households (~1 M events): directly-follows counts, waiting times and variants with
   the evidence SQL, and PM4Py's ``discover_dfg`` + ``discover_performance_dfg`` +
   ``get_variants`` on the same log, side by side in one run (target: ≤ 0.25× PM4Py).
2. 1,000,000 households (~10 M events) streamed from CSV through the whole
   ``journeys evidence`` pipeline, in a child process whose peak memory is measured
   (target: ≤ 15 s, ≤ 4 GB).

PM4Py is AGPL: it is never a dependency of Barrier Journeys. Install it apart, only for this
benchmark, e.g. ``pip install --target /tmp/pm4py-lib pm4py`` and pass
``--pm4py-path /tmp/pm4py-lib`` (or have it importable); without it that column is skipped.

Run: python3 benchmarks/bench_evidence.py [--households N] [--big-households N] [--skip-big]
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from journeys.evidence.aggregate import activities, aggregate, prepare
from journeys.evidence.logs import Columns, connect, read_log
from journeys.evidence.matching import match_activities
from models import Journey, parse_journey

STEPS = ["notice", "coach", "ask", "search", "trial", "form", "confirm", "approval", "member",
         "give-up", "waitlist", "contacts"]
ROUTES = [
    ["notice", "coach", "search", "trial", "form", "confirm", "approval", "member", "contacts"],
    ["notice", "ask", "trial", "form", "confirm", "approval", "member"],
    ["notice", "coach", "search", "trial", "form", "give-up"],
    ["notice", "coach", "search", "trial", "form", "confirm", "approval", "form", "confirm",
     "approval", "member", "contacts"],
    ["notice", "coach", "search", "trial", "waitlist"],
    ["notice", "coach", "search", "trial", "form", "confirm", "approval", "give-up"],
    ["notice", "ask", "trial", "member", "contacts"],
    ["notice", "coach", "search"],
    ["notice", "coach", "search", "trial", "form", "confirm", "approval", "form", "confirm",
     "approval", "form", "confirm", "approval", "member", "contacts", "contacts"],
    ["notice", "ask", "trial", "form", "confirm", "approval", "member", "contacts"],
]
"""Routes with loops (approval → form), drop-outs and a skipped step; ~10 events on average,
weighted as below."""
WEIGHTS = [19, 10, 8, 18, 4, 5, 4, 3, 22, 10]


def journey() -> Journey:
    edges = {(a, b) for route in ROUTES for a, b in itertools.pairwise(route)}
    edges -= {("approval", "form"), ("trial", "member"), ("contacts", "contacts")}
    transitions = [{"from": a, "to": b} for a, b in sorted(edges)]
    transitions.append({"from": "approval", "to": "form", "kind": "return"})
    return parse_journey({
        "id": "bench", "title": "Benchmark", "language": "en",
        "stages": [{"id": "all", "label": "All"}],
        "actors": [{"id": "a", "label": "A", "level": 1}],
        "steps": [{"id": s, "label": s.title(), "stage": "all", "actor": "a",
                   **({"outcome": "goal"} if s == "member" else {})} for s in STEPS],
        "transitions": transitions})


def write_log(path: Path, households: int) -> int:
    """A CSV log of ``households`` households, made by DuckDB; returns the number of events."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    rows = [(r, i, step) for r, route in enumerate(ROUTES) for i, step in enumerate(route)]
    con.execute("CREATE TABLE routes(route INTEGER, pos INTEGER, step VARCHAR)")
    con.executemany("INSERT INTO routes VALUES (?, ?, ?)", rows)
    pick = [r for r, w in enumerate(WEIGHTS) for _ in range(w)]
    con.execute("CREATE TABLE pick AS SELECT unnest($1::INTEGER[]) AS route, "
                "generate_subscripts($1::INTEGER[], 1) - 1 AS slot", [pick])
    con.execute(f"""
        COPY (
            SELECT 'HH-' || h AS case_id, r.step AS activity,
                   TIMESTAMP '2025-01-01' + to_minutes(CAST(h % 525600 AS BIGINT))
                   + to_days(CAST(r.pos * 12 + hash(h, r.pos) % 11 AS INTEGER)) AS timestamp
            FROM range({households}) t(h)
            JOIN pick p ON p.slot = hash(h) % {len(pick)}
            JOIN routes r ON r.route = p.route
            ORDER BY h, r.pos
        ) TO '{path}' (HEADER, DELIMITER ',')""")
    events = con.execute(f"SELECT count(*) FROM read_csv('{path}')").fetchone()[0]
    con.close()
    return events


RUNS = 3
"""Each side runs this often, the fastest run counts (the machine is shared: the fastest is
the one least disturbed)."""


def _timed(work) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process, all threads) of ``work()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def ours(path: Path, bench: Journey) -> dict[str, float]:
    """Load (pseudonymising), then count: the fastest of ``RUNS``."""
    best: dict[str, float] = {}
    for _ in range(RUNS):
        con = connect()
        load = _timed(lambda con=con: read_log(path, Columns(), "salt", con))

        def count(con=con) -> None:
            matching = match_activities(activities(con), bench)
            prepare(con, bench, matching)
            best["variants"] = len(aggregate(con, bench, matching).variants)

        wall, cpu = _timed(count)
        con.close()
        if wall < best.get("count", float("inf")):
            best.update(load=load[0], count=wall, cpu=cpu)
    return best


def pm4py_times(path: Path) -> dict[str, float] | None:
    try:
        import pandas as pd
        import pm4py
    except ImportError:
        return None
    start = time.perf_counter()
    frame = pd.read_csv(path, dtype={"case_id": str, "activity": str})
    frame["timestamp"] = pd.to_datetime(frame["timestamp"])
    frame = pm4py.format_dataframe(frame, case_id="case_id", activity_key="activity",
                                   timestamp_key="timestamp")
    best = {"load": time.perf_counter() - start}
    for _ in range(RUNS):
        def count() -> None:
            pm4py.discover_dfg(frame)
            pm4py.discover_performance_dfg(frame)
            best["variants"] = len(pm4py.get_variants(frame))

        wall, cpu = _timed(count)
        if wall < best.get("count", float("inf")):
            best.update(count=wall, cpu=cpu)
    return best


BIG_CHILD = """
import json, resource, sys, time
from journeys.evidence.pipeline import evidence_from_log
from journeys.formats import load_journey
start = time.perf_counter()
result = evidence_from_log(sys.argv[1], load_journey(sys.argv[2]), "salt")
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024, "cases": result.evidence.cases,
                  "events": result.evidence.events}))
"""


def big(folder: Path, households: int, bench: Journey) -> dict:
    from journeys.formats import save_journey

    path = folder / "big.csv"
    made = time.perf_counter()
    events = write_log(path, households)
    print(f"  generated {events:,} events in {time.perf_counter() - made:.1f} s "
          f"({path.stat().st_size / 1e9:.2f} GB CSV)")
    save_journey(bench, folder / "bench.yaml")
    child = subprocess.run([sys.executable, "-c", BIG_CHILD, str(path), str(folder / "bench.yaml")],
                           capture_output=True, text=True, check=True)
    result = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--big-households", type=int, default=1_000_000)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--pm4py-path", help="a folder holding pm4py (installed apart)")
    args = parser.parse_args()
    if args.pm4py_path:
        sys.path.append(args.pm4py_path)
    bench = journey()
    with tempfile.TemporaryDirectory(prefix="bench-evidence-") as tmp:
        folder = Path(tmp)
        path = folder / "log.csv"
        events = write_log(path, args.households)
        print(f"{args.households:,} households, {events:,} events")
        mine = ours(path, bench)
        print(f"  evidence SQL : load {mine['load']:.2f} s · DFG + waits + variants "
              f"{mine['count']:.2f} s, CPU {mine['cpu']:.2f} s ({mine['variants']} variants)")
        theirs = pm4py_times(path)
        if theirs is None:
            print("  PM4Py        : not installed (skipped; see --pm4py-path)")
        else:
            print(f"  PM4Py        : load {theirs['load']:.2f} s · discover_dfg + "
                  f"discover_performance_dfg + get_variants {theirs['count']:.2f} s, "
                  f"CPU {theirs['cpu']:.2f} s ({theirs['variants']} variants)")
            both = (mine["load"] + mine["count"]) / (theirs["load"] + theirs["count"])
            print(f"  ratio counting {mine['count'] / theirs['count']:.2f}× (CPU "
                  f"{mine['cpu'] / theirs['cpu']:.2f}×) · load + counting {both:.2f}×"
                  "  (target ≤ 0.25×)")
        if not args.skip_big:
            print(f"{args.big_households:,} households streamed from CSV, whole pipeline:")
            result = big(folder, args.big_households, bench)
            print(f"  {result['events']:,} events, {result['cases']:,} households: "
                  f"{result['seconds']:.1f} s (CPU {result['cpu']:.1f} s), peak memory "
                  f"{result['peak_mb']:.0f} MB (target ≤ 15 s, ≤ 4096 MB)")


if __name__ == "__main__":
    main()
