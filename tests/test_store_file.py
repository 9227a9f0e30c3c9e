"""The workspace file when it is not as the app left it: empty, read-only, edited by hand or
damaged. Each case is found when the workspace is opened (or the row is read) and is one clear
``WorkspaceError``, never a silent new workspace, a late failure or a bare ValueError."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from journeys import store
from journeys.cli import main as cli_main
from journeys.store import Workspace, WorkspaceError
from models import Journey, JourneyError, parse_journey
from tests.conftest import SAMPLE_DIR, TINY_JOURNEY


@pytest.fixture
def tiny() -> Journey:
    return parse_journey(TINY_JOURNEY)


@pytest.fixture
def path(tmp_path: Path, tiny: Journey) -> Path:
    """A closed workspace holding ``tiny`` at revision 2 (revision 1 is an older title)."""
    file = tmp_path / "workspace.db"
    with Workspace(file) as workspace:
        workspace.create(tiny)
        workspace.save(tiny.model_copy(update={"title": "Tiny 2"}), expected_revision=1)
        workspace.put_draft("tiny", "rows", {"steps": []})
    return file


def tamper(path: Path, statement: str) -> None:
    """Change the file behind the app's back, as a hand edit or a bad tool would."""
    with sqlite3.connect(path) as db:
        db.execute(statement)
    db.close()


@pytest.fixture
def unwritable(monkeypatch: pytest.MonkeyPatch):
    """Make files or folders unwritable for the workspace; as root (whom permissions do not
    stop) by making ``os.access`` answer as it would for anyone else."""
    def make(*paths: Path) -> None:
        for target in paths:
            target.chmod(0o555 if target.is_dir() else 0o444)
        if os.geteuid() == 0:
            real = os.access
            locked = {str(p) for p in paths}
            monkeypatch.setattr(store.os, "access", lambda p, mode: (
                False if mode == os.W_OK and str(p) in locked else real(p, mode)))
    yield make


# -- empty --------------------------------------------------------------------------------------
def test_an_empty_file_is_not_silently_a_new_workspace(tmp_path: Path) -> None:
    empty = tmp_path / "workspace.db"
    empty.touch()
    with pytest.raises(WorkspaceError) as caught:
        Workspace(empty)
    assert caught.value.lines() == [
        f"{empty}: the workspace file is empty (0 bytes): it holds no journeys — if it held "
        "journeys, restore a backup; to start a new workspace, delete the empty file or name a "
        "new one"]
    assert empty.stat().st_size == 0


def test_journeys_app_names_an_empty_workspace(tmp_path: Path, capsys,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def no_server(*args: object) -> None:
        raise AssertionError("the app must not start")

    monkeypatch.setattr(os, "execve", no_server)
    (tmp_path / "w.db").touch()
    assert cli_main(["app", "--workspace", str(tmp_path / "w.db")]) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'w.db'}: the workspace file is "
                                              "empty (0 bytes)")


