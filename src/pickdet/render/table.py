"""Tables for people (rich). Plain aligned text, no colour and no box art when not on a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .formats import cell


def is_plain() -> bool:
    """True when stdout is a pipe or file, or NO_COLOR is set: no ANSI codes, no box drawing."""
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def console() -> Console:
    """The console for data on stdout: plain and wide enough not to wrap when piped."""
    plain = is_plain()
    width = max(80, int(os.environ.get("COLUMNS", "0") or 0) or 160) if plain else None
    return Console(
        no_color=plain,
        highlight=False,
        emoji=False,
        width=width,
        force_terminal=False if plain else None,
        color_system=None if plain else "auto",
        soft_wrap=False,
    )


def make_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    caption: str | None = None,
    styles: Sequence[str | None] | None = None,
    right: Sequence[bool] | None = None,
) -> Table:
    plain = is_plain()
    table = Table(
        title=title,
        caption=caption,
        box=None if plain else box.SIMPLE_HEAD,
        header_style="" if plain else "bold",
        title_justify="left",
        caption_justify="left",
        pad_edge=False,
    )
    for i, header in enumerate(headers):
        table.add_column(
            header,
            justify="right" if right and right[i] else "left",
            no_wrap=i == 0,
            overflow="fold",
        )
    for r, row in enumerate(rows):
        style = styles[r] if styles else None
        table.add_row(*(Text(cell(v)) if not isinstance(v, Text) else v for v in row), style=style)
    return table


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], **kwargs: Any) -> None:
    console().print(make_table(headers, rows, **kwargs))
