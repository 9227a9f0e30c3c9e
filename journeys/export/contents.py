"""What a deck and a report say about a journey: facts, the barrier register as a table, the
bottlenecks with their reasons, and the explanations that go into speaker notes.

Shared by ``deck`` and ``html_report`` so both say the same in the same words (German or
English, ``TEXT``). Every number comes from the analysis modules; nothing is computed here
that they already compute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from journeys.analysis import Analysis
from journeys.bottlenecks import Bottleneck
from journeys.compare import Comparison
from journeys.figure_limits import Oversize, oversize
from journeys.figures import theme
from journeys.i18n import language, number, percent, translate
from journeys.register import PlacedBarrier, barrier_register
from models import Journey

TOP_BOTTLENECKS = 5
"""How many bottlenecks the reasons table lists."""

TEXT = {
    "en": {
        "kicker": "Barrier analysis",
        "kicker_compare": "Journeys compared",
        "persona": "Persona", "goal": "Goal", "region": "Region", "owner": "Maintained by",
        "size": "Size", "size_value": "{steps:step|steps}, {barriers:barrier|barriers}, "
                                      "{routes:route|routes}",
        "load": "Total barrier load", "heaviest": "Heaviest bottleneck",
        "heaviest_value": "{label} (score {score})",
        "date": "As of", "source": "Source: {title} · as of {date}",
        "source_many": "Source: {count} journeys · as of {date}",
        "continued": "{title} ({page}/{pages})",
        "barriers_title": "Barriers and mitigations",
        "bottlenecks_title": "Bottlenecks and why",
        "compare_table_title": "The journeys in numbers",
        "findings_title": "What differs",
        "col_where": "Where", "col_category": "Category", "col_severity": "Severity",
        "col_affected": "Affected", "col_load": "Load", "col_description": "Description",
        "col_votes": "Votes",
        "col_mitigations": "Mitigations (owner, status)", "col_rank": "#",
        "col_step": "Step", "col_score": "Score", "col_reasons": "Reasons",
        "col_journey": "Journey", "col_region": "Region", "col_steps": "Steps",
        "col_barriers": "Barriers", "col_total": "Total load",
        "col_route": "Least-barrier route", "col_routes": "Routes",
        "people": "{count} people", "no_route": "no route",
        "idea": "idea", "planned": "planned", "in_progress": "in progress", "done": "done",
        "dropped": "dropped",
        "no_barriers": "No barriers recorded yet.",
        "shows": "What the chart shows: {alt}",
        "load_formula": "Barrier load = severity (1–5) × share of people affected (0–1; 1 when "
                        "unknown), summed over the barriers of a step or route. A severity-4 "
                        "barrier that hits 60 % weighs 2.4.",
        "score_formula": "Bottleneck score = (barrier load of the step and the transitions into "
                         "it + 5 × share who drop out here + 1 per week of waiting, at most 5) "
                         "× share of routes to a goal that pass the step.",
        "funnel_note": "Counts are observed numbers (reached, count); the drop at a step is "
                       "the people who reached it minus those who went on.",
        "emotion_note": "Feelings are the participants' ratings from 1 (very bad) to 5 (very "
                        "good); bars are the barrier load of the same steps.",
        "routes_note": "Routes run from a start step to a goal step; return transitions are "
                       "never part of a route.",
        "table_note": "Sorted by barrier load, heaviest first. The table is editable: add "
                      "owners and status in the meeting.",
        "reasons_note": "{label}: {reasons}.",
        "rows_cut": "The {shown} heaviest of {count} barriers; all of them: journeys export "
                    "--format csv.",
    },
    "de": {
        "kicker": "Barrierenanalyse",
        "kicker_compare": "Nutzerreisen im Vergleich",
        "persona": "Persona", "goal": "Ziel", "region": "Region", "owner": "Gepflegt von",
        "size": "Umfang", "size_value": "{steps:Schritt|Schritte}, {barriers:Barriere|Barrieren}, "
                                        "{routes:Weg|Wege}",
        "load": "Barrierelast gesamt", "heaviest": "Größter Engpass",
        "heaviest_value": "{label} (Wert {score})",
        "date": "Stand", "source": "Quelle: {title} · Stand {date}",
        "source_many": "Quelle: {count} Nutzerreisen · Stand {date}",
        "continued": "{title} ({page}/{pages})",
        "barriers_title": "Barrieren und Maßnahmen",
        "bottlenecks_title": "Engpässe und ihre Gründe",
        "compare_table_title": "Die Nutzerreisen in Zahlen",
        "findings_title": "Was sich unterscheidet",
        "col_where": "Wo", "col_category": "Kategorie", "col_severity": "Schwere",
        "col_affected": "Betroffen", "col_load": "Last", "col_description": "Beschreibung",
        "col_votes": "Punkte",
        "col_mitigations": "Maßnahmen (zuständig, Stand)", "col_rank": "Nr.",
        "col_step": "Schritt", "col_score": "Wert", "col_reasons": "Gründe",
        "col_journey": "Nutzerreise", "col_region": "Region", "col_steps": "Schritte",
        "col_barriers": "Barrieren", "col_total": "Last gesamt",
        "col_route": "Leichtester Weg", "col_routes": "Wege",
        "people": "{count} Personen", "no_route": "kein Weg",
        "idea": "Idee", "planned": "geplant", "in_progress": "in Arbeit", "done": "erledigt",
        "dropped": "verworfen",
        "no_barriers": "Noch keine Barrieren erfasst.",
        "shows": "Was die Grafik zeigt: {alt}",
        "load_formula": "Barrierelast = Schwere (1–5) × Anteil der Betroffenen (0–1; 1, wenn "
                        "unbekannt), summiert über die Barrieren eines Schritts oder Wegs. Eine "
                        "Barriere der Schwere 4, die 60 % trifft, wiegt 2,4.",
        "score_formula": "Engpass-Wert = (Barrierelast des Schritts und der Übergänge dorthin "
                         "+ 5 × Anteil, der hier aussteigt + 1 je Woche Wartezeit, höchstens 5) "
                         "× Anteil der Wege zum Ziel, die durch den Schritt führen.",
        "funnel_note": "Die Zahlen sind beobachtet (reached, count); der Ausstieg bei einem "
                       "Schritt sind die Personen, die ihn erreicht haben, minus die, die "
                       "weitergegangen sind.",
        "emotion_note": "Gefühle sind die Bewertungen der Teilnehmenden von 1 (sehr schlecht) "
                        "bis 5 (sehr gut); die Balken zeigen die Barrierelast derselben Schritte.",
        "routes_note": "Wege führen von einem Start- zu einem Zielschritt; Rückwege (return) "
                       "gehören nie zu einem Weg.",
        "table_note": "Nach Barrierelast sortiert, die schwerste zuerst. Die Tabelle ist "
                      "bearbeitbar: Zuständige und Stand in der Sitzung ergänzen.",
        "reasons_note": "{label}: {reasons}.",
        "rows_cut": "Die {shown} schwersten von {count} Barrieren; alle: journeys export "
                    "--format csv.",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    """A word of the exports in ``lang``."""
    return translate(TEXT, key, lang, **values)


def export_language(journeys: Journey | Sequence[Journey], lang: str | None) -> str:
    """``lang`` when given, else the (first) journey's own language."""
    if lang:
        return language(lang)
    first = journeys if isinstance(journeys, Journey) else journeys[0]
    return first.language


