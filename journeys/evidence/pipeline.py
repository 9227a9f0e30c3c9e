"""From a log file and a journey to the exact counts and the privacy-checked report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeys.evidence.aggregate import Evidence, activities, aggregate, prepare
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
        prepare(con, journey, matching)
        evidence = aggregate(con, journey, matching, by=columns.segment and log.columns.segment)
        pii = scan_notes(con) if log.columns.note else []
    finally:
        con.close()
    return Result(evidence, suppress(evidence, min_count, Path(path).name, pii))
