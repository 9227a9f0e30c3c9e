"""``journeys analyze``, ``journeys compare`` and ``journeys hotspots`` in both output formats,
their errors, and the help text kept in step with docs/analysis.md."""

from __future__ import annotations

import copy
import json
import textwrap

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.analysis import analysis_schema, schema_text
from journeys.cli import main
from journeys.commands.analysis import FORMULA, route_lines
from journeys.formats import save_journey
from models import parse_journey
from tests.conftest import ROOT, TINY_JOURNEY
from tests.strategies import idents

DOCS = ROOT / "docs" / "analysis.md"


@pytest.fixture
def tiny_file(tmp_path):
    path = tmp_path / "tiny.yaml"
    save_journey(parse_journey(TINY_JOURNEY), path)
    return path


@pytest.fixture
def variant_file(tmp_path):
    document = copy.deepcopy(TINY_JOURNEY)
    document.update(id="variant", title="Variant", region="Ennigerloh", language="de")
    del document["steps"][2]["barriers"]
    path = tmp_path / "variant.json"
    save_journey(parse_journey(document), path)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_analyze_text(capsys, tiny_file):
    code, out, err = run(capsys, "analyze", tiny_file)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:7] == [
        "Child joins a sports club [tiny]",
        "5 barriers · total load 9.2 · 2 routes to a goal",
        "",
        "Bottlenecks (highest score first)",
        "  1. Child trains at the club [join]  6",
        "     all 2 routes pass here · 3 barriers, load 6, worst: Handoffs & data transfer 3/5",
        "  2. Reads the notice [letter]  2"]
    assert "  1. load 5 · days unknown · levels 2,3,4 · 2 handoffs (not recorded 1, verbal 1)" in (
        lines)
    assert "     letter → ask-neighbour → join" in lines
    assert "  Handoffs & data transfer       3  ████████████████████  1 barrier" in lines
    assert "  3 Social space             6  ████████████████████  3 barriers" in lines


def test_analyze_json_follows_the_schema(capsys, tiny_file):
    code, out, _ = run(capsys, "analyze", tiny_file, "--format", "json")
    document = json.loads(out)
    jsonschema.validate(document, analysis_schema())
    assert code == 0
    assert [(b["step"], b["score"]) for b in document["bottlenecks"][:2]] == [
        ("join", 6.0), ("letter", 2.0)]
    assert [r["barrier_load"] for r in document["routes"]] == [5.0, 8.2]
    assert (document["routes_truncated"], document["subsidiarity"]) == (False, [])
    assert document["hotspots"]["level"] == {"3": 6.0, "4": 2.0, "1": 1.2}


def test_analyze_in_german_and_in_the_journeys_language(capsys, tiny_file, variant_file):
    _, out, _ = run(capsys, "analyze", tiny_file, "--lang", "de")
    assert "Engpässe (höchster Wert zuerst)" in out
    assert "alle 2 Wege führen hier durch · 3 Barrieren, Last 6, schwerste: Übergänge & " \
           "Datenweitergabe 3/5" in out
    _, out, _ = run(capsys, "analyze", variant_file)  # written in German
    assert out.splitlines()[1] == "4 Barrieren · Gesamtlast 8 · 2 Wege zum Ziel"


def test_route_listing_bounds(capsys, tiny_file):
    _, out, _ = run(capsys, "analyze", tiny_file, "--max-routes", "1", "--format", "json")
    document = json.loads(out)
    assert (len(document["routes"]), document["routes_total"], document["routes_truncated"]) == (
        1, 2, True)
    assert document["routes_note"] == ("Showing the least-barrier route of 2 (ask for more with "
                                       "max_routes / --max-routes).")
    with pytest.raises(SystemExit) as error:
        main(["analyze", str(tiny_file), "--max-routes", "0"])
    assert error.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--time-limit", "-1", "must be a number of seconds above 0, got '-1'"),
    ("--time-limit", "0", "must be a number of seconds above 0, got '0'"),
    ("--time-limit", "nan", "must be a number of seconds above 0, got 'nan'"),
    ("--time-limit", "abc", "must be a number of seconds, got 'abc'"),
    ("--max-routes", "abc", "must be a whole number, got 'abc'"),
])
def test_route_bounds_refuse_nonsense(capsys, tiny_file, option, value, message):
    with pytest.raises(SystemExit) as error:
        main(["analyze", str(tiny_file), option, value])
    assert error.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"journeys analyze: error: argument {option}: {message}")


