"""The terminal screen (rich): colour, bold headers, light box lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .formats import cell


def make_table(
    headers: Sequence[str] | None,
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    caption: str | None = None,
    styles: Sequence[str | None] | None = None,
    marked: set[tuple[int, int]] | None = None,
) -> Table:
    if headers is None:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
    else:
        table = Table(
            title=title,
            caption=caption,
            box=box.SIMPLE_HEAD,
            header_style="bold",
            title_justify="left",
            caption_justify="left",
            pad_edge=False,
        )
        for i, header in enumerate(headers):
            table.add_column(header, no_wrap=i == 0, overflow="fold")
    for r, row in enumerate(rows):
        texts = [
            Text(cell(v), style="bold green" if marked and (r, c) in marked else "")
            for c, v in enumerate(row)
        ]
        table.add_row(*texts, style=styles[r] if styles else None)
    return table


class RichScreen:
    def __init__(self) -> None:
        self.console = Console(highlight=False, emoji=False, soft_wrap=False)

    def line(self, text: str, style: str = "") -> None:
        self.console.print(Text(text, style=style))

    def pairs(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.console.print(make_table(None, pairs))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], **kwargs: Any) -> None:
        self.console.print(make_table(headers, rows, **kwargs))
