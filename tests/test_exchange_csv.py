"""The barrier register and the three CSV tables: exact output, round trips, located errors."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, assume, given, settings

from journeys.exchange import csv_tables, journey_from_tables, journey_tables, register_csv
from journeys.exchange.csv_tables import Source
from journeys.formats import dumps_journey, load_journey, to_document
from models import Journey, JourneyError, JourneyFileError, JourneyInvalid, parse_journey
from tests.conftest import SAMPLES, TINY_JOURNEY
from tests.strategies import journeys

GERMAN = {
    "schema": "journey/1", "id": "kita", "title": "Kita-Platz für Ümit", "language": "de",
    "categories": [{"id": "wetter", "de": "Wetter", "dimension": "availability_accommodation"}],
    "stages": [{"id": "suchen", "label": "Suchen"}, {"id": "nutzen", "label": "Nutzen"}],
    "actors": [{"id": "mutter", "label": "Mutter", "level": 1},
               {"id": "jugendamt", "label": "Jugendamt; Fachdienst", "level": 4}],
    "steps": [
        {"id": "antrag", "label": 'Füllt den "Kita-Antrag" aus', "stage": "suchen",
         "actor": "mutter", "reached": 12, "duration_days": 2.5,
         "barriers": [
             {"category": "forms", "severity": 4, "affected": 0.25, "votes": 3,
              "description": "Formular; vier Seiten,\nzweite Zeile mit „Anführungszeichen“",
              "evidence": {"source": "workshop", "note": "Straße & Ämter",
                           "date": dt.date(2022, 3, 10)},
              "mitigations": [{"idea": "=Hilfe beim Ausfüllen", "owner": "Coach",
                               "status": "planned"},
                              {"idea": "Online-Antrag"}]},
             {"category": "wetter", "severity": 2, "description": "-3 Grad, Glatteis",
              "extra": {"quelle": "Büro", "n": 2}}]},
        {"id": "platz", "label": "Kind geht in die Kita 😀", "stage": "nutzen",
         "actor": "jugendamt", "outcome": "goal"},
    ],
    "transitions": [{"from": "antrag", "to": "platz", "kind": "referral", "count": 9,
                     "barriers": [{"category": "handoff", "severity": 3, "affected": 3}]}],
}


def rows(text: str, sep: str = ",") -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "the byte order mark comes first"
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=sep))


def source(text: str, name: str = "barriers.csv") -> Source:
    return Source(name, text.encode("utf-8"))


@pytest.fixture
def tiny() -> Journey:
    return parse_journey(copy.deepcopy(TINY_JOURNEY))


@pytest.fixture
def german() -> Journey:
    return parse_journey(copy.deepcopy(GERMAN))


# -- the register ---------------------------------------------------------------------------

def test_register_has_one_row_per_barrier_with_place_and_load(tiny: Journey) -> None:
    table = rows(register_csv(tiny))
    assert [r["ref"] for r in table] == [
        "step:letter:0", "step:form:0", "step:join:0", "transition:ask-neighbour>join:0",
        "transition:form>join:0"]
    assert table[0] == {
        "ref": "step:letter:0", "step": "letter", "from": "", "to": "", "stage": "seek",
        "actor": "jobcenter", "level": "4", "channel": "", "category": "information",
        "dimension": "approachability", "severity": "4", "description": "", "affected": "0.5",
        "votes": "", "load": "2.0", "evidence_source": "", "evidence_note": "",
        "evidence_date": "", "mitigation_1_idea": "", "mitigation_1_owner": "",
        "mitigation_1_status": "", "extra": "", "step_label": "Reads the notice",
        "stage_label": "Seek", "actor_label": "Jobcenter", "level_label": "Institutions",
        "category_label": "Information / awareness", "dimension_label": "Approachability"}
    transition = table[4]
    assert (transition["step"], transition["from"], transition["to"], transition["actor"],
            transition["level"], transition["load"]) == ("join", "form", "join", "club", "3",
                                                         "3.0")
    assert [r["load"] for r in table] == ["2.0", "1.2", "2.0", "1.0", "3.0"]


def test_register_bytes_start_with_bom_and_use_crlf(tiny: Journey) -> None:
    data = register_csv(tiny).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbfref,step,from,to,")
    assert data.count(b"\r\n") == 6


def test_german_register_for_excel(german: Journey) -> None:
    text = register_csv(german, sep=";")
    assert text.splitlines()[0].startswith("\ufeffref;step;from;to;stage;actor;level;")
    table = rows(text, ";")
    first = table[0]
    assert first["affected"] == "0,25" and first["load"] == "1,0"
    assert first["description"] == ("Formular; vier Seiten,\nzweite Zeile mit "
                                    "„Anführungszeichen“")
    assert first["step_label"] == 'Füllt den "Kita-Antrag" aus'
    assert first["evidence_note"] == "Straße & Ämter"
    assert first["evidence_date"] == "2022-03-10"
    assert (first["mitigation_1_idea"], first["mitigation_1_owner"],
            first["mitigation_1_status"]) == ("'=Hilfe beim Ausfüllen", "Coach", "planned")
    assert (first["mitigation_2_idea"], first["mitigation_2_status"]) == ("Online-Antrag",
                                                                         "idea")
    assert (first["category_label"], first["dimension_label"], first["level_label"]) == (
        "Formulare & Nachweise", "Verfügbarkeit & Erreichbarkeit",
        "Bedarfsgemeinschaft / Person")
    second = table[1]
    assert second["description"] == "'-3 Grad, Glatteis"  # Excel shows it, does not compute
    assert second["category_label"] == "Wetter"
    assert second["extra"] == '{"quelle": "Büro", "n": 2}'
    assert table[2]["actor_label"] == "Jugendamt; Fachdienst"
    assert table[2]["load"] == "1,0"  # 3 × 3/9


def test_excel_quoting_doubles_quotes_and_quotes_separators(german: Journey) -> None:
    text = register_csv(german, sep=";")
    assert '"Füllt den ""Kita-Antrag"" aus"' in text
    assert '"Jugendamt; Fachdienst"' in text
    assert '"Formular; vier Seiten,\nzweite Zeile' in text
    assert ";Straße & Ämter;" in text  # no separator, no quotes needed


def test_english_labels_for_a_german_journey(german: Journey) -> None:
    first = rows(register_csv(german, lang="en"))[0]
    assert (first["category_label"], first["level_label"], first["affected"]) == (
        "Forms & proofs", "Household / person", "0.25")


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_register_round_trip_gives_the_same_barriers(german: Journey, sep: str) -> None:
    bare = german.model_dump(by_alias=True, exclude_unset=True)
    for step in bare["steps"]:
        step.pop("barriers", None)
    bare["transitions"][0].pop("barriers")
    base = parse_journey(bare)
    back = journey_from_tables(barriers=source(register_csv(german, sep=sep)), base=base)
    assert back == german
    assert back.steps[0].barriers[0].evidence.date == dt.date(2022, 3, 10)
    assert back.steps[0].barriers[0].mitigations[0].idea == "=Hilfe beim Ausfüllen"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_samples_round_trip_through_register_and_tables(path) -> None:
    journey = load_journey(path)
    for sep in (",", ";"):
        tables = {name: source(text, name)
                  for name, text in journey_tables(journey, sep=sep).items()}
        assert journey_from_tables(barriers=tables["barriers.csv"], base=journey) == journey
        back = journey_from_tables(steps=tables["steps.csv"],
                                   transitions=tables["transitions.csv"],
                                   barriers=tables["barriers.csv"], base=journey)
        assert back == journey
        assert dumps_journey(back) == dumps_journey(journey)


def test_tables_without_a_base_rebuild_steps_stages_and_actors(german: Journey) -> None:
    tables = {name: source(text, name) for name, text in journey_tables(german).items()}
    back = journey_from_tables(steps=tables["steps.csv"], transitions=tables["transitions.csv"],
                               barriers=tables["barriers.csv"], title="Kita-Platz für Ümit",
                               language="de")
    assert back.id == "kita-platz-fuer-uemit"
    assert (back.steps, back.transitions, back.stages, back.actors) == (
        german.steps, german.transitions, german.stages, german.actors)
    assert [c.model_dump() for c in back.categories] == [
        {"id": "wetter", "de": "Wetter", "en": None, "dimension": "availability_accommodation"}]


def test_steps_table_columns(tiny: Journey) -> None:
    steps = rows(journey_tables(tiny)["steps.csv"])
    assert steps[2] == {
        "id": "form", "label": "Fills in the form", "stage": "apply", "stage_label": "Apply",
        "actor": "family", "actor_label": "Household", "level": "1", "channel": "",
        "duration_days": "", "reached": "10", "emotion": "", "outcome": "", "description": "",
        "extra": "", "level_label": "Household / person", "barriers": "1", "load": "1.2"}
    transitions = rows(journey_tables(tiny)["transitions.csv"])
    assert transitions[3] == {"from": "form", "to": "join", "kind": "referral",
                              "data_transfer": "paper", "count": "6", "label": "",
                              "extra": "", "barriers": "1", "load": "3.0"}


def empty_text_unset(journey: Journey) -> Journey:
    """The journey with optional texts that are "" left out: an empty CSV cell means
    "not set" (docs/export.md)."""
    document = journey.model_dump(by_alias=True, exclude_unset=True)

    def clean(item: dict, *fields: str) -> None:
        for name in fields:
            if item.get(name) == "":
                del item[name]

    for item in document["steps"] + document.get("transitions", []):
        clean(item, "description", "label" if "from" in item else "")
        for barrier in item.get("barriers", []):
            clean(barrier, "description")
            clean(barrier.get("evidence") or {}, "note")
            for mitigation in barrier.get("mitigations", []):
                clean(mitigation, "owner")
    return parse_journey(document)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_any_journey_round_trips_through_the_tables(journey: Journey) -> None:
    ideas = [m.idea for s in [*journey.steps, *journey.transitions] for b in s.barriers
             for m in b.mitigations]
    assume("" not in ideas)  # a mitigation needs an idea: an empty one is reported
    tables = {name: source(text, name)
              for name, text in journey_tables(journey, sep=";").items()}
    back = journey_from_tables(steps=tables["steps.csv"], transitions=tables["transitions.csv"],
                               barriers=tables["barriers.csv"], base=journey)
    assert back == empty_text_unset(journey)


# -- edited in Excel ------------------------------------------------------------------------

def test_excel_edits_read_back(tiny: Journey) -> None:
    text = ("category;severity;step;affected;evidence_source;evidence_date;mitigation_1_idea\r\n"
            " cost ;5;letter;0,75;survey;10.03.2022;Gutschein\r\n"
            ";;;;;;\r\n")
    back = journey_from_tables(barriers=source("\ufeff" + text), base=tiny)
    assert back.barrier_count() == 1
    barrier = back.steps_by_id["letter"].barriers[0]
    assert (barrier.category, barrier.severity, barrier.affected) == ("cost", 5, 0.75)
    assert barrier.evidence.date == dt.date(2022, 3, 10)
    assert barrier.mitigations[0].idea == "Gutschein"


def test_a_new_category_with_a_label_is_declared(tiny: Journey) -> None:
    text = "category,category_label,dimension,severity,step\nweather,Weather,none,2,join\n"
    back = journey_from_tables(barriers=source(text), base=tiny, language="en")
    assert back.categories[0].model_dump() == {"id": "weather", "de": None, "en": "Weather",
                                               "dimension": "none"}
    assert back.steps_by_id["join"].barriers[0].category == "weather"


# -- bad input ------------------------------------------------------------------------------

def problems(error: JourneyError) -> list[str]:
    return [str(p) for p in error.problems]


def test_missing_column(tiny: Journey) -> None:
    with pytest.raises(JourneyFileError) as caught:
        journey_from_tables(barriers=source("step,category\nletter,cost\n"), base=tiny)
    assert str(caught.value) == (
        "barriers.csv: line 1: missing column 'severity' — this table needs the columns "
        "category, severity (see docs/export.md)")


def test_severity_9_is_located(tiny: Journey) -> None:
    text = "step,category,severity\nletter,cost,3\nform,cost,9\n"
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(barriers=source(text), base=tiny)
    assert caught.value.file == "barriers.csv"
    assert problems(caught.value) == ["line 3, severity: must be 1..5, got 9"]


def test_unknown_step_and_transition(tiny: Journey) -> None:
    text = ("step,from,to,category,severity\nlettr,,,cost,3\n,letter,join,trust,2\n"
            ",form,,trust,2\n")
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(barriers=source(text), base=tiny)
    assert problems(caught.value) == [
        "line 2, step: unknown step 'lettr' — did you mean 'letter'?",
        "line 3, from: unknown transition letter → join — transitions near it: letter → form,"
        " letter → ask-neighbour, ask-neighbour → join, form → join",
        "line 4, to: is empty — a barrier on a transition needs both from and to; for a barrier"
        " on a step, leave both empty"]


def test_not_utf8(tiny: Journey) -> None:
    data = "step,category,severity,description\nletter,cost,3,Gebühr für Kinder\n".encode(
        "cp1252")
    with pytest.raises(JourneyFileError) as caught:
        journey_from_tables(barriers=Source("barriers.csv", data), base=tiny)
    error = caught.value
    assert (error.file, error.location, error.message) == ("barriers.csv", "line 2",
                                                           "not UTF-8 text (byte 0xfc)")
    assert "CSV UTF-8" in error.hint


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\r\n"])
def test_empty_file(tiny: Journey, data: bytes) -> None:
    with pytest.raises(JourneyFileError, match="the file is empty"):
        journey_from_tables(barriers=Source("barriers.csv", data), base=tiny)


def test_excel_workbook_instead_of_csv(tiny: Journey) -> None:
    with pytest.raises(JourneyFileError, match="Excel workbook"):
        journey_from_tables(barriers=Source("barriers.csv", b"PK\x03\x04\x14\x00"), base=tiny)


@pytest.mark.parametrize("data", [b"\x00\x01\x02" * 100,
                                  "step,category,severity\n".encode("utf-16-le")])
def test_binary_or_utf16_file(tiny: Journey, data: bytes) -> None:
    with pytest.raises(JourneyFileError) as caught:
        journey_from_tables(barriers=Source("barriers.csv", data), base=tiny)
    assert (caught.value.file, caught.value.message) == (
        "barriers.csv", "this is a binary file (or UTF-16 text), not a CSV table")


def test_unknown_and_duplicate_columns(tiny: Journey) -> None:
    with pytest.raises(JourneyFileError) as caught:
        journey_from_tables(barriers=source("step,category,severty\n"), base=tiny)
    assert str(caught.value) == ("barriers.csv: line 1: unknown column 'severty' — did you "
                                 "mean 'severity'?")
    with pytest.raises(JourneyFileError, match="column 'step' appears twice"):
        journey_from_tables(barriers=source("step,category,severity,step\n"), base=tiny)


def test_bad_cells_are_each_reported(tiny: Journey) -> None:
    text = ("step,category,severity,affected,evidence_date,evidence_note,mitigation_1_status,"
            "extra\n"
            "letter,cost,drei,0.5,2022-13-01,,,\n"
            "letter,cots,2,,,note only,planed,{oops\n"
            "letter,cost,2,1.5,,,,[1]\n"
            "letter,cost,2,,,,,,surplus\n")
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(barriers=source(text), base=tiny)
    assert problems(caught.value) == [
        "line 5: 9 cells, but the header names 8 columns — put cells that contain the "
        "separator in quotes"]
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(barriers=source(text.rsplit("letter,cost,2,,", 1)[0]), base=tiny)
    assert problems(caught.value) == [
        "line 2, severity: must be a whole number, got 'drei'",
        "line 2, evidence_date: must be a date like 2022-03-10, got '2022-13-01'",
        "line 3, extra: not valid JSON: Expecting property name enclosed in double quotes — "
        'write free-form data as a JSON object, e.g. {"note": "…"}',
        "line 3, evidence_source: is empty — fill in the column 'evidence_source'",
        "line 3, mitigation_1_idea: is empty — fill in the column 'mitigation_1_idea'",
        "line 3, mitigation_1_status: must be one of idea | planned | in_progress | done | "
        "dropped, got 'planed' — did you mean 'planned'?",
        "line 4, extra: must be a JSON object ({…})",
        "line 4, affected: must be a share 0..1 or a whole count, got 1.5"]


def test_unknown_category_without_label(tiny: Journey) -> None:
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(barriers=source("step,category,severity\nform,froms,2\n"),
                            base=tiny)
    assert problems(caught.value) == [
        "line 2, category: unknown category 'froms' — did you mean 'forms'?"]


def test_steps_table_errors() -> None:
    steps = ("id,label,stage,actor,level,emotion\n"
             "a,Start,s1,me,1,3\n"
             "a,Again,s1,me,1,\n"
             "b,Goal,s1,office,,7\n"
             "c,Other,s1,me,2,\n")
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(steps=source(steps, "steps.csv"), title="T")
    assert caught.value.file == "steps.csv"
    assert problems(caught.value) == [
        "line 3, id: duplicate step id 'a' (already line 2) — give each step its own id",
        "line 4, emotion: must be 1..5, got 7",
        "line 5, level: actor 'me' has level 2 here but 1 in line 2 — give every row of "
        "actor 'me' the same level"]


def test_transition_table_errors_and_journey_rules() -> None:
    steps = source("id,label,stage,actor,level,outcome\na,A,s,me,1,\nb,B,s,me,1,goal\n",
                   "steps.csv")
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(steps=steps, transitions=source(
            "from,to,kind\na,bb,next\na,b,jump\n", "transitions.csv"), title="T")
    assert problems(caught.value) == [
        "line 2, to: unknown step 'bb' — did you mean 'b'?",
        "line 3, kind: must be one of next | alternative | handoff | referral | return, "
        "got 'jump'"]
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(steps=steps, transitions=source(
            "from,to\na,b\nb,a\n", "transitions.csv"), title="T", name="tables")
    assert caught.value.file == "tables"
    assert problems(caught.value) == [
        "transitions.csv line 3: steps form a cycle b → a → b without a `return` transition "
        "— mark the transition that leads back (b → a) as `kind: return`, or remove it"]


def test_tables_need_steps_or_a_base() -> None:
    with pytest.raises(JourneyFileError, match=r"steps\.csv is missing"):
        journey_from_tables(barriers=source("step,category,severity\n"))


def test_a_valid_table_is_checked_once_a_broken_one_row_by_row(
        german: Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid table skips the per-row checks (the journey's own check covers them: a
    60,000-step table was checked twice); a broken one is read again row by row, so its
    problems still name line and column."""
    rows_checked = []
    checked_row = csv_tables._validated
    monkeypatch.setattr(csv_tables, "_validated",
                        lambda *args: rows_checked.append(1) or checked_row(*args))
    tables = {name: source(text, name) for name, text in journey_tables(german).items()}
    back = journey_from_tables(steps=tables["steps.csv"], transitions=tables["transitions.csv"],
                               barriers=tables["barriers.csv"], base=german)
    assert back == german and rows_checked == []
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_tables(barriers=source(f"step,category,severity\n"
                                            f"{german.steps[0].id},cost,9\n"), base=german)
    assert problems(caught.value) == ["line 2, severity: must be 1..5, got 9"]


@pytest.mark.parametrize("text", ["step,category,severity\nletter,cost,3\nform,cost,9\n",
                                  "step,category,severity\nletter,cost,3\n"])
def test_a_base_as_plain_data_gives_what_the_journey_gives(tiny: Journey, text: str) -> None:
    """``journeys import --onto`` passes the base as its document (160 MB less for 60,000
    steps); the result, and every problem, are those of the base as a journey."""
    def outcome(base: object) -> object:
        try:
            return journey_from_tables(barriers=source(text), base=base)
        except JourneyInvalid as error:
            return problems(error)

    document = to_document(tiny)
    assert outcome(document) == outcome(tiny)
    assert document == to_document(tiny)  # the base document comes back as it was given
