"""The recommendation for people: candidates, the top pick and why, what was left out and why."""

from __future__ import annotations

from ..catalog import Catalog
from ..metrics import metric_label
from ..results import candidate_rows, left_out_rows
from ..solver import Result
from .screen import screen


def print_recommendation(
    catalog: Catalog, result: Result, *, explain: bool = False, show_unknown: bool = False
) -> None:
    out = screen()
    q = result.query
    hw = catalog.profiles[q.hardware]
    out.line(
        f"{q.task} models on {hw['id']} ({hw['name']}), ranked by {q.sort}; "
        f"accuracy is {metric_label(result.metric)} on {result.dataset}"
    )
    if result.candidates:
        headers, rows = candidate_rows(result)
        styles = ["bold green"] + [None] * (len(rows) - 1)
        shown = len(result.candidates)
        total = result.total_candidates
        title = f"{total} candidate{'s' if total != 1 else ''}" + (
            f" (top {shown})" if shown < total else ""
        )
        out.table(headers, rows, title=title, styles=styles)
        top = result.candidates[0]
        out.line(f"Top pick: {top.model.display_name} - {result.top_reason}", style="bold")
        if any(r.latency_derived for r in result.candidates):
            out.line("* latency derived from a published FPS figure (1000 / FPS)")
        estimated = [r.estimate for r in result.candidates if r.estimate is not None]
        if estimated:
            worst = max(e.fit.error_pct for e in estimated)
            bases = ", ".join(sorted({e.fit.basis for e in estimated}))
            out.line(
                f"~ latency estimated, not measured: a log-log fit on {bases} "
                f"(typical error up to {worst:.0f}%)"
            )
    else:
        out.line("No model meets every constraint.", style="bold red")
        if result.nearest:
            near = ", ".join(
                f"{r.model.display_name} ({'; '.join(c.message for c in r.failed)})"
                for r in result.nearest
            )
            out.line(f"Nearest misses: {near}")
        for s in result.suggestions:
            out.line(f"  - {s.text}")
    summary = [f"{len(result.excluded)} excluded"]
    if result.excluded and not explain:
        summary[-1] += " (--explain lists why)"
    summary.append(f"{len(result.unknown)} unknown")
    if result.unknown and not show_unknown:
        summary[-1] += " (lacking a figure a constraint needs; --show-unknown lists them)"
    if result.out_of_scope:
        scope = ", ".join(
            f"{k.replace('_', ' ')}: {v}" for k, v in sorted(result.out_of_scope.items())
        )
        summary.append(f"out of scope: {scope}")
    out.line("; ".join(summary))
    if explain and result.excluded:
        out.table(*left_out_rows(result, "excluded"), title="Excluded")
    if show_unknown and result.unknown:
        out.table(*left_out_rows(result, "unknown"), title="Unknown")
