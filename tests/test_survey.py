"""The resource survey: a catalogue from a CSV table (German headers), and what exists where."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from journeys.catalogue import load_catalogue
from journeys.cli import main
from journeys.survey import catalogue_from_csv, survey
from models import JourneyError, parse_journey
from tests.conftest import SAMPLE_DIR, TINY_JOURNEY

TABLE = """\
Name;Ebene;Gemeinde;Art;Rechtsgrundlage;Träger;Öffnungszeiten;Adresse;Buslinie;barrierefrei;Sprachen;Kontakt;Notizen;unerreichbar
Sportverein Ennigerloh;3;Ennigerloh;Verein;freiwillig;;Di+Do 16-18;;R41;nein;de;Telefon;;
Jobcenter (BuT);4;;Behörde;Rechtsanspruch: SGB II (BuT);Jobcenter;Mo-Fr;;;ja;de,tr;Brief;Nachweise;
Förderverein;3;Everswinkel;Verein;karitativ;;;;;;;E-Mail;;keine Sprechzeit
"""


def test_a_german_table_becomes_a_catalogue() -> None:
    catalogue = catalogue_from_csv(TABLE.encode("utf-8"))
    assert [e.id for e in catalogue.entries] == [
        "sportverein-ennigerloh-ennigerloh", "jobcenter-but", "foerderverein-everswinkel"]
    club, jobcenter, charity = catalogue.entries
    assert (club.level, club.kind, club.legal_basis.kind, club.reach.bus_line,
            club.reach.barrier_free, club.contact) == (3, "club", "voluntary", "R41", False,
                                                       "phone")
    assert (jobcenter.legal_basis.kind, jobcenter.legal_basis.law, jobcenter.reach.languages,
            jobcenter.municipality, jobcenter.notes) == (
        "entitlement", "SGB II (BuT)", ["de", "tr"], None, "Nachweise")
    assert (charity.legal_basis.kind, charity.unreachable) == ("charity", "keine Sprechzeit")


@pytest.mark.parametrize(("table", "line"), [
    ("Name;Ebene;Farbe\nA;3;rot\n",
     "t.csv: row 1: unknown column 'farbe' — columns: Name, Ebene, Gemeinde, Art, "
     "Rechtsgrundlage, Träger, Öffnungszeiten, Adresse, Buslinie, barrierefrei, Sprachen, "
     "Kontakt, Notizen"),
    ("Name;Ebene\nA;drei\n",
     "t.csv: row 2: Ebene / level must be 1..4, got 'drei' — write the level as a number 1..4"),
    ("Name;Ebene;Art\nA;3;Kneipe\n",
     "t.csv: row 2: Art / kind 'Kneipe' is not known — use one of: haushalt, household, "
     "informell, informelle hilfe, informal, verein, club, beratung, counselling, behörde, "
     "amt, authority, schule, school, kinderbetreuung, kita, childcare, anbieter, träger, "
     "provider, arbeitgeber, employer, sonstiges, other"),
    ("Name;Ebene\nA;5\n", "t.csv: row 2, column Ebene: must be 1..4, got 5 — write the level "
     "as a number: 1 household, 2 informal help, 3 association or club, 4 institution"),
    ("Name\nA\n", "t.csv: row 2, column level: is missing — write the level as a number: "
     "1 household, 2 informal help, 3 association or club, 4 institution"),
])
def test_table_problems_name_row_and_column(table: str, line: str) -> None:
    with pytest.raises(JourneyError) as error:
        catalogue_from_csv(table.encode("utf-8"), name="t.csv")
    assert error.value.lines() == [line]


def test_survey_by_place_unused_and_unreachable() -> None:
    catalogue = catalogue_from_csv(TABLE.encode("utf-8"))
    document = copy.deepcopy(TINY_JOURNEY)
    document["actors"][2] = {"id": "club", "ref": "foerderverein-everswinkel"}
    journey = parse_journey(document, catalogue=catalogue)
    result = survey(catalogue, [journey])
    assert {p: {lv.level: lv.entries for lv in levels if lv.entries}
            for p, levels in result.places.items()} == {
        "Ennigerloh": {3: ["sportverein-ennigerloh-ennigerloh"]},
        "Everswinkel": {3: ["foerderverein-everswinkel"]},
        "(county-wide)": {4: ["jobcenter-but"]}}
    assert list(result.places) == ["Ennigerloh", "Everswinkel", "(county-wide)"]
    assert result.unused == ["sportverein-ennigerloh-ennigerloh", "jobcenter-but"]
    assert [(u.entry, u.reason, u.journeys) for u in result.unreachable] == [
        ("foerderverein-everswinkel", "keine Sprechzeit", ["tiny"])]


def test_cli_import_and_survey(capsys, tmp_path: Path) -> None:
    table = tmp_path / "angebote.csv"
    table.write_text(TABLE, encoding="utf-8")
    out = tmp_path / "catalogue.yaml"
    assert main(["offers", "import", str(table), "--out", str(out)]) == 0
    assert [e.id for e in load_catalogue(out).entries][1] == "jobcenter-but"
    assert main(["offers", "import", str(table), "--out", str(out)]) == 1
    capsys.readouterr()
    assert main(["offers", "survey", str(SAMPLE_DIR), "--lang", "en"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0] == "Resource survey: 21 offers, 9 journeys"
    assert "  Förderverein Kinder- und Jugendsport Everswinkel [foerderverein-everswinkel]" in text
    assert text[-2:] == ["Journeys relying on an unreachable offer (0):", "  -"]
    assert main(["offers", "survey", str(SAMPLE_DIR)]) == 0  # the samples are German
    text = capsys.readouterr().out.splitlines()
    assert text[:5] == ["Bestandsaufnahme: 21 Angebote, 9 Nutzerreisen", "", "Ennigerloh",
                        "  1 Bedarfsgemeinschaft / Person: -", "  2 Umfeld: -"]
    assert "  4 Institution: 4" in text
    assert "Von keiner Nutzerreise genutzt (1):" in text
    assert text[-2:] == ["Nutzerreisen, die sich auf ein unerreichbares Angebot verlassen (0):",
                         "  -"]


def test_survey_lines_in_german(capsys, tmp_path: Path) -> None:
    table = tmp_path / "angebote.csv"
    table.write_text(TABLE, encoding="utf-8")
    catalogue = tmp_path / "catalogue.yaml"
    assert main(["offers", "import", str(table), "--out", str(catalogue)]) == 0
    journey = copy.deepcopy(TINY_JOURNEY)
    journey["language"] = "de"
    journey["actors"][2] = {"id": "club", "ref": "foerderverein-everswinkel",
                            "label": "Förderverein", "level": 3}
    (tmp_path / "j.yaml").write_text(json.dumps(journey), encoding="utf-8")
    assert main(["offers", "survey", str(tmp_path)]) == 0
    text = capsys.readouterr().out.splitlines()
    assert "    Sportverein Ennigerloh · Di+Do 16-18 · Bus R41 · nicht barrierefrei" in text
    assert "    Jobcenter (BuT) · Jobcenter · Mo-Fr · barrierefrei" in text
    assert "    Förderverein · NICHT ERREICHBAR: keine Sprechzeit" in text
    assert "(kreisweit)" in text
    assert text[-2:] == [
        "Nutzerreisen, die sich auf ein unerreichbares Angebot verlassen (1):",
        "  Förderverein: keine Sprechzeit ← tiny"]


def test_survey_rows_in_german() -> None:
    from journeys.survey import survey_rows

    catalogue = catalogue_from_csv(TABLE.encode("utf-8"))
    rows = survey_rows(catalogue, [], "de")
    assert rows[-1] == {"Gemeinde": "(kreisweit)", "Ebene": 4, "Angebot": "Jobcenter (BuT)",
                        "Rechtsgrundlage": "Rechtsanspruch · SGB II (BuT)",
                        "Träger": "Jobcenter", "Öffnungszeiten": "Mo-Fr",
                        "Erreichbarkeit": None, "Nutzerreisen": 0}


def test_the_catalogue_as_rows_and_back() -> None:
    """The app's editor shows ``catalogue_rows`` and reads the edited rows back."""
    from journeys.survey import catalogue_from_rows, catalogue_rows, editor_rows

    catalogue = load_catalogue(SAMPLE_DIR / "catalogue.yaml")
    rows = catalogue_rows(catalogue)
    assert catalogue_from_rows(rows).entries == catalogue.entries
    rows.append({"name": "Tafel Ennigerloh", "level": 3.0, "municipality": "Ennigerloh",
                 "legal_basis": "karitativ", "barrier_free": float("nan")})
    rows.append({field: None for field in rows[0]})  # the editor's empty new line
    added = catalogue_from_rows(rows).entries[-1]
    assert (added.id, added.level, added.legal_basis.kind, added.reach) == (
        "tafel-ennigerloh-ennigerloh", 3, "charity", None)
    rows[0]["level"] = 7
    with pytest.raises(JourneyError) as error:
        catalogue_from_rows(rows, name="editor")
    assert error.value.lines() == [
        "editor: row 1, column level: must be 1..4, got 7 — write the level as a number: "
        "1 household, 2 informal help, 3 association or club, 4 institution"]
    assert catalogue_from_rows(editor_rows(catalogue_rows(catalogue))).entries \
        == catalogue.entries  # the rows as the editor keeps them (plain text) read back the same
