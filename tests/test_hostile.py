"""Hostile input: every command, as a separate process under a CPU and memory limit, refuses
bombs, special files, huge numbers and deep nesting with a clear line naming the file (exit
1), never a traceback; a valid 60,000-step chain goes through every command.

Limits: ``RLIMIT_CPU`` of 5 s (the cost of the input, independent of how busy the machine
is; the wall-clock timeout is generous because CI machines are shared) and ``RLIMIT_AS`` of
500 MB, for the 60,000-step chain too (docs/limits.md has what each command takes).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from journeys.exchange import mermaid_flowchart, mermaid_journey, register_csv
from journeys.figures import theme
from journeys.formats import MAX_BYTES, dumps_journey, load_journey, loads_journey, read_bytes
from models import JourneyError, JourneyFileError, JourneyInvalid, parse_journey
from models.errors import MAX_LINES
from tests.hostile import as_json, chain, dangling, wide

ROOT = Path(__file__).resolve().parent.parent
CPU_SECONDS = 5
MEMORY = 500 * 2**20
WALL_SECONDS = 120
CHAIN_STEPS = 60_000


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def journeys_cli(*argv: str | Path) -> subprocess.CompletedProcess:
    """``journeys ARGV`` in a new process under the limits."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "journeys", *map(str, argv)],
                          capture_output=True, text=True, timeout=WALL_SECONDS, cwd=ROOT,
                          env=env, preexec_fn=_limited, check=False)


def assert_refused(result: subprocess.CompletedProcess, name: str | Path,
                   most: int = 2) -> None:
    """Exit 1, a few short lines on stderr that name the file, no traceback anywhere."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-2000:]
    assert result.returncode == 1, (result.returncode, output[-2000:])
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= most, lines[:5]
    assert str(name) in lines[0]
    assert all(len(line) < 400 for line in lines), max(lines, key=len)[:500]


# -- the files ---------------------------------------------------------------------------

BOMB = "".join(f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]\n" for p, x in zip(
    "abcdefg", "bcdefgh", strict=True))
"""Nine levels of nine aliases: 387 million strings if anything expanded them."""


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every hostile file by name, made once."""
    folder = tmp_path_factory.mktemp("hostile")
    texts = {
        "alias-bomb.yaml": 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
                           + BOMB,
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "deep.yaml": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "deep-objects.json": '{"a": ' * 100_000 + "1" + "}" * 100_000,
        "deep-extra.json": json.dumps({**chain(2), "extra": json.loads(
            '{"a": ' * 500 + "1" + "}" * 500)}),
        "huge-integer.json": '{"schema": "journey/1", "votes": ' + "9" * 5000 + "}",
        "huge-integer.yaml": "schema: journey/1\nvotes: " + "9" * 5000 + "\n",
        "huge-count.json": json.dumps({**chain(2), "steps": [
            {**chain(2)["steps"][0], "reached": 10**4000}, chain(2)["steps"][1]]}),
        "control-characters.json": json.dumps({**chain(2), "title": "a\x00b\x1b[31m\ufffe"}),
        "dangling.yaml": json.dumps(dangling(4000)),
        "long-key.yaml": "schema: journey/1\n" + "x" * 100_000 + ": 1\n",
        "many-errors.json": json.dumps({**chain(3), "steps": [
            {"id": f"s{i}", "label": 5} for i in range(20_000)]}),
    }
    files = {}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        files[name] = folder / name
    files["fifo.yaml"] = folder / "fifo.yaml"
    os.mkfifo(files["fifo.yaml"])
    files["dev-zero.yaml"] = folder / "dev-zero.yaml"
    files["dev-zero.yaml"].symlink_to("/dev/zero")
    files["folder.yaml"] = folder / "folder.yaml"
    files["folder.yaml"].mkdir()
    return files


