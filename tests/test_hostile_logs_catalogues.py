"""Hostile event logs for ``journeys evidence`` (special files, an XML entity bomb, deep
nesting, a gzip bomb, a Parquet file of millions of identical rows) and oversized catalogues
for ``journeys offers`` are each refused in one line naming the file, within the hostile
suite's 5 s of CPU. (A large real log is read, in time proportional to its size: 10 M events
are a benchmark, benchmarks/bench_evidence.py.)

DuckDB reserves about 700 MB of address space when it connects (and never touches most of
it), so memory is measured as peak resident memory (``ru_maxrss``) instead of
``RLIMIT_AS``: under 500 MB like every other hostile input (docs/limits.md).
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

from journeys.catalogue import MAX_ENTRIES, CatalogueInvalid, parse_catalogue
from journeys.evidence.logs import FREE_ROWS, FREE_UNPACKED
from journeys.survey import catalogue_from_csv
from tests.test_hostile import CPU_SECONDS, MEMORY, ROOT, assert_refused

JOURNEY = ROOT / "sample_journeys" / "sportverein-everswinkel.yaml"
EVENT = '<event><string key="concept:name" value="{value}"/></event>'


MEASURED = f"""
import os, resource, sys
child = os.fork()
if child == 0:
    resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(child, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss * 1024))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)  # killed by a signal: as a shell says
