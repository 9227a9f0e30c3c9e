"""How long opening a large workspace takes now that opening checks every page of it
(``PRAGMA quick_check``), and how long ``journeys app --check`` takes to read every revision.

1,000 journeys of 40 steps with 5 revisions each (5,000 revisions). Opening must stay fast:
the app opens the workspace once per server, ``journeys app`` once more at start. (Checking
every revision's JSON on open, with SQLite's json_valid, took 1.2 s here: too slow for every
start, so reading every revision is the explicit --check.)
Run: python3 benchmarks/bench_workspace_open.py
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_store import long_journey, median_ms
from journeys.store import Workspace

JOURNEYS = 1000
REVISIONS = 5


def main() -> int:
    base = long_journey(40)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workspace.db"
        with Workspace(path) as workspace:
            for n in range(JOURNEYS):
                journey = base.model_copy(update={"id": f"journey-{n}"})
                revision = workspace.create(journey).revision
                for r in range(REVISIONS - 1):
                    changed = journey.model_copy(update={"title": f"Reise {n}.{r}"})
                    revision = workspace.save(changed, expected_revision=revision).revision
        size_mb = path.stat().st_size / 1e6
        open_ms = median_ms(lambda _: Workspace(path).close(), runs=20)
        with sqlite3.connect(path) as db:
            start = time.perf_counter()
            db.execute("PRAGMA quick_check").fetchall()
            quick_ms = (time.perf_counter() - start) * 1000
        db.close()
        with Workspace(path) as workspace:
            start = time.perf_counter()
            read, damaged = workspace.check()
            check_s = time.perf_counter() - start
    print(f"workspace: {JOURNEYS} journeys × {REVISIONS} revisions, {size_mb:.1f} MB")
    print(f"Workspace() open + close, quick_check included  {open_ms:7.1f} ms (median of 20)")
    print(f"  of which PRAGMA quick_check                   {quick_ms:7.1f} ms")
    print(f"journeys app --check: {read} revisions read     {check_s:7.1f} s "
          f"({len(damaged)} damaged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