@pytest.fixture(scope="session")
def chain_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid journey of 60,000 steps in a row (8 MB of JSON), made once per session."""
    path = tmp_path_factory.mktemp("chain") / "chain.json"
    path.write_text(as_json(chain(CHAIN_STEPS)), encoding="utf-8")
    return path


# -- every command refuses them ------------------------------------------------------------

HOSTILE_NAMES = ["alias-bomb.yaml", "deep.json", "deep.yaml", "deep-objects.json",
                 "deep-extra.json", "huge-integer.json", "huge-integer.yaml", "huge-count.json",
                 "control-characters.json", "long-key.yaml", "fifo.yaml", "dev-zero.yaml",
                 "folder.yaml"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_validate_refuses(hostile: dict[str, Path], name: str) -> None:
    assert_refused(journeys_cli("validate", hostile[name]), hostile[name], most=3)


SPECIAL_AND_BOMBS = ["alias-bomb.yaml", "fifo.yaml", "dev-zero.yaml"]
"""Every command reads through ``journeys.formats``; these three stand for the others."""
COMMANDS = {
    "show": lambda f, out: ["show", f],
    "analyze": lambda f, out: ["analyze", f],
    "compare": lambda f, out: ["compare", f, f],
    "hotspots": lambda f, out: ["hotspots", f],
    "convert": lambda f, out: ["convert", f, out / "out.json"],
    "export": lambda f, out: ["export", f, "--format", "csv", "-o", out / "out.csv"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", SPECIAL_AND_BOMBS)
def test_every_command_refuses(hostile: dict[str, Path], tmp_path: Path, name: str,
                               command: str) -> None:
    result = journeys_cli(*COMMANDS[command](hostile[name], tmp_path))
    assert_refused(result, hostile[name], most=3)
    assert not list(tmp_path.iterdir())  # nothing written


def test_hotspots_on_a_folder_with_special_files(hostile: dict[str, Path]) -> None:
    """A folder listing does not hang on a FIFO or read /dev/zero: each is named."""
    result = journeys_cli("hotspots", hostile["fifo.yaml"].parent)
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert f"{hostile['fifo.yaml']}: this is not a regular file" in result.stderr
    assert f"{hostile['dev-zero.yaml']}: this is not a regular file" in result.stderr


def test_4000_dangling_references_give_50_lines(hostile: dict[str, Path]) -> None:
    result = journeys_cli("validate", hostile["dangling.yaml"])
    assert_refused(result, hostile["dangling.yaml"], most=MAX_LINES + 1)
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{hostile['dangling.yaml']}: … and 3,950 more problems"
    assert len(result.stderr) < 12_000
    assert "use one of: s0, s1" not in lines[0] or "4,000 in all" in lines[0]


def test_many_type_errors_are_capped(hostile: dict[str, Path]) -> None:
    result = journeys_cli("validate", hostile["many-errors.json"])
    assert_refused(result, hostile["many-errors.json"], most=MAX_LINES + 1)
    assert result.stderr.splitlines()[-1].endswith("more problems")


# -- importers -----------------------------------------------------------------------------

BASE = {**chain(2), "id": "base"}
IMPORTS = {
    "front-matter-bomb.mmd": "---\n" + 'a: &a ["lol", "lol"]\n' + BOMB.replace(
        "h: &h", "title: &h") + "---\njourney\n  section A\n    Do: 3: Me\n",
    "front-matter-tag.mmd": "---\ntitle: !!python/object/apply:os.system [ls]\n---\n"
                            "journey\n  section A\n    Do: 3: Me\n",
    "giant-index.csv": "step,category,severity,mitigation_100000000_idea\ns0,forms,3,x\n",
    "endless-index.csv": "step,category,severity,mitigation_" + "9" * 5000 + "_idea\n"
                         "s0,forms,3,x\n",
    "deep-cell.csv": "step,category,severity,extra\ns0,forms,3," + "[" * 50_000
                     + "]" * 50_000 + "\n",
    "huge-integer-cell.csv": "step,category,severity,votes\ns0,forms,3," + "9" * 5000 + "\n",
    "huge-number-cell.csv": "step,category,severity,extra\ns0,forms,3,\"{\"\"a\"\": "
                            + "9" * 5000 + "}\"\n",
}


@pytest.fixture(scope="session")
def imports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("imports")
    files = {}
    for name, text in IMPORTS.items():
        files[name] = folder / name
        files[name].write_text(text, encoding="utf-8")
    files["base.json"] = folder / "base.json"
    files["base.json"].write_text(json.dumps(BASE), encoding="utf-8")
    files["fifo.mmd"] = folder / "fifo.mmd"
    os.mkfifo(files["fifo.mmd"])
    files["fifo.csv"] = folder / "fifo.csv"
    os.mkfifo(files["fifo.csv"])
    return files


@pytest.mark.parametrize("name", [*IMPORTS, "fifo.mmd", "fifo.csv"])
def test_import_refuses(imports: dict[str, Path], tmp_path: Path, name: str) -> None:
    onto = ["--onto", imports["base.json"]] if name.endswith(".csv") else []
    result = journeys_cli("import", imports[name], *onto, "-o", tmp_path / "out.yaml")
    assert_refused(result, imports[name])
    assert not (tmp_path / "out.yaml").exists()


def test_giant_mitigation_index_says_the_bound(imports: dict[str, Path], tmp_path: Path) -> None:
    result = journeys_cli("import", imports["giant-index.csv"], "--onto", imports["base.json"],
                          "-o", tmp_path / "out.yaml")
    assert result.stderr == (
        f"{imports['giant-index.csv']}: line 1: column 'mitigation_100000000_idea': a barrier "
        "has at most 99 mitigations — number the mitigation columns 1, 2, 3, …\n")


def test_front_matter_bomb_is_refused_by_the_strict_loader(imports: dict[str, Path],
                                                           tmp_path: Path) -> None:
    result = journeys_cli("import", imports["front-matter-bomb.mmd"], "-o", tmp_path / "o.yaml")
    assert "a YAML alias (*name) repeats the value" in result.stderr
    assert result.stderr.startswith(f"{imports['front-matter-bomb.mmd']}: line 2")  # &a


# -- the 60,000-step chain ----------------------------------------------------------------

CHAIN_COMMANDS = {
    "validate": lambda f, out: ["validate", f],
    "show": lambda f, out: ["show", f],
    "analyze": lambda f, out: ["analyze", f],
    "export-csv": lambda f, out: ["export", f, "--format", "csv", "-o", out / "o.csv"],
    "export-json": lambda f, out: ["export", f, "--format", "json", "-o", out / "o.json"],
    "export-mermaid": lambda f, out: ["export", f, "--format", "mermaid", "-o", out / "o.mmd"],
    "export-mermaid-journey": lambda f, out: ["export", f, "--format", "mermaid-journey",
                                              "-o", out / "o.mmd"],
    "hotspots": lambda f, out: ["hotspots", f],
    "compare": lambda f, out: ["compare", f, f],
    "analyze-json": lambda f, out: ["analyze", f, "--format", "json"],
    "network": lambda f, out: ["network", f],
    "offers-merge-check": lambda f, out: ["offers", "merge-check", f],
    "export-yaml": lambda f, out: ["export", f, "--format", "yaml", "-o", out / "o.yaml"],
    "convert-json-yaml": lambda f, out: ["convert", f, out / "c.yaml"],
    "convert-json-json": lambda f, out: ["convert", f, out / "c.json"],
    "export-graphml": lambda f, out: ["export", f, "--format", "graphml", "-o", out / "o.graphml"],
    "export-csv-tables": lambda f, out: ["export", f, "--format", "csv-tables", "-o", out / "t"],
}


@pytest.mark.parametrize("command", CHAIN_COMMANDS)
def test_a_60000_step_chain_goes_through(chain_file: Path, tmp_path: Path,
                                         command: str) -> None:
    result = journeys_cli(*CHAIN_COMMANDS[command](chain_file, tmp_path))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]


CHAIN_REFUSED = {
    "export-html": lambda f, out: ["export", f, "--format", "html", "-o", out / "o.html"],
    "export-pptx": lambda f, out: ["export", f, "--format", "pptx", "-o", out / "o.pptx"],
    "export-pptx-comparison": lambda f, out: ["export", ROOT / "sample_journeys" /
                                              "familienpass-antrag.yaml", f, "--format", "pptx",
                                              "-o", out / "o.pptx"],
    "export-png-map": lambda f, out: ["export", f, "--format", "png", "--figure", "map",
                                      "-o", out / "o.png"],
    "export-svg-map-parts": lambda f, out: ["export", f, "--format", "svg", "--figure", "map",
                                            "--parts", "-o", out / "o.svg"],
    "export-pdf-heatmap": lambda f, out: ["export", f, "--format", "pdf", "--figure",
                                          "heatmap", "-o", out / "o.pdf"],
    "export-png-bottlenecks": lambda f, out: ["export", f, "--format", "png", "--figure",
                                              "bottlenecks", "-o", out / "o.png"],
}
"""Figures, decks and reports of 60,000 steps: refused in one line before plotly loads
(``journeys.figure_limits``; plotly, pandas and the chain do not fit in 500 MB together)."""


@pytest.mark.parametrize("command", CHAIN_REFUSED)
def test_a_60000_step_chain_is_refused_by_figures_decks_and_reports(
        chain_file: Path, tmp_path: Path, command: str) -> None:
    result = journeys_cli(*CHAIN_REFUSED[command](chain_file, tmp_path))
    assert_refused(result, chain_file, most=1)
    assert not list(tmp_path.iterdir())


def test_a_report_of_the_largest_journey_it_takes_fits(tmp_path: Path) -> None:
    """5,000 steps (``MAX_EXPORT_STEPS``): every section but the figures that draw every
    step, under the same limits (the HTML report needs no browser)."""
    from journeys.figure_limits import MAX_EXPORT_STEPS

    path = tmp_path / "largest.json"
    path.write_text(as_json(chain(MAX_EXPORT_STEPS)), encoding="utf-8")
    result = journeys_cli("export", path, "--format", "html", "-o", tmp_path / "o.html")
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'id="chart-bottlenecks"' in (tmp_path / "o.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chain_copies(chain_file: Path) -> dict[str, Path]:
    """The chain as `export` writes it as YAML and as a Mermaid user journey, made once."""
    journey = load_journey(chain_file)
    copies = {"yaml": chain_file.with_suffix(".yaml"), "mmd": chain_file.with_suffix(".mmd")}
    copies["yaml"].write_text(dumps_journey(journey), encoding="utf-8")
    copies["mmd"].write_text(mermaid_journey(journey), encoding="utf-8")
    return copies


CHAIN_COPY_COMMANDS = {
    "convert-yaml-json": lambda c, out: ["convert", c["yaml"], out / "c.json"],
    "validate-yaml": lambda c, out: ["validate", c["yaml"]],
    "import-mermaid-journey": lambda c, out: ["import", c["mmd"], "-o", out / "i.yaml"],
}
"""(The chain's CSV tables imported take 4.0–4.5 s of CPU on a quiet machine, 4.6–5.6 s as
YAML or onto the chain itself: measured in benchmarks/bench_hostile.py, too close to the
limit for a test on a busy machine.)"""


@pytest.mark.parametrize("command", CHAIN_COPY_COMMANDS)
def test_the_chain_comes_back_from_what_export_writes(chain_copies: dict[str, Path],
                                                       tmp_path: Path, command: str) -> None:
    result = journeys_cli(*CHAIN_COPY_COMMANDS[command](chain_copies, tmp_path))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.fixture(scope="session")
def wide_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 steps, each on a stage and with an actor of its own."""
    path = tmp_path_factory.mktemp("wide") / "wide.json"
    path.write_text(as_json(wide(20_000)), encoding="utf-8")
    return path


