"""`journeys offers apply-mapping`: the mapping merge-check asks for, written into the journeys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journeys.cli import main
from journeys.formats import load_journey
from models.catalogue_file import CATALOGUE_FILE
from tests.conftest import SAMPLE_DIR

CLUBS = ("sportverein-everswinkel.yaml", "sportverein-ennigerloh.yaml")


def run(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


@pytest.fixture
def clubs(tmp_path: Path) -> Path:
    """Copies of the two club samples (both have an actor `verein`) without their `ref:`s; the
    Ennigerloh club on a wrong level."""
    shutil.copy(SAMPLE_DIR / CATALOGUE_FILE, tmp_path)
    for name in CLUBS:
        text = (SAMPLE_DIR / name).read_text(encoding="utf-8")
        text = text.replace(", ref: sv-everswinkel", "").replace(", ref: sv-ennigerloh", "")
        (tmp_path / name).write_text(text.replace(
            "Sportverein in Ennigerloh, level: 3", "Sportverein in Ennigerloh, level: 4"),
            encoding="utf-8")
    return tmp_path


def test_the_suggested_mapping_is_applied_round_trip(capsys, clubs: Path) -> None:
    code, out, _ = run(capsys, "offers", "merge-check", str(clubs), "--lang", "en")
    assert code == 0
    assert "  'verein':" in out
    start = next(i for i, line in enumerate(out) if "suggested mapping" in line) + 1
    suggested = out[start:out.index("", start)]
    assert "  sportverein-everswinkel:verein: sv-everswinkel" in suggested
    assert "  sportverein-ennigerloh:verein: sv-ennigerloh" in suggested
    assert "  # sportverein-everswinkel:familie: ?" in suggested
    mapping = clubs.parent / "mapping.yaml"
    mapping.write_text("\n".join(suggested) + "\n", encoding="utf-8")
    before = {name: (clubs / name).read_bytes() for name in CLUBS}

    code, out, _ = run(capsys, "offers", "apply-mapping", str(mapping), str(clubs), "--lang",
                       "en")
    assert code == 0
    assert out == [
        f"{clubs / CLUBS[1]}:",
        "  actor 'verein' → ref sv-ennigerloh (Sportverein in Ennigerloh); level 4 → 3, as the "
        "catalogue says",
        f"{clubs / CLUBS[0]}:",
        "  actor 'verein' → ref sv-everswinkel (Sportverein in Everswinkel)",
        "Dry run: nothing written; add --write to write 2 files."]
    assert {name: (clubs / name).read_bytes() for name in CLUBS} == before

    code, out, _ = run(capsys, "offers", "apply-mapping", str(mapping), str(clubs), "--write")
    assert (code, out[-1]) == (0, "2 Dateien geschrieben.")  # the samples are German
    text = (clubs / CLUBS[0]).read_text(encoding="utf-8")
    assert text.startswith("# Persona written for this project")  # comments stay
    assert ("  - {id: verein, label: Sportverein in Everswinkel, level: 3, legal_basis: "
            "{kind: voluntary}, ref: sv-everswinkel}\n") in text
    assert text.replace(", ref: sv-everswinkel", "").encode() == before[CLUBS[0]]
    ennigerloh = load_journey(clubs / CLUBS[1]).actors_by_id["verein"]
    assert (ennigerloh.ref, ennigerloh.level) == ("sv-ennigerloh", 3)
    code, out, _ = run(capsys, "offers", "merge-check", str(clubs))
    assert "  'verein':" not in out
    code, out, _ = run(capsys, "offers", "apply-mapping", str(mapping), str(clubs), "--write",
                       "--lang", "en")
    assert out[-1] == "Nothing to change: every actor refers to its entry already."


def test_block_style_yaml_and_json_get_their_ref(capsys, clubs: Path) -> None:
    import json

    from journeys.formats import save_journey

    journey = load_journey(clubs / CLUBS[1])
    (clubs / CLUBS[1]).unlink()
    save_journey(journey, clubs / "ennigerloh.json")
    everswinkel = clubs / CLUBS[0]
    everswinkel.write_text(everswinkel.read_text(encoding="utf-8").replace(
        "  - {id: verein, label: Sportverein in Everswinkel, level: 3, legal_basis: "
        "{kind: voluntary}}\n",
        "  - id: verein   # the club\n    label: Sportverein in Everswinkel\n    level: 3\n"),
        encoding="utf-8")
    mapping = clubs.parent / "mapping.yaml"
    mapping.write_text("sportverein-everswinkel:verein: sv-everswinkel\n"
                       "ennigerloh.json:verein: sv-ennigerloh\n", encoding="utf-8")
    code, out, _ = run(capsys, "offers", "apply-mapping", str(mapping), str(clubs), "--write")
    assert (code, out[-1]) == (0, "2 Dateien geschrieben.")  # the samples are German
    assert ("  - id: verein\n    ref: sv-everswinkel   # the club\n    label: Sportverein in "
            "Everswinkel\n") in everswinkel.read_text(encoding="utf-8")
    actors = json.loads((clubs / "ennigerloh.json").read_text(encoding="utf-8"))["actors"]
    club = next(a for a in actors if a["id"] == "verein")
    assert (club["ref"], club["level"]) == ("sv-ennigerloh", 3)


def test_a_bad_mapping_names_line_and_fix_and_writes_nothing(capsys, clubs: Path) -> None:
    mapping = clubs.parent / "mapping.yaml"
    mapping.write_text("sportverein-ennigerlo:verein: sv-ennigerloh\n"
                       "sportverein-everswinkel:vrein: sv-everswinkel\n"
                       "sportverein-everswinkel:verein: sv-everswinkl\n"
                       "sportverein-ennigerloh:verein: sv-ennigerloh\n", encoding="utf-8")
    before = {name: (clubs / name).read_bytes() for name in CLUBS}
    code, out, err = run(capsys, "offers", "apply-mapping", str(mapping), str(clubs), "--write")
    assert (code, out) == (1, [])
    assert err == [
        f"{mapping}: line 1: no journey 'sportverein-ennigerlo' among the files given — did "
        "you mean 'sportverein-ennigerloh'?",
        f"{mapping}: line 2: journey 'sportverein-everswinkel' has no actor 'vrein' — did you "
        "mean 'verein'?",
        f"{mapping}: line 3: the catalogue has no entry 'sv-everswinkl' — did you mean "
        "'sv-everswinkel'?"]
    assert {name: (clubs / name).read_bytes() for name in CLUBS} == before


@pytest.mark.parametrize(("text", "line"), [
    ("verein: sv-everswinkel\n", "line 1: 'verein' does not name journey and actor — write one "
     "line per actor: `journey:actor: catalogue-entry`"),
    ("a:verein: sv-x\nsportverein-everswinkel:umfeld:\n", "line 2: no catalogue entry given for "
     "sportverein-everswinkel:umfeld — write the entry's id after the colon, or delete the "
     "line"),
    ("a:b: x\na:b: y\n", "line 2: duplicate key 'a:b' — each key may appear once in a mapping"),
    ("- a:b: x\n", "the mapping must be lines of `journey:actor: entry` — write one line per "
     "actor: `journey:actor: catalogue-entry`"),
])
def test_a_malformed_mapping_file(capsys, clubs: Path, text: str, line: str) -> None:
    mapping = clubs.parent / "mapping.yaml"
    mapping.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "offers", "apply-mapping", str(mapping), str(clubs))
    assert (code, err) == (1, [f"{mapping}: {line}"])


def test_merge_check_and_mapping_in_german(capsys, clubs: Path) -> None:
    code, out, _ = run(capsys, "offers", "merge-check", str(clubs))
    assert code == 0
    assert out[0] == "Als ein Angebot gezählt (2):"
    assert "Gleiche Kennung, getrennt gehalten (3):" in out
    assert ("Wenn einige davon ein Angebot sind, geben Sie jedem Akteur ein `ref:` auf einen "
            "Katalogeintrag (vorgeschlagene Zuordnung, Nutzerreise:Akteur → Eintrag; # ? = "
            "keiner ähnlich):") in out
    mapping = clubs.parent / "mapping.yaml"
    mapping.write_text("sportverein-ennigerloh:verein: sv-ennigerloh\n", encoding="utf-8")
    code, out, _ = run(capsys, "offers", "apply-mapping", str(mapping), str(clubs))
    assert out == [f"{clubs / CLUBS[1]}:",
                   "  Akteur 'verein' → ref sv-ennigerloh (Sportverein in Ennigerloh); Ebene 4 → "
                   "3, wie im Katalog",
                   "Probelauf: nichts geschrieben; --write schreibt 1 Datei."]
