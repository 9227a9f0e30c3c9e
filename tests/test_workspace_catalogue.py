"""The workspace keeps its catalogue of the Sozialraum: revisions, drafts, older files, and
journeys read against it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from journeys.catalogue import parse_catalogue, resolve_journeys
from journeys.cli import main
from journeys.formats import load_journey
from journeys.store import Conflict, Workspace, WorkspaceError
from journeys.survey import catalogue_from_csv, catalogue_from_rows, with_unlisted
from models import JourneyError
from tests.conftest import SAMPLE_DIR
from tests.test_sozialraum_catalogue import CATALOGUE

SPORT = SAMPLE_DIR / "sportverein-everswinkel.yaml"


@pytest.fixture
def workspace(tmp_path: Path):
    with Workspace(tmp_path / "workspace.db") as opened:
        yield opened


def test_catalogue_revisions_count_up_and_equal_content_adds_none(workspace: Workspace) -> None:
    assert workspace.catalogue() is None
    assert workspace.catalogue_history() == []
    first = workspace.save_catalogue(parse_catalogue(CATALOGUE), expected_revision=None,
                                     note="uploaded catalogue.yaml")
    assert (first.revision, first.note) == (1, "uploaded catalogue.yaml")
    again = workspace.save_catalogue(parse_catalogue(CATALOGUE), expected_revision=1)
    assert again.revision == 1
    changed = parse_catalogue({**CATALOGUE, "entries": CATALOGUE["entries"][:1]})
    second = workspace.save_catalogue(changed, expected_revision=1, note="edited in the app")
    assert second.revision == 2
    assert [(n, note, entries) for n, _, note, entries in workspace.catalogue_history()] == [
        (2, "edited in the app", 1), (1, "uploaded catalogue.yaml", 2)]
    assert workspace.catalogue().catalogue == changed
    assert workspace.catalogue_revision(1) == parse_catalogue(CATALOGUE)
    with pytest.raises(WorkspaceError, match="the catalogue has no revision 7"):
        workspace.catalogue_revision(7)


def test_a_catalogue_saved_from_an_old_revision_is_a_conflict(workspace: Workspace) -> None:
    workspace.save_catalogue(parse_catalogue(CATALOGUE), expected_revision=None)
    workspace.save_catalogue(parse_catalogue({**CATALOGUE, "title": "Neu"}), expected_revision=1)
    with pytest.raises(Conflict) as caught:
        workspace.save_catalogue(parse_catalogue({**CATALOGUE, "title": "Alt"}),
                                 expected_revision=1)
    assert "someone else saved revision 2" in str(caught.value)
    assert caught.value.hint == "reload to see their catalogue; your rows are kept as a draft"
    assert workspace.catalogue().catalogue.title == "Neu"


def test_the_catalogue_draft_survives_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    rows = [{"name": "Tafel", "level": "9"}]
    with Workspace(path) as workspace:
        assert workspace.catalogue_draft() is None
        workspace.put_catalogue_draft(None, rows)
    with Workspace(path) as workspace:
        assert workspace.catalogue_draft() == (None, rows)
        workspace.drop_catalogue_draft()
        assert workspace.catalogue_draft() is None


def test_a_workspace_from_before_the_catalogue_gets_its_table(tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    Workspace(path).close()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE catalogue_revisions")
    with Workspace(path) as workspace:
        assert workspace.catalogue() is None
        assert workspace.save_catalogue(parse_catalogue(CATALOGUE),
                                        expected_revision=None).revision == 1


def test_a_damaged_catalogue_revision_names_itself(workspace: Workspace, tmp_path: Path) -> None:
    workspace.save_catalogue(parse_catalogue(CATALOGUE), expected_revision=None)
    with sqlite3.connect(tmp_path / "workspace.db") as db:
        db.execute("UPDATE catalogue_revisions SET content = 'entries: 3'")
    with pytest.raises(WorkspaceError) as caught:
        workspace.catalogue()
    assert str(caught.value).startswith(f"{tmp_path / 'workspace.db'}: catalogue: catalogue "
                                        "revision 1 is damaged: entries: ")


def test_journeys_take_level_and_legal_basis_from_the_catalogue() -> None:
    journey = load_journey(SPORT)
    catalogue = parse_catalogue({"schema": "catalogue/1", "entries": [
        {"id": "sv-everswinkel", "name": "SV Everswinkel", "level": 2,
         "legal_basis": {"kind": "charity"}}]})
    (resolved,), notes = resolve_journeys([journey], catalogue)
    club = resolved.actors_by_id["verein"]
    assert (club.level, club.legal_basis.kind, club.label) == (
        2, "charity", journey.actors_by_id["verein"].label)
    assert notes[0] == ("sportverein-everswinkel: actor 'verein' counts as 'sv-everswinkel' "
                        "(SV Everswinkel): level 2, charity as the catalogue says (the journey "
                        "says level 3, voluntary)")
    assert notes[1:] == [
        "sportverein-everswinkel: actor 'coach' refers to 'anna-coach', which the catalogue "
        "does not hold — add the entry",
        "sportverein-everswinkel: actor 'jobcenter' refers to 'jobcenter-but', which the "
        "catalogue does not hold — add the entry"]
    assert journey.actors_by_id["verein"].level == 3  # the stored journey is not changed
    assert resolve_journeys([journey], None) == ([journey], [])


def test_table_problems_name_row_and_column() -> None:
    with pytest.raises(JourneyError) as caught:
        catalogue_from_rows([{"name": "A", "level": "2"}, {}, {"name": "B", "level": "7"},
                             {"level": "2", "languages": "d"}], name="catalogue table",
                            labels={"level": "Ebene", "name": "Name", "languages": "Sprachen"})
    assert caught.value.lines() == [
        "catalogue table: row 3, column Ebene: must be 1..4, got 7 — write the level as a "
        "number: 1 household, 2 informal help, 3 association or club, 4 institution",
        "catalogue table: row 4, column Name: is missing — give the offer a name",
        "catalogue table: row 4, column Sprachen: String should have at least 2 characters"]
    with pytest.raises(JourneyError, match=r"^survey.csv: row 3, column Ebene: must be 1..4"):
        catalogue_from_csv(b"Name;Ebene\nA;2\nB;5\n", name="survey.csv")


def test_the_table_keeps_title_and_extra_it_has_no_column_for() -> None:
    base = parse_catalogue({**CATALOGUE, "title": "Sozialraum", "entries": [
        {**CATALOGUE["entries"][0], "extra": {"Ansprechperson": "Frau K."}}]})
    edited = catalogue_from_rows([{"id": "sv-everswinkel", "name": "SV", "level": "3"}])
    kept = with_unlisted(edited, base)
    assert (kept.title, kept.entries[0].name, kept.entries[0].extra) == (
        "Sozialraum", "SV", {"Ansprechperson": "Frau K."})


def test_offers_import_saves_into_the_workspace(tmp_path: Path, capsys) -> None:
    path = tmp_path / "team.db"
    table = tmp_path / "angebote.csv"
    table.write_text("Name;Ebene;Gemeinde\nTafel;3;Everswinkel\n", encoding="utf-8")
    assert main(["offers", "import", str(table), "--workspace", str(path)]) == 0
    assert main(["offers", "import", str(table), "--workspace", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: catalogue revision 1 (1 offer)",
        f"{path}: catalogue revision 1 (1 offer) — unchanged"]
    assert main(["offers", "import", str(SAMPLE_DIR / "catalogue.yaml"), "--workspace",
                 str(path)]) == 0
    with Workspace(path) as workspace:
        assert [note for _, _, note, _ in workspace.catalogue_history()] == [
            "imported catalogue.yaml", "imported angebote.csv"]
    assert main(["offers", "import", str(table), "--workspace", str(path), "--out",
                 str(tmp_path / "c.yaml")]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "--out and --workspace exclude each other — write a file with --out, or save in the "
        "workspace")
