"""Which activity of a log is which step of the journey.

An activity matches a step by the mapping table (``--map``: columns ``activity,step``), else
by the step's id, else by its label (ignoring case and spacing). What matches nothing is
listed with a "did you mean" — never guessed.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path

from models import Journey, JourneyFileError


@dataclass(frozen=True)
class Matching:
    """``steps``: activity → step id; ``unmatched``: activity → (events, suggestion)."""

    steps: dict[str, str]
    unmatched: dict[str, tuple[int, str | None]]


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def read_map(path: str | Path, journey: Journey) -> dict[str, str]:
    """The mapping table: ``activity,step`` (or ``;``), a header line first; every step must
    exist in the journey."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise JourneyFileError(f"cannot read the mapping table: {error}", file=str(path),
                               hint="a UTF-8 CSV with the columns activity,step") from None
    lines = text.splitlines()
    delimiter = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["activity", "step"]:
        raise JourneyFileError("the mapping table needs the header line activity,step",
                               file=str(path), location="line 1",
                               hint="first line: activity,step; then one activity per line")
    mapping: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or row[1].strip() not in journey.steps_by_id:
            step = row[1].strip() if len(row) > 1 else ""
            close = difflib.get_close_matches(step, list(journey.steps_by_id), n=1)
            raise JourneyFileError(
                f"'{step}' is not a step of journey '{journey.id}'", file=str(path),
                location=f"line {number}",
                hint=f"did you mean '{close[0]}'?" if close else
                f"steps are: {', '.join(journey.steps_by_id)}")
        mapping[row[0].strip()] = row[1].strip()
    return mapping


def match_activities(activities: dict[str, int], journey: Journey,
                     table: dict[str, str] | None = None) -> Matching:
    """Match each activity (with its number of events) to a step."""
    by_key: dict[str, str] = {}
    for step in journey.steps:  # ids win over labels: a label equal to another id is ignored
        by_key.setdefault(_key(step.label), step.id)
    by_key.update({_key(step.id): step.id for step in journey.steps})
    table_keys = {_key(a): s for a, s in (table or {}).items()}
    names = [*journey.steps_by_id, *(s.label for s in journey.steps)]
    labels = {s.label: s.id for s in journey.steps}
    steps: dict[str, str] = {}
    unmatched: dict[str, tuple[int, str | None]] = {}
    for activity, events in activities.items():
        step = table_keys.get(_key(activity)) or by_key.get(_key(activity))
        if step:
            steps[activity] = step
            continue
        close = difflib.get_close_matches(activity, names, n=1, cutoff=0.6)
        unmatched[activity] = (events, labels.get(close[0], close[0]) if close else None)
    return Matching(steps, unmatched)
