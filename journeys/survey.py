"""The resource survey: the catalogue filled from a table, and what exists where.

The seed's survey asked what exists on the four resource levels in each municipality, who runs
it, when it is open and how to reach it. Planners keep that as a spreadsheet: one row per offer,
German or English headers (``Name, Ebene, Gemeinde, Art, Rechtsgrundlage, Träger,
Öffnungszeiten, Adresse, Buslinie, barrierefrei, Sprachen, Kontakt, Notizen``). The survey view
then shows per municipality and level what exists, which entries no journey uses, and which
journeys rely on an offer the catalogue marks as unreachable.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections import defaultdict

from pydantic import BaseModel

from journeys.catalogue import MAX_ENTRIES, CatalogueInvalid, parse_catalogue, too_many_offers
from models import Journey, JourneyFileError, Problem
from models.catalogue_file import Catalogue, Entry

COLUMNS = {
    "id": "id", "kennung": "id",
    "name": "name", "bezeichnung": "name", "angebot": "name",
    "ebene": "level", "level": "level", "ressourcenebene": "level",
    "gemeinde": "municipality", "municipality": "municipality", "ort": "municipality",
    "art": "kind", "kind": "kind",
    "rechtsgrundlage": "legal_basis", "legal_basis": "legal_basis", "legal basis": "legal_basis",
    "träger": "provider", "provider": "provider",
    "öffnungszeiten": "opening_hours", "opening_hours": "opening_hours",
    "opening hours": "opening_hours",
    "adresse": "address", "address": "address",
    "buslinie": "bus_line", "bus_line": "bus_line", "bus line": "bus_line",
    "barrierefrei": "barrier_free", "barrier_free": "barrier_free",
    "barrier-free": "barrier_free",
    "sprachen": "languages", "languages": "languages",
    "kontakt": "contact", "contact": "contact",
    "kontaktdaten": "contact_note", "contact_note": "contact_note",
    "contact note": "contact_note",
    "notizen": "notes", "notes": "notes", "anmerkungen": "notes",
    "nicht erreichbar": "unreachable", "unerreichbar": "unreachable",
    "unreachable": "unreachable",
}
"""Accepted column headers (lower case) → catalogue field."""

KINDS = {
    "haushalt": "household", "household": "household",
    "informell": "informal", "informelle hilfe": "informal", "informal": "informal",
    "verein": "club", "club": "club",
    "beratung": "counselling", "counselling": "counselling",
    "behörde": "authority", "amt": "authority", "authority": "authority",
    "schule": "school", "school": "school",
    "kinderbetreuung": "childcare", "kita": "childcare", "childcare": "childcare",
    "anbieter": "provider", "träger": "provider", "provider": "provider",
    "arbeitgeber": "employer", "employer": "employer",
    "sonstiges": "other", "other": "other",
}
LEGAL = {
    "rechtsanspruch": "entitlement", "anspruch": "entitlement", "entitlement": "entitlement",
    "ermessen": "discretionary", "ermessensleistung": "discretionary",
    "discretionary": "discretionary",
    "freiwillig": "voluntary", "ehrenamt": "voluntary", "voluntary": "voluntary",
    "karitativ": "charity", "spende": "charity", "spenden": "charity", "charity": "charity",
}
CONTACTS = {
    "persönlich": "in_person", "in_person": "in_person", "in person": "in_person",
    "telefon": "phone", "phone": "phone", "brief": "letter", "letter": "letter",
    "e-mail": "email", "email": "email", "online": "online", "app": "app",
    "sonstiges": "other", "other": "other",
}
YES = {"ja", "yes", "true", "x", "1", "wahr"}
NO = {"nein", "no", "false", "0", "falsch"}


def _slug(text: str) -> str:
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "angebot"


def _choice(value: str, table: dict[str, str], where: str, field: str) -> str:
    key = value.strip().lower()
    if key not in table:
        raise JourneyFileError(f"{field} '{value}' is not known", location=where,
                               hint=f"use one of: {', '.join(dict.fromkeys(table))}")
    return table[key]


def _legal_basis(value: str, where: str) -> dict:
    """``Rechtsanspruch: SGB II (BuT)`` → entitlement with the law; ``freiwillig`` → voluntary."""
    word, _, law = value.partition(":")
    basis = {"kind": _choice(word, LEGAL, where, "Rechtsgrundlage / legal basis")}
    return {**basis, "law": law.strip()} if law.strip() else basis


def _row_entry(row: dict[str, str], where: str) -> dict:
    entry: dict = {}
    reach: dict = {}
    for field, raw in row.items():
        value = (raw or "").strip()
        if not value:
            continue
        if field == "level":
            if not value.isdigit():
                raise JourneyFileError(f"Ebene / level must be 1..4, got '{value}'",
                                       location=where, hint="write the level as a number 1..4")
            entry["level"] = int(value)
        elif field == "kind":
            entry["kind"] = _choice(value, KINDS, where, "Art / kind")
        elif field == "legal_basis":
            entry["legal_basis"] = _legal_basis(value, where)
        elif field == "contact":
            entry["contact"] = _choice(value, CONTACTS, where, "Kontakt / contact")
        elif field == "barrier_free":
            answer = value.lower()
            if answer not in YES | NO:
                raise JourneyFileError(f"barrierefrei must be ja or nein, got '{value}'",
                                       location=where, hint="write ja / nein (or yes / no)")
            reach["barrier_free"] = answer in YES
        elif field == "languages":
            reach["languages"] = [p.strip() for p in re.split(r"[,;/]", value) if p.strip()]
        elif field in ("address", "bus_line", "unreachable"):
            reach[field] = value
        else:
            entry[field] = value
    if reach:
        entry["reach"] = reach
    return entry


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
    except csv.Error:
        return csv.excel


def _filled(row: list[str]) -> bool:
    return any(cell.strip() for cell in row)


def catalogue_from_csv(data: bytes, *, name: str = "<table>") -> Catalogue:
    """A catalogue from a CSV table (``;``, ``,`` or tab; UTF-8); ids are made from the names
    when the table has no id column. Every problem names the row and the column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JourneyFileError("not UTF-8 text", file=name,
                               hint="save the table as CSV UTF-8 (Excel: 'CSV UTF-8')") from None
    reader = csv.reader(io.StringIO(text), _dialect(text))
    rows = list(itertools.islice(filter(_filled, reader), MAX_ENTRIES + 2))
    if len(rows) > MAX_ENTRIES + 1:  # the header and more offers than a catalogue holds
        raise too_many_offers(len(rows) - 1 + sum(1 for _ in filter(_filled, reader)), name)
    if not rows:
        raise JourneyFileError("the table is empty", file=name,
                               hint="one row of headers, then one row per offer")
    header = [cell.strip().lower() for cell in rows[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise JourneyFileError(f"unknown column '{unknown[0]}'", file=name, location="row 1",
                               hint="columns: Name, Ebene, Gemeinde, Art, Rechtsgrundlage, "
                                    "Träger, Öffnungszeiten, Adresse, Buslinie, barrierefrei, "
                                    "Sprachen, Kontakt, Notizen")
    fields = [COLUMNS.get(h, "") for h in header]
    return catalogue_from_rows(
        [{f: v for f, v in zip(fields, row, strict=False) if f} for row in rows[1:]],
        name=name, first_row=2,
        labels={f: cell.strip() for f, cell in zip(fields, rows[0], strict=True) if f})


EDIT_FIELDS = ("id", "name", "level", "municipality", "kind", "legal_basis", "provider",
               "opening_hours", "address", "bus_line", "barrier_free", "languages", "contact",
               "contact_note", "notes", "unreachable")
"""The columns of the catalogue as a flat table (the app's editor; the CSV's fields)."""


def _text(raw: object) -> str:
    """A cell as text: empty for None and NaN (an empty cell of an edited table)."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def catalogue_from_rows(rows: list[dict[str, object]], *, name: str = "<table>",
                        first_row: int = 1, labels: dict[str, str] | None = None
                        ) -> Catalogue:
    """A catalogue from rows of ``EDIT_FIELDS`` → cell; ids made from name and municipality
    where a row has none. Problems name the row (counted from ``first_row``) and the column
    (as ``labels`` shows it)."""
    entries, numbers, taken = [], [], set()
    for number, row in enumerate(rows, start=first_row):
        where = f"row {number}"
        try:
            entry = _row_entry({f: _text(v) for f, v in row.items()}, where)
        except JourneyFileError as error:
            error.file = name
            raise
        if not entry:
            continue  # an empty row (the editor's new line)
        base = entry.get("id") or _slug(f"{entry.get('name', '')} {entry.get('municipality', '')}")
        entry["id"], count = base, 1
        while entry["id"] in taken:
            count += 1
            entry["id"] = f"{base}-{count}"
        taken.add(entry["id"])
        entries.append(entry)
        numbers.append(number)
    try:
        return parse_catalogue({"schema": "catalogue/1", "entries": entries}, file=name)
    except CatalogueInvalid as error:
        raise CatalogueInvalid([_by_row(p, numbers, labels or {}) for p in error.problems],
                               file=name) from None


_ENTRY_PLACE = re.compile(r"^entries\[(\d+)\]\.?(?:reach\.)?([a-z_]*)")
ROW_HINTS = {
    "level": "write the level as a number: 1 household, 2 informal help, 3 association or "
             "club, 4 institution",
    "name": "give the offer a name",
}


def _by_row(problem: Problem, numbers: list[int], labels: dict[str, str]) -> Problem:
    """A catalogue problem at ``entries[i].field`` told as the table's row and column."""
    found = _ENTRY_PLACE.match(problem.location)
    if not found:
        return problem
    field = found.group(2)
    place = f"row {numbers[int(found.group(1))]}"
    if field:
        place += f", column {labels.get(field, field)}"
    return Problem(place, problem.message, ROW_HINTS.get(field) or problem.hint)


def editor_rows(rows: list[dict[str, object]]) -> list[dict[str, str | None]]:
    """Rows of an edited table as plain text (empty cells None): storable as JSON in a draft,
    and read back by ``catalogue_from_rows`` as they were typed."""
    return [{field: _text(row.get(field)) or None for field in EDIT_FIELDS} for row in rows]


def with_unlisted(edited: Catalogue, base: Catalogue) -> Catalogue:
    """``edited`` (read from table rows) with what the table has no column for kept from
    ``base``: the catalogue's title and each entry's ``extra`` (by id)."""
    extras = {e.id: e.extra for e in base.entries if e.extra is not None}
    document = edited.model_dump(mode="python", by_alias=True, exclude_unset=True)
    if base.title:
        document["title"] = base.title
    for entry in document["entries"]:
        if entry["id"] in extras:
            entry["extra"] = extras[entry["id"]]
    return parse_catalogue(document)


def catalogue_rows(catalogue: Catalogue) -> list[dict[str, object]]:
    """The catalogue as rows of ``EDIT_FIELDS`` (``catalogue_from_rows`` reads them back)."""
    rows = []
    for entry in catalogue.entries:
        basis, reach = entry.legal_basis, entry.reach
        rows.append({
            "id": entry.id, "name": entry.name, "level": entry.level,
            "municipality": entry.municipality, "kind": entry.kind,
            "legal_basis": (f"{basis.kind}: {basis.law}" if basis.law else basis.kind)
            if basis else None,
            "provider": entry.provider, "opening_hours": entry.opening_hours,
            "address": reach.address if reach else None,
            "bus_line": reach.bus_line if reach else None,
            "barrier_free": reach.barrier_free if reach else None,
            "languages": ", ".join(reach.languages) if reach and reach.languages else None,
            "contact": entry.contact, "contact_note": entry.contact_note, "notes": entry.notes,
            "unreachable": reach.unreachable if reach else None})
    return rows


class LevelOffers(BaseModel):
    level: int
    entries: list[str]
    """Entry ids on this level in this municipality."""


class UnreachableUse(BaseModel):
    entry: str
    reason: str
    journeys: list[str]


class Survey(BaseModel):
    """What exists where, and how the journeys use it."""

    places: dict[str, list[LevelOffers]]
    """Municipality (``(county-wide)`` for entries without one) → levels 1..4."""
    unused: list[str]
    """Entries no journey refers to."""
    unreachable: list[UnreachableUse]
    """Entries marked unreachable that journeys rely on."""


COUNTY_WIDE = "(county-wide)"


def survey(catalogue: Catalogue, journeys: list[Journey]) -> Survey:
    """The survey of ``catalogue`` against the journeys that refer to it."""
    places: dict[str, dict[int, list[str]]] = defaultdict(lambda: {1: [], 2: [], 3: [], 4: []})
    for entry in catalogue.entries:
        places[entry.municipality or COUNTY_WIDE][entry.level].append(entry.id)
    users: dict[str, list[str]] = defaultdict(list)
    for journey in journeys:
        for ref in dict.fromkeys(a.ref for a in journey.actors if a.ref):
            users[ref].append(journey.id)
    order = sorted(places, key=lambda p: (p == COUNTY_WIDE, p))
    return Survey(
        places={p: [LevelOffers(level=lv, entries=ids) for lv, ids in places[p].items()]
                for p in order},
        unused=[e.id for e in catalogue.entries if e.id not in users],
        unreachable=[UnreachableUse(entry=e.id, reason=e.unreachable, journeys=users[e.id])
                     for e in catalogue.entries if e.unreachable and users.get(e.id)])


REACH_WORDS = {
    "en": {"bus": "bus {line}", True: "barrier-free", False: "not barrier-free",
           "unreachable": "UNREACHABLE: {why}"},
    "de": {"bus": "Bus {line}", True: "barrierefrei", False: "nicht barrierefrei",
           "unreachable": "NICHT ERREICHBAR: {why}"},
}


def entry_line(entry: Entry, lang: str = "en") -> str:
    """One offer in a line: name, provider, opening hours, how to reach it."""
    words = REACH_WORDS["de" if lang == "de" else "en"]
    parts = [entry.name]
    if entry.provider:
        parts.append(entry.provider)
    if entry.opening_hours:
        parts.append(entry.opening_hours)
    reach = entry.reach
    if reach and reach.bus_line:
        parts.append(words["bus"].format(line=reach.bus_line))
    if reach and reach.barrier_free is not None:
        parts.append(words[reach.barrier_free])
    if entry.unreachable:
        parts.append(words["unreachable"].format(why=entry.unreachable))
    return " · ".join(parts)


COLUMN_WORDS = {
    "en": ("Municipality", "Level", "Offer", "Legal basis", "Provider", "Opening hours",
           "How to reach it", "Journeys using it"),
    "de": ("Gemeinde", "Ebene", "Angebot", "Rechtsgrundlage", "Träger", "Öffnungszeiten",
           "Erreichbarkeit", "Nutzerreisen"),
}
PLACE_WORDS = {"de": {COUNTY_WIDE: "(kreisweit)"}}
LEGAL_WORDS = {
    "en": {"entitlement": "entitlement", "discretionary": "discretionary",
           "voluntary": "voluntary", "charity": "charity"},
    "de": {"entitlement": "Rechtsanspruch", "discretionary": "Ermessen",
           "voluntary": "freiwillig", "charity": "karitativ"},
}


def survey_rows(catalogue: Catalogue, journeys: list[Journey], lang: str) -> list[dict]:
    """The survey as table rows (one per offer, by municipality and level), in ``lang``."""
    words = COLUMN_WORDS["de" if lang == "de" else "en"]
    legal = LEGAL_WORDS["de" if lang == "de" else "en"]
    users: dict[str, int] = defaultdict(int)
    for journey in journeys:
        for ref in {a.ref for a in journey.actors if a.ref}:
            users[ref] += 1
    rows = []
    for place, levels in survey(catalogue, journeys).places.items():
        for level in levels:
            for entry in (catalogue.by_id[e] for e in level.entries):
                basis = entry.legal_basis
                reach = entry.reach
                how = [x for x in (reach.address, reach.bus_line, reach.unreachable and
                                   f"✕ {reach.unreachable}") if x] if reach else []
                rows.append(dict(zip(words, (
                    PLACE_WORDS.get(lang, {}).get(place, place), level.level, entry.name,
                    " · ".join(x for x in (legal[basis.kind], basis.law) if x) if basis else None,
                    entry.provider, entry.opening_hours, " · ".join(how) or None,
                    users[entry.id]), strict=True)))
    return rows

