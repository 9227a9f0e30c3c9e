"""The Compare page's Sozialraum sections: the referral network and the resource survey."""

from __future__ import annotations

from pathlib import Path

from journeys.formats import load_journey
from journeys.network import referral_network
from tests.conftest import SAMPLES
from tests.test_app import (  # noqa: F401 (workspace_path is a fixture)
    SPORT,
    app,
    map_spec,
    rerun,
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


def test_the_catalogue_is_filled_in_the_app(workspace_path: Path) -> None:  # noqa: F811
    tab = app(journey=SPORT, view="compare")
    tab.session_state["catalogue-editor"] = {
        "edited_rows": {"0": {"level": 3}}, "deleted_rows": [],
        "added_rows": [{"name": "Tafel Everswinkel", "level": 3,
                        "municipality": "Everswinkel", "legal_basis": "karitativ"}]}
    rerun(tab)
    assert not tab.exception
    survey = tab.dataframe[-1].value
    assert len(survey) == 22
    assert "Tafel Everswinkel" in set(survey["Offer"])
    assert "Tafel Everswinkel" in next(c for c in texts(tab.caption) if "Used by no" in c)
    tab.session_state["catalogue-editor"] = {
        "edited_rows": {"0": {"level": 9}}, "deleted_rows": [], "added_rows": []}
    rerun(tab)
    assert any("catalogue table: entries[0].level: must be 1..4, got 9" in error
               for error in texts(tab.error))
    assert len(tab.dataframe[-1].value) == 21  # shown unedited

