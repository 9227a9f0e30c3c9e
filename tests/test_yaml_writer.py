"""The YAML writer writes exactly what PyYAML's pure-Python dumper wrote before it, faster.

The reference below is the dumper journey files were written with until the writer replaced
it (``yaml.dump`` with two representers); every test compares bytes with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.catalogue import dumps_catalogue, load_catalogue
from journeys.formats import _parse_yaml_strictly, dumps_journey, load_journey, to_document
from journeys.yaml_writer import _ANALYZER, _PLAIN, _RESOLVER, _STR, dump
from models.catalogue_file import CATALOGUE_FILE
from tests.conftest import SAMPLES
from tests.strategies import TRICKY_WORDS, journeys


class _Reference(yaml.SafeDumper):
    """PyYAML's pure-Python dumper with the representers journey files were written with."""


def _reference_mapping(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    flat = all((isinstance(v, (str, int, float, dt.date)) and not isinstance(v, bool)) or v is None
               for v in data.values())
    short = flat and sum(len(str(k)) + len(str(v)) + 4 for k, v in data.items()) < 90
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=short or None)


def _reference_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = '"' if any(c in data for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Reference.add_representer(dict, _reference_mapping)
_Reference.add_representer(str, _reference_text)


def reference(data: Any) -> str:
    return yaml.dump(data, Dumper=_Reference, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


WORDS = [*TRICKY_WORDS, "Step", "forms", "Übergabe", "a", "(b)", "x/y", "Antrag,", "no", "On",
         "tritt", "#", ":", "- x", "line\nbreak", "\x85", "\u2028", "\t", "'quoted'", "‚„“",
         "a" * 60, "\ufeff", "\x07", "😀" * 3, " ", ""]
texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=40).map(" ".join),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=20).map("".join),
)
scalars = st.one_of(
    texts, st.none(), st.booleans(), st.integers(), st.floats(),
    st.dates(), st.datetimes(),
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=2))])),
)
keys = st.one_of(texts, st.integers(), st.booleans(), st.dates(), st.none())
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(keys, inner, max_size=5)),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, documents, max_size=6))
def test_any_plain_data_is_written_as_pyyaml_writes_it(document: dict) -> None:
    assert dump(document) == reference(document)


@settings(max_examples=100, deadline=None)
@given(documents)
def test_any_top_level_value_too(document: Any) -> None:
    assert dump(document) == reference(document)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_a_journey_is_written_as_before_and_reads_back(journey: Any) -> None:
    text = dumps_journey(journey)
    assert text == reference(to_document(journey))
    assert _parse_yaml_strictly(text) == to_document(journey)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_the_samples_are_written_as_before(sample: Any) -> None:
    journey = load_journey(sample)
    assert dumps_journey(journey) == reference(to_document(journey))


@pytest.mark.parametrize("text", [
    "Liest den Bescheid 📄 (Bildung und Teilhabe, 15 €) " * 6,
    "a " * 80, "word" * 40, "Zeile eins\nZeile zwei\n\nZeile vier", "  leading", "trailing ",
    "x" * 122, "x" * 123, "x" * 128, "ein  doppelter  Abstand " * 8, "it's 'quoted' " * 12])
@pytest.mark.parametrize("place", ["value", "key", "flow", "list"])
def test_long_and_multi_line_text_folds_as_before(text: str, place: str) -> None:
    document = {"value": {"description": text, "flag": True},
                "key": {text: 1, "other": [1]},
                "flow": {"deep": [{"a": text[:40], "b": 1}]},
                "list": {"items": [text, [text], {}]}}[place]
    assert dump(document) == reference(document)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(_PLAIN, fullmatch=True))
def test_what_the_writer_writes_plain_pyyaml_writes_plain(text: str) -> None:
    """The shortcut never decides otherwise than PyYAML would."""
    analysis = _ANALYZER.analyze_scalar(text)
    assert analysis.allow_flow_plain and analysis.allow_block_plain and not analysis.multiline
    assert _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR


def test_the_same_date_twice_is_written_twice_not_as_an_alias() -> None:
    """PyYAML wrote ``&id001`` and ``*id001``, which the journey loader refuses."""
    day = dt.date(2022, 3, 10)
    text = dump({"a": [{"date": day, "note": "x" * 90}, {"date": day, "note": "y" * 90}]})
    assert "&" not in text and "*" not in text
    assert _parse_yaml_strictly(text)["a"][1]["date"] == day


def test_the_sample_catalogue_is_written_as_before() -> None:
    catalogue = load_catalogue(SAMPLES[0].parent / CATALOGUE_FILE)
    assert dumps_catalogue(catalogue) == reference(
        catalogue.model_dump(mode="python", by_alias=True, exclude_unset=True))
