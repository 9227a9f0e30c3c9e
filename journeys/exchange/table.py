"""CSV tables that Excel opens correctly and that read back into exactly what was written.

Writing: UTF-8 with a byte order mark (without it Excel reads umlauts as Latin-1), Excel-style
quoting (cells with the separator, quotes or line breaks are quoted, quotes doubled), CRLF line
ends, and with ``;`` as separator a decimal comma (German Excel reads ``2.4`` as 2 April).
Cells that Excel would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) get a leading ``'``,
which reading takes off again.

Reading: every problem is a ``JourneyError`` naming the file, the line and the column: not
UTF-8, empty, a missing or unknown column, a cell that is not a number or date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from journeys.formats import MAX_BYTES
from models import JourneyFileError, JourneyInvalid, Problem
from models.errors import MAX_LINES, quote
from models.rules import did_you_mean

BOM = "\ufeff"
SEPARATORS = {",": ",", ";": ";", "tab": "\t"}
"""Separators a table may be written with (``--sep``); reading recognises each of them."""

Cell = str | int | float | dt.date | None

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def text_cell(value: str) -> str:
    """``=SUM(A1)`` → ``'=SUM(A1)`` so Excel shows it instead of running it (every CSV the
    project writes passes its text cells through here)."""
    return "'" + value if _FORMULA.match(value) else value


def _number_cell(value: float, decimal: str) -> str:
    text = str(value) if isinstance(value, int) else repr(float(value))
    return text.replace(".", decimal)


def format_cell(value: Cell, decimal: str = ".") -> str:
    """One cell as text.

    >>> [format_cell(v, ",") for v in (None, 3, 0.6, "-1 Tag", dt.date(2022, 3, 10))]
    ['', '3', '0,6', "'-1 Tag", '2022-03-10']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("tables hold no booleans")
    if isinstance(value, (int, float)):
        return _number_cell(value, decimal)
    if isinstance(value, dt.date):
        return value.isoformat()
    return text_cell(value)


def write_table(columns: Sequence[str], rows: Iterable[Sequence[Cell]], *,
                sep: str = ",") -> str:
    """The table as CSV text, byte order mark first; ``;`` brings the decimal comma."""
    decimal = "," if sep == ";" else "."
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([format_cell(value, decimal) for value in row] for row in rows)
    return BOM + buffer.getvalue()


# -- reading --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One row of a table: the line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]


@dataclass
class Table:
    """A read table; ``problems`` collects what its rows' readers found wrong."""

    name: str
    columns: list[str]
    rows: list[Row]
    problems: list[Problem] = field(default_factory=list)

    def cells(self, row: Row) -> Cells:
        return Cells(row, self.problems)

    def check(self) -> None:
        """Raise every problem found so far, all at once, naming this table's file."""
        if self.problems:
            raise JourneyInvalid(self.problems, file=self.name)


EXCEL_HINT = ("in Excel, save with 'CSV UTF-8 (comma delimited)' / 'CSV UTF-8 (durch "
              "Trennzeichen getrennt)'; plain 'CSV' is Windows-1252")


def decode(data: bytes, name: str, *, what: str = "CSV table", hint: str = EXCEL_HINT) -> str:
    """``data`` as text; too large, empty, binary or not UTF-8 is a located error."""
    if len(data) > MAX_BYTES:
        raise JourneyFileError(f"the file is too large ({len(data) / 1e6:.1f} MB; the limit is "
                               f"{MAX_BYTES / 1e6:.0f} MB)", file=name)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise JourneyFileError("the file is empty", file=name, hint="see docs/export.md")
    if data.startswith(b"PK\x03\x04"):
        raise JourneyFileError(f"this is an Excel workbook (or another ZIP file), not a {what}",
                               file=name, hint=hint)
    if b"\x00" in data.split(b"\n", 1)[0]:  # a header line holds no NUL; UTF-16 text does
        raise JourneyFileError(f"this is a binary file (or UTF-16 text), not a {what}",
                               file=name, hint=hint)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise JourneyFileError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x})", file=name, location=f"line {line}",
            hint=hint) from None


def _separator(header: str) -> str:
    """The separator the header line uses most (``,`` when it holds none)."""
    counts = {sep: header.count(sep) for sep in SEPARATORS.values()}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell[1:]) else cell


