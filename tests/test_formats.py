"""Reading and writing journey files: hostile input is refused clearly, samples round-trip.

Small bad files live in tests/bad_input/ (one per kind of problem); big ones (60 MB, 100,000
nested brackets) are made in tmp_path. Every refusal is a ``JourneyError`` naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.formats import (
    MAX_BYTES,
    dumps_journey,
    format_of,
    json_text,
    load_journey,
    loads_journey,
    parse_text,
    save_journey,
    to_document,
)
from models import JourneyError, JourneyFileError, JourneyInvalid, parse_journey
from tests.conftest import SAMPLES
from tests.strategies import journey_dicts

BAD = Path(__file__).parent / "bad_input"

BAD_FILES: dict[str, list[str]] = {
    "empty.yaml": ["the file is empty — start with `schema: journey/1` (see docs/format.md)"],
    "not-yaml.yaml": [
        "line 5, column 1: not valid YAML: found unexpected end of stream (while scanning a "
        "quoted scalar that starts on line 3) — check indentation, colons and quotes"],
    "top-level-list.yaml": [
        "the top level must be a mapping (schema:, id:, title:, steps: …), got a list — start "
        "the file with `schema: journey/1` and the journey's fields"],
    "alias-bomb.yaml": [
        "line 2: a YAML alias (*name) repeats the value that starts here; aliases are not "
        "allowed in journey files — write the value out in full"],
    "python-tag.yaml": [
        "line 2: tag '!!python/object/apply:os.system' is not allowed: journey files hold plain "
        "data only — remove the tag; nothing in a journey file is ever executed"],
    "binary.yaml": ["this is a binary file, not a journey — journey files are YAML or JSON text"],
    "latin1.yaml": [
        "line 3: not UTF-8 text (byte 0xf6) — save the file as UTF-8 (it may be Latin-1 / "
        "Windows-1252)"],
    "nan.json": ["NaN is not allowed in JSON — use a number or null"],
    "wrong-type.yaml": ["steps[0].barriers[0].severity: must be a whole number, got 'high'"],
    "out-of-range.yaml": [
        "actors[0].level: must be 1..4, got 5",
        "steps[0].emotion: must be 1..5, got 0",
        "steps[0].barriers[0].severity: must be 1..5, got 7",
        "steps[0].barriers[0].affected: must be a share 0..1 or a whole count, got 1.5",
        "steps[0].barriers[0].votes: must be >= 0, got -1"],
    "duplicate-ids.yaml": [
        "steps[1].id: duplicate id 'form' (already used by steps[0]) — give each entry its own "
        "id"],
    "dangling-references.yaml": [
        "steps[0].stage: unknown stage 'sek' — did you mean 'seek'?",
        "steps[0].actor: unknown actor 'jobcentr' — did you mean 'jobcenter'?",
        "transitions[0].to: unknown step 'aproval' — did you mean 'approval'?",
        "start[0]: unknown step 'letter' — use one of: notice, approval"],
    "cycle.yaml": [
        "transitions[1]: steps form a cycle query → form → query without a `return` transition "
        "— mark the transition that leads back (query → form) as `kind: return`, or remove it"],
    "no-goal.yaml": [
        "steps: no step has `outcome: goal` — mark the step where the person reaches the aid "
        "offer with `outcome: goal`"],
    "unknown-fields.yaml": [
        "actors[0].levle: unknown field 'levle' — did you mean 'level'?",
        "steps[0].barriers[0].severty: unknown field 'severty' — did you mean 'severity'?"],
    "unknown-category.yaml": [
        "steps[0].barriers[0].category: unknown category 'informaton' — did you mean "
        "'information'?",
        "steps[0].barriers[2].category: unknown category 'wether' — did you mean 'weather'?",
        "steps[0].barriers[3].category: unknown category 'bureaucracy' — use a category id from "
        "the catalogue, or declare it under `categories:`"],
}
"""Each file in tests/bad_input/ and the lines ``journeys validate`` prints for it."""


def refusal(path: Path) -> JourneyError:
    with pytest.raises(JourneyError) as caught:
        load_journey(path)
    return caught.value


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_FILES)


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file(name: str) -> None:
    error = refusal(BAD / name)
    assert error.lines() == [f"{BAD / name}: {line}" for line in BAD_FILES[name]]


def test_python_tags_never_execute(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system"):
        path = tmp_path / "evil.yaml"
        path.write_text(f'schema: journey/1\nid: {tag} ["touch {marker}"]\n', encoding="utf-8")
        assert "is not allowed" in refusal(path).message
    path.write_text("id: !!python/name:os.system\n", encoding="utf-8")
    assert refusal(path).message == (
        "tag '!!python/name:os.system' is not allowed: journey files hold plain data only")
    assert not marker.exists()


def test_60_megabytes_are_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:  # sparse: the size is real, the disk stays empty
        stream.truncate(60 * 1024 * 1024)
    assert refusal(path).lines() == [
        f"{path}: the file is too large (62.9 MB; the limit is 10 MB) — a journey file is a "
        "few kB; is this the right file?"]


def test_size_limit_also_holds_for_content_in_memory() -> None:
    with pytest.raises(JourneyFileError, match="too large"):
        loads_journey(b"a" * (MAX_BYTES + 1), "yaml")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("nested.json", "[" * 100_000 + "]" * 100_000,
     "the document is nested too deeply"),
    ("open.json", "[" * 100_000, "the document is nested too deeply"),
    ("nested-objects.json", '{"a": ' * 100_000 + "1" + "}" * 100_000,
     "the document is nested too deeply"),
    ("nested.yaml", "[" * 100_000 + "]" * 100_000,
     "not valid YAML: exceeded maximum nesting depth"),
    ("nested-flow-maps.yaml", "{a: " * 100_000 + "1" + "}" * 100_000,
     "not valid YAML: exceeded maximum nesting depth"),
])
def test_deep_nesting_is_refused(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert refusal(path).message == message


@pytest.mark.parametrize(("fmt", "content", "line"), [
    ("json", '{"a": -Infinity}', "-Infinity is not allowed in JSON — use a number or null"),
    ("json", '{"a": 1, "a": 2}', "duplicate key 'a' — each key may appear once"),
    ("json", '{"a": 1,}', "line 1, column 9: not valid JSON: Expecting property name enclosed "
                          "in double quotes — check commas, brackets and quotes"),
    ("json", '{"a": ' + "1" * 5000 + "}", "not valid JSON: Exceeds the limit (4300 digits) for "
                                          "integer string conversion: value has 5000 digits"),
    ("json", '{"label": "\\ud83d alone"}', "an escape like \\ud83d spells only half a character"
                                           " — write the text itself (ä, 😀) instead of \\u "
                                           "escapes"),
    ("yaml", "a: 1\nb: 2\na: 3\n", "line 3: duplicate key 'a' — each key may appear once in a "
                                   "mapping"),
    ("yaml", "? [a, b]\n: c\n", "line 1: a key must be plain text, not a list or a mapping — "
                                "write keys as `name: value`"),
    ("yaml", "a: &x 1\nb: *x\n", "line 1: a YAML alias (*name) repeats the value that starts "
                                 "here; aliases are not allowed in journey files — write the "
                                 "value out in full"),
    ("yaml", "a: &x {b: 1}\nc:\n  <<: *x\n", "line 1: a YAML alias (*name) repeats the value "
                                             "that starts here; aliases are not allowed in "
                                             "journey files — write the value out in full"),
    ("yaml", "date: 2022-13-45\n", "line 1: cannot read '2022-13-45' as a date — put the value "
                                   "in quotes if it is meant as text; write dates as 2022-03-10"),
    ("yaml", "a: " + "1" * 5000, f"line 1: cannot read '{'1' * 40}' as a number — put the value"
                                 " in quotes if it is meant as text; write dates as 2022-03-10"),
    ("yaml", "a: !!bool maybe\n", "line 1: cannot read 'maybe' as true or false — put the value "
                                  "in quotes if it is meant as text; write dates as 2022-03-10"),
    ("yaml", "a: !!map [1]\n", "line 1: not valid YAML: expected a mapping node, but found "
                               "sequence — remove the tag"),
    ("yaml", "a: !custom x\n", "line 1: tag '!custom' is not allowed: journey files hold plain "
                               "data only — remove the tag; nothing in a journey file is ever "
                               "executed"),
    ("yaml", "a: 1\n---\nb: 2\n", "line 2, column 1: not valid YAML: expected a single document "
                                  "in the stream, but found another document — check "
                                  "indentation, colons and quotes"),
    ("yaml", "a: *x\n", "line 1, column 4: not valid YAML: found undefined alias — check "
                        "indentation, colons and quotes"),
    # one line, the character as an escape (was two lines with PyYAML's "position 0")
    ("yaml", "\x1b[31m", "line 1: not valid YAML: the character '\\x1b' is not allowed in "
                         "YAML text — remove it; a journey file holds text, numbers and dates "
                         "only"),
])
def test_malformed_content(fmt: str, content: str, line: str) -> None:
    with pytest.raises(JourneyFileError) as caught:
        loads_journey(content, fmt, name=f"in.{fmt}")
    assert caught.value.lines() == [f"in.{fmt}: {line}"]


def test_utf8_bom_is_accepted(tiny_journey_dict: dict) -> None:
    text = dumps_journey(parse_journey(tiny_journey_dict))
    assert loads_journey(b"\xef\xbb\xbf" + text.encode(), "yaml") == parse_journey(
        tiny_journey_dict)


@pytest.mark.parametrize(("name", "message"), [
    ("missing.yaml", "no such file"),
    ("folder.yaml", "this is a folder, not a file"),
    ("journey.txt", "unknown file type '.txt'"),
    ("journey", "unknown file type '(none)'"),
])
def test_file_system_problems(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "folder.yaml").mkdir()
    error = refusal(tmp_path / name)
    assert (error.file, error.message) == (str(tmp_path / name), message)


def test_format_of() -> None:
    assert [format_of(n) for n in ("a.yaml", "b.YML", "c.Json")] == ["yaml", "yaml", "json"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["yaml", "json"]))
def test_random_bytes_never_crash(data: bytes, fmt: str) -> None:
    try:
        loads_journey(data, fmt, name="random")
    except JourneyError as error:
        assert error.file == "random"


YAML_PIECES = ["a", ":", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "&x", "*x", "!!str",
               "!!int", "!!float", "!!binary", "!!set", "!!omap", "!!timestamp", "!!map",
               "!!seq", "!!python/tuple", "? ", "<<", "'", '"', "#", "|", ">", "1", "2022-01-01",
               ".nan", "~", "\t", "---", "\\", "ä", "😀", "%YAML 1.1", "@"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_random_yaml_never_crashes(text: str) -> None:
    try:
        loads_journey(text, "yaml", name="random.yaml")
    except JourneyError as error:
        assert error.file == "random.yaml"


# -- round trips ------------------------------------------------------------------------------

def test_samples_exist() -> None:
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_sample_round_trip(sample: Path, suffix: str, tmp_path: Path) -> None:
    journey = load_journey(sample)
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    save_journey(journey, first)
    again = load_journey(first)
    assert again == journey
    save_journey(again, second)
    assert second.read_bytes() == first.read_bytes()
    assert load_journey(second).model_fields_set == journey.model_fields_set


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_text_survives_unchanged(sample: Path, tmp_path: Path) -> None:
    """Every string of the file (umlauts, €, „quotes“, emoji) comes back as it was."""
    def strings(value: object) -> list[str]:
        if isinstance(value, dict):
            return [s for k, v in value.items() for s in (k, *strings(v))]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [str(value)] if isinstance(value, (str, dt.date)) else []

    original = strings(yaml.safe_load(sample.read_text(encoding="utf-8")))
    for suffix in (".yaml", ".json"):
        saved = tmp_path / f"saved{suffix}"
        save_journey(load_journey(sample), saved)
        text = saved.read_text(encoding="utf-8")
        reread = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
        assert strings(reread) == original


def test_umlauts_and_emoji_are_written_as_they_are(tiny_journey_dict: dict,
                                                   tmp_path: Path) -> None:
    tiny_journey_dict["title"] = "Kind tritt dem Sportverein bei ⚽ – Grüße aus Everswinkel"
    tiny_journey_dict["steps"][0]["label"] = "Liest den Bescheid 📄 (Bildung und Teilhabe, 15 €)"
    journey = parse_journey(tiny_journey_dict)
    for suffix in (".yaml", ".json"):
        path = tmp_path / f"j{suffix}"
        save_journey(journey, path)
        text = path.read_text(encoding="utf-8")
        assert "Grüße aus Everswinkel" in text and "⚽" in text and "📄" in text
        assert "\\u" not in text and "\\x" not in text
        assert load_journey(path) == journey


def test_saving_keeps_order_and_adds_no_defaults(tiny_journey_dict: dict) -> None:
    journey = parse_journey(tiny_journey_dict)
    assert json.loads(dumps_journey(journey, "json")) == tiny_journey_dict
    assert yaml.safe_load(dumps_journey(journey)) == tiny_journey_dict
    assert list(json.loads(dumps_journey(journey, "json"))) == list(tiny_journey_dict)


def test_short_mappings_are_written_on_one_line(tiny_journey_dict: dict) -> None:
    text = dumps_journey(parse_journey(tiny_journey_dict))
    assert "- {id: seek, label: Seek}\n" in text
    assert "- {from: letter, to: form}\n" in text


def test_save_is_atomic_and_leaves_no_temporary_files(tiny_journey_dict: dict,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "journey.yaml"
    save_journey(parse_journey(tiny_journey_dict), path)
    os.chmod(path, 0o600)
    tiny_journey_dict["title"] = "Changed"
    save_journey(parse_journey(tiny_journey_dict), path)
    assert [p.name for p in tmp_path.iterdir()] == ["journey.yaml"]
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_journey(path).title == "Changed"


def test_a_failed_save_keeps_the_old_file(tiny_journey_dict: dict, tmp_path: Path) -> None:
    path = tmp_path / "journey.yaml"
    save_journey(parse_journey(tiny_journey_dict), path)
    before = path.read_bytes()
    with pytest.raises(JourneyFileError):
        save_journey(parse_journey(tiny_journey_dict), tmp_path / "journey.txt")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["journey.yaml"]


def test_parse_text_gives_plain_data() -> None:
    assert parse_text(b"a: [1, 2.5, x, 2022-03-10]\n", "yaml") == {
        "a": [1, 2.5, "x", dt.date(2022, 3, 10)]}
    assert parse_text(b'{"a": [1, 2.5, "x"]}', "json") == {"a": [1, 2.5, "x"]}


def test_invalid_content_names_the_file() -> None:
    with pytest.raises(JourneyInvalid) as caught:
        loads_journey('{"schema": "journey/1"}', "json", name="j.json")
    assert caught.value.file == "j.json"
    assert caught.value.lines()[0] == "j.json: id: is missing — add `id:`"


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
              st.floats(allow_nan=False, allow_infinity=False),
              st.floats(min_value=1e-10, max_value=1e-3),
              st.sampled_from([1e-05, 9.35e-06, 1e-10, 1e16, -0.0, 0.1, 2**64, "1e-05"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(), inner, max_size=4)),
    max_leaves=12)


@given(JSON_VALUES)
def test_json_text_is_what_python_writes(document: object) -> None:
    """JSON is written by pydantic's core (a 60,000-step journey in 0.1 s instead of 0.7 s),
    character for character as Python's indenting encoder writes it: tiny floats, huge
    integers, any text, control characters, empty lists and mappings."""
    assert json_text(document) == json.dumps(document, ensure_ascii=False, indent=2)


@given(journey_dicts())
def test_json_text_of_journeys_is_what_python_writes(document: dict) -> None:
    journey = to_document(parse_journey(document), "json")
    assert json_text(journey) == json.dumps(journey, ensure_ascii=False, indent=2)
