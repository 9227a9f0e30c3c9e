"""The workspace: every journey of a team, with its revisions, in one SQLite file.

Why SQLite: one file that is easy to find and back up, atomic transactions (a save is written
whole or not at all), and safe use from several browser tabs and threads at once (WAL mode).

Revisions, undo and redo — exactly:

- Each journey has revisions numbered 1, 2, 3 … ; numbers only grow, and a revision's content
  never changes. Each revision records its *parent*: the revision it was made from.
- The *head* is the revision whose content is current; ``StoredJourney.revision`` is its number.
- ``save``, ``rename``, ``rename_id`` and ``restore_revision`` add revision ``max + 1`` with
  the head as parent, and make it the head. Saving content identical to the head adds nothing.
- ``undo`` moves the head to its parent. ``redo`` moves the head to its newest child (the
  highest-numbered revision whose parent is the head). So after 1 → 2 → 3, undo (head 2) and a
  save (4, parent 2), redo from 4 has nothing to do and undo then redo goes 4 → 2 → 4: revision 3
  has left the undo/redo line, but it stays in ``history`` and ``restore_revision`` brings it
  back. Only ``purge`` of a deleted journey removes revisions.
- The id is not part of undo: after ``rename_id`` every revision is read with the new id.

Two tabs: every change names the revision it started from (``expected_revision``). When the
head is another one, the change raises ``Conflict`` and nothing is written; the user reloads or
keeps the edit with ``save_copy``. Because a revision's content never changes, head ==
expected means the edit was based on exactly the current content. A save whose content equals
the head is no conflict: nothing would be overwritten.

A revision is stored as journey-file text (``formats.dumps_journey``): JSON, or YAML when an
``extra:`` holds values JSON would change (dates) — see ``_serialised``.

Drafts are JSON blobs per journey and key (the editor's rows that are not yet a valid journey);
they live apart from revisions and survive reloads until dropped.

The workspace's catalogue of the Sozialraum (``catalogue.yaml``, ``journeys.catalogue``) has
revisions of its own, 1, 2, 3 …, the newest being current (no undo line: an old revision comes
back as a new one); a workspace without any keeps working (the app then shows the samples'
catalogue). Its table is added to older workspace files when they are first opened for writing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeys.catalogue import dumps_catalogue, parse_catalogue
from journeys.formats import (
    MAX_BYTES,
    check_target,
    dumps_journey,
    journey_paths,
    load_journey,
    loads_journey,
    parse_text,
    to_document,
)
from journeys.i18n import translate
from models import Journey, JourneyError, parse_journey
from models.catalogue_file import Catalogue

ENVIRONMENT_VARIABLE = "BARRIER_JOURNEYS_WORKSPACE"
SCHEMA_VERSION = 1
PARSED_CACHE = 32
"""Parsed revisions kept per workspace object: the app reads the same head on every rerun, and
parsing and validating a 100-step journey takes several milliseconds."""

_TEXT = {
    "en": {"copy": " (copy)"},
    "de": {"copy": " (Kopie)"},
}

_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE journeys (
    id TEXT PRIMARY KEY,
    head INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE TABLE revisions (
    journey_id TEXT NOT NULL REFERENCES journeys (id) ON UPDATE CASCADE ON DELETE CASCADE,
    number INTEGER NOT NULL,
    parent INTEGER,
    saved_at TEXT NOT NULL,
    note TEXT NOT NULL,
    title TEXT NOT NULL,
    region TEXT,
    owner TEXT,
    language TEXT NOT NULL,
    steps INTEGER NOT NULL,
    barriers INTEGER NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('json', 'yaml')),
    content TEXT NOT NULL,
    PRIMARY KEY (journey_id, number)
);
CREATE INDEX revisions_parent ON revisions (journey_id, parent);
CREATE TABLE drafts (
    journey_id TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (journey_id, key)
);
"""

_CATALOGUE_SCHEMA = """
CREATE TABLE IF NOT EXISTS catalogue_revisions (
    number INTEGER PRIMARY KEY,
    saved_at TEXT NOT NULL,
    note TEXT NOT NULL,
    entries INTEGER NOT NULL,
    content TEXT NOT NULL
)
"""
"""The workspace's catalogue, one row per revision (``content``: catalogue.yaml text)."""
CATALOGUE_DRAFT = "catalogue_draft"
"""The ``meta`` key of the catalogue editor's rows that are not yet a valid catalogue."""

DAMAGED_HINT = "restore a backup of the workspace file (see docs/workspace.md)"

_HEAD = """
SELECT j.head, j.changed_at, j.deleted_at, r.parent, r.format, r.content,
       EXISTS (SELECT 1 FROM revisions c WHERE c.journey_id = j.id AND c.parent = j.head)
FROM journeys j JOIN revisions r ON r.journey_id = j.id AND r.number = j.head
WHERE j.id = ?
"""


# -- errors ---------------------------------------------------------------------------------
class WorkspaceError(JourneyError):
    """The workspace cannot do what was asked: file problems, nothing to undo, wrong state."""


class NotFound(WorkspaceError):
    """No journey (or revision) with this id in the workspace."""


