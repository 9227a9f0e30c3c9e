"""Progress of exports that take seconds: one callback type, and a line printer for the CLI.

Exports call ``progress(done, total, label)`` after each piece of work (``done`` of ``total``
pieces finished, ``label`` says what comes next or what just finished). The app passes a
callback that moves ``st.progress``; the command line prints one line on stderr that it
rewrites in place.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[int, int, str], None]
"""``progress(done, total, label)``: called by exports as they go."""


def report(progress: Progress | None, done: int, total: int, label: str) -> None:
    """Tell ``progress`` (when given) how far an export is."""
    if progress is not None:
        progress(done, total, label)


class LineProgress:
    """A ``Progress`` that keeps one line up to date: ``[3/8] Journey map``.

    On a terminal the line is rewritten in place (carriage return); into a file or pipe each
    step is a line of its own, so logs stay readable.

    >>> import io
    >>> out = io.StringIO()
    >>> progress = LineProgress(out)
    >>> progress(1, 2, "map"); progress(2, 2, "done")
    >>> out.getvalue()
    '[1/2] map\\n[2/2] done\\n'
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = 0

    def __call__(self, done: int, total: int, label: str) -> None:
        line = f"[{done}/{total}] {label}"
        if self.stream.isatty():
            end = "\n" if done >= total else ""
            self.stream.write("\r" + line.ljust(self.width) + end)
            self.width = 0 if end else len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
