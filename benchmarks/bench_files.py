"""How long hostile files take to be refused, and how long routes take on 30 diamonds.

The promise: every bad input (tests/bad_input/, a 60 MB file, 100,000 nested brackets) is
refused with a clear message well under a second, and route search on 30 diamonds in a row
(2^30 routes) stops fast and says it stopped. Also: ``journeys validate`` as a whole process
(Python start-up included) and saving a sample as YAML and JSON.
Run: python3 benchmarks/bench_files.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.builders

from journeys.formats import dumps_journey, load_journey
from journeys.routes import find_routes
from models import JourneyError, parse_journey
from tests.builders import diamonds

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "bad_input"


def timed(action: Callable[[], object], runs: int = 5) -> float:
    """The best of ``runs`` wall-clock times of ``action``, in milliseconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def refuse(path: Path) -> str:
    try:
        load_journey(path)
    except JourneyError as error:
        return error.message
    raise AssertionError(f"{path} was accepted")


def big_files(folder: Path) -> list[Path]:
    huge = folder / "60mb.yaml"
    with huge.open("wb") as stream:
        stream.write(b"schema: journey/1\n" + b"#" * (60 * 1024 * 1024 - 18))
    files = [huge]
    for name, text in (("nested.json", "[" * 100_000 + "]" * 100_000),
                       ("nested.yaml", "[" * 100_000 + "]" * 100_000),
                       ("nested-objects.json", '{"a": ' * 100_000 + "1" + "}" * 100_000)):
        (folder / name).write_text(text, encoding="utf-8")
        files.append(folder / name)
    return files


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = sorted(BAD.iterdir()) + big_files(Path(folder))
        print("refusing bad input (best of 5, in process):")
        worst = 0.0
        for path in files:
            message = refuse(path)
            ms = timed(lambda p=path: refuse(p))
            worst = max(worst, ms)
            print(f"  {ms:8.2f} ms  {path.name:<26} {message[:60]}")
        print(f"  slowest: {worst:.2f} ms")

        only_files = ("import argparse, sys; from journeys.commands import files; "
                      "p = argparse.ArgumentParser(); files.register(p.add_subparsers()); "
                      "a = p.parse_args(sys.argv[1:]); sys.exit(a.run(a))")
        for what, command in (
                ("journeys validate", [sys.executable, "-m", "journeys"]),
                ("the same with only the file commands loaded", [sys.executable, "-c",
                                                                 only_files])):
            start = time.perf_counter()
            subprocess.run([*command, "validate", *map(str, files)], capture_output=True,
                           check=False)
            print(f"{what}, all {len(files)} files, one process: "
                  f"{(time.perf_counter() - start) * 1000:.0f} ms (Python start-up included)")

    journey = parse_journey(diamonds(30))
    result = find_routes(journey)
    ms = timed(lambda: find_routes(journey))
    print(f"routes on 30 diamonds (2^30 routes): {ms:.0f} ms for {len(result.routes)} routes, "
          f"truncated={result.truncated}: {result.reason}")

    for sample in sorted((ROOT / "sample_journeys").glob("*.yaml"))[:1]:
        loaded = load_journey(sample)
        print(f"{sample.name}: load {timed(lambda s=sample: load_journey(s)):.1f} ms, "
              f"save as YAML {timed(lambda j=loaded: dumps_journey(j)):.1f} ms, "
              f"as JSON {timed(lambda j=loaded: dumps_journey(j, 'json')):.1f} ms")


if __name__ == "__main__":
    main()