"""
"""Run a command under the CPU limit and write its peak resident memory, from a small fresh
interpreter: a child forked straight from pytest would count pytest's memory in its peak
(``ru_maxrss`` keeps the peak of the forked copy across ``exec``)."""


def limited(*args: str | Path) -> tuple[subprocess.CompletedProcess, int]:
    """``journeys ARGS`` under the CPU limit, and its peak resident memory in bytes."""
    with tempfile.TemporaryDirectory() as folder:
        peak = Path(folder) / "peak"
        result = subprocess.run(
            [sys.executable, "-c", MEASURED, peak, "-m", "journeys", *map(str, args)],
            capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        return result, int(peak.read_text())


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-logs")
    files = {name: folder / name for name in (
        "fifo.csv", "dev-zero.csv", "folder.csv", "laughs.xes", "deep.xes", "bomb.xes.gz",
        "rows.parquet")}
    os.mkfifo(files["fifo.csv"])
    files["dev-zero.csv"].symlink_to("/dev/zero")
    files["folder.csv"].mkdir()
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    files["laughs.xes"].write_text(
        f'<?xml version="1.0"?><!DOCTYPE log [<!ENTITY e0 "lol">{entities}]>'
        f"<log><trace>{EVENT.format(value='&e9;')}</trace></log>", encoding="utf-8")
    files["deep.xes"].write_text("<log>" + "<x>" * 100_000 + "</x>" * 100_000 + "</log>",
                                 encoding="utf-8")
    with gzip.open(files["bomb.xes.gz"], "wb", compresslevel=9) as bomb:  # 100 kB → 100 MB
        bomb.write(b'<log><trace><event><string key="concept:name" value="')
        for _ in range(100):
            bomb.write(b"a" * 2**20)
        bomb.write(b'"/></event></trace></log>')
    duckdb.sql(f"COPY (SELECT 'c' || (i % 7) AS case_id, 'apply' AS activity FROM "
               f"range({FREE_ROWS + 1}) t(i)) TO '{files['rows.parquet']}' "
               "(FORMAT parquet)")
    return files


@pytest.mark.parametrize("name, message", [
    ("fifo.csv", "this is not a regular file (a device, pipe or socket)"),
    ("dev-zero.csv", "this is not a regular file (a device, pipe or socket)"),
    ("folder.csv", "this is a folder, not a log file"),
    ("laughs.xes", "cannot read the XES file: limit on input amplification factor"),
    ("deep.xes", "cannot read the XES file: elements are nested more than 50 levels deep"),
    ("bomb.xes.gz", "bytes unpack to more than {FREE_UNPACKED:,}: this looks like a "
                    "compression bomb, not an event log"),
    ("rows.parquet", f"{FREE_ROWS + 1:,} rows in "),
])
def test_a_hostile_log_is_refused(logs: dict[str, Path], name: str, message: str) -> None:
    result, peak = limited("evidence", logs[name], "--journey", JOURNEY)
    assert_refused(result, logs[name])
    assert message.format(FREE_UNPACKED=FREE_UNPACKED) in result.stderr.splitlines()[0], \
        result.stderr
    assert result.stderr.startswith(f"{logs[name]}: "), result.stderr
    assert peak < MEMORY, f"{peak / 2**20:.0f} MB"


# -- catalogues ------------------------------------------------------------------------------

def _offers(count: int) -> list[dict]:
    return [{"id": f"o{i}", "name": f"Offer {i}", "level": 3} for i in range(count)]


def test_a_table_of_300000_offers_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "offers.csv"
    table.write_text("name;level\n" + "".join(f"Offer {i};3\n" for i in range(300_000)),
                     encoding="utf-8")
    result, peak = limited("offers", "import", table)
    assert_refused(result, table)
    assert result.stderr == (f"{table}: entries: 300,000 offers; a catalogue holds at most "
                             f"{MAX_ENTRIES:,} — keep one catalogue per municipality or "
                             "district\n")
    assert peak < MEMORY, f"{peak / 2**20:.0f} MB"


def test_a_catalogue_holds_at_most_5000_offers() -> None:
    assert len(parse_catalogue({"schema": "catalogue/1", "entries": _offers(MAX_ENTRIES)}
                               ).entries) == MAX_ENTRIES
    with pytest.raises(CatalogueInvalid, match="5,001 offers; a catalogue holds at most 5,000"):
        parse_catalogue({"schema": "catalogue/1", "entries": _offers(MAX_ENTRIES + 1)})
    rows = "name,level\n" + "".join(f"Offer {i},3\n" for i in range(MAX_ENTRIES + 1))
    with pytest.raises(CatalogueInvalid, match="5,001 offers"):
        catalogue_from_csv(rows.encode())
    assert len(catalogue_from_csv(rows.rsplit("Offer", 1)[0].encode()).entries) == MAX_ENTRIES


@pytest.fixture(scope="module")
def bad_catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-catalogues")
    files = {name: folder / name for name in ("fifo.yaml", "dev-zero.yaml", "bomb.yaml",
                                              "deep.yaml", "fifo.csv")}
    os.mkfifo(files["fifo.yaml"])
    os.mkfifo(files["fifo.csv"])
    files["dev-zero.yaml"].symlink_to("/dev/zero")
    files["bomb.yaml"].write_text(
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n"
                  for p, c in zip("abcdefgh", "bcdefghi", strict=True)), encoding="utf-8")
    files["deep.yaml"].write_text("entries: " + "[" * 100_000 + "]" * 100_000 + "\n",
                                  encoding="utf-8")
    return files


SAMPLES = ROOT / "sample_journeys"
CATALOGUE_COMMANDS = {
    "hotspots": lambda c: ["hotspots", SAMPLES, "--catalogue", c],
    "network": lambda c: ["network", SAMPLES, "--catalogue", c],
    "offers-survey": lambda c: ["offers", "survey", SAMPLES, "--catalogue", c],
    "offers-apply-mapping": lambda c: ["offers", "apply-mapping", c, SAMPLES],
}


@pytest.mark.parametrize("command", CATALOGUE_COMMANDS)
@pytest.mark.parametrize("name", ["fifo.yaml", "dev-zero.yaml", "bomb.yaml", "deep.yaml"])
def test_a_hostile_catalogue_or_mapping_is_refused(bad_catalogues: dict[str, Path], name: str,
                                                    command: str) -> None:
    result, peak = limited(*CATALOGUE_COMMANDS[command](bad_catalogues[name]))
    assert_refused(result, bad_catalogues[name])
    assert peak < MEMORY, f"{peak / 2**20:.0f} MB"


def test_a_pipe_as_an_offers_table_is_refused(bad_catalogues: dict[str, Path]) -> None:
    result, _ = limited("offers", "import", bad_catalogues["fifo.csv"])
    assert_refused(result, bad_catalogues["fifo.csv"])
    assert "this is not a regular file (a device, pipe or socket)" in result.stderr
