"""The app's main flows in Streamlit's AppTest: every view, editing, undo, drafts, conflicts,
languages. Each test gets its own workspace file in ``tmp_path`` (never inside the repo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from journeys.analysis import analyze
from journeys.cli import main as cli_main
from journeys.commands.app import SCRIPT, command
from journeys.store import Workspace
from journeys.ui.editing import DRAFT
from models import DEFAULT_STAGES, parse_journey
from tests.conftest import SAMPLES, TINY_JOURNEY

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "barrier_app.py")
SPORT = "sportverein-everswinkel"


@pytest.fixture
def workspace_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "workspace.db"
    monkeypatch.setenv("BARRIER_JOURNEYS_WORKSPACE", str(path))
    return path


def app(**params: str) -> AppTest:
    """A fresh browser tab on the app (``params`` are the URL's query parameters), run once."""
    tab = AppTest.from_file(APP, default_timeout=120)
    for name, value in params.items():
        tab.query_params[name] = value
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


def texts(elements) -> list[str]:
    return [element.value for element in elements]


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
    shown = {m.value.strip("*") for m in tab.markdown if m.value.startswith("**")}
    assert titles <= shown
    assert len([b for b in tab.button if b.key and b.key.startswith("open-")]) == len(SAMPLES)
    assert workspace_path.exists()


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


def test_import_shows_every_problem_and_no_traceback(workspace_path: Path) -> None:
    broken = json.loads(json.dumps(TINY_JOURNEY))
    broken["steps"][0]["barriers"][0]["severity"] = 7
    broken["steps"][1]["emotion"] = 9
    tab = app()
    tab.file_uploader(key="import_file").set_value(
        ("broken.json", json.dumps(broken).encode(), "application/json"))
    rerun(tab)
    [error] = texts(tab.error)
    assert "broken.json: steps\\[0\\].barriers\\[0\\].severity: must be 1..5, got 7" in error
    assert "broken.json: steps\\[1\\].emotion: must be 1..5, got 9" in error
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
    assert f"- **Row 2** · {second}: label: is missing — add `label:`" in errors[0]
    assert "- **Row 13** · neu: stage: is missing — add `stage:`; actor: is missing — add " \
           "`actor:`" in errors[0]
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
    assert texts(tab.success) == [f"Barrier added to “{target.label}”."]


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


def test_two_tabs_conflict_and_save_a_copy_loses_nothing(workspace_path: Path) -> None:
    first, second = app(journey=SPORT, view="map"), app(journey=SPORT, view="map")
    _barrier(first, "Barriere aus Tab 1")
    _barrier(second, "Barriere aus Tab 2")
    [error] = texts(second.error)
    assert error.startswith("**Not saved: this journey was changed in another tab or by "
                            "someone else.** Revision 2 was saved at ")
    assert error.endswith("; your change started from revision 1. Nothing was overwritten.")
    original = stored(workspace_path).journey
    assert [b.description for b in original.steps[0].barriers][-1] == "Barriere aus Tab 1"
    second.button(key="conflict-copy").click()
    rerun(second)
    copy_id = f"{SPORT}-2"
    assert second.query_params["journey"] == copy_id
    copy = stored(workspace_path, copy_id).journey
    assert [b.description for b in copy.steps[0].barriers][-1] == "Barriere aus Tab 2"
    assert copy.title == original.title + " (Kopie)"
    assert [b.description for b in stored(workspace_path).journey.steps[0].barriers][-1] \
        == "Barriere aus Tab 1"


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
    assert texts(tab.error) == ["- **Row 1**: severity: must be 1..5, got 9"]


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
    bars = map_spec(tab, "ranking-")
    assert bars["layout"]["meta"]["alt"]
    route = analyze(stored(workspace_path).journey).routes[0].steps
    markers = next(t for t in map_spec(tab, "route-map-")["data"] if t.get("name") == "steps")
    widths = dict(zip(markers["customdata"], markers["marker"]["line"]["width"], strict=True))
    assert {s for s, w in widths.items() if w == max(widths.values())} == set(route)
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
           "(“Antrag\\_stellen”) lie on no route from a start to a goal — connect them with " \
           "transitions." in texts(tab.info)
    assert not [i for i in texts(tab.info) if i.startswith("No bottlenecks:")]
    german = app(journey="lone-goal", view="bottlenecks", lang="de")
    assert "Kein Engpass auf den Wegen zum Ziel: Die Schritte mit Barrieren, Ausstieg oder " \
           "Wartezeit („Antrag\\_stellen“) liegen auf keinem Weg von einem Start zu einem Ziel " \
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
        assert len(tab.dataframe) == 2  # the ranked bottlenecks and the what-if ranks
        assert {frame.proto.placeholder for frame in tab.dataframe} == {"–"}
        compared = app(journey=SPORT, view="compare", lang=lang)
        assert {frame.proto.placeholder for frame in compared.dataframe} == {"–"}
        assert [e.proto.placeholder for e in app(journey=SPORT, view="map",
                                                 lang=lang).data_editor] == ["–"]


def test_the_map_is_laid_out_for_the_page_and_downloads_the_slide(workspace_path: Path
                                                                  ) -> None:
    layout = map_spec(app(journey=SPORT, view="map"))["layout"]
    assert layout["width"] == 1240 and layout["height"] > 900  # 5 lanes: taller than a slide
    workshop = map_spec(app(journey=SPORT, view="map", mode="workshop"))["layout"]
    assert workshop["width"] == 1880 and workshop["font"]["size"] > layout["font"]["size"]
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


def test_workshop_mode_folds_the_editors_away(workspace_path: Path) -> None:
    tab = app(journey=SPORT, view="map")
    tab.toggle(key="nav_workshop").set_value(True)
    rerun(tab)
    assert tab.query_params["mode"] == "workshop"
    assert [e.label for e in tab.expander][-2:] == ["Edit the journey", "Tables"]
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
