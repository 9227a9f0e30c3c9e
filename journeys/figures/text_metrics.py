"""How wide text runs, and where it may break: real advance widths and real syllables.

The map wraps every label to its card, so it must know how wide a line really is: the widths
come from ``font_widths.json`` (Liberation Sans, which has Arial's metrics, and DejaVu Sans for
the glyphs it lacks — what Chromium draws for the figures' font list), measured once by
``scripts/font_widths.py``. Words are broken at spaces, after a hyphen the word has, or at a
syllable boundary that the hyphenation dictionaries of ``pyphen`` find (never
"Probetr-aining"); a word no boundary makes fit is cut with "…". Everything here is linear in
the text's length: a label of millions of characters costs milliseconds, not minutes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import pyphen

_WIDTHS = json.loads((Path(__file__).with_name("font_widths.json")).read_text("utf-8"))
_FALLBACK = 1000.0
"""Width (thousandths of an em) of a character outside the table (CJK, emoji: about 1 em)."""
LINE_EM = 1.3
"""plotly's line spacing in multi-line text, in em."""
HYPHENATE_UP_TO = 40
"""Longer words are not looked up in the hyphenation dictionary (they are cut instead)."""
ELLIPSIS = "…"
_WORD = re.compile(r"\S+")
_DIGRAPHS = ("ch", "ck", "ph", "th", "sh")
"""A break between these letters (or after an "s" before "ch") reads wrong in German and English
even where a dictionary allows it ("Mitglied-s-chaft")."""


def width(text: str, size: float, bold: bool = False) -> float:
    """``text`` in px at ``size`` px (one line).

    >>> round(width("Formulare 4", 20), 1)
    107.8
    """
    table = _WIDTHS["bold" if bold else "regular"]
    return sum(table.get(char, _FALLBACK) for char in text) * size / 1000


def line_height(size: float) -> float:
    """The height one line of text takes in px."""
    return size * LINE_EM


@cache
def _dictionaries(lang: str | None) -> tuple[pyphen.Pyphen, ...]:
    if lang and lang.startswith("de"):
        return (pyphen.Pyphen(lang="de_DE", left=3, right=3),)
    if lang and lang.startswith("en"):
        return (pyphen.Pyphen(lang="en_US", left=3, right=3),)
    return (pyphen.Pyphen(lang="de_DE", left=3, right=3),
            pyphen.Pyphen(lang="en_US", left=3, right=3))


def _splits_digraph(word: str, at: int) -> bool:
    """Would a break before ``word[at]`` split "ch", "ck", "ph", "th", "sh" or "sch"?"""
    return word[at - 1:at + 1] in _DIGRAPHS or word[at - 1:at + 2] == "sch"


def syllable_breaks(word: str, lang: str | None = None) -> list[int]:
    """Positions where ``word`` may be hyphenated: after a hyphen it has, or at a syllable
    boundary of the ``lang`` dictionary (without a language: where German and English agree).

    >>> word = "Probetraining"
    >>> [word[:i] for i in syllable_breaks(word, "de")]
    ['Pro', 'Probe', 'Probetrai']
    >>> word = "Mitgliedschaft"
    >>> [word[:i] for i in syllable_breaks(word, "de")]
    ['Mit', 'Mitglied']
    """
    found = {i + 1 for i, char in enumerate(word[:-1]) if char == "-" and i >= 1}
    letters = word.strip(".,;:!?()„“”\"'")
    if 5 < len(letters) <= HYPHENATE_UP_TO and letters.isalpha():
        offset = word.index(letters)
        agreed = set.intersection(*(set(d.positions(letters)) for d in _dictionaries(lang)))
        found |= {offset + p for p in agreed if not _splits_digraph(letters.lower(), p)}
    return sorted(found)


@dataclass(frozen=True)
class Wrapped:
    """A text broken into lines, and whether it had to be cut to fit."""

    lines: tuple[str, ...]
    cut: bool

    @property
    def text(self) -> str:
        return "<br>".join(self.lines)


_NARROWEST = min(_WIDTHS["regular"][char] for char in "il.,'|!")
"""The narrowest common character: a word longer than ``room`` at this width never fits."""


def _pieces(word: str, room: float, size: float, bold: bool, lang: str | None) -> list[str]:
    """``word`` split at syllables so each piece but the last fits ``room`` px (with its
    hyphen); a piece that no syllable makes fit stays whole (the caller cuts it)."""
    if len(word) * _NARROWEST * size / 1000 > room and len(word) > HYPHENATE_UP_TO:
        return [word]  # far too long: not even measured (linear time for any length)
    if width(word, size, bold) <= room:
        return [word]
    breaks = syllable_breaks(word, lang) if len(word) <= HYPHENATE_UP_TO else []
    pieces, start = [], 0
    while breaks:
        fitting = [b for b in breaks if b > start and width(
            word[start:b] + ("" if word[b - 1] == "-" else "-"), size, bold) <= room]
        if not fitting:
            break
        end = fitting[-1]
        pieces.append(word[start:end] + ("" if word[end - 1] == "-" else "-"))
        start = end
        breaks = [b for b in breaks if b > end]
        if width(word[start:], size, bold) <= room:
            break
    pieces.append(word[start:])
    return pieces


