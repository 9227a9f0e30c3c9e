"""Where ``journeys export`` and ``journeys import`` put what they make: a file or stdout.

Shared by the text formats (journeys.commands.export) and the images, decks and reports
(journeys.export.writers), so every format refuses to overwrite and writes atomically alike.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from journeys.formats import check_target, write_atomic
from models import Journey, JourneyError, JourneyFileError


def check_free(out: Path, force: bool) -> None:
    """Refuse to replace an existing file unless ``--force`` says so, and refuse a place
    that cannot take a file at all (a folder, a device, a pipe) before seconds of rendering
    are spent on it."""
    check_target(out)
    if out.exists() and not force:
        raise JourneyFileError("the file exists already", file=str(out),
                               hint="choose another name, or add --force to replace it")
    folder = out.parent
    if not folder.is_dir():
        raise JourneyFileError("the folder to write into does not exist", file=str(out),
                               hint=f"create {folder} first, or choose another place")


def write_output(data: bytes | str, out: Path | None, force: bool) -> None:
    """Write ``data`` atomically to ``out``, or to stdout when there is no ``out``."""
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
        sys.stdout.buffer.flush()
        return
    check_free(out, force)
    write_atomic(out, data)


def single_journey(journeys: Sequence[Journey], fmt: str) -> Journey:
    """The one journey a single-journey format exports."""
    if len(journeys) != 1:
        raise JourneyError(f"--format {fmt} exports one journey, got {len(journeys)} files",
                           hint="give one FILE (only --format pptx compares several)")
    return journeys[0]
