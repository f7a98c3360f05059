"""Plain-data views of solver results: the JSON contract, and rows for table, CSV and markdown."""

from __future__ import annotations

from typing import Any

from .catalog import Catalog
from .catalog.entries import Entries
from .export import envelope
from .metrics import metric_label
from .render.formats import latency_text
from .solver import OPTION, Check, Query, Result, Row, Step


def query_dict(catalog: Catalog, query: Query, metric: str, dataset: str) -> dict[str, Any]:
    return {
        "task": query.task,
        "hardware": catalog.profiles[query.hardware],
        "metric": metric,
        "dataset": dataset,
        "max_ms": query.max_ms,
        "min_fps": query.min_fps,
        "latency_budget_ms": query.latency_budget,
        "min_accuracy": query.min_accuracy,
        "max_params": query.max_params,
        "max_flops": query.max_flops,
        "families": list(query.families),
        "exclude_families": list(query.exclude_families),
        "licenses": list(query.licenses),
        "permissive": query.permissive,
        "nms_free": query.nms_free,
        "since": query.since,
        "input_size": query.input_size,
        "sort": query.sort,
        "pareto_on": list(query.pareto_on),
        "top": query.top,
    }


def row_dict(row: Row, metric: str) -> dict[str, Any]:
    m = row.model
    return {
        "rank": row.rank,
        "id": m.id,
        "name": m.display_name,
        "family": m.family,
        "family_name": row.family.name,
        "variant": m.variant,
        "task": m.task,
        "input_size": m.input_size,
        "latency_ms": row.latency_ms,
        "latency_derived": row.latency_derived,
        "estimated": row.estimate is not None,
        "estimate": None
        if row.estimate is None
        else {
            "basis": row.estimate.fit.basis,
            "pairs": row.estimate.fit.pairs,
            "typical_error_pct": round(row.estimate.fit.error_pct, 1),
        },
        "accuracy": row.accuracy,
        "metric": metric,
        "params_m": row.params_m,
        "flops_g": row.flops_g,
        "license": row.family.license,
        "nms_free": row.family.nms_free,
        "pareto_optimal": row.pareto_optimal,
    }


def _briefs(entries: Entries, rows: list[Row], key: str, failed: bool) -> list[dict[str, Any]]:
    """Excluded (``failed``) or unknown models: who each is, the figures the query is about, and
    its failed or missing checks under ``key``. There can be 10^5 of them: a missing figure's
    check, which many rows share, becomes a dict once."""
    shared: dict[int, dict[str, Any]] = {}

    def shared_dict(check: Check) -> dict[str, Any]:
        done = shared.get(id(check))
        if done is None:
            done = shared[id(check)] = check_dict(check)
        return done

    as_dict = check_dict if failed else shared_dict
    ids, names, families = entries.id, entries.name, entries.family
    out = []
    for row in rows:
        i = row.model.index
        checks = row.failed if failed else row.missing
        out.append(
            {
                "id": ids[i],
                "name": names[i],
                "family": families[i],
                "latency_ms": row.latency_ms,
                "estimated": row.estimate is not None,
                "accuracy": row.accuracy,
                "params_m": row.params_m,
                "flops_g": row.flops_g,
                key: [as_dict(c) for c in checks],
            }
        )
    return out


def check_dict(check: Check) -> dict[str, Any]:
    limit = check.limit
    return {
        "constraint": check.constraint,
        "option": OPTION.get(check.constraint),
        "value": check.value,
        "limit": list(limit) if isinstance(limit, tuple) else limit,
        "by": check.by,
        "message": check.message,
    }


def result_dict(catalog: Catalog, result: Result) -> dict[str, Any]:
    metric = result.metric
    top = result.candidates[0] if result.candidates else None
    return envelope(
        "recommend",
        query=query_dict(catalog, result.query, metric, result.dataset),
        top_pick={"id": top.model.id, "reason": result.top_reason} if top else None,
        total_candidates=result.total_candidates,
        candidates=[row_dict(r, metric) for r in result.candidates],
        excluded=_briefs(catalog.entries, result.excluded, "reasons", failed=True),
        unknown=_briefs(catalog.entries, result.unknown, "missing", failed=False),
        out_of_scope=result.out_of_scope,
        nearest_misses=[r.model.id for r in result.nearest],
        suggestions=[
            {
                "constraint": s.constraint,
                "option": s.option,
                "value": _plain(s.value),
                "admits": s.admits,
                "text": s.text,
            }
            for s in result.suggestions
        ],
    )


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def ms_text(row: Row) -> str:
    if row.latency_ms is None:
        return "?"
    return latency_text(
        row.latency_ms, derived=row.latency_derived, estimated=row.estimate is not None
    )


def number_text(value: float | None) -> str:
    """A catalogue figure as its source printed it; ``?`` when unknown."""
    return "?" if value is None else str(value)


def candidate_rows(result: Result) -> tuple[list[str], list[list[Any]]]:
    headers = [
        "rank",
        "model",
        "family",
        metric_label(result.metric),
        f"ms {result.query.hardware}",
        "params M",
        "FLOPs G",
        "licence",
        "pareto",
    ]
    rows = [
        [
            r.rank,
            r.model.id,
            r.family.name,
            number_text(r.accuracy),
            ms_text(r),
            number_text(r.params_m),
            number_text(r.flops_g),
            r.family.license or "unknown",
            {True: "yes", False: "", None: "?"}[r.pareto_optimal],
        ]
        for r in result.candidates
    ]
    return headers, rows


def left_out_rows(result: Result, which: str) -> tuple[list[str], list[list[Any]]]:
    """Rows for the ``excluded`` models (and the constraints they fail) or the ``unknown`` ones
    (and the figures they lack)."""
    rows = result.excluded if which == "excluded" else result.unknown
    label = "fails" if which == "excluded" else "missing"
    headers = ["model", metric_label(result.metric), "ms", label]
    table = [
        [
            r.model.id,
            number_text(r.accuracy),
            ms_text(r),
            "; ".join(
                f"{OPTION[c.constraint]}: {c.message}"
                for c in (r.failed if which == "excluded" else r.missing)
            ),
        ]
        for r in rows
    ]
    return headers, table


def frontier_dict(catalog: Catalog, result: Result, steps: list[Step]) -> dict[str, Any]:
    return envelope(
        "pareto",
        query=query_dict(catalog, result.query, result.metric, result.dataset),
        considered=sum(
            1 for r in result.all_feasible if r.latency_ms is not None and r.accuracy is not None
        ),
        unknown=[
            r.model.id for r in result.all_feasible if r.latency_ms is None or r.accuracy is None
        ],
        frontier=[
            {
                **row_dict(s.row, result.metric),
                "gain_accuracy": s.gain_accuracy,
                "extra_ms": s.extra_ms,
            }
            for s in steps
        ],
    )


def frontier_rows(result: Result, steps: list[Step]) -> tuple[list[str], list[list[Any]]]:
    label = metric_label(result.metric)
    headers = ["model", "family", label, f"ms {result.query.hardware}", "params M", "step"]
    rows = []
    for s in steps:
        r = s.row
        step = (
            ""
            if s.gain_accuracy is None
            else f"+{s.gain_accuracy:.3g} {label} for +{s.extra_ms:.3g} ms"
        )
        rows.append(
            [
                r.model.id,
                r.family.name,
                number_text(r.accuracy),
                ms_text(r),
                number_text(r.params_m),
                step,
            ]
        )
    return headers, rows
