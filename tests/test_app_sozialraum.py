"""The Compare page's Sozialraum sections: the referral network and the resource survey."""

from __future__ import annotations

from pathlib import Path

from journeys.formats import load_journey
from journeys.network import referral_network
from journeys.store import Workspace
from tests.conftest import SAMPLES
from tests.test_app import (  # noqa: F401 (workspace_path is a fixture)
    SPORT,
    app,
    map_spec,
    rerun,
    shown,
    texts,
    workspace_path,
)


def test_compare_shows_the_referral_network_and_the_survey(workspace_path: Path) -> None:  # noqa: F811
    tab = app(journey=SPORT, view="compare")
    assert not tab.exception
    assert "Referral network across the workspace" in texts(tab.subheader)
    spec = map_spec(tab, "network")
    edges = [t for t in spec["data"] if t.get("mode") == "lines" and t["x"][0] is not None]
    assert len(edges) == len(referral_network([load_journey(p) for p in SAMPLES]).edges)
    assert "Sozialraum: what exists where" in texts(tab.subheader)
    survey = tab.dataframe[-1].value
    assert list(survey.columns)[:3] == ["Municipality", "Level", "Offer"]
    assert len(survey) == 21  # the entries of sample_journeys/catalogue.yaml
    used = dict(zip(survey["Offer"], survey["Journeys using it"], strict=True))
    assert used["Jobcenter Kreis Warendorf (BuT-Stelle)"] == 3
    assert any("Förderverein" in c for c in texts(tab.caption))


def _edit(tab, **delta: object) -> None:
    """An edit of the catalogue table in this tab's current editing round."""
    number = tab.session_state["catalogue_round"]["number"]
    tab.session_state[f"catalogue-editor-{number}"] = {
        "edited_rows": {}, "deleted_rows": [], "added_rows": [], **delta}
    rerun(tab)


def test_the_catalogue_is_filled_in_the_app_and_kept(workspace_path: Path) -> None:  # noqa: F811
    tab = app(journey=SPORT, view="compare")
    assert "The samples' catalogue: not yet saved in this workspace (an upload or an edit " \
           "saves it)." in texts(tab.caption)
    with Workspace(workspace_path) as workspace:
        assert workspace.catalogue() is None  # looking does not save
    _edit(tab, edited_rows={"0": {"level": 3}}, added_rows=[
        {"name": "Tafel Everswinkel", "level": 3, "municipality": "Everswinkel",
         "legal_basis": "karitativ"}])
    assert "Saved in the workspace: catalogue revision 1 (22 offers)." in texts(tab.success)
    survey = tab.dataframe[-1].value
    assert len(survey) == 22
    assert "Tafel Everswinkel" in set(survey["Offer"])
    assert "Tafel Everswinkel" in next(c for c in texts(tab.caption) if "Used by no" in c)
    rerun(tab)  # nothing new: no new revision
    with Workspace(workspace_path) as workspace:
        stored = workspace.catalogue()
        assert stored.revision == 1
        assert stored.catalogue.title == "Sozialraum Everswinkel und Ennigerloh (Beispielkatalog)"
        tafel = stored.catalogue.entries[-1]
        assert (tafel.id, tafel.legal_basis.kind) == ("tafel-everswinkel-everswinkel", "charity")
    again = app(journey=SPORT, view="compare")  # a reload: a new session
    assert "Tafel Everswinkel" in set(again.dataframe[-1].value["Offer"])
    assert any(c.startswith("The workspace's catalogue, revision 1 of ") for c in
               texts(again.caption))
    _edit(again, deleted_rows=[21])
    assert "Saved in the workspace: catalogue revision 2 (21 offers)." in texts(again.success)


def test_an_invalid_catalogue_edit_is_kept_as_a_draft(workspace_path: Path) -> None:  # noqa: F811
    tab = app(journey=SPORT, view="compare")
    _edit(tab, edited_rows={"0": {"level": 9}, "1": {"notes": "Vorstand fragen"}})
    error = next(e for e in texts(tab.error) if "catalogue table" in e)
    assert "Not saved yet — your rows are kept as a draft until this is fixed:" in error
    assert ("catalogue table: row 1, column Level: must be 1..4, got 9 — write the level as a "
            "number: 1 household, 2 informal help, 3 association or club, 4 institution"
            ) in error
    assert len(tab.dataframe[-1].value) == 21  # the survey shows the last valid catalogue
    with Workspace(workspace_path) as workspace:
        assert workspace.catalogue() is None
        revision, rows = workspace.catalogue_draft()
        assert (revision, rows[0]["level"], rows[1]["notes"]) == (None, "9", "Vorstand fragen")
    again = app(journey=SPORT, view="compare")  # a reload keeps the draft and its message
    assert any("row 1, column Level: must be 1..4, got 9" in e for e in texts(again.error))
    _edit(again, edited_rows={"0": {"level": "2"}})
    assert "Saved in the workspace: catalogue revision 1 (21 offers)." in texts(again.success)
    with Workspace(workspace_path) as workspace:
        stored = workspace.catalogue()
        assert workspace.catalogue_draft() is None
    first = stored.catalogue.entries[0]
    assert (first.level, stored.catalogue.entries[1].notes) == (2, "Vorstand fragen")


def test_the_journeys_take_levels_from_the_workspace_catalogue(workspace_path: Path) -> None:  # noqa: F811
    tab = app(journey=SPORT, view="compare")
    _edit(tab, edited_rows={str(_catalogue_row(tab, "sv-everswinkel")): {"level": 2}})
    assert "Saved in the workspace: catalogue revision 1 (21 offers)." in texts(tab.success)
    notes = next(c for c in texts(tab.caption) if c.startswith("Journeys read against"))
    assert ("sportverein-everswinkel: actor 'verein' counts as 'sv-everswinkel' (Sportverein "
            "in Everswinkel): level 2, voluntary as the catalogue says (the journey says "
            "level 3, voluntary)") in shown(notes)
    spec = map_spec(tab, "network")
    nodes = next(t for t in spec["data"] if t.get("mode") == "markers+text")
    column = nodes["x"][nodes["hovertext"].index("Sportverein in Everswinkel")]
    assert round(column) == 2  # the network places the club on the catalogue's level
    with Workspace(workspace_path) as workspace:  # the stored journey is not changed
        actor = workspace.get(SPORT).journey.actors_by_id["verein"]
        assert actor.level == 3


def _catalogue_row(tab, entry_id: str) -> int:
    rows = tab.session_state["catalogue_round"]["rows"]
    return next(i for i, row in enumerate(rows) if row["id"] == entry_id)
