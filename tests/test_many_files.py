"""Many files at once: parsed in worker processes, yet the same journeys, the same errors and
the same order as loading them one by one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journeys import many_files
from journeys.catalogue import CatalogueFinder
from journeys.formats import load_journey, save_journey
from journeys.many_files import load_all
from models import JourneyError
from tests.conftest import SAMPLE_DIR, SAMPLES


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The samples with their catalogue, a JSON copy, a broken YAML file and a missing one,
    in an order that mixes them; the pool starts from three YAML files, two per chunk."""
    monkeypatch.setattr(many_files, "MIN_FILES", 3)
    monkeypatch.setattr(many_files, "CHUNK", 2)
    shutil.copy(SAMPLE_DIR / "catalogue.yaml", tmp_path)
    paths = []
    for sample in SAMPLES:
        paths.append(tmp_path / sample.name)
        shutil.copy(sample, paths[-1])
    save_journey(load_journey(SAMPLES[0]), tmp_path / "copy.json")
    (tmp_path / "broken.yaml").write_text("id: x\nsteps: [\n", encoding="utf-8")
    (tmp_path / "alias.yaml").write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    return [paths[0], tmp_path / "broken.yaml", *paths[1:4], tmp_path / "copy.json",
            tmp_path / "missing.yaml", tmp_path / "alias.yaml", *paths[4:]]


def _outcome(loaded: object) -> object:
    return loaded.lines() if isinstance(loaded, JourneyError) else loaded


def test_the_pool_gives_what_loading_one_by_one_gives(folder: list[Path]) -> None:
    assert len(list(many_files._parsed(folder))) > 1  # the workers did parse
    finder = CatalogueFinder()
    together = [(path, _outcome(loaded)) for path, loaded in load_all(folder, finder.for_file)]
    one_by_one = []
    for path in folder:
        try:
            one_by_one.append((path, load_journey(path, finder.for_file(path))))
        except JourneyError as error:
            one_by_one.append((path, error.lines()))
    assert together == one_by_one
    errors = [loaded for _, loaded in together if isinstance(loaded, list)]
    assert [line.split(": ", 1)[1] for lines in errors for line in lines] == [
        "line 3, column 1: not valid YAML: did not find expected node content — check "
        "indentation, colons and quotes",
        "no such file",
        "line 1: a YAML alias (*name) repeats the value that starts here; aliases are not "
        "allowed in journey files — write the value out in full"]


def test_few_files_are_parsed_here(folder: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(many_files, "MIN_FILES", 100)
    assert list(many_files._parsed(folder)) == []
