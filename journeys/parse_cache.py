"""A cache of parsed YAML journey files, keyed by the hash of their content.

Parsing YAML is four times slower than parsing JSON, and a portfolio of 1,000 journeys is
parsed again at every command. The cache keeps each parsed document as JSON (dates tagged),
under the SHA-256 of the file's bytes, signed with an HMAC key of this user: a changed file has
another hash, and an entry someone else wrote or altered fails the signature and is parsed
afresh. Nothing in an entry is ever executed (JSON, no pickle), and every document still goes
through the full validation of the journey format. The cache only ever speeds things up: any
problem with it (no home folder, a full disk, a broken entry) means parsing as before.

Where: ``$BARRIER_JOURNEYS_CACHE``, else ``$XDG_CACHE_HOME/barrier-journeys``, else
``~/.cache/barrier-journeys``; ``BARRIER_JOURNEYS_CACHE=off`` turns it off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

VERSION = b"parse-cache/1"
"""Part of every key: a new parser or a new encoding starts a fresh cache."""
TAG = "\x00"
"""Keys starting with NUL mark tagged values (dates); user keys starting with it are escaped."""
PLAIN = (str, int, float, bool, type(None))


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    setting = os.environ.get("BARRIER_JOURNEYS_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "barrier-journeys"


class _Unsupported(Exception):
    """The document holds a value JSON cannot carry back exactly (bytes, a set, a time)."""


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if not isinstance(key, str):
                raise _Unsupported
            out[TAG + key if key.startswith(TAG) else key] = _encode(inner)
        return out
    if isinstance(value, list):
        return [_encode(inner) for inner in value]
    if isinstance(value, dt.datetime):
        return {TAG + "datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {TAG + "date": value.isoformat()}
    if isinstance(value, PLAIN):
        return value
    raise _Unsupported


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            (key, inner), = value.items()
            if key == TAG + "date":
                return dt.date.fromisoformat(inner)
            if key == TAG + "datetime":
                return dt.datetime.fromisoformat(inner)
        return {(key[1:] if key.startswith(TAG) else key): _decode(inner)
                for key, inner in value.items()}
    if isinstance(value, list):
        return [_decode(inner) for inner in value]
    return value


def _plain_json(document: Any) -> bytes | None:
    """``document`` as JSON when JSON gives exactly it back without tags (no dates, no keys
    that are not text, no NUL): dumping, reading back and comparing run in C, several times
    faster than ``_encode``'s walk; None otherwise (then ``_encode`` decides)."""
    try:
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
        if b"\\u0000" in body or json.loads(body) != document:
            return None
    except (TypeError, ValueError, RecursionError):
        return None
    return body


class ParseCache:
    """Parsed documents by content hash in ``folder``, signed with the folder's key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._key: bytes | None = None
        self._folders: set[Path] = set()
        """Entry folders known to exist."""

    def _signing_key(self) -> bytes:
        if self._key is None:
            path = self.folder / "key"
            try:
                self._key = path.read_bytes()
            except FileNotFoundError:
                self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                key = secrets.token_bytes(32)
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(key)
                self._key = key
            if len(self._key) < 32:
                raise OSError("cache key too short")
        return self._key

    def _entry(self, digest: str) -> Path:
        return self.folder / "parsed" / digest[:2] / f"{digest}.json"

    def parse(self, data: bytes, parse: Callable[[], Any]) -> Any:
        """The document of ``data``: from the cache, else ``parse()`` (then stored)."""
        try:
            key = self._signing_key()
        except OSError:
            return parse()
        digest = hashlib.sha256(VERSION + data).hexdigest()
        entry = self._entry(digest)
        try:
            signature, _, body = entry.read_bytes().partition(b"\n")
            expected = hmac.new(key, body, hashlib.sha256).hexdigest().encode()
            if hmac.compare_digest(signature, expected):
                document = json.loads(body)
                # tags and escaped keys are spelt \u0000 in JSON: without one, nothing to decode
                return _decode(document) if b"\\u0000" in body else document
        except (OSError, ValueError):
            pass
        document = parse()
        self._store(entry, key, document)
        return document

    def _store(self, entry: Path, key: bytes, document: Any) -> None:
        body = _plain_json(document)
        if body is None:
            try:
                body = json.dumps(_encode(document), ensure_ascii=False,
                                  separators=(",", ":")).encode("utf-8")
            except (_Unsupported, ValueError, RecursionError):
                return
        signature = hmac.new(key, body, hashlib.sha256).hexdigest().encode()
        try:
            if entry.parent not in self._folders:  # one mkdir per folder, not per entry
                entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._folders.add(entry.parent)
            temporary = f"{entry.parent}/.{entry.name}.{secrets.token_hex(4)}.tmp"
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(signature + b"\n" + body)
            os.replace(temporary, entry)
        except OSError:
            self._folders.discard(entry.parent)
            return


_CACHES: dict[Path, ParseCache] = {}


def cached_parse(data: bytes, parse: Callable[[], Any]) -> Any:
    """``parse()`` through the cache of ``cache_dir()`` (or directly when it is off)."""
    folder = cache_dir()
    if folder is None:
        return parse()
    cache = _CACHES.get(folder)
    if cache is None:
        cache = _CACHES[folder] = ParseCache(folder)
    return cache.parse(data, parse)
