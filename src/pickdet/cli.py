"""The command line: parse options, build a query, call the library, hand the result to a view."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from . import __version__, completion, run
from .errors import EXIT_DATA, EXIT_USAGE, PickdetError
from .run import build_query, emit_json, emit_rows, open_catalog, output_format

app = typer.Typer(
    name="pickdet",
    help=(
        "Pick a real-time object detector for your deployment, from a sourced catalogue of "
        "published benchmark figures.\n\n"
        "Exit codes: 0 success, 1 nothing matched, 2 usage error, 3 bad catalogue data."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_STATE = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def handles_errors(fn: F) -> F:
    """Turn library errors into a message on stderr and a documented exit code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        code = run.guarded(
            lambda: fn(*args, **kwargs) or 0,
            debug=_STATE["debug"],
            passthrough=(typer.Exit, typer.Abort),
        )
        if code:
            raise typer.Exit(code)

    return wrapper  # type: ignore[return-value]


# -- shared options -----------------------------------------------------------------------------

CatalogOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--catalog",
        help="Extra catalogue file (YAML or JSON); repeatable. Also read from PICKDET_CATALOG.",
        show_default=False,
    ),
]
NoBundledOpt = Annotated[
    bool, typer.Option("--no-bundled", help="Use only the given catalogue files.")
]
FormatOpt = Annotated[
    Format | None, typer.Option("--format", "-f", help="Output format.", show_default="table")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


# -- commands -----------------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pickdet {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    _STATE["debug"] = debug


HardwareOpt = Annotated[
    str | None,
    typer.Option(
        "--hardware",
        "-H",
        autocompletion=completion.hardware,
        help="Hardware profile the latency is read on (see `pickdet hardware`).",
        show_default="t4-trt10-fp16",
    ),
]


@app.command("list")
@handles_errors
def list_models(
    task: Annotated[
        str | None,
        typer.Option("--task", "-t", help="Only this task (detect, segment, pose, obb, classify)."),
    ] = None,
    family: Annotated[str | None, typer.Option(help="Only this family (any spelling).")] = None,
    hardware: HardwareOpt = None,
    license: Annotated[
        str | None, typer.Option("--license", help="Only this licence (SPDX id).")
    ] = None,
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List models as a table: accuracy, latency on one profile, params and FLOPs.

    Examples:

      pickdet list

      pickdet list --family damo-yolo --json

      pickdet list --task segment --hardware cpu-onnx
    """
    from .listing import list_rows, select_models

    out = output_format(fmt, as_json)
    cat = open_catalog(catalog, no_bundled)
    selection = select_models(cat, task=task, family=family, license=license, hardware=hardware)
    if out == "json":
        emit_json(selection.to_json())
        return
    headers, rows = list_rows(selection)
    emit_rows(out, headers, rows, caption=selection.caption())


@app.command()
@handles_errors
def show(
    model: Annotated[
        str,
        typer.Argument(
            help="Model name, e.g. yolov7-l, RT-DETR-R50, DAMO-YOLO-T.",
            autocompletion=completion.models,
        ),
    ],
    sources: Annotated[
        bool, typer.Option("--sources/--no-sources", help="List the sources.")
    ] = True,
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one model's card: every figure with its hardware profile, source and alternatives.

    Examples:

      pickdet show yolov7-l

      pickdet show "RT-DETR-R50" --json
    """
    from .export import envelope, model_dict
    from .render.card import figure_rows

    out = output_format(fmt, as_json)
    cat = open_catalog(catalog, no_bundled)
    data = model_dict(cat, cat.model(model))
    if out == "json":
        emit_json(envelope("model", model=data))
    elif out == "table":
        from .render.card import render_card

        render_card(data, show_sources=sources)
    else:
        emit_rows(out, ["figure", "value", "source", "other sources / notes"], figure_rows(data))


# -- the query options shared by recommend, pareto and plot ---------------------------------------

MaxMs = Annotated[
    float | None,
    typer.Option("--max-ms", help="Latency budget in ms per image.", show_default=False),
]
MinFps = Annotated[
    float | None,
    typer.Option(
        "--min-fps", help="Throughput floor (same budget as 1000/ms).", show_default=False
    ),
]
MinMap = Annotated[
    float | None,
    typer.Option(
        "--min-map",
        "--min-accuracy",
        help="Accuracy floor on --metric (percent).",
        show_default=False,
    ),
]
MetricOpt = Annotated[
    str | None,
    typer.Option(
        "--metric",
        help="map50_95, map50, mask_map50_95, pose_map50_95, top1, ... (default: the task's).",
        show_default=False,
    ),
]
MaxParams = Annotated[
    float | None,
    typer.Option("--max-params", help="Most parameters, millions.", show_default=False),
]
MaxFlops = Annotated[
    float | None, typer.Option("--max-flops", help="Most FLOPs, G.", show_default=False)
]
TaskOpt = Annotated[
    str, typer.Option("--task", "-t", help="detect, segment, pose, obb or classify.")
]
FamilyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--family",
        autocompletion=completion.families,
        help="Only these families; repeatable.",
        show_default=False,
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-family",
        autocompletion=completion.families,
        help="Not these families; repeatable.",
        show_default=False,
    ),
]
LicenseOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--license", help="Only these licences (SPDX ids); repeatable.", show_default=False
    ),
]
PermissiveOpt = Annotated[
    bool, typer.Option("--permissive", help="No copyleft and no unknown licence.")
]
NmsFreeOpt = Annotated[bool, typer.Option("--nms-free", help="Only models that need no NMS.")]
SinceOpt = Annotated[
    int | None, typer.Option("--since", help="Released in this year or later.", show_default=False)
]
EstimateOpt = Annotated[
    bool,
    typer.Option(
        "--estimate",
        help="Estimate latencies missing on the profile from a log-log fit on another profile "
        "(or FLOPs); shown as ~ms with the fit's typical error, never as measured.",
    ),
]
InputSizeOpt = Annotated[
    int | None,
    typer.Option("--input-size", help="Only this input size (pixels).", show_default=False),
]