# -- read-only ----------------------------------------------------------------------------------
def test_a_read_only_file_opens_read_only(path: Path, unwritable,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    unwritable(path)
    with Workspace(path) as workspace:
        assert workspace.read_only
        assert workspace.get("tiny").journey.title == "Tiny 2"
        assert [s.id for s in workspace.summaries()] == ["tiny"]
        assert workspace.get_draft("tiny", "rows") == {"steps": []}
        with pytest.raises(WorkspaceError) as caught:
            workspace.rename("tiny", "Other", expected_revision=2)
        assert caught.value.message == ("the workspace is open read-only: the file or its "
                                        "folder cannot be written")
        assert caught.value.hint.startswith("nothing was changed")
        assert workspace.seed_from(SAMPLE_DIR) == 0
    monkeypatch.undo()
    path.chmod(0o644)
    with Workspace(path) as workspace:
        assert not workspace.read_only
        assert workspace.get("tiny").revision == 2


def test_an_existing_workspace_in_a_read_only_folder_opens_read_only(path: Path,
                                                                       unwritable) -> None:
    unwritable(path.parent)
    try:
        with Workspace(path) as workspace:
            assert workspace.read_only
            assert workspace.history("tiny")[0].title == "Tiny 2"
            with pytest.raises(WorkspaceError, match="open read-only"):
                workspace.put_draft("tiny", "rows", [])
    finally:
        path.parent.chmod(0o755)


def test_a_writable_workspace_is_not_read_only(path: Path) -> None:
    with Workspace(path) as workspace:
        assert not workspace.read_only


# -- edited by hand or damaged ------------------------------------------------------------------
@pytest.mark.parametrize("column", ["changed_at", "deleted_at"])
def test_a_tampered_time_stamp_is_a_workspace_error(path: Path, column: str) -> None:
    tamper(path, f"UPDATE journeys SET {column} = 'last tuesday'")
    with Workspace(path) as workspace, pytest.raises(WorkspaceError) as caught:
        workspace.get("tiny")
    assert caught.value.message == "the workspace holds a damaged time stamp 'last tuesday'"
    assert caught.value.location == "tiny"
    assert caught.value.hint.startswith("restore a backup")


def test_a_tampered_revision_time_is_a_workspace_error(path: Path) -> None:
    tamper(path, "UPDATE revisions SET saved_at = '2024-13-45' WHERE number = 1")
    with Workspace(path) as workspace, pytest.raises(WorkspaceError, match="damaged time"):
        workspace.history("tiny")


@pytest.mark.parametrize("data", ["{not json", "42", '"text"', "[" * 100_000])
def test_a_tampered_draft_is_a_workspace_error(path: Path, data: str) -> None:
    tamper(path, f"UPDATE drafts SET data = '{data}'")
    with Workspace(path) as workspace, pytest.raises(WorkspaceError) as caught:
        workspace.get_draft("tiny", "rows")
    assert caught.value.message == "the draft 'rows' of this journey is damaged"
    assert caught.value.location == "tiny"


def test_damaged_revisions_are_named_by_number(path: Path, capsys) -> None:
    tamper(path, "UPDATE revisions SET content = substr(content, 1, 40) WHERE number = 1")
    with Workspace(path) as workspace:
        assert workspace.get("tiny").revision == 2  # the rest of the journey still works
        with pytest.raises(WorkspaceError) as caught:
            workspace.revision("tiny", 1)
        read, damaged = workspace.check()
    assert caught.value.message.startswith("revision 1 is damaged: ")
    assert caught.value.location == "tiny"
    assert caught.value.hint.endswith("or restore another revision from the history")
    assert (read, [(e.location, e.message) for e in damaged]) == (
        2, [("tiny", caught.value.message)])
    assert cli_main(["app", "--check", "--workspace", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}: tiny: revision 1 is damaged: ")
    assert len(out.splitlines()) == 1
    assert err == f"{path}: 2 revisions read, 1 damaged\n"


def test_a_healthy_workspace_checks_clean(path: Path, capsys) -> None:
    assert cli_main(["app", "--check", "--workspace", str(path)]) == 0
    assert capsys.readouterr() == ("", f"{path}: 2 revisions read, 0 damaged\n")


def test_a_revision_that_breaks_the_format_names_its_number(path: Path) -> None:
    tamper(path, """UPDATE revisions SET content = '{"schema": "journey/1"}' WHERE number = 2""")
    with Workspace(path) as workspace, pytest.raises(WorkspaceError) as caught:
        workspace.get("tiny")
    assert caught.value.message == "revision 2 is damaged: id: is missing — add `id:`"


def test_a_damaged_page_is_found_on_open(tmp_path: Path) -> None:
    file = tmp_path / "workspace.db"
    with Workspace(file) as workspace:
        workspace.seed_from(SAMPLE_DIR)
    data = bytearray(file.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page: 5 * page] = b"\x13\x37" * page  # two pages of the revisions overwritten
    file.write_bytes(bytes(data))
    with pytest.raises(WorkspaceError) as caught:
        Workspace(file)
    assert caught.value.message.startswith("the workspace file is damaged")
    assert caught.value.file == str(file)


# -- what the app and `journeys app` say ---------------------------------------------------------
def test_the_app_says_read_only_at_the_top(path: Path, unwritable,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from journeys.ui.widgets import escape
    from tests.test_app_access import APP

    unwritable(path)
    monkeypatch.setenv("BARRIER_JOURNEYS_WORKSPACE", str(path))
    monkeypatch.delenv("BARRIER_JOURNEYS_ACCESS_KEY", raising=False)
    tab = AppTest.from_file(APP, default_timeout=120)
    tab.query_params["lang"] = "en"
    tab.run()
    assert not tab.exception
    assert [w.value for w in tab.warning] == [
        f"The workspace file {escape(str(path))} cannot be written, so it is open read-only: "
        "you can look at every journey, but no change is saved."]


def test_journeys_app_says_read_only(path: Path, unwritable, capsys,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def no_server(*args: object) -> None:
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", no_server)
    monkeypatch.setattr(os, "chdir", lambda folder: None)
    monkeypatch.delenv("BARRIER_JOURNEYS_ACCESS_KEY", raising=False)
    unwritable(path)
    with pytest.raises(SystemExit):
        cli_main(["app", "--workspace", str(path)])
    assert capsys.readouterr().out == (
        f"workspace: {path} (read-only: no change will be saved)\napp: http://localhost:8501\n")


def test_a_backup_never_goes_into_a_device_or_pipe(path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "backup.db"
    os.mkfifo(fifo)
    with Workspace(path) as workspace, pytest.raises(JourneyError) as caught:
        workspace.backup(fifo)
    assert caught.value.message == "this is a device, pipe or socket, not a file"
