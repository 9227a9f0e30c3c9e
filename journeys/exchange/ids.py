"""Ids made from labels: ASCII slugs with German umlauts transliterated, never colliding.

Imports (Mermaid journeys, CSV tables) and the Mermaid export need ids that every tool
accepts; ``Übergabe an das Jobcenter`` becomes ``uebergabe-an-das-jobcenter``, not
``bergabe-an-das-jobcenter`` as a plain ASCII filter would make it.
"""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss", "ẞ": "SS"})


def slug(text: str, separator: str = "-") -> str:
    """Lower-case ASCII letters and digits joined by ``separator``; may be empty.

    >>> slug("Übergabe an das Jobcenter (BuT)")
    'uebergabe-an-das-jobcenter-but'
    >>> slug("Café Größe", "_")
    'cafe_groesse'
    >>> slug("😀")
    ''
    """
    text = unicodedata.normalize("NFC", text).translate(_GERMAN)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, ascii_text.lower()).strip(separator)


def unique_slug(text: str, taken: set[str], fallback: str) -> str:
    """A slug of ``text`` (``fallback`` when it has no letters) not yet in ``taken``; adds it.

    >>> taken = set()
    >>> [unique_slug(t, taken, "step") for t in ("Make tea", "Make tea", "!!")]
    ['make-tea', 'make-tea-2', 'step']
    """
    base = slug(text) or fallback
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate
