"""What the commands do once their options are parsed, free of typer.

``recommend`` and ``pareto`` are the commands scripts call in loops; ``fastcli`` parses their
options without importing typer and calls the bodies here, and the typer CLI calls the same
bodies, so both give the same answer. A body takes the options as a dict (named as in the typer
signature) and returns the exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from .errors import EXIT_INTERNAL, EXIT_NO_MATCH, EXIT_OK, PickdetError, UsageError

# The options every query-taking command may have, as they are named in its signature.
QUERY_OPTIONS = (
    "max_ms",
    "min_fps",
    "hardware",
    "min_map",
    "metric",
    "max_params",
    "max_flops",
    "task",
    "family",
    "exclude_family",
    "license",
    "permissive",
    "nms_free",
    "since",
    "input_size",
    "sort",
    "pareto_on",
    "top",
    "estimate",
)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


def guarded(
    call: Callable[[], int],
    *,
    debug: bool = False,
    passthrough: tuple[type[BaseException], ...] = (),
) -> int:
    """Run a command body; library errors become a message on stderr and their exit code."""
    try:
        return call()
    except passthrough:  # the CLI framework's own exits
        raise
    except KeyboardInterrupt:
        raise
    except PickdetError as exc:
        if debug:
            raise
        echo(f"error: {exc}", err=True)
        return exc.exit_code
    except BrokenPipeError:
        # A closed pipe (e.g. `| head`) is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if debug:
            raise
        echo(
            f"error: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            err=True,
        )
        return EXIT_INTERNAL


def output_format(fmt: str | None, as_json: bool) -> str:
    fmt = getattr(fmt, "value", fmt)  # the CLI's enum member, or its value
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json contradicts --format {fmt}; give one of them")
    return "json" if as_json else (fmt or "table")


def catalog_path(text: str) -> str:
    if "\x00" in text:
        raise UsageError(f"not a valid path: {text!r}")
    return text


# Set by the fast path, which runs one command and then ends the process without freeing
# anything: what the command made is kept here, not freed object by object on its return.
KEPT: list[Any] | None = None


def keep(*made: Any) -> None:
    if KEPT is not None:
        KEPT.extend(made)


def open_catalog(paths: list[str] | None, no_bundled: bool, *, records: bool = True) -> Any:
    """The catalogue a command reads; ``records=False`` where it reads none (see ``load``)."""
    from .catalog import load

    env = os.environ.get("PICKDET_CATALOG", "")
    files = [catalog_path(p) for p in env.split(os.pathsep) if p.strip()]
    files += [catalog_path(p) for p in paths or []]
    if no_bundled and not files:
        raise UsageError("--no-bundled needs at least one --catalog file (or PICKDET_CATALOG)")
    catalog = load(files, bundled=not no_bundled, records=records)
    for notice in catalog.notices:
        echo(f"note: {notice}", err=True)
    return catalog


# From this many models on, an answer is large enough to be worth a faster JSON encoder.
LARGE_CATALOGUE = 2000


def emit_json(payload: Any, *, large: bool = False) -> None:
    from .render.formats import to_json

    echo(to_json(payload, large=large))


def emit_rows(fmt: str, headers: list[str], rows: list[list[Any]], **table_kwargs: Any) -> None:
    from .render import formats

    if fmt == "csv":
        echo(formats.to_csv(headers, rows), nl=False)
    elif fmt == "markdown":
        echo(formats.to_markdown(headers, rows), nl=False)
    else:
        from .render.screen import screen

        screen().table(headers, rows, **table_kwargs)


def build_query(options: dict[str, Any], **overrides: Any) -> Any:
    """A Query from a command's options (its ``locals()``), checked and normalised."""
    from .metrics import DEFAULT_HARDWARE, METRICS, parse_metric
    from .solver import Query, check_task

    opts = {k: options[k] for k in QUERY_OPTIONS if k in options}
    opts.update(overrides)
    metric = opts.get("metric")
    if metric is not None:
        metric = parse_metric(metric)
        if metric is None:
            raise UsageError(
                f"unknown metric {opts['metric']!r}; valid metrics: {', '.join(METRICS)}"
            )
    pareto_on = opts.get("pareto_on")
    return Query(
        task=check_task(opts.get("task")) or "detect",
        hardware=opts.get("hardware") or DEFAULT_HARDWARE,
        metric=metric,
        max_ms=opts.get("max_ms"),
        min_fps=opts.get("min_fps"),
        min_accuracy=opts.get("min_map"),
        max_params=opts.get("max_params"),
        max_flops=opts.get("max_flops"),
        families=tuple(opts.get("family") or ()),
        exclude_families=tuple(opts.get("exclude_family") or ()),
        licenses=tuple(opts.get("license") or ()),
        permissive=bool(opts.get("permissive")),
        nms_free=bool(opts.get("nms_free")),
        since=opts.get("since"),
        input_size=opts.get("input_size"),
        sort=opts.get("sort") or "accuracy",
        pareto_on=tuple(p.strip() for p in pareto_on.split(","))
        if pareto_on
        else ("latency", "accuracy"),
        top=opts.get("top"),
        estimate=bool(opts.get("estimate")),
    )


