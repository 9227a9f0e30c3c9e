"""Hostile journey files built by rule, shared by tests/test_hostile.py and
benchmarks/bench_hostile.py: a long valid chain and a file full of dangling references."""

from __future__ import annotations

import json
from typing import Any


def chain(count: int) -> dict[str, Any]:
    """A valid journey of ``count`` steps in one line, each with one barrier; the last is the
    goal. Stages and actors repeat every 10 steps so that every table stays small."""
    steps = [{"id": f"s{i}", "label": f"Step {i}", "stage": f"st{i % 10}",
              "actor": f"a{i % 10}", "barriers": [{"category": "forms", "severity": 1 + i % 5}]}
             for i in range(count)]
    steps[-1]["outcome"] = "goal"
    return {"schema": "journey/1", "id": "chain", "title": "Chain", "language": "en",
            "stages": [{"id": f"st{i}", "label": f"Stage {i}"} for i in range(10)],
            "actors": [{"id": f"a{i}", "label": f"Actor {i}", "level": 1 + i % 4}
                       for i in range(10)],
            "steps": steps,
            "transitions": [{"from": f"s{i}", "to": f"s{i + 1}"} for i in range(count - 1)]}


def dangling(count: int) -> dict[str, Any]:
    """``count`` steps and ``count`` transitions that each lead to a step that does not exist
    (4,000 of them make a 350 kB file)."""
    document = chain(count)
    document["transitions"] = [{"from": f"s{i}", "to": f"missing-step-{i}"}
                               for i in range(count)]
    return document


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"))


def wide(count: int) -> dict[str, Any]:
    """``chain(count)`` with a stage and an actor of its own for every step: a table or a
    loop per stage or actor must not look at every step again."""
    document = chain(count)
    document["stages"] = [{"id": f"st{i}", "label": f"Stage {i}"} for i in range(count)]
    document["actors"] = [{"id": f"a{i}", "label": f"Actor {i}", "level": 1 + i % 4}
                          for i in range(count)]
    for i, step in enumerate(document["steps"]):
        step.update(stage=f"st{i}", actor=f"a{i}")
    return document
