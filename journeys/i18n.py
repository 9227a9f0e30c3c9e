"""German and English words and number formats for everything users read.

Strings live next to the code that uses them, as ``{"en": {...}, "de": {...}}`` tables;
this module only looks them up and formats numbers the way each language writes them
(German: ``1.234,5`` and ``40 %``).
"""

from __future__ import annotations

from collections.abc import Mapping

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


def number(value: float, lang: str, digits: int = 1) -> str:
    """``1234.5`` → ``1,234.5`` (en) or ``1.234,5`` (de); whole numbers without decimals."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.{digits}f}"
    if language(lang) == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share: float, lang: str) -> str:
    """``0.4`` → ``40 %`` (de) or ``40%`` (en)."""
    text = number(round(share * 100), lang, 0)
    return f"{text} %" if language(lang) == "de" else f"{text}%"
