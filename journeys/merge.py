"""Three-way merge of journey documents: two people edit one journey at the same time.

A tab builds its change on the revision it saw (``base``); by the time it saves, another tab
may have saved a newer one (``theirs``). ``merge_documents(base, mine, theirs)`` keeps both
edits when they touch different parts — tab A adds a barrier, tab B renames a step — and
reports a ``MergeConflict`` only when both changed the same field to different values (or
one deleted what the other changed). Lists of things with an ``id`` (stages, actors, steps,
categories) are matched by id, transitions by ``from``/``to``, other lists (barriers,
mitigations, tags) by content, so an added barrier is an addition on any revision.

``prefer="mine"`` or ``"theirs"`` settles every conflict for that side and keeps the rest of
both edits: "keep mine" and "keep theirs" of the app's conflict box.

>>> base = {"title": "T", "steps": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}
>>> mine = {"title": "T", "steps": [{"id": "a", "label": "A", "barriers": [{"severity": 3}]},
...                                 {"id": "b", "label": "B"}]}
>>> theirs = {"title": "T", "steps": [{"id": "a", "label": "A"}, {"id": "b", "label": "Bee"}]}
>>> merge_documents(base, mine, theirs)["steps"]
[{'id': 'a', 'label': 'A', 'barriers': [{'severity': 3}]}, {'id': 'b', 'label': 'Bee'}]
>>> renamed = {"title": "Mine", "steps": base["steps"]}
>>> merge_documents(base, renamed, {**base, "title": "Theirs"})
Traceback (most recent call last):
  ...
journeys.merge.MergeConflict: both changed title
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Literal

from journeys.formats import to_document
from journeys.store import Conflict, StoredJourney, Workspace
from models import Journey, JourneyError, parse_journey

MISSING: Any = object()
"""A field or list item that is not there (deleted, or never added)."""

Path = tuple[str, ...]
Prefer = Literal["mine", "theirs"] | None


@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed: where, and the three values (``MISSING`` if absent)."""

    path: Path
    base: Any
    mine: Any
    theirs: Any


class MergeConflict(JourneyError):
    """Both edits changed the same field; carries every such field (``conflicts``)."""

    def __init__(self, conflicts: list[FieldConflict], message: str | None = None) -> None:
        self.conflicts = conflicts
        places = ", ".join(dict.fromkeys(place(c.path) for c in conflicts))
        super().__init__(message or f"both changed {places}")


def place(path: Path) -> str:
    """A readable name for a field's path: ``steps › form › label``; ``title`` for the top.

    >>> place(("steps", "form", "label"))
    'steps › form › label'
    """
    return " › ".join(path) or "the journey"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _key_function(*lists: list) -> Callable[[Any], Hashable]:
    items = [item for values in lists for item in values]
    if items and all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in items):
        return lambda item: item["id"]
    if items and all(isinstance(i, dict) and "from" in i and "to" in i for i in items):
        return lambda item: (str(item["from"]), str(item["to"]))
    return _canonical


def _keyed(values: list, key: Callable[[Any], Hashable]) -> dict[tuple, Any]:
    """``values`` by (key, occurrence): the second equal barrier is a barrier of its own."""
    seen: dict[Hashable, int] = {}
    keyed = {}
    for value in values:
        k = key(value)
        seen[k] = seen.get(k, 0) + 1
        keyed[(k, seen[k])] = value
    return keyed


def _label(key: tuple) -> str:
    k = key[0]
    if isinstance(k, tuple):
        return " → ".join(k)
    return k if len(k) <= 40 else "an item"


