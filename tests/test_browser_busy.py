"""Issue 12: ten busy tabs lose nothing. Ten browser contexts add barriers to their own
journeys through the quick form, clicking again as soon as the page is idle; every barrier
whose "added" message appeared — and every one submitted — is in the latest revision.
``benchmarks/bench_busy_tabs.py`` runs the same for the full 60 s."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import busy_tabs, served_app

pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.browser


def test_ten_busy_tabs_lose_no_barrier(tmp_path: Path) -> None:
    if not Path(served_app.CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    workspace = tmp_path / "workspace.db"
    ids = busy_tabs.prepare(workspace, 10)
    with busy_tabs.app_server(workspace) as url:
        tabs = busy_tabs.run(url, ids, seconds=20)
    assert sum(len(tab.submitted) for tab in tabs) >= 10
    assert sum(len(tab.confirmed) for tab in tabs) >= 10
    report = busy_tabs.lost(workspace, tabs)
    assert {journey: lost["confirmed_missing"] for journey, lost in report.items()
            if lost["confirmed_missing"]} == {}
    assert {journey: lost["submitted_missing"] for journey, lost in report.items()
            if lost["submitted_missing"]} == {}