def read_table(data: bytes, name: str, *, required: Sequence[str],
               known: Sequence[str], repeated: str | None = None) -> Table:
    """Parse a CSV table and check its header against the columns this table may have.

    ``repeated`` is a regular expression for columns that may repeat with a number
    (``mitigation_(\\d+)_(idea|owner|status)``).
    """
    text = decode(data, name)
    sep = _separator(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
        records: list[tuple[int, list[str]]] = []
        line = reader.line_num + 1
        for record in reader:
            records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as error:
        raise JourneyFileError(f"not a valid CSV table: {error}", file=name,
                               location=f"line {reader.line_num}",
                               hint="check the quotes: a quoted cell ends with a quote") from None
    _check_header(header, name, required, known, repeated)
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, record in records:
        if not "".join(record).strip():
            continue  # blank rows that spreadsheets leave at the end
        if len(record) > len(header):
            problems.append(Problem(
                f"line {line}", f"{len(record)} cells, but the header names {len(header)} "
                "columns", "put cells that contain the separator in quotes"))
            continue
        record = record + [""] * (len(header) - len(record))
        joined = "\x00".join(record)  # a cell that starts with ' may be an escaped formula
        rows.append(Row(line, {column: _unescape(cell) for column, cell in zip(
            header, record, strict=True)} if joined.startswith("'") or "\x00'" in joined
            else dict(zip(header, record, strict=True))))
    if problems:
        raise JourneyInvalid(problems, file=name)
    return Table(name, header, rows)


def _check_header(header: list[str], name: str, required: Sequence[str],
                  known: Sequence[str], repeated: str | None) -> None:
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise JourneyFileError(f"column '{quote(column)}' appears twice", file=name,
                                   location="line 1", hint="each column may appear once")
        seen.add(column)
        if column not in known and not (repeated and re.fullmatch(repeated, column)):
            hint = did_you_mean(column[:200], known) or (
                "free-form data goes into the `extra` column as JSON, e.g. "
                '{"note": "…"}' if "extra" in known else f"the columns are: {', '.join(known)}")
            raise JourneyFileError(f"unknown column '{quote(column)}'", file=name,
                                   location="line 1", hint=hint)
    for column in required:
        if column not in seen:
            raise JourneyFileError(f"missing column '{column}'", file=name, location="line 1",
                                   hint=f"this table needs the columns {', '.join(required)} "
                                        "(see docs/export.md)")


class Cells:
    """Typed reading of one row's cells; a bad cell adds a located problem and reads as None."""

    def __init__(self, row: Row, problems: list[Problem]) -> None:
        self.row = row
        self._cells = row.cells
        self.bad: set[str] = set()
        self._problems = problems

    @property
    def crowded(self) -> bool:
        """Enough problems to fill a message (``MAX_LINES``): hints that cost time to find
        may be left out for the next ones, which are only counted."""
        return len(self._problems) >= MAX_LINES

    def problem(self, column: str, message: str, hint: str | None = None) -> None:
        self.bad.add(column)
        self._problems.append(Problem(f"line {self.row.line}, {column}", message, hint))

    def text(self, column: str) -> str | None:
        """The cell as written; an empty cell is None (not set)."""
        return self._cells.get(column) or None

    def word(self, column: str) -> str | None:
        """An id or a choice (``forms``, ``planned``): spaces around it do not count."""
        return (self._cells.get(column) or "").strip() or None

    def number(self, column: str, *, whole: bool = False) -> int | float | None:
        """``3`` → 3, ``0,6`` or ``0.6`` → 0.6 (``3.0`` stays a float unless ``whole``)."""
        value = self.word(column)
        if value is None:
            return None
        value = value.replace(",", ".")
        try:
            if re.fullmatch(r"[+-]?\d+", value):
                return int(value)
            number = float(value)
        except ValueError:
            number = None
        if number is None or number != number or number in (float("inf"), float("-inf")):
            kind = "a whole number" if whole else "a number"
            self.problem(column, f"must be {kind}, got '{quote(self.text(column))}'")
            return None
        if whole:
            if not number.is_integer():
                self.problem(column, f"must be a whole number, got '{quote(self.text(column))}'")
                return None
            return int(number)
        return number

    def whole(self, column: str) -> int | None:
        value = self.number(column, whole=True)
        return None if value is None else int(value)

    def date(self, column: str) -> dt.date | None:
        """``2022-03-10`` or, as German Excel saves it, ``10.03.2022``."""
        value = self.word(column)
        if value is None:
            return None
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        self.problem(column, f"must be a date like 2022-03-10, got '{quote(value)}'")
        return None

    def mapping(self, column: str) -> dict[str, Any] | None:
        """A JSON object (the ``extra`` column)."""
        value = self.word(column)
        if value is None:
            return None
        try:
            data = json.loads(value)
        except json.JSONDecodeError as error:
            self.problem(column, f"not valid JSON: {error.msg}",
                         'write free-form data as a JSON object, e.g. {"note": "…"}')
            return None
        except RecursionError:
            self.problem(column, "the JSON is nested too deeply",
                         "free-form data needs only a few levels of nesting")
            return None
        except ValueError as error:  # a number with more digits than Python converts
            self.problem(column, f"not valid JSON: {str(error).split(';')[0]}")
            return None
        if not isinstance(data, dict):
            self.problem(column, "must be a JSON object ({…})")
            return None
        return data


def extra_cell(extra: dict[str, Any] | None) -> str | None:
    """Free-form ``extra`` data as one JSON cell (umlauts kept, dates as text)."""
    return json.dumps(extra, ensure_ascii=False, default=str) if extra else None
