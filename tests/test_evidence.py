"""The evidence layer on a generated log with known counts, in all four log formats."""

from __future__ import annotations

import gzip

import duckdb
import pytest

from journeys.evidence import sql
from journeys.evidence.aggregate import aggregate, prepare
from journeys.evidence.cases import Case, CaseEvent, pseudonym, salt_from_file
from journeys.evidence.logs import Columns, connect, read_log, sniff_time_format
from journeys.evidence.matching import match_activities, read_map
from journeys.evidence.pipeline import evidence_from_cases, evidence_from_log
from models import JourneyError
from tests import evidence_logs as logs

WRITERS = {
    "csv": lambda tmp: logs.write_csv(tmp / "log.csv"),
    "german-csv": lambda tmp: logs.write_german_csv(tmp / "log.csv"),
    "parquet": lambda tmp: logs.write_parquet(tmp / "log.parquet", tmp),
    "xes": lambda tmp: logs.write_xes(tmp / "log.xes"),
}


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (DuckDB's quantile_cont)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@pytest.fixture(params=list(WRITERS))
def log_file(request, tmp_path):
    return WRITERS[request.param](tmp_path)


def test_the_same_true_counts_from_every_format(log_file):
    evidence = evidence_from_log(log_file, logs.JOURNEY, "salt", Columns(segment="region"),
                                 min_count=1).evidence
    assert (evidence.cases, evidence.events) == (21, 74)
    assert {s: (c.reached, c.dropped) for s, c in evidence.steps.items()} == {
        "letter": (21, 1), "ask": (3, 0), "form": (14, 2), "approval": (8, 0),
        "give-up": (4, 4), "join": (14, 0)}
    assert {pair: t.households for pair, t in evidence.transitions.items()} == {
        ("letter", "form"): 14, ("form", "approval"): 8, ("approval", "join"): 8,
        ("approval", "form"): 3, ("form", "give-up"): 4, ("letter", "ask"): 3,
        ("ask", "join"): 3, ("letter", "join"): 3}
    assert evidence.not_in_map == {("letter", "join"): 3}
    assert evidence.variants == [
        (("letter", "form", "approval", "join"), 5), (("letter", "form", "give-up"), 4),
        (("letter", "ask", "join"), 3),
        (("letter", "form", "approval", "form", "approval", "join"), 3),
        (("letter", "join"), 3), (("letter", "form"), 2), (("letter",), 1)]
    assert evidence.unmatched == {logs.UNMATCHED: (4, None)}
    assert evidence.stages == {"aware": 21, "apply": 14, "use": 14}
    assert {ref: (b.households, b.reached) for ref, b in evidence.barriers.items()} == {
        "step:form:0": (6, 14), "transition:approval>join:0": (8, 8)}
    assert {s: c.cases for s, c in evidence.segments.items()} == {
        "Ennigerloh": 10, "Everswinkel": 11}
    assert evidence.segments["Everswinkel"].steps["letter"] == (11, 1)
    for step in ("form", "approval", "join", "give-up", "ask"):
        waits = logs.wait_values(step)
        counts = evidence.steps[step]
        assert counts.wait == pytest.approx(
            (quantile(waits, 0.25), quantile(waits, 0.5), quantile(waits, 0.75)))
    assert evidence.steps["letter"].wait is None  # nothing before the first step
    for (source, target), counts in evidence.transitions.items():
        waits = logs.wait_values(target, source)
        assert counts.median_days == pytest.approx(quantile(waits, 0.5))


def test_only_pseudonyms_and_mapped_columns_are_read(tmp_path):
    path = logs.write_csv(tmp_path / "log.csv")
    log = read_log(path, Columns(), "pepper")
    columns = [row[0] for row in log.con.execute("DESCRIBE events").fetchall()]
    assert columns == ["case_id", "seq", "activity", "ts", "segment", "barriers", "note"]
    ids = {f"{row[0]:016x}" for row in log.con.execute(
        "SELECT DISTINCT case_id FROM events").fetchall()}
    assert pseudonym("HH-01", "pepper") in ids and "HH-01" not in ids
    assert log.con.execute("SELECT count(*) FROM events WHERE segment IS NOT NULL "
                           "OR note LIKE '%Familie%'").fetchone() == (0,)  # region, name unread


def test_the_salt_file_is_made_once_and_kept(tmp_path):
    salt = salt_from_file(tmp_path / "salt")
    assert salt == salt_from_file(tmp_path / "salt") and len(salt) == 32
    assert (tmp_path / "salt").stat().st_mode & 0o077 == 0


def test_columns_given_explicitly_and_errors_that_name_the_columns(tmp_path):
    path = logs.write_german_csv(tmp_path / "log.csv")
    with pytest.raises(JourneyError) as error:
        read_log(path, Columns(activity="Aktion"), "s")
    assert "no column 'Aktion'" in str(error.value)
    assert "Haushalt, Schritt, Datum" in str(error.value)
    log = read_log(path, Columns(case="Name", activity="Schritt", time="Datum"), "s")
    assert log.columns.case == "Name" and log.time_format == "%d.%m.%Y"
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(JourneyError, match=r"no case column found.*--case COL"):
        read_log(other, Columns(), "s")


def test_a_date_in_another_format_is_a_clear_error(tmp_path):
    path = tmp_path / "log.csv"
    lines = ["Fall;Schritt;Datum"] + [f"A;letter;0{d}.03.2025" for d in range(1, 9)]
    path.write_text("\n".join([*lines, "A;form;2025-03-10"]) + "\n", encoding="utf-8")
    with pytest.raises(JourneyError) as error:
        read_log(path, Columns(), "s")
    assert "2025-03-10" in str(error.value) and "%d.%m.%Y" in str(error.value)


def test_unknown_log_types_and_missing_files(tmp_path):
    (tmp_path / "log.xlsx").write_text("x", encoding="utf-8")
    with pytest.raises(JourneyError, match=r"unknown log type '\.xlsx'"):
        read_log(tmp_path / "log.xlsx", Columns(), "s")
    with pytest.raises(JourneyError, match="no such log file"):
        read_log(tmp_path / "missing.csv", Columns(), "s")


def test_time_formats_are_sniffed():
    assert sniff_time_format(["03.03.2025", "14.03.2025"]) == "%d.%m.%Y"
    assert sniff_time_format(["2025-03-03 09:30:00"]) == "%Y-%m-%d %H:%M:%S"
    assert sniff_time_format(["2025-03-03T09:30:00.000+01:00"]) is None  # DuckDB's ISO reader


def test_xes_offsets_are_read_as_utc(tmp_path):
    path = tmp_path / "log.xes"
    path.write_text(
        '<log><trace><string key="concept:name" value="A"/>'
        '<event><string key="concept:name" value="letter"/>'
        '<date key="time:timestamp" value="2025-03-01T00:30:00+01:00"/></event>'
        "</trace></log>", encoding="utf-8")
    log = read_log(path, Columns(), "s")
    assert str(log.con.execute("SELECT ts FROM events").fetchone()[0]) == "2025-02-28 23:30:00"


def test_activities_match_by_id_label_and_table_with_did_you_mean(tmp_path):
    matching = match_activities({"FORM": 3, "child joins  the club": 2, "Fils in the form": 1,
                                 "Anruf": 4}, logs.JOURNEY, {"Anruf": "approval"})
    assert matching.steps == {"FORM": "form", "child joins  the club": "join",
                              "Anruf": "approval"}
    assert matching.unmatched == {"Fils in the form": (1, "form")}
    table = tmp_path / "map.csv"
    table.write_text("activity;step\nAnruf;aproval\n", encoding="utf-8")
    with pytest.raises(JourneyError, match=r"line 2.*did you mean 'approval'"):
        read_map(table, logs.JOURNEY)
    table.write_text("activity,step\nAnruf,approval\n", encoding="utf-8")
    assert read_map(table, logs.JOURNEY) == {"Anruf": "approval"}


def test_the_sql_runs_on_a_plain_duckdb_table():
    """The statements are plain SQL: a table made elsewhere works the same."""
    con = connect()
    con.execute("CREATE TABLE events AS SELECT * FROM (VALUES "
                "(7, 1, 'letter', TIMESTAMP '2025-01-01', NULL, NULL, NULL), "
                "(7, 2, 'form', TIMESTAMP '2025-01-03', NULL, NULL, NULL)) "
                "t(case_id, seq, activity, ts, segment, barriers, note)")
    matching = match_activities({"letter": 1, "form": 1}, logs.JOURNEY)
    prepare(con, logs.JOURNEY, matching)
    evidence = aggregate(con, logs.JOURNEY, matching)
    assert evidence.steps["form"].wait == (2.0, 2.0, 2.0)
    assert isinstance(con, duckdb.DuckDBPyConnection)


def test_the_ordered_aggregate_gives_the_same_counts(tmp_path, monkeypatch):
    """Logs too large to pack a visit into one number take the slower ordered aggregate."""
    path = logs.write_csv(tmp_path / "log.csv")
    packed = evidence_from_log(path, logs.JOURNEY, "s", min_count=1).evidence
    monkeypatch.setattr(sql, "ROW_BITS", 0)
    ordered = evidence_from_log(path, logs.JOURNEY, "s", min_count=1).evidence
    assert (ordered.steps, ordered.transitions, ordered.variants) == (
        packed.steps, packed.transitions, packed.variants)


def test_events_on_the_same_day_keep_the_order_of_the_file(tmp_path):
    path = tmp_path / "log.csv"
    rows = [f"H{h};{step};03.03.2025" for h in range(3000) for step in ("letter", "form", "join")]
    path.write_text("Fall;Schritt;Datum\n" + "\n".join(rows) + "\n", encoding="utf-8")
    evidence = evidence_from_log(path, logs.JOURNEY, "s", min_count=1).evidence
    assert evidence.variants == [(("letter", "form", "join"), 3000)]
    assert evidence.steps["join"].wait == (0.0, 0.0, 0.0)


def test_gzipped_xes_gives_the_same_households(tmp_path):
    plain = logs.write_xes(tmp_path / "log.xes")
    packed = tmp_path / "log.xes.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    evidence = evidence_from_log(packed, logs.JOURNEY, "s", min_count=1).evidence
    assert (evidence.cases, evidence.events) == (21, 74)


@pytest.mark.parametrize(("content", "message"), [
    (b"Fall;Schritt;Datum\n" + "HH;Antrag für Bürgergeld;01.03.2025\n".encode("cp1252"),
     "the log is not UTF-8 text"),
    (b"case_id,activity,timestamp\n", "the log holds no events"),
    (b"", "the log is empty or has no header line"),
])
def test_unreadable_logs_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "log.csv"
    path.write_bytes(content)
    with pytest.raises(JourneyError, match=message):
        evidence_from_log(path, logs.JOURNEY, "s")


def test_a_step_repeated_in_a_row_is_one_visit(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Fall;Schritt;Datum\nA;letter;01.03.2025\nA;letter;05.03.2025\n"
                    "A;form;07.03.2025\nB;letter;01.03.2025\nB;form;02.03.2025\n",
                    encoding="utf-8")
    evidence = evidence_from_log(path, logs.JOURNEY, "s", min_count=1).evidence
    assert evidence.variants == [(("letter", "form"), 2)]
    assert set(evidence.transitions) == {("letter", "form")}
    assert evidence.steps["form"].wait == (1.25, 1.5, 1.75)  # 2 days (from the last), 1 day


def test_recorded_households_still_on_their_way_have_not_dropped_out():
    def case(name: str, steps: list[str], outcome: str) -> Case:
        return Case(id=pseudonym(name, "s"), journey="club", outcome=outcome,
                    events=[CaseEvent(step=s, wait_days=2 if i else None)
                            for i, s in enumerate(steps)])

    cases = [case("A", ["letter", "form", "join"], "ongoing"),
             case("B", ["letter", "form"], "ongoing"),
             case("C", ["letter", "form"], "dropout")]
    evidence = evidence_from_cases(cases, logs.JOURNEY, min_count=1).evidence
    assert {s: (c.reached, c.dropped) for s, c in evidence.steps.items()
            if c.reached} == {"letter": (3, 0), "form": (3, 1), "join": (1, 0)}
    assert evidence.steps["form"].wait == (2.0, 2.0, 2.0)
