"""Pydantic models of a journey document, field for field as in journey-format.md.

Types are strict where a silent conversion would change what the user wrote (``"3"`` is not a
severity, ``2024`` is not a label); every cross-reference rule runs in ``Journey``'s own
validator (see ``models.rules``), so a ``Journey`` object is always a valid journey.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    Strict,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from models.catalogue import CATEGORIES, DIMENSIONS, NO_DIMENSION, Category
from models.errors import quote

SCHEMA = "journey/1"


MAX_COUNT = 10**9
"""Largest number of people a count may say: more is a typo, and charts cannot draw it."""


def _in_range(low: int, high: int | None):
    def check(value: int) -> int:
        if value < low or (high is not None and value > high):
            if high is not None and high < MAX_COUNT:
                bounds = f"{low}..{high}"
            else:  # a count: name the one bound that is broken
                bounds = f">= {low}" if value < low else f"at most {high}"
            raise PydanticCustomError("range", "must be {bounds}, got {value}",
                                      {"bounds": bounds, "value": quote(value)})
        return value

    return check


def _number(low: float, high: float | None = None):
    """A plain int or float (kept as written, so saving writes ``12`` and not ``12.0``)."""

    def check(value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            shown = repr(value)
            raise PydanticCustomError("number_type", "must be a number, got {value}",
                                      {"value": shown if len(shown) <= 60 else shown[:57] + "..."})
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("finite_number", "must be a finite number, got {value}",
                                      {"value": value})
        _in_range(low, high)(value)  # type: ignore[arg-type]
        return value

    return check


def _share_or_count(value: Any) -> int | float:
    value = _number(0, MAX_COUNT)(value)
    if value > 1 and value != int(value):
        raise PydanticCustomError(
            "share_or_count",
            "must be a share 0..1 or a whole count, got {value}", {"value": value})
    return value


NOT_TEXT_CLASS = (r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff"
                  r"\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U000efffe\U000effff\U000ffffe"
                  r"\U000fffff\U0010fffe\U0010ffff")
"""Characters that are not text: C0 controls other than tab and line breaks, DEL and Unicode
noncharacters, as a regex class (Python's and pydantic-core's Rust regex read it alike). No
keyboard types them, no font draws them, and image export (SVG is XML) fails on them, so a
journey refuses them in every text and id."""
NOT_TEXT = re.compile(f"[{NOT_TEXT_CLASS}\ud800-\udfff]")
"""A character that is not text (``NOT_TEXT_CLASS``, and lone surrogates)."""


def control_character(value: str) -> PydanticCustomError | None:
    """The error for the first character of ``value`` that is not text, if any."""
    found = NOT_TEXT.search(value)
    if found is None:
        return None
    return PydanticCustomError("text_control",
                               "contains the control character {char} at position {at}",
                               {"char": repr(found.group())[1:-1], "at": found.start() + 1})


LABEL_LIMIT = 300
"""The longest name (title, label, region, owner, tag): it has to fit a card on the map."""
TEXT_LIMIT = 2000
"""The longest description (description, persona, goal, notes, mitigation ideas)."""


def _text(limit: int, *, required: bool):
    """One check per text (control characters, then emptiness, then length): a 60,000-step
    journey has 120,000 texts, and each validator is a call out of pydantic's core."""
    def check(value: str) -> str:
        error = control_character(value)
        if error is not None:
            raise error
        if required and not value.strip():
            raise PydanticCustomError("empty_text", "must not be empty", {})
        if len(value) > limit:
            raise PydanticCustomError(
                "text_too_long", "is {length} characters long; at most {limit} fit",
                {"length": f"{len(value):,}", "limit": f"{limit:,}"})
        return value

    return check


Slug = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
ID_PATTERN = f"^[^\\s{NOT_TEXT_CLASS}]+$"
"""An id: no spaces and no character that is not text, checked in pydantic's core (ids are
half of all the values of a journey); ``models.validation`` names a control character as in
any other text."""
Ident = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN)]
Label = Annotated[str, Strict(), AfterValidator(_text(LABEL_LIMIT, required=True))]
Name = Annotated[str, Strict(), AfterValidator(_text(LABEL_LIMIT, required=False))]
Text = Annotated[str, Strict(), AfterValidator(_text(TEXT_LIMIT, required=False))]
Severity = Annotated[int, Strict(), AfterValidator(_in_range(1, 5))]
Emotion = Annotated[int, Strict(), AfterValidator(_in_range(1, 5))]
ResourceLevel = Annotated[int, Strict(), AfterValidator(_in_range(1, 4))]
Count = Annotated[int, Strict(), AfterValidator(_in_range(0, MAX_COUNT))]
Days = Annotated[int | float, PlainValidator(_number(0))]
Affected = Annotated[int | float, PlainValidator(_share_or_count)]


