"""Hypothesis strategies for random VALID journeys.

``journey_dicts()`` draws the raw document (what a YAML or JSON file holds), ``journeys()``
the validated ``models.Journey``. Steps are drawn in a random topological order and forward
transitions only go from an earlier to a later step, so the forward graph is a DAG, and never
on from a dropout step; ``return`` transitions go back to an ancestor (or loop on one step).
Ids and text include umlauts, emoji and words that YAML would read as something else when
unquoted (``yes``, ``null``, ``1e3``, ``2022-01-01``).
``extra:`` holds text, numbers, true/false, null, lists and mappings; no dates, because JSON
has no dates (an ``extra`` date saved as JSON comes back as text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from models import CATEGORIES, Journey, parse_journey
from models.journey import NOT_TEXT

TRICKY_WORDS = ["yes", "no", "on", "off", "null", "~", "true", "1", "0x1F", "1e3", ".inf",
                "2022-01-01", "<<", "=", "-", "?", "*a", "&a", "!tag", "#x", "a: b", "'", '"',
                "%YAML", "---", "...", "Grüße", "Straße", "Ämter", "😀", "👩‍👧‍👦", "\\n"]
"""Text that a YAML writer must quote or escape to read it back unchanged."""

ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_.äöüßÄÖÜé😀🚲"

CHANNELS = ["in_person", "phone", "letter", "email", "online", "app", "other"]
FORWARD_KINDS = ["next", "alternative", "handoff", "referral"]
TRANSFERS = ["none", "verbal", "paper", "email", "digital"]
SOURCES = ["workshop", "interview", "survey", "case_data", "other"]
STATUSES = ["idea", "planned", "in_progress", "done", "dropped"]
DIMENSIONS = ["approachability", "acceptability", "availability_accommodation",
              "affordability", "appropriateness", "none"]

idents = st.one_of(st.text(ID_ALPHABET, min_size=1, max_size=12),
                   st.sampled_from([w for w in TRICKY_WORDS if " " not in w]))
slugs = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)
texts = st.one_of(  # any text a journey accepts: no control characters (models.journey)
    st.text(st.characters(blacklist_categories=("Cs",)).filter(
        lambda c: not NOT_TEXT.match(c)), max_size=40),
    st.sampled_from(TRICKY_WORDS),
    st.lists(st.sampled_from(TRICKY_WORDS), min_size=2, max_size=4).map(" ".join),
)
labels = texts.filter(lambda text: bool(text.strip()))
"""Titles and labels: the format refuses empty ones (``must not be empty``)."""
counts = st.integers(min_value=0, max_value=10**6)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
affected = st.one_of(shares, st.integers(min_value=2, max_value=10**6),
                     st.integers(min_value=2, max_value=10**6).map(float))
days = st.one_of(st.integers(min_value=0, max_value=400),
                 st.floats(min_value=0, max_value=400, allow_nan=False))
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
plain = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), texts,
              st.floats(allow_nan=False, allow_infinity=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(texts, inner, max_size=3)),
    max_leaves=8,
)
extras = st.dictionaries(texts, plain, min_size=1, max_size=3)


def _optional(draw: st.DrawFn, key: str, strategy: st.SearchStrategy, into: dict) -> None:
    """Set ``into[key]`` to a drawn value, or leave the field out (about half the time)."""
    if draw(st.booleans()):
        into[key] = draw(strategy)


def _unique_ids(draw: st.DrawFn, min_size: int, max_size: int) -> list[str]:
    return draw(st.lists(idents, min_size=min_size, max_size=max_size, unique=True))


@st.composite
def barriers(draw: st.DrawFn, categories: list[str]) -> dict[str, Any]:
    """One barrier with a category from ``categories`` and random optional fields."""
    barrier: dict[str, Any] = {"category": draw(st.sampled_from(categories)),
                               "severity": draw(st.integers(min_value=1, max_value=5))}
    _optional(draw, "description", texts, barrier)
    _optional(draw, "affected", affected, barrier)
    _optional(draw, "votes", counts, barrier)
    if draw(st.booleans()):
        evidence: dict[str, Any] = {"source": draw(st.sampled_from(SOURCES))}
        _optional(draw, "note", texts, evidence)
        _optional(draw, "date", dates, evidence)
        barrier["evidence"] = evidence
    if draw(st.booleans()):
        barrier["mitigations"] = draw(st.lists(st.fixed_dictionaries(
            {"idea": texts},
            optional={"owner": texts, "status": st.sampled_from(STATUSES)}), max_size=2))
    if draw(st.integers(0, 4)) == 0:
        barrier["extra"] = draw(extras)
    return barrier


@st.composite
def journey_dicts(draw: st.DrawFn, max_steps: int = 8) -> dict[str, Any]:
    """A random valid journey document as plain data (``parse_journey`` accepts it)."""
    stage_ids = _unique_ids(draw, 1, 4)
    actor_ids = _unique_ids(draw, 1, 4)
    step_ids = _unique_ids(draw, 1, max_steps)
    custom = [c for c in _unique_ids(draw, 0, 2) if c not in CATEGORIES]
    categories = [*CATEGORIES, *custom]

    document: dict[str, Any] = {"schema": "journey/1", "id": draw(slugs), "title": draw(labels),
                                "language": draw(st.sampled_from(["de", "en"]))}
    for key in ("region", "owner", "persona", "goal"):
        _optional(draw, key, texts, document)
    _optional(draw, "tags", st.lists(texts, max_size=3), document)
    if custom:
        document["categories"] = []
        for category_id in custom:
            entry: dict[str, Any] = {"id": category_id,
                                     draw(st.sampled_from(["de", "en"])): draw(texts.filter(bool))}
            _optional(draw, "dimension", st.sampled_from(DIMENSIONS), entry)
            document["categories"].append(entry)
    document["stages"] = [{"id": i, "label": draw(labels)} for i in stage_ids]
    document["actors"] = [{"id": i, "label": draw(labels),
                           "level": draw(st.integers(min_value=1, max_value=4))}
                          for i in actor_ids]

    goals = draw(st.sets(st.sampled_from(step_ids), min_size=1))
    steps = []
    for step_id in step_ids:
        step: dict[str, Any] = {"id": step_id, "label": draw(labels),
                                "stage": draw(st.sampled_from(stage_ids)),
                                "actor": draw(st.sampled_from(actor_ids))}
        _optional(draw, "channel", st.sampled_from(CHANNELS), step)
        _optional(draw, "duration_days", days, step)
        _optional(draw, "reached", counts, step)
        _optional(draw, "emotion", st.integers(min_value=1, max_value=5), step)
        if step_id in goals:
            step["outcome"] = "goal"
        else:
            _optional(draw, "outcome", st.just("dropout"), step)
        _optional(draw, "description", texts, step)
        _optional(draw, "barriers", st.lists(barriers(categories), max_size=3), step)
        if draw(st.integers(0, 4)) == 0:
            step["extra"] = draw(extras)
        steps.append(step)
    document["steps"] = draw(st.permutations(steps))  # the file order is not the flow order

    dropouts = {s["id"] for s in steps if s.get("outcome") == "dropout"}
    pairs = [(a, b) for i, a in enumerate(step_ids) for b in step_ids[i + 1:]
             if a not in dropouts]  # no way leads on from a dropout step
    forward = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=12)) if pairs else []
    ancestors: dict[str, set[str]] = {s: {s} for s in step_ids}  # a return leads back only
    for source, target in sorted(forward, key=lambda p: step_ids.index(p[1])):
        ancestors[target] |= ancestors[source]
    backward = draw(st.lists(st.sampled_from([(b, a) for b in step_ids
                                              for a in sorted(ancestors[b])]),
                             unique=True, max_size=2))
    transitions = []
    for (source, target), kind in [*((p, None) for p in forward),
                                   *((p, "return") for p in backward)]:
        transition: dict[str, Any] = {"from": source, "to": target}
        if kind is not None:
            transition["kind"] = kind
        else:
            _optional(draw, "kind", st.sampled_from(FORWARD_KINDS), transition)
        _optional(draw, "data_transfer", st.sampled_from(TRANSFERS), transition)
        _optional(draw, "count", counts, transition)
        _optional(draw, "label", labels, transition)
        _optional(draw, "barriers", st.lists(barriers(categories), max_size=2), transition)
        transitions.append(transition)
    if transitions or draw(st.booleans()):
        document["transitions"] = draw(st.permutations(transitions))
    if draw(st.integers(0, 4)) == 0:
        document["start"] = draw(st.lists(st.sampled_from(step_ids), min_size=1, max_size=2,
                                          unique=True))
    if draw(st.integers(0, 4)) == 0:
        document["extra"] = draw(extras)
    return document


def journeys(max_steps: int = 8) -> st.SearchStrategy[Journey]:
    """Random valid ``Journey`` objects (see ``journey_dicts``)."""
    return journey_dicts(max_steps=max_steps).map(parse_journey)
