"""Journeys built by rule, shared by tests and benchmarks."""

from __future__ import annotations

from typing import Any


def diamonds(count: int) -> dict[str, Any]:
    """``count`` diamonds in a row: 2^count routes from ``s0`` to the goal ``s<count>``.

    Diamond ``i`` forks at ``s<i>`` into the upper way ``a<i>`` (one barrier of severity 1)
    and the lower way ``b<i>`` (severity 2), which join again at ``s<i+1>``.
    """
    steps: list[dict[str, Any]] = [{"id": "s0", "label": "Start", "stage": "s", "actor": "x"}]
    transitions = []
    for i in range(count):
        for way, severity in (("a", 1), ("b", 2)):
            steps.append({"id": f"{way}{i}", "label": way, "stage": "s", "actor": "x",
                          "barriers": [{"category": "other", "severity": severity}]})
            transitions += [{"from": f"s{i}", "to": f"{way}{i}"},
                            {"from": f"{way}{i}", "to": f"s{i + 1}"}]
        steps.append({"id": f"s{i + 1}", "label": "Join", "stage": "s", "actor": "x"})
    steps[-1]["outcome"] = "goal"
    return {"schema": "journey/1", "id": "diamonds", "title": "Diamonds", "language": "en",
            "stages": [{"id": "s", "label": "S"}],
            "actors": [{"id": "x", "label": "X", "level": 4}],
            "steps": steps, "transitions": transitions}