class Deleted(NotFound):
    """The journey is deleted (restorable): it cannot be opened or changed until restored."""


class AlreadyExists(WorkspaceError):
    """A journey with this id exists already; ``suggestion`` is a free id."""

    def __init__(self, journey_id: str, suggestion: str, *, deleted: bool) -> None:
        where = "a deleted journey" if deleted else "a journey"
        hint = f"use a free id such as '{suggestion}'"
        if deleted:
            hint = f"restore the deleted journey, or {hint}"
        super().__init__(f"{where} with id '{journey_id}' exists already", location=journey_id,
                         hint=hint)
        self.suggestion = suggestion


class Conflict(WorkspaceError):
    """Someone else changed the journey since the revision this change started from."""

    def __init__(self, journey_id: str, *, expected: int, current: int,
                 changed_at: dt.datetime) -> None:
        time = changed_at.astimezone().strftime("%H:%M")
        super().__init__(
            f"someone else saved revision {current} at {time} "
            f"(your change started from revision {expected}); nothing was overwritten",
            location=journey_id,
            hint="reload to see their version, or save yours as a copy")
        self.expected_revision = expected
        self.current_revision = current
        self.changed_at = changed_at


# -- plain results --------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredJourney:
    """A journey as the workspace holds it now: content, head revision, undo/redo state."""

    journey: Journey
    revision: int
    updated_at: dt.datetime
    can_undo: bool
    can_redo: bool

    @property
    def id(self) -> str:
        return self.journey.id


@dataclass(frozen=True)
class JourneySummary:
    """One row of the library: what a journey is and how big, without parsing it."""

    id: str
    title: str
    region: str | None
    owner: str | None
    language: str
    steps: int
    barriers: int
    revision: int
    updated_at: dt.datetime
    deleted: bool


@dataclass(frozen=True)
class StoredCatalogue:
    """The workspace's current catalogue and its revision number."""

    catalogue: Catalogue
    revision: int
    saved_at: dt.datetime
    note: str


@dataclass(frozen=True)
class RevisionInfo:
    """One revision in a journey's history (``is_head``: the one shown now)."""

    number: int
    parent: int | None
    saved_at: dt.datetime
    note: str
    title: str
    steps: int
    barriers: int
    is_head: bool


