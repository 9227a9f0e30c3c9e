"""The catalogue of the Sozialraum (``catalogue.yaml``): the aid offers of a place, as data.

Journeys share one catalogue so that the same offer has one name and one resource level
everywhere (DOMAIN.md, "The Sozialraum and legal entitlements"); an actor refers to an entry
with ``ref:``. The legal basis says whether an offer is a right the family has (an
entitlement), a benefit at an authority's discretion, or voluntary help — subsidiarity never
weighs charity against a right.
"""

from __future__ import annotations

import difflib
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from models.journey import LegalBasis, ResourceLevel, Slug, Text

CATALOGUE_SCHEMA = "catalogue/1"
CATALOGUE_FILE = "catalogue.yaml"
"""The file name a folder of journeys keeps its catalogue under (never read as a journey)."""

OfferKind = Literal["household", "informal", "club", "counselling", "authority", "school",
                    "childcare", "provider", "employer", "other"]
ContactChannel = Literal["in_person", "phone", "letter", "email", "online", "app", "other"]
Language = Annotated[str, StringConstraints(strict=True, min_length=2, max_length=12)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False,
                              use_attribute_docstrings=True)


class Reach(_Model):
    """How a family gets there."""

    address: Text | None = None
    bus_line: Text | None = None
    barrier_free: bool | None = None
    languages: list[Language] = Field(default_factory=list)
    unreachable: Text | None = None
    """Set when the offer cannot be reached as things are, and why (no bus, no childcare
    during the opening hours): journeys relying on it are reported."""


class Entry(_Model):
    """One offer or actor of the Sozialraum."""

    id: Slug
    name: Text
    level: ResourceLevel
    municipality: Text | None = None
    kind: OfferKind = "other"
    legal_basis: LegalBasis | None = None
    provider: Text | None = None
    opening_hours: Text | None = None
    reach: Reach | None = None
    contact: ContactChannel | None = None
    contact_note: Text | None = None
    """Phone number of the office, e-mail address of the service (no private data)."""
    notes: Text | None = None
    extra: dict[str, Any] | None = None

    @property
    def unreachable(self) -> str | None:
        return self.reach.unreachable if self.reach else None


class Catalogue(_Model):
    """A ``catalogue.yaml``: the offers of one or more municipalities."""

    schema_: Literal["catalogue/1"] = Field(CATALOGUE_SCHEMA, alias="schema")
    title: Text | None = None
    entries: list[Entry]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        seen: dict[str, int] = {}
        for index, entry in enumerate(self.entries):
            if entry.id in seen:
                raise PydanticCustomError(
                    "catalogue_duplicate", "entries[{index}]: duplicate id '{id}' (already "
                    "entries[{first}])", {"index": index, "id": entry.id, "first": seen[entry.id]})
            seen[entry.id] = index
        return self

    @cached_property
    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}

    def nearest(self, ref: str) -> str | None:
        """The entry id closest to ``ref`` (for "did you mean"), or None."""
        close = difflib.get_close_matches(ref, list(self.by_id), n=1, cutoff=0.5)
        return close[0] if close else None


def resolve_actor(data: Any, catalogue: Catalogue | None) -> Any:
    """An actor document with ``label``, ``level`` and ``legal_basis`` taken from its catalogue
    entry where the actor does not say them.

    A ``ref`` without a catalogue must carry its own label and level; a ``ref`` the
    catalogue lacks, or a ``level`` that contradicts it, is an error naming both."""
    if not isinstance(data, dict) or not isinstance(data.get("ref"), str):
        return data
    ref = data["ref"]
    if catalogue is None:
        missing = [f"`{key}:`" for key in ("label", "level") if key not in data]
        if missing:
            raise PydanticCustomError(
                "catalogue_missing", "refers to catalogue entry '{ref}' but no catalogue is "
                "loaded — put catalogue.yaml beside the journey, pass --catalogue FILE, or add "
                "{missing}", {"ref": ref, "missing": " and ".join(missing)})
        return data
    entry = catalogue.by_id.get(ref)
    if entry is None:
        near = catalogue.nearest(ref)
        hint = f"did you mean '{near}'?" if near else "add the entry to the catalogue"
        raise PydanticCustomError(
            "catalogue_ref", "refers to '{ref}', which the catalogue does not hold — {hint}",
            {"ref": ref, "hint": hint})
    basis = data.get("legal_basis")
    if (isinstance(basis, dict) and entry.legal_basis is not None
            and basis.get("kind") != entry.legal_basis.kind):
        raise PydanticCustomError(
            "catalogue_legal_basis", "legal_basis {kind} contradicts the catalogue: '{ref}' "
            "({name}) is {entry_kind} — remove `legal_basis:` or correct one of them",
            {"kind": basis.get("kind"), "ref": ref, "name": entry.name,
             "entry_kind": entry.legal_basis.kind})
    level = data.get("level")
    if isinstance(level, int) and not isinstance(level, bool) and level != entry.level:
        raise PydanticCustomError(
            "catalogue_level", "level {level} contradicts the catalogue: '{ref}' ({name}) is on "
            "level {entry_level} — remove `level:` or correct one of them",
            {"level": level, "ref": ref, "name": entry.name, "entry_level": entry.level})
    resolved = {**data, "label": data.get("label", entry.name), "level": entry.level}
    if "legal_basis" not in data and entry.legal_basis is not None:
        resolved["legal_basis"] = entry.legal_basis.model_dump(exclude_unset=True)
    return resolved

