"""The journey format's fixed values (channels, outcomes, transition kinds, data transfers)
and how they read in German and English: one list for the app's dropdowns, the quick-entry
line and any other front end."""

from __future__ import annotations

from typing import get_args

from journeys.i18n import language
from models.journey import Channel, DataTransfer, Outcome, TransitionKind

CHANNELS: tuple[str, ...] = get_args(Channel)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
KINDS: tuple[str, ...] = get_args(TransitionKind)
TRANSFERS: tuple[str, ...] = get_args(DataTransfer)

WORDS = {
    "en": {"in_person": "in person", "phone": "phone", "letter": "letter", "email": "e-mail",
           "online": "online", "app": "app", "other": "other", "next": "next",
           "alternative": "alternative", "handoff": "handoff", "referral": "referral",
           "return": "back (return)", "none": "none", "verbal": "verbal", "paper": "paper",
           "digital": "digital", "goal": "goal", "dropout": "drop-out", "blank": "—"},
    "de": {"in_person": "persönlich", "phone": "Telefon", "letter": "Brief", "email": "E-Mail",
           "online": "online", "app": "App", "other": "sonstiges", "next": "weiter",
           "alternative": "Alternative", "handoff": "Übergabe", "referral": "Verweis",
           "return": "zurück (Schleife)", "none": "keine", "verbal": "mündlich",
           "paper": "Papier", "digital": "digital", "goal": "Ziel", "dropout": "Abbruch",
           "blank": "—"},
}
"""The short words: dropdowns, the quick-entry line, the map's cards."""

NOT_RECORDED = "not_recorded"
"""The data transfer of a handoff that says none (``data_transfer`` left out)."""
_TRANSFER_TEXT = {
    "en": {"none": "no data transfer", NOT_RECORDED: "not recorded"},
    "de": {"none": "keine Datenweitergabe", NOT_RECORDED: "nicht erfasst"},
}


def transfer_word(transfer: str | None, lang: str) -> str:
    """How a data transfer reads in a sentence, a legend or a table column: the dropdown's
    word, with "no data transfer" for ``none`` and "not recorded" when none was given.

    >>> transfer_word("paper", "de"), transfer_word("none", "en"), transfer_word(None, "de")
    ('Papier', 'no data transfer', 'nicht erfasst')
    """
    lang = language(lang)
    transfer = transfer or NOT_RECORDED
    return _TRANSFER_TEXT[lang].get(transfer) or WORDS[lang][transfer]
