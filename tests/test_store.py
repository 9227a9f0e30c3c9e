"""The workspace store: revisions, undo/redo, conflicts between tabs, drafts, files on disk."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeys.store as store_module
from journeys.formats import (
    MAX_BYTES,
    dumps_journey,
    journey_paths,
    load_journey,
    loads_journey,
    to_document,
)
from journeys.store import (
    ENVIRONMENT_VARIABLE,
    AlreadyExists,
    Conflict,
    Deleted,
    NotFound,
    StoredJourney,
    Workspace,
    WorkspaceError,
    default_workspace_path,
)
from models import Journey, JourneyError, JourneyInvalid, parse_journey
from tests.conftest import SAMPLE_DIR, SAMPLES, TINY_JOURNEY
from tests.hostile import as_json, chain

try:
    from tests.strategies import journeys as journey_strategy
except ImportError:  # written by another helper; the property test waits for it
    journey_strategy = None


def changed(journey: Journey | dict, **fields: object) -> Journey:
    """A valid copy of the journey with some top-level fields replaced."""
    document = to_document(journey) if isinstance(journey, Journey) else journey
    return parse_journey({**document, **fields})


def text(journey: Journey) -> str:
    """Journeys are the same when they save to the same bytes (what the user set, in order)."""
    return dumps_journey(journey)


@pytest.fixture
def tiny() -> Journey:
    return parse_journey(TINY_JOURNEY)


@pytest.fixture
def workspace(tmp_path: Path):
    with Workspace(tmp_path / "workspace.db") as opened:
        yield opened


# -- create, get, save ------------------------------------------------------------------------
def test_create_then_get_gives_the_same_journey(workspace: Workspace, tiny: Journey) -> None:
    created = workspace.create(tiny)
    stored = workspace.get("tiny")
    assert (created.revision, stored.revision) == (1, 1)
    assert (stored.can_undo, stored.can_redo) == (False, False)
    assert stored.id == "tiny"
    assert text(stored.journey) == text(tiny)
    assert stored.updated_at.tzinfo == dt.UTC
    assert workspace.history("tiny")[0].note == "created"


def test_save_adds_a_revision_and_unchanged_content_adds_none(workspace: Workspace,
                                                              tiny: Journey) -> None:
    workspace.create(tiny)
    saved = workspace.save(changed(tiny, title="Second"), expected_revision=1, note="title")
    assert (saved.revision, saved.can_undo, saved.can_redo) == (2, True, False)
    again = workspace.save(changed(tiny, title="Second"), expected_revision=2)
    assert again.revision == 2
    assert [(r.number, r.note, r.is_head) for r in workspace.history("tiny")] == [
        (2, "title", True), (1, "created", False)]
    assert workspace.get("tiny").journey.title == "Second"


def test_summaries_count_steps_and_barriers_exactly(workspace: Workspace, tiny: Journey) -> None:
    workspace.create(tiny)
    workspace.create(changed(tiny, id="other", title="Über 👶", region="Everswinkel",
                             owner="Jobcenter", language="de", steps=TINY_JOURNEY["steps"][-1:],
                             transitions=[]))
    rows = {s.id: s for s in workspace.summaries()}
    assert [(s.title, s.region, s.owner, s.language, s.steps, s.barriers, s.revision, s.deleted)
            for s in (rows["tiny"], rows["other"])] == [
        ("Child joins a sports club", None, None, "en", 5, 5, 1, False),
        ("Über 👶", "Everswinkel", "Jobcenter", "de", 1, 1, 1, False)]
    assert [s.id for s in workspace.summaries()] == ["other", "tiny"]  # newest change first


def test_saving_an_unknown_id_is_not_found(workspace: Workspace, tiny: Journey) -> None:
    with pytest.raises(NotFound) as caught:
        workspace.save(tiny, expected_revision=1)
    assert caught.value.message == "no journey with id 'tiny' in this workspace"
    assert caught.value.hint == "open one from the library; it may have been renamed or purged"
    assert isinstance(caught.value, JourneyError)


def test_create_refuses_a_taken_id_and_suggests_a_free_one(workspace: Workspace,
                                                           tiny: Journey) -> None:
    workspace.create(tiny)
    with pytest.raises(AlreadyExists) as caught:
        workspace.create(tiny)
    assert caught.value.message == "a journey with id 'tiny' exists already"
    assert caught.value.hint == "use a free id such as 'tiny-2'"
    workspace.create(changed(tiny, id="tiny-2"))
    assert workspace.free_id("tiny") == "tiny-3"
    assert workspace.free_id("new") == "new"


def test_umlauts_and_emoji_survive_reopening(tmp_path: Path, tiny: Journey) -> None:
    journey = changed(tiny, title="Kita-Platz für Ünal 👶 – „schnell“", persona="Mutter, 36 ☕")
    with Workspace(tmp_path / "w.db") as workspace:
        workspace.create(journey)
    with Workspace(tmp_path / "w.db") as workspace:
        stored = workspace.get("tiny")
        assert stored.journey.title == "Kita-Platz für Ünal 👶 – „schnell“"
        assert text(stored.journey) == text(journey)
        assert workspace.summaries()[0].title == "Kita-Platz für Ünal 👶 – „schnell“"


def test_extra_values_json_cannot_hold_keep_their_type(tmp_path: Path, tiny: Journey) -> None:
    document = dumps_journey(tiny) + "extra:\n  since: 2022-03-10\n  plain: [1, 2.5]\n"
    journey = loads_journey(document, "yaml")
    with Workspace(tmp_path / "w.db") as workspace:
        workspace.create(journey)
        workspace.save(changed(journey, title="Two"), expected_revision=1)
    with Workspace(tmp_path / "w.db") as workspace:
        stored = workspace.get("tiny").journey
        assert stored.extra == {"since": dt.date(2022, 3, 10), "plain": [1, 2.5]}
        assert text(stored) == text(changed(journey, title="Two"))
        assert text(workspace.revision("tiny", 1)) == text(journey)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_round_trips_through_the_store(workspace: Workspace, sample: Path) -> None:
    journey = load_journey(sample)
    workspace.create(journey)
    assert text(workspace.get(journey.id).journey) == text(journey)


# -- two tabs ---------------------------------------------------------------------------------
def test_a_stale_tab_gets_a_conflict_and_keeps_its_edit_as_a_copy(tmp_path: Path,
                                                                  tiny: Journey) -> None:
    path = tmp_path / "workspace.db"
    with Workspace(path) as tab_a, Workspace(path) as tab_b:
        tab_a.create(tiny)
        start_a, start_b = tab_a.get("tiny"), tab_b.get("tiny")
        tab_a.save(changed(start_a.journey, title="Edit A"), expected_revision=start_a.revision)
        edit_b = changed(start_b.journey, title="Edit B")
        with pytest.raises(Conflict) as caught:
            tab_b.save(edit_b, expected_revision=start_b.revision)
        assert re.fullmatch(r"someone else saved revision 2 at \d\d:\d\d \(your change started "
                            r"from revision 1\); nothing was overwritten", caught.value.message)
        assert caught.value.hint == "reload to see their version, or save yours as a copy"
        assert (caught.value.current_revision, caught.value.expected_revision) == (2, 1)
        assert tab_b.get("tiny").journey.title == "Edit A"
        assert len(tab_a.history("tiny")) == 2

        copy = tab_b.save_copy(edit_b)
        assert (copy.id, copy.journey.title, copy.revision) == ("tiny-2", "Edit B (copy)", 1)
        assert text(changed(copy.journey, id="tiny", title="Edit B")) == text(edit_b)
        assert tab_a.get("tiny-2").journey.title == "Edit B (copy)"
        assert tab_a.history("tiny-2")[0].note == "copy of tiny"


def test_copy_of_a_german_journey_says_kopie(workspace: Workspace, tiny: Journey) -> None:
    german = changed(tiny, language="de", title="Sportverein")
    assert workspace.save_copy(german).journey.title == "Sportverein (Kopie)"
    named = workspace.save_copy(german, new_id="eigene", title_suffix="")
    assert (named.id, named.journey.title) == ("eigene", "Sportverein")
    with pytest.raises(AlreadyExists):
        workspace.save_copy(german, new_id="eigene")


def test_a_stale_undo_is_a_conflict_too(tmp_path: Path, tiny: Journey) -> None:
    path = tmp_path / "workspace.db"
    with Workspace(path) as tab_a, Workspace(path) as tab_b:
        tab_a.create(tiny)
        tab_a.save(changed(tiny, title="Two"), expected_revision=1)
        seen_by_b = tab_b.get("tiny").revision
        tab_a.undo("tiny", expected_revision=2)
        with pytest.raises(Conflict) as caught:
            tab_b.undo("tiny", expected_revision=seen_by_b)
        assert caught.value.current_revision == 1
        assert tab_b.get("tiny").journey.title == tiny.title


@pytest.mark.parametrize("shared", [True, False], ids=["one object", "one object per thread"])
def test_two_threads_saving_alternately_never_lose_a_revision(tmp_path: Path, tiny: Journey,
                                                              shared: bool) -> None:
    path, edits = tmp_path / "workspace.db", 15
    with Workspace(path) as first:
        first.create(tiny)
        errors: list[BaseException] = []

        def tab(name: str) -> None:
            workspace = first if shared else Workspace(path)
            try:
                for number in range(edits):
                    while True:
                        stored = workspace.get("tiny")
                        tags = [*stored.journey.tags, f"{name}-{number}"]
                        try:
                            workspace.save(changed(stored.journey, tags=tags),
                                           expected_revision=stored.revision)
                            break
                        except Conflict:
                            continue
            except BaseException as error:  # reported below: a thread cannot fail the test
                errors.append(error)
            finally:
                if not shared:
                    workspace.close()

        threads = [threading.Thread(target=tab, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        final = first.get("tiny")
        assert sorted(final.journey.tags) == sorted(
            f"{name}-{n}" for name in ("a", "b") for n in range(edits))
        assert final.revision == 2 * edits + 1
        history = first.history("tiny")
        assert [r.number for r in history] == list(range(2 * edits + 1, 0, -1))
        assert [r.parent for r in history] == [*range(2 * edits, 0, -1), None]


# -- undo, redo, history ----------------------------------------------------------------------
def test_undo_and_redo_follow_the_documented_line(workspace: Workspace, tiny: Journey) -> None:
    def title(stored: StoredJourney) -> tuple:
        return stored.revision, stored.journey.title, stored.can_undo, stored.can_redo

    workspace.create(changed(tiny, title="one"))
    workspace.save(changed(tiny, title="two"), expected_revision=1)
    workspace.save(changed(tiny, title="three"), expected_revision=2)
    assert title(workspace.undo("tiny", expected_revision=3)) == (2, "two", True, True)
    assert title(workspace.undo("tiny", expected_revision=2)) == (1, "one", False, True)
    with pytest.raises(WorkspaceError) as caught:
        workspace.undo("tiny", expected_revision=1)
    assert caught.value.message == "nothing to undo"
    assert title(workspace.redo("tiny", expected_revision=1)) == (2, "two", True, True)
    assert title(workspace.redo("tiny", expected_revision=2)) == (3, "three", True, False)
    with pytest.raises(WorkspaceError) as caught:
        workspace.redo("tiny", expected_revision=3)
    assert caught.value.message == "nothing to redo"
    assert title(workspace.get("tiny")) == (3, "three", True, False)

    # a save after undo leaves revision 3 off the undo/redo line, but in the history
    workspace.undo("tiny", expected_revision=3)
    assert title(workspace.save(changed(tiny, title="four"), expected_revision=2)) == (
        4, "four", True, False)
    assert title(workspace.undo("tiny", expected_revision=4)) == (2, "two", True, True)
    assert title(workspace.redo("tiny", expected_revision=2)) == (4, "four", True, False)
    assert [(r.number, r.parent, r.title, r.is_head) for r in workspace.history("tiny")] == [
        (4, 2, "four", True), (3, 2, "three", False), (2, 1, "two", False),
        (1, None, "one", False)]
    with pytest.raises(Conflict):
        workspace.undo("tiny", expected_revision=3)


def test_undo_moves_updated_at_and_the_library_row(workspace: Workspace, tiny: Journey) -> None:
    workspace.create(tiny)
    saved = workspace.save(changed(tiny, title="Two", steps=TINY_JOURNEY["steps"][-1:],
                                   transitions=[]), expected_revision=1)
    assert (workspace.summaries()[0].steps, workspace.summaries()[0].barriers) == (1, 1)
    undone = workspace.undo("tiny", expected_revision=2)
    assert undone.updated_at > saved.updated_at
    row = workspace.summaries()[0]
    assert (row.title, row.steps, row.barriers, row.revision, row.updated_at) == (
        tiny.title, 5, 5, 1, undone.updated_at)


def test_restore_revision_makes_a_new_revision(workspace: Workspace, tiny: Journey) -> None:
    workspace.create(tiny)
    workspace.save(changed(tiny, title="Two"), expected_revision=1)
    workspace.save(changed(tiny, title="Three"), expected_revision=2)
    assert workspace.revision("tiny", 1).title == tiny.title
    restored = workspace.restore_revision("tiny", 1, expected_revision=3)
    assert (restored.revision, restored.journey.title) == (4, tiny.title)
    assert text(restored.journey) == text(tiny)
    assert workspace.history("tiny")[0].note == "restored revision 1"
    assert workspace.undo("tiny", expected_revision=4).journey.title == "Three"
    with pytest.raises(Conflict):
        workspace.restore_revision("tiny", 2, expected_revision=4)
    with pytest.raises(NotFound) as caught:
        workspace.revision("tiny", 9)
    assert caught.value.message == "journey 'tiny' has no revision 9"


def test_rename_changes_the_title_as_a_revision(workspace: Workspace, tiny: Journey) -> None:
    workspace.create(tiny)
    renamed = workspace.rename("tiny", "Neuer Titel", expected_revision=1)
    assert (renamed.revision, renamed.journey.title) == (2, "Neuer Titel")
    assert workspace.history("tiny")[0].note == "renamed"
    with pytest.raises(Conflict):
        workspace.rename("tiny", "Other", expected_revision=1)
    with pytest.raises(WorkspaceError) as caught:
        workspace.rename("tiny", "  ", expected_revision=2)
    assert caught.value.message == "the title is empty"
    assert workspace.get("tiny").journey.title == "Neuer Titel"


def test_rename_id_moves_revisions_and_drafts(workspace: Workspace, tiny: Journey) -> None:
    workspace.create(tiny)
    workspace.save(changed(tiny, title="Two"), expected_revision=1)
    workspace.put_draft("tiny", "steps", [{"id": "half"}])
    workspace.put_draft("sport", "steps", ["left over, no journey has this id"])
    moved = workspace.rename_id("tiny", "sport", expected_revision=2)
    assert (moved.id, moved.revision, moved.journey.title) == ("sport", 3, "Two")
    with pytest.raises(NotFound):
        workspace.get("tiny")
    assert [r.number for r in workspace.history("sport")] == [3, 2, 1]
    assert workspace.history("sport")[0].note == "id tiny → sport"
    assert workspace.revision("sport", 1).id == "sport"
    assert workspace.undo("sport", expected_revision=3).id == "sport"
    assert workspace.get_draft("sport", "steps") == [{"id": "half"}]
    assert workspace.get_draft("tiny", "steps") is None
    workspace.create(tiny)
    with pytest.raises(AlreadyExists):
        workspace.rename_id("sport", "tiny", expected_revision=2)
    with pytest.raises(JourneyInvalid):
        workspace.rename_id("sport", "Not A Slug", expected_revision=2)


def test_save_needs_the_id_that_is_stored(workspace: Workspace, tiny: Journey) -> None:
    workspace.create(tiny)
    with pytest.raises(NotFound):
        workspace.save(changed(tiny, id="renamed"), expected_revision=1)
    assert [s.id for s in workspace.summaries()] == ["tiny"]


# -- delete, restore, purge -------------------------------------------------------------------
def test_delete_hides_and_restore_brings_back(workspace: Workspace, tiny: Journey) -> None:
    workspace.create(tiny)
    workspace.save(changed(tiny, title="Two"), expected_revision=1)
    workspace.delete("tiny")
    assert workspace.summaries() == []
    assert [(s.id, s.deleted) for s in workspace.summaries(include_deleted=True)] == [
        ("tiny", True)]
    with pytest.raises(Deleted) as caught:
        workspace.get("tiny")
    assert re.fullmatch(r"journey 'tiny' was deleted at \d{4}-\d\d-\d\d \d\d:\d\d",
                        caught.value.message)
    assert caught.value.hint == "restore it from the library (show deleted), or save a copy"
    with pytest.raises(Deleted):
        workspace.save(changed(tiny, title="Three"), expected_revision=2)
    with pytest.raises(AlreadyExists) as exists:
        workspace.create(tiny)
    assert exists.value.message == "a deleted journey with id 'tiny' exists already"
    assert exists.value.hint == "restore the deleted journey, or use a free id such as 'tiny-2'"
    assert len(workspace.history("tiny")) == 2
    restored = workspace.restore("tiny")
    assert (restored.revision, restored.journey.title, restored.can_undo) == (2, "Two", True)
    assert [s.deleted for s in workspace.summaries()] == [False]


def test_purge_only_removes_deleted_journeys(workspace: Workspace, tiny: Journey) -> None:
    workspace.create(tiny)
    workspace.put_draft("tiny", "steps", [1])
    with pytest.raises(WorkspaceError) as caught:
        workspace.purge("tiny")
    assert caught.value.message == "only deleted journeys can be purged"
    workspace.delete("tiny")
    workspace.purge("tiny")
    assert workspace.summaries(include_deleted=True) == []
    assert workspace.get_draft("tiny", "steps") is None
    with pytest.raises(NotFound):
        workspace.restore("tiny")
    assert workspace.create(tiny).revision == 1
    assert [r.number for r in workspace.history("tiny")] == [1]


# -- seeding ----------------------------------------------------------------------------------
def test_seed_imports_the_samples_once(tmp_path: Path) -> None:
    files = journey_paths(SAMPLE_DIR)
    with Workspace(tmp_path / "workspace.db") as workspace:
        assert workspace.seed_from(SAMPLE_DIR) == len(files) > 0
        assert sorted(s.id for s in workspace.summaries()) == sorted(
            load_journey(f).id for f in files)
        assert {r.note for s in workspace.summaries() for r in workspace.history(s.id)} == {
            "sample"}
        for summary in workspace.summaries():
            workspace.delete(summary.id)
            workspace.purge(summary.id)
    with Workspace(tmp_path / "workspace.db") as workspace:
        assert workspace.seed_from(SAMPLE_DIR) == 0
        assert workspace.summaries() == []


def test_seed_never_touches_a_workspace_with_journeys(workspace: Workspace, tiny: Journey,
                                                      tmp_path: Path) -> None:
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "tiny.json").write_text(json.dumps(TINY_JOURNEY), encoding="utf-8")
    workspace.create(changed(tiny, title="Mine"))
    assert workspace.seed_from(tmp_path / "samples") == 0
    assert workspace.get("tiny").journey.title == "Mine"


def test_a_broken_sample_imports_nothing_and_says_which(workspace: Workspace,
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "samples"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(TINY_JOURNEY), encoding="utf-8")
    (folder / "b.yaml").write_text("schema: journey/1\nid: [broken\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a journey", encoding="utf-8")
    with pytest.raises(JourneyError) as caught:
        workspace.seed_from(folder)
    assert caught.value.file == str(folder / "b.yaml")
    assert workspace.summaries() == []
    (folder / "b.yaml").unlink()
    with pytest.raises(WorkspaceError) as missing:
        workspace.seed_from(tmp_path / "missing")
    assert missing.value.message.startswith("cannot read the samples folder")
    assert workspace.seed_from(folder) == 1


# -- drafts -----------------------------------------------------------------------------------
def test_drafts_survive_reopening_and_can_be_dropped(tmp_path: Path) -> None:
    rows = [{"id": "neu", "label": "Zählt 👣", "severity": None, "share": math.inf}]
    with Workspace(tmp_path / "w.db") as workspace:
        assert workspace.get_draft("tiny", "steps") is None
        workspace.put_draft("tiny", "steps", [{"id": "old"}])
        workspace.put_draft("tiny", "steps", rows)
        workspace.put_draft("tiny", "barriers", {"rows": []})
    with Workspace(tmp_path / "w.db") as workspace:
        assert workspace.get_draft("tiny", "steps") == rows
        workspace.drop_draft("tiny", "steps")
        assert workspace.get_draft("tiny", "steps") is None
        assert workspace.get_draft("tiny", "barriers") == {"rows": []}
        with pytest.raises(WorkspaceError) as caught:
            workspace.put_draft("tiny", "steps", [{"when": dt.date(2024, 1, 2)}])
        assert caught.value.message.startswith("a draft must be JSON data")


# -- the file on disk -------------------------------------------------------------------------
def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace(tmp_path / "nope" / "workspace.db")
    assert caught.value.message == f"the folder {tmp_path / 'nope'} does not exist"
    assert ENVIRONMENT_VARIABLE in caught.value.hint


def test_a_folder_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace(tmp_path)
    assert caught.value.message == "this is a folder, not a workspace file"


def test_a_damaged_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    path.write_bytes(b"this is not SQLite at all, just some text\n" * 100)
    with pytest.raises(WorkspaceError) as caught:
        Workspace(path)
    assert caught.value.message == "the workspace file is damaged or is not a workspace"
    assert caught.value.file == str(path)
    assert caught.value.hint.startswith("restore a backup")


def test_another_sqlite_file_is_not_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (name TEXT)")
    db.close()
    with pytest.raises(WorkspaceError) as caught:
        Workspace(path)
    assert caught.value.message.startswith("this SQLite file is not a Barrier Journeys")


def test_a_newer_workspace_format_is_refused(tmp_path: Path) -> None:
    Workspace(tmp_path / "w.db").close()
    with sqlite3.connect(tmp_path / "w.db") as db:
        db.execute("UPDATE schema_version SET version = 2")
    db.close()
    with pytest.raises(WorkspaceError) as caught:
        Workspace(tmp_path / "w.db")
    assert caught.value.message == ("the workspace has format version 2; this program reads "
                                    "version 1")
    assert caught.value.hint == "update barrier-journeys"


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:  # even root cannot create files in /proc
        Workspace("/proc/workspace.db")
    assert caught.value.message in ("the folder /proc is not writable",
                                    "cannot write the workspace file or its folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(WorkspaceError) as caught:
            Workspace(folder / "workspace.db")
        assert caught.value.message == f"the folder {folder} is not writable"
    finally:
        folder.chmod(0o700)


def test_backup_is_a_complete_workspace(workspace: Workspace, tiny: Journey,
                                        tmp_path: Path) -> None:
    workspace.create(tiny)
    workspace.save(changed(tiny, title="Two"), expected_revision=1)
    target = workspace.backup(tmp_path / "backup.db")
    with Workspace(target) as copy:
        assert (copy.get("tiny").revision, len(copy.history("tiny"))) == (2, 2)


def test_default_path_comes_from_the_environment(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(tmp_path / "team.db"))
    assert default_workspace_path() == tmp_path / "team.db"
    monkeypatch.delenv(ENVIRONMENT_VARIABLE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_workspace_path()
    assert path == tmp_path / "data" / "barrier-journeys" / "workspace.db"
    assert path.parent.is_dir()
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_workspace_path() == (
        tmp_path / "home" / ".local" / "share" / "barrier-journeys" / "workspace.db")


# -- property ---------------------------------------------------------------------------------
def _strategy() -> st.SearchStrategy:
    if journey_strategy is None:
        return st.nothing()
    if isinstance(journey_strategy, st.SearchStrategy):
        return journey_strategy
    return journey_strategy()


@pytest.mark.skipif(journey_strategy is None, reason="tests/strategies.py is not written yet")
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(journey=_strategy())
def test_save_then_get_gives_an_equal_journey(tmp_path: Path, journey: Journey) -> None:
    path = tmp_path / "property.db"  # one file for all examples: a new one costs ~70 ms
    edited = changed(journey, title=journey.title + " ✓")
    with Workspace(path) as workspace:
        if workspace.free_id(journey.id) != journey.id:
            workspace.delete(journey.id)
            workspace.purge(journey.id)
        workspace.create(journey)
        saved = workspace.save(edited, expected_revision=1)
        assert text(workspace.get(journey.id).journey) == text(edited)
    with Workspace(path) as reopened:  # parsed afresh, not kept from the save
        assert text(reopened.get(journey.id).journey) == text(edited)
        assert text(reopened.revision(journey.id, 1)) == text(journey)
        assert reopened.get(journey.id).revision == saved.revision == 2


def test_a_journey_from_a_file_under_the_limit_opens_again(tmp_path: Path) -> None:
    """A 40,000-step chain is 6 MB of compact JSON (under the 10 MB a file may have) and
    11 MB as stored, indented: it is saved and opens again (it read as a damaged revision,
    "too large", when revisions were read with the file limit)."""
    document = chain(40_000)
    assert len(as_json(document)) < MAX_BYTES
    with Workspace(tmp_path / "w.db") as workspace:
        workspace.create(parse_journey(document))
    with Workspace(tmp_path / "w.db") as workspace:
        assert len(workspace.get("chain").journey.steps) == 40_000
    with sqlite3.connect(tmp_path / "w.db") as db:
        assert db.execute("SELECT length(CAST(content AS BLOB)) FROM revisions").fetchone()[0] \
            > MAX_BYTES


def test_a_journey_too_large_to_keep_is_refused_and_nothing_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "STORED_LIMIT", 1000)
    with Workspace(tmp_path / "w.db") as workspace:
        with pytest.raises(JourneyError, match=r"the journey is too large to keep \(\d+ MB as "
                                               r"stored; the limit is 0 MB\)"):
            workspace.create(parse_journey(TINY_JOURNEY))
        assert workspace.summaries() == []
