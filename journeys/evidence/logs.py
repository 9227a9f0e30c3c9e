"""Reading an event log into DuckDB: CSV (``,`` or ``;``, German dates, Excel's BOM), Parquet
and XES (IEEE 1849, streamed).

Only the mapped columns are read (case, activity, time, and the segment, barrier and note
columns when there are such), and the case id is pseudonymised on the way in: the table never
holds a given id, a name or an address.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import gzip
import itertools
import stat
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import duckdb

from journeys.evidence import sql
from models import JourneyError, JourneyFileError

CANDIDATES = {
    "case": ("case_id", "case:concept:name", "case", "caseid", "fall", "fall_id", "haushalt",
             "haushalt_id", "household"),
    "activity": ("activity", "concept:name", "schritt", "aktivität", "aktivitaet", "step",
                 "event"),
    "time": ("timestamp", "time:timestamp", "datum", "date", "time", "zeit", "zeitpunkt"),
    "barriers": ("barriers", "barrier", "barrieren", "barriere"),
    "note": ("note", "notes", "notiz", "bemerkung", "comment", "kommentar"),
}
"""Column names found without ``--case``/``--activity``/``--time`` (compared ignoring case)."""

OPTIONS = {"case": "--case", "activity": "--activity", "time": "--time", "segment": "--by"}

TIME_FORMATS = ("%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%y", "%Y-%m-%d",
                "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d/%m/%Y %H:%M")
"""Date formats tried on the first values of a text time column; ISO 8601 with ``T``,
fractions or an offset is read by DuckDB itself."""
TIME_SAMPLE = 50

SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".parquet": "parquet",
            ".pq": "parquet", ".xes": "xes", ".gz": "xes"}
SNIFF_BYTES = 64 * 1024
PACKED_RATIO = 50
"""An event log packs about 10:1 (gzip, Parquet). A log is read in time and memory in
proportion to its size (1 M households, 10 M events: seconds), but a packed file that would
unpack to more than this many times its size is a compression bomb: a 1 MB .xes.gz of
gigabytes, a 10 kB Parquet file of billions of rows."""
FREE_UNPACKED = 64 * 2**20
"""Bytes any .xes.gz may unpack to, whatever its size."""
FREE_ROWS = 2_000_000
"""Rows any Parquet file may hold, whatever its size; beyond, one row per
``PACKED_RATIO`` bytes (a real log takes more than ten bytes a row)."""
MAX_XES_DEPTH = 50
"""How deep XES elements may nest (a log needs four levels: log, trace, event, attribute)."""
XES_SNIFF_EVENTS = 10_000
"""XES has no header: the attribute keys of this many first events are the "columns"."""


@dataclass(frozen=True)
class Columns:
    """Which column of the log holds what; ``None`` where the log has no such column."""

    case: str | None = None
    activity: str | None = None
    time: str | None = None
    segment: str | None = None
    barriers: str | None = None
    note: str | None = None


@dataclass
class LoadedLog:
    """The ``events`` table in ``con`` and how it was read."""

    con: duckdb.DuckDBPyConnection
    path: str
    kind: str
    columns: Columns
    time_format: str | None = None


def connect(memory_limit: str = "3GB") -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to a temporary folder instead of exceeding the limit."""
    con = duckdb.connect(config={"memory_limit": memory_limit})
    for statement in sql.statements(sql.SETTINGS):
        con.execute(statement)
    return con


def kind_of(path: Path) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None or (path.suffix.lower() == ".gz" and not path.name.lower().endswith(".xes.gz")):
        raise JourneyFileError(f"unknown log type '{path.suffix or '(none)'}'", file=str(path),
                               hint="give an event log as .csv, .parquet, .xes or .xes.gz")
    return kind


def choose_columns(available: list[str], given: Columns, file: str) -> Columns:
    """The columns to read: the given ones (which must exist), else the common names."""
    by_lower = {name.lower(): name for name in available}

    def pick(role: str, wanted: str | None, required: bool) -> str | None:
        if wanted is not None:
            found = next((n for n in (wanted, f"case:{wanted}") if n in available), None)
            found = found or by_lower.get(wanted.lower())
            if found is None:
                raise JourneyFileError(
                    f"the log has no column '{wanted}'", file=file,
                    hint=f"columns are: {', '.join(available)}; name one with {OPTIONS[role]}")
            return found
        found = next((by_lower[c] for c in CANDIDATES.get(role, ()) if c in by_lower), None)
        if found is None and required:
            raise JourneyFileError(
                f"no {role} column found", file=file,
                hint=f"columns are: {', '.join(available)}; name it with {OPTIONS[role]} COL")
        return found

    return Columns(case=pick("case", given.case, True),
                   activity=pick("activity", given.activity, True),
                   time=pick("time", given.time, False),
                   segment=pick("segment", given.segment, False) if given.segment else None,
                   barriers=pick("barriers", given.barriers, False),
                   note=pick("note", given.note, False))


