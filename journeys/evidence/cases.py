"""A case: one household's observed path through a journey, under a pseudonymous id.

The given id (a file number, a name) never leaves this module: it is replaced by the first 16
hex digits of SHA-256(salt ‖ id). The salt belongs to a workspace (or, on the command line, to
a salt file), so the same household gets the same pseudonym there and an unrelated one
elsewhere; without the salt the pseudonym cannot be traced back by trying ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from journeys.formats import write_atomic
from models import JourneyFileError

PSEUDONYM_LENGTH = 16
SALT_BYTES = 16


def pseudonym(case_id: str, salt: str) -> str:
    """The pseudonymous id of ``case_id`` (the same as the SQL in ``sql.load_events``).

    >>> pseudonym("HH-01", "s") == pseudonym("HH-01", "s") != pseudonym("HH-01", "t")
    True
    """
    return hashlib.sha256((salt + case_id).encode("utf-8")).hexdigest()[:PSEUDONYM_LENGTH]


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def salt_from_file(path: str | Path) -> str:
    """The salt kept in ``path``, created (readable by the owner only) when missing."""
    path = Path(path)
    if path.is_file():
        salt = path.read_text(encoding="utf-8").strip()
        if not salt:
            raise JourneyFileError("the salt file is empty", file=str(path),
                                   hint="delete it to make a new one (pseudonyms change)")
        return salt
    if not path.parent.is_dir():
        raise JourneyFileError("the folder of the salt file does not exist", file=str(path))
    salt = new_salt()
    write_atomic(path, salt + "\n")
    os.chmod(path, 0o600)
    return salt


class CaseEvent(BaseModel):
    """One step of a household: when, which barriers it met there, a short note."""

    model_config = ConfigDict(extra="forbid")
    step: str
    date: dt.date | None = None
    wait_days: float | None = Field(None, ge=0)
    barriers: list[str] = Field(default_factory=list)
    note: str | None = None


class Case(BaseModel):
    """A household's path: pseudonymous id, events in order, outcome and a few attributes."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[0-9a-f]{16}$")
    journey: str
    events: list[CaseEvent]
    outcome: Literal["goal", "dropout", "ongoing"] = "ongoing"
    attributes: dict[str, str] = Field(default_factory=dict)