class _Merge:
    def __init__(self, prefer: Prefer) -> None:
        self.prefer = prefer
        self.conflicts: list[FieldConflict] = []

    def value(self, base: Any, mine: Any, theirs: Any, path: Path) -> Any:
        if _same(mine, theirs):
            return mine
        if _same(mine, base):
            return theirs
        if _same(theirs, base):
            return mine
        if all(isinstance(v, dict) for v in (mine, theirs)):
            return self.mapping(base if isinstance(base, dict) else {}, mine, theirs, path)
        if all(isinstance(v, list) for v in (mine, theirs)):
            return self.sequence(base if isinstance(base, list) else [], mine, theirs, path)
        return self.conflict(path, base, mine, theirs)

    def conflict(self, path: Path, base: Any, mine: Any, theirs: Any) -> Any:
        if self.prefer is None:
            self.conflicts.append(FieldConflict(path, base, mine, theirs))
        return mine if self.prefer == "mine" else theirs

    def mapping(self, base: dict, mine: dict, theirs: dict, path: Path) -> dict:
        merged = {}
        for name in [*mine, *(k for k in theirs if k not in mine)]:
            value = self.value(base.get(name, MISSING), mine.get(name, MISSING),
                               theirs.get(name, MISSING), (*path, name))
            if value is not MISSING:
                merged[name] = value
        return merged

    def sequence(self, base: list, mine: list, theirs: list, path: Path) -> list:
        key = _key_function(base, mine, theirs)
        old, new, other = _keyed(base, key), _keyed(mine, key), _keyed(theirs, key)
        merged: dict[tuple, Any] = {}
        for k, value in other.items():
            item = self.value(old.get(k, MISSING), new.get(k, MISSING), value,
                              (*path, _label(k)))
            if item is not MISSING:
                merged[k] = item
        previous: tuple | None = None
        for k, value in new.items():
            if k not in other:
                item = self.value(old.get(k, MISSING), value, MISSING, (*path, _label(k)))
                if item is not MISSING:
                    merged = _insert_after(merged, previous, k, item, set(old))
            if k in merged:
                previous = k
        return list(merged.values())


def _same(left: Any, right: Any) -> bool:
    if left is MISSING or right is MISSING:
        return left is right
    return left == right and _canonical(left) == _canonical(right)


def _insert_after(items: dict, previous: tuple | None, key: tuple, value: Any,
                  known: set[tuple]) -> dict:
    """``items`` with ``key`` placed after ``previous`` (first when None) and after what the
    other side added there (not in ``known``): the later edit comes later."""
    keys = list(items)
    at = keys.index(previous) + 1 if previous in items else 0
    while at < len(keys) and keys[at] not in known:
        at += 1
    keys.insert(at, key)
    return {k: value if k == key else items[k] for k in keys}


def merge_documents(base: dict, mine: dict, theirs: dict, prefer: Prefer = None) -> dict:
    """``theirs`` with the changes ``mine`` made to ``base``; ``MergeConflict`` when both
    changed one field (unless ``prefer`` names the side that wins)."""
    merge = _Merge(prefer)
    merged = merge.value(base, mine, theirs, ())
    if merge.conflicts:
        raise MergeConflict(merge.conflicts)
    return merged


def merge_journeys(base: Journey, mine: Journey, theirs: Journey, prefer: Prefer = None
                   ) -> Journey:
    """The journeys' merge (see ``merge_documents``); ``MergeConflict`` also when both edits
    are fine alone but not together (e.g. a connection to a step the other side deleted)."""
    documents = (to_document(j, "json") for j in (base, mine, theirs))
    merged = merge_documents(*documents, prefer=prefer)
    try:
        return parse_journey(merged)
    except JourneyError as error:
        raise MergeConflict([], f"the two edits do not fit together: {error}") from None


def save_on_newest(workspace: Workspace, base: Journey, mine: Journey, note: str = "",
                   prefer: Prefer = None) -> StoredJourney:
    """Save ``mine``, an edit of ``base``, as the journey's next revision, built on the newest
    revision: another tab's saves since ``base`` are merged in, never overwritten.

    The save names the revision it was merged onto, so a save that races in between is a
    ``Conflict`` from the store, and the merge is made again on that one. ``MergeConflict``
    when both changed the same field (unless ``prefer`` settles it).
    """
    for _ in range(_ATTEMPTS):
        newest = workspace.get(mine.id)
        journey = mine if newest.journey == base else \
            merge_journeys(base, mine, newest.journey, prefer=prefer)
        try:
            return workspace.save(journey, expected_revision=newest.revision, note=note)
        except Conflict:
            continue
    raise Conflict(mine.id, expected=newest.revision, current=workspace.get(mine.id).revision,
                   changed_at=newest.updated_at)


_ATTEMPTS = 5
"""Saves that race in between before giving up (each is one other tab's save)."""
