"""The Compare page's Sozialraum sections: the referral network and the resource survey."""

from __future__ import annotations

from pathlib import Path

from journeys.formats import load_journey
from journeys.network import referral_network
from tests.conftest import SAMPLES
from tests.test_app import SPORT, app, map_spec, texts, workspace_path  # noqa: F401


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
