"""Every SQL statement of the evidence layer, in one place (DuckDB dialect).

Kept as plain SQL so the same counting can run where the data already lives (a DuckDB file,
a Parquet lake). Tables the statements expect:

- ``events(case_id, seq, activity, ts, segment, barriers, note)`` — one row per event; ``seq``
  is its place in the file (the order of events with the same time); ``case_id`` is already
  pseudonymous (``logs``).
- ``activity_map(activity, step_no)`` and ``journey_steps(step_no, stage_no, goal)`` — from
  ``matching`` and the journey (numbers are positions in the journey's lists).
- ``cases`` (``cases()``): each household's steps and times in order; ``moves`` (``MOVES``):
  every move from one step to the next, with its days. Households are counted as distinct
  values of per-household lists, never with ``count(DISTINCT …)`` over all visits.
"""

from __future__ import annotations

import re

SETTINGS = """
SET TimeZone = 'UTC';
SET preserve_insertion_order = true;
SET enable_progress_bar = false;
"""
"""UTC so that XES offsets (``+01:00``) give the same day everywhere; insertion order so that
``row_number() OVER ()`` is the order of the file; no progress bar on the user's terminal."""


def quote(name: str) -> str:
    """A column name as a DuckDB identifier (any text, quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A string literal (for file paths in table functions, which take no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def csv_source(path: str, delimiter: str) -> str:
    """A CSV file read as text columns; DuckDB skips a UTF-8 byte-order mark itself."""
    return (f"read_csv({literal(path)}, delim={literal(delimiter)}, header=true, "
            "all_varchar=true, quote='\"', escape='\"', strict_mode=false)")


def parquet_source(path: str) -> str:
    return f"read_parquet({literal(path)})"


def parquet_rows(path: str) -> str:
    """How many rows a Parquet file holds, from its footer (no row is read)."""
    return f"SELECT COALESCE(SUM(num_rows), 0) FROM parquet_file_metadata({literal(path)})"


def describe(source: str) -> str:
    """Column names and types of a source, without reading its rows."""
    return f"DESCRIBE SELECT * FROM {source}"


def time_expression(column: str, fmt: str | None, typed: bool) -> str:
    """The event time as TIMESTAMP: typed columns are cast, text is parsed with ``fmt``
    (``%d.%m.%Y`` …) or, without one, read as ISO 8601 (an offset is turned into UTC)."""
    col = quote(column)
    if typed:
        return f"CAST({col} AS TIMESTAMP)"
    if fmt:
        return f"strptime(NULLIF(trim({col}), ''), {literal(fmt)})"
    return f"CAST(CAST(NULLIF(trim({col}), '') AS TIMESTAMPTZ) AS TIMESTAMP)"


def load_events(source: str, case: str, activity: str, time_sql: str | None,
                extra: dict[str, str | None]) -> str:
    """``CREATE TABLE events`` from ``source`` selecting only the mapped columns. Each given
    case id is replaced by the first 16 hex digits of SHA-256(salt ‖ id) (parameter ``$salt``),
    kept as the 64-bit number they write (grouping numbers is faster than grouping text); the
    hash is computed once per household, not per event, and the given ids live only in memory
    while the statement runs. ``seq`` numbers the events in file order."""
    columns = [
        "row_number() OVER () AS seq",
        f"CAST({quote(case)} AS VARCHAR) AS given",
        f"trim(CAST({quote(activity)} AS VARCHAR)) AS activity",
        f"{time_sql or 'CAST(NULL AS TIMESTAMP)'} AS ts",
    ]
    for name in ("segment", "barriers", "note"):
        column = extra.get(name)
        value = f"NULLIF(trim(CAST({quote(column)} AS VARCHAR)), '')" if column else "NULL"
        columns.append(f"CAST({value} AS VARCHAR) AS {name}")
    return f"""
CREATE OR REPLACE TABLE events AS
WITH raw AS MATERIALIZED (
    SELECT {', '.join(columns)} FROM {source}
    WHERE {quote(case)} IS NOT NULL AND {quote(activity)} IS NOT NULL
), pseudonyms AS (
    SELECT given, CAST('0x' || substr(sha256($salt || given), 1, 16) AS UBIGINT) AS case_id
    FROM (SELECT DISTINCT given FROM raw)
)
SELECT p.case_id, r.seq, r.activity, r.ts, r.segment, r.barriers, r.note
FROM raw r JOIN pseudonyms p USING (given)
"""


CREATE_EVENTS = """
CREATE OR REPLACE TABLE events(case_id UBIGINT, seq BIGINT, activity VARCHAR, ts TIMESTAMP,
                               segment VARCHAR, barriers VARCHAR, note VARCHAR)
