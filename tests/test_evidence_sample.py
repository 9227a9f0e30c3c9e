"""The sample: 30 invented households over the consolidated sports-club journey."""

from __future__ import annotations

import json

from journeys.cli import main
from journeys.formats import load_journey
from tests.conftest import ROOT, SAMPLE_DIR

JOURNEY = SAMPLE_DIR / "sportverein-but-haushalte.yaml"
LOG = SAMPLE_DIR / "logs" / "sportverein-but-households.csv"


def test_the_sample_log_is_marked_as_invented():
    lines = LOG.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(";quelle") and all(line.endswith(";erfunden") for line in lines[1:])
    assert "Erfundenes Beispiel" in load_journey(JOURNEY).extra["hinweis"]
    assert "sportverein-but-households.csv" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_commands_make_a_map_with_counts(capsys, tmp_path):
    out = tmp_path / "mit-zahlen.yaml"
    assert main(["evidence", str(LOG), "--journey", str(JOURNEY), "--apply", "-o", str(out)]) == 0
    journey = load_journey(out)
    assert journey.steps_by_id["bescheid-hinweis"].reached == 30
    assert journey.steps_by_id["mitglied"].reached == 21
    assert journey.extra["evidence"]["source"] == "aus 30 Haushaltsverläufen, März–Juli 2025"
    capsys.readouterr()
    assert main(["evidence", str(LOG), "--journey", str(JOURNEY), "--by", "Ort",
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["cases"] == 30 and set(report["segments"]) == {"Everswinkel", "Ennigerloh"}
    assert report["pii"] == []


def test_a_log_folder_does_not_disturb_the_sample_folder(capsys):
    assert main(["hotspots", str(SAMPLE_DIR)]) == 0
    assert main(["validate", str(SAMPLE_DIR)]) == 0
