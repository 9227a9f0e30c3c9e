"""A lean YAML loader for the plain data of journey files, twice as fast as PyYAML's own.

PyYAML's C loader parses with libyaml but builds every value in Python through its
constructor machinery (nodes, marks, generators, a resolver call per scalar): about 4 ms of a
13 kB journey file. Here libyaml's events are turned into dicts, lists and scalars in one
loop, with PyYAML's own YAML 1.1 resolvers and scalar constructors, so every value means
exactly what ``yaml.safe_load`` makes of it (``yes`` is true, ``2024-03-01`` a date, ``010``
is 8).

Only the plain case is handled: mappings with scalar keys, sequences and untagged scalars.
Anything else — an anchor or alias, a tag, a duplicate key, a merge key, a second document,
deep nesting, a syntax error, a scalar its constructor cannot read — raises ``Unusual``, and
the caller parses the text again with its strict PyYAML loader, which reports it exactly as
before (``journeys.formats``). So this module decides nothing about what is allowed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVERS = _Parser.yaml_implicit_resolvers
"""First character → (tag, pattern) of YAML 1.1's implicit types, as ``safe_load`` uses them."""
_ANY_FIRST = tuple(_RESOLVERS.get(None, ()))
"""Resolvers for any first character (none in PyYAML 6; kept so that one added would count)."""
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_CONSTRUCTOR = SafeConstructor()
_NO_KEY = object()
_TYPED: dict[str, Any] = {}
"""Plain scalars that may be typed → their value: the same keys and words (``to``, ``from``,
``no``, ``3``) come back thousands of times in a portfolio."""
_SHAREABLE = {str, int, float, bool, type(None)}
"""Values that may be the same object in several places: immutable, and written without YAML
anchors when a journey is saved again (a shared date would come out as ``&id001``)."""
MAX_TYPED = 50_000
MAX_DEPTH = 100
"""Deeper nesting is left to the strict loader (a journey needs a handful of levels)."""


class Unusual(Exception):
    """The text holds something the lean loader leaves to the strict one."""


def _typed(value: str) -> Any:
    """A plain scalar as YAML 1.1 types it (only called when its first character may start
    a typed value)."""
    tag = next((tag for tag, pattern in (*_RESOLVERS.get(value[:1], ()), *_ANY_FIRST)
                if pattern.match(value)), None)
    if tag is None:
        return value
    kind = tag.rsplit(":", 1)[1]
    if kind == "null":
        return None
    if kind == "bool":
        return SafeConstructor.bool_values[value.lower()]
    if kind == "int" and _DECIMAL.match(value):
        return int(value)
    if kind in ("int", "float", "timestamp"):  # hex, octal, 1_000, .inf, dates: PyYAML's own
        return getattr(_CONSTRUCTOR, f"construct_yaml_{kind}")(yaml.ScalarNode(tag, value))
    raise Unusual(kind)  # merge (<<) and value (=)


def load_plain(text: str) -> Any:
    """The data of a YAML text of plain mappings, sequences and scalars; ``Unusual`` for
    anything else (see the module docstring)."""
    parser = _Parser(text)
    get_event = parser.get_event
    stack: list[tuple] = []  # the enclosing (container, keys, key) of the current container
    container: Any = None  # the mapping or sequence being filled
    keys: set | None = None  # the raw keys of that mapping so far (None: a sequence)
    key: Any = _NO_KEY  # the mapping's key waiting for its value
    root: Any = None
    documents = 0
    try:
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise Unusual("anchor or tag")
                value = event.value
                if event.implicit[0] and (_ANY_FIRST or value[:1] in _RESOLVERS or not value):
                    typed = _TYPED.get(value, _NO_KEY)
                    if typed is _NO_KEY:
                        typed = _typed(value)
                        if len(_TYPED) < MAX_TYPED and typed.__class__ in _SHAREABLE:
                            _TYPED[value] = typed
                    value = typed
                if keys is not None and key is _NO_KEY:  # a key of the mapping
                    raw = event.value
                    if raw in keys or (event.implicit[0] and raw in ("<<", "=")):
                        raise Unusual("a duplicate or merge key")
                    keys.add(raw)
                    key = value
                    continue
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    raise Unusual("anchor, tag or depth")
                if keys is not None and key is _NO_KEY:
                    raise Unusual("a key that is not plain text")
                stack.append((container, keys, key))
                if kind is MappingStartEvent:
                    container, keys, key = {}, set(), _NO_KEY
                else:
                    container, keys, key = [], None, _NO_KEY
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = container
                container, keys, key = stack.pop()
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise Unusual("a second document")
                continue
            elif kind is StreamEndEvent:
                return root
            elif kind is StreamStartEvent or kind is DocumentEndEvent:
                continue
            else:
                raise Unusual("an alias")
            if keys is not None:
                container[key] = value
                key = _NO_KEY
            elif container is not None:
                container.append(value)
            else:
                root = value
    finally:
        parser.dispose()