@pytest.mark.parametrize("argv", [["show"], ["export", "--format", "mermaid"],
                                  ["export", "--format", "mermaid", "--lanes", "actor"]])
def test_a_stage_and_an_actor_per_step_costs_no_more(wide_file: Path, argv: list[str]) -> None:
    """A table or lane per stage or actor does not look at every step again (quadratic)."""
    result = journeys_cli(*argv[:1], wide_file, *argv[1:])
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize("argv", [["--format", "html"], ["--format", "svg", "--figure", "map"]])
def test_a_stage_and_an_actor_per_step_is_refused_by_figures(wide_file: Path, tmp_path: Path,
                                                              argv: list[str]) -> None:
    result = journeys_cli("export", wide_file, *argv, "-o", tmp_path / "out")
    assert_refused(result, wide_file, most=1)


# -- in process: reading, quoting, text ---------------------------------------------------


def test_read_bytes_reads_at_most_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 101)
    assert read_bytes(path, limit=101) == b"#" * 101
    with pytest.raises(JourneyFileError, match="too large"):
        read_bytes(path, limit=100)
    with pytest.raises(JourneyFileError, match="not a regular file"):
        read_bytes("/dev/zero")
    with pytest.raises(JourneyFileError, match="folder"):
        read_bytes(tmp_path)
    assert MAX_BYTES == 10 * 1024 * 1024


