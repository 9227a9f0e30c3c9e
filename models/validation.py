"""Turning a parsed document into a ``Journey``, or into located, fixable problems.

Pydantic's own messages are written for programmers; this module rewrites each error into the
words of the format ("must be 1..5, got 7", "unknown field 'labl' — did you mean 'label'?").
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from models.catalogue_file import Catalogue
from models.errors import JourneyInvalid, Problem, quote, shown
from models.journey import Journey, control_character
from models.rules import did_you_mean, location

_TYPE_WORDS = {
    "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "string_type": "text", "float_type": "a number",
    "float_parsing": "a number", "list_type": "a list", "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)", "model_attributes_type": "a mapping (key: value)",
    "bool_type": "true or false",
}


def _model_at(path: tuple) -> type[BaseModel] | None:
    """The model class that the location ``path`` (without its last part) points into."""
    model: Any = Journey
    for part in path:
        if isinstance(part, int):
            continue
        fields = {f.alias or name: f for name, f in model.model_fields.items()}
        if part not in fields:
            return None
        annotation = fields[part].annotation
        model = next((a for a in _flatten(annotation)
                      if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is None:
            return None
    return model


def _flatten(annotation: Any) -> list[Any]:
    args = get_args(annotation)
    return [x for a in args for x in _flatten(a)] if args else [annotation]


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _problem(error: dict, data: Any) -> list[Problem]:
    kind, path, value = error["type"], tuple(error["loc"]), error.get("input")
    where = location(path)
    ctx = error.get("ctx") or {}
    if kind == "journey_rules":
        return list(ctx["problems"])
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        names = _field_names(model) if model else []
        hint = did_you_mean(str(path[-1])[:200], names) or (
            f"allowed here: {', '.join(names)}; free-form data goes under `extra:`"
            if names else None)
        return [Problem(where, f"unknown field '{quote(path[-1])}'", hint)]
    if kind == "invalid_key" or (path and path[-1] == "[key]"):
        where = location(path[:-1] if kind == "invalid_key" else path[:-2])
        return [Problem(where, f"the key {shown(value)} must be text", "put the key in quotes")]
    if kind == "missing":
        return [Problem(where, "is missing", f"add `{path[-1]}:`")]
    if kind == "literal_error":
        expected = [x.strip(" '") for x in ctx.get("expected", "").replace(" or ", ",").split(",")]
        hint = did_you_mean(str(value), expected)
        return [Problem(where, f"must be one of {' | '.join(expected)}, got {shown(value)}", hint)]
    if kind in _TYPE_WORDS:
        hint = "put the text in quotes" if kind == "string_type" and value is not None else None
        return [Problem(where, f"must be {_TYPE_WORDS[kind]}, got {shown(value)}", hint)]
    if kind == "string_pattern_mismatch":
        control = _control_in_id(value)
        if control is not None:
            return [_control_problem(where, control.message())]
        if path[-1] == "id" and len(path) == 1:
            return [Problem(where, f"must be a slug (a-z 0-9 - _), got {shown(value)}",
                            "use lower-case letters, digits, '-' and '_', e.g. 'sport-club'")]
        return [Problem(where, f"must be a non-empty id without spaces, got {shown(value)}",
                        "use '-' or '_' instead of spaces")]
    if kind == "empty_text":
        return [Problem(where, "must not be empty", f"write the {path[-1]} in a few words")]
    if kind == "text_too_long":
        return [Problem(where, f"is {ctx['length']} characters long; at most {ctx['limit']} "
                        "fit", "shorten it" + (" and move details into the description"
                                              if path[-1] in ("label", "title") else ""))]
    if kind == "text_control":
        return [_control_problem(where, error["msg"])]
    if kind.startswith("date"):
        return [Problem(where, f"must be a date like 2022-03-10, got {shown(value)}")]
    message = error["msg"].removeprefix("Value error, ")
    return [Problem(where, message)]


def _control_problem(where: str, message: str) -> Problem:
    return Problem(where, message, "remove it: text may hold any language and emoji, tabs and "
                   "line breaks, but no control characters")


_RUST_SPACE_LIKE = frozenset("\x1c\x1d\x1e\x1f")
"""Python's ``str.isspace`` counts these as spaces, the id pattern (Rust, Unicode
White_Space) as control characters."""


def _control_in_id(value: Any) -> PydanticCustomError | None:
    """Why an id failed its pattern when the reason is a control character and not a space
    (the message every other text gives)."""
    if not isinstance(value, str) or any(
            c.isspace() and c not in _RUST_SPACE_LIKE for c in value):
        return None
    return control_character(value)


def problems_of(error: ValidationError, data: Any = None) -> list[Problem]:
    """Every problem of a pydantic ``ValidationError`` in the format's words."""
    problems: list[Problem] = []
    for item in error.errors():
        problems += _problem(item, data)
    return problems


def parse_journey(data: Any, *, file: str | None = None,
                  catalogue: Catalogue | None = None) -> Journey:
    """Validate a parsed document (dict from YAML/JSON) into a ``Journey``; actors' ``ref``
    are checked against (and filled from) ``catalogue`` when one is given.

    Raises ``JourneyInvalid`` listing every problem with its place and fix.
    """
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"{shown(data)}"
        raise JourneyInvalid([Problem(
            "", f"the top level must be a mapping (schema:, id:, title:, steps: …), got {kind}",
            "start the file with `schema: journey/1` and the journey's fields")], file=file)
    try:
        return Journey.model_validate(data, context={"catalogue": catalogue})
    except ValidationError as error:
        raise JourneyInvalid(problems_of(error, data), file=file) from None
