"""What hostile and huge inputs cost each command, as a user runs it (a new process each).

Prints, per input and command: CPU seconds (user + system, the cost of the input, whatever
else the machine is doing), wall seconds, peak memory (max RSS) and the size of what the
command printed. Inputs: a file with 4,000 dangling references (a 350 kB YAML file) and a
valid chain of 60,000 steps (8.5 MB of JSON). The numbers are quoted in docs/limits.md.
Run: python3 benchmarks/bench_hostile.py [STEPS]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.hostile

from journeys.figure_limits import MAX_EXPORT_STEPS  # noqa: E402
from tests.hostile import as_json, chain, dangling  # noqa: E402

TEXT_FORMATS = ("csv", "csv-tables", "json", "mermaid", "mermaid-journey", "graphml", "yaml")
"""Every export format that writes text (the images and slides are measured by
benchmarks/bench_export.py)."""
FIGURE_EXPORTS = (("html", ""), ("pptx", ""), ("svg", " --figure map"),
                  ("svg", " --figure bottlenecks"))
"""Figures, decks and reports: refused for the chain before plotly loads
(``journeys.figure_limits``); measured also on the largest journey they take."""


def run(argv: list[str]) -> tuple[float, float, int, int, int]:
    """CPU s, wall s, max RSS (MB), bytes printed and exit code of ``journeys ARGV``."""
    wall = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([sys.executable, "-m", "journeys", *argv], stdout=output,
                                   stderr=output, cwd=ROOT,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - wall
        printed = output.tell()
    return (usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss // 1024, printed,
            os.waitstatus_to_exitcode(status))


def report(name: str, argv: list[str]) -> None:
    cpu, wall, rss, printed, code = run(argv)
    print(f"  {name:<31} CPU {cpu:6.2f} s   wall {wall:6.2f} s   max RSS {rss:5d} MB   "
          f"printed {printed:>9,} B   exit {code}", flush=True)


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        broken = out / "dangling.yaml"
        broken.write_text(yaml.safe_dump(json.loads(json.dumps(dangling(4000)))),
                          encoding="utf-8")
        print(f"4,000 dangling references ({broken.stat().st_size / 1000:.0f} kB YAML):")
        report("validate", ["validate", str(broken)])

        (out / "portfolio").mkdir()
        long = out / "portfolio" / "chain.json"
        long.write_text(as_json(chain(steps)), encoding="utf-8")
        print(f"valid chain of {steps:,} steps ({long.stat().st_size / 1e6:.1f} MB JSON):")
        for name, argv in (
                ("validate", ["validate", str(long)]),
                ("show", ["show", str(long)]),
                ("analyze", ["analyze", str(long)]),
                ("analyze --format json", ["analyze", str(long), "--format", "json"]),
                *((f"export --format {fmt}", ["export", str(long), "--format", fmt, "-o",
                                              str(out / f"o.{fmt}")]) for fmt in TEXT_FORMATS),
                ("hotspots DIR", ["hotspots", str(out / "portfolio")]),
                ("compare (the chain with itself)", ["compare", str(long), str(long)]),
                ("network", ["network", str(long)]),
                ("offers merge-check", ["offers", "merge-check", str(long)]),
                *((f"export --format {fmt}{figure} (refused)",
                   ["export", str(long), "--format", fmt, "-o", str(out / f"x.{fmt}"),
                    *figure.split()]) for fmt, figure in FIGURE_EXPORTS)):
            report(name, argv)
        largest = out / "largest.json"
        largest.write_text(as_json(chain(MAX_EXPORT_STEPS)), encoding="utf-8")
        print(f"the largest journey a figure, deck or report takes ({MAX_EXPORT_STEPS:,} steps; "
              "CPU with the browser's, which is a child process):")
        for fmt, figure in FIGURE_EXPORTS:
            report(f"export --format {fmt}{figure}",
                   ["export", str(largest), "--format", fmt, "-o", str(out / f"l.{fmt}"),
                    *figure.split()])
        print("the chain converted and imported again:")
        for name, argv in (
                ("convert JSON → YAML", ["convert", str(long), str(out / "c.yaml")]),
                ("convert JSON → JSON", ["convert", str(long), str(out / "c.json")]),
                ("convert YAML → JSON", ["convert", str(out / "c.yaml"), str(out / "y.json")]),
                ("export mermaid-journey → .mmd", ["export", str(long), "--format",
                                                   "mermaid-journey", "-o", str(out / "j.mmd")]),
                ("import .mmd → YAML", ["import", str(out / "j.mmd"), "-o", str(out / "m.yaml")]),
                ("import csv-tables → JSON", ["import", str(out / "o.csv-tables"), "-o",
                                              str(out / "t.json")]),
                ("import csv-tables → YAML", ["import", str(out / "o.csv-tables"), "-o",
                                              str(out / "t.yaml")]),
                ("import csv-tables --onto", ["import", str(out / "o.csv-tables"), "--onto",
                                              str(long), "-o", str(out / "onto.json")]),
                ("network DIR --out .graphml", ["network", str(out / "portfolio"), "--out",
                                                str(out / "n.graphml")])):
            report(name, argv)


if __name__ == "__main__":
    main()
