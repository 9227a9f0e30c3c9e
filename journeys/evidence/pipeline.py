"""From a log file (or households recorded in the app) and a journey to the exact counts and
the privacy-checked report."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from journeys.evidence import sql
from journeys.evidence.aggregate import Evidence, activities, aggregate, prepare
from journeys.evidence.cases import Case
from journeys.evidence.logs import Columns, check_loaded, connect, read_log
from journeys.evidence.matching import match_activities
from journeys.evidence.privacy import MIN_COUNT, scan_notes, suppress
from journeys.evidence.report import EvidenceReport
from models import Journey


@dataclass(frozen=True)
class Result:
    evidence: Evidence
    """Exact counts: for applying to the journey and for tests, never printed as they are."""
    report: EvidenceReport


def evidence_from_log(path: str | Path, journey: Journey, salt: str,
                      columns: Columns | None = None, mapping: dict[str, str] | None = None,
                      min_count: int = MIN_COUNT) -> Result:
    """Read, match, count and hide: everything ``journeys evidence`` prints or applies."""
    columns = columns or Columns()
    con = connect()
    try:
        log = read_log(path, columns, salt, con)
        check_loaded(log)
        matching = match_activities(activities(con), journey, mapping)
        by = columns.segment and log.columns.segment
        prepare(con, journey, matching, segmented=bool(by))
        evidence = aggregate(con, journey, matching, by=by)
        pii = scan_notes(con) if log.columns.note else []
    finally:
        con.close()
    return Result(evidence, suppress(evidence, min_count, Path(path).name, pii))


EPOCH = dt.datetime(2000, 1, 1)
"""Where a household's times start when it has waiting times but no date (only differences
count then)."""


def _events(cases: list[Case], by: str | None) -> list[tuple]:
    """Rows of the ``events`` table from recorded cases, in the order the steps were clicked:
    a step's time is its date, else the time before plus the days waited, else the time
    before (a household starts at its first date, or at ``EPOCH`` without any)."""
    rows = []
    for case in cases:
        first = next((e.date for e in case.events if e.date is not None), None)
        time = dt.datetime.combine(first, dt.time()) if first else EPOCH
        for event in case.events:
            if event.date is not None:
                time = dt.datetime.combine(event.date, dt.time())
            elif event.wait_days is not None:
                time += dt.timedelta(days=event.wait_days)
            rows.append((int(case.id, 16), len(rows) + 1, event.step, time,
                         case.attributes.get(by) if by else None,
                         " | ".join(event.barriers) or None, event.note or None))
    return rows


def evidence_from_cases(cases: list[Case], journey: Journey, by: str | None = None,
                        min_count: int = MIN_COUNT) -> Result:
    """The same counts from households recorded in the app (steps by id); a household marked
    ``ongoing`` has not dropped out after its last step."""
    con = connect()
    try:
        con.execute(sql.CREATE_EVENTS)
        if cases:
            con.executemany(sql.INSERT_EVENT, _events(cases, by))
        matching = match_activities(activities(con), journey)
        prepare(con, journey, matching, segmented=bool(by))
        evidence = aggregate(con, journey, matching, by=by)
        pii = scan_notes(con)
    finally:
        con.close()
    dates = [e.date for c in cases for e in c.events if e.date]
    evidence = dataclasses.replace(evidence, first=min(dates, default=None),
                                   last=max(dates, default=None))
    for case in cases:
        step = case.events[-1].step if case.events else None
        if case.outcome != "ongoing" or step is None or evidence.steps[step].dropped == 0:
            continue  # only a household counted as dropped out (its last step no goal)
        evidence.steps[step] = dataclasses.replace(evidence.steps[step],
                                                   dropped=evidence.steps[step].dropped - 1)
        segment = evidence.segments.get(case.attributes.get(by or "", ""))
        if segment and step in segment.steps:
            reached, dropped = segment.steps[step]
            segment.steps[step] = (reached, dropped - 1)
    return Result(evidence, suppress(evidence, min_count, "app", pii))
