"""Small counts hidden, personal data in notes found — before anything leaves the machine.

Like the Bundesagentur für Arbeit's statistics, a count of 1 … K−1 households (K =
``min_count``, default 3) is shown as ``"< K"``. Hiding one cell is not enough when the others
and a total are shown: the total minus the rest gives it away. So each *group* of cells that
adds up (or nearly) to a shown total — the variants to all cases; dropped-out and outgoing
transitions to a step's households; incoming transitions to them; the segments of a step to the
step — may not have exactly one hidden cell (total included): a second one (the smallest shown,
non-zero member) is hidden too, or the total when there is no other; it reads ``"hidden"``
(it is not below K, so it does not say ``"< K"``). This repeats until no group changes. Waiting
times of fewer than K households and shares of hidden counts are left out as well.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Iterator
from typing import Any

import duckdb

from journeys.evidence import sql
from journeys.evidence.aggregate import Evidence
from journeys.evidence.report import (
    BarrierEvidence,
    EvidenceReport,
    PiiFinding,
    SegmentEvidence,
    SegmentStep,
    StepEvidence,
    TransitionEvidence,
    Variant,
    WaitDays,
)
from journeys.i18n import translate

MIN_COUNT = 3
HIDDEN = "hidden"
"""A count hidden only so that a small one cannot be worked out (it is K or more)."""
Group = tuple[Hashable | None, list[Hashable]]


def hidden_cells(values: dict[Hashable, int], groups: list[Group],
                 min_count: int) -> tuple[set, set]:
    """The cells to hide: primary (1 … K−1) and secondary (see the module docstring).

    >>> hidden_cells({"t": 10, "a": 2, "b": 3, "c": 5}, [("t", ["a", "b", "c"])], 3)
    ({'a'}, {'b'})
    """
    primary = {key for key, value in values.items() if 0 < value < min_count}
    hide = set(primary)
    changed = True
    while changed:
        changed = False
        for total, members in groups:
            cells = [total, *members] if total is not None else members
            if sum(c in hide for c in cells) != 1:
                continue
            shown = sorted((values[m], i) for i, m in enumerate(members)
                           if m not in hide and values[m] > 0)
            if shown:
                hide.add(members[shown[0][1]])
            elif total is not None and total not in hide:
                hide.add(total)
            else:
                continue
            changed = True
    return primary, hide - primary


def _groups(evidence: Evidence) -> tuple[dict[Hashable, int], list[Group]]:
    """Every count of the report as a cell, and the groups that add up."""
    values: dict[Hashable, int] = {("cases",): evidence.cases, ("events",): evidence.events}
    groups: list[Group] = []
    for step, counts in evidence.steps.items():
        values[("reached", step)] = counts.reached
        values[("dropped", step)] = counts.dropped
    for (a, b), counts in evidence.transitions.items():
        values[("transition", a, b)] = counts.households
    for step in evidence.steps:
        out = [("transition", a, b) for a, b in evidence.transitions if a == step]
        into = [("transition", a, b) for a, b in evidence.transitions if b == step]
        groups += [(("reached", step), [("dropped", step), *out]), (("reached", step), into)]
    for ref, counts in evidence.barriers.items():
        values[("barrier", ref)] = counts.households
    for index, (_, n) in enumerate(evidence.variants):
        values[("variant", index)] = n
    groups.append((("cases",), [("variant", i) for i in range(len(evidence.variants))]))
    for stage, n in evidence.stages.items():
        values[("stage", stage)] = n
    for activity, (n, _) in evidence.unmatched.items():
        values[("unmatched", activity)] = n
    for key, n in evidence.unknown_barriers.items():
        values[("unknown", key)] = n
    for segment, counts in evidence.segments.items():
        values[("segment", segment)] = counts.cases
        for step, (reached, dropped) in counts.steps.items():
            values[("segment_reached", segment, step)] = reached
            values[("segment_dropped", segment, step)] = dropped
    if evidence.segments:
        groups.append((("cases",), [("segment", s) for s in evidence.segments]))
        for step in evidence.steps:
            groups += [(("reached", step), [("segment_reached", s, step)
                                            for s in evidence.segments]),
                       (("dropped", step), [("segment_dropped", s, step)
                                            for s in evidence.segments])]
    return values, groups


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
}
TEXT = {
    "en": {"source": "from {cases} household records", "fewer": "fewer than {k}"},
    "de": {"source": "aus {cases} Haushaltsverläufen", "fewer": "weniger als {k}"},
}


def _month(day: dt.date, lang: str) -> str:
    return f"{MONTHS[lang][day.month - 1]} {day.year}"


def source_text(cases: int | str, first: dt.date | None, last: dt.date | None, lang: str,
                min_count: int) -> str:
    """"from 30 household records, March–September 2025" (the source line of maps and slides)."""
    shown = translate(TEXT, "fewer", lang, k=min_count) if isinstance(cases, str) else cases
    text = translate(TEXT, "source", lang, cases=shown)
    if first and last:
        start, end = _month(first, lang), _month(last, lang)
        if start == end:
            span = start
        elif first.year == last.year:
            span = f"{start.rsplit(' ', 1)[0]}–{end}"
        else:
            span = f"{start}–{end}"
        text += f", {span}"
    return text


def suppress(evidence: Evidence, min_count: int, log: str,
             pii: list[PiiFinding]) -> EvidenceReport:
    """The report with every count below ``min_count`` (and what reveals it) hidden."""
    values, groups = _groups(evidence)
    primary, secondary = hidden_cells(values, groups, min_count)
    hide = primary | secondary
    withheld = bool(hide)

    def count(key: Hashable) -> int | str:
        if key in primary:
            return f"< {min_count}"
        return HIDDEN if key in secondary else values[key]

    def wait(timed: int, figures: tuple[float, float, float] | None) -> WaitDays:
        nonlocal withheld
        if figures is None or timed < min_count:
            withheld = withheld or figures is not None
            return WaitDays()
        p25, median, p75 = (round(v, 2) for v in figures)
        return WaitDays(median=median, p25=p25, p75=p75)

    steps = {step: StepEvidence(reached=count(("reached", step)),
                                dropped=count(("dropped", step)),
                                wait_days=wait(c.timed, c.wait))
             for step, c in evidence.steps.items()}
    transitions = {}
    for (a, b), c in evidence.transitions.items():
        key = ("transition", a, b)
        shown_days = key not in hide and c.timed >= min_count and c.median_days is not None
        withheld = withheld or (c.median_days is not None and not shown_days)
        transitions[f"{a}>{b}"] = TransitionEvidence(
            count=count(key), median_days=round(c.median_days, 2) if shown_days else None,
            in_map=c.in_map)
    barriers = {ref: BarrierEvidence(
        households=count(("barrier", ref)),
        reached=count(("transition", *c.transition) if c.transition else ("reached", c.step)),
        step=c.step) for ref, c in evidence.barriers.items()}
    cases = count(("cases",))
    variants = [Variant(steps=list(route), cases=count(("variant", i)),
                        share=None if ("variant", i) in hide or isinstance(cases, str)
                        else round(n / evidence.cases, 4))
                for i, (route, n) in enumerate(evidence.variants)]
    segments = {segment: SegmentEvidence(
        cases=count(("segment", segment)),
        steps={step: SegmentStep(reached=count(("segment_reached", segment, step)),
                                 dropped=count(("segment_dropped", segment, step)))
               for step in c.steps})
        for segment, c in evidence.segments.items()}
    journey = evidence.journey
    return EvidenceReport(
        journey=journey.id, log=log,
        source=source_text(cases, evidence.first, evidence.last, journey.language, min_count),
        min_count=min_count, cases=cases, events=count(("events",)),
        first=evidence.first, last=evidence.last, steps=steps,
        stages={stage: count(("stage", stage)) for stage in evidence.stages},
        transitions=transitions, barriers=barriers, variants=variants,
        unmatched={a: count(("unmatched", a)) for a in evidence.unmatched},
        suggestions={a: s for a, (_, s) in evidence.unmatched.items() if s},
        not_in_map={f"{a}>{b}": count(("transition", a, b)) for a, b in evidence.not_in_map},
        unknown_barriers={k: count(("unknown", k)) for k in evidence.unknown_barriers},
        by=evidence.by, segments=segments, pii=pii, suppressed=withheld)


# -- personal data in free text -----------------------------------------------------------
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.,])(?:\+\d{1,3}|0)[\d ()/-]{5,}\d(?![\w.,]\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
BIRTH_WORDS = re.compile(r"(geb\.|geboren|geburt|born|birth|dob)\W{0,3}(am\W{0,3})?$",
                         re.IGNORECASE)
BIRTH_YEARS = 10
"""A full date more than this many years back is taken for a birth date even without a
"geb." before it (event dates in notes are recent)."""


def iban_valid(text: str) -> bool:
    """The ISO 13616 check: the number mod 97 is 1.

    >>> iban_valid("DE89 3704 0044 0532 0130 00"), iban_valid("DE89 3704 0044 0532 0130 01")
    (True, False)
    """
    code = text.replace(" ", "").upper()
    digits = "".join(str(int(ch, 36)) for ch in code[4:] + code[:4])
    return len(code) >= 15 and int(digits) % 97 == 1


def _birth_dates(text: str, today: dt.date) -> bool:
    for match in DATE.finditer(text):
        day, month, year = (match.group(1, 2, 3) if match.group(1)
                            else match.group(6, 5, 4))
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
        if BIRTH_WORDS.search(text[max(0, match.start() - 20):match.start()]) or \
                date.year <= today.year - BIRTH_YEARS:
            return True
    return False


def pii_kinds(text: str, today: dt.date | None = None) -> list[str]:
    """The kinds of personal data in ``text``: ``email``, ``phone``, ``iban``, ``birth_date``.

    >>> pii_kinds("Mutter (geb. 03.04.1988) ruft an: 0151 2345678, a.b@example.org")
    ['email', 'phone', 'birth_date']
    """
    today = today or dt.date.today()
    kinds = []
    if EMAIL.search(text):
        kinds.append("email")
    without_iban = IBAN.sub(" ", text)  # its digits are no phone number, checksum or not
    if any(7 <= sum(ch.isdigit() for ch in m.group()) <= 15
           for m in PHONE.finditer(without_iban)):
        kinds.append("phone")
    if any(iban_valid(m.group()) for m in IBAN.finditer(text)):
        kinds.append("iban")
    if _birth_dates(text, today):
        kinds.append("birth_date")
    return kinds


def scan_notes(con: duckdb.DuckDBPyConnection) -> list[PiiFinding]:
    """Personal data in the log's note column, by event number (1 = first event of the log)."""
    found = []
    for row, note in con.execute(sql.NOTES).fetchall():
        kinds = pii_kinds(note)
        if kinds:
            found.append(PiiFinding(where=f"event {row}", kinds=kinds))
    return found


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(inner, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _texts(inner, f"{where}[{index}]")


def scan_document(document: dict[str, Any]) -> list[PiiFinding]:
    """Personal data anywhere in a journey document's text, by place
    (``steps[2].barriers[0].evidence.note``)."""
    return [PiiFinding(where=where, kinds=kinds) for where, text in _texts(document, "")
            if (kinds := pii_kinds(text))]