def test_schema_flag_prints_the_documented_schema(capsys):
    code, out, _ = run(capsys, "analyze", "--schema")
    assert code == 0 and out == schema_text()


def test_analyze_errors(capsys, tmp_path):
    code, out, err = run(capsys, "analyze")
    assert (code, out) == (1, "")
    assert err == "give a journey FILE (or --schema for the JSON schema)\n"
    code, _, err = run(capsys, "analyze", tmp_path / "missing.yaml")
    assert (code, err) == (1, f"{tmp_path / 'missing.yaml'}: no such file\n")


def test_compare_text_and_json(capsys, tiny_file, variant_file):
    code, out, _ = run(capsys, "compare", tiny_file, variant_file, "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "Comparison of 2 journeys",
        "  [1] tiny: Child joins a sports club · 5 barriers · load 9.2 · least-barrier route 5",
        "  [2] variant: Variant · 4 barriers · load 8 · least-barrier route 5"]
    assert "  Forms & proofs                 1.2         -" in lines
    assert "  - Only in “Child joins a sports club”: Forms & proofs." in lines
    _, out, _ = run(capsys, "compare", tiny_file, variant_file, "--format", "json")
    document = json.loads(out)
    jsonschema.validate(document, analysis_schema("Comparison"))
    assert document["harder"] == "tiny" and document["only_in"]["tiny"] == ["forms"]


def test_hotspots_over_a_folder(capsys, tiny_file, variant_file):
    code, out, _ = run(capsys, "hotspots", tiny_file.parent, "--by", "level", "--lang", "en")
    assert code == 0
    assert out.splitlines() == [
        "Barrier hotspots by level over 2 journeys: 9 barriers, load 17.2",
        "  3 Social space            12  ████████████████████  6 barriers",
        "  4 Institutions             4  ███████               2 barriers",
        "  1 Household / person     1.2  ██                    1 barrier"]
    _, out, _ = run(capsys, "hotspots", tiny_file, variant_file, "--by", "region", "--of",
                    "stage", "--format", "json")
    document = json.loads(out)
    jsonschema.validate(document, analysis_schema("HotspotReport"))
    assert list(document["groups"]) == ["none", "Ennigerloh"]
    assert document["groups"]["Ennigerloh"] == {"use": {"count": 3, "load": 6.0},
                                                "seek": {"count": 1, "load": 2.0}}


def test_hotspots_report_every_broken_file_and_sum_nothing(capsys, tiny_file, tmp_path):
    (tmp_path / "broken.yaml").write_text("schema: journey/1\nid: [\n", encoding="utf-8")
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    code, out, err = run(capsys, "hotspots", tmp_path)
    assert (code, out) == (1, "")
    assert [line.split(":")[0] for line in err.splitlines()] == [
        str(tmp_path / "broken.yaml"), str(tmp_path / "empty.json")]


def test_help_and_docs_show_the_same_formulas(capsys):
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    assert FORMULA in capsys.readouterr().out.replace("\n  ", "\n")
    docs = DOCS.read_text(encoding="utf-8")
    assert FORMULA in docs
    for command in ("journeys analyze", "journeys compare", "journeys hotspots"):
        assert command in docs


@given(st.lists(idents, min_size=1, max_size=60), st.sampled_from(["     ", "  "]))
def test_route_lines_wrap_as_textwrap_does(steps: list[str], indent: str) -> None:
    """The route's lines (fast for a 60,000-step route) are textwrap's, character for
    character, long ids included."""
    assert route_lines(steps, indent) == textwrap.wrap(
        " → ".join(steps), 100, initial_indent=indent, subsequent_indent=indent,
        break_on_hyphens=False)


def test_route_lines_of_a_long_id() -> None:
    assert route_lines(["a" * 120, "b"], "  ") == ["  " + "a" * 98, "  " + "a" * 22 + " → b"]