def source_line(journeys: Journey | Sequence[Journey], date: dt.date, lang: str,
                title: str | None = None) -> str:
    """``Quelle: <title> · Stand 12.03.2024``: the line under every slide and figure
    (``title`` names a single journey differently, see ``Comparison.names``)."""
    when = theme.format_date(date, lang)
    if isinstance(journeys, Journey):
        journeys = [journeys]
    if len(journeys) == 1:
        return text("source", lang, title=title or journeys[0].title, date=when)
    return text("source_many", lang, count=len(journeys), date=when)


@dataclass(frozen=True)
class Table:
    """A table as plain text cells: what a slide table and an HTML table are made of.

    ``widths`` are relative column widths (they add up to 1), chosen for the content.
    """

    header: list[str]
    rows: list[list[str]]
    widths: list[float]


def facts(journey: Journey, analysis: Analysis, lang: str) -> list[tuple[str, str]]:
    """The journey in a few labelled lines: persona, goal, region, size, load, worst step."""
    lines = [(text(key, lang), value) for key, value in (
        ("persona", journey.persona), ("goal", journey.goal), ("region", journey.region),
        ("owner", journey.owner)) if value]
    lines.append((text("size", lang), text(
        "size_value", lang, steps=number(len(journey.steps), lang),
        barriers=number(analysis.barrier_count, lang),
        routes=number(analysis.routes_total, lang))))
    lines.append((text("load", lang), number(analysis.total_load, lang)))
    worst = analysis.bottlenecks[0] if analysis.bottlenecks else None
    if worst is not None and worst.score > 0:
        lines.append((text("heaviest", lang), text(
            "heaviest_value", lang, label=worst.label, score=number(worst.score, lang))))
    return lines


def _place(journey: Journey, placed: PlacedBarrier) -> str:
    steps = journey.steps_by_id
    if placed.transition is None:
        return steps[placed.step].label
    source, target = placed.transition
    return f"{steps[source].label} → {steps[target].label}"


