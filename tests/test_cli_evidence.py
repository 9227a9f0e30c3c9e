"""``journeys evidence``: text, JSON against its schema, --apply with and without conflicts."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from journeys.cli import main
from journeys.commands.evidence import HELP
from journeys.evidence.apply import observed_transitions
from journeys.evidence.report import EvidenceReport, schema_text
from journeys.formats import load_journey, save_journey
from models import parse_journey
from tests import evidence_logs as logs
from tests.conftest import ROOT

SCHEMA = ROOT / "docs" / "evidence-schema.json"


@pytest.fixture
def files(tmp_path):
    journey = tmp_path / "journey.yaml"
    save_journey(logs.JOURNEY, journey)
    return logs.write_german_csv(tmp_path / "log.csv"), journey, tmp_path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_schema_in_docs_is_the_generated_one(capsys):
    assert SCHEMA.read_text(encoding="utf-8") == schema_text()
    code, out, _ = run(capsys, "evidence", "--schema")
    assert code == 0 and out == schema_text()


def test_json_follows_the_schema_and_the_contract(capsys, files):
    log, journey, _ = files
    code, out, _ = run(capsys, "evidence", log, "--journey", journey, "--format", "json",
                       "--by", "Region")
    report = json.loads(out)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert code == 0 and (report["cases"], report["events"]) == (21, 74)
    assert report["steps"]["form"] == {"reached": 14, "dropped": "< 3", "wait_days": {
        "median": 3.0, "p25": 2.0, "p75": 4.0}}
    assert report["transitions"]["letter>form"] == {"count": 14, "median_days": 3.0,
                                                    "in_map": True}
    assert report["barriers"]["step:form:0"]["households"] == 6
    assert report["variants"][0] == {"steps": ["letter", "form", "approval", "join"],
                                     "cases": 5, "share": 0.2381}
    assert report["unmatched"] == {logs.UNMATCHED: 4}
    assert report["not_in_map"] == {"letter>join": "hidden"}
    assert report["source"] == "from 21 household records, March–April 2025"
    assert report["suppressed"] is True and report["by"] == "Region"


def test_text_in_german_and_english(capsys, files):
    log, journey, _ = files
    code, out, _ = run(capsys, "evidence", log, "--journey", journey, "--lang", "de")
    assert code == 0
    assert "21 Haushalte · 74 Ereignisse" in out
    assert "Fills in the form (form): 14 · < 3 · 3 Tage [2–4]" in out
    assert "Telefonat Jobcenter: 4" in out and "Personenbezogene Daten" in out
    assert "Formulare & Nachweise – Fills in the form (step:form:0): 6 von 14 (43 %)" in out
    assert "Gives up (give-up): verdeckt · verdeckt" in out
    _, out, _ = run(capsys, "evidence", log, "--journey", journey, "--min-count", "1")
    assert "3 households went from “Reads the notice” straight to “Child joins the club”" in out
    assert "  1 (5%): letter" in out


def test_apply_shows_differences_first_and_overwrites_only_when_told(capsys, files):
    log, journey, tmp = files
    out_file = tmp / "with-counts.yaml"
    code, _, err = run(capsys, "evidence", log, "--journey", journey, "--apply", "-o", out_file)
    assert code == 1 and not out_file.exists()
    assert "steps[0] letter: reached: 30 → 21" in err
    assert "transitions[3] form > approval: count: 99 → 8" in err
    assert "add --overwrite" in err
    code, out, _ = run(capsys, "evidence", log, "--journey", journey, "--apply", "-o", out_file,
                       "--overwrite")
    applied = load_journey(out_file)
    assert code == 0 and "written to" in out
    assert applied.steps_by_id["letter"].reached == 21
    assert applied.steps_by_id["give-up"].reached is None  # hidden: never written
    assert applied.steps[2].barriers[0].affected == 0.43  # a share stays a share: 6 of 14
    assert applied.extra["evidence"]["source"].startswith("from 21 household records")
    code, _, err = run(capsys, "evidence", log, "--journey", journey, "--apply", "-o", out_file,
                       "--overwrite")
    assert code == 1 and "--force" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["--apply"], "--apply needs -o OUT"),
    (["--case", "Fall"], "the log has no column 'Fall'"),
    (["--map", "missing.csv"], "cannot read the mapping table"),
])
def test_errors_are_one_line_without_traceback(capsys, files, argv, message):
    log, journey, _ = files
    code, _, err = run(capsys, "evidence", log, "--journey", journey, *argv)
    assert code == 1 and message in err and "Traceback" not in err


def test_a_log_and_a_journey_are_needed(capsys):
    code, _, err = run(capsys, "evidence")
    assert code == 1 and "--schema" in err


def test_observed_transitions_can_be_added(capsys, files):
    log, journey, tmp = files
    out_file = tmp / "observed.yaml"
    code, out, _ = run(capsys, "evidence", log, "--journey", journey, "--apply", "-o", out_file,
                       "--overwrite", "--add-observed", "--min-count", "1")
    added = load_journey(out_file).transitions[-1]
    assert code == 0 and (added.from_, added.to, added.kind, added.count) == (
        "letter", "join", "next", 3)
    assert "letter > join: count (new next transition): 3" in out


def test_an_observed_way_back_becomes_a_return():
    report = EvidenceReport.model_construct(not_in_map={"join>letter": 4, "join>form": "< 3"})
    added = observed_transitions(logs.JOURNEY, report)
    assert [(t["from"], t["to"], t["kind"], t.get("count")) for t in added] == [
        ("join", "letter", "return", 4), ("join", "form", "return", None)]


def test_apply_says_where_personal_data_is_in_the_journey(capsys, files):
    log, journey, tmp = files
    document = logs.JOURNEY.model_dump(by_alias=True, exclude_unset=True)
    document["steps"][1]["description"] = "Nachbarin Frau K., Tel. 0151 2345678"
    save_journey(parse_journey(document), journey)
    code, _, err = run(capsys, "evidence", log, "--journey", journey, "--apply", "-o",
                       tmp / "out.yaml", "--overwrite")
    assert code == 0 and "steps[1].description: phone number" in err
    assert "0151" not in err


def test_help_examples_name_files_that_exist():
    for path in re.findall(r"sample_journeys/\S+", HELP):
        assert (ROOT / path).is_file(), path