"""
"""The ``events`` table for households recorded in the app (a log makes it with
``load_events``)."""
INSERT_EVENT = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)"

CREATE_MAPS = """
CREATE OR REPLACE TABLE activity_map(activity VARCHAR PRIMARY KEY, step_no SMALLINT NOT NULL);
CREATE OR REPLACE TABLE journey_steps(step_no SMALLINT PRIMARY KEY, stage_no SMALLINT NOT NULL,
                                       goal BOOLEAN NOT NULL);
"""
"""Steps and stages are numbered (their position in the journey): lists and groups of small
numbers are several times faster than of text."""
INSERT_ACTIVITY = "INSERT INTO activity_map VALUES (?, ?)"
INSERT_STEP = "INSERT INTO journey_steps VALUES (?, ?, ?)"

ACTIVITIES = """
SELECT activity, count(*) AS events FROM events GROUP BY activity ORDER BY events DESC, activity
"""

TOTALS = """
SELECT count(DISTINCT case_id) AS cases, count(*) AS events, min(ts) AS first, max(ts) AS last,
       max(seq) AS last_row, CAST(epoch(min(ts)) AS BIGINT) // 60 AS start,
       CAST(epoch(max(ts)) AS BIGINT) // 60 AS stop
FROM events
"""

STEP_BITS, ROW_BITS, MINUTE_BITS = 12, 28, 23
"""A visit packed into one 63-bit number — minutes since the log's first event, row, step —
sorts a household's visits by time, then file order, as a plain list sort: three times
faster than an ordered aggregate. Logs beyond these bounds (4,096 steps, 268 M events,
16 years) take the ordered aggregate instead."""
NO_TIME = 2**MINUTE_BITS - 1
"""The minute standing in for a missing time (after every real one: missing times sort last)."""


def minutes(start: int) -> str:
    """An event's minutes since ``start`` (epoch minutes of the log's first event)."""
    return f"CAST(epoch(e.ts) AS BIGINT) // 60 - {int(start)}"


def cases(start: int, packed: bool, segmented: bool) -> str:
    """``CREATE TABLE cases``: each household's segment (the smallest value its rows carry;
    normally all carry the same; only when ``segmented``), steps and their times (minutes
    since ``start``) in order, file order for equal times."""
    segment = "min(e.segment)" if segmented else "NULL"
    if packed:
        return f"""
CREATE OR REPLACE TABLE cases AS
SELECT case_id, coalesce(segment, '') AS segment,
       list_transform(keys, lambda k: CAST(k & {2**STEP_BITS - 1} AS SMALLINT)) AS steps,
       list_transform(keys, lambda k: nullif(k >> {STEP_BITS + ROW_BITS}, {NO_TIME})) AS times
FROM (SELECT e.case_id, {segment} AS segment,
             list_sort(list((coalesce({minutes(start)}, {NO_TIME}) << {STEP_BITS + ROW_BITS})
                            + (e.seq << {STEP_BITS}) + m.step_no)) AS keys
      FROM events e JOIN activity_map m USING (activity) GROUP BY e.case_id)
"""
    return f"""
CREATE OR REPLACE TABLE cases AS
SELECT e.case_id, coalesce({segment}, '') AS segment,
       list(CAST(m.step_no AS SMALLINT) ORDER BY e.ts NULLS LAST, e.seq) AS steps,
       list({minutes(start)} ORDER BY e.ts NULLS LAST, e.seq) AS times
FROM events e JOIN activity_map m USING (activity) GROUP BY e.case_id
"""


MOVES = """
CREATE OR REPLACE TABLE moves AS
SELECT source, target, (arrived - departed) / 1440.0 AS days
FROM (SELECT unnest(steps[1:-2]) AS source, unnest(steps[2:]) AS target,
             unnest(times[1:-2]) AS departed, unnest(times[2:]) AS arrived
      FROM cases WHERE len(steps) > 1)
WHERE source <> target
"""
"""Every move from one step to another, with its days (``NULL`` without both times): a step
repeated in a row is one visit, and the wait for the next step counts from its last event."""

ROUTE_GROUPS = """
CREATE OR REPLACE TABLE route_groups AS
WITH grouped AS (
    SELECT segment, steps AS visits, list_transform(times, lambda x: x IS NULL) AS gaps,
           count(*) AS n
    FROM cases GROUP BY ALL
), kept AS (
    SELECT *, list_filter(range(1, len(visits) + 1),
                          lambda i: i = 1 OR visits[i] <> visits[i - 1]) AS k
    FROM grouped
)
SELECT segment, n, list_transform(k, lambda i: visits[i]) AS steps,
       list_transform(k, lambda i: i > 1 AND NOT gaps[i] AND NOT gaps[i - 1]) AS timed