def _affected(placed: PlacedBarrier, lang: str) -> str:
    """As written (a share, or a count of people with the share it makes: load ÷ severity)."""
    affected = placed.barrier.affected
    if affected is None:
        return ""
    if affected <= 1:
        return percent(affected, lang)
    people = text("people", lang, count=number(affected, lang))
    return f"{people} ({percent(placed.load / placed.barrier.severity, lang)})"


def barrier_table(journey: Journey, lang: str,
                  register: list[PlacedBarrier] | None = None) -> Table:
    """One row per barrier, heaviest load first, with its mitigations (owner, status), and
    the room's votes once any barrier has some.

    >>> from models import parse_journey
    >>> journey = parse_journey({"id": "j", "title": "J", "language": "de",
    ...     "stages": [{"id": "s", "label": "S"}],
    ...     "actors": [{"id": "jc", "label": "Jobcenter", "level": 4}],
    ...     "steps": [{"id": "a", "label": "Antrag", "stage": "s", "actor": "jc",
    ...                "outcome": "goal", "barriers": [
    ...         {"category": "forms", "severity": 4, "affected": 0.5,
    ...          "mitigations": [{"idea": "Ausfüllhilfe", "owner": "Coach",
    ...                           "status": "planned"}]}]}]})
    >>> barrier_table(journey, "de").rows
    [['Antrag', 'Formulare & Nachweise', '4', '50 %', '2', '', 'Ausfüllhilfe (Coach, geplant)']]
    """
    placed = barrier_register(journey) if register is None else register
    voted = any(item.votes for item in placed)  # the column appears once the room voted
    rows = []
    for item in sorted(placed, key=lambda p: -p.load):  # sorted() is stable: ties keep order
        barrier = item.barrier
        mitigations = [
            f"{m.idea} ({', '.join(x for x in (m.owner, text(m.status, lang)) if x)})"
            for m in barrier.mitigations]
        votes = [number(item.votes, lang) if item.votes else ""] if voted else []
        rows.append([_place(journey, item), journey.category(barrier.category).label(lang),
                     str(barrier.severity), _affected(item, lang),
                     number(item.load, lang), *votes, barrier.description or "",
                     "\n".join(mitigations)])
    header = [text(f"col_{key}", lang) for key in (
        "where", "category", "severity", "affected", "load", *(["votes"] if voted else []),
        "description", "mitigations")]
    if voted:
        return Table(header, rows, [0.16, 0.12, 0.08, 0.10, 0.06, 0.06, 0.23, 0.19])
    return Table(header, rows, [0.17, 0.13, 0.08, 0.10, 0.06, 0.25, 0.21])


def bottleneck_table(items: Sequence[Bottleneck], lang: str, top: int = TOP_BOTTLENECKS
                     ) -> Table:
    """The ``top`` bottlenecks with a score above 0, and every reason in words."""
    rows = [[str(rank), item.label, number(item.score, lang, 2), "\n".join(item.reasons)]
            for rank, item in enumerate([b for b in items if b.score > 0][:top], 1)]
    header = [text(f"col_{key}", lang) for key in ("rank", "step", "score", "reasons")]
    return Table(header, rows, [0.05, 0.27, 0.08, 0.60])


def bottleneck_notes(items: Sequence[Bottleneck], lang: str, top: int = TOP_BOTTLENECKS
                     ) -> list[str]:
    """Speaker notes for the bottlenecks: the formula, then each top step with its reasons."""
    return [text("score_formula", lang)] + [
        text("reasons_note", lang, label=item.label, reasons="; ".join(item.reasons))
        for item in [b for b in items if b.score > 0][:top]]


def comparison_table(comparison: Comparison, lang: str) -> Table:
    """One row per compared journey: region, size, total load, least-barrier route, routes."""
    names = comparison.names()
    rows = [[names[t.key], t.region or "", number(t.steps, lang),
             number(t.barrier_count, lang), number(t.total_load, lang),
             text("no_route", lang) if t.least_route_load is None
             else number(t.least_route_load, lang), number(t.routes_total, lang)]
            for t in comparison.journeys]
    header = [text(f"col_{key}", lang) for key in (
        "journey", "region", "steps", "barriers", "total", "route", "routes")]
    return Table(header, rows, [0.34, 0.14, 0.08, 0.1, 0.11, 0.13, 0.1])


def left_out(journey: Journey, name: str, analysis: Analysis
             ) -> tuple[Oversize, bool] | None:
    """None when the figure ``name`` can be drawn for a deck or report; else why not (too
    large to draw) and whether it would have shown something — then a note goes in its
    place; an empty figure is left out without one, as it is for a small journey."""
    found = oversize(journey, name)
    if found is None or not found.drawing:
        return None
    shows = {"heatmap": analysis.barrier_count > 0,
             "funnel": sum(s.reached is not None for s in journey.steps) >= 2,
             "emotion": any(s.emotion is not None for s in journey.steps)}
    return found, shows.get(name, True)
