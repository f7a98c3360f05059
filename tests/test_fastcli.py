"""The fast path: recommend and pareto parsed without typer must answer exactly as typer does."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pickdet import fastcli, run
from pickdet.cli import app
from pickdet.render.formats import FORMATS


def fast(argv: list[str]) -> tuple[int, str, str] | None:
    """Run argv through the fast path in this process; None when it hands over to typer."""
    options = fastcli.parse(argv[0], argv[1:])
    if options is None:
        return None
    body = run.recommend if argv[0] == "recommend" else run.pareto
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run.guarded(lambda: body(options))
    return code, out.getvalue(), err.getvalue()


def slow(runner: CliRunner, argv: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


def click_params(command: str) -> list[Any]:
    group: Any = typer.main.get_command(app)
    return [p for p in group.commands[command].params if p.name != "help"]


@pytest.mark.parametrize("command", sorted(fastcli.OPTIONS))
def test_option_table_mirrors_the_typer_signature(command: str) -> None:
    """Every option typer knows is in the table, with the same names and kind, and nothing more:
    an option added to one and not the other fails here."""
    table = fastcli.OPTIONS[command]
    expected: dict[str, tuple[str, str]] = {}
    for p in click_params(command):
        assert p.param_type_name == "option"
        if p.is_flag:
            expected.update(dict.fromkeys(p.opts, (p.name, "on")))
            expected.update(dict.fromkeys(p.secondary_opts, (p.name, "off")))
            continue
        if p.multiple:
            kind = "list"
        elif p.type.name == "choice":
            kind = "format"
            assert [getattr(c, "value", c) for c in p.type.choices] == list(FORMATS)
        else:
            kind = {"float": "float", "int": "int", "integer": "int", "str": "str", "text": "str"}[
                p.type.name
            ]
        expected.update(dict.fromkeys(p.opts, (p.name, kind)))
    assert table == expected


def test_flag_defaults_match_the_typer_signature() -> None:
    """The bodies default a missing flag the way typer would: pareto draws its chart."""
    for command in fastcli.OPTIONS:
        for p in click_params(command):
            if p.is_flag and p.name == "chart":
                assert p.default is (command == "pareto")


VALUES = {
    "float": st.sampled_from(["7", "5.5", "50", "0.001", "1e3", "abc", "0", "nan", "-3"]),
    "int": st.sampled_from(["1", "3", "2024", "640", "x", "0"]),
    "str": st.sampled_from(["detect", "segment", "cpu-onnx", "t4-trt10-fp16", "latency", "bogus"]),
    "list": st.sampled_from(["yolov7", "damo-yolo", "rtdetrv2", "AGPL-3.0", "Apache-2.0", "?"]),
    "format": st.sampled_from(["json", "csv", "markdown", "table", "xml"]),
}


@st.composite
def argvs(draw: Any) -> list[str]:
    command = draw(st.sampled_from(sorted(fastcli.OPTIONS)))
    spec = fastcli.OPTIONS[command]
    argv = [command]
    for name in draw(st.lists(st.sampled_from(sorted(spec)), max_size=5)):
        kind = spec[name][1]
        if kind in ("on", "off"):
            argv.append(name)
        elif draw(st.booleans()) and name.startswith("--"):
            argv.append(f"{name}={draw(VALUES[kind])}")
        else:
            argv += [name, draw(VALUES[kind])]
    if draw(st.booleans()):
        argv.append("--json")
    return argv


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=argvs())
def test_fast_path_answers_exactly_as_typer(argv: list[str]) -> None:
    got = fast(argv)
    want = slow(CliRunner(), argv)
    if got is None:
        return  # handed over: typer itself answers
    assert got == want, argv


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["--max-ms"],  # value missing
        ["--max-ms", "-5"],  # a value that looks like an option
        ["--max-ms", "seven"],
        ["--top", "2.5"],
        ["--format", "xml"],
        ["--json=yes"],
        ["--no-such-option"],
        ["extra-argument"],
        ["--"],
    ],
)
def test_anything_unusual_is_handed_to_typer(args: list[str]) -> None:
    assert fastcli.parse("recommend", args) is None


def test_the_other_commands_are_handed_to_typer() -> None:
    assert fastcli.parse("show", ["yolov7-l"]) is None
    assert fastcli.parse("compare", ["yolov7", "rtdetrv2"]) is None


def test_parses_every_spelling_of_an_option() -> None:
    parsed = fastcli.parse(
        "recommend",
        ["-Hcpu-onnx", "--min-accuracy=40", "-t", "segment", "--family", "a", "--family=b", "-n3"],
    )
    assert parsed == {
        "hardware": "cpu-onnx",
        "min_map": 40.0,
        "task": "segment",
        "family": ["a", "b"],
        "top": 3,
    }
    assert fastcli.parse("pareto", ["--no-chart"]) == {"chart": False}


def _pickdet() -> str:
    script = os.path.join(os.path.dirname(sys.executable), "pickdet")
    if not os.path.exists(script):
        pytest.skip("the pickdet console script is not installed beside this interpreter")
    return script


PROBE = """
import os, runpy, sys
def _exit(code):  # the fast path ends with os._exit, which would end this probe too
    raise SystemExit(code)
