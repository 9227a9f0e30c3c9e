"""How large a journey the figures, the slide decks and the HTML report can show.

Two bounds, both checked by counting before anything is drawn (this module loads neither
plotly nor pandas: a 60,000-step journey and those libraries do not fit in 500 MB together,
so the check must come first):

- A figure that draws every step — the map, the heatmap, the funnel and the emotion curve —
  shows at most ``MAX_STEPS`` steps (the map also ``MAX_STAGES`` stages and ``MAX_ACTORS``
  lanes). Real workshop journeys have 10–60 steps over 4–6 stages and 5–9 actors; a map of
  200 steps builds in ~0.2 s and is already a 2,300 px scroll; one of 60,000 would be
  350,000 px tall, take minutes and gigabytes, and nobody could read it. Beyond the bound
  the CLI refuses the figure in one line; the report, the slides and the app show a note
  instead (the same words everywhere, ``Oversize.reason``) and everything else.
- Any figure, deck or report is made of at most ``MAX_EXPORT_STEPS`` steps: the analysis
  behind the bottleneck and route charts, the tables and the register grow with the journey
  (docs/limits.md has the measured costs); beyond, the export is refused in one line that
  points to ``journeys analyze`` and the CSV tables, which take any size.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeys.i18n import number, translate
from models import Journey, JourneyError

MAX_STEPS = 200
"""Most steps a figure that draws every step shows."""
MAX_STAGES = 20
"""Most stages (the map's columns) a map shows: a deck cuts the map into runs of stages that
fit a slide, a search that grows with the square of the stages (200 steps on 20 stages: 3.5 s
of CPU for the whole deck, on 40 stages: 6.2 s)."""
MAX_ACTORS = 40
"""Most actors (the map's lanes) a map shows."""
MAX_EXPORT_STEPS = 5_000
"""Most steps of a journey any figure, slide deck or HTML report is made of."""

EVERY_STEP = ("map", "heatmap", "funnel", "emotion")
"""The figures that draw every step (the funnel and the emotion curve every step of a
route, which may be all of them); the bottleneck and route charts show a top few."""

TEXT = {
    "en": {
        "map": "the journey map", "heatmap": "the heatmap", "funnel": "the funnel",
        "emotion": "the emotion curve", "bottlenecks": "the bottleneck chart",
        "routes": "the route chart", "html": "an HTML report", "pptx": "a slide deck",
        "steps": "{count:step|steps}", "stages": "{count:stage|stages}",
        "actors": "{count:actor|actors}",
        "reason": "{figure} cannot be drawn legibly: the journey has {size}, a figure shows "
                  "at most {limit}",
        "export_reason": "{figure} cannot be made of a journey this large: it has {size}, "
                         "figures, slides and reports take at most {limit}",
        "hint": "use --figure bottlenecks or --figure routes, or the tables: --format csv "
                "or csv-tables",
        "export_hint": "use `journeys analyze` for the results, or the tables: --format csv "
                       "or csv-tables",
        "note": "{reason}. The bottlenecks, the routes and the barrier register cover every "
                "step.",
        "heading_map": "Journey map", "heading_heatmap": "Where the barriers are",
        "heading_funnel": "How many get through", "heading_emotion": "How it feels along the way",
    },
    "de": {
        "map": "die Karte der Nutzerreise", "heatmap": "die Heatmap",
        "funnel": "der Ausstiegstrichter", "emotion": "die Gefühlskurve",
        "bottlenecks": "die Engpass-Grafik", "routes": "die Wege-Grafik",
        "html": "ein HTML-Bericht", "pptx": "ein Foliensatz",
        "steps": "{count:Schritt|Schritte}", "stages": "{count:Phase|Phasen}",
        "actors": "{count:Akteur|Akteure}",
        "reason": "{figure} kann nicht lesbar gezeichnet werden: die Nutzerreise hat {size}, "
                  "eine Grafik zeigt höchstens {limit}",
        "export_reason": "{figure} kann aus einer so großen Nutzerreise nicht erstellt "
                         "werden: sie hat {size}, Grafiken, Folien und Berichte höchstens "
                         "{limit}",
        "hint": "stattdessen --figure bottlenecks oder --figure routes, oder die Tabellen: "
                "--format csv oder csv-tables",
        "export_hint": "stattdessen `journeys analyze` für die Ergebnisse, oder die "
                       "Tabellen: --format csv oder csv-tables",
        "note": "{reason}. Die Engpässe, die Wege und das Barrierenregister umfassen jeden "
                "Schritt.",
        "heading_map": "Nutzerreise", "heading_heatmap": "Wo die Barrieren liegen",
        "heading_funnel": "Wie viele durchkommen", "heading_emotion": "Wie es sich anfühlt",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


@dataclass(frozen=True)
class Oversize:
    """What a journey is too large for: the figure (or ``html``/``pptx``), what is counted,
    how many, and the bound."""

    figure: str
    what: str
    """"steps", "stages" or "actors"."""
    count: int
    limit: int
    drawing: bool = True
    """Too large to draw legibly (``MAX_STEPS`` …), not too large to export at all."""

    def reason(self, lang: str) -> str:
        """Why the figure is missing, in ``lang``: the same words in every output.

        >>> Oversize("map", "steps", 60000, 200).reason("en")
        'the journey map cannot be drawn legibly: the journey has 60,000 steps, a figure \
shows at most 200'
        """
        return _t("reason" if self.drawing else "export_reason", lang,
                  figure=_t(self.figure, lang),
                  size=_t(self.what, lang, count=number(self.count, lang)),
                  limit=number(self.limit, lang))

    def hint(self, lang: str) -> str:
        """What to export instead (command-line words)."""
        return _t("hint" if self.drawing else "export_hint", lang)

    def heading(self, lang: str) -> str:
        """The figure's title (without the journey's), for the place of the note."""
        return _t(f"heading_{self.figure}", lang)

    def note(self, lang: str) -> str:
        """The reason as a sentence for a report, a slide or the app, in place of the figure.

        >>> Oversize("heatmap", "steps", 201, 200).note("de")
        'Die Heatmap kann nicht lesbar gezeichnet werden: die Nutzerreise hat 201 Schritte, \
eine Grafik zeigt höchstens 200. Die Engpässe, die Wege und das Barrierenregister umfassen \
jeden Schritt.'
        """
        reason = self.reason(lang)
        return _t("note", lang, reason=reason[:1].upper() + reason[1:])


def too_large_to_draw(journey: Journey, figure: str) -> Oversize | None:
    """Why ``figure`` (a figure name) of ``journey`` cannot be drawn legibly (``MAX_STEPS``,
    ``MAX_STAGES``, ``MAX_ACTORS``), or None. Counting costs nothing next to drawing: the
    app asks before it draws a map."""
    if figure not in EVERY_STEP:
        return None
    counts = [("steps", len(journey.steps), MAX_STEPS)]
    if figure == "map":
        counts += [("stages", len(journey.stages), MAX_STAGES),
                   ("actors", len(journey.actors), MAX_ACTORS)]
    for what, count, limit in counts:
        if count > limit:
            return Oversize(figure, what, count, limit)
    return None


def oversize(journey: Journey, figure: str) -> Oversize | None:
    """Why ``figure`` (a figure name, or ``html``/``pptx`` for a whole export) of ``journey``
    cannot be made: first ``MAX_EXPORT_STEPS`` (then the hint points past every figure),
    then ``too_large_to_draw``; None when it can be made."""
    steps = len(journey.steps)
    if steps > MAX_EXPORT_STEPS:
        return Oversize(figure, "steps", steps, MAX_EXPORT_STEPS, drawing=False)
    return too_large_to_draw(journey, figure)


class TooLarge(JourneyError):
    """A figure or an export was asked for that the journey is too large for (``oversize``)."""


def check_size(journey: Journey, figure: str, lang: str, file: str | None = None) -> None:
    """Raise ``TooLarge`` (one line naming ``file``, the count and the bound, and what to
    export instead) when ``figure`` (or ``html``/``pptx``) of ``journey`` is too large."""
    found = oversize(journey, figure)
    if found is not None:
        raise TooLarge(found.reason(lang), file=file, hint=found.hint(lang))
