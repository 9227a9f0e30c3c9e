"""How ``journeys export`` writes images, slide decks and HTML reports.

Each ``write_*`` has the signature of ``journeys.commands.export.ExportFormat.write``:
``(journeys, out, args)``; the command's dispatch table names them. Exports that take
seconds print a progress line on stderr; binary files need ``-o`` (a terminal would show
garbage), text (SVG, HTML) may go to stdout. The exports themselves are imported by the
writer that needs them (plotly, pandas and python-pptx load slowly; ``--format csv`` needs
none of them).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from journeys.commands.output import check_free, single_journey, write_output
from journeys.export.names import FIGURE_NAMES
from journeys.export.progress import LineProgress
from models import Journey, JourneyError


def _binary_out(out: Path | None, fmt: str) -> Path:
    """``out``; a binary format refuses stdout (a terminal would show garbage)."""
    if out is None:
        raise JourneyError(f"--format {fmt} writes a binary file",
                           hint=f"give the file to write with -o, e.g. -o journey.{fmt}")
    return out


def image_writer(fmt: str):
    """The writer of one figure as ``fmt`` (png, svg or pdf): ``--figure`` names it."""

    def write(journeys: Sequence[Journey], out: Path | None, args: argparse.Namespace) -> None:
        journey = single_journey(journeys, fmt)
        if not args.figure:
            raise JourneyError(f"which figure? --format {fmt} exports one figure",
                               hint=f"add --figure, one of: {', '.join(FIGURE_NAMES)}")
        if fmt != "svg":
            _binary_out(out, fmt)
        if out is not None:
            check_free(out, args.force)  # before the browser starts
        from journeys.export.images import figure_image

        data = figure_image(journey, args.figure, fmt, args.lang)
        write_output(data.decode("utf-8") if fmt == "svg" else data, out, args.force)

    return write


def write_pptx(journeys: Sequence[Journey], out: Path | None, args: argparse.Namespace
               ) -> None:
    """One journey's deck, or with several FILEs a comparison deck."""
    check_free(_binary_out(out, "pptx"), args.force)  # before the browser starts
    from journeys.export.deck import comparison_deck, journey_deck

    progress = LineProgress(sys.stderr)
    if len(journeys) == 1:
        data = journey_deck(journeys[0], lang=args.lang, progress=progress)
    else:
        data = comparison_deck(journeys, lang=args.lang, progress=progress)
    write_output(data, out, args.force)


def write_html(journeys: Sequence[Journey], out: Path | None, args: argparse.Namespace
               ) -> None:
    """One journey's self-contained report."""
    from journeys.export.report import html_report

    journey = single_journey(journeys, "html")
    if out is not None:
        check_free(out, args.force)
    write_output(html_report(journey, lang=args.lang, progress=LineProgress(sys.stderr)), out,
            args.force)
