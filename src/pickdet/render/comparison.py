"""Comparisons for people: one small table per figure, the better value in bold."""

from __future__ import annotations

from rich.text import Text

from ..compare import TextTable
from .table import console, make_table


def print_tables(tables: list[TextTable], summary: list[str] | None = None) -> None:
    out = console()
    for t in tables:
        rows = [
            [Text(v, style="bold green" if (r, c) in t.best else "") for c, v in enumerate(row)]
            for r, row in enumerate(t.rows)
        ]
        out.print(make_table(t.headers, rows, title=t.title))
    if any("*" in v for t in tables for row in t.rows for v in row):
        out.print(Text("* latency derived from a published FPS figure (1000 / FPS)"))
    if any(v.startswith("~") for t in tables for row in t.rows for v in row):
        out.print(Text("~ latency estimated (--estimate), not measured"))
    for line in summary or []:
        out.print(Text(line))
