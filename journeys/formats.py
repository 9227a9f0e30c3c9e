"""Reading and writing journey files (YAML and JSON) safely and atomically.

Safe loading only: no Python tags, no YAML aliases (they make "billion laughs" bombs), no
duplicate keys, no NaN, a size limit checked before parsing. Saving writes what the user set,
in the user's list order, without injecting defaults, and keeps umlauts and emoji; a file that
is loaded and saved again is the same journey, and saving it twice gives the same bytes.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pydantic_core
import yaml

from journeys import yaml_writer
from journeys.parse_cache import cached_parse
from journeys.yaml_events import load_plain
from models import Journey, JourneyFileError, JourneyInvalid, parse_journey
from models.catalogue_file import CATALOGUE_FILE, Catalogue
from models.errors import quote

MAX_BYTES = 10 * 1024 * 1024
"""Largest journey file read; real maps are a few kB, so anything larger is refused unread."""

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def journey_paths(folder: str | Path) -> list[Path]:
    """The journey files directly inside ``folder``, sorted (the folder's catalogue file,
    ``catalogue.yaml``, is not a journey)."""
    return sorted(p for p in Path(folder).iterdir()
                  if p.suffix.lower() in FORMATS and p.name != CATALOGUE_FILE)


def format_of(path: str | Path) -> str:
    """``"yaml"`` or ``"json"`` from the file extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise JourneyFileError(f"unknown file type '{suffix or '(none)'}'", file=str(path),
                               hint="name journey files *.yaml, *.yml or *.json")
    return FORMATS[suffix]


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_TAG_WORDS = {"int": "a number", "float": "a number", "timestamp": "a date",
              "bool": "true or false"}


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses aliases and duplicate keys instead of guessing."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise JourneyFileError(
                "a YAML alias (*name) repeats the value that starts here; aliases are not "
                "allowed in journey files",
                location=f"line {node.start_mark.line + 1}", hint="write the value out in full")
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, LookupError, ArithmeticError):
            # a scalar its tag cannot read: `2022-13-45`, `!!float abc`, a 5000-digit number
            kind = node.tag.rsplit(":", 1)[-1]
            raise JourneyFileError(
                f"cannot read {str(node.value)[:40]!r} as {_TAG_WORDS.get(kind, kind)}",
                location=f"line {node.start_mark.line + 1}",
                hint="put the value in quotes if it is meant as text; write dates as 2022-03-10"
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        if not isinstance(node, yaml.MappingNode):  # `!!map abc`: PyYAML says what is wrong
            return super().construct_mapping(node, deep=deep)
        keys: set = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise JourneyFileError("a key must be plain text, not a list or a mapping",
                                       location=f"line {key_node.start_mark.line + 1}",
                                       hint="write keys as `name: value`")
            key = key_node.value
            if key in keys:
                raise JourneyFileError(f"duplicate key '{key}'",
                                       location=f"line {key_node.start_mark.line + 1}",
                                       hint="each key may appear once in a mapping")
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_yaml_map)


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, with where the unfinished part began when that is another line."""
    problem, context, start = error.problem, error.context, error.context_mark
    if not (problem and context):
        return problem or context or str(error)
    if not context.startswith("while"):  # "expected a single document …, but found another"
        return f"{context}, {problem}"
    if start and error.problem_mark and start.line != error.problem_mark.line:
        return f"{problem} ({context} that starts on line {start.line + 1})"
    return problem


def _parse_yaml(text: str) -> Any:
    """The data of a YAML text: the lean loader for plain data (``journeys.yaml_events``: the
    same values, twice as fast), the strict loader for anything else and for every error."""
    try:
        return load_plain(text)
    except Exception:  # anything unusual, every error: judged by the strict loader
        return _parse_yaml_strictly(text)


def _parse_yaml_strictly(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.constructor.ConstructorError as error:
        if not (error.problem or "").startswith("could not determine a constructor"):
            raise JourneyFileError(f"not valid YAML: {error.problem}", location=f"line "
                                   f"{error.problem_mark.line + 1}" if error.problem_mark
                                   else "", hint="remove the tag") from None
        mark = error.problem_mark
        tag = (error.problem or "").replace("could not determine a constructor for the tag ",
                                            "").replace("tag:yaml.org,2002:", "!!")
        raise JourneyFileError(
            f"tag {tag} is not allowed: journey files hold plain data only",
            location=f"line {mark.line + 1}" if mark else "",
            hint="remove the tag; nothing in a journey file is ever executed") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise JourneyFileError(f"not valid YAML: {_yaml_problem(error)}",
                               location=f"line {mark.line + 1}, column {mark.column + 1}"
                               if mark else "", hint="check indentation, colons and quotes"
                               ) from None
    except yaml.reader.ReaderError as error:  # a control character in the text
        character = chr(error.character) if isinstance(error.character, int) else "?"
        raise JourneyFileError(
            f"not valid YAML: the character '{quote(character)}' is not allowed in YAML text",
            location=f"line {text[:error.position].count(chr(10)) + 1}",
            hint="remove it; a journey file holds text, numbers and dates only") from None
    except yaml.YAMLError as error:
        raise JourneyFileError(f"not valid YAML: {quote(error, 200)}") from None


def _no_constants(name: str) -> Any:
    raise JourneyFileError(f"{name} is not allowed in JSON", hint="use a number or null")


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)  # in C; a key given twice shows as a shorter dict
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JourneyFileError(f"duplicate key '{key}'", hint="each key may appear once")
            seen.add(key)
    return result


def _parse_json(text: str) -> Any:
    try:
        document = json.loads(text, parse_constant=_no_constants,
                              object_pairs_hook=_unique_pairs)
        if "\\ud" in text.lower():  # an escape may spell half an emoji (a lone surrogate)
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        return document
    except json.JSONDecodeError as error:
        raise JourneyFileError(f"not valid JSON: {error.msg}",
                               location=f"line {error.lineno}, column {error.colno}",
                               hint="check commas, brackets and quotes") from None
    except UnicodeEncodeError:
        raise JourneyFileError("an escape like \\ud83d spells only half a character",
                               hint="write the text itself (ä, 😀) instead of \\u escapes"
                               ) from None
    except ValueError as error:  # e.g. a number with more digits than Python converts
        raise JourneyFileError(f"not valid JSON: {str(error).split(';')[0]}") from None


def parse_text(data: bytes, fmt: str, *, name: str = "<text>", limit: int = MAX_BYTES) -> Any:
    """Decode and parse file content into plain data; every failure is a ``JourneyFileError``."""
    if len(data) > limit:
        raise _too_large(len(data), name, limit)
    if not data.strip():
        raise JourneyFileError("the file is empty", file=name,
                               hint="start with `schema: journey/1` (see docs/format.md)")
    if b"\x00" in data[:8192]:
        raise JourneyFileError("this is a binary file, not a journey", file=name,
                               hint="journey files are YAML or JSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise JourneyFileError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x})", file=name, location=f"line {line}",
            hint="save the file as UTF-8 (it may be Latin-1 / Windows-1252)") from None
    try:
        if fmt == "yaml":  # the slow parser: through the content-hash cache
            return cached_parse(data, lambda: _parse_yaml(text))
        return _parse_json(text)
    except RecursionError:
        raise JourneyFileError("the document is nested too deeply", file=name,
                               hint="a journey needs only a few levels of nesting") from None
    except JourneyFileError as error:
        error.file = name
        raise


def _too_large(size: int, name: str, limit: int = MAX_BYTES) -> JourneyFileError:
    return JourneyFileError(
        f"the file is too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)",
        file=name, hint="a journey file is a few kB; is this the right file?")


def loads_journey(data: bytes | str, fmt: str, *, name: str = "<text>",
                  catalogue: Catalogue | None = None, limit: int = MAX_BYTES) -> Journey:
    """Parse and validate journey file content (``fmt`` is ``"yaml"`` or ``"json"``);
    actors' ``ref`` are checked against ``catalogue`` when one is given. ``limit``: the most
    bytes (a file from anywhere: ``MAX_BYTES``)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return journey_from_document(parse_text(raw, fmt, name=name, limit=limit), name, catalogue)


