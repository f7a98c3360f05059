"""The entry point: answer ``recommend`` and ``pareto`` without importing typer.

Importing typer costs more than answering a query from the cached catalogue, and these are the
commands scripts call in loops. Their options are parsed here when every argument is one this
parser knows with a value it can convert; anything else (help, shell completion, a value that
starts with a dash, an unknown option) goes to the typer CLI, which then gives the full
behaviour and its error messages. ``OPTIONS`` mirrors the typer signatures, and a test checks
that the two agree.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

_QUERY = {
    "--max-ms": ("max_ms", "float"),
    "--min-fps": ("min_fps", "float"),
    "--hardware": ("hardware", "str"),
    "-H": ("hardware", "str"),
    "--min-map": ("min_map", "float"),
    "--min-accuracy": ("min_map", "float"),
    "--metric": ("metric", "str"),
    "--max-params": ("max_params", "float"),
    "--max-flops": ("max_flops", "float"),
    "--task": ("task", "str"),
    "-t": ("task", "str"),
    "--family": ("family", "list"),
    "--exclude-family": ("exclude_family", "list"),
    "--license": ("license", "list"),
    "--permissive": ("permissive", "on"),
    "--nms-free": ("nms_free", "on"),
    "--since": ("since", "int"),
    "--input-size": ("input_size", "int"),
    "--estimate": ("estimate", "on"),
    "--catalog": ("catalog", "list"),
    "--no-bundled": ("no_bundled", "on"),
    "--format": ("fmt", "format"),
    "-f": ("fmt", "format"),
    "--json": ("as_json", "on"),
}

# option -> (name in the command's signature, kind); kinds: float, int, str, format, list
# (repeatable), on / off (a flag that sets True / False).
OPTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "recommend": {
        **_QUERY,
        "--sort": ("sort", "str"),
        "--pareto-on": ("pareto_on", "str"),
        "--top": ("top", "int"),
        "-n": ("top", "int"),
        "--explain": ("explain", "on"),
        "--show-unknown": ("show_unknown", "on"),
        "--chart": ("chart", "on"),
    },
    "pareto": {**_QUERY, "--chart": ("chart", "on"), "--no-chart": ("chart", "off")},
}

_CONVERT = {"float": float, "int": int, "str": str, "list": str}


def parse(command: str, args: list[str]) -> dict[str, object] | None:
    """The options of ``command`` by signature name, or None when typer should parse them."""
    spec = OPTIONS.get(command)
    if spec is None:
        return None
    values: dict[str, object] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--"):
            name, eq, inline = arg.partition("=")
        elif arg[:2] in spec and len(arg) > 2:  # -Hcpu-onnx
            name, eq, inline = arg[:2], "=", arg[2:]
        else:
            name, eq, inline = arg, "", ""
        if name not in spec:
            return None  # a positional, --help, --, or an option we do not know
        dest, kind = spec[name]
        if kind in ("on", "off"):
            if eq:
                return None
            values[dest] = kind == "on"
            i += 1
            continue
        if not eq:
            i += 1
            if i == len(args) or args[i].startswith("-"):
                return None
            inline = args[i]
        if kind == "format":
            from .render.formats import FORMATS

            if inline not in FORMATS:
                return None
            values[dest] = inline
        else:
            try:
                value = _CONVERT[kind](inline)
            except ValueError:
                return None
            if kind == "list":
                values.setdefault(dest, [])
                values[dest].append(value)  # type: ignore[attr-defined]
            else:
                values[dest] = value
        i += 1
    return values


def main() -> None:
    argv = sys.argv[1:]
    options = None
    if argv and not any(k.startswith("_PICKDET_COMPLETE") for k in os.environ):
        options = parse(argv[0], argv[1:])
    if options is None:
        from .cli import main as typer_main

        typer_main()
        return
    from . import run

    # One query per process, and its rows and answer live to the end: for 10^5 models the cycle
    # collector would rescan them again and again for nothing (loading pauses it in any case),
    # and freeing them one by one as the process ends takes 0.07 s for 10^5 models. They are
    # kept, and the process ends without freeing anything once the answer is written.
    gc.disable()
    run.KEPT = []
    body = run.recommend if argv[0] == "recommend" else run.pareto
    code = run.guarded(lambda: body(options))
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed: all that could be, was written
            stream.flush()
    os._exit(code)
