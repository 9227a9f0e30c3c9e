"""Who can reach the app: this computer only by default; a room's network only with
``--serve-room`` and the access key, which every tab must bring before it sees anything of
the workspace; and no request of the app's pages leaves the computer (it works offline)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journeys import access
from journeys.cli import main as cli_main
from journeys.commands import app as app_command
from journeys.commands.app import LOOPBACK, ROOM, command
from tests.served_app import answers, free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "barrier_app.py")
KEY = "room-key-2026"
SPORT = "sportverein-everswinkel"


@pytest.fixture
def workspace_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "workspace.db"
    monkeypatch.setenv("BARRIER_JOURNEYS_WORKSPACE", str(path))
    monkeypatch.delenv(access.ENVIRONMENT_VARIABLE, raising=False)
    return path


def tab(**params: str) -> AppTest:
    opened = AppTest.from_file(APP, default_timeout=120)
    for name, value in params.items():
        opened.query_params[name] = value
    opened.run()
    assert not opened.exception, opened.exception
    return opened


def shows_workspace(opened: AppTest) -> bool:
    """Whether anything of the workspace is on the page (the library lists its journeys)."""
    words = " ".join(str(e.value) for e in [*opened.markdown, *opened.caption, *opened.title])
    return "Sportverein" in words or "workspace" in words.lower() or bool(opened.selectbox)


# -- the gate --------------------------------------------------------------------------------
def test_without_a_key_configured_the_app_opens(workspace_path: Path) -> None:
    assert shows_workspace(tab(lang="en"))


def test_a_room_tab_without_the_key_sees_only_the_key_form(
        workspace_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(access.ENVIRONMENT_VARIABLE, KEY)
    for params in ({}, {"view": "map", "journey": SPORT}, {"view": "compare"}):
        opened = tab(lang="en", **params)
        assert not shows_workspace(opened)
        assert [field.label for field in opened.text_input] == ["Access key"]
        assert not opened.error
    assert not workspace_path.exists()  # not even opened


def test_a_wrong_key_in_the_link_is_refused(workspace_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(access.ENVIRONMENT_VARIABLE, KEY)
    opened = tab(lang="de", key=KEY[:-1])
    assert not shows_workspace(opened)
    assert [e.value for e in opened.error] == ["Dieser Schlüssel ist nicht der des Raums."]


def test_the_key_in_the_link_opens_the_app(workspace_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(access.ENVIRONMENT_VARIABLE, KEY)
    opened = tab(lang="en", key=KEY, view="map", journey=SPORT)
    assert shows_workspace(opened)
    assert not opened.text_input or "Access key" not in [f.label for f in opened.text_input]


def test_a_typed_key_opens_the_app_and_is_remembered_for_the_tab(
        workspace_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(access.ENVIRONMENT_VARIABLE, KEY)
    opened = tab(lang="en")
    opened.text_input[0].input("wrong-key-1")
    opened.button[0].click().run()
    assert [e.value for e in opened.error] == ["This key is not the room's key."]
    assert not shows_workspace(opened)
    opened.text_input[0].input(KEY)
    opened.button[0].click().run()
    assert shows_workspace(opened)
    assert opened.query_params["key"] == KEY
    del opened.query_params["key"]
    opened.run()
    assert shows_workspace(opened)  # the tab's session remembers it


def test_keys_are_compared_exactly() -> None:
    assert access.admits(None, None)
    assert access.admits(KEY, KEY)
    assert not access.admits(KEY, None)
    assert not access.admits(KEY, "")
    assert not access.admits(KEY, KEY + " ")
    assert len(access.new_key()) == 16 and access.new_key() != access.new_key()


# -- journeys app: the address and the printed links -----------------------------------------
def test_the_app_listens_on_the_loopback_interface_by_default() -> None:
    line = command(8600)
    assert line[line.index("--server.address") + 1] == LOOPBACK
    assert line[line.index("--logger.hideWelcomeMessage") + 1] == "true"
    room = command(8600, ROOM)
    assert room[room.index("--server.address") + 1] == "0.0.0.0"
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == LOOPBACK  # also for `streamlit run barrier_app.py`
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True


class _Started(Exception):
    """Stands in for the exec of the Streamlit server."""


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, workspace_path: Path) -> list:
    """``journeys app`` up to the exec, which is recorded instead of run."""
    calls: list = []

    def execve(program: str, argv: list[str], environment: dict) -> None:
        calls.append((argv, environment))
        raise _Started

    monkeypatch.setattr(app_command.os, "execve", execve)
    monkeypatch.setattr(app_command.os, "chdir", lambda folder: None)
    monkeypatch.setattr(app_command, "_room_address", lambda: "192.0.2.7")
    return calls


def test_journeys_app_prints_only_the_local_link(started: list, workspace_path: Path,
                                                 capsys) -> None:
    with pytest.raises(_Started):
        cli_main(["app", "--port", "8600"])
    assert capsys.readouterr().out == (
        f"workspace: {workspace_path}\napp: http://localhost:8600\n")
    argv, environment = started[0]
    assert argv[argv.index("--server.address") + 1] == LOOPBACK
    assert access.ENVIRONMENT_VARIABLE not in environment


def test_serve_room_makes_a_key_and_prints_the_room_link(started: list, workspace_path: Path,
                                                         capsys) -> None:
    with pytest.raises(_Started):
        cli_main(["app", "--port", "8600", "--serve-room"])
    argv, environment = started[0]
    key = environment[access.ENVIRONMENT_VARIABLE]
    assert len(key) == 16
    assert argv[argv.index("--server.address") + 1] == ROOM
    assert capsys.readouterr().out == (
        f"workspace: {workspace_path}\napp: http://localhost:8600/?key={key}\n"
        f"room: http://192.0.2.7:8600/?key={key}  (everyone with this link can see and edit "
        "every journey of the workspace)\n")


def test_serve_room_takes_a_given_key(started: list) -> None:
    with pytest.raises(_Started):
        cli_main(["app", "--serve-room", "--key", KEY])
    assert started[0][1][access.ENVIRONMENT_VARIABLE] == KEY


def test_a_short_key_is_refused(started: list, capsys) -> None:
    assert cli_main(["app", "--serve-room", "--key", "1234"]) == 1
    assert capsys.readouterr().err == (
        "the access key must be at least 8 printable characters without spaces at either end "
        "— leave out --key and a random key is made for you\n")
    assert not started


# -- in a real browser: the room's door, and nothing fetched from outside ---------------------
def _room_address() -> str | None:
    address = app_command._room_address()
    return None if address.startswith("127.") or not address[0].isdigit() else address


@contextlib.contextmanager
def _journeys_app(tmp_path: Path, *options: str) -> Iterator[int]:
    """``journeys app`` itself on a free port (the way users start it); yields the port."""
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "STREAMLIT_SERVER_HEADLESS": "true"}
    environment.pop(access.ENVIRONMENT_VARIABLE, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "journeys", "app", "--workspace", str(tmp_path / "w.db"),
         "--port", str(port), *options], cwd=tmp_path, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process, lambda: "journeys app")
        yield port
    finally:
        stop(process)


@pytest.mark.browser
def test_a_room_app_needs_the_key_and_fetches_nothing_from_outside(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    room = _room_address()
    with _journeys_app(tmp_path) as port:  # the default: this computer only
        if room:
            assert not answers(f"http://{room}:{port}/_stcore/health")
    with _journeys_app(tmp_path, "--serve-room", "--key", KEY) as port, \
            playwright.sync_playwright() as driver:
        if room:
            assert answers(f"http://{room}:{port}/_stcore/health")
        local = f"http://127.0.0.1:{port}"
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(locale="en-US")
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url)
                if not request.url.startswith((local, "data:", "blob:")) else None)
        page.goto(f"{local}/?view=map&journey={SPORT}")
        page.get_by_label("Access key").wait_for(timeout=60_000)
        assert "Sportverein" not in page.inner_text("body")
        for view in ("library", "map", "bottlenecks", "compare"):
            page.goto(f"{local}/?view={view}&journey={SPORT}&key={KEY}")
            page.get_by_text("Kind tritt mit BuT-Förderung").first.wait_for(timeout=60_000)
            page.wait_for_timeout(1500)  # charts, fonts and icons load
        browser.close()
    assert outside == []