def journey_from_document(document: Any, name: str, catalogue: Catalogue | None = None
                          ) -> Journey:
    """A parsed document validated as a journey (``name``: the file the errors name)."""
    try:
        return parse_journey(document, file=name, catalogue=catalogue)
    except RecursionError:
        raise JourneyFileError("the document is nested too deeply", file=name) from None


def _folder(path: str | Path) -> JourneyFileError:
    return JourneyFileError("this is a folder, not a file", file=str(path))


def read_bytes(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's content, at most ``limit`` bytes; every failure a clear error.

    A pipe, a device or a socket is refused before a byte is read (a FIFO named ``x.yaml``
    would wait for a writer for ever, ``/dev/zero`` never ends, and both say size 0), and
    the size that counts is what is actually read: at most ``limit + 1`` bytes."""
    path = Path(path)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO does not wait
        with os.fdopen(handle, "rb") as stream:
            mode = os.fstat(handle).st_mode
            if stat.S_ISDIR(mode):
                raise _folder(path)
            if not stat.S_ISREG(mode):
                raise JourneyFileError("this is not a regular file (a device, pipe or socket)",
                                       file=str(path), hint="name a file saved on disk")
            size = os.fstat(handle).st_size
            if size > limit:
                raise _too_large(size, str(path), limit)
            data = stream.read(limit + 1)
            if len(data) > limit:  # the file grew since it was measured
                raise _too_large(len(data), str(path), limit)
            return data
    except FileNotFoundError:
        raise JourneyFileError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise _folder(path) from None
    except PermissionError:
        raise JourneyFileError("no permission to read the file", file=str(path)) from None
    except OSError as error:  # a loop of symbolic links, a name too long, an I/O error
        raise JourneyFileError(f"cannot read the file: {error.strerror or error}",
                               file=str(path)) from None


def load_journey(path: str | Path, catalogue: Catalogue | None = None) -> Journey:
    """Load and validate one journey file; raises a ``JourneyError`` naming the file.
    Actors' ``ref`` are read against ``catalogue``, else against the ``catalogue.yaml``
    beside the file when there is one (``journeys.catalogue.folder_catalogue``).

    A folder is called a folder before the extension is judged (``journeys show tables/``
    would otherwise hear "unknown file type")."""
    if Path(path).is_dir():
        raise _folder(path)
    fmt = format_of(path)
    if catalogue is None:
        from journeys.catalogue import folder_catalogue  # the catalogue reads files with us

        catalogue = folder_catalogue(path)
    return loads_journey(read_bytes(path), fmt, name=str(path), catalogue=catalogue)


def to_document(journey: Journey, fmt: str = "yaml") -> dict[str, Any]:
    """The journey as plain data holding exactly the fields the user set, in order."""
    return journey.model_dump(mode="python" if fmt == "yaml" else "json", by_alias=True,
                              exclude_unset=True)


def dumps_journey(journey: Journey, fmt: str = "yaml") -> str:
    """The journey as YAML or JSON text (UTF-8, umlauts and emoji kept as they are)."""
    document = to_document(journey, fmt)
    if fmt == "json":
        return json_text(document) + "\n"
    return dump_yaml(document)


_TINY_FLOAT = re.compile(r"\de-0[5-9]")
"""How Python writes a float from 1e-9 to 1e-5 (``1e-05``), where pydantic's core writes
``0.00001``: the only difference between the two on plain data."""


def json_text(document: Any) -> str:
    """``json.dumps(document, ensure_ascii=False, indent=2)``, character for character, from
    pydantic's core (Python's indenting encoder is pure Python: a second for a 60,000-step
    journey); where a float between 1e-9 and 1e-5 may be written (a quick unindented pass
    in C finds them, and text that only looks like one), by Python itself."""
    if not _TINY_FLOAT.search(json.dumps(document, ensure_ascii=False)):
        try:
            return pydantic_core.to_json(document, indent=2).decode("utf-8")
        except (pydantic_core.PydanticSerializationError, UnicodeDecodeError):
            pass  # text that is not UTF-8 (a lone surrogate): Python writes it as an escape
    return json.dumps(document, ensure_ascii=False, indent=2)


def dump_yaml(document: dict[str, Any]) -> str:
    """Plain data as YAML in the layout of journey files (also used for the catalogue): what
    PyYAML's pure-Python dumper writes (``journeys.yaml_writer``), umlauts and emoji as they
    are, short mappings of scalars on one line."""
    return yaml_writer.dump(document)


def check_target(path: str | Path) -> Path:
    """The file to write for ``path``: ``path`` itself, or the file a symbolic link names.
    Only a regular file or a new name is ever written: a device (``/dev/sda``), a FIFO, a
    socket or a folder is refused, also for root, whom the file system would let replace it."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise JourneyFileError(f"cannot write the file: {error.strerror or error}",
                               file=str(path)) from None
    if stat.S_ISREG(mode):
        return target
    if stat.S_ISDIR(mode):
        raise JourneyFileError("this is a folder, not a file", file=str(path),
                               hint="give the path of the file to write, not of a folder")
    raise JourneyFileError("this is a device, pipe or socket, not a file", file=str(path),
                           hint="write to a regular file or a new path; nothing was written")


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) so that readers see the old file or the new one,
    never half of one; a file that cannot be written is a ``JourneyFileError``."""
    write_all_atomic({path: content})


def write_all_atomic(files: Mapping[str | Path, str | bytes]) -> None:
    """Write several files as one: either every file is new or (after an error) every file
    is as it was. Each is written to a temporary file beside it first; only when all are
    written are they renamed into place, and a failed rename puts the old ones back.

    A new file gets the mode the user's umask gives (``0o666 & ~umask``), an existing one
    keeps its mode; only regular files and new names are written (``check_target``)."""
    targets = {check_target(path): (path, content) for path, content in files.items()}
    written: list[tuple[Path, Path]] = []  # (temporary, target)
    try:
        for target, (_, content) in targets.items():
            written.append((_write_temporary(target, content), target))
        _replace_all(written)
    except OSError as error:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        failed = list(targets.values())[min(len(written), len(targets) - 1)][0]
        raise JourneyFileError(f"cannot write the file: {error.strerror or error}",
                               file=str(failed)) from None
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise


def _write_temporary(target: Path, content: str | bytes) -> Path:
    """``content`` in a new file beside ``target``, flushed to disk, with ``target``'s mode.
    Created by ``os.open`` with 0o666 so the kernel applies the umask (``mkstemp`` gives 0600)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = target.parent
    for _ in range(100):
        temporary = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                             0o666)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _replace_all(written: list[tuple[Path, Path]]) -> None:
    """Rename each temporary file over its target; if one rename fails, the targets renamed
    already get their old content back (kept as hard links until all renames succeeded)."""
    done: list[tuple[Path, Path | None]] = []  # (target, backup of its old content)
    try:
        for temporary, target in written:
            backup = None
            if len(written) > 1 and target.exists():
                backup = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
                os.link(target, backup)
            done.append((target, backup))
            os.replace(temporary, target)
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise
    finally:
        for _, backup in done:
            if backup is not None:
                backup.unlink(missing_ok=True)
    for folder in {target.parent for _, target in written}:
        _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (best effort: not every file system can)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def save_journey(journey: Journey, path: str | Path) -> None:
    """Save atomically as YAML or JSON, chosen by the file extension."""
    write_atomic(path, dumps_journey(journey, format_of(path)))


__all__ = [
    "MAX_BYTES", "JourneyInvalid", "check_target", "dumps_journey", "format_of",
    "journey_from_document", "journey_paths", "load_journey", "loads_journey", "parse_text",
    "read_bytes", "save_journey", "to_document", "write_all_atomic", "write_atomic",
]
