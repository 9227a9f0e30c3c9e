"""Barrier hotspots: barrier count and load summed by category, dimension, actor, level, …

Every cell is a plain sum over the barrier register (``journeys.register``), so each number can
be traced back to the barriers that made it: a transition's barrier counts at the step it leads
to. Over a portfolio of journeys the cells are summed per group (region, owner, tag, actor).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from journeys.offers import offer_key
from journeys.register import PlacedBarrier, barrier_register
from models import Journey, JourneyError

HotspotKey = Literal["category", "dimension", "actor", "level", "stage", "channel"]
GroupKey = Literal["region", "owner", "tag", "actor", "journey"]
HOTSPOT_KEYS: tuple[str, ...] = get_args(HotspotKey)
GROUP_KEYS: tuple[str, ...] = get_args(GroupKey)
NONE = "none"
"""Key for barriers whose step has no channel, whose category has no Levesque dimension, or
whose journey has no region/owner/tag."""


class HotspotCell(BaseModel):
    """How many barriers fall into a cell and their summed load (severity × share)."""

    count: int = 0
    load: float = 0.0


Sums = dict[str, list]
"""Running sums while counting: key → [count, load] (plain lists: a model per barrier and
key would make portfolios of 40,000 barriers slow)."""


def _key_functions(journey: Journey, across: bool = False
                   ) -> dict[str, Callable[[PlacedBarrier], str]]:
    """How each key is read off a barrier; ``across`` journeys, an actor is its offer
    (``journeys.offers.offer_key``), never a bare id that two journeys happen to share."""
    dimension = functools.cache(lambda category: journey.category(category).dimension)
    return {  # attrgetter where it can: a portfolio reads 40,000 barriers per key
        "category": attrgetter("barrier.category"),
        "dimension": lambda p: dimension(p.barrier.category),
        "actor": (lambda p: offer_key(journey, p.actor)) if across else attrgetter("actor"),
        "level": lambda p: str(p.level),
        "stage": attrgetter("stage"),
        "channel": lambda p: p.channel or NONE,
    }


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise JourneyError(f"cannot group {what} by '{value}'",
                           hint=f"use one of: {', '.join(allowed)}")


def _add(journey: Journey, by: str, sums: Sums, placed: Iterable[PlacedBarrier],
         across: bool = False) -> None:
    key = _key_functions(journey, across)[by]
    for barrier in placed:
        cell = sums.get(name := key(barrier))
        if cell is None:
            cell = sums[name] = [0, 0.0]
        cell[0] += 1
        cell[1] += barrier.load


def ranked(sums: Sums) -> dict[str, HotspotCell]:
    """Cells ordered by load, highest first (then by count and key, so the order is stable)."""
    cells = {k: HotspotCell(count=c, load=round(load, 6)) for k, (c, load) in sums.items()}
    return dict(sorted(cells.items(), key=lambda kv: (-kv[1].load, -kv[1].count, kv[0])))


def hotspots(journey: Journey, by: str = "category", *,
             register: list[PlacedBarrier] | None = None) -> dict[str, HotspotCell]:
    """Barrier count and load of one journey by ``by`` (a ``HotspotKey``), highest load first.

    Level keys are ``"1"`` .. ``"4"`` (text, as in JSON). Only keys with barriers appear.

    >>> from models import parse_journey
    >>> journey = parse_journey({"id": "j", "title": "J", "language": "en",
    ...     "stages": [{"id": "s", "label": "S"}],
    ...     "actors": [{"id": "jc", "label": "Jobcenter", "level": 4}],
    ...     "steps": [{"id": "a", "label": "A", "stage": "s", "actor": "jc", "outcome": "goal",
    ...                "barriers": [{"category": "forms", "severity": 4, "affected": 0.5},
    ...                             {"category": "digital", "severity": 1}]}]})
    >>> {k: (c.count, c.load) for k, c in hotspots(journey, "dimension").items()}
    {'availability_accommodation': (2, 3.0)}
    """
    _check(by, HOTSPOT_KEYS, "hotspots")
    sums: Sums = {}
    _add(journey, by, sums, barrier_register(journey) if register is None else register)
    return ranked(sums)


def all_hotspots(journey: Journey, *,
                 register: list[PlacedBarrier] | None = None) -> dict[str, dict[str, HotspotCell]]:
    """``hotspots`` for every key at once (the register is built once)."""
    placed = barrier_register(journey) if register is None else register
    return {by: hotspots(journey, by, register=placed) for by in HOTSPOT_KEYS}


def journey_keys(journeys: Iterable[Journey]) -> list[str]:
    """A key per journey that tells journeys apart: the id, and ``id (2)``, ``id (3)`` for
    a repeated id (the same file twice, or two regions' copies of one journey).

    >>> from types import SimpleNamespace as J
    >>> journey_keys([J(id="club"), J(id="kita"), J(id="club")])
    ['club', 'kita', 'club (2)']
    """
    keys: list[str] = []
    for journey in journeys:
        key, n = journey.id, 1
        while key in keys:
            n += 1
            key = f"{journey.id} ({n})"
        keys.append(key)
    return keys


def _groups(journey: Journey, key: str, group_by: str) -> list[str]:
    if group_by == "region":
        return [journey.region or NONE]
    if group_by == "owner":
        return [journey.owner or NONE]
    if group_by == "tag":
        return list(dict.fromkeys(journey.tags)) or [NONE]
    return [key]


Registered = list[tuple[Journey, list[PlacedBarrier]]]
"""Journeys with their barrier registers, so that each register is built once."""


def _registered(journeys: Iterable[Journey]) -> Registered:
    return [(journey, barrier_register(journey)) for journey in journeys]


def _portfolio(registered: Registered, group_by: str, by: str) -> dict[str, dict[str,
                                                                                   HotspotCell]]:
    _check(group_by, GROUP_KEYS, "a portfolio")
    _check(by, HOTSPOT_KEYS, "hotspots")
    groups: dict[str, Sums] = {}
    keys = journey_keys(journey for journey, _ in registered)
    for (journey, placed), key in zip(registered, keys, strict=True):
        if group_by == "actor":
            for barrier in placed:
                group = offer_key(journey, barrier.actor)
                _add(journey, by, groups.setdefault(group, {}), [barrier], across=True)
            continue
        for group in _groups(journey, key, group_by):
            _add(journey, by, groups.setdefault(group, {}), placed, across=True)
    totals = {g: sum(load for _, load in sums.values()) for g, sums in groups.items()}
    return {g: ranked(groups[g]) for g in sorted(groups, key=lambda g: (-totals[g], g))}


def portfolio_hotspots(journeys: Iterable[Journey], *, group_by: str = "region",
                       by: str = "category") -> dict[str, dict[str, HotspotCell]]:
    """Hotspots over many journeys, per group: ``{group: {key: cell}}``.

    ``group_by`` is ``region``, ``owner``, ``tag`` (a journey with two tags counts in both),
    ``actor`` (each barrier counts for the offer of its step's actor:
    ``journeys.offers.offer_key``) or ``journey`` (its key,
    ``journey_keys``: journeys that share an id stay apart).
    Groups are ordered by total load, highest first; journeys without the field go to ``none``.
    """
    return _portfolio(_registered(journeys), group_by, by)


def _total(registered: Registered, by: str) -> dict[str, HotspotCell]:
    _check(by, HOTSPOT_KEYS, "hotspots")
    sums: Sums = {}
    for journey, placed in registered:
        _add(journey, by, sums, placed, across=True)
    return ranked(sums)


def total_hotspots(journeys: Iterable[Journey], by: str = "category") -> dict[str, HotspotCell]:
    """Hotspots summed over all ``journeys`` (one group), highest load first."""
    return _total(_registered(journeys), by)


class HotspotReport(BaseModel):
    """Hotspots over many journeys, as ``journeys hotspots`` prints them."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    by: HotspotKey
    """What the cells are: category, dimension, actor, level, stage or channel."""
    group_by: GroupKey | None = None
    """How journeys are grouped (None: all journeys summed together)."""
    journeys: list[str]
    """Ids of the journeys summed."""
    total: HotspotCell
    cells: dict[str, HotspotCell] | None = None
    """Key → cell, highest load first (when not grouped)."""
    groups: dict[str, dict[str, HotspotCell]] | None = None
    """Group → key → cell, groups by total load (when grouped)."""


def hotspot_report(journeys: list[Journey], *, by: str = "category",
                   group_by: str | None = None) -> HotspotReport:
    """``total_hotspots`` (``group_by`` None) or ``portfolio_hotspots``, with the totals."""
    registered = _registered(journeys)
    placed = [p for _, register in registered for p in register]
    total = HotspotCell(count=len(placed), load=round(sum(p.load for p in placed), 6))
    ids = [journey.id for journey in journeys]
    if group_by is None:
        return HotspotReport(by=by, journeys=ids, total=total, cells=_total(registered, by))
    return HotspotReport(by=by, group_by=group_by, journeys=ids, total=total,
                         groups=_portfolio(registered, group_by, by))
