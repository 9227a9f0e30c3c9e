"""How long the presentation exports take for a 40-step journey, browser start included.

Target: a 10-figure deck in under 10 s including the browser start, and each further PNG
under 0.5 s once the browser runs. The 10-figure deck is a comparison deck of four 40-step
journeys (2 comparison charts + a map and a bottleneck chart per journey); the journey deck
of one 40-step journey has 6 charts. Every deck starts ONE browser.

Run: python3 benchmarks/bench_export.py [--runs 3]
Prints the best and the median of RUNS cold runs (a new browser each run), the phases of one
deck (plan = analysis and figures, browser start, rendering, writing the .pptx) and the time
per PNG with the browser running.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_figures import branched_journey

from journeys.export import comparison_deck, html_report, journey_deck
from journeys.export.deck import comparison_plan, write_deck
from journeys.export.images import FIGURE_NAMES, figure_image
from journeys.render import ImageRenderer
from models import Journey

STEPS = 40


def variants(journey: Journey, count: int) -> list[Journey]:
    """``count`` copies of ``journey`` told apart by id, title and region."""
    return [journey.model_copy(update={"id": f"{journey.id}-{i}", "title": f"Reise {i + 1}",
                                       "region": f"Gemeinde {i + 1}"}) for i in range(count)]


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def report(name: str, seconds: list[float], target: float | None = None) -> None:
    verdict = "" if target is None else (" ok" if min(seconds) < target else " TOO SLOW")
    print(f"  {name:<46} best {min(seconds):6.2f} s   median {statistics.median(seconds):6.2f} s"
          f"{f'   (target < {target:g} s){verdict}' if target else ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    journey = branched_journey(STEPS)
    four = variants(journey, 4)
    print(f"{STEPS}-step journey, {len(journey.transitions)} transitions, "
          f"{journey.barrier_count()} barriers; {args.runs} cold runs each:")

    plan = comparison_plan(four)
    charts = len(plan.charts)
    runs = [timed(lambda: comparison_deck(four))[0] for _ in range(args.runs)]
    report(f"comparison deck, {charts} charts (browser start incl.)", runs, 10.0)
    runs = [timed(lambda: journey_deck(journey))[0] for _ in range(args.runs)]
    report("journey deck, 6 charts (browser start incl.)", runs, 10.0)
    runs = [timed(lambda: html_report(journey))[0] for _ in range(args.runs)]
    report("HTML report (no browser)", runs)

    print(f"phases of the {charts}-chart deck:")
    plan_s, plan = timed(lambda: comparison_plan(four))
    renderer = ImageRenderer()
    start_s, _ = timed(renderer.start)
    try:
        per_png = []
        for chart in plan.charts:
            seconds, chart.image = timed(lambda c=chart: renderer.render(
                c.figure, "png", width=1600, height=c.figure.layout.height))
            per_png.append(seconds)
        write_s, data = timed(lambda: write_deck(plan))
        print(f"  plan (analysis + figures) {plan_s:5.2f} s, browser start {start_s:5.2f} s, "
              f"render {sum(per_png):5.2f} s, write .pptx {write_s:5.2f} s "
              f"({len(data) / 1e6:.1f} MB)")
        print("each further PNG (3200 px wide), browser running:")
        for name in FIGURE_NAMES:
            seconds = [timed(lambda n=name: figure_image(journey, n, "png",
                                                         renderer=renderer))[0]
                       for _ in range(args.runs)]
            verdict = "ok" if statistics.median(seconds) < 0.5 else "TOO SLOW"
            print(f"  {name:<12} median {statistics.median(seconds):5.2f} s "
                  f"(figure built and rendered; target < 0.5 s) {verdict}")
    finally:
        renderer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