@app.command()
@handles_errors
def recommend(
    max_ms: MaxMs = None,
    min_fps: MinFps = None,
    hardware: HardwareOpt = None,
    min_map: MinMap = None,
    metric: MetricOpt = None,
    max_params: MaxParams = None,
    max_flops: MaxFlops = None,
    task: TaskOpt = "detect",
    family: FamilyOpt = None,
    exclude_family: ExcludeOpt = None,
    license: LicenseOpt = None,
    permissive: PermissiveOpt = False,
    nms_free: NmsFreeOpt = False,
    since: SinceOpt = None,
    input_size: InputSizeOpt = None,
    estimate: EstimateOpt = False,
    sort: Annotated[
        str, typer.Option("--sort", help="accuracy, latency, params, flops or efficiency.")
    ] = "accuracy",
    pareto_on: Annotated[
        str | None,
        typer.Option(
            "--pareto-on",
            help="Pareto dimensions, e.g. latency,accuracy,params.",
            show_default="latency,accuracy",
        ),
    ] = None,
    top: Annotated[
        int | None, typer.Option("--top", "-n", help="Show only the best N.", show_default=False)
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List every excluded model and why.")
    ] = False,
    show_unknown: Annotated[
        bool,
        typer.Option("--show-unknown", help="List models lacking a figure a constraint needs."),
    ] = False,
    chart: Annotated[
        bool, typer.Option("--chart", help="Also draw the speed/accuracy chart.")
    ] = False,
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> int:
    """Rank the models that meet every constraint; explain the rest.

    Exit code 1 when nothing fits, with the nearest misses and the smallest change to one
    constraint that would admit a model.

    Examples:

      pickdet recommend --max-ms 7 --min-map 50

      pickdet recommend --max-ms 7 --min-map 50 --explain

      pickdet recommend --task segment --hardware cpu-onnx --max-ms 200 --permissive

      pickdet recommend --max-ms 7 --min-map 50 --json | jq '.candidates[0].id'
    """
    return run.recommend(locals())


@app.command()
@handles_errors
def pareto(
    hardware: HardwareOpt = None,
    metric: MetricOpt = None,
    task: TaskOpt = "detect",
    max_ms: MaxMs = None,
    min_fps: MinFps = None,
    min_map: MinMap = None,
    max_params: MaxParams = None,
    max_flops: MaxFlops = None,
    family: FamilyOpt = None,
    exclude_family: ExcludeOpt = None,
    license: LicenseOpt = None,
    permissive: PermissiveOpt = False,
    nms_free: NmsFreeOpt = False,
    since: SinceOpt = None,
    input_size: InputSizeOpt = None,
    estimate: EstimateOpt = False,
    chart: Annotated[
        bool, typer.Option("--chart/--no-chart", help="Draw the chart under the table.")
    ] = True,
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> int:
    """The speed/accuracy frontier for one hardware profile and task, fastest first.

    Each step says what it buys over the previous one ("+2.3 mAP for +1.1 ms").

    Examples:

      pickdet pareto

      pickdet pareto --hardware cpu-onnx --task segment

      pickdet pareto --permissive --json
    """
    return run.pareto(locals())


@app.command()
@handles_errors
def plot(
    x: Annotated[str, typer.Option("--x", help="latency, params or flops.")] = "latency",
    y: Annotated[
        str | None,
        typer.Option("--y", help="Any metric (default: the task's).", show_default=False),
    ] = None,
    hardware: HardwareOpt = None,
    task: TaskOpt = "detect",
    max_ms: MaxMs = None,
    min_map: MinMap = None,
    max_params: MaxParams = None,
    max_flops: MaxFlops = None,
    family: FamilyOpt = None,
    exclude_family: ExcludeOpt = None,
    license: LicenseOpt = None,
    permissive: PermissiveOpt = False,
    log_x: Annotated[bool, typer.Option("--log-x", help="Logarithmic x axis.")] = False,
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            min=40,
            max=400,
            help="Chart width in columns.",
            show_default="terminal, at most 100",
        ),
    ] = None,
    height: Annotated[
        int | None,
        typer.Option("--height", min=10, max=200, help="Chart height in rows.", show_default="24"),
    ] = None,
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
) -> None:
    """Scatter accuracy against latency (or params, FLOPs): a series per family, the Pareto front
    drawn over them, and the budget lines when --max-ms / --min-map are given.

    Examples:

      pickdet plot

      pickdet plot --max-ms 7 --min-map 50

      pickdet plot --x params --y map50 --log-x --width 120
    """
    from .render.chart import X_DIMS
    from .solver import recommend as solve

    if x not in X_DIMS:
        fail(f"--x must be one of {', '.join(X_DIMS)}, got {x!r}")
    cat = open_catalog(catalog, no_bundled, records=False)
    # Budget lines are drawn, not applied: the chart shows every model in scope.
    query = build_query(
        locals(),
        max_ms=None,
        min_map=None,
        max_params=None,
        max_flops=None,
        metric=y,
        sort="latency",
    )
    result = solve(cat, query)
    shown = result._replace(
        query=result.query._replace(
            max_ms=max_ms, min_accuracy=min_map, max_params=max_params, max_flops=max_flops
        )
    )
    run.print_chart(result.in_scope, shown, x=x, log_x=log_x, width=width, height=height)