def recommend(o: dict[str, Any]) -> int:
    """Rank the models that meet every constraint (exit 1 when none does)."""
    from .solver import recommend as solve

    out = output_format(o.get("fmt"), o.get("as_json", False))
    cat = open_catalog(o.get("catalog"), o.get("no_bundled", False), records=False)
    result = solve(cat, build_query(o))
    keep(cat, result)
    if out == "json":
        from .results import result_dict

        answer = result_dict(cat, result)
        keep(answer)
        emit_json(answer, large=len(cat.entries) > LARGE_CATALOGUE)
    elif out == "table":
        from .render.answer import print_recommendation

        print_recommendation(
            cat, result, explain=o.get("explain", False), show_unknown=o.get("show_unknown", False)
        )
        if o.get("chart"):
            print_chart(result.in_scope, result, x="latency")
    else:
        from .results import candidate_rows

        emit_rows(out, *candidate_rows(result))
    return EXIT_OK if result.candidates else EXIT_NO_MATCH


def pareto(o: dict[str, Any]) -> int:
    """The speed/accuracy frontier, fastest first (exit 1 when it is empty)."""
    from .results import frontier_dict, frontier_rows
    from .solver import frontier
    from .solver import recommend as solve

    out = output_format(o.get("fmt"), o.get("as_json", False))
    cat = open_catalog(o.get("catalog"), o.get("no_bundled", False), records=False)
    result = solve(cat, build_query(o, sort="latency"))
    steps = frontier(result)
    keep(cat, result, steps)
    if out == "json":
        answer = frontier_dict(cat, result, steps)
        keep(answer)
        emit_json(answer, large=len(cat.entries) > LARGE_CATALOGUE)
    else:
        headers, rows = frontier_rows(result, steps)
        considered = sum(
            1 for r in result.all_feasible if r.latency_ms is not None and r.accuracy is not None
        )
        emit_rows(
            out,
            headers,
            rows,
            title=f"Pareto front: {len(steps)} of {considered} models with both figures "
            f"on {result.query.hardware}",
        )
        if out == "table" and o.get("chart", True):
            print_chart(result.all_feasible, result, x="latency")
    return EXIT_OK if steps else EXIT_NO_MATCH


def print_chart(
    rows: Any,
    result: Any,
    *,
    x: str,
    log_x: bool = False,
    width: int | None = None,
    height: int | None = None,
    title: str | None = None,
) -> None:
    import shutil

    from .render.chart import build_chart, render
    from .render.screen import is_plain

    q = result.query
    spec = build_chart(
        rows,
        x=x,
        metric=result.metric,
        hardware=q.hardware,
        title=title,
        x_limit=q.latency_budget
        if x == "latency"
        else {"params": q.max_params, "flops": q.max_flops}[x],
        y_limit=q.min_accuracy,
        log_x=log_x,
    )
    cols = shutil.get_terminal_size((80, 24)).columns
    echo(render(spec, width=width or min(cols, 100), height=height or 24, color=not is_plain()))
    if spec.skipped:
        echo(f"{len(spec.skipped)} models not drawn (no figure on an axis)", err=True)