os._exit = _exit
sys.argv = [{script!r}, *{args!r}]
try:
    runpy.run_path({script!r}, run_name="__main__")
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("typer", "rich", "pydantic", "yaml", "dataclasses",
                           "pickdet.catalog.records") if m in sys.modules)
print("\\nIMPORTED", heavy, code, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "heavy"),
    [
        (["recommend", "--max-ms", "7", "--min-map", "50", "--json"], []),
        (["recommend", "--max-ms", "7", "--min-map", "50"], []),
        (["pareto", "--no-chart", "--json"], []),
        (["recommend", "--help"], ["typer"]),
    ],
)
def test_installed_script_answers_queries_without_the_heavy_stack(
    args: list[str], heavy: list[str]
) -> None:
    """A cached query through the real console script loads neither typer, rich, pydantic nor
    the record classes (they cost more than the answer); help still goes through typer."""
    script = _pickdet()
    subprocess.run([script, *args], capture_output=True, check=False)  # fill the cache
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(script=script, args=args)],
        capture_output=True,
        text=True,
        check=False,
    )
    imported = proc.stderr.rsplit("IMPORTED", 1)[1].split()
    loaded = json.loads(" ".join(imported[:-1]).replace("'", '"'))
    assert set(heavy) <= set(loaded)
    if not heavy:
        assert loaded == [], proc.stderr
        assert imported[-1] == "0"
        assert proc.stdout.strip()


def test_the_fast_path_ends_with_its_exit_code_and_all_of_its_answer(tmp_path: Path) -> None:
    """It ends the process without freeing what it made: the answer must still be whole and
    flushed, the exit code kept, and a reader that stops early is no error."""
    script = _pickdet()
    found = subprocess.run(
        [script, "recommend", "--max-ms", "7", "--min-map", "50", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["candidates"]
    none = subprocess.run(
        [script, "recommend", "--max-ms", "0.001", "--json"], capture_output=True, check=False
    )
    assert none.returncode == 1
    assert json.loads(none.stdout)["candidates"] == []
    bad = subprocess.run(
        [script, "recommend", "--hardware", "nope"], capture_output=True, check=False
    )
    assert bad.returncode == 2
    assert b"nope" in bad.stderr
    # A reader that stops after 100 bytes of a 0.5 MB answer: no traceback, and success.
    from test_benchmarks import make_catalog

    big = tmp_path / "big.json"
    make_catalog(big, 3000)
    reader = subprocess.Popen(
        [script, "recommend", "--catalog", str(big), "--no-bundled", "-H", "hw-0", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None
    assert reader.stderr is not None
    assert reader.stdout.read(100)
    reader.stdout.close()
    assert reader.wait(timeout=120) == 0
    assert reader.stderr.read() == b""
