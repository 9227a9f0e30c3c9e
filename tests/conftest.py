"""Shared fixtures: a tiny hand-made journey and the sample journeys.

The tiny journey is small enough to compute every number by hand (see test_routes.py):

    letter ──alternative──▶ ask-neighbour ──handoff──▶ join (goal)
       │                                                 ▲
       └──▶ form ──referral──────────────────────────────┘
              └──▶ give-up (dropout) ──return──▶ letter
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# CI (CI=true) runs the property tests on a fixed series of examples, the same on every
# machine, so a landing never depends on a lucky draw; local runs keep exploring at random.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The parse cache of YAML files (journeys.parse_cache) writes into a folder of the test run,
# never into the user's ~/.cache.
os.environ.setdefault("BARRIER_JOURNEYS_CACHE", tempfile.mkdtemp(prefix="journeys-cache-"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_journeys"
SAMPLES = [p for p in sorted(SAMPLE_DIR.glob("*.yaml")) if p.name != "catalogue.yaml"]
"""Every sample journey file, for ``pytest.mark.parametrize`` (fixtures cannot be used there)."""

TINY_JOURNEY = {
    "schema": "journey/1",
    "id": "tiny",
    "title": "Child joins a sports club",
    "language": "en",
    "stages": [{"id": "seek", "label": "Seek"}, {"id": "apply", "label": "Apply"},
               {"id": "use", "label": "Use"}],
    "actors": [{"id": "family", "label": "Household", "level": 1},
               {"id": "neighbour", "label": "Neighbour", "level": 2},
               {"id": "club", "label": "Sports club", "level": 3},
               {"id": "jobcenter", "label": "Jobcenter", "level": 4}],
    "steps": [
        {"id": "letter", "label": "Reads the notice", "stage": "seek", "actor": "jobcenter",
         "reached": 20,
         "barriers": [{"category": "information", "severity": 4, "affected": 0.5}]},
        {"id": "ask-neighbour", "label": "Asks the neighbour", "stage": "seek",
         "actor": "neighbour"},
        {"id": "form", "label": "Fills in the form", "stage": "apply", "actor": "family",
         "reached": 10, "barriers": [{"category": "forms", "severity": 3, "affected": 4}]},
        {"id": "give-up", "label": "Gives up", "stage": "apply", "actor": "family",
         "outcome": "dropout"},
        {"id": "join", "label": "Child trains at the club", "stage": "use", "actor": "club",
         "outcome": "goal", "barriers": [{"category": "cost", "severity": 2}]},
    ],
    "transitions": [
        {"from": "letter", "to": "form"},
        {"from": "letter", "to": "ask-neighbour", "kind": "alternative"},
        {"from": "ask-neighbour", "to": "join", "kind": "handoff", "data_transfer": "verbal",
         "barriers": [{"category": "trust", "severity": 1}]},
        {"from": "form", "to": "join", "kind": "referral", "data_transfer": "paper",
         "count": 6, "barriers": [{"category": "handoff", "severity": 3}]},
        {"from": "form", "to": "give-up", "count": 4},
        {"from": "give-up", "to": "letter", "kind": "return"},
    ],
}
"""Barrier loads: letter 4 × 0.5 = 2, form 3 × 4/10 = 1.2, join 2 × 1 = 2;
ask-neighbour → join 1, form → join 3. Routes: letter, ask-neighbour, join = 5;
letter, form, join = 8.2."""


@pytest.fixture
def tiny_journey_dict() -> dict:
    """A fresh copy of ``TINY_JOURNEY`` (a small valid journey) that a test may change."""
    return copy.deepcopy(TINY_JOURNEY)


@pytest.fixture
def samples() -> list[Path]:
    """The sample journey files in sample_journeys/."""
    return list(SAMPLES)
