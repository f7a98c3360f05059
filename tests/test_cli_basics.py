"""list, show, schema, --version and exit codes, through CliRunner and a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pickdet import __version__
from pickdet.cli import app


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"pickdet {__version__}"


@pytest.mark.parametrize("command", ["list", "show", "schema"])
def test_every_command_help_has_examples(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "pickdet " + command in result.stdout


def test_list_json_contract(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--family", "DAMO-YOLO", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["hardware"]["id"] == "t4-trt10-fp16"
    ids = [m["id"] for m in data["models"]]
    plain = ["damo-yolo-t", "damo-yolo-s", "damo-yolo-m", "damo-yolo-l"]
    assert [i for i in ids if i in plain] == plain
    assert {m["family"] for m in data["models"]} == {"damo-yolo"}
    tiny = data["models"][ids.index("damo-yolo-t")]
    for key in (
        "id",
        "family",
        "variant",
        "task",
        "input_size",
        "params_m",
        "flops_g",
        "license",
        "latency_ms",
        "accuracy",
        "sources",
    ):
        assert key in tiny
    assert tiny["accuracy"]["map50_95"] == 42.0
    assert tiny["latency_ms"]["t4-trt10-fp16"] == 2.32
    assert all(s["id"] for s in tiny["sources"])


def test_list_table_and_csv_agree(runner: CliRunner) -> None:
    table = runner.invoke(app, ["list", "--family", "rtdetrv2"])
    assert table.exit_code == 0
    assert "rtdetrv2-x" in table.stdout
    assert "15.03" in table.stdout
    assert "\x1b[" not in table.stdout  # no ANSI codes into a pipe
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["list", "-t", "detect", "-f", "csv"]).stdout)
        )
    )
    by_id = {r["id"]: r for r in rows}
    assert by_id["rtdetrv2-x"]["mAP50-95"] == "54.3"
    assert by_id["rtdetrv2-x"]["ms t4-trt10-fp16"] == "15.03"
    assert by_id["rtdetr-r50"]["ms t4-trt10-fp16"] == ""  # unknown on that profile, not zero


def test_list_takes_the_hardware_option_as_the_query_commands_do(runner: CliRunner) -> None:
    long = runner.invoke(app, ["list", "--hardware", "cpu-onnx", "-f", "csv"])
    short = runner.invoke(app, ["list", "-H", "cpu-onnx", "-f", "csv"])
    assert long.exit_code == short.exit_code == 0, short.output
    assert short.stdout == long.stdout
    assert "ms cpu-onnx" in short.stdout.splitlines()[0]


def test_list_filters_by_task(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--task", "detect", "--json"])
    assert {m["task"] for m in json.loads(result.stdout)["models"]} == {"detect"}
    bad = runner.invoke(app, ["list", "--task", "segmentt"])
    assert bad.exit_code == 2
    assert "valid tasks: detect, segment, pose, obb, classify" in bad.stderr


def test_show_card_lists_figures_and_sources(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "RT-DETR-R50"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "RT-DETR-R50" in out
    assert "9.26 (from 108 FPS)" in out  # derived, and said so
    assert "rtdetr-r50vd-model-card" in out


def test_show_unknown_model_exits_2_with_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "damo-yolo-tiyn"])
    assert result.exit_code == 2
    assert "did you mean" in result.stderr
    assert result.stdout == ""


def test_json_and_format_conflict_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--json", "--format", "csv"])
    assert result.exit_code == 2


def test_schema_is_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "pickdet catalogue"
    assert "models" in schema["properties"]


def _pickdet() -> list[str]:
    exe = shutil.which("pickdet")
    return [exe] if exe else [sys.executable, "-m", "pickdet"]


def test_installed_console_script_runs() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [*_pickdet(), "show", "yolov7x", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    model = json.loads(done.stdout)["model"]
    assert model["id"] == "yolov7-x"
    assert model["latency_ms"]["t4-trt10-fp16"] == 11.57
    missing = subprocess.run(
        [*_pickdet(), "show", "nope-net"], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pickdet", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("pickdet ")