EXTRA_DEPTH = 50
"""How deep lists and mappings may nest under ``extra:`` (deeper ones cannot be saved)."""


def _plain_data(extra: dict[str, Any]) -> dict[str, Any]:
    """``extra:`` must survive saving as YAML and as JSON, so it holds plain data only
    (no NaN, no YAML ``!!binary`` or ``!!set``, which JSON cannot write back)."""
    stack: list[tuple[str, Any, int]] = [(key, value, 1) for key, value in extra.items()]
    while stack:
        where, value, depth = stack.pop()
        if isinstance(value, (dict, list)) and depth > EXTRA_DEPTH:
            raise PydanticCustomError("plain_data", "{where} is nested more than {depth} "
                                      "levels deep", {"where": where.split("[")[0],
                                                      "depth": EXTRA_DEPTH})
        if isinstance(value, dict):
            for key, inner in value.items():
                if not isinstance(key, str):
                    raise PydanticCustomError("plain_data", "key {key} in {where} must be text",
                                              {"key": repr(key), "where": where})
                stack.append((f"{where}.{key}", inner, depth + 1))
        elif isinstance(value, list):
            stack += [(f"{where}[{index}]", inner, depth + 1)
                      for index, inner in enumerate(value)]
        elif (isinstance(value, float) and not math.isfinite(value)) or not isinstance(
                value, (str, int, float, dt.date, type(None))):
            raise PydanticCustomError(
                "plain_data", "{where} must be text, a number, true/false, a date, a list or a "
                "mapping, got {value}", {"where": where, "value": repr(value)[:60]})
    return extra


Extra = Annotated[dict[str, Any], AfterValidator(_plain_data)]

