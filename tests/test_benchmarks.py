"""The benchmark scripts run from an install and print their tables (tiny sizes; no timings are
asserted, only that every row is there and every run answered)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def run(script: str, *args: str) -> list[str]:
    """The table rows a benchmark prints (after its header and the dashes under it)."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    dashes = next(i for i, line in enumerate(lines) if set(line.strip()) <= {"-", "|"} and line)
    return [line for line in lines[dashes + 1 :] if "|" in line]


def cells(row: str) -> list[str]:
    return [c.strip() for c in row.split("|")]


def make_catalog(out: Path, models: int) -> None:
    script = str(BENCHMARKS / "make_catalog.py")
    done = subprocess.run(
        [sys.executable, script, "--models", str(models), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"wrote {models} models" in done.stdout


def test_make_catalog_writes_the_same_valid_catalogue_as_json_and_yaml(tmp_path: Path) -> None:
    from pickdet.catalog.files import load_file

    make_catalog(tmp_path / "c.json", 40)
    make_catalog(tmp_path / "c.yaml", 40)
    as_json = load_file(tmp_path / "c.json").data
    assert len(as_json.models) == 40
    assert load_file(tmp_path / "c.yaml").data == as_json


def test_scale_benchmark_answers_every_command() -> None:
    rows = [cells(r) for r in run("scale.py", "--sizes", "200", "--repeat", "1")]
    assert len(rows) == 3  # recommend --json, recommend (table), pareto --json
    assert all(r[0] == "200" and r[-1] == "0" for r in rows), rows  # every run exited 0


def test_startup_benchmark_reports_a_ratio_per_command() -> None:
    rows = [cells(r) for r in run("startup.py", "--repeat", "1")]
    assert [r[0].startswith("python -c") for r in rows] == [True, False, False, False]
    assert all(r[2].endswith("x") for r in rows)


def test_estimate_error_benchmark_covers_the_profiles() -> None:
    rows = [cells(r) for r in run("estimate_error.py")]
    assert any(r[0] == "t4-trt10-fp16" for r in rows)
    assert all(r[3].endswith("%") and r[4].endswith("%") for r in rows)


@pytest.mark.skipif(
    importlib.util.find_spec("paretoset") is None or importlib.util.find_spec("numpy") is None,
    reason="the Pareto benchmark compares against paretoset (pip install paretoset)",
)
def test_pareto_benchmark_finds_the_same_set() -> None:
    rows = [cells(r) for r in run("pareto_bench.py", "--sizes", "500", "--repeat", "1")]
    assert rows
    assert all(r[-1] == "yes" for r in rows)
