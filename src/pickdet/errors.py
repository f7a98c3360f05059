"""Errors that carry the exit code the CLI reports, so the core never decides how to exit."""

from __future__ import annotations

from typing import Any, NamedTuple

EXIT_OK = 0
EXIT_NO_MATCH = 1
EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_INTERNAL = 4


class PickdetError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = EXIT_USAGE


class UsageError(PickdetError):
    """A bad option value, an unknown name: the user can fix the command line."""

    exit_code = EXIT_USAGE


class UnknownNameError(UsageError):
    """A model, family or profile name that matches nothing (or several things)."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class Problem(NamedTuple):
    """One thing wrong in a catalogue file, located as precisely as we can."""

    file: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class CatalogError(PickdetError):
    """A catalogue that cannot be read or does not validate; lists every problem found."""

    exit_code = EXIT_DATA

    def __init__(self, problems: list[Problem], partial: Any = None) -> None:
        self.problems = problems
        self.partial = partial  # the records that did validate, where a check wants them
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the catalogue"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in problems))
