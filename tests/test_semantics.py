"""The readings docs/analysis.md fixes where the format could be read two ways ("Semantics
the format leaves open"), each on a small journey computed by hand."""

from __future__ import annotations

from journeys.analysis import analyze, bottlenecks
from journeys.bottlenecks import route_counts, unavoidable_steps
from journeys.cli import main
from journeys.formats import save_journey
from journeys.i18n import number, percent
from journeys.load import share_warnings
from journeys.routes import find_routes, iter_routes
from models import parse_journey
from tests.test_analysis import chain
from tests.test_models import problem_lines


def _step(journey, step_id: str, lang: str = "en"):
    return next(b for b in bottlenecks(journey, lang=lang) if b.step == step_id)


# -- a route ends at the first goal ------------------------------------------------------------

def test_a_route_ends_at_the_first_goal_and_a_step_after_it_scores_zero():
    # s → g1 → x → g2 and s → g2: x comes after the goal g1, so it is on no route
    document = chain([("s", "g1"), ("g1", "x"), ("x", "g2"), ("s", "g2")], ["g1", "g2"],
                     x={"barriers": [{"category": "forms", "severity": 4}]})
    journey = parse_journey(document)
    assert [r.steps for r in iter_routes(journey)] == [("s", "g1"), ("s", "g2")]
    counts = route_counts(journey)
    assert (counts.total, counts.through) == (2, {"s": 2, "g1": 1, "x": 0, "g2": 1})
    assert unavoidable_steps(journey) == {"s"}
    x = _step(journey, "x")
    assert (x.score, x.load, x.routes_through) == (0.0, 4.0, 0)
    assert x.reasons[0] == "on no route to a goal"


def test_a_goal_that_leads_on_is_still_unavoidable_when_every_route_ends_there():
    # s → g1 → g2 only: the single route is s, g1 (g2 is never reached without passing g1)
    journey = parse_journey(chain([("s", "g1"), ("g1", "g2")], ["g1", "g2"]))
    assert [r.steps for r in find_routes(journey).routes] == [("s", "g1")]
    assert unavoidable_steps(journey) == {"s", "g1"}
    assert route_counts(journey).through["g2"] == 0


# -- dropout steps and return transitions (the plain cases are in test_models.RULES) ----------

def test_a_return_from_a_dropout_step_back_to_an_earlier_step_is_allowed(tiny_journey_dict):
    assert {"from": "give-up", "to": "letter", "kind": "return"} in tiny_journey_dict[
        "transitions"]
    assert problem_lines(tiny_journey_dict) == []


def test_a_return_must_lead_back_to_an_earlier_step(tiny_journey_dict):
    tiny_journey_dict["transitions"] += [
        {"from": "letter", "to": "join", "kind": "return"},  # forward
        {"from": "ask-neighbour", "to": "form", "kind": "return"},  # sideways
        {"from": "join", "to": "form", "kind": "return"},  # back: form → join
        {"from": "form", "to": "form", "kind": "return"}]  # the same step again
    hint = "a return must lead back to an earlier step; use `kind: next` for a way forward"
    assert problem_lines(tiny_journey_dict) == [
        "transitions[6].kind: the return letter → join does not lead back: 'join' does not "
        f"come before 'letter' — {hint}",
        "transitions[7].kind: the return ask-neighbour → form does not lead back: 'form' does "
        f"not come before 'ask-neighbour' — {hint}"]


# -- equal loads: a documented order ----------------------------------------------------------

def test_routes_of_equal_load_are_ordered_by_their_last_steps_in_file_order():
    # steps in the file: a, c, b, g, h; every route has load 0
    journey = parse_journey(chain([("a", "c"), ("a", "b"), ("b", "g"), ("c", "g"),
                                   ("b", "h"), ("c", "h")], ["g", "h"]))
    assert [r.steps for r in iter_routes(journey)] == [
        ("a", "c", "g"), ("a", "b", "g"), ("a", "c", "h"), ("a", "b", "h")]


def test_loads_that_are_equal_in_millionths_tie():
    # 0.1 + 0.2 is not 0.3 in floating point; in millionths both are 300000
    journey = parse_journey(chain(
        [("s", "a"), ("a", "p"), ("s", "b"), ("p", "g"), ("b", "g")], ["g"],
        a={"barriers": [{"category": "forms", "severity": 1, "affected": 0.1}]},
        p={"barriers": [{"category": "forms", "severity": 1, "affected": 0.2}]},
        b={"barriers": [{"category": "forms", "severity": 1, "affected": 0.3}]}))
    routes = list(iter_routes(journey))
    assert [(r.steps, r.load) for r in routes] == [
        (("s", "a", "p", "g"), 0.3), (("s", "b", "g"), 0.3)]  # p comes before b in the file


def test_equal_bottleneck_scores_and_hotspot_cells_keep_a_stable_order():
    journey = parse_journey(chain(
        [("a", "b"), ("b", "g")], ["g"],
        a={"barriers": [{"category": "trust", "severity": 2}]},
        b={"barriers": [{"category": "cost", "severity": 2}]}))
    assert [b.step for b in bottlenecks(journey)] == ["a", "b", "g"]  # ties: file order
    cells = analyze(journey).hotspots["category"]
    assert list(cells) == ["cost", "trust"]  # equal load and count: by key