def test_an_error_quotes_a_short_sanitised_piece() -> None:
    """A non-journey file's lines never come back whole, nor its control characters."""
    text = json.dumps({"schema": "journey/1",
                       "Dies ist ein langer Brief \x1b[31m an das Amt" * 20: 1})
    with pytest.raises(JourneyInvalid) as caught:
        loads_journey(text.encode(), "json", name="letter.json")
    line = next(line for line in caught.value.lines() if "unknown field" in line)
    assert "unknown field 'Dies ist ein langer Brief \\x1b[31m an das A…'" in line
    assert "\x1b" not in str(caught.value)
    with pytest.raises(JourneyFileError) as caught:
        loads_journey(b"schema: journey/1\ntitle: a\x1bb\n", "yaml", name="letter.yaml")
    assert caught.value.lines() == [
        "letter.yaml: line 2: not valid YAML: the character '\\x1b' is not allowed in YAML "
        "text — remove it; a journey file holds text, numbers and dates only"]


@pytest.mark.parametrize("text", ["a\x00b", "\x01", "tab\x08", "x\ufffe", "\U0010ffff", "\x7f"])
def test_control_characters_are_refused_in_text(text: str) -> None:
    document = chain(2)
    document["actors"][0]["label"] = text
    with pytest.raises(JourneyInvalid) as caught:
        parse_journey(document)
    [line] = caught.value.lines()
    assert line.startswith("actors[0].label: contains the control character ")
    assert "\\" in line and "remove it" in line