FROM kept
"""
"""Households with the same visits (and segment, and the same missing times) as one row:
every count of households is a sum over these few rows, not a DISTINCT over all visits.
``steps`` merges a step repeated in a row into one visit; ``timed`` says whether the arrival
at each visit has both times."""

TIMED = "lambda j: timed[j + 1]"
PAIR = "lambda j: CAST(steps[j] AS INTEGER) * 32768 + steps[j + 1]"


def _households(expression: str, name: str, source: str = "route_groups") -> str:
    """Households per value of a per-route list (each value once per household)."""
    return (f"SELECT {name}, sum(n) AS n FROM (SELECT n, unnest(list_distinct({expression})) "
            f"AS {name} FROM {source}) GROUP BY {name}")


STEPS = f"""
WITH reached AS ({_households("steps", "step_no")}
), dropped AS (
    SELECT steps[-1] AS step_no, sum(n) AS n FROM route_groups GROUP BY step_no
), timed AS ({_households(
    f"list_transform(list_filter(range(1, len(steps)), {TIMED}), lambda j: steps[j + 1])",
    "step_no")}
), waits AS (
    SELECT target AS step_no, quantile_cont(days, [0.25, 0.5, 0.75]) AS q
    FROM moves GROUP BY target
)
SELECT j.step_no, coalesce(r.n, 0), CASE WHEN j.goal THEN 0 ELSE coalesce(d.n, 0) END,
       coalesce(t.n, 0), w.q[2], w.q[1], w.q[3]
FROM journey_steps j LEFT JOIN reached r USING (step_no) LEFT JOIN dropped d USING (step_no)
     LEFT JOIN timed t USING (step_no) LEFT JOIN waits w USING (step_no)
ORDER BY j.step_no
"""

TRANSITIONS = f"""
WITH households AS ({_households(f"list_transform(range(1, len(steps)), {PAIR})", "code")}
), timed AS ({_households(
    f"list_transform(list_filter(range(1, len(steps)), {TIMED}), {PAIR})", "code")}
), days AS (
    SELECT CAST(source AS INTEGER) * 32768 + target AS code, median(days) AS median
    FROM moves GROUP BY ALL
)
SELECT code // 32768 AS source, code % 32768 AS target, h.n, coalesce(t.n, 0), d.median
FROM households h JOIN days d USING (code) LEFT JOIN timed t USING (code)
ORDER BY h.n DESC, source, target
"""

VARIANTS = """
SELECT steps, sum(n) AS households FROM route_groups GROUP BY steps
ORDER BY households DESC, steps
"""

STAGES = _households(
    "list_transform(steps, lambda x: stage_of[x + 1])", "stage_no",
    "route_groups, (SELECT list(stage_no ORDER BY step_no) AS stage_of FROM journey_steps)")

BARRIER_SEPARATORS = r"\s*[|,]\s*"
"""Several barriers in one cell: ``forms | language`` or ``forms, language``."""

BARRIERS = f"""
SELECT m.step_no, trim(token) AS token, count(DISTINCT e.case_id) AS households
FROM events e JOIN activity_map m USING (activity),
     unnest(regexp_split_to_array(e.barriers, {literal(BARRIER_SEPARATORS)})) AS t(token)
WHERE e.barriers IS NOT NULL AND trim(token) <> ''
GROUP BY ALL ORDER BY m.step_no, token
"""

SEGMENT_CASES = """
SELECT segment, sum(n) AS cases FROM route_groups GROUP BY segment ORDER BY segment
"""

SEGMENT_STEPS = """
SELECT segment, step_no, sum(n) AS reached,
       coalesce(sum(n) FILTER (WHERE step_no = last AND NOT goal), 0) AS dropped
FROM (SELECT segment, n, steps[-1] AS last, unnest(list_distinct(steps)) AS step_no
      FROM route_groups)
     JOIN journey_steps USING (step_no)
GROUP BY ALL ORDER BY segment, step_no
"""

NOTES = """
SELECT seq AS row, note FROM events WHERE note IS NOT NULL ORDER BY seq
"""


def statements(script: str) -> list[str]:
    """The statements of a script such as ``CREATE_MAPS`` (split on ``;`` at line ends)."""
    return [s.strip() for s in re.split(r";\s*\n", script) if s.strip()]