# -- observed numbers that contradict each other ---------------------------------------------

def test_nobody_reached_means_no_drop_off():
    journey = parse_journey(chain([("a", "g")], ["g"], a={"reached": 0}, g={"reached": 0}))
    a = _step(journey, "a")
    assert (a.reached, a.dropped, a.dropout_share) == (0, None, None)
    assert a.dropout_note == "drop-off unknown: nobody reached this step"
    assert _step(journey, "a", "de").dropout_note == (
        "Ausstieg unbekannt: niemand hat diesen Schritt erreicht")


def test_known_counts_coming_in_may_not_exceed_reached_when_one_is_missing():
    # a → c brings 5, b → c has no count, but only 3 reached c: not "1 of 3 drop out"
    document = chain([("a", "c"), ("b", "c"), ("c", "g")], ["g"], c={"reached": 3})
    document["transitions"][0]["count"] = 5
    document["transitions"][2]["count"] = 2
    c = _step(parse_journey(document), "c")
    assert (c.dropped, c.dropout_share) == (None, None)
    assert c.dropout_note == ("drop-off unknown: transitions bring at least 5 people here, "
                              "but only 3 reached this step")


def test_people_going_on_and_dropping_out_may_not_exceed_reached():
    document = chain([("a", "g"), ("a", "x")], ["g"], a={"reached": 5},
                     x={"outcome": "dropout"})
    document["transitions"][0]["count"] = 2
    document["transitions"][1]["count"] = 4
    a = _step(parse_journey(document), "a")
    assert a.dropout_share is None
    assert a.dropout_note == ("drop-off unknown: 2 people go on and 4 drop out, but only 5 "
                              "reached this step")


# -- return loops with counts ----------------------------------------------------------------

def _loop(form_on: int, check_on: int, back: int | None) -> dict:
    """s → form → check → g, check ↩ form; 10 reach the form on the way forward."""
    document = chain([("s", "form"), ("form", "check"), ("check", "g")], ["g"],
                     form={"reached": 10}, check={"reached": form_on})
    document["transitions"][1]["count"] = form_on
    document["transitions"][2]["count"] = check_on
    document["transitions"].append({"from": "check", "to": "form", "kind": "return",
                                    **({} if back is None else {"count": back})})
    return document


def test_a_return_loop_brings_people_back_on_top_of_reached():
    # form: 10 reached + 1 came back = 11 arrive, 11 go on: nobody drops out
    journey = parse_journey(_loop(form_on=11, check_on=10, back=1))
    form, check = _step(journey, "form"), _step(journey, "check")
    assert (form.reached, form.came_back, form.dropped, form.dropout_share) == (10, 1, 0, 0.0)
    assert form.dropout_note is None
    assert "1 person comes back here (return from “CHECK”)" in form.reasons
    # check: 11 arrive, 1 goes back, 10 go on
    assert (check.reached, check.came_back, check.dropped) == (11, 0, 0)
    assert "1 person goes back to “FORM” (return)" in check.reasons


def test_drop_off_in_a_loop_counts_those_who_came_back():
    journey = parse_journey(_loop(form_on=10, check_on=8, back=2))
    form, check = _step(journey, "form"), _step(journey, "check")
    # form: 10 + 2 arrive, 10 go on: 2 of 12 (17 %)
    assert (form.dropped, form.dropout_share) == (2, round(2 / 12, 6))
    assert form.reasons[-1] == "2 of 12 people (17%) drop out here"
    assert "2 people come back here (return from “CHECK”)" in form.reasons
    # check: 10 arrive, 2 go back and 8 go on: nobody drops out
    assert (check.dropped, check.dropout_share) == (0, 0.0)
    assert _step(journey, "form", "de").reasons[-2:] == [
        "2 Personen kommen hierher zurück (Rückweg von „CHECK“)",
        "2 von 12 Personen (17 %) steigen hier aus"]


def test_a_return_without_a_count_leaves_the_drop_off_unknown():
    form = _step(parse_journey(_loop(form_on=11, check_on=10, back=None)), "form")
    assert form.dropout_share is None
    assert form.dropout_note == "drop-off unknown: no count on the return from “CHECK”"


# -- rounding ---------------------------------------------------------------------------------

def test_one_of_eight_is_thirteen_percent():
    document = chain([("a", "g"), ("a", "x")], ["g"], a={"reached": 8},
                     x={"outcome": "dropout", "reached": 1})
    document["transitions"][0]["count"] = 7
    journey = parse_journey(document)
    assert _step(journey, "a").reasons[-1] == "1 of 8 people (13%) drop out here (→ “X”)"
    assert _step(journey, "a", "de").reasons[-1] == (
        "1 von 8 Personen (13 %) steigen hier aus (→ „X“)")


