"""The command line: parse options, build a query, call the library, hand the result to a view."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from . import __version__
from .errors import EXIT_DATA, PickdetError, UnknownNameError

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
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except PickdetError as exc:
            if _STATE["debug"]:
                raise
            fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            # A closed pipe (e.g. `| head`) is not an error of ours.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if _STATE["debug"]:
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", 4)

    return wrapper  # type: ignore[return-value]


# -- shared options -----------------------------------------------------------------------------

CatalogOpt = Annotated[
    list[Path] | None,
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


def output_format(fmt: Format | None, as_json: bool) -> Format:
    if as_json and fmt not in (None, Format.json):
        fail(f"--json contradicts --format {fmt.value if fmt else ''}; give one of them")
    return Format.json if as_json else (fmt or Format.table)


def open_catalog(paths: list[Path] | None, no_bundled: bool) -> Any:
    from .catalog import load

    files: list[Path] = list(paths or [])
    env = os.environ.get("PICKDET_CATALOG", "")
    files = [Path(p) for p in env.split(os.pathsep) if p.strip()] + files
    if no_bundled and not files:
        fail("--no-bundled needs at least one --catalog file (or PICKDET_CATALOG)")
    catalog = load(files, bundled=not no_bundled)
    for notice in catalog.notices:
        typer.echo(f"note: {notice}", err=True)
    return catalog


def emit_json(payload: Any) -> None:
    from .render.formats import to_json

    typer.echo(to_json(payload))


def emit_rows(fmt: Format, headers: list[str], rows: list[list[Any]], **table_kwargs: Any) -> None:
    from .render import formats

    if fmt is Format.csv:
        typer.echo(formats.to_csv(headers, rows), nl=False)
    elif fmt is Format.markdown:
        typer.echo(formats.to_markdown(headers, rows), nl=False)
    else:
        from .render.table import print_table

        print_table(headers, rows, **table_kwargs)


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


@app.command("list")
@handles_errors
def list_models(
    task: Annotated[
        str | None, typer.Option(help="Only this task (detect, segment, pose, obb, classify).")
    ] = None,
    family: Annotated[str | None, typer.Option(help="Only this family (any spelling).")] = None,
    hardware: Annotated[str | None, typer.Option(help="Latency column's hardware profile.")] = None,
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
    if out is Format.json:
        emit_json(selection.to_json())
        return
    headers, rows = list_rows(selection)
    emit_rows(out, headers, rows, caption=selection.caption())


@app.command()
@handles_errors
def show(
    model: Annotated[
        str, typer.Argument(help="Model name, e.g. yolov7-l, RT-DETR-R50, DAMO-YOLO-T.")
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
    if out is Format.json:
        emit_json(envelope("model", model=data))
    elif out is Format.table:
        from .render.card import render_card

        render_card(data, show_sources=sources)
    else:
        emit_rows(out, ["figure", "value", "source", "other sources / notes"], figure_rows(data))


@app.command()
@handles_errors
def schema() -> None:
    """Print the JSON Schema of the catalogue format (for editors and validators).

    Example:

      pickdet schema > pickdet-catalog.schema.json
    """
    from .catalog.load import json_schema

    emit_json(json_schema())


def main() -> None:
    try:
        app()
    except UnknownNameError as exc:  # pragma: no cover - handled in commands
        fail(str(exc), exc.exit_code)
    except PickdetError as exc:  # pragma: no cover
        fail(str(exc), exc.exit_code or EXIT_DATA)
