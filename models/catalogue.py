"""The barrier category catalogue, resource levels and default stages, as data.

Everything user-facing about a category (German and English label, Levesque dimension,
administrative-burden cost type) lives here once, so the analysis, the app and the exports
never spell a category out themselves.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dimension:
    """One access dimension of Levesque, Harris & Russell (2013), with the matching ability."""

    id: str
    de: str
    en: str
    ability_de: str
    ability_en: str


DIMENSIONS: dict[str, Dimension] = {
    d.id: d
    for d in (
        Dimension("approachability", "Erkennbarkeit", "Approachability",
                  "Bedarf wahrnehmen", "Ability to perceive"),
        Dimension("acceptability", "Akzeptanz", "Acceptability",
                  "Hilfe suchen", "Ability to seek"),
        Dimension("availability_accommodation", "Verfügbarkeit & Erreichbarkeit",
                  "Availability & accommodation", "Hinkommen", "Ability to reach"),
        Dimension("affordability", "Bezahlbarkeit", "Affordability",
                  "Bezahlen", "Ability to pay"),
        Dimension("appropriateness", "Angemessenheit", "Appropriateness",
                  "Sich einlassen", "Ability to engage"),
    )
}

NO_DIMENSION = "none"
"""Dimension id used for categories that map to no Levesque dimension (``other``)."""


@dataclass(frozen=True)
class Category:
    """A barrier category: id, labels in both languages, Levesque dimension, burden type."""

    id: str
    de: str
    en: str
    dimension: str = NO_DIMENSION
    burden: str | None = None  # Herd & Moynihan: learning | compliance | psychological

    def label(self, lang: str) -> str:
        """The label in ``lang`` ("de" or "en")."""
        return self.de if lang == "de" else self.en


CATEGORIES: dict[str, Category] = {
    c.id: c
    for c in (
        Category("information", "Information", "Information / awareness",
                 "approachability", "learning"),
        Category("language", "Sprache / Amtsdeutsch", "Language / officialese",
                 "approachability", "learning"),
        Category("eligibility", "Anspruchsvoraussetzungen", "Eligibility rules",
                 "approachability", "learning"),
        Category("forms", "Formulare & Nachweise", "Forms & proofs",
                 "availability_accommodation", "compliance"),
        Category("digital", "Digitaler Zugang", "Digital access",
                 "availability_accommodation", "compliance"),
        Category("mobility", "Mobilität & Entfernung", "Mobility & distance",
                 "availability_accommodation", "compliance"),
        Category("time_childcare", "Zeit & Kinderbetreuung", "Time & childcare",
                 "availability_accommodation", "compliance"),
        Category("reachability", "Erreichbarkeit & Öffnungszeiten",
                 "Reachability & opening hours", "availability_accommodation", "compliance"),
        Category("capacity", "Kapazität & Wartezeit", "Capacity & waiting time",
                 "availability_accommodation", "compliance"),
        Category("cost", "Kosten & Vorleistung", "Cost & advance payment",
                 "affordability", "compliance"),
        Category("stigma", "Scham & Stigma", "Shame & stigma", "acceptability", "psychological"),
        Category("trust", "Vertrauen & Angst", "Trust & fear", "acceptability", "psychological"),
        Category("handoff", "Übergänge & Datenweitergabe", "Handoffs & data transfer",
                 "appropriateness", "compliance"),
        Category("social_network", "Fehlendes Umfeld (Ressource 2)", "Missing social support",
                 "appropriateness"),
        Category("health", "Gesundheit & Behinderung", "Health & disability", "appropriateness"),
        Category("other", "Sonstiges", "Other"),
    )
}


@dataclass(frozen=True)
class Level:
    """A resource level after Lüttringhaus; lower levels come first (subsidiarity)."""

    number: int
    de: str
    en: str


LEVELS: dict[int, Level] = {
    lv.number: lv
    for lv in (
        Level(1, "Bedarfsgemeinschaft / Person", "Household / person"),
        Level(2, "Umfeld", "Social environment"),
        Level(3, "Sozialraum", "Social space"),
        Level(4, "Institution", "Institutions"),
    )
}

DEFAULT_STAGES: tuple[tuple[str, str, str], ...] = (
    ("perceive", "Bedarf erkennen", "Perceive the need"),
    ("seek", "Suchen", "Seek"),
    ("reach", "Erreichen", "Reach"),
    ("use", "Nutzen", "Use"),
    ("consequences", "Folgen", "Consequences"),
)
"""Levesque's stages as (id, German label, English label): the default columns of a new map."""
