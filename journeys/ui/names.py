"""Display names for ids and the format's fixed values, in the UI language (for dropdowns)."""

from __future__ import annotations

from dataclasses import dataclass

from journeys.i18n import translate
from journeys.vocabulary import CHANNELS, KINDS, OUTCOMES, TRANSFERS, WORDS
from models import LEVELS, Journey

__all__ = ["CHANNELS", "KINDS", "OUTCOMES", "TRANSFERS", "Names"]

@dataclass(frozen=True)
class Names:
    """How ids and fixed values of one journey read in ``lang``."""

    journey: Journey
    lang: str

    def word(self, value: str | None) -> str:
        """A channel, outcome, transition kind or data transfer (``None`` is a dash)."""
        return translate(WORDS, "blank" if value is None else value, self.lang)

    def step(self, step_id: str | None) -> str:
        step = self.journey.steps_by_id.get(step_id or "")
        return step.label if step else str(step_id)

    def stage(self, stage_id: str) -> str:
        stage = self.journey.stages_by_id.get(stage_id)
        return stage.label if stage else stage_id

    def actor(self, actor_id: str) -> str:
        actor = self.journey.actors_by_id.get(actor_id)
        return f"{actor.label} ({actor.level})" if actor else actor_id

    def category(self, category_id: str) -> str:
        try:
            return self.journey.category(category_id).label(self.lang)
        except KeyError:
            return category_id

    def level(self, number: int) -> str:
        level = LEVELS.get(number)
        return f"{number} · {getattr(level, self.lang)}" if level else str(number)

    def place(self, place: str) -> str:
        """A barrier's place: a step, or a transition ``from → to``."""
        if " → " in place:
            source, target = place.split(" → ", 1)
            return f"{self.step(source)} → {self.step(target)}"
        return self.step(place)
