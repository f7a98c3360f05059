"""Where text for people goes: rich on a terminal, plain aligned text into a pipe or a file.

The plain screen imports nothing from rich (a large import), so a table piped into another
program costs no more than the answer itself. Both screens take the same calls.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from .formats import cell

GAP = "  "


def is_plain() -> bool:
    """True when stdout is a pipe or file, or NO_COLOR is set: no ANSI codes, no box drawing."""
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def screen() -> Any:
    if is_plain():
        return PlainScreen()
    from .table import RichScreen

    return RichScreen()


def plain_table(
    headers: Sequence[str] | None,
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    caption: str | None = None,
) -> list[str]:
    """Left-aligned columns two spaces apart; nothing is wrapped or cut, so every line can be
    read by ``grep`` or ``awk``; no trailing spaces."""
    grid = [[cell(v) for v in row] for row in rows]
    if headers is not None:
        grid.insert(0, list(headers))
    columns = max(map(len, grid), default=0)
    widths = [max(len(r[i]) for r in grid if i < len(r)) for i in range(columns)]
    lines = [title] if title else []
    lines += [GAP.join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in grid]
    if caption:
        lines.append(caption)
    return lines


class PlainScreen:
    def _write(self, lines: Iterable[str]) -> None:
        sys.stdout.write("".join(f"{line}\n" for line in lines))
        sys.stdout.flush()

    def line(self, text: str, style: str = "") -> None:
        self._write([text])

    def pairs(self, pairs: Sequence[tuple[str, str]]) -> None:
        self._write(plain_table(None, pairs))

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        title: str | None = None,
        caption: str | None = None,
        styles: Sequence[str | None] | None = None,
        marked: set[tuple[int, int]] | None = None,
    ) -> None:
        self._write(plain_table(headers, rows, title=title, caption=caption))
