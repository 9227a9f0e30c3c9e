"""The referral network of a workspace: who hands people on to whom, how, and what gets lost.

Nodes are offers (``journeys.offers.offer_key``: a catalogue entry, or an actor of one region),
placed by resource level. An edge is every ``handoff`` or ``referral`` transition between two
offers, summed over journeys: ``journeys`` counts the journeys that have it, ``households``
the observed ``count`` of the transitions (when recorded). The data transfer says how the case
travels (verbal, paper, e-mail, digital). A referral is *lost* when the step it leads to is a
dropout or leads straight to one (Verweisberatung that ends in nothing).
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
from pydantic import BaseModel, ConfigDict

from journeys.exchange.graphml_writer import digraph_graphml
from journeys.offers import offer_key, offer_labels
from journeys.vocabulary import NOT_RECORDED
from journeys.vocabulary import TRANSFERS as GIVEN_TRANSFERS
from models import Journey
from models.catalogue_file import Catalogue

REFERRAL_KINDS = ("handoff", "referral")
TRANSFERS = (*GIVEN_TRANSFERS, NOT_RECORDED)
"""An edge's data transfer: ``NOT_RECORDED`` when none of its transitions says how the case
travelled."""


class NetworkNode(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    key: str
    label: str
    level: int
    journeys: int
    """How many journeys have a step with this offer."""


class NetworkEdge(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    source: str
    target: str
    journeys: int
    """How many journeys pass someone on along this edge."""
    households: int | None = None
    """Sum of the transitions' observed ``count`` (None when no transition has one)."""
    kinds: list[str]
    transfer: str
    """The most frequent data transfer over the edge's transitions (``not_recorded`` when
    none says; ties go to the first in ``TRANSFERS`` order)."""
    transfers: dict[str, int]
    lost: int
    """How many journeys lose people after this edge (the target step is or leads to a
    dropout)."""


class ReferralNetwork(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


def _lost(journey: Journey, target: str) -> bool:
    """Whether the step ``target`` is a dropout or has a transition straight into one."""
    dropouts = set(journey.dropout_ids())
    return target in dropouts or any(t.from_ == target and t.to in dropouts
                                     for t in journey.transitions)


def referral_network(journeys: list[Journey], catalogue: Catalogue | None = None
                     ) -> ReferralNetwork:
    """The network over ``journeys``; nodes by level then label (names from ``catalogue``
    when given), edges by weight."""
    used: Counter[str] = Counter()
    levels: dict[str, int] = {}
    edges: dict[tuple[str, str], dict] = {}
    for journey in journeys:
        seen: set[str] = set()
        steps = journey.steps_by_id
        for step in journey.steps:
            key = offer_key(journey, step.actor)
            seen.add(key)
            levels.setdefault(key, journey.actors_by_id[step.actor].level)
        used.update(seen)
        counted: set[tuple[str, str]] = set()
        for transition in journey.transitions:
            if transition.kind not in REFERRAL_KINDS:
                continue
            pair = (offer_key(journey, steps[transition.from_].actor),
                    offer_key(journey, steps[transition.to].actor))
            if pair[0] == pair[1]:
                continue  # a hand-off inside one offer is no referral between offers
            edge = edges.setdefault(pair, {"journeys": 0, "households": None, "kinds": set(),
                                           "transfers": Counter(), "lost": 0})
            edge["kinds"].add(transition.kind)
            edge["transfers"][transition.data_transfer or NOT_RECORDED] += 1
            if transition.count is not None:
                edge["households"] = (edge["households"] or 0) + transition.count
            if pair not in counted:
                counted.add(pair)
                edge["journeys"] += 1
                edge["lost"] += _lost(journey, transition.to)
    labels = offer_labels(journeys, catalogue)
    nodes = [NetworkNode(key=k, label=labels[k], level=levels[k], journeys=used[k])
             for k in sorted(used, key=lambda k: (levels[k], labels[k], k))]
    result = []
    for (source, target), edge in edges.items():
        transfers = edge["transfers"]
        top = max(transfers.values())
        transfer = next(t for t in TRANSFERS if transfers.get(t) == top)
        result.append(NetworkEdge(
            source=source, target=target, journeys=edge["journeys"],
            households=edge["households"], kinds=sorted(edge["kinds"]), transfer=transfer,
            transfers={t: transfers[t] for t in TRANSFERS if t in transfers},
            lost=edge["lost"]))
    result.sort(key=lambda e: (-e.journeys, e.source, e.target))
    return ReferralNetwork(nodes=nodes, edges=result)


def network_graph(network: ReferralNetwork) -> nx.DiGraph:
    """The network as a networkx graph (attributes GraphML can hold: text and numbers)."""
    graph = nx.DiGraph()
    for node in network.nodes:
        graph.add_node(node.key, label=node.label, level=node.level, journeys=node.journeys)
    for edge in network.edges:
        graph.add_edge(edge.source, edge.target, journeys=edge.journeys,
                       households=edge.households if edge.households is not None else -1,
                       kinds=",".join(edge.kinds), transfer=edge.transfer, lost=edge.lost)
    return graph


def network_graphml(network: ReferralNetwork) -> bytes:
    """GraphML of the network (``households`` -1: not recorded), for Gephi, yEd or Cytoscape."""
    return digraph_graphml(network_graph(network)).encode("utf-8")