@app.command()
@handles_errors
def compare(
    names: Annotated[
        list[str],
        typer.Argument(
            help="Two or more families (yolov7 rtdetrv2) or models (yolo11m rtdetrv2-s).",
            autocompletion=completion.models_or_families,
            show_default=False,
        ),
    ],
    task: TaskOpt = "detect",
    metric: MetricOpt = None,
    hardware: HardwareOpt = None,
    chart: Annotated[bool, typer.Option("--chart", help="Also draw the compared models.")] = False,
    estimate: EstimateOpt = False,
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare families aligned by size class (n/t, s, m, b/c, l, x), or models side by side.

    Families: one table per figure (accuracy, latency, params, FLOPs), N/A where a family has no
    such variant, the better value highlighted, and a summary of the trade-off. Models: one
    column each, with deltas against the first. --format markdown gives tables ready to paste.

    Examples:

      pickdet compare yolov7 rtdetrv2

      pickdet compare damo-yolo yolov7 --format markdown

      pickdet compare yolo11m rtdetrv2-s damo-yolo-m
    """
    from . import compare as cmp

    out = output_format(fmt, as_json)
    if len(names) < 2:
        fail("compare needs two or more families or models")
    cat = open_catalog(catalog, no_bundled)
    query = build_query(locals())
    hw = cat.profile_id(query.hardware)
    # An exact family id needs no name index (seconds to build on a large catalogue).
    kinds = [n in cat.facts or cat.names.is_family(n) for n in names]
    if all(kinds):
        families = list({f.id: f for f in (cat.family(n) for n in names)}.values())
        if len(families) < 2:
            fail("compare needs two or more different families")
        result: Any = cmp.compare_families(
            cat, families, task=query.task, metric=query.metric, hardware=hw, estimate=estimate
        )
        tables = cmp.family_tables(result)
        summary = result.summary()
        long_rows = cmp.family_long_rows(result)
        models = [c.model for _, cells in result.rows for c in cells if c is not None]
    elif not any(kinds):
        picked = [cat.model(n) for n in names]
        result = cmp.compare_models(
            cat, picked, metric=metric and query.metric, hardware=hw, estimate=estimate
        )
        tables = [cmp.model_table(result)]
        summary = []
        long_rows = (tables[0].headers, tables[0].rows)
        models = picked
    else:
        for name, is_family in zip(names, kinds, strict=True):
            if not is_family and not cat.names.is_model(name):
                cat.family(name)  # unknown: raises with the nearest family names
        fail("compare takes families or models, not a mix: " + ", ".join(names))
    if out == "json":
        emit_json(result.to_json())
    elif out == "markdown":
        typer.echo(cmp.to_markdown(tables), nl=False)
        for line in summary:
            typer.echo(f"\n{line}", nl=False)
        typer.echo("" if not summary else "\n", nl=False)
    elif out == "csv":
        emit_rows(out, *long_rows)
    else:
        from .render.comparison import print_tables

        print_tables(tables, summary)
        if chart:
            from .solver import recommend as solve

            solved = solve(cat, query)
            wanted = {m.id for m in models}
            run.print_chart(
                [r for r in solved.in_scope if r.model.id in wanted], solved, x="latency"
            )


@app.command()
@handles_errors
def families(
    task: Annotated[
        str | None, typer.Option("--task", "-t", help="Only families with models for this task.")
    ] = None,
    license: Annotated[
        str | None, typer.Option("--license", help="Only this licence (SPDX id).")
    ] = None,
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One row per family: organisation, year, licence, tasks, variants, NMS-free.

    Examples:

      pickdet families

      pickdet families --task pose --json
    """
    from .export import envelope, family_dict
    from .solver import check_license, check_task

    out = output_format(fmt, as_json)
    cat = open_catalog(catalog, no_bundled)
    wanted_task = check_task(task)
    spdx = check_license(cat, license)
    rows = [family_dict(f, cat) for f in cat.families.values()]
    rows = [
        r
        for r in rows
        if (wanted_task is None or wanted_task in r["tasks"])
        and (spdx is None or r["license"] == spdx)
    ]
    if out == "json":
        emit_json(envelope("families", count=len(rows), families=rows))
        return
    headers = [
        "id",
        "name",
        "organisation",
        "year",
        "licence",
        "tasks",
        "models",
        "NMS-free",
        "architecture",
    ]
    table = [
        [
            r["id"],
            r["name"],
            r["organisation"],
            (r["released"] or "")[:4],
            r["license"] or "unknown",
            ",".join(r["tasks"]),
            len(r["models"]),
            "?" if r["nms_free"] is None else r["nms_free"],
            r["architecture"],
        ]
        for r in rows
    ]
    emit_rows(out, headers, table, caption=f"{len(rows)} families")


@app.command()
@handles_errors
def hardware(
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The hardware profiles (measurement protocols) and how many models each covers.

    Figures measured under different protocols (device, runtime and version, precision, batch,
    whether NMS is timed) are different profiles and are never ranked together.

    Examples:

      pickdet hardware

      pickdet hardware --json
    """
    from .export import envelope

    out = output_format(fmt, as_json)
    cat = open_catalog(catalog, no_bundled, records=False)
    # From the cached profiles and the latency columns: no record needs loading.
    rows = sorted(
        ({**p, "models": cat.coverage(k)} for k, p in cat.profiles.items()),
        key=lambda r: (-r["models"], r["id"]),
    )
    if out == "json":
        emit_json(envelope("hardware", count=len(rows), hardware=rows))
        return
    nms = {True: "yes", False: "no", None: "unknown"}
    headers = ["id", "device", "runtime", "precision", "batch", "NMS timed", "models"]
    table = [
        [
            r["id"],
            r["device"],
            " ".join(x for x in (r["runtime"], r["runtime_version"]) if x),
            r["precision"],
            r["batch"],
            nms[r["includes_nms"]],
            r["models"],
        ]
        for r in rows
    ]
    emit_rows(out, headers, table, caption=f"{len(rows)} profiles; default t4-trt10-fp16")


@app.command()
@handles_errors
def sources(
    model: Annotated[str, typer.Argument(help="Model name.", autocompletion=completion.models)],
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Every figure of a model with the document it was read from, and the values others give.

    Examples:

      pickdet sources rtdetr-r50

      pickdet sources yolov7-l --json
    """
    from .export import envelope, model_dict
    from .render.card import figure_rows

    out = output_format(fmt, as_json)
    cat = open_catalog(catalog, no_bundled)
    data = model_dict(cat, cat.model(model))
    if out == "json":
        emit_json(
            envelope("sources", model=data["id"], figures=data["figures"], sources=data["sources"])
        )
        return
    emit_rows(
        out,
        ["figure", "value", "source", "other sources / notes"],
        figure_rows(data),
        title=data["name"],
    )
    srcs = [
        [s["id"], s["title"], s["url"] or "(no stable URL)", s["commit"] or "", s["accessed"] or ""]
        for s in data["sources"]
    ]
    emit_rows(out, ["source", "title", "url", "commit", "read"], srcs, title="Sources")


@app.command()
@handles_errors
def audit(
    level: Annotated[
        str,
        typer.Option(
            "--level", help="Show findings of this level and above: error, warning, info."
        ),
    ] = "warning",
    catalog: CatalogOpt = None,
    no_bundled: NoBundledOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the catalogue: disagreements between sources and figures that cannot all be right.

    Errors (exit 3): mAP50 below mAP50-95, top-5 below top-1, a family citing no source, a name
    that resolves to several models. Warnings: ms and FPS that disagree, unknown licences,
    sources without a URL. Info: every value another source gives differently.

    Examples:

      pickdet audit

      pickdet audit --level info --json
    """
    from .audit import LEVELS as levels
    from .audit import audit as run_audit
    from .audit import audit_dict, counts

    if level not in levels:
        fail(f"--level must be one of {', '.join(levels)}, got {level!r}")
    out = output_format(fmt, as_json)
    cat = open_catalog(catalog, no_bundled)
    findings = run_audit(cat)
    shown = [f for f in findings if levels.index(f.level) <= levels.index(level)]
    if out == "json":
        emit_json(audit_dict(findings, shown))
    else:
        rows = [[f.level, f.kind, f.where, f.message] for f in shown]
        n = counts(findings)
        caption = f"{n['error']} errors, {n['warning']} warnings, {n['info']} info"
        emit_rows(out, ["level", "kind", "where", "message"], rows, caption=caption)
    if any(f.level == "error" for f in findings):
        raise typer.Exit(EXIT_DATA)


@app.command()
@handles_errors
def validate(
    paths: Annotated[
        list[str], typer.Argument(help="Catalogue files (YAML or JSON).", show_default=False)
    ],
    no_bundled: Annotated[
        bool, typer.Option("--no-bundled", help="Check references without the bundled catalogue.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check catalogue files and report every problem at once (file:line:column, field, fix).

    Exit 0 when clean, 3 when any file has a problem. References to the bundled catalogue's
    sources, profiles and families are resolved unless --no-bundled is given.

    Examples:

      pickdet validate my-catalog.yaml

      pickdet init-catalog > mine.yaml && pickdet validate mine.yaml
    """
    from .catalog.catalog import BUNDLED_NAME, bundled_path
    from .catalog.files import check_files, load_file

    base = None if no_bundled else load_file(bundled_path(), name=BUNDLED_NAME)
    problems = check_files([_path(p) for p in paths], bundled=base)
    if as_json:
        from .export import envelope

        emit_json(
            envelope(
                "validate",
                files=[str(p) for p in paths],
                ok=not problems,
                problems=[
                    {
                        "file": p.file,
                        "line": p.line,
                        "column": p.column,
                        "path": p.path,
                        "message": p.message,
                    }
                    for p in problems
                ],
            )
        )
    else:
        for p in problems:
            typer.echo(str(p), err=True)
        count = len(problems)
        verdict = "ok" if not problems else f"{count} problem{'s' if count != 1 else ''}"
        typer.echo(f"{', '.join(str(p) for p in paths)}: {verdict}", err=True)
    if problems:
        raise typer.Exit(EXIT_DATA)


@app.command("init-catalog")
@handles_errors
def init_catalog() -> None:
    """Print a valid, commented example user catalogue (a profile, a source, models) to stdout.

    Example:

      pickdet init-catalog > my-catalog.yaml
    """
    from .catalog.catalog import DATA_DIR

    typer.echo(Path(DATA_DIR, "example_catalog.yaml").read_text("utf-8"), nl=False)


@app.command()
@handles_errors
def bench(
    model_file: Annotated[str, typer.Argument(help="The ONNX model to time.", show_default=False)],
    name: Annotated[
        str,
        typer.Option(
            "--name",
            help="Model name to record it under (e.g. yolo11-n or my-det-s).",
            show_default=False,
        ),
    ],
    runs: Annotated[int, typer.Option("--runs", min=1, max=100_000, help="Timed runs.")] = 50,
    warmup: Annotated[
        int, typer.Option("--warmup", min=0, max=10_000, help="Untimed runs first.")
    ] = 5,
    imgsz: Annotated[
        int | None,
        typer.Option(
            "--imgsz",
            min=1,
            max=16384,
            help="Square input size, for models with dynamic spatial dimensions.",
            show_default=False,
        ),
    ] = None,
    batch: Annotated[
        int | None,
        typer.Option(
            "--batch",
            min=1,
            max=4096,
            help="Batch size, for models with a dynamic batch dimension.",
            show_default=False,
        ),
    ] = None,
    provider: Annotated[
        str, typer.Option("--provider", help="cpu, cuda or tensorrt (never silently another).")
    ] = "cpu",
    task: Annotated[
        str, typer.Option("--task", "-t", help="Task of the model being timed.")
    ] = "detect",
    family: Annotated[
        str | None,
        typer.Option(
            "--family",
            help="Family to file a new model under (default: 'local').",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="User catalogue to record into.",
            show_default="~/.local/share/pickdet/bench.yaml",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Time an ONNX model on this machine with onnxruntime and record it in a user catalogue.

    Reports median, mean, p90, p99, min, max and standard deviation in ms, detects this machine's
    hardware profile (CPU or GPU, onnxruntime version, provider, precision, batch), and records the
    median under that profile (the file's sha256 as its source), so that recommend can rank it
    beside the published figures. Needs the optional extra: pip install 'pickdet[bench]'.

    Examples:

      pickdet bench yolo11n.onnx --name yolo11-n

      pickdet bench my-det.onnx --name my-det-s --imgsz 640 --batch 1 --runs 200

      pickdet recommend --catalog ~/.local/share/pickdet/bench.yaml --hardware <profile> --max-ms 20
    """
    from . import bench as b
    from .solver import check_task

    model_path = _path(model_file)

    task = check_task(task) or "detect"
    target = _path(output) if output else b.default_catalog_path()
    progress_cb, finish = _progress(runs, quiet=as_json)
    try:
        stats, detail = b.measure(
            model_path,
            provider=provider,
            runs=runs,
            warmup=warmup,
            imgsz=imgsz,
            batch=batch,
            progress=progress_cb,
        )
    finally:
        finish()
    profile = b.detect_profile(provider, b.infer_precision(model_path), detail["batch"])
    model_id = b.record(
        target,
        name=name,
        stats=stats,
        profile=profile,
        model_path=model_path,
        sha256=detail["sha256"],
        task=task,
        family=family,
        detail=detail,
    )
    from dataclasses import asdict

    if as_json:
        from .export import envelope

        emit_json(
            envelope(
                "bench",
                model=model_id,
                catalog=str(target),
                profile=asdict(profile),
                stats=asdict(stats),
                detail=detail,
            )
        )
        return
    s = stats
    typer.echo(f"{model_path.name}: {s.runs} runs on {profile.device} ({profile.provider})")
    figures = (
        ("median", s.median_ms),
        ("mean", s.mean_ms),
        ("p90", s.p90_ms),
        ("p99", s.p99_ms),
        ("min", s.min_ms),
        ("max", s.max_ms),
        ("std", s.std_ms),
    )
    emit_rows("table", ["statistic", "ms"], [[k, f"{v:.4g}"] for k, v in figures])
    typer.echo(f"recorded {model_id} on profile {profile.id} in {target}", err=True)
    typer.echo(
        f"rank it: pickdet recommend --catalog {target} --hardware {profile.id} --max-ms <budget>",
        err=True,
    )


def _path(text: str) -> Path:
    return Path(run.catalog_path(text))


def _progress(total: int, *, quiet: bool) -> tuple[Any, Any]:
    """A rich progress bar on stderr (none when quiet or not a terminal)."""
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(transient=True, console=Console(stderr=True))
    task_id = bar.add_task("timing", total=total)
    bar.start()
    return (lambda done, _total: bar.update(task_id, completed=done)), bar.stop


@app.command()
@handles_errors
def schema() -> None:
    """Print the JSON Schema of the catalogue format (for editors and validators).

    Example:

      pickdet schema > pickdet-catalog.schema.json
    """
    from .catalog.files import json_schema

    emit_json(json_schema())


def _only_invoked_command(argv: list[str]) -> None:
    """Register only the command being run: typer converts every registered command to click
    on each start, which costs more than answering a query from the cached catalogue."""
    names = [a for a in argv if not a.startswith("-")]
    if not names or any(a in ("-h", "--help") for a in argv[: argv.index(names[0])]):
        return
    wanted = [c for c in app.registered_commands if _command_name(c) == names[0]]
    if wanted:
        app.registered_commands = wanted


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def main() -> None:
    if os.environ.get("NO_COLOR") or not sys.stderr.isatty():
        app.rich_markup_mode = None  # plain usage errors and help: no boxes into a pipe
    _only_invoked_command(sys.argv[1:])
    # One command per process: what it builds (10^6 records and their views on a large
    # catalogue) lives to the end, so the cycle collector would rescan it for nothing.
    gc.disable()
    try:
        app()
    except Exception as exc:  # raised while parsing arguments, before a command's own handler
        if "--debug" in sys.argv:
            raise
        code = exc.exit_code if isinstance(exc, PickdetError) else EXIT_USAGE
        fail(f"{exc}", code)
