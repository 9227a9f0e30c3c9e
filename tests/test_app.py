"""The app's main flows in Streamlit's AppTest: every view, editing, undo, drafts, conflicts,
languages. Each test gets its own workspace file in ``tmp_path`` (never inside the repo)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from journeys.analysis import analyze
from journeys.cli import main as cli_main
from journeys.commands.app import SCRIPT, command
from journeys.store import Workspace
from journeys.ui import map_view, quick_line
from journeys.ui.editing import DRAFT
from journeys.ui.widgets import WORD_JOINER
from models import DEFAULT_STAGES, parse_journey
from tests.conftest import SAMPLES, TINY_JOURNEY
from tests.hostile import chain

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "barrier_app.py")
SPORT = "sportverein-everswinkel"


@pytest.fixture
def workspace_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "workspace.db"
    monkeypatch.setenv("BARRIER_JOURNEYS_WORKSPACE", str(path))
    return path


def app(*, folded: bool = False, **params: str) -> AppTest:
    """A fresh browser tab on the app (``params`` are the URL's query parameters), run once;
    the map's forms and tables are open unless ``folded``."""
    tab = AppTest.from_file(APP, default_timeout=120)
    for name, value in params.items():
        tab.query_params[name] = value
    if not folded:
        tab.session_state["map-forms"] = True
        tab.session_state["map-tables"] = True
    tab.run()
    assert not tab.exception, tab.exception
    return tab


def rerun(tab: AppTest) -> AppTest:
    tab.run()
    assert not tab.exception, tab.exception
    return tab


def stored(path: Path, journey_id: str = SPORT):
    with Workspace(path) as workspace:
        return workspace.get(journey_id)


def shown(markdown: str) -> str:
    """What a reader sees of Markdown source that quotes user text (``widgets.escape``):
    without the backslash escapes and the invisible word joiners."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def texts(elements) -> list[str]:
    return [shown(element.value) for element in elements]


TABLE_TABS = {"steps": "Steps", "transitions": "Transitions", "barriers": "Barriers",
              "stages": "Stages & actors", "actors": "Stages & actors"}


def show_table(tab: AppTest, table: str) -> AppTest:
    """Open the tab of ``table`` (only the open tab's tables are drawn)."""
    if not [e for e in tab.data_editor if e.key.startswith(f"edit-{table}-")]:
        tab.session_state["table-tab"] = TABLE_TABS[table]
        rerun(tab)
    return tab


def editor(tab: AppTest, table: str):
    return next(e for e in show_table(tab, table).data_editor
                if e.key.startswith(f"edit-{table}-"))


def edit(tab: AppTest, table: str, state: dict) -> AppTest:
    """Edit a table as the browser would: its edit state (edited/added/deleted rows)."""
    key = editor(tab, table).key
    tab.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **state}
    return rerun(tab)


def map_spec(tab: AppTest, prefix: str = "map-") -> dict:
    chart = next(e for e in tab.get("plotly_chart") if e.key.startswith(prefix))
    return json.loads(chart.proto.spec)


# -- library -------------------------------------------------------------------------------
def test_library_lists_the_samples_of_a_new_workspace(workspace_path: Path) -> None:
    tab = app()
    assert texts(tab.title) == ["Library"]
    titles = {yaml.safe_load(p.read_text("utf-8"))["title"] for p in SAMPLES}
    listed = {shown(m.value).strip("*") for m in tab.markdown if m.value.startswith("**")}
    assert titles <= listed
    assert len([b for b in tab.button if b.key and b.key.startswith("open-")]) == len(SAMPLES)
    assert workspace_path.exists()
    # the path as plain text: in a code span the escapes would show as backslashes
    caption = next(c.value for c in tab.caption if "Workspace file" in c.value)
    assert "`" not in caption and shown(caption).endswith(f"Workspace file: {workspace_path}")


def test_open_a_sample_shows_its_map_and_tables(workspace_path: Path) -> None:
    tab = app()
    tab.button(key=f"open-{SPORT}").click()
    rerun(tab)
    assert tab.query_params["journey"] == SPORT and tab.query_params["view"] == "map"
    journey = stored(workspace_path).journey
    assert texts(tab.title) == [journey.title]
    assert [e.key.split("-")[1] for e in tab.data_editor] == ["steps"]
    assert list(editor(tab, "steps").value["id"]) == [s.id for s in journey.steps]
    assert list(editor(tab, "transitions").value["from"]) == [t.from_ for t in
                                                               journey.transitions]
    assert [e.key.split("-")[1] for e in tab.data_editor] == ["transitions"]
    assert list(editor(tab, "actors").value["level"]) == [a.level for a in journey.actors]
    spec = map_spec(tab)
    markers = next(t for t in spec["data"] if t.get("name") == "steps")
    assert markers["customdata"] == [s.id for s in journey.steps]


def test_new_blank_journey_has_the_levesque_stages(workspace_path: Path) -> None:
    tab = app()
    tab.text_input(key="new_title").input("Wohngeld beantragen")
    tab.text_input(key="new_region").input("Ennigerloh")
    tab.selectbox(key="new_lang").set_value("de")
    tab.button(key="FormSubmitter:new-blank-Create").click()
    rerun(tab)
    assert tab.query_params["journey"] == "wohngeld-beantragen"
    journey = stored(workspace_path, "wohngeld-beantragen").journey
    assert [(s.id, s.label) for s in journey.stages] == [(i, de) for i, de, _ in DEFAULT_STAGES]
    assert [a.level for a in journey.actors] == [1, 2, 3, 4]
    assert journey.goal_ids() == ["goal"] and journey.region == "Ennigerloh"


def test_new_journey_from_a_sample_gets_a_free_id(workspace_path: Path) -> None:
    tab = app()
    tab.selectbox(key="sample_pick").set_value(f"{SPORT}.yaml")
    tab.button(key="add-sample").click()
    rerun(tab)
    assert tab.query_params["journey"] == f"{SPORT}-2"
    assert stored(workspace_path, f"{SPORT}-2").journey.title == \
        stored(workspace_path).journey.title


def test_import_a_journey_file(workspace_path: Path) -> None:
    tab = app()
    text = yaml.safe_dump(TINY_JOURNEY, allow_unicode=True).encode("utf-8")
    tab.file_uploader(key="import_file").set_value(("tiny.yaml", text, "application/yaml"))
    rerun(tab)
    assert texts(tab.success) == ["“Child joins a sports club”: 5 steps, 5 barriers — valid."]
    tab.button(key="add-file").click()
    rerun(tab)
    assert tab.query_params["journey"] == "tiny"
    assert len(stored(workspace_path, "tiny").journey.steps) == 5


def test_an_imported_count_reads_as_people_read_it(workspace_path: Path) -> None:
    tab = app()
    text = json.dumps({**chain(1500), "language": "de"}).encode("utf-8")
    tab.file_uploader(key="import_file").set_value(("chain.json", text, "application/json"))
    rerun(tab)
    assert texts(tab.success) == ["“Chain”: 1,500 steps, 1,500 barriers — valid."]


def test_import_shows_every_problem_and_no_traceback(workspace_path: Path) -> None:
    broken = json.loads(json.dumps(TINY_JOURNEY))
    broken["steps"][0]["barriers"][0]["severity"] = 7
    broken["steps"][1]["emotion"] = 9
    tab = app()
    tab.file_uploader(key="import_file").set_value(
        ("broken.json", json.dumps(broken).encode(), "application/json"))
    rerun(tab)
    [error] = texts(tab.error)
    assert "broken.json: steps[0].barriers[0].severity: must be 1..5, got 7" in error
    assert "broken.json: steps[1].emotion: must be 1..5, got 9" in error
    assert not [b for b in tab.button if b.key == "add-file"]


def test_duplicate_rename_delete_and_restore(workspace_path: Path) -> None:
    tab = app()
    tab.button(key=f"copy-{SPORT}").click()
    rerun(tab)
    original = stored(workspace_path).journey
    assert stored(workspace_path, f"{SPORT}-2").journey.title == original.title + " (Kopie)"
    tab = app()
    tab.text_input(key=f"title-{SPORT}").input("Sportverein Everswinkel")
    tab.button(key=f"rename-{SPORT}").click()
    rerun(tab)
    assert stored(workspace_path).journey.title == "Sportverein Everswinkel"
    tab.button(key=f"delete-{SPORT}").click()
    rerun(tab)
    assert f"open-{SPORT}" not in [b.key for b in tab.button]
    tab.button(key=f"restore-{SPORT}").click()
    rerun(tab)
    assert f"open-{SPORT}" in [b.key for b in tab.button]
    assert stored(workspace_path).journey.title == "Sportverein Everswinkel"


# -- map: editing ---------------------------------------------------------------------------
def test_edit_a_step_in_the_table_saves_a_revision_and_undo_redo(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    before = stored(workspace_path)
    edit(tab, "steps", {"edited_rows": {0: {"label": "Kind will kicken"}}})
    after = stored(workspace_path)
    assert after.revision == before.revision + 1
    assert after.journey.steps[0].label == "Kind will kicken"
    assert after.journey.steps[0].barriers == before.journey.steps[0].barriers
    spec = map_spec(tab)
    assert "Kind will kicken" in json.dumps(spec, ensure_ascii=False)
    tab.button(key="undo").click()
    rerun(tab)
    assert stored(workspace_path).journey == before.journey
    assert "Kind will kicken" not in json.dumps(map_spec(tab), ensure_ascii=False)
    tab.button(key="redo").click()
    rerun(tab)
    assert stored(workspace_path).journey.steps[0].label == "Kind will kicken"


def test_renamed_step_id_carries_its_transitions_and_barriers(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    before = stored(workspace_path).journey
    old = before.steps[0].id
    edit(tab, "steps", {"edited_rows": {0: {"id": "wunsch"}}})
    journey = stored(workspace_path).journey
    assert journey.steps[0].id == "wunsch"
    assert [t.from_ for t in journey.transitions if t.from_ in (old, "wunsch")] == \
        ["wunsch"] * sum(t.from_ == old for t in before.transitions)
    assert journey.steps[0].barriers == before.steps[0].barriers


def test_invalid_row_is_kept_as_draft_with_its_error_until_fixed(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    before = stored(workspace_path)
    edit(tab, "steps", {"edited_rows": {1: {"label": None}},
                        "added_rows": [{"id": "neu", "label": "Neuer Schritt"}]})
    errors = texts(tab.error)
    second = before.journey.steps[1].id
    assert f"- **Row 2** · {second}: Label: is missing — fill in this cell" in errors[0]
    assert "- **Row 13** · neu: Stage: is missing — fill in this cell; Actor: is missing — " \
           "fill in this cell" in errors[0]
    assert stored(workspace_path).revision == before.revision  # nothing invalid is saved
    with Workspace(workspace_path) as workspace:
        draft = workspace.get_draft(SPORT, DRAFT)
    assert draft["revision"] == before.revision
    assert [r["id"] for r in draft["rows"]["steps"]][-1] == "neu"
    # a reload (a new session) shows the kept rows and their problems again
    reloaded = app(journey=SPORT, view="map")
    assert list(reloaded.data_editor[0].value["id"])[-1] == "neu"
    assert texts(reloaded.error) == errors
    # fixing the rows saves them as one revision and drops the draft
    edit(reloaded, "steps", {"edited_rows": {1: {"label": "Coach spricht an"},
                                             12: {"stage": "use", "actor": "familie"}}})
    journey = stored(workspace_path).journey
    assert journey.steps[1].label == "Coach spricht an" and journey.steps[-1].id == "neu"
    with Workspace(workspace_path) as workspace:
        assert workspace.get_draft(SPORT, DRAFT) is None
    assert not reloaded.error


def test_add_a_barrier_to_the_selected_step(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    before = stored(workspace_path).journey
    target = before.steps[3]
    tab.selectbox(key="step_pick").set_value(target.id)
    rerun(tab)
    tab.selectbox(key="fb_category").set_value("digital")
    tab.select_slider(key="fb_severity").set_value(5)
    tab.text_input(key="fb_description").input("Nur online, kein WLAN zu Hause")
    tab.button(key="FormSubmitter:form-barrier-Add barrier").click()
    rerun(tab)
    step = stored(workspace_path).journey.steps_by_id[target.id]
    assert step.barriers[-1].model_dump(exclude_unset=True) == {
        "category": "digital", "severity": 5, "description": "Nur online, kein WLAN zu Hause"}
    assert len(step.barriers) == len(target.barriers) + 1
    assert texts(tab.success) == [
        f"Barrier “Nur online, kein WLAN zu Hause” added to “{target.label}”. Revision 2."]
    assert tab.text_input(key="fb_description").value == ""  # saved, so the form is cleared


def test_add_a_step_connected_to_the_selected_step(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    first = stored(workspace_path).journey.steps[0]
    tab.session_state["quick-form"] = "Add a step"
    rerun(tab)
    tab.text_input(key="fs_label").input("Ruft beim Verein an")
    tab.selectbox(key="fs_stage").set_value("seek")
    tab.selectbox(key="fs_channel").set_value("phone")
    tab.button(key="FormSubmitter:form-step-Add step").click()
    rerun(tab)
    journey = stored(workspace_path).journey
    step = journey.steps_by_id["ruft-beim-verein-an"]
    assert (step.stage, step.channel) == ("seek", "phone")
    assert journey.transitions[-1].model_dump(by_alias=True, exclude_unset=True) == {
        "from": first.id, "to": "ruft-beim-verein-an"}
    assert tab.selectbox(key="step_pick").value == "ruft-beim-verein-an"
    markers = next(t for t in map_spec(tab)["data"] if t.get("name") == "steps")
    assert "ruft-beim-verein-an" in markers["customdata"]


def test_reload_restores_the_journey_and_every_edit(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    edit(tab, "barriers", {"edited_rows": {0: {"severity": 5}}})
    reloaded = app(**tab.query_params)
    assert texts(reloaded.title) == texts(tab.title)
    assert int(editor(reloaded, "barriers").value["severity"][0]) == 5


def test_history_restores_an_old_revision(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    first = stored(workspace_path)
    edit(tab, "steps", {"edited_rows": {0: {"label": "Eins"}}})
    edit(tab, "steps", {"edited_rows": {0: {"label": "Zwei"}}})
    tab.session_state["history"] = True  # open the history
    rerun(tab)
    assert [b.key for b in tab.button if b.key.startswith("restore-rev-")] == [
        f"restore-rev-{n}" for n in (first.revision + 1, first.revision)]
    tab.button(key=f"restore-rev-{first.revision}").click()
    rerun(tab)
    now = stored(workspace_path)
    assert now.journey == first.journey and now.revision == first.revision + 3
    assert f"Revision {first.revision} restored as a new revision." in texts(tab.success)


# -- two tabs ------------------------------------------------------------------------------
def _barrier(tab: AppTest, description: str) -> None:
    tab.text_input(key="fb_description").input(description)
    tab.button(key="FormSubmitter:form-barrier-Add barrier").click()
    rerun(tab)


def test_two_tabs_adding_barriers_to_one_step_both_keep_theirs(workspace_path: Path) -> None:
    first, second = app(journey=SPORT, view="map"), app(journey=SPORT, view="map")
    _barrier(first, "Barriere aus Tab 1")
    _barrier(second, "Barriere aus Tab 2")  # drawn on revision 1, saved on revision 2
    assert not second.error
    latest = stored(workspace_path)
    assert latest.revision == 3
    assert [b.description for b in latest.journey.steps[0].barriers][-2:] == [
        "Barriere aus Tab 1", "Barriere aus Tab 2"]


def test_a_form_submitted_from_a_stale_page_builds_on_the_newest_revision(
        workspace_path: Path) -> None:
    """Issue 12: a click while the page is still drawing runs the callback of the page drawn
    before the last save; the save must not bring back that older content."""
    tab = app(journey=SPORT, view="map")
    drawn = stored(workspace_path)
    # this tab's previous click saved revision 2, but the page was not drawn again since
    earlier = drawn.journey.model_copy(deep=True)
    earlier.steps[0].barriers.append(earlier.steps[0].barriers[0].model_copy(
        update={"description": "Saved by the click before"}))
    with Workspace(workspace_path) as workspace:
        workspace.save(earlier, expected_revision=drawn.revision)
    tab.session_state["base"] = {SPORT: drawn.revision + 1}
    _barrier(tab, "The next click")
    latest = stored(workspace_path)
    assert latest.revision == drawn.revision + 2
    assert [b.description for b in latest.journey.steps[0].barriers][-2:] == [
        "Saved by the click before", "The next click"]
    assert texts(tab.success)[-1].endswith(f"Revision {latest.revision}.")


STEP = "kind-wunsch"


def _edit_step_tab() -> AppTest:
    """A tab on the map with the quick form "Edit the step" open on ``STEP``."""
    tab = app(journey=SPORT, view="map")
    tab.session_state["quick-form"] = "Edit the step"
    tab.selectbox(key="step_pick").set_value(STEP)
    return rerun(tab)


def stored_revision(tab: AppTest) -> int:
    """The revision the tab's forms were drawn with (their widget keys end with it)."""
    key = next(w.key for w in tab.text_input if w.key and w.key.startswith("fe_label-"))
    return int(key.rsplit("-", 1)[1])


def _rename_step(tab: AppTest, label: str) -> None:
    revision = stored_revision(tab)
    tab.text_input(key=f"fe_label-{STEP}-{revision}").input(label)
    tab.button(key=f"FormSubmitter:form-edit-{STEP}-{revision}-Save step").click()
    rerun(tab)


def test_two_tabs_changing_one_field_choose_mine_or_theirs(workspace_path: Path) -> None:
    first, second = _edit_step_tab(), _edit_step_tab()
    _rename_step(first, "Aus Tab 1")
    _rename_step(second, "Aus Tab 2")
    [error] = texts(second.error)
    assert error.startswith("**Not saved: this journey was changed in another tab or by "
                            "someone else.** Revision 2 was saved at ")
    assert error.endswith("; your change started from revision 1. Nothing was overwritten.")
    both = second.table[0].value
    assert both.values.tolist() == [[f"steps › {STEP} › label", "Aus Tab 2", "Aus Tab 1"]]
    assert stored(workspace_path).journey.steps_by_id[STEP].label == "Aus Tab 1"
    second.button(key="conflict-mine").click()
    rerun(second)
    assert not second.error
    latest = stored(workspace_path)
    assert latest.revision == 3 and latest.journey.steps_by_id[STEP].label == "Aus Tab 2"


def test_a_conflict_kept_theirs_keeps_my_other_changes(workspace_path: Path) -> None:
    first, second = _edit_step_tab(), _edit_step_tab()
    _rename_step(first, "Aus Tab 1")
    revision = stored_revision(second)
    second.selectbox(key=f"fe_channel-{STEP}-{revision}").set_value("phone")
    _rename_step(second, "Aus Tab 2")
    second.button(key="conflict-reload").click()
    rerun(second)
    step = stored(workspace_path).journey.steps_by_id[STEP]
    assert (step.label, step.channel) == ("Aus Tab 1", "phone")


def test_a_conflict_saved_as_a_copy_loses_nothing(workspace_path: Path) -> None:
    first, second = _edit_step_tab(), _edit_step_tab()
    _rename_step(first, "Aus Tab 1")
    _rename_step(second, "Aus Tab 2")
    second.button(key="conflict-copy").click()
    rerun(second)
    copy_id = f"{SPORT}-2"
    assert second.query_params["journey"] == copy_id
    copy = stored(workspace_path, copy_id).journey
    original = stored(workspace_path).journey
    assert copy.steps_by_id[STEP].label == "Aus Tab 2"
    assert copy.title == original.title + " (Kopie)"
    assert original.steps_by_id[STEP].label == "Aus Tab 1"


def test_conflict_from_a_table_edit_and_reload(workspace_path: Path) -> None:
    first, second = app(journey=SPORT, view="map"), app(journey=SPORT, view="map")
    edit(first, "steps", {"edited_rows": {0: {"label": "Aus Tab 1"}}})
    edit(second, "steps", {"edited_rows": {0: {"label": "Aus Tab 2"}}})
    assert "Not saved" in texts(second.error)[0]
    assert stored(workspace_path).journey.steps[0].label == "Aus Tab 1"
    second.button(key="conflict-reload").click()
    rerun(second)
    assert not second.error
    assert second.data_editor[0].value["label"][0] == "Aus Tab 1"


def test_two_tabs_editing_different_rows_of_a_table_both_stay(workspace_path: Path) -> None:
    first, second = app(journey=SPORT, view="map"), app(journey=SPORT, view="map")
    edit(first, "steps", {"edited_rows": {0: {"label": "Aus Tab 1"}}})
    edit(second, "steps", {"edited_rows": {1: {"label": "Aus Tab 2"}}})
    assert not second.error
    latest = stored(workspace_path)
    assert [s.label for s in latest.journey.steps[:2]] == ["Aus Tab 1", "Aus Tab 2"]
    assert latest.revision == 3
    assert second.data_editor[0].value["label"].tolist()[:2] == ["Aus Tab 1", "Aus Tab 2"]


def test_an_idle_tab_follows_the_other_tabs_saves(workspace_path: Path) -> None:
    first, second = app(journey=SPORT, view="map"), app(journey=SPORT, view="map")
    edit(first, "steps", {"edited_rows": {0: {"label": "Aus Tab 1"}}})
    rerun(second)
    assert second.data_editor[0].value["label"][0] == "Aus Tab 1"
    edit(second, "steps", {"edited_rows": {0: {"label": "Dann Tab 2"}}})
    assert not second.error
    assert stored(workspace_path).journey.steps[0].label == "Dann Tab 2"



def test_leaving_the_map_keeps_the_draft_rows_marked(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    edit(tab, "barriers", {"edited_rows": {0: {"severity": 9}}})
    warning = ("1 row needs a fix (Barriers) — it is kept as a draft until it is valid; the map "
               "shows the last saved version.")
    assert warning in texts(tab.warning)
    for view in ("bottlenecks", "map"):  # the tables are not drawn on the other view
        tab.segmented_control(key="nav_view").set_value(view)
        rerun(tab)
    assert warning in texts(tab.warning)
    assert tab.button(key="FormSubmitter:form-barrier-Add barrier").disabled
    assert int(editor(tab, "barriers").value["severity"][0]) == 9
    assert texts(tab.error) == ["- **Row 1**: Severity: must be 1..5, got 9"]


def test_a_problem_of_the_whole_journey_counts_no_rows(workspace_path: Path) -> None:
    tab = app()
    tab.text_input(key="new_title").input("Leer")
    tab.button(key="FormSubmitter:new-blank-Create").click()
    rerun(tab)
    edit(tab, "steps", {"deleted_rows": [0]})  # the only (goal) step
    assert "The tables are kept as a draft until the journey is valid; the map shows the last " \
           "saved version." in texts(tab.warning)
    assert not [w for w in texts(tab.warning) if "rows need a fix" in w]
    assert texts(tab.error) == ["The journey as a whole: steps: the journey has no steps — add "
                                "at least one step"]
    assert len(stored(workspace_path, "leer").journey.steps) == 1


def test_an_unknown_view_language_or_mode_in_the_url_is_named(workspace_path: Path) -> None:
    assert texts(app(view="karte", lang="fr").warning) == [
        "The address asks for “view=karte”, which the app does not know — showing Library "
        "instead (known: library, map, bottlenecks, compare, interview).",
        "The address asks for “lang=fr”, which the app does not know — showing EN instead "
        "(known: de, en)."]
    tab = app(journey=SPORT, view="map", mode="beamer", lang="de")
    assert texts(tab.warning) == [
        "Die Adresse verlangt „mode=beamer“, das kennt die App nicht — stattdessen wird die "
        "normale Ansicht gezeigt (bekannt: workshop)."]
    assert not texts(app(journey=SPORT, view="map", mode="workshop").warning)

# -- bottlenecks and compare ------------------------------------------------------------------
def test_bottlenecks_rank_reasons_route_and_what_if(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="bottlenecks")
    assert texts(tab.title)[0].startswith("Bottlenecks: ")
    ranked = [b for b in analyze(stored(workspace_path).journey).bottlenecks if b.score > 0]
    reasons = [m for m in texts(tab.markdown) if m[:5] in ("**1. ", "**2. ", "**3. ")]
    assert [r.split("**")[1] for r in reasons] == [f"{n}. {b.label}"
                                                   for n, b in enumerate(ranked[:3], 1)]
    assert reasons[0].endswith("; ".join(ranked[0].reasons).replace("_", "\\_"))
    bars = next(e for e in tab.get("plotly_chart") if e.key.startswith("ranking-"))
    assert bars.proto.alt  # the alt text goes apart: the browser's copy has no meta
    route = analyze(stored(workspace_path).journey).routes[0].steps
    shapes = map_spec(tab, "route-map-")["layout"]["shapes"]  # route cards get a halo
    assert {s["name"][6:] for s in shapes if s.get("name", "").startswith("route:")} == \
        set(route)
    picker = tab.multiselect(key=f"mitigate-{SPORT}")
    picker.select(picker.options[0])
    rerun(tab)
    summary = [m for m in texts(tab.markdown) if m.startswith("- Total barrier load: ")]
    assert len(summary) == 1



def test_barriers_off_every_route_are_named_not_called_absent(workspace_path: Path) -> None:
    document = {"schema": "journey/1", "id": "lone-goal", "title": "Ziel ohne Weg",
                "language": "de", "stages": [{"id": "use", "label": "Nutzen"}],
                "actors": [{"id": "amt", "label": "Amt", "level": 4}],
                "steps": [{"id": "antrag", "label": "Antrag_stellen", "stage": "use",
                           "actor": "amt", "barriers": [{"category": "forms", "severity": 4}]},
                          {"id": "ziel", "label": "Bewilligt", "stage": "use", "actor": "amt",
                           "outcome": "goal"}]}
    with Workspace(workspace_path) as workspace:
        workspace.create(parse_journey(document))
    tab = app(journey="lone-goal", view="bottlenecks")
    assert "No bottleneck on the routes to a goal: the steps with barriers, drop-out or waiting " \
           "(“Antrag_stellen”) lie on no route from a start to a goal — connect them with " \
           "transitions." in texts(tab.info)
    assert not [i for i in texts(tab.info) if i.startswith("No bottlenecks:")]
    german = app(journey="lone-goal", view="bottlenecks", lang="de")
    assert "Kein Engpass auf den Wegen zum Ziel: Die Schritte mit Barrieren, Ausstieg oder " \
           "Wartezeit („Antrag_stellen“) liegen auf keinem Weg von einem Start zu einem Ziel " \
           "— verbinden Sie sie mit Übergängen." in texts(german.info)

def test_tables_show_missing_values_as_a_dash_in_both_languages(workspace_path: Path) -> None:
    for lang in ("en", "de"):
        tab = app(journey=SPORT, view="bottlenecks", lang=lang)
        tab.session_state[f"ranking-{SPORT}-table"] = True  # open the table alternative
        picker = tab.multiselect(key=f"mitigate-{SPORT}")
        picker.select(picker.options[0])
        rerun(tab)
        ranked = tab.dataframe[0]
        assert ranked.value.isna().any(axis=None)  # the sample leaves drop-off or days open
        assert len(tab.dataframe) == 3  # the ranked bottlenecks, the room's votes beside the
        # score (the sample has votes) and the what-if ranks
        assert {frame.proto.placeholder for frame in tab.dataframe} == {"–"}
        compared = app(journey=SPORT, view="compare", lang=lang)
        assert {frame.proto.placeholder for frame in compared.dataframe} == {"–"}
        assert [e.proto.placeholder for e in app(journey=SPORT, view="map",
                                                 lang=lang).data_editor] == ["–"]


def test_the_map_is_laid_out_for_the_page_and_downloads_the_slide(workspace_path: Path
                                                                  ) -> None:
    layout = map_spec(app(journey=SPORT, view="map"))["layout"]
    assert layout["width"] == 1240 and layout["height"] > 900  # 5 lanes: taller than a slide
    # workshop mode: laid out for the screen (1280 × 720 until the browser reports its
    # size): the whole journey on compact cards, under the quick line, no part to choose
    workshop = app(journey=SPORT, view="map", mode="workshop")
    spec = map_spec(workshop)
    shown = spec["layout"]
    assert shown["width"] == 1280 - map_view.SIDES
    assert shown["height"] <= 720 - map_view.HEADER - quick_line.COMPACT_HEIGHT
    assert not shown["title"]["text"]  # the page names it; and at 14 px at least: it fits
    assert min(t["textfont"]["size"] for t in spec["data"] if t["mode"] == "text") >= 14
    assert "map_focus" not in [box.key for box in workshop.selectbox]
    route = map_spec(app(journey=SPORT, view="bottlenecks"), "route-map-")["layout"]
    assert route["width"] == 1240


def test_compare_two_journeys_and_the_portfolio(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="compare")
    assert texts(tab.title) == ["Compare"]
    assert len(tab.multiselect(key="compare_pick").value) == 2
    findings = [m for m in texts(tab.markdown) if m.startswith("- ")]
    assert any("Least-barrier route" in f for f in findings)
    assert len([t for t in map_spec(tab, "compared")["data"] if t["type"] == "bar"]) == 2
    tab.segmented_control(key="portfolio_by").set_value("level")
    rerun(tab)
    parts = {t.get("name") for t in map_spec(tab, "portfolio")["data"]}
    assert {"1 · Household / person", "4 · Institutions"} <= parts
    # by offer: catalogue entries by their names, other actors with their municipality
    tab.segmented_control(key="portfolio_group").set_value("offer")
    rerun(tab)
    axis = map_spec(tab, "portfolio")["layout"]["yaxis"]
    offers = dict(zip(axis["tickvals"], axis["ticktext"], strict=True))
    assert offers["sv-everswinkel"] == "Sportverein in Everswinkel"  # the catalogue's name
    assert len(set(offers.values())) == len(offers)  # no two offers read (or sum) as one
    assert offers["Ennigerloh / familie / Bedarfsgemeinschaft (Mutter)"] == \
        "Bedarfsgemeinschaft (Mutter) (Ennigerloh)"  # no entry: label and municipality


# -- language and workshop mode ------------------------------------------------------------------
def test_switch_language_to_german(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="bottlenecks")
    tab.segmented_control(key="ui_lang").set_value("de")
    rerun(tab)
    assert tab.query_params["lang"] == "de"
    assert texts(tab.title)[0].startswith("Engpässe: ")
    load = next(m for m in tab.metric if m.label == "Gesamte Barrierelast")
    assert "," in load.value or load.value.isdigit()
    tab.segmented_control(key="nav_view").set_value("library")
    rerun(tab)
    assert texts(tab.title) == ["Bibliothek"]


def test_the_map_draws_forms_and_tables_only_when_opened(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map", folded=True)
    assert [e.label for e in tab.expander][-2:] == [
        "Forms: a barrier, a step, a connection, the step, the details", "Tables"]
    assert not tab.data_editor and not [t for t in tab.text_input if t.key == "fb_description"]
    assert tab.text_input(key="ql_text")  # the quick line is always there
    tab.session_state["map-tables"] = True
    rerun(tab)
    assert tab.data_editor


def test_workshop_mode_folds_the_editors_away(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map", folded=True)
    tab.toggle(key="nav_workshop").set_value(True)
    rerun(tab)
    assert tab.query_params["mode"] == "workshop"
    assert not tab.data_editor
    assert not [b for b in tab.get("download_button") if b.key.startswith("map-")]
    tab.toggle(key="nav_workshop").set_value(False)
    rerun(tab)
    assert "mode" not in tab.query_params


def test_export_menu_offers_every_download(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    assert not [b for b in tab.get("download_button") if b.key.startswith("export-")]
    tab.session_state["export"] = True  # open the menu
    rerun(tab)
    assert [b.label for b in tab.get("download_button") if b.key.startswith("export-")] == [
        "Slides (PowerPoint)", "Report (HTML)", "Journey file (YAML)", "Journey file (JSON)",
        "Barrier register (CSV)"]


def test_an_unusable_workspace_is_one_clear_message(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARRIER_JOURNEYS_WORKSPACE", str(tmp_path / "missing" / "w.db"))
    tab = app()
    [error] = texts(tab.error)
    assert "the folder" in error and "does not exist" in error
    assert "--workspace" in error


# -- the command ------------------------------------------------------------------------------
def test_journeys_app_runs_barrier_app_with_streamlit() -> None:
    assert SCRIPT == ROOT / "barrier_app.py"
    assert command(8600)[1:5] == ["-m", "streamlit", "run", str(SCRIPT)]
    assert command(8600)[5:7] == ["--server.port", "8600"]


def test_journeys_app_names_a_bad_workspace_folder(capsys: pytest.CaptureFixture) -> None:
    assert cli_main(["app", "--workspace", "/nonexistent-folder/w.db"]) == 1
    assert capsys.readouterr().err == (
        "/nonexistent-folder/w.db: the folder /nonexistent-folder does not exist — create the "
        "folder, or choose another file with BARRIER_JOURNEYS_WORKSPACE or --workspace\n")


# -- quick entry ---------------------------------------------------------------------------
def _quick(tab: AppTest, line: str) -> AppTest:
    tab.text_input(key="ql_text").input(line)
    tab.button(key="FormSubmitter:quick-line-Add").click()
    return rerun(tab)


def test_quick_line_adds_a_connected_step_with_a_barrier(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    before = stored(workspace_path).journey
    selected = tab.selectbox(key="step_pick").value
    _quick(tab, "Fragt die Nachbarin @umfeld #such !vertrauen 4 will nicht zur Last fallen "
                "~alternative")
    journey = stored(workspace_path).journey
    step = journey.steps[-1]
    assert (step.label, step.actor, step.stage) == ("Fragt die Nachbarin", "umfeld", "seek")
    assert [b.model_dump(exclude_unset=True) for b in step.barriers] == [
        {"category": "trust", "severity": 4, "description": "will nicht zur Last fallen"}]
    assert journey.transitions[-1].model_dump(by_alias=True, exclude_unset=True) == {
        "from": selected, "to": step.id, "kind": "alternative"}
    assert len(journey.steps) == len(before.steps) + 1
    assert tab.selectbox(key="step_pick").value == step.id  # the next line goes on from here
    assert tab.text_input(key="ql_text").value == ""
    assert texts(tab.success) == ["Step “Fragt die Nachbarin” added. Revision 2."]
    _quick(tab, "Ruft im Verein an =phone")  # actor and stage are remembered
    last = stored(workspace_path).journey.steps[-1]
    assert (last.actor, last.stage, last.channel) == ("umfeld", "seek", "phone")
    assert stored(workspace_path).journey.transitions[-1].from_ == step.id


def test_an_unclear_quick_line_keeps_its_words_and_says_why(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    _quick(tab, "Fragt nach @nobody")
    assert tab.text_input(key="ql_text").value == "Fragt nach @nobody"
    [error] = texts(tab.error)
    assert error.startswith("Not added — no actor “nobody”")
    assert stored(workspace_path).revision == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("fb_affected", 1.5, "Share affected (0–1) or count: must be a share 0..1 or a whole count, "
                         "got 1.5"),
    ("fb_votes", -1, "Votes (dot voting): must be"),
])
def test_a_rejected_barrier_form_keeps_what_was_typed_and_says_why_in_its_words(
        workspace_path: Path, field: str, value: float, message: str) -> None:
    tab = app(journey=SPORT, view="map")
    tab.text_input(key="fb_description").input("Kein WLAN")
    tab.number_input(key=field).set_value(value)
    tab.button(key="FormSubmitter:form-barrier-Add barrier").click()
    rerun(tab)
    [error] = texts(tab.error)
    assert error.startswith(f"- {message}")
    assert "steps[" not in error and "barriers[" not in error
    assert tab.text_input(key="fb_description").value == "Kein WLAN"
    assert tab.number_input(key=field).value == value
    assert stored(workspace_path).revision == 1


def test_a_new_transition_row_is_saved_or_kept_with_its_message(workspace_path: Path) -> None:
    """Issue 9: a row added in the grid reaches the app at once (no "required" columns that
    keep it in the browser): complete, it is saved; half-filled, it is a draft that says
    which cell to fill; only defaults (Enter in the last row), it is left out."""
    tab = app(journey=SPORT, view="map")
    steps = [s.id for s in stored(workspace_path).journey.steps]
    count = len(stored(workspace_path).journey.transitions)
    edit(tab, "transitions", {"added_rows": [{"from": steps[0], "kind": "next"}]})
    [error] = texts(tab.error)
    assert error == f"- **Row {count + 1}**: To: is missing — fill in this cell"
    edit(tab, "transitions", {"added_rows": [{"from": steps[0], "to": steps[5], "kind": "next"},
                                             {"kind": "next"}, {"kind": "next"}]})
    assert not tab.error
    latest = stored(workspace_path)
    assert latest.revision == 2 and len(latest.journey.transitions) == count + 1


def test_a_new_step_row_gets_its_id_from_its_label(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    edit(tab, "steps", {"added_rows": [{"label": "Ruft im Verein an", "stage": "seek",
                                        "actor": "familie"}]})
    assert not tab.error
    assert stored(workspace_path).journey.steps[-1].id == "ruft-im-verein-an"
