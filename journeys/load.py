"""Barrier load: the one number that says how hard a step or transition is.

Formula (the same in docs/analysis.md, ``journeys analyze --help`` and on slides)::

    load of a barrier    = severity (1..5) × share of people affected (0..1)
    share                = ``affected`` when it is a share (0..1; 1 is everyone);
                           ``affected`` ÷ people who ``reached`` the step, when it is a count
                           (a whole number >= 2); on a transition ÷ its ``count``, else ÷
                           ``reached`` of the step it leaves;
                           1 (everyone) when nothing is known, when a count has nothing to be
                           divided by, or when it is larger than what it is divided by
    load of a step       = sum of the loads of its barriers
    load of a transition = sum of the loads of its barriers
    load of a route      = sum over its steps and transitions

A severity-5 barrier that hits everyone weighs 5; a severity-4 barrier that hits 60 % weighs 2.4.
"""

from __future__ import annotations

from collections.abc import Iterator

from journeys.i18n import number, translate
from models import Barrier, Journey, Problem, Step, Transition
from models.rules import location

TEXT = {
    "en": {
        "one": "1 means everyone (the share 1 = 100 %), not one person",
        "one_fix": "write 1.0 to say everyone; for one person write the share ({share})",
        "one_share": "1 ÷ {base}",
        "one_share_unknown": "1 ÷ the people who reached the step",
        "no_base_step": "{count} is a count of people, but the step has no `reached`: "
                        "the share is unknown and counted as everyone",
        "no_base_step_fix": "add `reached:` to the step, or write a share 0..1",
        "no_base_transition": "{count} is a count of people, but neither the "
                              "transition's `count` nor the `reached` of '{source}' is known: "
                              "the share is unknown and counted as everyone",
        "no_base_transition_fix": "add `count:` to the transition, or write a share 0..1",
        "too_many": "{count} is more than the {base} people it is a share of: "
                    "counted as everyone",
        "too_many_fix": "check both numbers (`reached` of the step, or `count` of the "
                        "transition)",
    },
    "de": {
        "one": "1 heißt alle (der Anteil 1 = 100 %), nicht eine Person",
        "one_fix": "1.0 schreiben, wenn alle gemeint sind; für eine Person den Anteil "
                   "schreiben ({share})",
        "one_share": "1 ÷ {base}",
        "one_share_unknown": "1 ÷ die Personen, die den Schritt erreicht haben",
        "no_base_step": "{count} ist eine Anzahl Personen, aber der Schritt hat kein "
                        "`reached`: der Anteil ist unbekannt und zählt als alle",
        "no_base_step_fix": "`reached:` am Schritt ergänzen oder einen Anteil 0..1 schreiben",
        "no_base_transition": "{count} ist eine Anzahl Personen, aber weder `count` "
                              "des Übergangs noch `reached` von '{source}' ist bekannt: der "
                              "Anteil ist unbekannt und zählt als alle",
        "no_base_transition_fix": "`count:` am Übergang ergänzen oder einen Anteil 0..1 "
                                  "schreiben",
        "too_many": "{count} ist mehr als die {base} Personen, von denen es ein "
                    "Anteil ist: zählt als alle",
        "too_many_fix": "beide Zahlen prüfen (`reached` des Schritts oder `count` des "
                        "Übergangs)",
    },
}


def barrier_share(barrier: Barrier, reached: int | None = None) -> float:
    """The share of people a barrier hits, 0..1 (1 when unknown); ``reached`` is what a
    count in ``affected`` is divided by (``share_warnings`` says when that fails)."""
    affected = barrier.affected
    if affected is None:
        return 1.0
    if affected <= 1:
        return float(affected)
    if reached:
        return min(1.0, affected / reached)
    return 1.0


def barrier_load(barrier: Barrier, reached: int | None = None) -> float:
    """Severity × share affected."""
    return barrier.severity * barrier_share(barrier, reached)


def step_load(step: Step) -> float:
    """Sum of the step's barrier loads."""
    if not step.barriers:  # as sum() of nothing, without making a generator
        return 0
    return sum(barrier_load(b, step.reached) for b in step.barriers)


def transition_reached(journey: Journey, transition: Transition) -> int | None:
    """People who took the transition: its ``count``, else those who reached its source."""
    if transition.count is not None:
        return transition.count
    return journey.steps_by_id[transition.from_].reached


def transition_load(journey: Journey, transition: Transition) -> float:
    """Sum of the transition's barrier loads (counts in ``affected`` relate to
    ``transition_reached``)."""
    if not transition.barriers:  # as sum() of nothing
        return 0
    reached = transition_reached(journey, transition)
    return sum(barrier_load(b, reached) for b in transition.barriers)


def share_warnings(journey: Journey, lang: str = "en") -> list[Problem]:
    """Where ``affected`` may not say what was meant: ``affected: 1`` written as a whole
    number (read as everyone, not one person), a count with nothing to divide it by, or a
    count larger than the people it is a share of. Valid journeys, but the load counts
    everyone there; each warning names the place and the fix (texts in ``lang``)."""
    warnings: list[Problem] = []
    for index, step in enumerate(journey.steps):
        if _counted(step.barriers):
            warnings += _affected(["steps", index], step.barriers, step.reached, None, lang)
    for index, transition in enumerate(journey.transitions):
        if _counted(transition.barriers):
            warnings += _affected(["transitions", index], transition.barriers,
                                  transition_reached(journey, transition), transition.from_,
                                  lang)
    return warnings


def _counted(barriers: list[Barrier]) -> bool:
    """Whether any of ``barriers`` says ``affected`` as 1 or more (only those can warn)."""
    return any(b.affected is not None and b.affected >= 1 for b in barriers)


def _affected(path: list, barriers: list[Barrier], base: int | None, source: str | None,
              lang: str) -> Iterator[Problem]:
    for index, barrier in enumerate(barriers):
        affected = barrier.affected
        if affected is None or affected < 1:
            continue
        where = location([*path, "barriers", index, "affected"])
        if affected == 1:
            if isinstance(affected, int) and base != 1:
                share = translate(TEXT, "one_share", lang, base=number(base, lang)) + \
                    f" = {number(1 / base, lang, 3)}" if base else translate(
                    TEXT, "one_share_unknown", lang)
                yield Problem(where, translate(TEXT, "one", lang),
                              translate(TEXT, "one_fix", lang, share=share))
        elif base is None:
            kind = "step" if source is None else "transition"
            yield Problem(where, translate(TEXT, f"no_base_{kind}", lang,
                                           count=number(affected, lang), source=source),
                          translate(TEXT, f"no_base_{kind}_fix", lang))
        elif affected > base:
            yield Problem(where, translate(TEXT, "too_many", lang, count=number(affected, lang),
                                           base=number(base, lang)),
                          translate(TEXT, "too_many_fix", lang))
