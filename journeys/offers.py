"""Which offer of the Sozialraum an actor stands for, across many journeys.

Two journeys' actors are the same offer when both refer to the same catalogue entry
(``ref:``). Without a reference, an actor is only the same as another with the same id AND
label in the same region: "verein" in Everswinkel and "verein" in Ennigerloh are two clubs,
and a portfolio must never add up their barriers because the ids happen to match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from models import Journey
from models.catalogue_file import Catalogue
from models.rules import did_you_mean

SEPARATOR = " / "


def offer_key(journey: Journey, actor_id: str) -> str:
    """The portfolio key of ``actor_id`` in ``journey``: its catalogue entry id, or
    ``region / id / label`` (``none`` for a journey without region)."""
    actor = journey.actors_by_id[actor_id]
    if actor.ref:
        return actor.ref
    return SEPARATOR.join((journey.region or "none", actor.id, actor.label))


def offer_labels(journeys: Iterable[Journey], catalogue: Catalogue | None = None
                 ) -> dict[str, str]:
    """Offer key → the name shown: the catalogue's name (else the first journey's label) for
    a catalogue entry, ``label (region)`` for an actor of one journey."""
    names = {entry.id: entry.name for entry in catalogue.entries} if catalogue else {}
    labels: dict[str, str] = {}
    for journey in journeys:
        for actor in journey.actors:
            key = offer_key(journey, actor.id)
            if key not in labels:
                labels[key] = names.get(key, actor.label) if actor.ref else (
                    f"{actor.label} ({journey.region})" if journey.region else actor.label)
    return labels


class ActorUse(BaseModel):
    """One journey's actor, as the merge check lists it."""

    journey: str
    actor: str
    label: str
    region: str | None = None
    ref: str | None = None


class MergeGroup(BaseModel):
    """Actors of several journeys that the portfolio counts as one offer."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    key: str
    label: str
    uses: list[ActorUse]


class Ambiguity(BaseModel):
    """Actors that share an id across journeys but stay apart: the same offer, or not?"""

    model_config = ConfigDict(use_attribute_docstrings=True)

    actor: str
    uses: list[ActorUse]
    suggestions: dict[str, str | None]
    """``journey:actor`` → the catalogue entry it most likely is (None: no close entry)."""


class MergeCheck(BaseModel):
    merged: list[MergeGroup]
    ambiguous: list[Ambiguity]


def _use(journey: Journey, actor_id: str) -> ActorUse:
    actor = journey.actors_by_id[actor_id]
    return ActorUse(journey=journey.id, actor=actor.id, label=actor.label,
                    region=journey.region, ref=actor.ref)


def _suggest(use: ActorUse, catalogue: Catalogue | None) -> str | None:
    """The catalogue entry whose name is closest to the actor's label (same municipality
    first), or None."""
    if catalogue is None:
        return None
    local = [e for e in catalogue.entries if e.municipality in (use.region, None)]
    names = {e.name: e.id for e in local or catalogue.entries}
    hint = did_you_mean(use.label, names)
    return names[hint.split("'")[1]] if hint else None


def merge_check(journeys: list[Journey], catalogue: Catalogue | None = None) -> MergeCheck:
    """What a portfolio by offer merges (one key in several journeys), and which actors share
    an id but not a key while one of them has no ``ref`` — those need a mapping to catalogue
    entries to be compared."""
    by_key: dict[str, list[ActorUse]] = defaultdict(list)
    by_id: dict[str, dict[str, list[ActorUse]]] = defaultdict(lambda: defaultdict(list))
    for journey in journeys:
        for actor in journey.actors:
            key = offer_key(journey, actor.id)
            by_key[key].append(_use(journey, actor.id))
            by_id[actor.id][key].append(_use(journey, actor.id))
    labels = offer_labels(journeys, catalogue)
    merged = [MergeGroup(key=key, label=labels[key], uses=uses)
              for key, uses in sorted(by_key.items())
              if len({u.journey for u in uses}) > 1]
    ambiguous = []
    for actor_id, keys in sorted(by_id.items()):
        uses = [use for group in keys.values() for use in group]
        if len(keys) < 2 or all(use.ref for use in uses):
            continue  # one offer, or offers told apart by their references
        ambiguous.append(Ambiguity(actor=actor_id, uses=uses, suggestions={
            f"{u.journey}:{u.actor}": _suggest(u, catalogue) for u in uses if not u.ref}))
    return MergeCheck(merged=merged, ambiguous=ambiguous)