def _cut(text: str, room: float, size: float, bold: bool) -> str:
    """The longest start of ``text`` that fits ``room`` px with "…" after it (linear)."""
    table = _WIDTHS["bold" if bold else "regular"]
    budget = room * 1000 / size - table[ELLIPSIS]
    used, end = 0.0, 0
    for char in text:
        used += table.get(char, _FALLBACK)
        if used > budget:
            break
        end += 1
    return text[:end].rstrip(" -") + ELLIPSIS


SLACK = 0.001
"""Px a line may exceed its room by: less than any glyph, more than float rounding."""


def wrap(text: str, room: float, size: float, *, max_lines: int | None = None,
         first_room: float | None = None, bold: bool = False, lang: str | None = None
         ) -> Wrapped:
    """``text`` broken into lines of at most ``room`` px at ``size`` px (the first line at
    most ``first_room``, e.g. beside a corner mark): at spaces, else at syllables; a word that
    fits no line, or lines beyond ``max_lines``, end in "…" (``cut``).

    >>> wrap("Meldet das Kind zum Probetraining an", 120, 16, lang="de").lines
    ('Meldet das Kind', 'zum', 'Probetraining an')
    >>> wrap("Meldet das Kind zum Probetraining an", 80, 16, lang="de").lines
    ('Meldet das', 'Kind zum', 'Probetrai-', 'ning an')
    >>> wrap("Eine sehr lange Bezeichnung", 80, 16, max_lines=2)
    Wrapped(lines=('Eine sehr', 'lange…'), cut=True)
    >>> wrap("Sucht Informationen auf der Webseite", 80, 16, max_lines=2, lang="de").lines
    ('Sucht', 'Informati…')
    """
    lines: list[str] = []
    current, used = "", 0.0
    space = width(" ", size, bold)
    cut = False
    room += SLACK  # widths are sums of floats: a word exactly as wide as its room fits
    first_room = None if first_room is None else first_room + SLACK

    def limit() -> float:
        return first_room if first_room is not None and not lines else room

    for match in _WORD.finditer(text):  # lazily: a cut label is not read to its end
        word = match.group()
        if max_lines is not None and len(lines) >= max_lines:
            cut = True
            break
        needed = width(word, size, bold) if len(word) <= HYPHENATE_UP_TO else room + 1
        if current and used + space + needed <= limit():
            current, used = f"{current} {word}", used + space + needed
            continue
        if current:
            lines.append(current)
            current, used = "", 0.0
        if max_lines is not None and len(lines) >= max_lines:
            cut = True
            break
        for piece in _pieces(word, limit(), size, bold, lang):
            if current:
                lines.append(current)
                if max_lines is not None and len(lines) >= max_lines:
                    current, cut = "", True
                    break
            current = piece
            used = width(piece, size, bold) if len(piece) <= HYPHENATE_UP_TO else room + 1
            if used > limit():
                current, used, cut = _cut(piece, limit(), size, bold), limit(), True
        if cut:
            break
    if current and not (max_lines is not None and len(lines) >= max_lines):
        lines.append(current)
    if cut and lines and not lines[-1].endswith(ELLIPSIS):
        last = lines[-1].removesuffix("-")  # "Infor…", not "Infor-…"
        lines[-1] = last + ELLIPSIS if width(last + ELLIPSIS, size, bold) <= (
            room if len(lines) > 1 or first_room is None else first_room) else \
            _cut(last, room, size, bold)
    return Wrapped(tuple(lines), cut)


def widest_piece(text: str, size: float, bold: bool = False, lang: str | None = None) -> float:
    """The width of the widest part of ``text`` that cannot be broken (a word, or a syllable
    with its hyphen): the least room a line needs to show ``text`` uncut."""
    widest = 0.0
    for word in text.split():
        if len(word) > HYPHENATE_UP_TO:
            widest = max(widest, width(word[:HYPHENATE_UP_TO], size, bold))
            continue
        starts = [0, *syllable_breaks(word, lang), len(word)]
        for start, end in pairwise(starts):
            piece = word[start:end] + ("-" if end < len(word) and word[end - 1] != "-" else "")
            widest = max(widest, width(piece, size, bold))
    return widest
