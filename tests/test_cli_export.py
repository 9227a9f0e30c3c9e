"""``journeys export`` and ``journeys import``: files written, errors printed, help examples
that run, and docs/export.md naming every format and column."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from journeys.cli import build_parser, main
from journeys.commands.export import EXPORT_HELP, FORMATS, IMPORT_HELP, _chosen_format
from journeys.exchange import register_columns
from journeys.exchange.csv_tables import STEP_COLUMNS, TRANSITION_COLUMNS
from journeys.export.names import FIGURE_NAMES
from journeys.figures import FIGURES
from journeys.formats import load_journey
from tests.conftest import ROOT, SAMPLE_DIR
from tests.test_exchange_mermaid import DOCS_EXAMPLE

SAMPLE = SAMPLE_DIR / "sportverein-everswinkel.yaml"
EXCHANGE_FORMATS = ("csv", "csv-tables", "graphml", "mermaid", "mermaid-journey", "json", "yaml")
"""The formats of journeys.exchange (images and decks are tested with journeys.export)."""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SAMPLE, tmp_path / "journey.yaml")
    shutil.copy(SAMPLE_DIR / "catalogue.yaml", tmp_path)  # read against it, as in its folder
    (tmp_path / "day.mmd").write_text(DOCS_EXAMPLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(command: str) -> int:
    return main(shlex.split(command))


def test_text_exports_load_no_plotly_and_offer_every_figure() -> None:
    """``export --format csv`` loads neither plotly nor pandas nor python-pptx (a second and
    120 MB); ``export --help`` still offers every figure for ``--figure``."""
    code = ("import sys; from journeys.cli import main\n"
            f"main(['export', {str(SAMPLE)!r}, '--format', 'csv'])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'plotly', 'pandas', 'pptx'}))\n"
            "main(['export', '--help'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 0, result.stderr
    assert "\n[]\nusage: journeys export" in result.stdout
    assert f"--figure {{{','.join(FIGURES)}}}" in result.stdout
    assert tuple(FIGURES) == FIGURE_NAMES


def test_export_register_for_german_excel(workdir: Path, capsys) -> None:
    assert run("export journey.yaml --format csv --sep ';' --lang de -o barrieren.csv") == 0
    data = (workdir / "barrieren.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfref;step;from;to;stage;actor;level;")
    assert b"Bedarfsgemeinschaft / Person" in data
    assert capsys.readouterr().err == "journey.yaml → barrieren.csv (csv)\n"


def test_format_follows_the_extension(workdir: Path) -> None:
    assert run("export journey.yaml -o journey.graphml") == 0
    graph = nx.read_graphml(workdir / "journey.graphml")
    assert graph.nodes["mitglied"]["outcome"] == "goal"
    assert run("export journey.yaml -o journey.mmd") == 0
    assert (workdir / "journey.mmd").read_text(encoding="utf-8").splitlines()[1] == (
        "flowchart LR")


def test_export_to_stdout(workdir: Path, capsys) -> None:
    assert run("export journey.yaml --format mermaid-journey") == 0
    out = capsys.readouterr().out
    assert out.startswith("journey\n    title Kind tritt mit BuT-Förderung einem Sportverein "
                          "bei\n    section Bedarf erkennen\n")


@pytest.mark.parametrize(("command", "message"), [
    ("export journey.yaml --format csv -o journey.yaml",
     "journey.yaml: the file exists already — choose another name, or add --force to "
     "replace it"),
    ("export journey.yaml --format csv --lanes actor",
     "--lanes does not apply to --format csv — it applies to: mermaid"),
    ("export journey.yaml --format graphml --sep ';'",
     "--sep does not apply to --format graphml — it applies to: csv, csv-tables"),
    ("export journey.yaml",
     "which format? no OUT given — add --format, one of: " + ", ".join(FORMATS)),
    ("export journey.yaml -o out.txt",
     "which format? '.txt' names none — add --format, one of: " + ", ".join(FORMATS)),
    ("export journey.yaml journey.yaml --format csv",
     "--format csv exports one journey, got 2 files — give one FILE "
     "(only --format pptx compares several)"),
    ("export missing.yaml --format csv", "missing.yaml: no such file"),
    ("export journey.yaml --format csv-tables",
     "--format csv-tables writes a folder of three files — give the folder with -o, "
     "e.g. -o tables/"),
    # refused before seconds of rendering: no progress line is printed
    ("export journey.yaml -o missing/deck.pptx",
     "missing/deck.pptx: the folder to write into does not exist — create missing first, or "
     "choose another place"),
    ("export journey.yaml --format html -o . --force",
     ".: this is a folder, not a file — give the path of the file to write, not of a folder"),
    ("export journey.yaml --format csv-tables -o /proc/no-such/tables",
     "/proc/no-such/tables: cannot create the folder: No such file or directory"),
])
def test_export_errors(workdir: Path, capsys, command: str, message: str) -> None:
    assert run(command) == 1
    assert capsys.readouterr().err == message + "\n"


def test_tables_export_and_import_round_trip(workdir: Path, capsys) -> None:
    assert run("export journey.yaml --format csv-tables -o tables") == 0
    assert sorted(p.name for p in (workdir / "tables").iterdir()) == [
        "barriers.csv", "steps.csv", "transitions.csv"]
    assert run("export journey.yaml --format csv-tables -o tables") == 1
    assert "tables/steps.csv: the file exists already" in capsys.readouterr().err
    assert run("import tables --onto journey.yaml -o back.yaml") == 0
    assert load_journey(workdir / "back.yaml") == load_journey(SAMPLE)
    assert capsys.readouterr().err == ("tables → back.yaml: 12 steps, 13 transitions, "
                                       "19 barriers\n")
    assert run("import tables -o fresh.json --title 'Kind im Verein' --language de") == 0
    fresh = load_journey(workdir / "fresh.json")
    original = load_journey(SAMPLE)
    assert (fresh.id, fresh.title) == ("kind-im-verein", "Kind im Verein")
    assert (fresh.steps, fresh.transitions) == (original.steps, original.transitions)


def test_register_alone_goes_onto_a_base(workdir: Path, capsys) -> None:
    assert run("export journey.yaml --format csv -o barriers.csv") == 0
    text = (workdir / "barriers.csv").read_text(encoding="utf-8-sig")
    edited = text.replace("step:kind-wunsch:1,kind-wunsch,,,perceive,familie,1,in_person,"
                          "cost,affordability,3,", "step:kind-wunsch:1,kind-wunsch,,,perceive,"
                          "familie,1,in_person,cost,affordability,5,")
    assert edited != text
    (workdir / "barriers.csv").write_text(edited, encoding="utf-8")
    assert run("import barriers.csv -o new.yaml") == 1
    assert "barriers.csv: steps.csv is missing" in capsys.readouterr().err
    assert run("import barriers.csv --onto journey.yaml -o journey.yaml --force") == 0
    journey = load_journey(workdir / "journey.yaml")
    assert journey.steps_by_id["kind-wunsch"].barriers[1].severity == 5
    assert journey.barrier_count() == 19


def test_import_mermaid_prints_notes(workdir: Path, capsys) -> None:
    assert run("import day.mmd -o day.yaml --level Me=1") == 0
    journey = load_journey(workdir / "day.yaml")
    assert [(a.id, a.level) for a in journey.actors] == [("me", 1), ("cat", 4)]
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "day.mmd → day.yaml: 5 steps, 4 transitions, 0 barriers",
        "note: Resource levels are not part of a Mermaid journey: these actors got level 4 "
        "(Institutions): Cat. Set the right level under actors (or import with --level "
        "ACTOR=N)."]


@pytest.mark.parametrize(("files", "command", "message"), [
    ({"bad.mmd": "journey\nsection A\nTee: 9: Ich\n"}, "import bad.mmd -o x.yaml",
     "bad.mmd: line 3: the score must be a whole number 1..5, got '9' — Barrier Journeys "
     "reads the score as the emotion: 1 very bad .. 5 very good"),
    ({"barriers.csv": "step,category,severity\nkind-wunsch,cost,9\n"},
     "import barriers.csv --onto journey.yaml -o x.yaml",
     "barriers.csv: line 2, severity: must be 1..5, got 9"),
    ({"barriers.csv": "step,category\nkind-wunsch,cost\n"},
     "import barriers.csv --onto journey.yaml -o x.yaml",
     "barriers.csv: line 1: missing column 'severity' — this table needs the columns "
     "category, severity (see docs/export.md)"),
    ({"barriers.csv": "step,category,severity\nkind-wunsh,cost,2\n"},
     "import barriers.csv --onto journey.yaml -o x.yaml",
     "barriers.csv: line 2, step: unknown step 'kind-wunsh' — did you mean 'kind-wunsch'?"),
    ({"barriers.csv": ""}, "import barriers.csv --onto journey.yaml -o x.yaml",
     "barriers.csv: the file is empty — see docs/export.md"),
    ({}, "import day.mmd -o x.txt",
     "x.txt: unknown file type '.txt' — name journey files *.yaml, *.yml or *.json"),
    ({}, "import day.mmd --onto journey.yaml -o x.yaml",
     "a Mermaid journey is imported on its own — give one .mmd file, without --onto"),
    ({"steps.csv": "id\n"}, "import steps.csv -o x.yaml --level Me=1",
     "--level applies to Mermaid imports — in CSV tables the level is the column level of "
     "steps.csv"),
    ({"a.csv": "", "b.csv": ""}, "import a.csv b.csv --onto journey.yaml -o x.yaml",
     "b.csv: two files for the barriers table: a.csv and b.csv — steps.csv and "
     "transitions.csv are named so; any other CSV is the barrier register"),
    ({"empty/.keep": ""}, "import empty -o x.yaml",
     "empty: the folder holds no steps.csv, transitions.csv or barriers.csv — export them "
     "with `journeys export --format csv-tables`"),
    ({}, "import day.mmd -o missing/x.yaml",
     "missing/x.yaml: the folder to write into does not exist — create missing first, or "
     "choose another place"),
    ({}, "import journey.yaml -o x.yaml",
     "journey.yaml: cannot import '.yaml' files — import a Mermaid journey (.mmd), a folder "
     "of CSV tables, or CSV files"),
])
def test_import_errors(workdir: Path, capsys, files: dict, command: str, message: str) -> None:
    for name, text in files.items():
        (workdir / name).parent.mkdir(exist_ok=True)
        (workdir / name).write_text(text, encoding="utf-8")
    assert run(command) == 1
    assert capsys.readouterr().err == message + "\n"
    assert not (workdir / "x.yaml").exists()


def test_import_not_utf8(workdir: Path, capsys) -> None:
    (workdir / "barriers.csv").write_bytes(
        "step,category,severity,description\nkind-wunsch,cost,2,Gebühr\n".encode("cp1252"))
    assert run("import barriers.csv --onto journey.yaml -o x.yaml") == 1
    assert capsys.readouterr().err.startswith(
        "barriers.csv: line 2: not UTF-8 text (byte 0xfc) — in Excel, save with 'CSV UTF-8")


def test_bad_level_option_is_a_usage_error(workdir: Path, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        run("import day.mmd -o x.yaml --level Me")
    assert caught.value.code == 2
    assert "expected ACTOR=N (e.g. Me=1), got 'Me'" in capsys.readouterr().err


# -- help and docs --------------------------------------------------------------------------

def examples(help_text: str) -> list[str]:
    """The help's example commands that use a format of journeys.exchange (or import)."""
    lines = help_text.split("examples:\n", 1)[1].splitlines()
    commands = [line.strip().split("  #")[0].strip() for line in lines if line.strip()]
    return [c for c in commands if not c.startswith("journeys export ") or _chosen_format(
        build_parser().parse_args(shlex.split(c.split(" > ")[0])[1:])) in EXCHANGE_FORMATS]