# -- where the file lives -------------------------------------------------------------------
def default_workspace_path() -> Path:
    """``$BARRIER_JOURNEYS_WORKSPACE`` if set, else ``<XDG data home>/barrier-journeys/
    workspace.db`` (``~/.local/share/…``), whose folder is created: a first start just works,
    while a path the user named is used as given (a typo must not create folders silently)."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME", "").strip() or "~/.local/share"
    path = Path(data_home).expanduser() / "barrier-journeys" / "workspace.db"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WorkspaceError(f"cannot create the workspace folder: {error.strerror}",
                             file=str(path.parent),
                             hint=f"set {ENVIRONMENT_VARIABLE} to a writable file path") from None
    return path


# -- helpers --------------------------------------------------------------------------------
def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _time(text: str, journey_id: str = "") -> dt.datetime:
    """A stored time stamp; one that does not read as a time (an edited or damaged file) is a
    ``WorkspaceError``, never a bare ``ValueError``."""
    try:
        return dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise WorkspaceError(f"the workspace holds a damaged time stamp {str(text)[:40]!r}",
                             location=journey_id, hint=DAMAGED_HINT) from None


def _with_id(journey: Journey, journey_id: str) -> Journey:
    """The journey under another id, validated again (so a bad id is a clear error)."""
    if journey.id == journey_id:
        return journey
    return parse_journey({**to_document(journey), "id": journey_id})


STORED_LIMIT = 4 * MAX_BYTES
"""The most bytes a revision may take. A journey read from a file of up to ``MAX_BYTES`` is
stored indented (a 60,000-step chain: 9.6 MB of compact JSON, 16 MB stored), and every
revision must read back."""


def _serialised(journey: Journey) -> tuple[str, str]:
    """``(format, text)`` to store: JSON, which writes and reads many times faster than YAML,
    unless an ``extra:`` holds values JSON cannot keep (dates); then YAML, so nothing a user
    wrote ever changes type on the way through the store."""
    fmt = "json" if _json_keeps(to_document(journey)) else "yaml"
    text = dumps_journey(journey, fmt)
    size = len(text.encode("utf-8")) if len(text) > STORED_LIMIT // 4 else 0  # ≤ 4 bytes a char
    if size > STORED_LIMIT:
        raise JourneyError(f"the journey is too large to keep ({size / 1e6:.0f} MB as stored; "
                           f"the limit is {STORED_LIMIT / 1e6:.0f} MB)", location=journey.id,
                           hint="split it into journeys of one service")
    return fmt, text


def _json_keeps(document: Any, *, free: bool = False) -> bool:
    """Whether JSON gives ``document`` back unchanged; only ``extra:`` (``free``) is checked,
    the fields of the format itself come back through the model."""
    if isinstance(document, dict):
        return all(_json_keeps(value, free=free or key == "extra")
                   for key, value in document.items())
    if isinstance(document, list):
        return all(_json_keeps(item, free=free) for item in document)
    return not free or document is None or isinstance(document, (str, int, float))


def _summary(journey: Journey) -> tuple:
    return (journey.title, journey.region, journey.owner, journey.language, len(journey.steps),
            journey.barrier_count())


def _database_error(error: sqlite3.Error, path: Path) -> WorkspaceError:
    """A sqlite3 error in words a user can act on."""
    text = str(error)
    hint = f"choose another file with {ENVIRONMENT_VARIABLE} or --workspace"
    if "not a database" in text or "malformed" in text:
        return WorkspaceError("the workspace file is damaged or is not a workspace",
                              file=str(path), hint=f"restore a backup, or {hint}")
    if "readonly" in text or "unable to open" in text:
        return WorkspaceError("cannot write the workspace file or its folder", file=str(path),
                              hint=f"check that the folder exists and is writable, or {hint}")
    if "locked" in text or "busy" in text:
        return WorkspaceError("the workspace is busy (another program holds a lock on it)",
                              file=str(path), hint="try again in a moment")
    if "disk" in text and "full" in text:
        return WorkspaceError("the disk is full", file=str(path), hint="free some space")
    return WorkspaceError(f"workspace error: {text}", file=str(path))


class Workspace:
    """All journeys of a workspace file; safe to share between threads (one lock per object)
    and to open several times (each a "tab"; SQLite serialises their writes).

    >>> import tempfile
    >>> from models import parse_journey
    >>> folder = tempfile.TemporaryDirectory()
    >>> journey = parse_journey({"id": "demo", "title": "Demo", "language": "en",
    ...     "stages": [{"id": "s", "label": "S"}],
    ...     "actors": [{"id": "a", "label": "A", "level": 1}],
    ...     "steps": [{"id": "go", "label": "Go", "stage": "s", "actor": "a", "outcome": "goal"}]})
    >>> with Workspace(Path(folder.name) / "workspace.db") as workspace:
    ...     first = workspace.create(journey)
    ...     second = workspace.rename("demo", "Demo 2", expected_revision=first.revision)
    ...     back = workspace.undo("demo", expected_revision=second.revision)
    ...     (first.revision, second.revision, back.revision, back.journey.title, back.can_redo)
    (1, 2, 1, 'Demo', True)
    >>> folder.cleanup()
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.RLock()
        self._parsed: OrderedDict[str, Journey] = OrderedDict()
        self._catalogues: dict[str, Catalogue] = {}
        self.read_only = self._check_path()
        """True when the file (or its folder) cannot be written: the workspace is opened for
        reading only, and every change is a ``WorkspaceError`` saying so."""
        try:
            self._db = sqlite3.connect(self._address(), timeout=10, isolation_level=None,
                                       check_same_thread=False, uri=True)
        except sqlite3.Error as error:
            raise _database_error(error, self.path) from None
        try:
            if not self.read_only:
                self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._prepare_schema()
            self._check_integrity()
        except WorkspaceError:
            self._db.close()
            raise
        except sqlite3.Error as error:
            self._db.close()
            raise _database_error(error, self.path) from None

    def _check_path(self) -> bool:
        """Refuse a path that cannot be a workspace; True when it can only be read."""
        hint = f"create the folder, or choose another file with {ENVIRONMENT_VARIABLE}"
        folder = self.path.parent
        if self.path.is_dir():
            raise WorkspaceError("this is a folder, not a workspace file", file=str(self.path),
                                 hint="name a file inside it, e.g. workspace.db")
        if not folder.is_dir():
            raise WorkspaceError(f"the folder {folder} does not exist", file=str(self.path),
                                 hint=f"{hint} or --workspace")
        if self.path.exists():
            if self.path.stat().st_size == 0:  # SQLite would silently start a new workspace
                raise WorkspaceError(
                    "the workspace file is empty (0 bytes): it holds no journeys",
                    file=str(self.path), hint="if it held journeys, restore a backup; to start "
                    "a new workspace, delete the empty file or name a new one")
            return not (os.access(self.path, os.W_OK) and os.access(folder, os.W_OK))
        if not os.access(folder, os.W_OK):
            raise WorkspaceError(f"the folder {folder} is not writable", file=str(self.path),
                                 hint="the workspace needs to write next to its file (WAL); "
                                      f"{hint} or --workspace")
        return False

    def _address(self) -> str:
        """The SQLite URI of the file: read-only when it cannot be written; ``immutable`` when
        not even SQLite's shared-memory file beside it can be made (a read-only folder)."""
        address = f"file:{urllib.parse.quote(str(self.path.resolve()))}"
        if not self.read_only:
            return address
        shared = self.path.with_name(self.path.name + "-shm")
        if shared.exists() or os.access(self.path.parent, os.W_OK):
            return f"{address}?mode=ro"
        return f"{address}?mode=ro&immutable=1"

    def _check_integrity(self) -> None:
        """SQLite's own check of every page of the file (``PRAGMA quick_check``; 0.15–0.9 s
        for 1,000 journeys with 5 revisions each, 175 MB: benchmarks/bench_workspace_open.py).
        Whether every revision still reads as a journey takes minutes there: ``check``."""
        with self._transaction() as db:
            problems = [row[0] for row in db.execute("PRAGMA quick_check(20)")]
        if problems != ["ok"]:
            raise WorkspaceError(f"the workspace file is damaged: {problems[0][:120]}",
                                 file=str(self.path), hint=DAMAGED_HINT)

    def check(self) -> tuple[int, list[WorkspaceError]]:
        """Read every revision of every journey (deleted ones too): how many were read, and
        one ``WorkspaceError`` per revision that no longer reads as a journey, naming the
        journey and the revision number (``journeys app --check``)."""
        with self._transaction() as db:
            rows = db.execute("SELECT journey_id, number, format, content FROM revisions "
                              "ORDER BY journey_id, number").fetchall()
        damaged = []
        for journey_id, number, fmt, content in rows:
            try:
                self._journey(_Stored(number, fmt, content), journey_id)
            except WorkspaceError as error:
                damaged.append(error)
        return len(rows), damaged

    def _prepare_schema(self) -> None:
        with self._transaction(write=not self.read_only) as db:
            tables = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables and self.read_only:
                raise WorkspaceError("the workspace file is empty and cannot be written",
                                     file=str(self.path), hint=f"choose another file with "
                                     f"{ENVIRONMENT_VARIABLE} or --workspace")
            if not tables:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
                db.execute(_CATALOGUE_SCHEMA)
                return
            if "schema_version" not in tables or "journeys" not in tables:
                raise WorkspaceError("this SQLite file is not a Barrier Journeys workspace",
                                     file=str(self.path),
                                     hint=f"choose another file with {ENVIRONMENT_VARIABLE} "
                                          "or --workspace")
            version = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                raise WorkspaceError(
                    f"the workspace has format version {version}; this program reads version "
                    f"{SCHEMA_VERSION}", file=str(self.path),
                    hint="update barrier-journeys" if (version or 0) > SCHEMA_VERSION else None)
            if not self.read_only:
                db.execute(_CATALOGUE_SCHEMA)  # workspaces from before the catalogue

    @contextmanager
    def _transaction(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction under the object's lock; a write takes SQLite's write lock at once,
        so reading the head and writing the next revision cannot interleave with another tab."""
        if write and self.read_only:
            raise WorkspaceError("the workspace is open read-only: the file or its folder "
                                 "cannot be written", file=str(self.path),
                                 hint="nothing was changed; make the file writable and start "
                                      "again, or work on a copy")
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise _database_error(error, self.path) from None

    def transaction(self, *, write: bool = False) -> AbstractContextManager[sqlite3.Connection]:
        """``_transaction`` for modules that keep tables of their own in the workspace file
        (``journeys.voting``): the same lock, the same errors."""
        return self._transaction(write=write)

    # -- lifecycle ----------------------------------------------------------------------
    def close(self) -> None:
        """Close the file (the WAL is folded back into it when the last connection closes)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backup(self, target: str | Path) -> Path:
        """A consistent copy of the whole workspace in ``target`` (safe while in use)."""
        target = check_target(Path(target).expanduser())  # never into a device or a pipe
        with self._lock:
            try:
                copy = sqlite3.connect(target)
                try:
                    self._db.backup(copy)
                finally:
                    copy.close()
            except sqlite3.Error as error:
                raise _database_error(error, target) from None
        return target

    # -- the library --------------------------------------------------------------------
    def summaries(self, include_deleted: bool = False) -> list[JourneySummary]:
        """Every journey, most recently changed first."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT j.id, r.title, r.region, r.owner, r.language, r.steps, r.barriers, "
                "j.head, j.changed_at, j.deleted_at IS NOT NULL FROM journeys j "
                "JOIN revisions r ON r.journey_id = j.id AND r.number = j.head "
                "WHERE ? OR j.deleted_at IS NULL ORDER BY j.changed_at DESC, j.id",
                (include_deleted,)).fetchall()
        return [JourneySummary(*row[:8], updated_at=_time(row[8], row[0]), deleted=bool(row[9]))
                for row in rows]

    def free_id(self, journey_id: str) -> str:
        """``journey_id`` if unused, else the first free ``<id>-2``, ``<id>-3`` …"""
        with self._transaction() as db:
            return self._free_id(db, journey_id)

    @staticmethod
    def _free_id(db: sqlite3.Connection, journey_id: str) -> str:
        taken = {row[0] for row in db.execute("SELECT id FROM journeys")}
        candidate, number = journey_id, 1
        while candidate in taken:
            number += 1
            candidate = f"{journey_id}-{number}"
        return candidate

    def seed_from(self, folder: str | Path) -> int:
        """Import every ``*.yaml``/``*.yml``/``*.json`` in ``folder`` into a workspace that has
        never been seeded and holds no journey; returns how many were imported. All or
        nothing: a broken file raises its ``JourneyError`` and imports none."""
        with self._transaction() as db:
            if self._seeded(db) or self.read_only:
                return 0
        try:
            files = journey_paths(folder)
        except OSError as error:
            raise WorkspaceError(f"cannot read the samples folder: {error.strerror}",
                                 file=str(folder)) from None
        journeys = [load_journey(p) for p in files]
        with self._transaction(write=True) as db:
            if self._seeded(db):
                return 0
            for journey in journeys:
                self._insert(db, journey, note="sample")
            db.execute("INSERT INTO meta VALUES ('seeded_at', ?)", (_now(),))
        return len(journeys)

    @staticmethod
    def _seeded(db: sqlite3.Connection) -> bool:
        return bool(db.execute("SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'seeded_at') "
                               "OR EXISTS (SELECT 1 FROM journeys)").fetchone()[0])

    # -- one journey --------------------------------------------------------------------
    def get(self, journey_id: str) -> StoredJourney:
        """The journey's current content and revision; ``NotFound``/``Deleted`` otherwise."""
        with self._transaction() as db:
            head = self._head(db, journey_id)
        return self._stored(journey_id, head, self._journey(head, journey_id))

    def create(self, journey: Journey, note: str = "created") -> StoredJourney:
        """Add a new journey as revision 1; ``AlreadyExists`` (with a free id) if the id is
        taken, also by a deleted journey."""
        stored = _serialised(journey)
        with self._transaction(write=True) as db:
            now = self._insert(db, journey, note=note, stored=stored)
        self._remember(stored[1], journey)
        return StoredJourney(journey, 1, _time(now), can_undo=False, can_redo=False)

    def _insert(self, db: sqlite3.Connection, journey: Journey, *, note: str,
                stored: tuple[str, str] | None = None) -> str:
        row = db.execute("SELECT deleted_at FROM journeys WHERE id = ?",
                         (journey.id,)).fetchone()
        if row:
            raise AlreadyExists(journey.id, self._free_id(db, journey.id),
                                deleted=row[0] is not None)
        now = _now()
        db.execute("INSERT INTO journeys VALUES (?, 1, ?, ?, NULL)", (journey.id, now, now))
        db.execute("INSERT INTO revisions VALUES (?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (journey.id, now, note, *_summary(journey), *(stored or _serialised(journey))))
        return now

    def save(self, journey: Journey, *, expected_revision: int, note: str = "") -> StoredJourney:
        """Save ``journey`` (its id names the stored journey) as a new revision.

        ``Conflict`` when the head is no longer ``expected_revision``; content equal to the
        head adds no revision and is no conflict.
        """
        stored = _serialised(journey)
        with self._transaction(write=True) as db:
            head = self._head(db, journey.id)
            if (head.format, head.content) == stored:
                return self._stored(journey.id, head, journey)
            self._check(journey.id, head, expected_revision)
            number, now = self._add_revision(db, journey, head, note, stored)
        self._remember(stored[1], journey)
        return StoredJourney(journey, number, _time(now), can_undo=True, can_redo=False)

    def _add_revision(self, db: sqlite3.Connection, journey: Journey, head: _Head, note: str,
                      stored: tuple[str, str]) -> tuple[int, str]:
        number = db.execute("SELECT MAX(number) + 1 FROM revisions WHERE journey_id = ?",
                            (journey.id,)).fetchone()[0]
        now = _now()
        db.execute("INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (journey.id, number, head.number, now, note, *_summary(journey), *stored))
        db.execute("UPDATE journeys SET head = ?, changed_at = ? WHERE id = ?",
                   (number, now, journey.id))
        return number, now

    def save_copy(self, journey: Journey, new_id: str | None = None,
                  title_suffix: str | None = None) -> StoredJourney:
        """Store ``journey`` as a new journey under a free id (``<id>-2`` …) with " (copy)" /
        " (Kopie)" after the title: keeps an edit that lost a conflict, and duplicates."""
        suffix = translate(_TEXT, "copy", journey.language) if title_suffix is None \
            else title_suffix
        with self._transaction(write=True) as db:
            copy = _with_id(journey, new_id or self._free_id(db, journey.id))
            copy = copy.model_copy(update={"title": copy.title + suffix})
            now = self._insert(db, copy, note=f"copy of {journey.id}")
        return StoredJourney(copy, 1, _time(now), can_undo=False, can_redo=False)

    def rename(self, journey_id: str, title: str, *, expected_revision: int) -> StoredJourney:
        """A new revision with another title (the id, and so the URL, stays)."""
        if not title.strip():
            raise WorkspaceError("the title is empty", location=journey_id,
                                 hint="give the journey a title people recognise")
        stored = self.get(journey_id)
        if stored.revision != expected_revision:  # the title goes onto the content expected
            raise Conflict(journey_id, expected=expected_revision, current=stored.revision,
                           changed_at=stored.updated_at)
        renamed = parse_journey({**to_document(stored.journey), "title": title})
        return self.save(renamed, expected_revision=expected_revision, note="renamed")

    def rename_id(self, journey_id: str, new_id: str, *, expected_revision: int
                  ) -> StoredJourney:
        """Give the journey another id: its revisions and drafts move along, and a new revision
        records the change (undo does not change the id back)."""
        if new_id == journey_id:
            return self.get(journey_id)
        with self._transaction(write=True) as db:
            head = self._head(db, journey_id)
            self._check(journey_id, head, expected_revision)
            journey = _with_id(self._journey(head, journey_id), new_id)
            row = db.execute("SELECT deleted_at FROM journeys WHERE id = ?", (new_id,)).fetchone()
            if row:
                raise AlreadyExists(new_id, self._free_id(db, new_id), deleted=row[0] is not None)
            db.execute("UPDATE journeys SET id = ? WHERE id = ?", (new_id, journey_id))
            db.execute("UPDATE OR REPLACE drafts SET journey_id = ? WHERE journey_id = ?",
                       (new_id, journey_id))
            number, now = self._add_revision(db, journey, head, f"id {journey_id} → {new_id}",
                                             _serialised(journey))
        return StoredJourney(journey, number, _time(now), can_undo=True, can_redo=False)

    def delete(self, journey_id: str) -> None:
        """Hide the journey from the library; ``restore`` brings it back with its history."""
        with self._transaction(write=True) as db:
            self._deleted_at(db, journey_id)
            db.execute("UPDATE journeys SET deleted_at = COALESCE(deleted_at, ?) WHERE id = ?",
                       (_now(), journey_id))

    def restore(self, journey_id: str) -> StoredJourney:
        """Undo a ``delete`` (a journey that is not deleted stays as it is)."""
        with self._transaction(write=True) as db:
            self._deleted_at(db, journey_id)
            db.execute("UPDATE journeys SET deleted_at = NULL WHERE id = ?", (journey_id,))
        return self.get(journey_id)

    def purge(self, journey_id: str) -> None:
        """Remove a deleted journey for good: its revisions and drafts too."""
        with self._transaction(write=True) as db:
            if self._deleted_at(db, journey_id) is None:
                raise WorkspaceError("only deleted journeys can be purged", location=journey_id,
                                     hint="delete it first; it can be restored until purged")
            db.execute("DELETE FROM journeys WHERE id = ?", (journey_id,))
            db.execute("DELETE FROM drafts WHERE journey_id = ?", (journey_id,))

    @staticmethod
    def _deleted_at(db: sqlite3.Connection, journey_id: str) -> str | None:
        row = db.execute("SELECT deleted_at FROM journeys WHERE id = ?", (journey_id,)).fetchone()
        if row is None:
            raise _not_found(journey_id)
        return row[0]

    # -- undo, redo, history ------------------------------------------------------------
    def undo(self, journey_id: str, *, expected_revision: int) -> StoredJourney:
        """Make the head's parent current again (see the module docstring)."""
        return self._move(journey_id, expected_revision, redo=False)

    def redo(self, journey_id: str, *, expected_revision: int) -> StoredJourney:
        """Make the head's newest child current again (see the module docstring)."""
        return self._move(journey_id, expected_revision, redo=True)

    def _move(self, journey_id: str, expected_revision: int, *, redo: bool) -> StoredJourney:
        with self._transaction(write=True) as db:
            head = self._head(db, journey_id)
            self._check(journey_id, head, expected_revision)
            if redo:
                row = db.execute("SELECT MAX(number) FROM revisions WHERE journey_id = ? "
                                 "AND parent = ?", (journey_id, head.number)).fetchone()
                target = row[0]
            else:
                target = head.parent
            if target is None:
                raise WorkspaceError(f"nothing to {'redo' if redo else 'undo'}",
                                     location=journey_id)
            db.execute("UPDATE journeys SET head = ?, changed_at = ? WHERE id = ?",
                       (target, _now(), journey_id))
            head = self._head(db, journey_id)
        return self._stored(journey_id, head, self._journey(head, journey_id))

    def history(self, journey_id: str) -> list[RevisionInfo]:
        """Every revision of the journey, newest first (also those undo/redo cannot reach)."""
        with self._transaction() as db:
            head = self._head(db, journey_id, allow_deleted=True)
            rows = db.execute(
                "SELECT number, parent, saved_at, note, title, steps, barriers FROM revisions "
                "WHERE journey_id = ? ORDER BY number DESC", (journey_id,)).fetchall()
        return [RevisionInfo(number, parent, _time(saved, journey_id), note, title, steps,
                             barriers, is_head=number == head.number)
                for number, parent, saved, note, title, steps, barriers in rows]

    def revision(self, journey_id: str, number: int) -> Journey:
        """The content of one revision (under the journey's current id)."""
        with self._transaction() as db:
            self._deleted_at(db, journey_id)
            row = db.execute("SELECT number, format, content FROM revisions "
                             "WHERE journey_id = ? AND number = ?", (journey_id, number)).fetchone()
        if row is None:
            raise NotFound(f"journey '{journey_id}' has no revision {number}",
                           location=journey_id, hint="pick a revision from its history")
        return _with_id(self._journey(_Stored(*row), journey_id), journey_id)

    def restore_revision(self, journey_id: str, number: int, *, expected_revision: int
                         ) -> StoredJourney:
        """Make an old revision's content current as a new revision (undo returns)."""
        journey = self.revision(journey_id, number)
        return self.save(journey, expected_revision=expected_revision,
                         note=f"restored revision {number}")

    # -- drafts -------------------------------------------------------------------------
    def put_draft(self, journey_id: str, key: str, data: dict | list) -> None:
        """Keep editor rows that are not (yet) a valid journey, e.g. ``put_draft(id, "steps",
        rows)``; replaces the draft under the same key."""
        try:
            text = json.dumps(data, ensure_ascii=False)
        except (TypeError, ValueError) as error:
            raise WorkspaceError(f"a draft must be JSON data: {error}", location=journey_id,
                                 hint="convert values to text, numbers, lists and dicts"
                                 ) from None
        with self._transaction(write=True) as db:
            db.execute("INSERT OR REPLACE INTO drafts VALUES (?, ?, ?, ?)",
                       (journey_id, key, text, _now()))

    def get_draft(self, journey_id: str, key: str) -> dict | list | None:
        """The draft under ``key``, or None when there is none."""
        with self._transaction() as db:
            row = db.execute("SELECT data FROM drafts WHERE journey_id = ? AND key = ?",
                             (journey_id, key)).fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except (TypeError, ValueError, RecursionError):
            data = None
        if not isinstance(data, (dict, list)):
            raise WorkspaceError(f"the draft '{key}' of this journey is damaged",
                                 file=str(self.path), location=journey_id,
                                 hint=f"{DAMAGED_HINT}, or discard the draft")
        return data

    def drop_draft(self, journey_id: str, key: str) -> None:
        """Forget a draft (once its rows are saved as a valid journey, or discarded)."""
        with self._transaction(write=True) as db:
            db.execute("DELETE FROM drafts WHERE journey_id = ? AND key = ?", (journey_id, key))

    # -- the catalogue of the Sozialraum ---------------------------------------------------
    def catalogue(self) -> StoredCatalogue | None:
        """The current catalogue revision, or None when the workspace has none yet."""
        with self._transaction() as db:
            if not self._has_catalogue_table(db):
                return None  # an older file opened read-only
            row = db.execute("SELECT number, saved_at, note, content FROM catalogue_revisions "
                             "ORDER BY number DESC LIMIT 1").fetchone()
        if row is None:
            return None
        number, saved_at, note, content = row
        return StoredCatalogue(self._catalogue(number, content), number,
                               _time(saved_at, "catalogue"), note)

    def save_catalogue(self, catalogue: Catalogue, *, expected_revision: int | None,
                       note: str = "") -> StoredCatalogue:
        """Save ``catalogue`` as the next revision. ``expected_revision`` is the revision the
        change started from (None: the workspace had no catalogue); another one is a
        ``Conflict`` and nothing is written. Content equal to the current one adds nothing."""
        content = dumps_catalogue(catalogue)
        with self._transaction(write=True) as db:
            row = db.execute("SELECT number, saved_at, note, content FROM catalogue_revisions "
                             "ORDER BY number DESC LIMIT 1").fetchone()
            if row and row[3] == content:
                return StoredCatalogue(catalogue, row[0], _time(row[1], "catalogue"), row[2])
            current = row[0] if row else None
            if current != expected_revision:
                conflict = Conflict("catalogue", expected=expected_revision or 0,
                                    current=current or 0,
                                    changed_at=_time(row[1] if row else _now(), "catalogue"))
                conflict.hint = "reload to see their catalogue; your rows are kept as a draft"
                raise conflict
            number, now = (current or 0) + 1, _now()
            db.execute("INSERT INTO catalogue_revisions VALUES (?, ?, ?, ?, ?)",
                       (number, now, note, len(catalogue.entries), content))
            db.execute("DELETE FROM meta WHERE key = ?", (CATALOGUE_DRAFT,))
        return StoredCatalogue(catalogue, number, _time(now), note)

    def catalogue_history(self) -> list[tuple[int, dt.datetime, str, int]]:
        """``(number, saved at, note, entries)`` of every catalogue revision, newest first."""
        with self._transaction() as db:
            if not self._has_catalogue_table(db):
                return []
            rows = db.execute("SELECT number, saved_at, note, entries FROM catalogue_revisions "
                              "ORDER BY number DESC").fetchall()
        return [(number, _time(saved, "catalogue"), note, entries)
                for number, saved, note, entries in rows]

    def catalogue_revision(self, number: int) -> Catalogue:
        """The content of one catalogue revision."""
        with self._transaction() as db:
            row = db.execute("SELECT content FROM catalogue_revisions WHERE number = ?",
                             (number,)).fetchone() if self._has_catalogue_table(db) else None
        if row is None:
            raise NotFound(f"the catalogue has no revision {number}", location="catalogue",
                           hint="pick a revision from the catalogue's history")
        return self._catalogue(number, row[0])

    def put_catalogue_draft(self, revision: int | None, rows: list[dict]) -> None:
        """Keep the catalogue editor's rows that are not (yet) a valid catalogue, with the
        revision they were edited from; a saved catalogue revision drops the draft."""
        self._put_meta(CATALOGUE_DRAFT, json.dumps({"revision": revision, "rows": rows},
                                                   ensure_ascii=False, default=str))

    def catalogue_draft(self) -> tuple[int | None, list[dict]] | None:
        """``(revision it was edited from, rows)`` of the catalogue draft, or None."""
        with self._transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?",
                             (CATALOGUE_DRAFT,)).fetchone()
        if row is None:
            return None
        try:
            draft = json.loads(row[0])
            return draft["revision"], [dict(item) for item in draft["rows"]]
        except (TypeError, ValueError, KeyError, RecursionError):
            raise WorkspaceError("the catalogue draft is damaged", file=str(self.path),
                                 location="catalogue",
                                 hint=f"{DAMAGED_HINT}, or discard the draft") from None

    def drop_catalogue_draft(self) -> None:
        with self._transaction(write=True) as db:
            db.execute("DELETE FROM meta WHERE key = ?", (CATALOGUE_DRAFT,))

    def _put_meta(self, key: str, value: str) -> None:
        with self._transaction(write=True) as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _catalogue(self, number: int, content: str) -> Catalogue:
        """A catalogue revision's content, parsed once (the app reads it in every section)."""
        with self._lock:
            known = self._catalogues.get(content)
        if known is not None:
            return known
        try:
            catalogue = parse_catalogue(parse_text(content.encode(), "yaml", name="catalogue"))
        except JourneyError as error:
            raise WorkspaceError(
                f"catalogue revision {number} is damaged: {str(error.problems[0])[:200]}",
                file=str(self.path), location="catalogue",
                hint=f"{DAMAGED_HINT}, or save the catalogue again") from None
        with self._lock:
            self._catalogues = {content: catalogue}  # the current one is all that is read
        return catalogue

    @staticmethod
    def _has_catalogue_table(db: sqlite3.Connection) -> bool:
        return db.execute("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                          "name = 'catalogue_revisions')").fetchone()[0] == 1

    # -- internals ------------------------------------------------------------------------
    @staticmethod
    def _head(db: sqlite3.Connection, journey_id: str, *, allow_deleted: bool = False
              ) -> _Head:
        row = db.execute(_HEAD, (journey_id,)).fetchone()
        if row is None:
            raise _not_found(journey_id)
        head = _Head(*row[:6], has_child=bool(row[6]))
        if head.deleted_at and not allow_deleted:
            deleted = _time(head.deleted_at, journey_id).astimezone().strftime("%Y-%m-%d %H:%M")
            raise Deleted(f"journey '{journey_id}' was deleted at {deleted}",
                          location=journey_id,
                          hint="restore it from the library (show deleted), or save a copy")
        return head

    def _journey(self, revision: _Stored | _Head, journey_id: str) -> Journey:
        """The journey a revision stores; a revision's text never changes, so parsed journeys
        are kept by their text (journeys are treated as immutable, so sharing them is safe).
        Text that no longer reads as a journey (a damaged or edited file) is a
        ``WorkspaceError`` naming the revision."""
        text = revision.content
        with self._lock:
            journey = self._parsed.get(text)
        if journey is None:
            try:
                journey = loads_journey(text, revision.format, limit=STORED_LIMIT)
            except JourneyError as error:
                raise WorkspaceError(
                    f"revision {revision.number} is damaged: {str(error.problems[0])[:200]}",
                    file=str(self.path), location=journey_id,
                    hint=f"{DAMAGED_HINT}, or restore another revision from the history"
                ) from None
        self._remember(text, journey)
        return journey

    def _remember(self, text: str, journey: Journey) -> None:
        with self._lock:
            self._parsed[text] = journey
            self._parsed.move_to_end(text)
            while len(self._parsed) > PARSED_CACHE:
                self._parsed.popitem(last=False)

    @staticmethod
    def _check(journey_id: str, head: _Head, expected_revision: int) -> None:
        if head.number != expected_revision:
            raise Conflict(journey_id, expected=expected_revision, current=head.number,
                           changed_at=_time(head.changed_at, journey_id))

    @staticmethod
    def _stored(journey_id: str, head: _Head, journey: Journey) -> StoredJourney:
        return StoredJourney(_with_id(journey, journey_id), head.number,
                             _time(head.changed_at, journey_id),
                             can_undo=head.parent is not None, can_redo=head.has_child)


@dataclass(frozen=True)
class _Stored:
    """A revision's number and stored text."""

    number: int
    format: str
    content: str


@dataclass(frozen=True)
class _Head:
    number: int
    changed_at: str
    deleted_at: str | None
    parent: int | None
    format: str
    content: str
    has_child: bool


def _not_found(journey_id: str) -> NotFound:
    return NotFound(f"no journey with id '{journey_id}' in this workspace", location=journey_id,
                    hint="open one from the library; it may have been renamed or purged")


__all__ = [
    "ENVIRONMENT_VARIABLE", "AlreadyExists", "Conflict", "Deleted", "JourneySummary",
    "NotFound", "RevisionInfo", "StoredCatalogue", "StoredJourney", "Workspace", "WorkspaceError",
    "default_workspace_path",
]
