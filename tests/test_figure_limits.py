"""How large a journey the figures, decks, reports and the app draw (``journeys.figure_limits``):
exact bounds on a just-fitting and a just-too-large journey, the messages in both languages,
and the note in place of a figure too large to draw."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journeys.cli import main
from journeys.export import deck
from journeys.export.deck import ChartSlide, TableSlide, TextSlide, journey_plan
from journeys.export.report import html_report
from journeys.figure_limits import (
    MAX_ACTORS,
    MAX_EXPORT_STEPS,
    MAX_STAGES,
    MAX_STEPS,
    Oversize,
    oversize,
    too_large_to_draw,
)
from journeys.formats import load_journey
from models import parse_journey
from tests.conftest import SAMPLE_DIR
from tests.hostile import as_json, chain, wide

ROOT = Path(__file__).resolve().parent.parent
NOTE_201 = ("The journey map cannot be drawn legibly: the journey has 201 steps, a figure shows "
            "at most 200. The bottlenecks, the routes and the barrier register cover every "
            "step.")


def _with_actors(count: int):
    """Ten steps on one stage, spread over ``count`` actors (the map's lanes)."""
    document = chain(10)
    document["actors"] = [{"id": f"a{i}", "label": f"Actor {i}", "level": 1 + i % 4}
                          for i in range(count)]
    return parse_journey(document)


def test_the_bounds_are_exact() -> None:
    assert (MAX_STEPS, MAX_STAGES, MAX_ACTORS, MAX_EXPORT_STEPS) == (200, 20, 40, 5000)
    fits, over = parse_journey(chain(MAX_STEPS)), parse_journey(chain(MAX_STEPS + 1))
    for name in ("map", "heatmap", "funnel", "emotion", "bottlenecks", "routes"):
        assert too_large_to_draw(fits, name) is None and oversize(fits, name) is None
    for name in ("map", "heatmap", "funnel", "emotion"):
        assert oversize(over, name) == Oversize(name, "steps", 201, 200)
    assert oversize(over, "bottlenecks") is None and oversize(over, "routes") is None
    assert oversize(parse_journey(wide(MAX_STAGES)), "map") is None
    assert oversize(parse_journey(wide(MAX_STAGES + 1)), "map") == Oversize("map", "stages",
                                                                             21, 20)
    assert oversize(parse_journey(wide(MAX_STAGES + 1)), "heatmap") is None  # rows are steps
    assert oversize(_with_actors(MAX_ACTORS), "map") is None
    assert oversize(_with_actors(MAX_ACTORS + 1), "map") == Oversize("map", "actors", 41, 40)


def test_the_export_bound_is_exact() -> None:
    fits, over = parse_journey(chain(MAX_EXPORT_STEPS)), parse_journey(chain(MAX_EXPORT_STEPS + 1))
    assert oversize(fits, "html") is None and oversize(fits, "bottlenecks") is None
    assert oversize(fits, "map").drawing
    for name in ("html", "pptx", "map", "bottlenecks"):
        assert oversize(over, name) == Oversize(name, "steps", 5001, 5000, drawing=False)
    assert too_large_to_draw(over, "map").drawing  # the app says why it draws no map


def test_no_sample_is_affected() -> None:
    for path in sorted(SAMPLE_DIR.glob("*.yaml")):
        if path.name != "catalogue.yaml":
            journey = load_journey(path)
            assert not [n for n in ("map", "heatmap", "funnel", "emotion", "html", "pptx")
                        if oversize(journey, n)], path


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, document in (("fits.json", chain(MAX_STEPS)), ("over.json", chain(MAX_STEPS + 1)),
                           ("huge.json", chain(MAX_EXPORT_STEPS + 1))):
        (tmp_path / name).write_text(as_json(document), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("argv", "line"), [
    ("over.json --format png --figure map -o m.png",
     "over.json: the journey map cannot be drawn legibly: the journey has 201 steps, a figure "
     "shows at most 200 — use --figure bottlenecks or --figure routes, or the tables: --format "
     "csv or csv-tables"),
    ("over.json --format svg --figure map --parts -o m.svg --lang de",
     "over.json: die Karte der Nutzerreise kann nicht lesbar gezeichnet werden: die Nutzerreise "
     "hat 201 Schritte, eine Grafik zeigt höchstens 200 — stattdessen --figure bottlenecks oder "
     "--figure routes, oder die Tabellen: --format csv oder csv-tables"),
    ("over.json --format pdf --figure heatmap -o h.pdf",
     "over.json: the heatmap cannot be drawn legibly: the journey has 201 steps, a figure shows "
     "at most 200 — use --figure bottlenecks or --figure routes, or the tables: --format csv or "
     "csv-tables"),
    ("huge.json --format png --figure routes -o r.png",
     "huge.json: the route chart cannot be made of a journey this large: it has 5,001 steps, "
     "figures, slides and reports take at most 5,000 — use `journeys analyze` for the results, "
     "or the tables: --format csv or csv-tables"),
    ("huge.json --format html -o r.html --lang de",
     "huge.json: ein HTML-Bericht kann aus einer so großen Nutzerreise nicht erstellt werden: "
     "sie hat 5.001 Schritte, Grafiken, Folien und Berichte höchstens 5.000 — stattdessen "
     "`journeys analyze` für die Ergebnisse, oder die Tabellen: --format csv oder csv-tables"),
    ("fits.json huge.json --format pptx -o c.pptx",
     "huge.json: a slide deck cannot be made of a journey this large: it has 5,001 steps, "
     "figures, slides and reports take at most 5,000 — use `journeys analyze` for the results, "
     "or the tables: --format csv or csv-tables"),
])
def test_too_large_exports_are_refused_in_one_line(files: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture, argv: str,
                                                    line: str) -> None:
    monkeypatch.chdir(files)
    assert main(["export", *argv.split()]) == 1
    assert capsys.readouterr().err == line + "\n"
    assert sorted(p.name for p in files.iterdir()) == ["fits.json", "huge.json", "over.json"]


def test_a_refusal_loads_no_plotly(files: Path) -> None:
    """Checked before plotly and pandas load: they and a 60,000-step journey do not fit in
    500 MB together (tests/test_hostile.py runs the chain under that limit)."""
    code = ("import sys; from journeys.cli import main\n"
            "main(['export', 'huge.json', '--format', 'html', '-o', 'r.html'])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'plotly', 'pandas', 'pptx'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=files, env={"PYTHONPATH": str(ROOT)}, check=False)
    assert result.stdout == "[]\n", result.stderr


def test_the_report_says_why_the_map_is_missing() -> None:
    page = html_report(parse_journey(chain(MAX_STEPS + 1)), lang="en")
    assert f'<section id="figure-map"><h2>Journey map</h2><p class="note">{NOTE_201}</p>' \
        in page
    assert 'id="chart-map"' not in page and 'id="chart-heatmap"' not in page
    assert '<p class="note">The heatmap cannot be drawn legibly' in page
    assert 'id="chart-bottlenecks"' in page and 'id="chart-routes"' in page
    assert page.count("<tr>") > MAX_STEPS  # the register: every barrier
    assert 'id="chart-map"' in html_report(parse_journey(chain(MAX_STEPS)), lang="en")


def test_the_report_leaves_out_an_empty_figure_without_a_note() -> None:
    """No counts, no feelings: the funnel and the emotion curve are left out as for a small
    journey; a note only where the figure would have shown something."""
    document = chain(MAX_STEPS + 1)
    for step in document["steps"]:
        step.update(reached=500, emotion=3)
    page = html_report(parse_journey(document), lang="de")
    assert "Der Ausstiegstrichter kann nicht lesbar gezeichnet werden" in page
    assert "Die Gefühlskurve kann nicht lesbar gezeichnet werden" in page
    assert "Ausstiegstrichter" not in html_report(parse_journey(chain(MAX_STEPS + 1)), lang="de")


def test_the_deck_says_why_the_map_is_missing_and_cuts_the_register() -> None:
    plan = journey_plan(parse_journey(chain(MAX_STEPS + 1)), lang="en")
    note, heat = [s for s in plan.slides if isinstance(s, TextSlide)]
    assert (note.title, note.lines, note.notes) == ("Journey map", [NOTE_201], [NOTE_201])
    assert heat.title == "Where the barriers are"
    assert heat.lines[0].startswith("The heatmap cannot be drawn legibly")
    assert [s.title for s in plan.slides if isinstance(s, ChartSlide)] == [
        "Bottlenecks", "Routes compared"]
    register = plan.slides[-1]
    assert isinstance(register, TableSlide) and len(register.table.rows) == deck.MAX_TABLE_ROWS
    assert register.notes[0] == ("The 200 heaviest of 201 barriers; all of them: journeys "
                                 "export --format csv.")
    assert register.subtitle.startswith(register.notes[0] + " Sorted by barrier load")
    small = journey_plan(parse_journey(chain(MAX_STEPS)), lang="en")
    assert not [s for s in small.slides if isinstance(s, TextSlide)]
    assert len(small.slides[-1].table.rows) == MAX_STEPS
    assert small.slides[-1].subtitle == small.slides[-1].notes[0]  # "Sorted by …" as before


def test_a_comparison_deck_names_the_journey_whose_map_is_missing() -> None:
    sample = load_journey(SAMPLE_DIR / "sportverein-everswinkel.yaml")
    plan = deck.comparison_plan([sample, parse_journey(chain(MAX_STEPS + 1))], lang="en")
    [note] = [s for s in plan.slides if isinstance(s, TextSlide) and s.lines == [NOTE_201]]
    assert note.title == "Journey map: Chain"
    assert any(isinstance(s, ChartSlide) and s.title.startswith("Journey map")
               for s in plan.slides)  # the sample's map is there


# -- the app ----------------------------------------------------------------------------


def _app_on(steps: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **state: object):
    """The app's map page on a chain of ``steps`` steps (with ``state`` in the session)."""
    from streamlit.testing.v1 import AppTest

    from journeys.store import Workspace

    path = tmp_path / "workspace.db"
    monkeypatch.setenv("BARRIER_JOURNEYS_WORKSPACE", str(path))
    with Workspace(path) as workspace:
        workspace.create(parse_journey(chain(steps)))
    tab = AppTest.from_file(str(ROOT / "barrier_app.py"), default_timeout=120)
    tab.query_params.update(journey="chain", view="map")
    for key, value in state.items():
        tab.session_state[key] = value
    tab.run()
    return tab


def test_the_app_shows_the_note_and_the_rest(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    tab = _app_on(MAX_STEPS + 1, tmp_path, monkeypatch, **{"map-tables": True})
    assert not tab.exception, tab.exception
    notes = [e.value.replace("\\", "") for e in tab.info]
    assert NOTE_201 in notes
    assert not [e for e in tab.get("plotly_chart") if e.key.startswith("map-")]
    steps = next(e for e in tab.data_editor if e.key.startswith("edit-steps-"))
    assert len(steps.value) == MAX_STEPS + 1  # the tables work as usual
    tab.query_params["view"] = "bottlenecks"
    tab.run()
    assert not tab.exception, tab.exception
    notes = [e.value.replace("\\", "") for e in tab.info]
    assert NOTE_201 in notes and any(n.startswith("The heatmap cannot") for n in notes)
    assert [e.key for e in tab.get("plotly_chart")] == ["ranking-chain"]
    assert json.loads(tab.get("plotly_chart")[0].proto.spec)["data"]


def test_the_app_offers_no_slides_or_report_beyond_the_export_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = _app_on(MAX_EXPORT_STEPS + 1, tmp_path, monkeypatch, export=True)
    assert not tab.exception, tab.exception
    assert [b.label for b in tab.get("download_button") if b.key.startswith("export-")] == [
        "Journey file (YAML)", "Journey file (JSON)", "Barrier register (CSV)"]
    assert [c.value.replace("\\", "") for c in tab.caption if "5,000" in c.value.replace(
        "\\", "")] == ["An HTML report cannot be made of a journey this large: it has 5,001 "
                         "steps, figures, slides and reports take at most 5,000"]
