"""The content-hash cache of parsed YAML: same documents, signed entries, never in the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeys import parse_cache
from journeys.formats import load_journey, parse_text
from journeys.parse_cache import ParseCache
from tests.conftest import SAMPLES


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BARRIER_JOURNEYS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


DOCUMENT = b"""\
id: x
when: 2022-03-10
at: 2022-03-10 12:30:00
numbers: [1, 1.0, -0.5, 1e3, true, null, "2022-03-10"]
"\\0odd": {"\\0date": keep}
umlaut: "\xc3\xa4 \xf0\x9f\x98\x80"
"""


def test_a_cached_document_is_the_parsed_document(cache: Path) -> None:
    first = parse_text(DOCUMENT, "yaml")
    entries = list((cache / "parsed").rglob("*.json"))
    assert len(entries) == 1
    second = parse_text(DOCUMENT, "yaml")
    assert second == first and second is not first
    assert second["when"] == dt.date(2022, 3, 10) and type(second["numbers"][1]) is float
    assert second["at"] == dt.datetime(2022, 3, 10, 12, 30)
    assert second["\0odd"] == {"\0date": "keep"}
    assert list(second) == list(first)


def test_samples_load_the_same_from_the_cache(cache: Path) -> None:
    fresh = [load_journey(path) for path in SAMPLES]
    assert [load_journey(path) for path in SAMPLES] == fresh
    stored = len(list((cache / "parsed").rglob("*.json")))
    assert stored in (len(SAMPLES), len(SAMPLES) + 1)  # + catalogue.yaml, if read here first


def test_a_tampered_entry_is_ignored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parse_text(b"id: honest\n", "yaml")
    [entry] = (cache / "parsed").rglob("*.json")
    signature, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(signature + b"\n" + body.replace(b"honest", b"forged"))
    assert parse_text(b"id: honest\n", "yaml") == {"id": "honest"}
    assert b"honest" in entry.read_bytes()  # parsed afresh and stored again


def test_unsupported_values_and_errors_are_not_cached(cache: Path) -> None:
    assert parse_text(b"x: !!binary aGk=\n", "yaml") == {"x": b"hi"}
    with pytest.raises(Exception, match="duplicate key"):
        parse_text(b"a: 1\na: 2\n", "yaml")
    assert not list((cache / "parsed").rglob("*.json"))


def test_the_cache_can_be_off_or_unwritable(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARRIER_JOURNEYS_CACHE", "off")
    assert parse_cache.cache_dir() is None
    assert parse_text(b"a: 1\n", "yaml") == {"a": 1}
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert ParseCache(blocked / "cache").parse(b"a: 1\n", lambda: {"a": 1}) == {"a": 1}


@pytest.mark.parametrize("text", [
    b"a: 1\nb: [1.0, 2, true, null, text]\n",  # plain JSON: the fast path
    b"1: one\ntrue: yes\n",  # keys JSON would turn into text
    b"when: 2022-03-10\n",  # a date: tagged
    b"x: .nan\n",  # NaN
    b"\"\\0k\": 1\n",  # a key starting with NUL: escaped
])
def test_what_comes_back_from_the_cache_is_what_was_parsed(cache: Path, text: bytes) -> None:
    first = parse_text(text, "yaml")
    second = parse_text(text, "yaml")
    assert repr(second) == repr(first)
    assert [type(k) for k in second] == [type(k) for k in first]
