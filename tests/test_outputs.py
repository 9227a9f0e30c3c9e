"""Where outputs go: only regular files are written (never a device, pipe, socket or folder,
also as root), new files follow the umask, a csv-tables folder is written whole, and a full,
closed or vanished standard output ends with one line, never a traceback."""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from journeys import formats
from journeys.cli import main
from journeys.formats import write_all_atomic, write_atomic
from models import JourneyFileError
from tests.conftest import ROOT, SAMPLE_DIR

SAMPLE = SAMPLE_DIR / "sportverein-everswinkel.yaml"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SAMPLE, tmp_path / "journey.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(command: str) -> int:
    return main(shlex.split(command))


def _device(path: Path) -> Path:
    """A character device node like /dev/null at ``path`` (needs root's CAP_MKNOD)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def _special(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(str(path))
    elif kind == "device":
        _device(path)
    elif kind == "link-to-device":
        path.symlink_to(_device(folder / "null"))
    return path


@pytest.mark.parametrize("kind", ["fifo", "socket", "device", "link-to-device"])
def test_export_never_replaces_a_special_file(workdir: Path, capsys, kind: str) -> None:
    path = _special(kind, workdir)
    before = os.lstat(path)
    assert run(f"export journey.yaml --format csv -o {path.name} --force") == 1
    assert capsys.readouterr().err == (
        f"{path.name}: this is a device, pipe or socket, not a file — write to a regular file "
        "or a new path; nothing was written\n")
    after = os.lstat(path)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".")) == []


def test_write_atomic_refuses_a_device_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(JourneyFileError, match="device, pipe or socket"):
        write_atomic(_special("fifo", tmp_path), "x")
    with pytest.raises(JourneyFileError, match="this is a folder"):
        write_atomic(tmp_path, "x")


def test_a_symbolic_link_to_a_file_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to("real.txt")
    write_atomic(tmp_path / "link.txt", "new")
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text() == "new"


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_new_files_follow_the_umask(workdir: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        assert run("export journey.yaml --format csv -o register.csv") == 0
        assert run("export journey.yaml --format csv-tables -o tables") == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((workdir / "register.csv").stat().st_mode) == mode
    for name in ("steps.csv", "transitions.csv", "barriers.csv"):
        assert stat.S_IMODE((workdir / "tables" / name).stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "kept.txt"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert (stat.S_IMODE(path.stat().st_mode), path.read_text()) == (0o640, "new")


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, number: int) -> None:
    """Make ``os.<name>`` as used by journeys.formats fail on its ``number``-th call."""
    real = getattr(os, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == number:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(formats.os, name, failing)


@pytest.mark.parametrize(("name", "number"), [("replace", 2), ("replace", 3), ("fsync", 3)])
def test_a_failed_csv_tables_export_leaves_the_old_tables(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys, name: str, number: int) -> None:
    assert run("export journey.yaml --format csv-tables -o tables") == 0
    old = {p.name: p.read_bytes() for p in (workdir / "tables").iterdir()}
    assert run("export journey.yaml --format csv-tables --lang en --sep ';' -o tables --force"
               ) == 0
    new = {p.name: p.read_bytes() for p in (workdir / "tables").iterdir()}
    assert run("export journey.yaml --format csv-tables -o tables --force") == 0
    assert all(new[table] != old[table] for table in old)
    capsys.readouterr()
    _fail_on_call(monkeypatch, name, number)
    assert run("export journey.yaml --format csv-tables --lang en --sep ';' -o tables --force"
               ) == 1
    assert "cannot write the file: No space left on device" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (workdir / "tables").iterdir()} == old


def test_a_failed_new_csv_tables_export_leaves_no_folder(
        workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_on_call(monkeypatch, "replace", 2)
    assert run("export journey.yaml --format csv-tables -o tables") == 1
    assert sorted(p.name for p in workdir.iterdir()) == ["journey.yaml"]


def test_write_all_atomic_writes_every_file(tmp_path: Path) -> None:
    write_all_atomic({tmp_path / "a.txt": "a", tmp_path / "b.bin": b"b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


# -- standard output: full, closed, a pipe closed early --------------------------------------
COMMANDS = [
    f"validate {SAMPLE}",
    f"show {SAMPLE}",
    f"analyze {SAMPLE} --format json",
    f"hotspots {SAMPLE_DIR}",
    f"compare {SAMPLE} {SAMPLE_DIR / 'sportverein-ennigerloh.yaml'}",
    f"export {SAMPLE} --format graphml",
    f"convert {SAMPLE} {SAMPLE_DIR / 'x.json'} --help",
]


def _journeys(command: str, **streams) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "journeys", *shlex.split(command)], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True,
        timeout=60, **streams)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_stdout_is_one_line_and_exit_1(command: str) -> None:
    with open("/dev/full", "w") as full:
        done = _journeys(command, stdout=full)
    assert (done.returncode, done.stderr) == (
        1, "journeys: cannot write to standard output: No space left on device\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_closed_stdout_is_one_line_and_exit_1(command: str) -> None:
    done = subprocess.run(
        ["/bin/sh", "-c", f'exec "$0" -m journeys {command} >&-', sys.executable], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True,
        timeout=60)
    assert (done.returncode, done.stderr) == (
        1, "journeys: cannot write to standard output: it is closed\n")


def test_a_closed_stdout_does_not_stop_writing_files(tmp_path: Path) -> None:
    out = tmp_path / "register.csv"
    done = subprocess.run(
        ["/bin/sh", "-c", f'exec "$0" -m journeys export {SAMPLE} -o {out} >&-', sys.executable],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE,
        text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, f"{SAMPLE} → {out} (csv)\n")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfref,")


@pytest.mark.parametrize("command", [f"hotspots {SAMPLE_DIR} --format json",
                                     f"export {SAMPLE} --format yaml"])
def test_a_pipe_closed_early_is_silent(command: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "journeys", *shlex.split(command)], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    assert process.stdout.read(10)
    process.stdout.close()  # like `| head -c 10`
    assert process.wait(60) in (0, -13)  # 0, or killed by SIGPIPE like other tools
    assert process.stderr.read() == b""
