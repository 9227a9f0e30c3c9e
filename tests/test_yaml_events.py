"""The lean YAML loader gives exactly what the strict PyYAML loader gives, or leaves the text
to it (``Unusual``), never anything else."""

from __future__ import annotations

import datetime as dt
import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.formats import _StrictLoader
from journeys.yaml_events import Unusual, load_plain
from tests.conftest import SAMPLE_DIR

TRICKY = ["yes", "No", "ON", "off", "y", "n", "true", "False", "null", "~", "Null", "",
          "0", "010", "0o17", "0x1F", "0b101", "1_000", "+12", "-0", "190:20:30", "1e3",
          "1.5e+3", "-.5", ".inf", "-.Inf", ".NaN", "3.", "2024-03-01", "2024-3-1",
          "2001-12-14t21:59:43.10-05:00", "2024-13-45", "<<", "=", "12:30", "Ebene 3",
          "Kita (Familienzentrum)", "äöü ß", "😀", "a: b", "- x", "#x", "x #y", "'q'", '"q"',
          "[1, 2]", "{a: 1}", "! x", "!!str 3", "&a x", "*a", "@x", "`x", "%x", "|", ">", "?",
          "-", "--- x", "...", "x\\ny"]


def _same(text: str) -> None:
    try:
        expected = yaml.load(text, Loader=_StrictLoader)
    except Exception:  # the strict loader refuses it: the lean one must leave it to it
        with pytest.raises(Exception):  # noqa: B017 — Unusual or a parser error
            load_plain(text)
        return
    try:
        got = load_plain(text)
    except Unusual:
        return  # left to the strict loader, which reads it as above
    assert _comparable(got) == _comparable(expected), text


def _comparable(value: object) -> object:
    """Values with NaN made comparable (NaN != NaN) and types kept apart (1 == True)."""
    if isinstance(value, dict):
        return [(_comparable(k), _comparable(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


@pytest.mark.parametrize("token", TRICKY)
def test_every_tricky_scalar_means_the_same(token: str) -> None:
    for text in (f"key: {token}\n", f"- {token}\n", f"{token}: 1\n", f"{{a: {token}}}\n",
                 f"[{token}]\n", f"{token}\n", f"a:\n  - {token}\n  - b\n"):
        _same(text)


def test_the_samples_read_the_same() -> None:
    for path in sorted(SAMPLE_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert load_plain(text) == yaml.load(text, Loader=_StrictLoader), path


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "'a': 1\na: 2\n", "!!map {a: 1}\n", "a: !!str 3\n",
    "<<: {a: 1}\n", "=: 1\n", "a: 1\n---\nb: 2\n", "? [a]\n: 1\n", "[" * 150 + "]" * 150,
    "a: 2024-13-45\n", "a: [1\n"])
def test_what_is_not_plain_is_left_to_the_strict_loader(text: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 — Unusual or a parser error
        load_plain(text)


scalars = st.one_of(
    st.sampled_from(TRICKY), st.text(max_size=12), st.integers(), st.booleans(), st.none(),
    st.floats(allow_nan=True), st.dates(), st.datetimes(timezones=st.just(dt.UTC)))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(TRICKY), st.integers()),
                    inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([None, True, False]), st.booleans())
def test_random_documents_read_the_same(document: object, flow: bool | None,
                                        unicode: bool) -> None:
    _same(yaml.safe_dump(document, default_flow_style=flow, allow_unicode=unicode))
