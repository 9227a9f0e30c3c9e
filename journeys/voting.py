"""Dot voting in the room: everyone puts dots on the barriers they find worst.

A *voting round* belongs to one journey. The facilitator opens it with a number of dots per
participant and shows its link (``?vote=<round token>``) as a QR code. Each phone that opens
the link ``join``s and gets a *participant token*: random, unguessable, and the only thing
stored about a participant (no names) — it exists to count their dots, nothing else.

Counting is exact under concurrency: every dot is one row in ``voting_dots`` whose key is
``(round, participant, slot)`` with ``slot`` below the round's dots: ``put_dot`` takes the
lowest free slot inside one write transaction, so a participant can never place more dots
than they have, and no dot is counted twice, however many phones tap at the same moment.
A participant may put several dots on one barrier (stacking, as with paper dots);
``remove_dot`` takes back one.

Barriers have no id. A dot names its barrier by the register's reference (``step:<id>:<n>``,
``transition:<from>><to>:<n>``, see ``journeys.register``) and a *fingerprint* of what the
barrier is (category and description). Totals are resolved against the journey's current
revision (``resolve``): the same reference with the same fingerprint; else a barrier with that
fingerprint at the same place (barriers above it were added or removed); else the only barrier
with that fingerprint anywhere (its step was renamed or it moved). A barrier edited beyond
recognition or deleted during the round loses its dots; ``Totals.lost`` counts them.

A participant may *suggest* a barrier on a step; the facilitator ``accept``s it (a new
revision, built on the newest one with ``journeys.merge.save_on_newest``) or ``reject``s it.

``close`` ends the round: its links stop working, and the totals are **added** to the
barriers' ``votes`` as one new revision (votes recorded before — an earlier round, a paper dot
voting typed in — are kept; two rounds count like one long one), so the analysis sees them.

The tables live in the workspace file beside the revisions (created on first use; a journey
renamed with ``rename_id`` keeps its rounds, a purged one loses them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from journeys.formats import to_document
from journeys.merge import save_on_newest
from journeys.register import PlacedBarrier, barrier_register
from journeys.store import StoredJourney, Workspace, WorkspaceError
from models import Barrier, Journey, parse_journey, problems_of

MAX_DOTS = 20
"""Dots per participant at most (a round of 3–7 is usual)."""
MAX_DESCRIPTION = 2000
"""A suggested barrier's description at most (the format's limit for descriptions)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS voting_rounds (
    id INTEGER PRIMARY KEY,
    journey_id TEXT NOT NULL REFERENCES journeys (id) ON UPDATE CASCADE ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    dots INTEGER NOT NULL CHECK (dots BETWEEN 1 AND 20),
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    revision INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS voting_one_open_round
    ON voting_rounds (journey_id) WHERE closed_at IS NULL;
CREATE TABLE IF NOT EXISTS voting_participants (
    round_id INTEGER NOT NULL REFERENCES voting_rounds (id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    joined_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS voting_dots (
    round_id INTEGER NOT NULL REFERENCES voting_rounds (id) ON DELETE CASCADE,
    participant TEXT NOT NULL REFERENCES voting_participants (token) ON DELETE CASCADE,
    slot INTEGER NOT NULL CHECK (slot >= 0 AND slot < 20),
    ref TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    placed_at TEXT NOT NULL,
    PRIMARY KEY (round_id, participant, slot)
);
CREATE TABLE IF NOT EXISTS voting_suggestions (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES voting_rounds (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    category TEXT NOT NULL,
    severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    description TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    suggested_at TEXT NOT NULL,
    decided_at TEXT
)
"""

_TEXT = {"closed": "this voting round has ended", "unknown": "this voting link is not valid"}
Status = Literal["pending", "accepted", "rejected"]


class VotingError(WorkspaceError):
    """A vote, suggestion or round action that cannot be done (ended round, no dots left …)."""


class RoundEnded(VotingError):
    """The round was closed by the facilitator: its links no longer work."""


@dataclass(frozen=True)
class Round:
    """A voting round: ``token`` is the secret of its participant link."""

    id: int
    journey_id: str
    token: str
    dots: int
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    revision: int | None
    """The revision that received the totals (after ``close``)."""

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Suggestion:
    """A barrier a participant suggested on a step (no author is stored)."""

    id: int
    step: str
    category: str
    severity: int
    description: str
    status: Status


@dataclass(frozen=True)
class Totals:
    """Dots per barrier of the current revision (``by_ref``), and those that no barrier of it
    matches any more (``lost``); ``participants``: phones that joined."""

    by_ref: dict[str, int]
    lost: int
    dots: int
    participants: int

    def of_step(self, register: list[PlacedBarrier], step_id: str) -> int:
        return sum(self.by_ref.get(p.ref, 0) for p in register if p.step == step_id)


# -- naming barriers --------------------------------------------------------------------------
def fingerprint(barrier: Barrier) -> str:
    """What a barrier is, as 12 hex digits: its category and description (not its severity or
    votes, which the room may change while voting).

    >>> fingerprint(Barrier(category="forms", severity=3, description="Ten pages"))
    '7ae7e34be377'
    """
    text = json.dumps([barrier.category, barrier.description or ""], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _place(ref: str) -> str:
    """``step:form:2`` → ``step:form``."""
    return ref.rsplit(":", 1)[0]


def resolve(register: list[PlacedBarrier], ref: str, print_: str,
            prints: dict[str, str] | None = None) -> str | None:
    """The reference, in this register, of the barrier a dot named with ``ref`` and
    fingerprint ``print_`` (see the module docstring), or None when it is gone. ``prints``:
    the register's fingerprints by reference, when already computed."""
    prints = prints if prints is not None else {p.ref: fingerprint(p.barrier) for p in register}
    if prints.get(ref) == print_:
        return ref
    same = [r for r, value in prints.items() if value == print_]
    here = [r for r in same if _place(r) == _place(ref)]
    if here:
        return here[0]
    return same[0] if len(same) == 1 else None


# -- the rounds -------------------------------------------------------------------------------
def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


_ROUND = "SELECT id, journey_id, token, dots, opened_at, closed_at, revision FROM voting_rounds "


def _round(row: tuple) -> Round:
    return Round(row[0], row[1], row[2], row[3], _time(row[4]), _time(row[5]), row[6])


class Voting:
    """The voting rounds of a workspace; as thread-safe as the workspace (its lock, its file).

    >>> import tempfile, pathlib
    >>> from models import parse_journey
    >>> folder = tempfile.TemporaryDirectory()
    >>> workspace = Workspace(pathlib.Path(folder.name) / "workspace.db")
    >>> _ = workspace.create(parse_journey({"id": "demo", "title": "Demo", "language": "en",
    ...     "stages": [{"id": "s", "label": "S"}],
    ...     "actors": [{"id": "a", "label": "A", "level": 1}],
    ...     "steps": [{"id": "go", "label": "Go", "stage": "s", "actor": "a",
    ...                "outcome": "goal", "barriers": [{"category": "forms", "severity": 3}]}]}))
    >>> voting = Voting(workspace)
    >>> room = voting.open_round("demo", dots=2)
    >>> me = voting.join(room.token)
    >>> voting.put_dot(room.token, me, "step:go:0", fingerprint(
    ...     workspace.get("demo").journey.steps[0].barriers[0]))
    1
    >>> voting.close(room.id).journey.steps[0].barriers[0].votes
    1
    >>> workspace.close(); folder.cleanup()
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        with workspace.transaction(write=True) as db:
            for statement in _SCHEMA.split(";"):
                db.execute(statement)

    # -- the facilitator ----------------------------------------------------------------------
    def open_round(self, journey_id: str, dots: int) -> Round:
        """Open a round on the journey (one open round per journey: the open one is returned
        as it is when there is one)."""
        if not 1 <= dots <= MAX_DOTS:
            raise VotingError(f"dots per participant must be 1 to {MAX_DOTS}, got {dots}",
                              location=journey_id, hint="3 to 7 dots work well in a room")
        self.workspace.get(journey_id)  # NotFound / Deleted in the user's words
        with self.workspace.transaction(write=True) as db:
            row = db.execute(_ROUND + "WHERE journey_id = ? AND closed_at IS NULL",
                             (journey_id,)).fetchone()
            if row is None:
                db.execute("INSERT INTO voting_rounds (journey_id, token, dots, opened_at) "
                           "VALUES (?, ?, ?, ?)",
                           (journey_id, secrets.token_urlsafe(16), dots, _now()))
                row = db.execute(_ROUND + "WHERE journey_id = ? AND closed_at IS NULL",
                                 (journey_id,)).fetchone()
        return _round(row)

    def current(self, journey_id: str) -> Round | None:
        """The journey's open round, if any."""
        with self.workspace.transaction() as db:
            row = db.execute(_ROUND + "WHERE journey_id = ? AND closed_at IS NULL",
                             (journey_id,)).fetchone()
        return _round(row) if row else None

    def get(self, round_id: int) -> Round:
        with self.workspace.transaction() as db:
            row = db.execute(_ROUND + "WHERE id = ?", (round_id,)).fetchone()
        if row is None:
            raise VotingError(f"no voting round {round_id}", hint="open a new round")
        return _round(row)

    def totals(self, round_id: int, journey: Journey | None = None) -> Totals:
        """Dots per barrier of ``journey`` (default: the current revision)."""
        room = self.get(round_id)
        journey = journey or self.workspace.get(room.journey_id).journey
        with self.workspace.transaction() as db:
            rows = db.execute("SELECT ref, fingerprint, COUNT(*) FROM voting_dots "
                              "WHERE round_id = ? GROUP BY ref, fingerprint",
                              (round_id,)).fetchall()
            people = db.execute("SELECT COUNT(*) FROM voting_participants WHERE round_id = ?",
                                (round_id,)).fetchone()[0]
        register = barrier_register(journey)
        prints = {p.ref: fingerprint(p.barrier) for p in register}
        by_ref: Counter[str] = Counter()
        lost = 0
        for ref, print_, count in rows:
            found = resolve(register, ref, print_, prints)
            if found is None:
                lost += count
            else:
                by_ref[found] += count
        return Totals(dict(by_ref), lost, sum(row[2] for row in rows), people)

    def suggestions(self, round_id: int, status: Status | None = "pending") -> list[Suggestion]:
        """The round's suggestions in the order they came (``status`` None: all)."""
        with self.workspace.transaction() as db:
            rows = db.execute(
                "SELECT id, step, category, severity, description, status "
                "FROM voting_suggestions WHERE round_id = ? AND (? IS NULL OR status = ?) "
                "ORDER BY id", (round_id, status, status)).fetchall()
        return [Suggestion(*row) for row in rows]

    def accept(self, suggestion_id: int) -> StoredJourney:
        """Add the suggested barrier to its step as a new revision (merged onto the newest)."""
        item, room = self._pending(suggestion_id)
        stored = self.workspace.get(room.journey_id)
        document = to_document(stored.journey, "json")
        steps = {step["id"]: step for step in document["steps"]}
        if item.step not in steps:
            raise VotingError("the step of this suggestion is no longer in the journey",
                              location=item.step, hint="reject it, or add it by hand")
        steps[item.step].setdefault("barriers", []).append({
            "category": item.category, "severity": item.severity,
            "description": item.description,
            "evidence": {"source": "workshop", "note": "suggested in the room (dot voting)"}})
        saved = save_on_newest(self.workspace, stored.journey, parse_journey(document),
                               note="barrier suggested in the room")
        self._decide(suggestion_id, "accepted")
        return saved

    def reject(self, suggestion_id: int) -> None:
        self._pending(suggestion_id)
        self._decide(suggestion_id, "rejected")

    def _pending(self, suggestion_id: int) -> tuple[Suggestion, Round]:
        with self.workspace.transaction() as db:
            row = db.execute("SELECT id, step, category, severity, description, status, "
                             "round_id FROM voting_suggestions WHERE id = ?",
                             (suggestion_id,)).fetchone()
        if row is None or row[5] != "pending":
            raise VotingError("this suggestion was decided already", hint="reload the page")
        return Suggestion(*row[:6]), self.get(row[6])

    def _decide(self, suggestion_id: int, status: Status) -> None:
        with self.workspace.transaction(write=True) as db:
            db.execute("UPDATE voting_suggestions SET status = ?, decided_at = ? WHERE id = ?",
                       (status, _now(), suggestion_id))

    def close(self, round_id: int) -> StoredJourney:
        """End the round (its links stop working) and add its totals to the barriers' votes
        as one new revision; returns the journey as stored then."""
        with self.workspace.transaction(write=True) as db:
            changed = db.execute("UPDATE voting_rounds SET closed_at = ? "
                                 "WHERE id = ? AND closed_at IS NULL",
                                 (_now(), round_id)).rowcount
        room = self.get(round_id)
        if not changed:
            raise RoundEnded(_TEXT["closed"], location=room.journey_id,
                             hint="open a new round")
        try:
            stored = self.workspace.get(room.journey_id)
            totals = self.totals(round_id, stored.journey)
            saved = save_on_newest(self.workspace, stored.journey,
                                   with_votes(stored.journey, totals.by_ref),
                                   note=f"dot voting: {totals.dots} dots from "
                                        f"{totals.participants} people")
        except Exception:  # the totals must not be lost: the round stays open to try again
            with self.workspace.transaction(write=True) as db:
                db.execute("UPDATE voting_rounds SET closed_at = NULL WHERE id = ?",
                           (round_id,))
            raise
        with self.workspace.transaction(write=True) as db:
            db.execute("UPDATE voting_rounds SET revision = ? WHERE id = ?",
                       (saved.revision, round_id))
        return saved

    # -- the participants -----------------------------------------------------------------------
    def room(self, token: str) -> Round:
        """The open round of a participant link; ``RoundEnded`` once it was closed."""
        with self.workspace.transaction() as db:
            row = db.execute(_ROUND + "WHERE token = ?", (token,)).fetchone()
        if row is None:
            raise VotingError(_TEXT["unknown"], hint="scan the code shown in the room again")
        if row[5] is not None:
            raise RoundEnded(_TEXT["closed"], hint="thank you for voting")
        return _round(row)

    def join(self, token: str) -> str:
        """A new anonymous participant of the round: their random token."""
        room = self.room(token)
        participant = secrets.token_urlsafe(16)
        with self.workspace.transaction(write=True) as db:
            db.execute("INSERT INTO voting_participants VALUES (?, ?, ?)",
                       (room.id, participant, _now()))
        return participant

    def _check(self, db: sqlite3.Connection, token: str, participant: str) -> Round:
        """The open round of ``token`` with ``participant`` in it, read inside ``db``'s
        transaction (a close cannot slip in between the check and the write)."""
        row = db.execute(_ROUND + "WHERE token = ?", (token,)).fetchone()
        if row is None:
            raise VotingError(_TEXT["unknown"], hint="scan the code shown in the room again")
        if row[5] is not None:
            raise RoundEnded(_TEXT["closed"], hint="thank you for voting")
        known = db.execute("SELECT 1 FROM voting_participants WHERE round_id = ? AND token = ?",
                           (row[0], participant)).fetchone()
        if not known:
            raise VotingError("this phone has not joined the round", hint="open the link again")
        return _round(row)

    def put_dot(self, token: str, participant: str, ref: str, print_: str) -> int:
        """Put one of the participant's dots on a barrier; returns the dots they have left.
        ``VotingError`` when none are left."""
        with self.workspace.transaction(write=True) as db:
            room = self._check(db, token, participant)
            used = {row[0] for row in db.execute(
                "SELECT slot FROM voting_dots WHERE round_id = ? AND participant = ?",
                (room.id, participant))}
            free = [slot for slot in range(room.dots) if slot not in used]
            if not free:
                raise VotingError(f"all {room.dots} dots are placed",
                                  hint="take a dot back from another barrier first")
            db.execute("INSERT INTO voting_dots VALUES (?, ?, ?, ?, ?, ?)",
                       (room.id, participant, free[0], ref, print_, _now()))
        return len(free) - 1

    def remove_dot(self, token: str, participant: str, ref: str, print_: str) -> int:
        """Take back one of the participant's dots from a barrier (nothing when they have
        none there); returns the dots they have left."""
        with self.workspace.transaction(write=True) as db:
            room = self._check(db, token, participant)
            db.execute("DELETE FROM voting_dots WHERE rowid = (SELECT MAX(rowid) FROM "
                       "voting_dots WHERE round_id = ? AND participant = ? AND ref = ? "
                       "AND fingerprint = ?)", (room.id, participant, ref, print_))
            used = db.execute("SELECT COUNT(*) FROM voting_dots WHERE round_id = ? "
                              "AND participant = ?", (room.id, participant)).fetchone()[0]
        return room.dots - used

    def my_dots(self, token: str, participant: str) -> tuple[int, Counter[tuple[str, str]]]:
        """(dots left, the participant's dots per (ref, fingerprint))."""
        with self.workspace.transaction() as db:
            room = self._check(db, token, participant)
            rows = db.execute("SELECT ref, fingerprint FROM voting_dots WHERE round_id = ? "
                              "AND participant = ?", (room.id, participant)).fetchall()
        return room.dots - len(rows), Counter(rows)

    def suggest(self, token: str, participant: str, step: str, category: str, severity: int,
                description: str) -> int:
        """A participant's suggestion of a barrier on ``step``; returns its id."""
        description = description.strip()
        room = self.room(token)
        journey = self.workspace.get(room.journey_id).journey
        if step not in journey.steps_by_id:
            raise VotingError("this step is no longer in the journey", location=step,
                              hint="pick another step")
        if not description or len(description) > MAX_DESCRIPTION:
            raise VotingError(f"the description must have 1 to {MAX_DESCRIPTION} characters",
                              location="description", hint="say in a few words what is hard")
        try:
            Barrier(category=category, severity=severity, description=description)
        except ValidationError as error:
            raise VotingError("; ".join(p.message for p in problems_of(error)),
                              hint="choose a category and a severity from 1 to 5") from None
        if category not in journey.known_categories():
            raise VotingError(f"unknown category '{category}'", location="category",
                              hint="choose a category from the list")
        with self.workspace.transaction(write=True) as db:
            self._check(db, token, participant)
            cursor = db.execute(
                "INSERT INTO voting_suggestions (round_id, step, category, severity, "
                "description, suggested_at) VALUES (?, ?, ?, ?, ?, ?)",
                (room.id, step, category, severity, description, _now()))
        return int(cursor.lastrowid)


def with_votes(journey: Journey, totals: dict[str, int]) -> Journey:
    """The journey with ``totals`` (dots per register reference) added to its barriers' votes.

    >>> from models import parse_journey
    >>> journey = parse_journey({"id": "j", "title": "J", "language": "en",
    ...     "stages": [{"id": "s", "label": "S"}],
    ...     "actors": [{"id": "a", "label": "A", "level": 1}],
    ...     "steps": [{"id": "go", "label": "Go", "stage": "s", "actor": "a",
    ...                "outcome": "goal", "barriers": [{"category": "forms", "severity": 3,
    ...                                                 "votes": 2}]}]})
    >>> with_votes(journey, {"step:go:0": 5}).steps[0].barriers[0].votes
    7
    """
    if not any(totals.values()):
        return journey
    document = to_document(journey, "json")
    places = {f"step:{s['id']}": s for s in document["steps"]}
    places.update({f"transition:{t['from']}>{t['to']}": t
                   for t in document.get("transitions", [])})
    for ref, count in totals.items():
        place, index = ref.rsplit(":", 1)
        barrier = places[place]["barriers"][int(index)]
        barrier["votes"] = (barrier.get("votes") or 0) + count
    return parse_journey(document)


__all__ = ["MAX_DOTS", "Round", "RoundEnded", "Suggestion", "Totals", "Voting", "VotingError",
           "fingerprint", "resolve", "with_votes"]