def test_help_lists_every_format_and_runs(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    for name, fmt in FORMATS.items():
        assert f"  {name} " in out and fmt.help in out
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "journeys import day.mmd -o day.yaml --level Me=1 --level Cat=2" in (
        capsys.readouterr().out)


def test_every_help_example_runs(workdir: Path, capsys) -> None:
    for command in examples(EXPORT_HELP):
        assert command.startswith("journeys ")
        target = None
        if " > " in command:
            command, target = command.split(" > ")
        assert run(command.removeprefix("journeys ")) == 0, command
        if target:
            (workdir / target).write_text(capsys.readouterr().out, encoding="utf-8")
    assert (workdir / "map.mmd").read_text(encoding="utf-8").splitlines()[1] == "flowchart LR"
    assert (workdir / "journey.mmd").read_text(encoding="utf-8").startswith("journey\n")
    shutil.copy(workdir / "tables" / "steps.csv", workdir / "steps.csv")
    shutil.copy(workdir / "tables" / "transitions.csv", workdir / "transitions.csv")
    (workdir / "day.mmd").write_text(DOCS_EXAMPLE, encoding="utf-8")
    for command in examples(IMPORT_HELP):
        assert run(command.removeprefix("journeys ")) == 0, command
    assert load_journey(workdir / "rebuilt.yaml").barrier_count() == 0


def test_docs_name_every_format_and_column() -> None:
    docs = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    for name in EXCHANGE_FORMATS:
        assert f"`{name}`" in docs, name
    for column in {*register_columns(1), "mitigation_2_idea", *STEP_COLUMNS, *TRANSITION_COLUMNS}:
        assert f"`{column}`" in docs, column


def test_help_examples_are_in_the_docs() -> None:
    docs = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    for command in [*examples(EXPORT_HELP), *examples(IMPORT_HELP)]:
        assert command in docs, command
