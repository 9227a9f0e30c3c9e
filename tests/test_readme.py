"""The README never lies: its set-up commands exist, CI runs the same test command, and every
``journeys`` command line it shows parses."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from journeys.cli import COMMAND_MODULES, build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    block = README.split("## Set-up", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_setup_is_exactly_two_commands_that_exist() -> None:
    commands = _setup_commands()
    assert commands == ["bash scripts/app.sh", "bash scripts/test.sh"]
    for command in commands:
        assert (ROOT / command.split()[1]).is_file()


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci


def test_app_script_starts_the_app() -> None:
    script = (ROOT / "scripts" / "app.sh").read_text(encoding="utf-8")
    assert "python -m journeys app" in script
    assert ". scripts/venv.sh requirements.txt" in script
    venv = (ROOT / "scripts" / "venv.sh").read_text(encoding="utf-8")
    assert "-m venv .venv" in venv  # never pip into the system Python (PEP 668)
    assert '-r "$bj_requirements"' in venv


@pytest.mark.parametrize("line", [
    line.split("#", 1)[0].strip() for line in re.findall(r"^journeys .*$", README, re.M)])
def test_readme_command_lines_parse(line: str) -> None:
    argv = shlex.split(line)[1:]
    args = build_parser(argv).parse_args(argv)
    assert hasattr(args, "run")


def test_help_lists_every_command() -> None:
    text = build_parser().format_help()
    for names in COMMAND_MODULES.values():
        for name in names:
            assert f"    {name} " in text


def test_file_commands_do_not_import_plotly() -> None:
    sample = ROOT / "sample_journeys" / "familienpass-antrag.yaml"
    code = ("import sys; from journeys.cli import main; "
            f"code = main(['validate', {str(sample)!r}]); "
            "print(code, 'plotly' in sys.modules, 'streamlit' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split()[-3:] == ["0", "False", "False"]


def test_app_starts_without_the_first_run_email_prompt() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["showEmailPrompt"] is False
