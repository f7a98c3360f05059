"""Comparisons for people: one small table per figure, the better value in bold."""

from __future__ import annotations

from ..compare import TextTable
from .screen import screen


def print_tables(tables: list[TextTable], summary: list[str] | None = None) -> None:
    out = screen()
    for t in tables:
        out.table(t.headers, t.rows, title=t.title, marked=t.best)
    if any("*" in v for t in tables for row in t.rows for v in row):
        out.line("* latency derived from a published FPS figure (1000 / FPS)")
    if any(v.startswith("~") for t in tables for row in t.rows for v in row):
        out.line("~ latency estimated (--estimate), not measured")
    for line in summary or []:
        out.line(line)