def test_text_keeps_every_language_emoji_tabs_and_line_breaks() -> None:
    document = chain(2)
    document["title"] = "Ämter 😀 👨‍👩‍👧\tmit Tab\nund Zeile\r\n – ½ ẞ 漢字 עִבְרִית"
    assert parse_journey(document).title == document["title"]


def test_an_unknown_id_names_three_nearest_of_many() -> None:
    document = chain(2000)
    document["transitions"].append({"from": "s1999", "to": "s12345"})
    with pytest.raises(JourneyInvalid) as caught:
        parse_journey(document)
    [line] = caught.value.lines()
    assert line.startswith("transitions[1999].to: unknown step 's12345' — did you mean")
    document["transitions"][-1]["to"] = "completely-different"
    with pytest.raises(JourneyInvalid) as caught:
        parse_journey(document)
    assert caught.value.lines()[0].endswith("(2,000 in all)")


def test_lines_are_capped_and_counted_in_german() -> None:
    error = JourneyInvalid([JourneyError(f"p{i}").problems[0] for i in range(1051)], file="f")
    assert len(error.lines()) == MAX_LINES + 1
    assert error.lines()[-1] == "f: … and 1,001 more problems"
    assert error.lines("de")[-1] == "f: … und 1.001 weitere Probleme"
    assert JourneyInvalid(error.problems[:51]).lines()[-1] == "… and 1 more problem"


# -- text stays text in outputs ------------------------------------------------------------

DIRECTIVE = "%%{init: {'theme': 'dark', 'themeCSS': 'body{display:none}'}}%%"
MARKUP = '<a href="https://example.org">link</a> <span style="color:red">red</span>'


def _journey_with(text: str):
    document = chain(3)
    document["title"] = text
    document["steps"][0]["label"] = text
    document["steps"][0]["id"] = "x" + text.replace(" ", "")
    document["transitions"][0]["from"] = document["steps"][0]["id"]
    document["transitions"][0]["label"] = text
    document["stages"][0]["label"] = text
    document["actors"][0]["label"] = text
    return parse_journey(document)


