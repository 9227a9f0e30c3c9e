"""The self-contained HTML report (journeys.export.report): one file, plotly.js inlined
once, no link outside the file, the journey's words intact, and it draws offline."""

from __future__ import annotations

import datetime as dt
import re

import plotly.offline
import pytest
import yaml

from journeys.cli import main
from journeys.export import html_report
from models import parse_journey
from tests.test_deck import german_journey

DATE = dt.date(2024, 3, 12)
BUNDLE_START = plotly.offline.get_plotlyjs()[:40]


@pytest.fixture(scope="module")
def report() -> str:
    return html_report(german_journey(), date=DATE)


def section(html: str, anchor: str) -> str:
    return re.search(rf'<section id="{anchor}">(.*?)</section>', html, re.S).group(1)


def test_plotly_bundle_is_inlined_exactly_once(report):
    assert report.count(BUNDLE_START) == 1
    assert report.count("Plotly.newPlot(") == 5  # map, bottlenecks, heatmap, routes, feelings


def test_nothing_is_loaded_from_outside(report):
    assert not re.search(r"<script[^>]*\bsrc=", report)
    assert not re.search(r"<link[^>]*\bhref=", report)
    assert not re.search(r"<img[^>]*\bsrc=", report)
    outside_the_bundle = report.replace(plotly.offline.get_plotlyjs(), "")
    assert "http" not in outside_the_bundle  # no address at all, only plotly.js's own code


def test_title_language_and_umlauts(report):
    assert report.startswith("<!DOCTYPE html>\n<html lang=\"de\">")
    assert "<title>Barrierenanalyse: Kita-Platz für Übergänge</title>" in report
    assert "<h1>Kita-Platz für Übergänge</h1>" in report
    assert "Quelle: Kita-Platz für Übergänge · Stand 12.03.2024" in report
    assert "&uuml;" not in report and "&#252;" not in report


def test_sections_in_order_with_german_headings(report):
    headings = re.findall(r'<section id="([^"]+)"><h2>([^<]+)</h2>', report)
    assert headings == [
        ("summary", "Überblick"), ("figure-map", "Nutzerreise"),
        ("figure-bottlenecks", "Engpässe"), ("figure-heatmap", "Wo die Barrieren liegen"),
        ("figure-routes", "Wege im Vergleich"), ("figure-emotion", "Wie es sich anfühlt"),
        ("barriers", "Barrieren und Maßnahmen")]


def test_summary_has_the_facts_and_the_formula(report):
    summary = section(report, "summary")
    assert "<dt>Region</dt><dd>Everswinkel</dd>" in summary
    assert "<dt>Umfang</dt><dd>5 Schritte, 14 Barrieren, 1 Weg</dd>" in summary
    assert "Barrierelast = Schwere (1–5) × Anteil der Betroffenen" in summary


def test_each_chart_has_alt_text_and_a_table(report):
    chart = section(report, "figure-map")
    assert '<figcaption class="alt">Nutzerreise „Kita-Platz für Übergänge“' in chart
    assert "<summary>Die Zahlen als Tabelle</summary>" in chart


def test_bottleneck_reasons(report):
    part = section(report, "figure-bottlenecks")
    assert "<h3>Engpässe und ihre Gründe</h3>" in part
    assert "der einzige Weg führt hier durch" in part
    assert "Engpass-Wert = (Barrierelast" in part


def test_barrier_register_has_one_row_per_barrier(report):
    register = section(report, "barriers")
    assert register.count("<tr>") == 1 + 14
    assert ('<td>Liest über Kitas</td><td>Information</td><td>4</td><td>50 %</td><td>2</td>'
            '<td>Niemand erklärt es</td><td></td>') in register


def test_german_report_registers_a_german_plotly_locale(report):
    assert '"locale": "de"' in report
    assert 'Plotly.register({moduleType: "locale", name: "de"' in report


def test_english_on_request(tiny_journey_dict):
    html = html_report(parse_journey(tiny_journey_dict), lang="en", date=DATE)
    assert '<html lang="en">' in html
    assert "<h2>Barriers and mitigations</h2>" in html
    assert "Plotly.register({moduleType: \"locale\"" not in html


def test_text_from_the_journey_is_escaped(tiny_journey_dict):
    html = html_report(parse_journey(dict(tiny_journey_dict, title="<script>alert(1)</script>")),
                       date=DATE)
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "<script>alert(1)" not in html


def test_progress(tiny_journey_dict):
    calls = []
    html_report(parse_journey(tiny_journey_dict), date=DATE, progress=lambda *a: calls.append(a))
    assert calls[-1] == (7, 7, "Report ready")
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_cli_writes_the_report(tmp_path, tiny_journey_dict, capsys):
    source = tmp_path / "tiny.yaml"
    source.write_text(yaml.safe_dump(tiny_journey_dict), encoding="utf-8")
    out = tmp_path / "bericht.html"
    assert main(["export", str(source), "-o", str(out), "--lang", "de"]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count(BUNDLE_START) == 1
    assert "<h1>Child joins a sports club</h1>" in html
    assert "[7/7] Bericht fertig" in capsys.readouterr().err


@pytest.mark.browser
def test_report_draws_every_chart_offline(report, tmp_path):
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_text(report, encoding="utf-8")
    outside, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))

            def only_the_file(route):
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", only_the_file)
            page.goto(path.as_uri())
            page.wait_for_function(
                "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5")
            drawn = page.locator(".js-plotly-plot").count()
            title = page.locator(".modebar-btn[data-title]").first.get_attribute("data-title")
        finally:
            browser.close()
    assert drawn == 5
    assert outside == [] and errors == []
    assert title == "Grafik als PNG herunterladen"
