"""Benchmark static image export: one shared browser vs. the cost of starting it.

Run: python3 benchmarks/bench_render.py [--figures 10] [--tabs 1] [--naive]

Prints
  * start of the renderer + the first PNG (what a single download costs),
  * mean/max time per further PNG with the browser already running,
  * a whole batch (browser start included) via `render_many`, as a slide
    deck export would do it,
  * with --naive: one browser per image (what we avoid), for comparison.

Figures are slide-sized (1600x900, scale 2 -> 3200x1800 px PNG): a 40-node
journey-like scatter with edges and one annotation per node.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import plotly.graph_objects as go

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journeys.render import ImageRenderer, render_image


def make_figure(seed: int, nodes: int = 40) -> go.Figure:
    """A journey-like graph: nodes on a path with a few detours, all annotated."""
    rng = random.Random(seed)
    xs = [i + rng.uniform(-0.3, 0.3) for i in range(nodes)]
    ys = [rng.uniform(0, 10) for _ in range(nodes)]
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for i in range(nodes - 1):
        j = i + 1 if rng.random() > 0.2 else min(nodes - 1, i + rng.randint(2, 4))
        edge_x += [xs[i], xs[j], None]
        edge_y += [ys[i], ys[j], None]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=edge_x, y=edge_y, mode="lines", line={"color": "#999"}))
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker={"size": 14, "color": [rng.random() for _ in range(nodes)]},
            text=[f"Step {i}" for i in range(nodes)],
        )
    )
    for i in range(nodes):
        fig.add_annotation(x=xs[i], y=ys[i], text=f"Step {i}", showarrow=True, arrowhead=2)
    fig.update_layout(title_text=f"Journey {seed}: barriers on the way", showlegend=False)
    return fig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=10)
    parser.add_argument("--tabs", type=int, default=1, help="browser tabs for render_many")
    parser.add_argument("--naive", action="store_true", help="also time one browser per image")
    args = parser.parse_args()
    figs = [make_figure(seed) for seed in range(args.figures)]

    t0 = time.perf_counter()
    with ImageRenderer() as r:
        t_start = time.perf_counter() - t0
        first = r.render(figs[0], "png")
        t_first = time.perf_counter() - t0
        per_png = []
        for fig in figs[1:]:
            t = time.perf_counter()
            r.render(fig, "png")
            per_png.append(time.perf_counter() - t)
    print(f"browser: {r.browser}")
    print(f"PNG size: {len(first) / 1024:.0f} KiB per image (3200x1800 px)")
    print(f"start renderer:                 {t_start:6.2f} s")
    print(f"start renderer + first PNG:     {t_first:6.2f} s")
    print(
        f"further PNGs ({len(per_png)}):  mean {statistics.mean(per_png):6.3f} s,"
        f"  max {max(per_png):6.3f} s"
    )

    t0 = time.perf_counter()
    with ImageRenderer(tabs=args.tabs) as r:
        pngs = r.render_many(figs, "png")
    t_batch = time.perf_counter() - t0
    assert len(pngs) == len(figs)
    print(f"{len(figs)}-figure batch incl. start (render_many, tabs={args.tabs}): {t_batch:6.2f} s")

    if args.naive:
        t0 = time.perf_counter()
        for fig in figs:
            render_image(fig, "png")
        print(f"{len(figs)} figures, one browser each (naive):   {time.perf_counter() - t0:6.2f} s")


if __name__ == "__main__":
    main()
