"""Loading many journey files at once: YAML parsed on every core while this process validates.

Parsing YAML is most of the time a portfolio command spends on 1,000 files (validation is
under 1 ms a file). With ``MIN_FILES`` YAML files or more and more than one core, worker
processes (forked: they start in milliseconds and share what is loaded) read and parse the
files in chunks, in order, through the parse cache; this process validates each chunk as it
arrives. A file a worker cannot read or parse is loaded here again the usual way, so every
error is exactly the one ``load_journey`` raises, and the journeys come back in the order
given.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from journeys.catalogue import folder_catalogue
from journeys.formats import journey_from_document, load_journey, parse_text, read_bytes
from models import Journey, JourneyError
from models.catalogue_file import Catalogue

MIN_FILES = 100
"""Fewer YAML files are parsed here: starting workers would cost more than they save."""
CHUNK = 25
"""Files per task: large enough that sending results back is cheap, small enough that this
process can validate the first chunks while the workers parse the next."""


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _parse_chunk(paths: list[Path]) -> list[Any]:
    """Each file's document, or None: the caller loads that file again itself (and so
    reports its error exactly as always)."""
    documents = []
    for path in paths:
        try:
            documents.append(parse_text(read_bytes(path), "yaml", name=str(path)))
        except (JourneyError, RecursionError):
            documents.append(None)
    return documents


def _parsed(paths: list[Path]) -> Iterator[dict[Path, Any]]:
    """Documents of the YAML files among ``paths``, chunk by chunk, parsed in workers (none
    when there are too few files, one core, or no ``fork``)."""
    yaml_files = [p for p in paths if p.suffix.lower() in (".yaml", ".yml")]
    workers = min(_cores(), 8)
    if len(yaml_files) < MIN_FILES or workers < 2 or \
            "fork" not in multiprocessing.get_all_start_methods():
        return
    # imported here: every command loads this module, and the pool costs 35 ms to import
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = [yaml_files[i:i + CHUNK] for i in range(0, len(yaml_files), CHUNK)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")
                                 ) as pool:
            for chunk, documents in zip(chunks, pool.map(_parse_chunk, chunks), strict=True):
                yield {path: document for path, document in zip(chunk, documents, strict=True)
                       if document is not None}
    except (OSError, BrokenProcessPool):  # no workers (limits, memory): the rest is parsed here
        return


def load_all(paths: list[Path], catalogue_for: Callable[[Path], Catalogue | None]
             ) -> Iterator[tuple[Path, Journey | JourneyError]]:
    """Each path with its journey (validated against ``catalogue_for(path)``) or the
    ``JourneyError`` ``load_journey`` raises for it, in the order of ``paths``."""
    ready: dict[Path, Any] = {}
    chunks = _parsed(paths)
    for path in paths:
        if path not in ready:
            ready.update(next(chunks, {}))
        try:
            if path in ready:
                yield path, journey_from_document(ready.pop(path), str(path), catalogue_for(
                    path) or folder_catalogue(path))  # as load_journey finds it
            else:
                yield path, load_journey(path, catalogue_for(path))
        except JourneyError as error:
            yield path, error
    chunks.close()
