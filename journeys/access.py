"""Who may use the app: on this computer only (the default), or in a workshop room with a key.

``journeys app`` listens on the loopback interface unless ``--serve-room`` asks for the room's
network; then every browser tab must bring the room's access key (``?key=…`` in the link, or
typed into the app's key form) before anything of the workspace is shown. The key reaches the
app in ``BARRIER_JOURNEYS_ACCESS_KEY``; without it the app needs no key (loopback only).
"""

from __future__ import annotations

import hmac
import os
import secrets

from models import JourneyError

ENVIRONMENT_VARIABLE = "BARRIER_JOURNEYS_ACCESS_KEY"
MIN_LENGTH = 8
"""Shortest key accepted: a room's key is guessed online, one request at a time, but a
four-letter word is still too easy."""


def new_key() -> str:
    """A fresh random key, short enough to read out in a room (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


def checked_key(key: str) -> str:
    """``key`` if it can guard a room; a ``JourneyError`` that says why not otherwise."""
    if len(key) < MIN_LENGTH or not key.isprintable() or key != key.strip():
        raise JourneyError(f"the access key must be at least {MIN_LENGTH} printable characters "
                           "without spaces at either end",
                           hint="leave out --key and a random key is made for you")
    return key


def configured_key() -> str | None:
    """The key the app demands (``$BARRIER_JOURNEYS_ACCESS_KEY``), or None: no key needed."""
    return os.environ.get(ENVIRONMENT_VARIABLE) or None


def admits(key: str | None, given: str | None) -> bool:
    """Whether ``given`` opens an app guarded by ``key`` (compared in constant time).

    >>> admits(None, None), admits("room-key-1", "room-key-1"), admits("room-key-1", "room")
    (True, True, False)
    """
    if key is None:
        return True
    return given is not None and hmac.compare_digest(given.encode(), key.encode())
