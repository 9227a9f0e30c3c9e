"""Reading and writing journey files (YAML and JSON) safely and atomically.

Safe loading only: no Python tags, no YAML aliases (they make "billion laughs" bombs), no
duplicate keys, no NaN, a size limit checked before parsing. Saving writes what the user set,
in the user's list order, without injecting defaults, and keeps umlauts and emoji; a file that
is loaded and saved again is the same journey, and saving it twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import yaml

from journeys.parse_cache import cached_parse
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
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise JourneyFileError(f"duplicate key '{key}'", hint="each key may appear once")
        result[key] = value
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


def parse_text(data: bytes, fmt: str, *, name: str = "<text>") -> Any:
    """Decode and parse file content into plain data; every failure is a ``JourneyFileError``."""
    if len(data) > MAX_BYTES:
        raise _too_large(len(data), name)
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
                  catalogue: Catalogue | None = None) -> Journey:
    """Parse and validate journey file content (``fmt`` is ``"yaml"`` or ``"json"``);
    actors' ``ref`` are checked against ``catalogue`` when one is given."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    document = parse_text(raw, fmt, name=name)
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
                                       file=str(path), hint="name a journey file")
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


class _Dumper(yaml.SafeDumper):
    """Writes short all-scalar mappings on one line, like the examples in the format doc.

    The pure-Python dumper, not libyaml's: libyaml writes emoji as ``\\U0001F4C4`` escapes,
    which no workshop participant can read (journey files are small, speed does not matter).
    """


def _represent_mapping(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    flat = all((isinstance(v, (str, int, float, dt.date)) and not isinstance(v, bool)) or v is None
               for v in data.values())
    short = flat and sum(len(str(k)) + len(str(v)) + 4 for k, v in data.items()) < 90
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=short or None)


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # PyYAML's emitter puts these line breaks raw into single quotes, where readers fold them
    style = '"' if any(c in data for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(dict, _represent_mapping)
_Dumper.add_representer(str, _represent_text)


def dumps_journey(journey: Journey, fmt: str = "yaml") -> str:
    """The journey as YAML or JSON text (UTF-8, umlauts and emoji kept as they are)."""
    document = to_document(journey, fmt)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return dump_yaml(document)


def dump_yaml(document: dict[str, Any]) -> str:
    """Plain data as YAML in the layout of journey files (also used for the catalogue)."""
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) so that readers see the old file or the new one,
    never half of one; a file that cannot be written is a ``JourneyFileError``."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise JourneyFileError(f"cannot write the file: {error.strerror or error}",
                               file=str(path)) from None


def save_journey(journey: Journey, path: str | Path) -> None:
    """Save atomically as YAML or JSON, chosen by the file extension."""
    write_atomic(path, dumps_journey(journey, format_of(path)))


__all__ = [
    "MAX_BYTES", "JourneyInvalid", "dumps_journey", "format_of", "journey_paths", "load_journey",
    "loads_journey", "parse_text", "read_bytes", "save_journey", "to_document", "write_atomic",
]
