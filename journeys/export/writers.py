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
from journeys.figure_limits import check_size
from journeys.i18n import translate
from models import Journey, JourneyError

TEXT = {
    "en": {"taller": "note: the map is taller than a 16:9 slide at readable type (never "
                     "squeezed); --parts writes one slide image per run of stages",
           "parts": "{count} slide images: {names}"},
    "de": {"taller": "Hinweis: die Karte ist bei lesbarer Schrift höher als eine 16:9-Folie "
                     "(nie gestaucht); --parts schreibt ein Folienbild je Abschnitt von Phasen",
           "parts": "{count} Folienbilder: {names}"},
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


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
        # a map of thousands of steps cannot be read and costs minutes: refuse it (--parts too:
        # its parts are found by laying out the whole map)
        check_size(journey, args.figure, args.lang or journey.language, file=args.files[0])
        if args.parts:
            _write_parts(journey, fmt, out, args)
            return
        if out is not None:
            check_free(out, args.force)  # before the browser starts
        from journeys.export.images import figure_image

        data = figure_image(journey, args.figure, fmt, args.lang)
        write_output(data.decode("utf-8") if fmt == "svg" else data, out, args.force)
        lang = args.lang or journey.language
        if args.figure == "map" and not _fits_a_slide(journey, lang):
            print(_t("taller", lang), file=sys.stderr)

    return write


def _fits_a_slide(journey: Journey, lang: str | None) -> bool:
    from journeys.figures import map_geometry

    return map_geometry(journey, lang=lang or journey.language).fits


def part_paths(out: Path, count: int) -> list[Path]:
    """``map.png`` for one part, else ``map-1.png`` … ``map-N.png``."""
    if count == 1:
        return [out]
    return [out.with_name(f"{out.stem}-{page}{out.suffix}") for page in range(1, count + 1)]


def _write_parts(journey: Journey, fmt: str, out: Path | None, args: argparse.Namespace
                 ) -> None:
    """The map as one 16:9 image per run of stages (``images.map_part_images``)."""
    if args.figure != "map":
        raise JourneyError("--parts splits the journey map only",
                           hint="use --figure map, or leave out --parts")
    if out is None:
        raise JourneyError("--parts writes several files",
                           hint=f"give the first file's name with -o, e.g. -o map.{fmt}")
    from journeys.export.images import map_part_images
    from journeys.figures import map_parts

    parts = map_parts(journey, lang=args.lang or journey.language)
    paths = part_paths(out, len(parts))
    for path in paths:
        check_free(path, args.force)  # before the browser starts
    images = map_part_images(journey, fmt, args.lang, parts=parts)
    for path, data in zip(paths, images, strict=True):
        write_output(data, path, args.force)
    if len(paths) > 1:
        print(_t("parts", args.lang or journey.language, count=len(paths),
                 names=", ".join(p.name for p in paths)), file=sys.stderr)


def _check_sizes(journeys: Sequence[Journey], fmt: str, args: argparse.Namespace) -> None:
    """Refuse a journey too large for any deck or report before plotly loads (it and a
    60,000-step journey do not fit in 500 MB together)."""
    for journey, file in zip(journeys, args.files, strict=True):
        check_size(journey, fmt, args.lang or journey.language, file=file)


def write_pptx(journeys: Sequence[Journey], out: Path | None, args: argparse.Namespace
               ) -> None:
    """One journey's deck, or with several FILEs a comparison deck."""
    check_free(_binary_out(out, "pptx"), args.force)  # before the browser starts
    _check_sizes(journeys, "pptx", args)
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
    journey = single_journey(journeys, "html")
    if out is not None:
        check_free(out, args.force)
    _check_sizes(journeys, "html", args)
    from journeys.export.report import html_report

    write_output(html_report(journey, lang=args.lang, progress=LineProgress(sys.stderr)), out,
            args.force)
