"""GraphML text written in one pass, byte for byte what ``networkx.write_graphml`` writes.

networkx builds an lxml element for every ``<data>`` (1.2 million for a journey of 60,000
steps: 4 s and most of 500 MB, after 2 s to build the graph it writes from). Here the
attributes are written as text while they are walked, in networkx's layout: the same key
ids (``d0``, ``d1`` … in the order names first appear: graph, nodes, edges), the same
``attr.type`` per Python type, the keys listed last-first, the same escapes as lxml. yEd,
Gephi and ``networkx.read_graphml`` read the same file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

HEADER = ("<?xml version='1.0' encoding='utf-8'?>\n"
          '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
          'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
"""GraphML's ``attr.type`` of each Python type, as networkx names them."""

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                            "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})
_IN_TEXT = re.compile("[&<>\r]")
_IN_ATTRIBUTE = re.compile("[&<>\"\t\n\r]")
"""What lxml escapes in an element's text and in an attribute's value."""

Attributes = Mapping[str, Any]


def _text(text: str) -> str:
    return text.translate(_TEXT) if _IN_TEXT.search(text) else text


def _attribute(text: str) -> str:
    return text.translate(_ATTRIBUTE) if _IN_ATTRIBUTE.search(text) else text


class _Keys:
    """The ``<key>`` elements, one per name, type and scope, numbered as they first appear."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.opening: dict[tuple[str, str, type], str] = {}
        """(scope, name, type) → the opening tag of its data, indented: ``  <data key="d4">``."""

    def data(self, scope: str, attributes: Attributes, indent: str) -> str:
        """The ``<data>`` elements of one graph, node or edge."""
        opening = self.opening
        parts = []
        for name, value in attributes.items():
            kind = type(value)
            tag = opening.get((scope, name, kind)) or self.new(scope, name, kind, indent)
            if kind is str:
                parts.append(f"{tag}{_text(value)}</data>\n")
            else:
                parts.append(f"{tag}{value}</data>\n")
        return "".join(parts)

    def new(self, scope: str, name: str, kind: type, indent: str) -> str:
        if kind not in TYPES:
            raise TypeError(f"GraphML does not support type {kind} as data values.")
        key = f"d{len(self.lines)}"
        self.lines.append(f'<key id="{key}" for="{scope}" attr.name="'
                          f'{_attribute(name)}" attr.type="{TYPES[kind]}"/>\n')
        self.opening[(scope, name, kind)] = tag = f'{indent}<data key="{key}">'
        return tag


def _element(tag: str, opening: str, data: str) -> str:
    return f"{opening}>\n{data}</{tag}>\n" if data else f"{opening}/>\n"


def graphml_text(graph: Attributes, nodes: Iterable[tuple[str, Attributes]],
                 edges: Iterable[tuple[str, str, Attributes]]) -> str:
    """A directed graph as GraphML: its attributes, its nodes (id, attributes) and its edges
    (source, target, attributes) in the order networkx keeps them (edges by source node)."""
    keys = _Keys()
    graph = dict(graph)
    name = graph.pop("id", None)
    opening = '<graph edgedefault="directed"' + (
        "" if name is None else f' id="{_attribute(str(name))}"') + ">"
    body = [keys.data("graph", {k: v for k, v in graph.items()
                                if k not in ("node_default", "edge_default")}, "")]
    body.extend(_element("node", f'<node id="{_attribute(str(node))}"',
                         keys.data("node", data, "  ")) for node, data in nodes)
    body.extend(_element("edge", f'<edge source="{_attribute(str(source))}" '
                                 f'target="{_attribute(str(target))}"',
                         keys.data("edge", data, "  ")) for source, target, data in edges)
    return "".join([HEADER, *reversed(keys.lines), opening, *body, "</graph></graphml>"])


def digraph_graphml(graph: nx.DiGraph) -> str:
    """A networkx ``DiGraph`` as GraphML (what ``nx.write_graphml`` writes)."""
    return graphml_text(graph.graph, graph.nodes(data=True), graph.edges(data=True))