def _reads(value: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def sniff_time_format(values: list[str]) -> str | None:
    """The format in ``TIME_FORMATS`` that reads most sample values (a stray value in
    another format is then an error naming it); ``None`` leaves them to DuckDB's ISO 8601
    reader."""
    values = [v.strip() for v in values if v and v.strip()]
    scores = [(sum(_reads(v, fmt) for v in values), -i, fmt)
              for i, fmt in enumerate(TIME_FORMATS)]
    best, _, fmt = max(scores)
    return fmt if best else None


def _csv_header(path: Path) -> tuple[list[str], str]:
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise JourneyFileError(f"cannot read the log: {error.strerror}", file=str(path)) from None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sniffing limit
            raise JourneyFileError(
                "the log is not UTF-8 text", file=str(path),
                hint="save it as UTF-8 (Excel: 'CSV UTF-8 (durch Trennzeichen getrennt)')"
            ) from None
        text = head[:error.start].decode("utf-8-sig")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise JourneyFileError("the log is empty or has no header line", file=str(path),
                               hint="the first line names the columns: case_id,activity,timestamp")
    first = lines[0]
    delimiter = max(",;\t|", key=first.count)
    header = next(csv.reader([first], delimiter=delimiter))
    return [name.strip() for name in header], delimiter


def _sample(con: duckdb.DuckDBPyConnection, source: str, column: str) -> list[str]:
    rows = con.execute(f"SELECT CAST({sql.quote(column)} AS VARCHAR) FROM {source} "
                       f"WHERE {sql.quote(column)} IS NOT NULL LIMIT {TIME_SAMPLE}").fetchall()
    return [row[0] for row in rows]


def _load(con: duckdb.DuckDBPyConnection, source: str, columns: Columns, typed_time: bool,
          salt: str, file: str) -> str | None:
    fmt = None
    if columns.time and not typed_time:
        fmt = sniff_time_format(_sample(con, source, columns.time))
    time_sql = sql.time_expression(columns.time, fmt, typed_time) if columns.time else None
    extra = {"segment": columns.segment, "barriers": columns.barriers, "note": columns.note}
    try:
        con.execute(sql.load_events(source, columns.case, columns.activity, time_sql, extra),
                    {"salt": salt})
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        if columns.time and time_sql and "time" not in message.lower() and \
                "format" not in message.lower():
            columns = dataclasses.replace(columns, time=None)  # not a date problem
        raise JourneyFileError(
            f"cannot read the log: {message}", file=file,
            hint=f"dates in column '{columns.time}' are read as "
                 f"{fmt or 'ISO 8601 (2025-03-01 or 2025-03-01T10:00:00)'}; every row must "
                 "use the same format" if columns.time else None) from None
    return fmt


def _bomb(path: Path, what: str) -> JourneyFileError:
    return JourneyFileError(f"{what}: this looks like a compression bomb, not an event log",
                            file=str(path), hint="export the log again, unpacked (.csv)")


def _check_file(path: Path) -> None:
    """A regular file: a pipe would wait for a writer for ever and ``/dev/zero`` never ends."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise JourneyFileError("no such log file", file=str(path),
                               hint="give the path of a .csv, .parquet or .xes file") from None
    except OSError as error:
        raise JourneyFileError(f"cannot read the log: {error.strerror or error}",
                               file=str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise JourneyFileError("this is a folder, not a log file", file=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise JourneyFileError("this is not a regular file (a device, pipe or socket)",
                               file=str(path), hint="give a .csv, .parquet or .xes file")


def read_log(path: str | Path, given: Columns, salt: str,
             con: duckdb.DuckDBPyConnection | None = None) -> LoadedLog:
    """Read the log at ``path`` into ``events`` (see ``journeys.evidence.sql``)."""
    path = Path(path)
    _check_file(path)
    kind = kind_of(path)
    con = con or connect()
    if kind == "xes":
        return _read_xes(path, given, salt, con)
    if kind == "csv":
        available, delimiter = _csv_header(path)
        source = sql.csv_source(str(path), delimiter)
        types: dict[str, str] = {}
    else:
        source = sql.parquet_source(str(path))
        try:
            types = {row[0]: row[1] for row in con.execute(sql.describe(source)).fetchall()}
            rows = con.execute(sql.parquet_rows(str(path))).fetchone()[0]
        except duckdb.Error as error:
            raise JourneyFileError(f"cannot read the Parquet file: {str(error).splitlines()[0]}",
                                   file=str(path)) from None
        if rows > max(FREE_ROWS, path.stat().st_size // PACKED_RATIO):
            raise _bomb(path, f"{rows:,} rows in {path.stat().st_size:,} bytes")
        available = list(types)
    columns = choose_columns(available, given, str(path))
    typed = columns.time is not None and types.get(columns.time, "VARCHAR").startswith(
        ("TIMESTAMP", "DATE"))
    fmt = _load(con, source, columns, typed, salt, str(path))
    return LoadedLog(con, str(path), kind, columns, fmt)


# -- XES ---------------------------------------------------------------------------------------
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


XES_CHUNK = 8 * 2**20
"""How much of an XES file the XML parser gets at once. expat re-reads a token that spans
chunks from its start, so one 64 MB attribute in the parser's 16 kB chunks takes minutes
(8 MB: 8 s; in 8 MB chunks: under a second)."""


class _Bounded:
    """An XES file for the parser: in large chunks, and a packed one refused once it unpacks
    to more than ``PACKED_RATIO`` times its size (and ``FREE_UNPACKED``)."""

    def __init__(self, stream: IO[bytes], path: Path, limit: int | None) -> None:
        self.stream, self.path, self.limit, self.read_so_far = stream, path, limit, 0

    def read(self, _size: int = -1) -> bytes:
        data = self.stream.read(XES_CHUNK)
        self.read_so_far += len(data)
        if self.limit is not None and self.read_so_far > self.limit:
            raise _bomb(self.path, f"{self.path.stat().st_size:,} bytes unpack to more than "
                                   f"{self.limit:,}")
        return data


@contextlib.contextmanager
def _open(path: Path) -> Iterator[_Bounded]:
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            yield _Bounded(stream, path, max(FREE_UNPACKED, PACKED_RATIO * path.stat().st_size))
    else:
        with path.open("rb") as stream:
            yield _Bounded(stream, path, None)


def xes_events(handle: IO[bytes] | _Bounded) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """``(trace attributes, event attributes)`` per event, streamed: each element is cleared
    when it has been read, so memory does not grow with the file."""
    stack: list[str] = []
    trace: dict[str, str] = {}
    event: dict[str, str] = {}
    root = None
    for kind, element in ET.iterparse(handle, events=("start", "end")):
        tag = _local(element.tag)
        if kind == "start":
            root = element if root is None else root
            stack.append(tag)
            if len(stack) > MAX_XES_DEPTH:
                raise ET.ParseError(f"elements are nested more than {MAX_XES_DEPTH} levels deep")
            if tag == "trace":
                trace = {}
            elif tag == "event":
                event = {}
            continue
        stack.pop()
        parent = stack[-1] if stack else None
        key = element.get("key")
        if tag == "event":
            yield trace, event
            element.clear()
        elif tag == "trace":
            element.clear()
            if root is not None:
                root.clear()
        elif key is not None and parent == "event":
            event[key] = element.get("value", "")
        elif key is not None and parent == "trace":
            trace[key] = element.get("value", "")


def _flat(trace: dict[str, str], event: dict[str, str]) -> dict[str, str]:
    return {**{f"case:{k}": v for k, v in trace.items()}, **event}


def _read_xes(path: Path, given: Columns, salt: str, con: duckdb.DuckDBPyConnection) -> LoadedLog:
    file = str(path)
    available: dict[str, None] = {}  # the keys of the first events, in order
    try:
        with _open(path) as handle:
            for trace, event in itertools.islice(xes_events(handle), XES_SNIFF_EVENTS):
                available.update(dict.fromkeys(_flat(trace, event)))
    except (ET.ParseError, OSError, EOFError) as error:
        raise JourneyFileError(f"cannot read the XES file: {error}", file=file,
                               hint="give an XES (IEEE 1849) event log") from None
    if not available:
        raise JourneyFileError("the XES file holds no events", file=file)
    columns = choose_columns(list(available), given, file)
    wanted = [c for c in (columns.case, columns.activity, columns.time, columns.segment,
                          columns.barriers, columns.note) if c]
    with tempfile.TemporaryDirectory(prefix="journeys-xes-") as folder:
        flat = Path(folder) / "events.csv"
        try:
            with _open(path) as handle, flat.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(wanted)
                for trace, event in xes_events(handle):
                    row = _flat(trace, event)
                    writer.writerow([row.get(c, "") for c in wanted])
        except (ET.ParseError, OSError, EOFError) as error:
            raise JourneyFileError(f"cannot read the XES file: {error}", file=file,
                                   hint="give an XES (IEEE 1849) event log") from None
        fmt = _load(con, sql.csv_source(str(flat), ","), columns, False, salt, file)
    return LoadedLog(con, file, "xes", columns, fmt)


def check_loaded(log: LoadedLog) -> None:
    """A log without a single event is an error, not an empty report."""
    if log.con.execute("SELECT count(*) FROM events").fetchone()[0] == 0:
        raise JourneyError("the log holds no events", file=log.path,
                           hint="each row needs a case id and an activity")
