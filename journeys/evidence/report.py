"""The evidence report as ``journeys evidence --format json`` writes it: a contract.

docs/evidence-schema.json is generated from these models (``journeys evidence --schema``);
a test keeps the two the same. A count is a whole number, the text ``"< K"`` when it is
below ``--min-count K``, or ``"hidden"`` when it would give such a count away.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Count = Annotated[int, Field(ge=0)] | Annotated[str, Field(pattern=r"^(< [0-9]+|hidden)$")]
"""A number of households (or events); ``"< 3"`` when it is too small to be shown,
``"hidden"`` when it is hidden so that such a small count cannot be worked out."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WaitDays(_Model):
    """Days from the step before to this step; ``null`` when fewer than K households were
    timed."""

    median: float | None = None
    p25: float | None = None
    p75: float | None = None


class StepEvidence(_Model):
    reached: Count
    dropped: Count
    wait_days: WaitDays


class TransitionEvidence(_Model):
    count: Count
    median_days: float | None
    in_map: bool


class BarrierEvidence(_Model):
    households: Count
    reached: Count
    """Households at the barrier's place: its step, or its transition."""
    step: str


class Variant(_Model):
    steps: list[str]
    cases: Count
    share: float | None
    """``cases`` ÷ all cases, or ``null`` when ``cases`` is hidden."""


class SegmentStep(_Model):
    reached: Count
    dropped: Count


class SegmentEvidence(_Model):
    cases: Count
    steps: dict[str, SegmentStep]


class PiiFinding(_Model):
    """Personal data in a free-text note: where, and what kind (never the text itself)."""

    where: str
    kinds: list[str]


class EvidenceReport(_Model):
    """Counts of one event log over one journey, small counts hidden."""

    journey: str
    log: str
    source: str
    """In words, for maps and slides: "from 30 household records, March–September 2025"."""
    min_count: int = Field(ge=1)
    cases: Count
    events: Count
    first: dt.date | None
    last: dt.date | None
    steps: dict[str, StepEvidence]
    stages: dict[str, Count]
    transitions: dict[str, TransitionEvidence]
    """Keyed ``"from>to"``; ``count`` = households that went this way."""
    barriers: dict[str, BarrierEvidence]
    """Keyed by barrier reference (``step:<id>:<n>``, ``transition:<from>><to>:<n>``)."""
    variants: list[Variant]
    unmatched: dict[str, Count]
    """Activities that match no step, with their number of events."""
    suggestions: dict[str, str]
    """Unmatched activity → the step id or label it most resembles ("did you mean")."""
    not_in_map: dict[str, Count]
    """Observed transitions the journey lacks: ``"from>to"`` → households."""
    unknown_barriers: dict[str, Count]
    by: str | None
    segments: dict[str, SegmentEvidence]
    pii: list[PiiFinding]
    suppressed: bool
    """True when any count (or a figure derived from one) was hidden."""


def schema_text() -> str:
    """docs/evidence-schema.json."""
    return json.dumps(EvidenceReport.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