def test_halves_round_up_everywhere_numbers_are_written():
    assert [percent(s, "en") for s in (0.125, 0.145, 0.005, 0.0049)] == ["13%", "15%", "1%",
                                                                        "0%"]
    assert [number(v, "en") for v in (0.25, 0.35, 2.45, 1234.55)] == [
        "0.3", "0.4", "2.5", "1,234.6"]
    assert number(0.125, "de", 2) == "0,13"


# -- the share of a transition barrier given as a count ---------------------------------------

def test_a_count_on_a_transition_barrier_is_divided_by_the_transitions_count():
    barrier = {"category": "handoff", "severity": 4, "affected": 3}
    document = chain([("a", "b"), ("b", "g")], ["g"], a={"reached": 12})
    document["transitions"][0].update(count=6, barriers=[barrier])  # 3 of 6 → 4 × 0.5 = 2
    document["transitions"][1].update(barriers=[barrier])  # no count, b unknown → 4 × 1 = 4
    assert analyze(parse_journey(document)).transition_loads == {"a>b": 2.0, "b>g": 4.0}
    del document["transitions"][0]["count"]  # then those who reached a: 3 of 12 → 4 × 0.25
    assert analyze(parse_journey(document)).transition_loads == {"a>b": 1.0, "b>g": 4.0}


# -- affected: a share 0..1 (1 is everyone) or a count of at least 2 ---------------------------

def _warned(lang: str = "en") -> dict:
    document = chain([("a", "g")], ["g"], a={"reached": 12, "barriers": [
        {"category": "forms", "severity": 4, "affected": 1},  # read as everyone
        {"category": "cost", "severity": 2, "affected": 20},  # more than the 12 who reached
        {"category": "trust", "severity": 1, "affected": 1.0}]},  # everyone, said clearly
        g={"barriers": [{"category": "forms", "severity": 3, "affected": 4}]})  # no reached
    document["transitions"][0]["barriers"] = [{"category": "handoff", "severity": 3,
                                               "affected": 3}]  # 3 of the 12 who reached a
    return document


def test_affected_that_may_not_say_what_was_meant_is_warned_about():
    journey = parse_journey(_warned())
    assert [str(w) for w in share_warnings(journey)] == [
        "steps[0].barriers[0].affected: 1 means everyone (the share 1 = 100 %), not one "
        "person — write 1.0 to say everyone; for one person write the share (1 ÷ 12 = 0.083)",
        "steps[0].barriers[1].affected: 20 is more than the 12 people it is a share of: "
        "counted as everyone — check both numbers (`reached` of the step, or `count` of the "
        "transition)",
        "steps[1].barriers[0].affected: 4 is a count of people, but the step has no `reached`: "
        "the share is unknown and counted as everyone — add `reached:` to the step, or write a "
        "share 0..1"]
    # loads: a 4 × 1 + 2 × 1 + 1 × 1.0 = 7, g 3 × 1 = 3 and 3 × 3/12 = 0.75 on the way in
    assert analyze(journey).step_loads == {"a": 7.0, "g": 3.75}
    assert analyze(journey).warnings == [str(w) for w in share_warnings(journey)]
    assert analyze(journey, lang="de").warnings[0] == (
        "steps[0].barriers[0].affected: 1 heißt alle (der Anteil 1 = 100 %), nicht eine Person "
        "— 1.0 schreiben, wenn alle gemeint sind; für eine Person den Anteil schreiben "
        "(1 ÷ 12 = 0,083)")


def test_a_transition_count_without_anything_to_divide_by_is_warned_about():
    document = chain([("a", "g")], ["g"])
    document["transitions"][0]["barriers"] = [{"category": "handoff", "severity": 3,
                                               "affected": 5}]
    assert [str(w) for w in share_warnings(parse_journey(document))] == [
        "transitions[0].barriers[0].affected: 5 is a count of people, but neither the "
        "transition's `count` nor the `reached` of 'a' is known: the share is unknown and "
        "counted as everyone — add `count:` to the transition, or write a share 0..1"]


def test_validate_prints_the_warnings_and_still_passes(tmp_path, capsys):
    path = tmp_path / "warned.yaml"
    save_journey(parse_journey(_warned()), path)
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{path}: ok (2 steps, 5 barriers)"]
    assert [line.split(": ", 2)[:2] for line in err.splitlines()] == [
        [str(path), "warning"]] * 3
    assert main(["analyze", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "Check these numbers\n  ! steps[0].barriers[0].affected: 1 means everyone" in out


def test_a_return_may_lead_back_over_a_merge():
    # a → c ← b, c → g: the return g ↩ b leads back although the search from a never sees b
    document = chain([("a", "c"), ("b", "c"), ("c", "g")], ["g"])
    document["transitions"] += [{"from": "g", "to": "b", "kind": "return"},
                                {"from": "b", "to": "a", "kind": "return"}]  # sideways
    assert problem_lines(document) == [
        "transitions[4].kind: the return b → a does not lead back: 'a' does not come before "
        "'b' — a return must lead back to an earlier step; use `kind: next` for a way forward"]
