"""``journeys validate``, ``show`` and ``convert``: exit codes, exact output, never a traceback.

The console examples in docs/format.md are run here too, so the docs show real output.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journeys.cli import build_parser, main
from journeys.commands.files import load_formula
from journeys.formats import load_journey, save_journey
from models import parse_journey
from tests.conftest import ROOT, SAMPLES
from tests.test_formats import BAD, BAD_FILES

DOCS = ROOT / "docs" / "format.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    """Exit code, stdout lines and stderr lines of ``journeys ARGV``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.fixture
def tiny_file(tiny_journey_dict: dict, tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    save_journey(parse_journey(tiny_journey_dict), path)
    return path


# -- validate -------------------------------------------------------------------------------

def test_validate_ok(capsys: pytest.CaptureFixture[str], tiny_file: Path) -> None:
    assert run(capsys, "validate", str(tiny_file)) == (
        0, [f"{tiny_file}: ok (5 steps, 5 barriers)"], [])


def test_validate_samples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", *map(str, SAMPLES))
    expected = []
    for sample in SAMPLES:
        journey = load_journey(sample)
        expected.append(f"{sample}: ok ({len(journey.steps)} steps, "
                        f"{journey.barrier_count()} barriers)")
    assert (code, out, err) == (0, expected, [])


@pytest.mark.parametrize("name", BAD_FILES)
def test_validate_bad_file(capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert run(capsys, "validate", str(BAD / name)) == (
        1, [], [f"{BAD / name}: {line}" for line in BAD_FILES[name]])


def test_validate_a_folder_and_good_and_bad_files(capsys: pytest.CaptureFixture[str],
                                                  tiny_file: Path) -> None:
    code, out, err = run(capsys, "validate", str(tiny_file), str(BAD))
    assert code == 1
    assert out == [f"{tiny_file}: ok (5 steps, 5 barriers)"]
    assert err == [f"{BAD / name}: {line}" for name in sorted(BAD_FILES)
                   for line in BAD_FILES[name]] + [
        f"{len(BAD_FILES)} of {len(BAD_FILES) + 1} files have problems"]


def test_validate_missing_file_and_empty_folder(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    assert run(capsys, "validate", str(tmp_path / "nope.yaml")) == (
        1, [], [f"{tmp_path / 'nope.yaml'}: no such file"])
    assert run(capsys, "validate", str(tmp_path)) == (
        1, [], [f"{tmp_path}: the folder holds no journey files — journey files end in .yaml, "
                ".yml or .json"])


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


# -- show -----------------------------------------------------------------------------------

TINY_SUMMARY = """\
Child joins a sports club
=========================
id:       tiny
language: en
size:     5 steps, 6 transitions (2 next, 1 alternative, 1 handoff, 1 referral, 1 return), \
5 barriers

Steps by stage
  Seek [seek]: 2 steps
    letter         Reads the notice          jobcenter, level 4  (start)
                   barrier load 4 × 0.50 = 2
    ask-neighbour  Asks the neighbour        neighbour, level 2
  Apply [apply]: 2 steps
    form           Fills in the form         family, level 1
                   barrier load 3 × 0.40 (4 of 10 reached) = 1.20
    give-up        Gives up                  family, level 1  (dropout)
  Use [use]: 1 step
    join           Child trains at the club  club, level 3  (goal)
                   barrier load 2 × 1 = 2

Steps by actor (resource level)
  level 1: Household / person
    family     Household    2 steps: form, give-up
  level 2: Social environment
    neighbour  Neighbour    1 step: ask-neighbour
  level 3: Social space
    club       Sports club  1 step: join
  level 4: Institutions
    jobcenter  Jobcenter    1 step: letter

Barriers by category and severity (1 minor .. 5 blocks the journey)
  category      1   2   3   4   5  total  label
  information   .   .   .   1   .      1  Information / awareness
  forms         .   .   1   .   .      1  Forms & proofs
  cost          .   1   .   .   .      1  Cost & advance payment
  trust         1   .   .   .   .      1  Trust & fear
  handoff       .   .   1   .   .      1  Handoffs & data transfer
  total         1   1   2   1   .      5

Starts: 1
  letter         Reads the notice
Goals: 1
  join           Child trains at the club
Dropouts: 1
  give-up        Gives up
"""


def test_show_tiny_journey(capsys: pytest.CaptureFixture[str], tiny_file: Path) -> None:
    assert main(["show", str(tiny_file)]) == 0
    assert capsys.readouterr() == (TINY_SUMMARY, "")


def test_show_header_and_custom_category(capsys: pytest.CaptureFixture[str],
                                         tiny_journey_dict: dict, tmp_path: Path) -> None:
    tiny_journey_dict.update(region="Everswinkel", persona="Alleinerziehende Mutter 👩‍👧",
                             tags=["BuT", "Sport"],
                             categories=[{"id": "wetter", "de": "Schlechtes Wetter"}])
    tiny_journey_dict["steps"][4]["barriers"][0]["category"] = "wetter"
    path = tmp_path / "j.json"
    save_journey(parse_journey(tiny_journey_dict), path)
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0
    assert out[2:7] == ["id:       tiny", "language: en", "region:   Everswinkel",
                        "persona:  Alleinerziehende Mutter 👩‍👧", "tags:     BuT, Sport"]
    assert "  wetter        .   1   .   .   .      1  Schlechtes Wetter" in out


def test_show_cuts_long_labels(capsys: pytest.CaptureFixture[str], tiny_journey_dict: dict,
                               tmp_path: Path) -> None:
    tiny_journey_dict["steps"][1]["label"] = "Fragt die Nachbarin, die im Verein " \
                                             "Jugendtrainerin ist, nach den Trainingszeiten"
    path = tmp_path / "j.yaml"
    save_journey(parse_journey(tiny_journey_dict), path)
    _, out, _ = run(capsys, "show", str(path))
    assert ("    ask-neighbour  Fragt die Nachbarin, die im Verein Jugendtrai…  neighbour, "
            "level 2") in out


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_show_sample(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    journey = load_journey(sample)
    code, out, err = run(capsys, "show", str(sample))
    assert (code, err) == (0, [])
    assert out[0] == journey.title  # German text is shown as written
    formulas = [line.strip() for line in out if line.strip().startswith("barrier load ")]
    assert formulas == [f"barrier load {load_formula(s)}" for stage in journey.stages
                        for s in journey.steps if s.stage == stage.id and s.barriers]
    assert out[out.index("Goals: " + str(len(journey.goal_ids()))) + 1].split()[0] == \
        journey.goal_ids()[0]


def test_show_invalid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "show", str(BAD / "no-goal.yaml")) == (
        1, [], [f"{BAD / 'no-goal.yaml'}: {BAD_FILES['no-goal.yaml'][0]}"])


@pytest.mark.parametrize("command", ["show", "analyze", "compare"])
def test_a_folder_is_called_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     command: str) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    files = [str(folder)] * (2 if command == "compare" else 1)
    assert run(capsys, command, *files) == (
        1, [], [f"{folder}: this is a folder, not a file"])


# -- convert --------------------------------------------------------------------------------

def test_convert_both_ways(capsys: pytest.CaptureFixture[str], tiny_file: Path) -> None:
    json_file, yaml_file = tiny_file.with_name("t.json"), tiny_file.with_name("t.yml")
    assert run(capsys, "convert", str(tiny_file), str(json_file)) == (
        0, [f"{tiny_file} (yaml) → {json_file} (json): 5 steps, 5 barriers"], [])
    assert json_file.read_text(encoding="utf-8").startswith('{\n  "schema": "journey/1",')
    assert run(capsys, "convert", str(json_file), str(yaml_file))[0] == 0
    assert yaml_file.read_bytes() == tiny_file.read_bytes()
    assert load_journey(json_file) == load_journey(tiny_file)


def test_convert_keeps_umlauts_and_emoji(capsys: pytest.CaptureFixture[str],
                                         tiny_journey_dict: dict, tmp_path: Path) -> None:
    tiny_journey_dict["title"] = "Kind tritt dem Sportverein bei ⚽ – Grüße 👋"
    source, target = tmp_path / "a.yaml", tmp_path / "a.json"
    save_journey(parse_journey(tiny_journey_dict), source)
    assert run(capsys, "convert", str(source), str(target))[0] == 0
    assert '"title": "Kind tritt dem Sportverein bei ⚽ – Grüße 👋"' in target.read_text(
        encoding="utf-8")


def test_convert_does_not_overwrite_without_force(capsys: pytest.CaptureFixture[str],
                                                  tiny_file: Path) -> None:
    target = tiny_file.with_name("t.json")
    target.write_text("keep me", encoding="utf-8")
    assert run(capsys, "convert", str(tiny_file), str(target)) == (1, [], [
        f"{target}: the file exists already — choose another name, or add --force to replace "
        "it"])
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, "convert", "--force", str(tiny_file), str(target))[0] == 0
    assert load_journey(target) == load_journey(tiny_file)


def test_convert_writes_nothing_for_an_invalid_journey(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, err = run(capsys, "convert", str(BAD / "cycle.yaml"), str(target))
    assert (code, out, err) == (1, [], [f"{BAD / 'cycle.yaml'}: {BAD_FILES['cycle.yaml'][0]}"])
    assert not target.exists()


def test_convert_refuses_unknown_extension_before_reading(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    assert run(capsys, "convert", str(tmp_path / "missing.yaml"), str(tmp_path / "x.txt")) == (
        1, [], [f"{tmp_path / 'x.txt'}: unknown file type '.txt' — name journey files *.yaml, "
                "*.yml or *.json"])


def test_convert_into_a_missing_folder(capsys: pytest.CaptureFixture[str],
                                       tiny_file: Path) -> None:
    target = tiny_file.parent / "no-such-folder" / "t.json"
    assert run(capsys, "convert", str(tiny_file), str(target)) == (
        1, [], [f"{target}: cannot write the file: No such file or directory"])


# -- help, entry points, docs ----------------------------------------------------------------

@pytest.mark.parametrize("command", ["validate", "show", "convert"])
def test_help_has_examples(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    text = capsys.readouterr().out
    examples = text.split("examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    commands = [line.split("#")[0].split() for line in examples]
    assert commands and all(c[:2] == ["journeys", command] for c in commands)
    for argv in commands:  # every example parses
        build_parser().parse_args([a for a in argv[1:] if a not in ("|", "less")])
    for name in re.findall(r"sample_journeys/[\w-]+\.yaml", text):  # and names a real file
        assert (ROOT / name).is_file()


def test_main_help_lists_the_file_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert all(f"    {name}" in text for name in ("validate", "show", "convert"))


@pytest.mark.parametrize("entry", [[sys.executable, "-m", "journeys"], ["journeys"]],
                         ids=["python -m journeys", "console script"])
def test_entry_points_never_print_a_traceback(entry: list[str]) -> None:
    if entry == ["journeys"] and shutil.which("journeys") is None:
        pytest.skip("the console script is not installed (pip install -e .)")
    bad = sorted(str(p) for p in BAD.iterdir())
    result = subprocess.run([*entry, "validate", *bad], capture_output=True, text=True,
                            encoding="utf-8", cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"{len(bad)} of {len(bad)} files have problems"


def test_show_into_a_closed_pipe_is_quiet(tiny_file: Path) -> None:
    result = subprocess.run(f"{shlex.quote(sys.executable)} -m journeys show "
                            f"{shlex.quote(str(tiny_file))} | head -1", shell=True,
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            check=False)
    assert (result.stdout, result.stderr) == ("Child joins a sports club\n", "")


def test_show_on_an_ascii_terminal(tiny_journey_dict: dict, tmp_path: Path) -> None:
    tiny_journey_dict["title"] = "Grüße 👋"
    path = tmp_path / "j.yaml"
    save_journey(parse_journey(tiny_journey_dict), path)
    result = subprocess.run([sys.executable, "-m", "journeys", "show", str(path)],
                            capture_output=True, timeout=60, check=False,
                            env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.startswith(b"Gr??e ?\n")


def docs_blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


def test_docs_examples_are_real(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The yaml blocks named by a first-line comment are the files the console blocks use."""
    for block in docs_blocks("yaml"):
        name = re.match(r"# (\S+\.yaml)\n", block)
        if name:
            (tmp_path / name.group(1)).write_text(block, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    sessions = docs_blocks("console")
    assert len(sessions) == 3
    for session in sessions:
        for command in re.split(r"^\$ ", session, flags=re.M)[1:]:
            line, *expected = command.splitlines()
            argv = shlex.split(line)
            assert argv[0] == "journeys"
            main(argv[1:])
            out, err = capsys.readouterr()
            assert out.splitlines() + err.splitlines() == expected, line


def test_docs_name_every_problem_the_rules_table_shows() -> None:
    """Messages quoted in the rules table are real messages (see test_models.py)."""
    from tests.test_models import RULES

    known = [line for _, lines in RULES.values() for line in lines] + [
        line for lines in BAD_FILES.values() for line in lines]
    rows = re.findall(r"^\| .+? \| `+ ?(.+?) ?`+ \|$", DOCS.read_text(encoding="utf-8"), re.M)
    assert len(rows) == 17
    for message in rows:
        message = message.replace("\\|", "|").removeprefix("…")
        assert any(line.endswith(message) for line in known), message
