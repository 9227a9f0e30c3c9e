"""Every SQL statement of the evidence layer, in one place (DuckDB dialect).

Kept as plain SQL so the same counting can run where the data already lives (a DuckDB file,
a Parquet lake). Tables the statements expect:

- ``events(case_id, activity, ts, segment, barriers, note)`` — one row per event, in file order
  (``rowid`` keeps that order for events with the same timestamp); ``case_id`` is already
  pseudonymous (``logs``).
- ``activity_map(activity, step)`` and ``journey_steps(step, stage)`` — from ``matching``.
- ``visits`` — made by ``VISITS``: each household's matched steps in order, repeated steps in a
  row merged, with the step before and its time.
"""

from __future__ import annotations

import re

SETTINGS = """
SET TimeZone = 'UTC';
SET preserve_insertion_order = true;
"""
"""UTC so that XES offsets (``+01:00``) give the same day everywhere; insertion order so that
``rowid`` is the order of the file."""


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
    """``CREATE TABLE events`` from ``source`` selecting only the mapped columns; the case id
    is replaced by the first 16 hex digits of SHA-256(salt ‖ id) (parameter ``$salt``)."""
    columns = [
        f"substr(sha256($salt || CAST({quote(case)} AS VARCHAR)), 1, 16) AS case_id",
        f"trim(CAST({quote(activity)} AS VARCHAR)) AS activity",
        f"{time_sql or 'CAST(NULL AS TIMESTAMP)'} AS ts",
    ]
    for name in ("segment", "barriers", "note"):
        column = extra.get(name)
        value = f"NULLIF(trim(CAST({quote(column)} AS VARCHAR)), '')" if column else "NULL"
        columns.append(f"CAST({value} AS VARCHAR) AS {name}")
    return (f"CREATE OR REPLACE TABLE events AS SELECT {', '.join(columns)} FROM {source} "
            f"WHERE {quote(case)} IS NOT NULL AND {quote(activity)} IS NOT NULL")


CREATE_MAPS = """
CREATE OR REPLACE TABLE activity_map(activity VARCHAR PRIMARY KEY, step VARCHAR NOT NULL);
CREATE OR REPLACE TABLE journey_steps(step VARCHAR PRIMARY KEY, stage VARCHAR NOT NULL,
                                       goal BOOLEAN NOT NULL);
"""
INSERT_ACTIVITY = "INSERT INTO activity_map VALUES (?, ?)"
INSERT_STEP = "INSERT INTO journey_steps VALUES (?, ?, ?)"

ACTIVITIES = """
SELECT activity, count(*) AS events FROM events GROUP BY activity ORDER BY events DESC, activity
"""

TOTALS = """
SELECT count(DISTINCT case_id) AS cases, count(*) AS events, min(ts) AS first, max(ts) AS last
FROM events
"""

VISITS = """
CREATE OR REPLACE TABLE visits AS
WITH matched AS (
    SELECT e.case_id, m.step, e.ts, e.rowid AS seq
    FROM events e JOIN activity_map m USING (activity)
), marked AS (
    SELECT *, lag(step) OVER (PARTITION BY case_id ORDER BY ts NULLS LAST, seq) AS before
    FROM matched
), merged AS (
    SELECT case_id, step, ts, seq FROM marked WHERE before IS DISTINCT FROM step
)
SELECT case_id, step, ts,
       row_number() OVER w AS pos,
       lag(step) OVER w AS prev_step,
       lag(ts) OVER w AS prev_ts,
       lead(step) OVER w IS NULL AS last
FROM merged
WINDOW w AS (PARTITION BY case_id ORDER BY ts NULLS LAST, seq)
"""

DAYS = "date_diff('second', prev_ts, ts) / 86400.0"

STEPS = f"""
SELECT step,
       count(DISTINCT case_id) AS reached,
       count(DISTINCT case_id) FILTER (WHERE last AND NOT goal) AS dropped,
       count(DISTINCT case_id) FILTER (WHERE prev_ts IS NOT NULL AND ts IS NOT NULL) AS timed,
       quantile_cont({DAYS}, 0.5) AS median,
       quantile_cont({DAYS}, 0.25) AS p25,
       quantile_cont({DAYS}, 0.75) AS p75
FROM visits JOIN journey_steps USING (step)
GROUP BY step
"""

TRANSITIONS = f"""
SELECT prev_step AS source, step AS target,
       count(DISTINCT case_id) AS households,
       count(DISTINCT case_id) FILTER (WHERE prev_ts IS NOT NULL AND ts IS NOT NULL) AS timed,
       median({DAYS}) AS median
FROM visits WHERE prev_step IS NOT NULL
GROUP BY ALL ORDER BY households DESC, source, target
"""

VARIANTS = """
SELECT route, count(*) AS households
FROM (SELECT case_id, list(step ORDER BY pos) AS route FROM visits GROUP BY case_id)
GROUP BY route ORDER BY households DESC, route
"""

STAGES = """
SELECT stage, count(DISTINCT case_id) AS reached
FROM visits JOIN journey_steps USING (step) GROUP BY stage
"""

BARRIER_SEPARATORS = r"\s*[|,]\s*"
"""Several barriers in one cell: ``forms | language`` or ``forms, language``."""

BARRIERS = f"""
SELECT m.step, trim(token) AS token, count(DISTINCT e.case_id) AS households
FROM events e JOIN activity_map m USING (activity),
     unnest(regexp_split_to_array(e.barriers, {literal(BARRIER_SEPARATORS)})) AS t(token)
WHERE e.barriers IS NOT NULL AND trim(token) <> ''
GROUP BY ALL ORDER BY m.step, token
"""

CASE_SEGMENTS = """
CREATE OR REPLACE TABLE case_segments AS
SELECT case_id, coalesce(min(segment), '') AS segment FROM events GROUP BY case_id
"""
"""A case's segment (region, …): its value on the first row that has one (events of one case
normally all carry the same value)."""

SEGMENT_CASES = """
SELECT segment, count(*) AS cases FROM case_segments GROUP BY segment ORDER BY segment
"""

SEGMENT_STEPS = """
SELECT segment, step,
       count(DISTINCT case_id) AS reached,
       count(DISTINCT case_id) FILTER (WHERE last AND NOT goal) AS dropped
FROM visits JOIN journey_steps USING (step) JOIN case_segments USING (case_id)
GROUP BY ALL ORDER BY segment, step
"""

NOTES = """
SELECT e.rowid + 1 AS row, e.note FROM events e WHERE e.note IS NOT NULL ORDER BY e.rowid
"""


def statements(script: str) -> list[str]:
    """The statements of a script such as ``CREATE_MAPS`` (split on ``;`` at line ends)."""
    return [s.strip() for s in re.split(r";\s*\n", script) if s.strip()]
