"""The journey schema: pydantic models, validation and the category catalogue.

Data and validation only; imports nothing else of this project.
"""

from models.catalogue import CATEGORIES, DEFAULT_STAGES, DIMENSIONS, LEVELS, Category
from models.errors import JourneyError, JourneyFileError, JourneyInvalid, Problem
from models.journey import (
    SCHEMA,
    Actor,
    Barrier,
    CustomCategory,
    Evidence,
    Journey,
    Mitigation,
    Stage,
    Step,
    Transition,
)
from models.validation import parse_journey, problems_of

__all__ = [
    "CATEGORIES", "DEFAULT_STAGES", "DIMENSIONS", "LEVELS", "SCHEMA", "Actor", "Barrier",
    "Category", "CustomCategory", "Evidence", "Journey", "JourneyError", "JourneyFileError",
    "JourneyInvalid", "Mitigation", "Problem", "Stage", "Step", "Transition", "parse_journey",
    "problems_of",
]
