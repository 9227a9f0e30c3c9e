"""The one error family every layer raises and every front end prints.

A ``JourneyError`` knows the file, the place inside it and a hint for the fix, so the CLI
prints one clear line per problem and the app shows it next to the row it concerns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_LINES = 50
"""Most problems printed for one file; the rest are counted in one last line (a file with
4,000 broken references gets 50 lines and "… and 3,950 more problems", not 4,000)."""

QUOTE_CHARS = 40
"""Most characters of file content an error message quotes."""

_MORE = {"en": "… and {count} more problem{s}", "de": "… und {count} weitere Probleme"}


def quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """A short, printable piece of ``text`` for an error message: at most ``limit``
    characters, control and invisible characters written as escapes (``\\x00``), so that a
    message never carries a whole file, a terminal escape or a line break of its content."""
    text = str(text)
    cut = text[:limit]
    shown = "".join(repr(c)[1:-1] if unicodedata.category(c)[0] in "CZ" and c != " " else c
                    for c in cut)
    return shown + ("…" if len(text) > limit else "")


def shown(value: object) -> str:
    """A value of a file as a message shows it: text in quotes, each ``quote``-d.

    >>> shown("gaol"), shown(7), shown("x" * 50)[-3:]
    ("'gaol'", '7', "x…'")
    """
    return f"'{quote(value)}'" if isinstance(value, str) else quote(repr(value))


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (``steps[3].barriers[0].severity``), what, and how to fix it."""

    location: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text} — {self.hint}" if self.hint else text


class JourneyError(Exception):
    """Base of all errors about a journey, its file or its use."""

    def __init__(self, message: str, *, file: str | None = None, location: str = "",
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.location = location
        self.hint = hint

    @property
    def problems(self) -> list[Problem]:
        """The problems this error stands for (one, unless it is a ``JourneyInvalid``)."""
        return [Problem(self.location, self.message, self.hint)]

    def lines(self, lang: str = "en") -> list[str]:
        """One printable line per problem, each prefixed with the file name when known; at
        most ``MAX_LINES`` of them, then one line that counts the rest."""
        prefix = f"{self.file}: " if self.file else ""
        problems = self.problems
        lines = [f"{prefix}{problem}" for problem in problems[:MAX_LINES]]
        rest = len(problems) - MAX_LINES
        if rest > 0:
            count = f"{rest:,}".replace(",", "." if lang == "de" else ",")
            more = _MORE.get(lang, _MORE["en"])
            lines.append(prefix + more.format(count=count, s="" if rest == 1 else "s"))
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


class JourneyFileError(JourneyError):
    """The file cannot be read or parsed: missing, too large, not UTF-8, not YAML/JSON."""


class JourneyInvalid(JourneyError):
    """The document parsed but breaks rules of the journey format; carries every problem."""

    def __init__(self, problems: list[Problem], *, file: str | None = None) -> None:
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in journey", file=file)
        self._problems = list(problems)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def with_file(self, file: str) -> JourneyInvalid:
        """The same problems, reported for ``file``."""
        return JourneyInvalid(self._problems, file=file)
