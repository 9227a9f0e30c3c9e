"""A generated event log whose true counts are known, written as CSV, ``;``-CSV with German
dates and a BOM, Parquet and XES — for the evidence tests.

21 households over ``JOURNEY``: full routes, a loop via the ``return`` approval → form,
drop-outs (at give-up, and after form), a route that skips steps (letter → join, not in the
map), an activity no step knows, and one household with a single event.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
from pathlib import Path
from xml.sax.saxutils import quoteattr

import duckdb

from models import parse_journey

JOURNEY = parse_journey({
    "id": "club", "title": "Child joins a club", "language": "en", "region": "Everswinkel",
    "stages": [{"id": "aware", "label": "Learn"}, {"id": "apply", "label": "Apply"},
               {"id": "use", "label": "Use"}],
    "actors": [{"id": "family", "label": "Household", "level": 1},
               {"id": "jobcenter", "label": "Jobcenter", "level": 4},
               {"id": "club", "label": "Club", "level": 3}],
    "steps": [
        {"id": "letter", "label": "Reads the notice", "stage": "aware", "actor": "jobcenter",
         "reached": 30, "barriers": [{"category": "information", "severity": 4}]},
        {"id": "ask", "label": "Asks the neighbour", "stage": "aware", "actor": "family"},
        {"id": "form", "label": "Fills in the form", "stage": "apply", "actor": "family",
         "barriers": [{"category": "forms", "severity": 4, "affected": 0.5}]},
        {"id": "approval", "label": "Jobcenter approves", "stage": "apply",
         "actor": "jobcenter"},
        {"id": "give-up", "label": "Gives up", "stage": "apply", "actor": "family",
         "outcome": "dropout"},
        {"id": "join", "label": "Child joins the club", "stage": "use", "actor": "club",
         "outcome": "goal"},
    ],
    "transitions": [
        {"from": "letter", "to": "form"},
        {"from": "letter", "to": "ask", "kind": "alternative"},
        {"from": "ask", "to": "join"},
        {"from": "form", "to": "approval", "count": 99},
        {"from": "approval", "to": "join",
         "barriers": [{"category": "handoff", "severity": 3}]},
        {"from": "form", "to": "give-up"},
        {"from": "approval", "to": "form", "kind": "return"},
    ],
})

ROUTES = [
    (("letter", "form", "approval", "join"), 5),
    (("letter", "form", "give-up"), 4),
    (("letter", "form", "approval", "form", "approval", "join"), 3),
    (("letter", "ask", "join"), 3),
    (("letter", "join"), 3),
    (("letter", "form"), 2),
    (("letter",), 1),
]
"""Each route and how many households took it (21 in all)."""

ACTIVITY = {"letter": "letter", "ask": "Asks the neighbour", "form": "FORM",
            "approval": "approval", "give-up": "give-up", "join": "Child joins the club"}
"""Activities as a log writes them: ids, labels, other case (all must match)."""
UNMATCHED = "Telefonat Jobcenter"
START = dt.date(2025, 3, 3)


def events() -> list[dict[str, str | dt.date]]:
    """The log's rows (case, activity, day, region, barriers, note, name), shuffled."""
    rows: list[dict] = []
    number = 0
    for route, households in ROUTES:
        for _ in range(households):
            number += 1
            case = f"HH-{number:02d}"
            day = START + dt.timedelta(days=number)
            for position, step in enumerate(route):
                if position:
                    day += dt.timedelta(days=number % 5 + position)  # distinct, known waits
                barriers = ""
                if step == "form" and (route[-1] == "give-up" or number <= 2):
                    barriers = "forms"
                if step == "join" and route[1] == "form":
                    barriers = "transition:approval>join:0"
                rows.append({"case": case, "activity": ACTIVITY[step], "day": day,
                             "region": "Everswinkel" if number % 2 else "Ennigerloh",
                             "barriers": barriers, "note": "", "name": f"Familie {number}"})
            if number in (4, 9):  # an activity that matches no step, twice in each
                rows += [{"case": case, "activity": UNMATCHED, "day": day, "region": "",
                          "barriers": "", "note": "", "name": ""}] * 2
    rows[0]["note"] = ("Mutter geb. 12.04.1988, Tel. 0151 2345678, m.muster@example.org, "
                       "IBAN DE89 3704 0044 0532 0130 00")
    random.Random(7).shuffle(rows)
    return rows


def wait_values(step: str, source: str | None = None) -> list[float]:
    """Every wait (days from the step before, or only from ``source``) at ``step``, straight
    from ``events``."""
    by_case: dict[str, list[tuple[dt.date, str]]] = {}
    for row in events():
        if row["activity"] != UNMATCHED:
            by_case.setdefault(row["case"], []).append((row["day"], row["activity"]))
    waits = []
    lookup = {v: k for k, v in ACTIVITY.items()}
    for visits in by_case.values():
        visits.sort()
        for (before, previous), (day, activity) in itertools.pairwise(visits):
            if lookup[activity] == step and source in (None, lookup[previous]):
                waits.append(float((day - before).days))
    return waits


COLUMNS = ["case_id", "activity", "timestamp", "region", "barriers", "note", "name"]


def write_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for r in events():
            writer.writerow([r["case"], r["activity"], f"{r['day']} 09:30:00", r["region"],
                             r["barriers"], r["note"], r["name"]])
    return path


def write_german_csv(path: Path) -> Path:
    """``;``-separated, German column names and dates (dd.mm.yyyy), Excel's BOM."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Haushalt", "Schritt", "Datum", "Region", "Barrieren", "Notiz",
                         "Name"])
        for r in events():
            writer.writerow([r["case"], r["activity"], r["day"].strftime("%d.%m.%Y"),
                             r["region"], r["barriers"], r["note"], r["name"]])
    return path


def write_parquet(path: Path, tmp: Path) -> Path:
    """Through DuckDB's COPY (the timestamp typed, not text)."""
    source = write_csv(tmp / "for-parquet.csv")
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * REPLACE (CAST(timestamp AS TIMESTAMP) AS timestamp) "
                f"FROM read_csv('{source}', all_varchar=true)) TO '{path}' (FORMAT parquet)")
    con.close()
    return path


def write_xes(path: Path) -> Path:
    """XES (IEEE 1849): region as a trace attribute, the rest on the events."""
    traces: dict[str, list[dict]] = {}
    for row in events():
        traces.setdefault(row["case"], []).append(row)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">',
             '<string key="concept:name" value="generated"/>']
    for case, rows in traces.items():
        region = next((r["region"] for r in rows if r["region"]), "")
        lines += ["<trace>", f'<string key="concept:name" value={quoteattr(case)}/>',
                  f'<string key="region" value={quoteattr(region)}/>']
        for r in rows:
            lines.append("<event>")
            lines.append(f'<string key="concept:name" value={quoteattr(r["activity"])}/>')
            lines.append(f'<date key="time:timestamp" value="{r["day"]}T09:30:00.000+00:00"/>')
            for key in ("barriers", "note"):
                if r[key]:
                    lines.append(f'<string key="{key}" value={quoteattr(r[key])}/>')
            lines.append("</event>")
        lines.append("</trace>")
    lines.append("</log>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
