"""The journey format's fixed values (channels, outcomes, transition kinds, data transfers)
and how they read in German and English: one list for the app's dropdowns, the quick-entry
line and any other front end."""

from __future__ import annotations

from typing import get_args

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
