"""The names of a journey's figures, without importing plotly: ``journeys export --figure``
offers them, and a command that never draws a figure must not wait a second for plotly and
pandas to load (``journeys.figures.FIGURES`` has the same keys; a test keeps them equal)."""

FIGURE_NAMES: tuple[str, ...] = ("map", "bottlenecks", "heatmap", "funnel", "routes", "emotion")
"""The figures of one journey, by the names ``journeys export --figure`` takes."""
