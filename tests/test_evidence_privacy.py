"""No count of 1 … K−1 households leaves the machine, and personal data in notes is found."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from journeys.cli import main
from journeys.evidence.privacy import hidden_cells, pii_kinds, scan_document
from journeys.formats import save_journey
from models import parse_journey
from tests import evidence_logs as logs

NOT_COUNTS = {"min_count", "median", "p25", "p75", "median_days", "share"}


def small_counts(value, k: int, key: str = "") -> list[tuple[str, int]]:
    """Every whole number 1 … k−1 in JSON data, except fields that are not counts."""
    if isinstance(value, dict):
        return [f for inner_key, inner in value.items() if inner_key not in NOT_COUNTS
                for f in small_counts(inner, k, f"{key}.{inner_key}")]
    if isinstance(value, list):
        return [f for i, inner in enumerate(value) for f in small_counts(inner, k, f"{key}[{i}]")]
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < k:
        return [(key, value)]
    return []


def small_in_text(text: str, k: int) -> list[str]:
    """Stand-alone numbers 1 … k−1 in text, after removing what is not a count: days,
    quartile ranges, years, event numbers, list positions."""
    text = re.sub(r"\[[^\]]*\]|\S+ (days|Tage)|event \d+|\d{4}", " ", text)
    return [m.group() for m in re.finditer(r"(?<![\w.,<])\d+(?![\w.,%])", text)
            if 0 < int(m.group()) < k]


@pytest.fixture
def files(tmp_path):
    journey = tmp_path / "journey.yaml"
    document = logs.JOURNEY.model_dump(by_alias=True, exclude_unset=True)
    document["steps"][0].pop("reached")  # no hand-typed numbers: every count is evidence
    document["transitions"][3].pop("count")
    document["steps"][2]["barriers"][0].pop("affected")
    save_journey(parse_journey(document), journey)
    return logs.write_csv(tmp_path / "log.csv"), journey, tmp_path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("k", [3, 5])
def test_no_small_count_in_any_output(capsys, files, k):
    log, journey, tmp = files
    base = [log, "--journey", journey, "--by", "region", "--min-count", k]
    for lang in ("en", "de"):
        code, text, _ = run(capsys, "evidence", *base, "--lang", lang)
        assert code == 0 and small_in_text(text, k) == [], text
    _, out, _ = run(capsys, "evidence", *base, "--format", "json")
    report = json.loads(out)
    assert report["suppressed"] is True and small_counts(report, k) == []
    assert f"< {k}" in out and "hidden" in out
    applied = tmp / f"applied-{k}.yaml"
    code, out, _ = run(capsys, "evidence", *base, "--apply", "-o", applied)
    assert code == 0 and small_in_text(out.replace(str(applied), ""), k) == []
    document = yaml.safe_load(applied.read_text(encoding="utf-8"))
    counts = [s.get("reached") for s in document["steps"]] + [
        t.get("count") for t in document["transitions"]] + [
        b.get("affected") for place in document["steps"] + document["transitions"]
        for b in place.get("barriers", [])]
    assert small_counts(counts, k) == [] and document["extra"]["evidence"]["cases"] == 21
    code, _, _ = run(capsys, "export", applied, "--format", "csv", "-o", tmp / f"r{k}.csv")
    assert code == 0
    with (tmp / f"r{k}.csv").open(encoding="utf-8-sig", newline="") as register:
        affected = [row["affected"] for row in csv.DictReader(register)]
    assert affected and not any(a.isdigit() and 0 < int(a) < k for a in affected)


def test_min_count_one_hides_nothing(capsys, files):
    log, journey, _ = files
    _, out, _ = run(capsys, "evidence", log, "--journey", journey, "--by", "region",
                    "--min-count", "1", "--format", "json")
    report = json.loads(out)
    assert report["suppressed"] is False and "< " not in out and "hidden" not in out
    assert report["steps"]["letter"]["dropped"] == 1


@given(st.lists(st.integers(0, 12), min_size=2, max_size=8), st.integers(2, 5))
def test_a_group_never_has_exactly_one_hidden_cell(members, k):
    values = {("m", i): v for i, v in enumerate(members)} | {"total": sum(members)}
    primary, secondary = hidden_cells(values, [("total", [("m", i) for i in
                                                          range(len(members))])], k)
    hidden = primary | secondary
    assert primary == {key for key, v in values.items() if 0 < v < k}
    assert len(hidden) != 1
    assert all(values[key] >= k or values[key] == 0 or key in primary for key in secondary)


def test_secondary_suppression_follows_totals_across_groups():
    values = {"t": 10, "a": 2, "b": 8, "u": 8, "c": 8}
    primary, secondary = hidden_cells(values, [("t", ["a", "b"]), ("u", ["b", "c"])], 3)
    assert primary == {"a"} and secondary == {"b", "c"}


PLANTED = {
    "email": "Rückfrage an jana.beispiel@example.org geschickt",
    "phone": "Mutter bittet um Rückruf unter +49 2582 123456",
    "iban": "Verein: IBAN DE89370400440532013000 für den Beitrag",
    "birth_date": "Kind geboren am 04.05.2017",
}


@pytest.mark.parametrize("kind", list(PLANTED))
def test_planted_personal_data_is_found(kind):
    assert pii_kinds(PLANTED[kind], dt.date(2025, 6, 1)) == [kind]


@pytest.mark.parametrize("text", [
    "Termin am 12.03.2025, Beitrag 15 € im Monat",   # a recent date, an amount
    "IBAN DE89 3704 0044 0532 0130 01 (Tippfehler)",  # the checksum fails
    "Antrag Nr. 2025-031, 3 Kinder, 2 Termine",       # numbers that are no phone
    "Wartezeit 21 Tage",
])
def test_ordinary_notes_are_not_flagged(text):
    assert pii_kinds(text, dt.date(2025, 6, 1)) == []


def test_personal_data_in_a_journey_is_located():
    document = {"steps": [{"id": "a", "barriers": [{"evidence": {
        "note": "Frau M., Tel. 0151 2345678"}}]}]}
    found = scan_document(document)
    assert [(f.where, f.kinds) for f in found] == [("steps[0].barriers[0].evidence.note",
                                                    ["phone"])]


def test_the_report_says_where_personal_data_is(capsys, files):
    log, journey, _ = files
    _, out, _ = run(capsys, "evidence", log, "--journey", journey, "--format", "json")
    pii = json.loads(out)["pii"]
    assert len(pii) == 1 and pii[0]["kinds"] == ["email", "phone", "iban", "birth_date"]
    assert re.fullmatch(r"event \d+", pii[0]["where"])
    assert "example.org" not in out and "0151" not in out  # the data itself is not repeated
