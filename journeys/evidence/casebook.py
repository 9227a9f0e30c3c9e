"""Household records kept in the workspace file, beside the journeys (its own two tables).

Kept apart from ``journeys.store`` on purpose: the journey store's revisions are not touched,
and a workspace without cases is unchanged. The salt of the workspace's pseudonyms lives in
the same file, so the same household id always gets the same pseudonym here, and a different
one in any other workspace.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

from journeys.evidence.cases import Case, new_salt, pseudonym
from models import JourneyError

SCHEMA = """
CREATE TABLE IF NOT EXISTS case_salt (salt TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cases (
    journey_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (journey_id, case_id)
);
"""


class CaseBook:
    """The cases of one workspace file; one writer at a time (SQLite), safe across threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.executescript(SCHEMA)
            if self._db.execute("SELECT count(*) FROM case_salt").fetchone()[0] == 0:
                self._db.execute("INSERT INTO case_salt VALUES (?)", (new_salt(),))
            self._salt = self._db.execute("SELECT salt FROM case_salt").fetchone()[0]
        except sqlite3.Error as error:
            raise JourneyError(f"cannot keep household records: {error}", file=str(path),
                               hint="check that the workspace file is writable") from None

    def pseudonym(self, given_id: str) -> str:
        """The workspace's pseudonym of a household id (the id itself is never stored)."""
        return pseudonym(given_id.strip(), self._salt)

    def save(self, case: Case) -> None:
        """Add the case, or replace the case of the same household and journey."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?)",
                             (case.journey, case.id, dt.datetime.now(dt.UTC).isoformat(),
                              case.model_dump_json()))

    def delete(self, journey_id: str, case_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM cases WHERE journey_id = ? AND case_id = ?",
                             (journey_id, case_id))

    def cases(self, journey_id: str) -> list[Case]:
        """The journey's cases, in the order they were first recorded."""
        with self._lock:
            rows = self._db.execute("SELECT data FROM cases WHERE journey_id = ? ORDER BY rowid",
                                    (journey_id,)).fetchall()
        return [Case.model_validate_json(row[0]) for row in rows]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CaseBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