Channel = Literal["in_person", "phone", "letter", "email", "online", "app", "other"]
Outcome = Literal["goal", "dropout"]
TransitionKind = Literal["next", "alternative", "handoff", "referral", "return"]
DataTransfer = Literal["none", "verbal", "paper", "email", "digital"]
EvidenceSource = Literal["workshop", "interview", "survey", "case_data", "other"]
MitigationStatus = Literal["idea", "planned", "in_progress", "done", "dropped"]
DimensionId = Literal[
    "approachability", "acceptability", "availability_accommodation", "affordability",
    "appropriateness", "none",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Evidence(_Model):
    """Where a barrier is known from."""

    source: EvidenceSource
    note: Text | None = None
    date: dt.date | None = None


class Mitigation(_Model):
    """An idea to remove or soften a barrier, with who owns it and how far it is."""

    idea: Text
    owner: Name | None = None
    status: MitigationStatus = "idea"


class Barrier(_Model):
    """An access barrier pinned on a step or a transition."""

    category: Ident
    severity: Severity
    description: Text | None = None
    affected: Affected | None = None
    votes: Count | None = None
    evidence: Evidence | None = None
    mitigations: list[Mitigation] = Field(default_factory=list)
    extra: Extra | None = None


class Stage(_Model):
    """A column of the journey map."""

    id: Ident
    label: Label
    extra: Extra | None = None


LegalKind = Literal["entitlement", "discretionary", "voluntary", "charity"]


class LegalBasis(_Model):
    """Why an offer exists: a right, a discretionary benefit, or voluntary help."""

    kind: LegalKind
    """``entitlement`` (a legal claim, e.g. SGB II/BuT, SGB VIII, BKGG, WoGG),
    ``discretionary`` (granted at the provider's discretion), ``voluntary`` (the life-world:
    clubs, regulars' tables, neighbours) or ``charity`` (help paid from donations: a
    Förderverein, a food bank, a welfare association's own fund)."""
    law: Text | None = None
    """The law, e.g. "SGB II § 28 (BuT)", "BKGG § 6a (Kinderzuschlag)", "WoGG"."""


class Actor(_Model):
    """Who a step happens with, on one of the four resource levels.

    ``ref`` names an entry of the Sozialraum catalogue (``models.catalogue_file``); with a
    catalogue loaded, ``label``, ``level`` and ``legal_basis`` may be left out and come from
    the entry (and are written out when the journey is saved, so that the saved file reads
    without the catalogue: the workspace and every edit re-validate without one)."""

    id: Ident
    label: Label
    level: ResourceLevel
    ref: Slug | None = None
    legal_basis: LegalBasis | None = None
    extra: Extra | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_catalogue(cls, data: Any, info: ValidationInfo) -> Any:
        from models.catalogue_file import resolve_actor  # the catalogue builds on these types

        return resolve_actor(data, (info.context or {}).get("catalogue"))


class Step(_Model):
    """One thing the person does or goes through."""

    id: Ident
    label: Label
    stage: Ident
    actor: Ident
    channel: Channel | None = None
    duration_days: Days | None = None
    reached: Count | None = None
    emotion: Emotion | None = None
    outcome: Outcome | None = None
    description: Text | None = None
    barriers: list[Barrier] = Field(default_factory=list)
    extra: Extra | None = None


class Transition(_Model):
    """A move from one step to another."""

    from_: Ident = Field(alias="from")
    to: Ident
    kind: TransitionKind = "next"
    data_transfer: DataTransfer | None = None
    count: Count | None = None
    label: Label | None = None
    barriers: list[Barrier] = Field(default_factory=list)
    extra: Extra | None = None


class CustomCategory(_Model):
    """A barrier category a journey adds to the catalogue (``categories:``)."""

    id: Ident
    de: Name | None = None
    en: Name | None = None
    dimension: DimensionId = NO_DIMENSION

    @model_validator(mode="after")
    def _has_label(self) -> CustomCategory:
        if not (self.de or self.en):
            raise PydanticCustomError(
                "category_label", "a custom category needs a label: add `de:` or `en:`")
        return self

    def as_category(self) -> Category:
        return Category(self.id, self.de or self.en or self.id, self.en or self.de or self.id,
                        self.dimension)


class Journey(_Model):
    """A whole journey document; always valid once constructed."""

    schema_: Literal["journey/1"] = Field(SCHEMA, alias="schema")
    id: Slug
    title: Label
    language: Literal["de", "en"]
    region: Name | None = None
    owner: Name | None = None
    persona: Text | None = None
    goal: Text | None = None
    tags: list[Name] = Field(default_factory=list)
    start: list[Ident] | None = None
    categories: list[CustomCategory] = Field(default_factory=list)
    stages: list[Stage]
    actors: list[Actor]
    steps: list[Step]
    transitions: list[Transition] = Field(default_factory=list)
    extra: Extra | None = None

    @model_validator(mode="after")
    def _rules(self) -> Journey:
        from models.rules import journey_problems  # rules need the classes above

        problems = journey_problems(self)
        if problems:
            raise PydanticCustomError("journey_rules", "{count} rule(s) broken",
                                      {"count": len(problems), "problems": problems})
        return self

    # -- lookups the engine uses everywhere -------------------------------------------
    def category(self, category_id: str) -> Category:
        """The catalogue entry for ``category_id``, the journey's own categories included."""
        for custom in self.categories:
            if custom.id == category_id:
                return custom.as_category()
        return CATEGORIES[category_id]

    def known_categories(self) -> list[str]:
        """Every category id this journey may use."""
        return [*CATEGORIES, *(c.id for c in self.categories)]

    @cached_property
    def steps_by_id(self) -> dict[str, Step]:
        """Steps by id (journeys are treated as immutable: edits build a new Journey)."""
        return {s.id: s for s in self.steps}

    @cached_property
    def actors_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    @cached_property
    def stages_by_id(self) -> dict[str, Stage]:
        return {s.id: s for s in self.stages}

    def steps_by(self, key: Literal["stage", "actor"]) -> dict[str, list[Step]]:
        """Steps by their stage or actor id, in file order: one pass, so a loop over 60,000
        stages does not look at 60,000 steps each time."""
        groups: dict[str, list[Step]] = {}
        for step in self.steps:
            groups.setdefault(getattr(step, key), []).append(step)
        return groups

    def start_ids(self) -> list[str]:
        """Start steps: ``start`` when given, else steps without an incoming transition
        (``return`` transitions do not count: they lead back, not in)."""
        if self.start is not None:
            return list(self.start)
        entered = {t.to for t in self.transitions if t.kind != "return"}
        return [s.id for s in self.steps if s.id not in entered]

    def goal_ids(self) -> list[str]:
        return [s.id for s in self.steps if s.outcome == "goal"]

    def dropout_ids(self) -> list[str]:
        return [s.id for s in self.steps if s.outcome == "dropout"]

    def barrier_count(self) -> int:
        return sum(len(s.barriers) for s in self.steps) + sum(
            len(t.barriers) for t in self.transitions)


__all__ = [
    "DIMENSIONS",
    "SCHEMA",
    "Actor",
    "Barrier",
    "CustomCategory",
    "Evidence",
    "Journey",
    "LegalBasis",
    "Mitigation",
    "Stage",
    "Step",
    "Transition",
]
