"""Plain data as YAML text, byte for byte what PyYAML's pure-Python dumper writes, ten times
faster.

Journey files are written in one layout (``journeys.formats.dump_yaml``): block style, a short
mapping of scalars on one line (``- {category: forms, severity: 2}``), keys in their order,
umlauts and emoji as they are (libyaml's C emitter would write ``\\U0001F600``), lines folded
at 100 characters. PyYAML's dumper goes data → nodes → events → text and spends 15 s on a
journey of 60,000 steps; here the data is walked once and written with PyYAML's own emitter
methods (``yaml.emitter.Emitter``: the same indentation, line folding, quoting and escapes),
and PyYAML decides the style of every scalar (``analyze_scalar``, ``choose_scalar_style``,
its resolver). Only the common case is shortened: a word or words that PyYAML writes plain
(``Step 12``, ``s12``) and that fit on the line are written as they are.

The one difference: an object that appears twice (the same date in two places) is written
out twice, never as an ``&id001`` anchor and ``*id001`` alias, which journey files refuse.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from yaml.emitter import Emitter, ScalarAnalysis
from yaml.events import ScalarEvent
from yaml.nodes import ScalarNode
from yaml.representer import RepresenterError, SafeRepresenter
from yaml.resolver import Resolver

WIDTH = 100
"""Lines are folded after this column (as ``yaml.dump(..., width=100)``)."""
FLOW_WIDTH = 90
"""A mapping of scalars whose keys and values are shorter than this goes on one line."""

_STR = "tag:yaml.org,2002:str"
_PLAIN = re.compile(r"(?![yYnNtTfFoO][A-Za-z]{0,4}\Z)[^\W\d][\w.()/-]*(?: [\w.()/-]+)*")
"""Text PyYAML writes plain in every context: a letter first, then letters, digits and
``_.()/-``, single spaces between words; not a word YAML reads as true, false or null (every
short word starting with one of their letters is left to PyYAML's resolver)."""
_KEY_LENGTH = 128 - len("!!str")
"""A longer text is written as ``? key`` when it is a key (PyYAML counts its tag too)."""
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Breaks PyYAML's emitter would put raw into single quotes, where readers fold them: such
text is double-quoted."""
_RESOLVER = Resolver()
_REPRESENTER = SafeRepresenter()
_ANALYZER = Emitter(None, allow_unicode=True)


def is_flow(mapping: dict) -> bool:
    """Whether a mapping is written on one line, like the examples in the format doc: all its
    values are scalars other than true and false, and keys and values are short."""
    size = 0
    for key, value in mapping.items():
        if not (value is None or (isinstance(value, (str, int, float, dt.date))
                                  and not isinstance(value, bool))):
            return False
        size += len(str(key)) + len(str(value)) + 4
        if size >= FLOW_WIDTH:
            return False
    return True


@lru_cache(maxsize=4096)
def _text_facts(text: str) -> tuple[ScalarAnalysis, bool]:
    """PyYAML's analysis of a text, and whether written plain it would still read as text."""
    return _ANALYZER.analyze_scalar(text), _RESOLVER.resolve(ScalarNode, text,
                                                             (True, False)) == _STR


@lru_cache(maxsize=4096)
def _analysed_plain(text: str) -> bool:
    analysis, plain = _text_facts(text)
    return (plain and analysis.allow_flow_plain and analysis.allow_block_plain
            and not analysis.multiline and len(text) < _KEY_LENGTH
            and not any(c in text for c in _LINE_BREAKS))


def _plain(text: str) -> bool:
    """Whether PyYAML writes the text plain wherever it stands: in a block, in a one-line
    mapping and as a key (one line, not empty, short)."""
    return bool(_PLAIN.fullmatch(text) and len(text) < _KEY_LENGTH) or _analysed_plain(text)


def _scalar(value: Any) -> tuple[str, str, tuple[bool, bool], str | None]:
    """A scalar as PyYAML's serializer hands it to the emitter: its text, its tag, whether
    the tag may be left out when the text is written plain / quoted, and its style."""
    if isinstance(value, str):
        return (value, _STR, (_text_facts(value)[1], True),
                '"' if any(c in value for c in _LINE_BREAKS) else None)
    represent = SafeRepresenter.yaml_representers.get(type(value))
    if represent is None:
        raise RepresenterError(f"cannot represent an object: {value!r}")
    node = represent(_REPRESENTER, value)
    if not isinstance(node, ScalarNode):
        raise RepresenterError(f"cannot represent an object: {value!r}")
    return node.value, node.tag, (
        _RESOLVER.resolve(ScalarNode, node.value, (True, False)) == node.tag,
        _RESOLVER.resolve(ScalarNode, node.value, (False, True)) == node.tag), node.style


class _Writer(Emitter):
    """PyYAML's emitter driven by the data itself instead of by a stream of events."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        super().__init__(SimpleNamespace(write=self.parts.append), indent=2, width=WIDTH,
                         allow_unicode=True)
        self.tag_prefixes = dict(self.DEFAULT_TAG_PREFIXES)
        self.plain_keys: dict[str, str] = {}
        """Keys written plain → ``key:`` (a journey has a few dozen, each used thousands of
        times)."""

    def document(self, data: Any) -> str:
        if isinstance(data, (dict, list)):
            self.node(data)
        else:
            self.scalar(data, root=True)
        self.write_indent()
        if self.open_ended:
            self.write_indicator("...", True)
            self.write_indent()
        return "".join(self.parts)

    def node(self, data: Any, *, mapping: bool = False, simple_key: bool = False) -> None:
        kind = type(data)
        if kind is str:
            if _plain(data) and (simple_key or " " not in data
                                 or self.column + len(data) < self.best_width):
                self.word(data)
            else:
                self.scalar(data, simple_key=simple_key)
        elif kind is int:
            self.word(str(data))
        elif isinstance(data, dict):
            if self.flow_level or not data or is_flow(data):
                self.flow_mapping(data)
            else:
                self.block_mapping(data)
        elif isinstance(data, list):
            if self.flow_level or not data:
                self.flow_sequence(data)
            else:
                self.block_sequence(data, indentless=mapping and not self.indention)
        else:
            self.scalar(data, simple_key=simple_key)

    def word(self, text: str) -> None:
        """What ``write_plain`` makes of text that needs no folding: a space after an
        indicator, then the text."""
        if not self.whitespace:
            self.parts.append(" ")
            self.column += 1
        self.parts.append(text)
        self.column += len(text)
        self.whitespace = self.indention = False

    def scalar(self, data: Any, *, root: bool = False, simple_key: bool = False) -> None:
        """Any scalar, with PyYAML choosing its style (plain, quoted, escaped) and its tag
        (``!!timestamp`` for a time that would not read back as one)."""
        text, tag, implicit, style = _scalar(data)
        self.event = ScalarEvent(None, tag, implicit, text, style=style)
        self.analysis = _text_facts(text)[0] if isinstance(data, str) else (
            _ANALYZER.analyze_scalar(text))
        self.root_context, self.simple_key_context = root, simple_key
        self.process_tag()
        self.increase_indent(flow=True)
        self.process_scalar()
        self.indent = self.indents.pop()
        self.event = None

    def simple_key(self, key: Any) -> bool:
        """Whether a key is written as ``key:`` (else as ``? key``), as ``check_simple_key``
        decides: on one line, not empty, its tag and text shorter than 128 characters."""
        if type(key) is str and _plain(key):
            return True
        text, tag, _, _ = _scalar(key)
        analysis = _text_facts(text)[0] if isinstance(key, str) else (
            _ANALYZER.analyze_scalar(text))
        return (len(self.prepare_tag(tag)) + len(analysis.scalar) < 128
                and not (analysis.empty or analysis.multiline))

    def key(self, key: Any) -> None:
        """A mapping key and its colon, as ``expect_*_mapping_key`` writes them."""
        written = self.plain_keys.get(key) if type(key) is str else None
        if written is None and type(key) is str and _plain(key):
            written = self.plain_keys[key] = f"{key}:"
        if written:  # a plain key: what write_plain and write_indicator(":") make of it
            if not self.whitespace:
                self.parts.append(" ")
                self.column += 1
            self.parts.append(written)
            self.column += len(written)
            self.whitespace = self.indention = self.open_ended = False
        elif self.simple_key(key):
            self.node(key, mapping=True, simple_key=True)
            self.write_indicator(":", False)
        elif self.flow_level:
            self.write_indicator("?", True)
            self.node(key, mapping=True)
            if self.column > self.best_width:
                self.write_indent()
            self.write_indicator(":", True)
        else:
            self.write_indicator("?", True, indention=True)
            self.node(key, mapping=True)
            self.write_indent()
            self.write_indicator(":", True, indention=True)

    def block_mapping(self, data: dict) -> None:
        self.increase_indent(flow=False)
        for key, value in data.items():
            self.write_indent()
            self.key(key)
            self.node(value, mapping=True)
        self.indent = self.indents.pop()

    def block_sequence(self, data: list, *, indentless: bool) -> None:
        self.increase_indent(flow=False, indentless=indentless)
        for item in data:
            self.write_indent()
            self.write_indicator("-", True, indention=True)
            self.node(item)
        self.indent = self.indents.pop()

    def flow_mapping(self, data: dict) -> None:
        self.write_indicator("{", True, whitespace=True)
        self.flow_level += 1
        self.increase_indent(flow=True)
        for index, (key, value) in enumerate(data.items()):
            if index:
                self.write_indicator(",", False)
            if self.column > self.best_width:
                self.write_indent()
            self.key(key)
            self.node(value, mapping=True)
        self.indent = self.indents.pop()
        self.flow_level -= 1
        self.write_indicator("}", False)

    def flow_sequence(self, data: list) -> None:
        self.write_indicator("[", True, whitespace=True)
        self.flow_level += 1
        self.increase_indent(flow=True)
        for index, item in enumerate(data):
            if index:
                self.write_indicator(",", False)
            if self.column > self.best_width:
                self.write_indent()
            self.node(item)
        self.indent = self.indents.pop()
        self.flow_level -= 1
        self.write_indicator("]", False)


def dump(data: Any) -> str:
    """``data`` (dicts, lists, text, numbers, dates, true/false, null) as YAML text."""
    return _Writer().document(data)


__all__ = ["FLOW_WIDTH", "WIDTH", "dump", "is_flow"]
