"""The Sozialraum catalogue: references from actors, validation messages, portfolio by offer."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from journeys.catalogue import load_catalogue, parse_catalogue
from journeys.cli import main
from journeys.formats import dumps_journey, journey_paths, loads_journey, save_journey
from journeys.hotspots import portfolio_hotspots, total_hotspots
from journeys.offers import merge_check, offer_key
from models import JourneyInvalid, parse_journey
from models.catalogue_file import CATALOGUE_FILE
from tests.conftest import TINY_JOURNEY

CATALOGUE = {
    "schema": "catalogue/1",
    "entries": [
        {"id": "sv-everswinkel", "name": "SV Everswinkel", "level": 3,
         "municipality": "Everswinkel", "kind": "club",
         "legal_basis": {"kind": "voluntary"}},
        {"id": "jobcenter-warendorf", "name": "Jobcenter Kreis Warendorf", "level": 4,
         "kind": "authority", "legal_basis": {"kind": "entitlement", "law": "SGB II (BuT)"},
         "reach": {"bus_line": "R31", "barrier_free": True, "languages": ["de", "tr"]}},
    ],
}


def journey_with(club: dict, **changes) -> dict:
    document = copy.deepcopy(TINY_JOURNEY)
    document["actors"][2] = club
    document.update(changes)
    return document


def run(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_a_reference_takes_label_and_level_from_the_catalogue() -> None:
    catalogue = parse_catalogue(CATALOGUE)
    journey = parse_journey(journey_with({"id": "club", "ref": "sv-everswinkel"}),
                            catalogue=catalogue)
    club = journey.actors_by_id["club"]
    assert (club.label, club.level, club.ref) == ("SV Everswinkel", 3, "sv-everswinkel")
    # saved, the journey reads without the catalogue too (label and level written out)
    again = loads_journey(dumps_journey(journey), "yaml")
    assert again.actors_by_id["club"].label == "SV Everswinkel"
    # a journey without references loads the same with or without a catalogue
    assert parse_journey(copy.deepcopy(TINY_JOURNEY), catalogue=catalogue) == parse_journey(
        copy.deepcopy(TINY_JOURNEY))


def test_reference_problems_name_the_entry_and_the_fix() -> None:
    catalogue = parse_catalogue(CATALOGUE)
    with pytest.raises(JourneyInvalid) as error:
        parse_journey(journey_with({"id": "club", "ref": "sv-everswinkl"}), catalogue=catalogue)
    assert [str(p) for p in error.value.problems] == [
        "actors[2]: refers to 'sv-everswinkl', which the catalogue does not hold — did you "
        "mean 'sv-everswinkel'?"]
    with pytest.raises(JourneyInvalid) as error:
        parse_journey(journey_with({"id": "club", "ref": "sv-everswinkel", "label": "SV",
                                    "level": 4}), catalogue=catalogue)
    assert [str(p) for p in error.value.problems] == [
        "actors[2]: level 4 contradicts the catalogue: 'sv-everswinkel' (SV Everswinkel) is "
        "on level 3 — remove `level:` or correct one of them"]
    with pytest.raises(JourneyInvalid) as error:
        parse_journey(journey_with({"id": "club", "ref": "sv-everswinkel"}))
    assert [str(p) for p in error.value.problems] == [
        "actors[2]: refers to catalogue entry 'sv-everswinkel' but no catalogue is loaded — put "
        "catalogue.yaml beside the journey, pass --catalogue FILE, or add `label:` and "
        "`level:`"]


def test_catalogue_errors_are_located() -> None:
    bad = copy.deepcopy(CATALOGUE)
    bad["entries"][0]["level"] = 5
    bad["entries"][1]["legal_basis"]["kind"] = "right"
    with pytest.raises(JourneyInvalid) as error:
        parse_catalogue(bad, file="catalogue.yaml")
    assert error.value.lines() == [
        "catalogue.yaml: entries[0].level: must be 1..4, got 5",
        "catalogue.yaml: entries[1].legal_basis.kind: must be one of entitlement | "
        "discretionary | voluntary | charity, got 'right'"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    from journeys.catalogue import dumps_catalogue

    (tmp_path / CATALOGUE_FILE).write_text(dumps_catalogue(parse_catalogue(CATALOGUE)),
                                           encoding="utf-8")
    return tmp_path


def test_validate_finds_the_catalogue_beside_the_journey(capsys, folder: Path) -> None:
    import yaml

    path = folder / "club.yaml"
    path.write_text(yaml.safe_dump(journey_with({"id": "club", "ref": "sv-everswinkl"})),
                    encoding="utf-8")
    code, out, err = run(capsys, "validate", str(folder))
    assert (code, out) == (1, [])
    assert err == [f"{path}: actors[2]: refers to 'sv-everswinkl', which the catalogue does "
                   "not hold — did you mean 'sv-everswinkel'?"]
    other = folder / "elsewhere.yaml"
    (folder / CATALOGUE_FILE).rename(other)
    path.write_text(yaml.safe_dump(journey_with({"id": "club", "ref": "sv-everswinkel"})),
                    encoding="utf-8")
    assert run(capsys, "validate", str(path), "--catalogue", str(other)) == (
        0, [f"{path}: ok (5 steps, 5 barriers)"], [])
    assert run(capsys, "validate", str(other.with_name(CATALOGUE_FILE)))[0] == 1
    other.rename(folder / CATALOGUE_FILE)
    assert run(capsys, "validate", str(folder / CATALOGUE_FILE)) == (
        0, [f"{folder / CATALOGUE_FILE}: ok (catalogue, 2 entries)"], [])
    assert journey_paths(folder) == [path]
    entry = load_catalogue(folder / CATALOGUE_FILE).by_id["jobcenter-warendorf"]
    assert (entry.legal_basis.kind, entry.reach.languages) == ("entitlement", ["de", "tr"])


def two_clubs() -> list:
    """Two journeys whose actor 'club' is a different club in each municipality: the
    Everswinkel club carries cost 2, trust 1 and handoff 3 (the transitions into 'join'),
    the Ennigerloh club the same plus stigma 5."""
    everswinkel = journey_with({"id": "club", "label": "Sportverein", "level": 3},
                               id="club-ev", region="Everswinkel")
    ennigerloh = journey_with({"id": "club", "label": "Sportverein", "level": 3},
                              id="club-en", region="Ennigerloh")
    ennigerloh["steps"][4]["barriers"].append({"category": "stigma", "severity": 5})
    return [parse_journey(everswinkel), parse_journey(ennigerloh)]


def test_hotspots_by_actor_never_merge_two_clubs_that_share_an_id() -> None:
    journeys = two_clubs()
    cells = total_hotspots(journeys, "actor")
    assert {k: (c.count, c.load) for k, c in cells.items() if "club" in k} == {
        "Ennigerloh / club / Sportverein": (4, 11.0),
        "Everswinkel / club / Sportverein": (3, 6.0)}
    groups = portfolio_hotspots(journeys, group_by="actor", by="category")
    assert {k: {c: v.count for c, v in cells.items()} for k, cells in groups.items()
            if "club" in k} == {
        "Ennigerloh / club / Sportverein": {"stigma": 1, "handoff": 1, "cost": 1, "trust": 1},
        "Everswinkel / club / Sportverein": {"handoff": 1, "cost": 1, "trust": 1}}


def test_hotspots_by_actor_merge_by_catalogue_entry() -> None:
    catalogue = parse_catalogue(CATALOGUE)
    jobcenter = {"id": "jc", "ref": "jobcenter-warendorf"}
    first = journey_with({"id": "club", "label": "Club", "level": 3}, id="a", region="X")
    second = journey_with({"id": "club", "label": "Club", "level": 3}, id="b", region="Y")
    for document in (first, second):
        document["actors"][3] = jobcenter
        for step in document["steps"]:
            step["actor"] = "jc" if step["actor"] == "jobcenter" else step["actor"]
    journeys = [parse_journey(d, catalogue=catalogue) for d in (first, second)]
    assert offer_key(journeys[0], "jc") == offer_key(journeys[1], "jc") == "jobcenter-warendorf"
    cells = total_hotspots(journeys, "actor")
    assert (cells["jobcenter-warendorf"].count, cells["jobcenter-warendorf"].load) == (2, 4.0)
    check = merge_check(journeys, catalogue)
    assert [(g.key, [u.journey for u in g.uses]) for g in check.merged] == [
        ("jobcenter-warendorf", ["a", "b"])]
    assert [a.actor for a in check.ambiguous] == ["club", "family", "neighbour"]


def test_cli_hotspots_and_merge_check(capsys, tmp_path: Path) -> None:
    for journey in two_clubs():
        save_journey(journey, tmp_path / f"{journey.id}.yaml")
    code, out, _ = run(capsys, "hotspots", str(tmp_path), "--by", "actor", "--lang", "en")
    assert code == 0
    assert [line.split()[:3] for line in out if "Sportverein" in line] == [
        ["Sportverein", "(Ennigerloh)", "11"], ["Sportverein", "(Everswinkel)", "6"]]
    code, out, _ = run(capsys, "offers", "merge-check", str(tmp_path))
    assert code == 0
    assert out[out.index("  'club':"):out.index("  'club':") + 3] == [
        "  'club':", "    club-en: Sportverein (Ennigerloh)",
        "    club-ev: Sportverein (Everswinkel)"]
    assert "  # club-en:club: ?" in out  # a comment in the mapping file until filled in


def test_the_catalogue_schema_in_docs_is_the_models() -> None:
    from journeys.catalogue import catalogue_schema_text
    from tests.conftest import ROOT

    assert (ROOT / "docs" / "catalogue-schema.json").read_text(encoding="utf-8") == (
        catalogue_schema_text())


def test_a_broken_catalogue_is_told_once(capsys, folder: Path) -> None:
    import yaml

    for name in ("a", "b"):
        document = journey_with({"id": "club", "label": "Club", "level": 3}, id=name)
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    (folder / CATALOGUE_FILE).write_text("schema: catalogue/1\nentries:\n  - {id: x}\n",
                                         encoding="utf-8")
    code, out, err = run(capsys, "validate", str(folder))
    assert (code, out) == (1, [])
    assert err == [f"{folder / CATALOGUE_FILE}: entries[0].name: is missing — add `name:`",
                   f"{folder / CATALOGUE_FILE}: entries[0].level: is missing — add `level:`",
                   "2 of 2 files have problems"]


def test_sample_clubs_keep_their_own_barriers() -> None:
    """Across the samples, each club's cell is exactly what its own journey says of it."""
    from journeys.formats import load_journey
    from journeys.hotspots import hotspots
    from tests.conftest import SAMPLE_DIR, SAMPLES

    cells = total_hotspots([load_journey(p) for p in SAMPLES], "actor")
    for ref, name in (("sv-everswinkel", "sportverein-everswinkel"),
                      ("sv-ennigerloh", "sportverein-ennigerloh")):
        own = hotspots(load_journey(SAMPLE_DIR / f"{name}.yaml"), "actor")["verein"]
        assert (cells[ref].count, cells[ref].load) == (own.count, own.load)
    assert (cells["sv-everswinkel"].count, cells["sv-ennigerloh"].count) == (9, 6)
    jobcenter = cells["jobcenter-but"]  # one BuT office, used by three journeys
    assert jobcenter.count == sum(
        hotspots(load_journey(SAMPLE_DIR / f"{name}.yaml"), "actor")[actor].count
        for name, actor in (("sportverein-everswinkel", "jobcenter"),
                            ("sportverein-ennigerloh", "jobcenter"),
                            ("tutoring-but-ennigerloh", "jobcentre")))