def test_mermaid_outputs_carry_no_directive() -> None:
    journey = _journey_with(DIRECTIVE)
    for text in (mermaid_flowchart(journey), mermaid_flowchart(journey, lanes="actor"),
                 mermaid_journey(journey)):
        assert "%%{" not in text and "}%%" not in text
        assert all(not line.strip().startswith("%%") or "%" not in line.strip()[2:]
                   for line in text.splitlines())


def _strings(value: object):
    """Every text plotly renders (``meta`` holds the alt text, which it never draws)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key != "meta":
                yield from _strings(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings(inner)


@pytest.mark.parametrize("name", ["heatmap", "funnel", "emotion", "bottlenecks", "routes"])
def test_figures_show_markup_literally(name: str) -> None:
    from journeys.export import journey_figure

    document = {**chain(3), "title": MARKUP}
    for step in document["steps"]:
        step.update(label=MARKUP, reached=10, emotion=2)
    document["actors"][0]["label"] = MARKUP
    document["categories"] = [{"id": "own", "en": MARKUP}]
    document["steps"][0]["barriers"] = [{"category": "own", "severity": 3,
                                         "description": MARKUP}]
    fig = journey_figure(parse_journey(document), name, lang="en")
    texts = list(_strings(fig.to_plotly_json()))
    assert not [t for t in texts if "<a " in t or "<span style=\"color" in t]
    assert any("&lt;a href" in t for t in texts)


def test_comparison_figures_show_markup_literally() -> None:
    from journeys.figures import journeys_compared, portfolio_chart
    from journeys.hotspots import portfolio_hotspots

    one = {**chain(3), "title": MARKUP, "region": MARKUP, "tags": [MARKUP]}
    one["categories"] = [{"id": "own", "en": MARKUP}]
    one["steps"][0]["barriers"] = [{"category": "own", "severity": 3}]
    journeys = [parse_journey(one), parse_journey({**one, "id": "two"})]
    for fig in (journeys_compared(journeys, lang="en"),
                portfolio_chart(portfolio_hotspots(journeys, group_by="region"), lang="en",
                                group_by="region", journeys=journeys)):
        texts = list(_strings(fig.to_plotly_json()))
        assert not [t for t in texts if "<a " in t], fig.layout.title.text


def test_plain_wrap_never_cuts_an_entity() -> None:
    wrapped = theme.plain_wrap("<<<<<<<<<<<< &&&&&&", 5)
    assert wrapped.count("&lt;") >= 4 and "&amp;" in wrapped
    without = re.sub(r"&(lt|gt|amp);", "", wrapped.replace("<br>", ""))
    assert "&" not in without and "<" not in without and ">" not in without


def test_register_csv_prefixes_formulas() -> None:
    document = chain(2)
    document["steps"][0]["barriers"][0]["description"] = '=HYPERLINK("https://x","y")'
    text = register_csv(parse_journey(document))
    assert text.startswith("\ufeff") and not text.startswith("\ufeff\ufeff")
    assert "'=HYPERLINK" in text


def test_app_csv_downloads_prefix_formulas_and_have_one_bom() -> None:
    import pandas as pd

    from journeys.ui.exports import downloads
    from journeys.ui.widgets import csv_bytes

    table = pd.DataFrame({"=label": ['=HYPERLINK("https://x")', "+1", "-2", "@a", "\tx",
                                     "plain"], "n": [1, 2, 3, 4, 5, 6]})
    for lang in ("en", "de"):
        data = csv_bytes(table, lang).decode("utf-8")
        assert data.startswith("\ufeff") and not data.startswith("\ufeff\ufeff")
        assert "'=HYPERLINK" in data and "'+1" in data and "'-2" in data and "'@a" in data
        assert "'\tx" in data and "'=label" in data
    journey = load_journey(ROOT / "sample_journeys" / "familienpass-antrag.yaml")
    register = {key: make for key, make, _, _ in downloads(journey, "de")}["register"]()
    assert register.startswith(b"\xef\xbb\xbf") and not register.startswith(b"\xef\xbb\xbf" * 2)
