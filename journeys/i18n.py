"""German and English words and number formats for everything users read.

Strings live next to the code that uses them, as ``{"en": {...}, "de": {...}}`` tables;
this module only looks them up and formats numbers the way each language writes them
(German: ``1.234,5`` and ``40 %``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = ("de", "en")
Table = Mapping[str, Mapping[str, str]]


def language(lang: str | None) -> str:
    """A supported language code (``"de"`` or ``"en"``); anything else falls back to English."""
    code = (lang or "en").lower()[:2]
    return code if code in LANGUAGES else "en"


class _Value:
    """A value for a template; ``{steps:step|steps}`` picks the word by the number."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, many = spec.split("|", 1)
            return f"{self.value} {one if str(self.value) == '1' else many}"
        return format(self.value, spec)


def translate(table: Table, key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English when missing), with ``values`` filled in;
    ``{count:word|words}`` writes the count with the singular or the plural.

    >>> translate({"en": {"k": "{n:step|steps}"}}, "k", "en", n=1)
    '1 step'
    >>> translate({"en": {"k": "{n:Schritt|Schritte}"}}, "k", "de", n=3)
    '3 Schritte'
    """
    text = table.get(language(lang), {}).get(key) or table["en"][key]
    return text.format(**{k: _Value(v) for k, v in values.items()}) if values else text


def _half_up(value: float, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` decimals, halves away from zero (as people round:
    0.25 → 0.3; Python's ``round`` and ``format`` round halves to even), from its shortest
    decimal form (so 0.145 is 0.145, not 0.14499…)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def number(value: float, lang: str, digits: int = 1) -> str:
    """``1234.5`` → ``1,234.5`` (en) or ``1.234,5`` (de); whole numbers without decimals;
    halves round up (``number(0.25, "en")`` is ``0.3``).

    >>> number(0.25, "en"), number(2.125, "en", 2), number(1234.55, "de")
    ('0.3', '2.13', '1.234,6')
    """
    if isinstance(value, int) or float(value).is_integer():
        text = f"{value:,.0f}"
    else:
        text = f"{_half_up(value, digits):,.{digits}f}"
    if language(lang) == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share: float, lang: str) -> str:
    """``0.4`` → ``40 %`` (de) or ``40%`` (en); halves round up: 1 of 8 is 13 %.

    >>> percent(1 / 8, "en"), percent(0.125, "de"), percent(0.145, "en")
    ('13%', '13 %', '15%')
    """
    whole = (Decimal(repr(float(share))) * 100).quantize(Decimal(1), ROUND_HALF_UP)
    text = number(int(whole), lang, 0)
    return f"{text} %" if language(lang) == "de" else f"{text}%"
