"""Ten busy tabs for 60 s: does the app lose a barrier? (issue 12, "Done when")

Ten Chromium contexts, each on its own journey, add barriers through the quick form and click
again as soon as the page is idle. Prints, per tab, how many barriers were submitted, how many
"added" messages appeared, how many of either are missing from the journey's latest revision,
and the click-to-idle latency. Target: nothing missing.
Run: python3 benchmarks/bench_busy_tabs.py [seconds=60] [tabs=10]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import busy_tabs


def main(seconds: float = 60, count: int = 10) -> int:
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "workspace.db"
        ids = busy_tabs.prepare(workspace, count)
        with busy_tabs.app_server(workspace) as url:
            tabs = busy_tabs.run(url, ids, seconds)
        report = busy_tabs.lost(workspace, tabs)
    missing = 0
    latencies = []
    print(f"{count} tabs × {seconds:.0f} s")
    print("journey     submitted  confirmed  confirmed-missing  submitted-missing  median s")
    for tab in tabs:
        lost = report[tab.journey_id]
        missing += len(lost["confirmed_missing"]) + len(lost["submitted_missing"])
        latencies += tab.latencies
        print(f"{tab.journey_id:<11} {len(tab.submitted):>9}  {len(tab.confirmed):>9}  "
              f"{len(lost['confirmed_missing']):>17}  {len(lost['submitted_missing']):>17}  "
              f"{statistics.median(tab.latencies):>8.2f}")
    submitted = sum(len(t.submitted) for t in tabs)
    confirmed = sum(len(t.confirmed) for t in tabs)
    print(f"total: {submitted} submitted, {confirmed} confirmed, {missing} missing; "
          f"click-to-idle median {statistics.median(latencies):.2f} s, "
          f"p90 {statistics.quantiles(latencies, n=10)[-1]:.2f} s")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*(float(a) for a in sys.argv[1:2]), *(int(a) for a in sys.argv[2:3])))
