"""The referral network across the samples, against referrals counted by hand in the files."""

from __future__ import annotations

import copy
import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from journeys.cli import main
from journeys.formats import load_journey
from journeys.network import network_graphml, referral_network
from models import parse_journey
from tests.conftest import SAMPLE_DIR, SAMPLES


@pytest.fixture(scope="module")
def network():
    return referral_network([load_journey(path) for path in SAMPLES])


def edge_tuples(network, target: str) -> dict:
    return {e.source: (e.journeys, e.households, e.transfer, e.lost)
            for e in network.edges if e.target == target}


def test_referrals_into_the_but_office_as_counted_in_the_files(network) -> None:
    """Hand count (sportverein-*, tutoring-but-ennigerloh): the club confirms on paper and
    hands on to the BuT office (14 people in Everswinkel, 11 in Ennigerloh), and both steps
    lead straight to a dropout; the tutoring journey's father hands his application in on
    paper, and the school refers him verbally."""
    assert edge_tuples(network, "jobcenter-but") == {
        "sv-everswinkel": (1, 14, "paper", 1),
        "sv-ennigerloh": (1, 11, "paper", 1),
        "Ennigerloh / family / Household (father and daughter)": (1, None, "paper", 0),
        "schule-ennigerloh": (1, None, "verbal", 0)}
    out = {e.target: (e.journeys, e.households, e.transfer) for e in network.edges
           if e.source == "jobcenter-but"}
    assert out == {"sv-everswinkel": (1, 12, "paper"), "sv-ennigerloh": (1, 10, "email"),
                   "schule-ennigerloh": (1, None, "paper"),
                   "Ennigerloh / provider / Tutoring provider": (1, None, "email")}


def test_the_same_referral_in_two_journeys_weighs_two() -> None:
    first = load_journey(SAMPLE_DIR / "sportverein-everswinkel.yaml")
    second = parse_journey({**copy.deepcopy(first.model_dump(by_alias=True,
                                                              exclude_unset=True)),
                            "id": "copy"})
    network = referral_network([first, second])
    assert edge_tuples(network, "jobcenter-but") == {"sv-everswinkel": (2, 28, "paper", 2)}
    node = next(n for n in network.nodes if n.key == "jobcenter-but")
    assert (node.level, node.journeys) == (4, 2)
    assert [n.level for n in network.nodes] == sorted(n.level for n in network.nodes)


def test_graphml_holds_the_weights(network) -> None:
    graph = nx.read_graphml(io.BytesIO(network_graphml(network)))
    assert graph.edges["sv-everswinkel", "jobcenter-but"]["households"] == 14
    assert graph.nodes["jobcenter-but"]["level"] == 4
    assert ET.fromstring(network_graphml(network)).tag.endswith("graphml")


def test_cli_network_text_json_and_files(capsys, tmp_path) -> None:
    assert main(["network", str(SAMPLE_DIR), "--lang", "en"]) == 0  # default: the journeys'
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Referral network over 9 journeys: 47 offers, 44 referral links"
    assert ("  Sportverein in Everswinkel → Jobcenter Kreis Warendorf (BuT-Stelle): 1 journey, "
            "14 people, paper, lost after it in 1") in out
    assert ("  Bekannte vom Stammtisch (Ennigerloh) → Schuldner- und Insolvenzberatung "
            "(Wohlfahrtsverband): 1 journey, 4 people, not recorded") in out
    assert main(["network", str(SAMPLE_DIR)]) == 0  # the samples are German
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Verweisnetz über 9 Nutzerreisen: 47 Angebote, 44 Verweiswege"
    assert ("  Sportverein in Everswinkel → Jobcenter Kreis Warendorf (BuT-Stelle): "
            "1 Nutzerreise, 14 Personen, Papier, danach in 1 Nutzerreise verloren") in out
    assert ("  Bedarfsgemeinschaft (Mutter) (Ennigerloh) → Jobcenter Kreis Warendorf: "
            "1 Nutzerreise, keine Datenweitergabe") in out
    target = tmp_path / "net.graphml"
    assert main(["network", str(SAMPLE_DIR), "--out", str(target)]) == 0
    assert nx.read_graphml(target).number_of_edges() == len(
        referral_network([load_journey(p) for p in SAMPLES]).edges)
    assert main(["network", str(SAMPLE_DIR), "--out", str(target)]) == 1
    assert "the file exists already" in capsys.readouterr().err


def test_network_figure_and_table(network) -> None:
    from journeys.figures.network import network_figure, network_table

    journeys = [load_journey(path) for path in SAMPLES]
    fig = network_figure(network, journeys, lang="de")
    assert fig.layout.title.text == "<b>Verweisnetz</b>"
    assert fig.layout.meta["alt"].startswith(f"Netz aus {len(network.nodes)} Hilfsangeboten")
    lines = [t for t in fig.data if t.mode == "lines" and t.x[0] is not None]
    assert len(lines) == len(network.edges)
    assert sum(t.line.dash == "dot" for t in lines) == sum(bool(e.lost) for e in network.edges)
    table = network_table(network, lang="en")
    assert list(table.columns) == ["From", "To", "Journeys", "People", "Data transfer",
                                   "Lost after"]
    assert len(table) == len(network.edges)
