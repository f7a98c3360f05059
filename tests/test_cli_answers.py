"""recommend, pareto, plot, compare, families, hardware, sources and audit as users call them."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from pickdet.cli import app


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_seed_example_admits_yolov7_l_and_explains_misses(runner: CliRunner) -> None:
    code, out, _ = run(runner, "recommend", "--max-ms", "7", "--min-map", "50", "--json")
    assert code == 0
    data = json.loads(out)
    cands = {c["id"]: c for c in data["candidates"]}
    assert cands["yolov7-l"]["latency_ms"] == 6.84
    assert cands["yolov7-l"]["accuracy"] == 51.4
    excluded = {e["id"]: e["reasons"] for e in data["excluded"]}
    assert excluded["damo-yolo-l"] == [
        {
            "constraint": "max_ms",
            "option": "--max-ms",
            "value": 7.18,
            "limit": 7.0,
            "by": 0.18,
            "message": "0.18 ms over the limit",
        }
    ]
    assert excluded["rtdetrv2-m"][0]["by"] == 0.51
    for cand in data["candidates"]:
        assert cand["latency_ms"] <= 7
        assert cand["accuracy"] >= 50
    assert data["query"]["hardware"]["id"] == "t4-trt10-fp16"
    assert data["top_pick"]["id"] == data["candidates"][0]["id"]


def test_explain_table_names_the_misses(runner: CliRunner) -> None:
    code, out, _ = run(runner, "recommend", "--max-ms", "7", "--min-map", "50", "--explain")
    assert code == 0
    assert re.search(r"damo-yolo-l\s+50\.8\s+7\.18\s+--max-ms: 0\.18 ms over the limit", out)
    assert re.search(r"rtdetrv2-m\s+51\.9\s+7\.51\s+--max-ms: 0\.51 ms over the limit", out)
    assert "Top pick:" in out


def test_nothing_fits_exits_1_with_suggestions(runner: CliRunner) -> None:
    code, out, _ = run(runner, "recommend", "--max-ms", "1", "--min-map", "60", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["candidates"] == []
    assert data["suggestions"]
    assert data["nearest_misses"]
    code, text, _ = run(runner, "recommend", "--max-ms", "1", "--min-map", "60")
    assert code == 1
    assert "No model meets every constraint." in text


def test_unknown_models_are_counted_and_listed(runner: CliRunner) -> None:
    _, out, _ = run(runner, "recommend", "--max-ms", "7", "--json")
    unknown = {u["id"] for u in json.loads(out)["unknown"]}
    assert "rtdetr-r50" in unknown  # has no figure on the default profile
    _, text, _ = run(runner, "recommend", "--max-ms", "7", "--show-unknown")
    assert "rtdetr-r50" in text
    assert "no ms figure" in text


@pytest.mark.parametrize(
    "args",
    [
        ["--max-ms", "-1"],
        ["--max-ms", "0"],
        ["--max-ms", "nan"],
        ["--max-ms", "inf"],
        ["--min-map", "120"],
        ["--task", "tracking"],
        ["--metric", "bleu"],
        ["--hardware", "tpu-v9"],
        ["--sort", "price"],
        ["--max-ms", "5", "--min-fps", "100"],
        ["--license", "WTFPL"],
        ["--pareto-on", "latency"],
    ],
)
def test_bad_values_exit_2(runner: CliRunner, args: list[str]) -> None:
    code, out, err = run(runner, "recommend", *args)
    assert code == 2, (args, err)
    assert out == ""
    assert "error:" in err or "Usage" in err


def test_csv_and_markdown_views_of_recommend(runner: CliRunner) -> None:
    _, csv_out, _ = run(runner, "recommend", "--max-ms", "7", "--min-map", "50", "-f", "csv")
    assert csv_out.splitlines()[0].startswith("rank,model,family,mAP50-95")
    _, md, _ = run(runner, "recommend", "--max-ms", "7", "--min-map", "50", "-f", "markdown")
    assert md.startswith("| rank | model |")


def test_pareto_lists_front_in_latency_order_with_steps(runner: CliRunner) -> None:
    code, out, _ = run(runner, "pareto", "--json")
    assert code == 0
    front = json.loads(out)["frontier"]
    lat = [f["latency_ms"] for f in front]
    acc = [f["accuracy"] for f in front]
    assert lat == sorted(lat)
    assert acc == sorted(acc)
    assert all(f["pareto_optimal"] for f in front)
    assert front[1]["gain_accuracy"] == pytest.approx(acc[1] - acc[0])
    code, text, _ = run(runner, "pareto")
    assert "Pareto front:" in text
    assert re.search(r"\+\d[\d.]* mAP50-95 for \+\d[\d.]* ms", text)


def test_plot_draws_axes_labels_and_budget(runner: CliRunner) -> None:
    code, out, _ = run(
        runner,
        "plot",
        "--family",
        "damo-yolo",
        "--family",
        "rtdetrv2",
        "--max-ms",
        "7",
        "--min-map",
        "50",
        "--width",
        "80",
    )
    assert code == 0
    assert "\x1b[" not in out
    assert "latency ms (t4-trt10-fp16)" in out
    assert "mAP50-95" in out
    assert "feasible: x <= 7, y >= 50" in out
    assert re.search(r"(\d+) models, (\d+) on the Pareto front", out)
    n = int(re.search(r"(\d+) models,", out).group(1))  # type: ignore[union-attr]
    assert n == 8  # DAMO-YOLO t/s/m/l and RT-DETRv2 s/m/l/x have T4 TensorRT10 figures
    assert all(len(line) <= 80 for line in out.splitlines())


def test_compare_reproduces_seed_tables(runner: CliRunner) -> None:
    code, md, _ = run(runner, "compare", "yolov7", "rtdetrv2", "--format", "markdown")
    assert code == 0
    for row in (
        "| s | N/A | 48.1 |",
        "| m | N/A | 51.9 |",
        "| l | 51.4 | **53.4** |",
        "| x | 53.1 | **54.3** |",
        "| s | N/A | 5.03 |",
        "| l | **6.84** | 9.76 |",
        "| x | **11.57** | 15.03 |",
    ):
        assert row in md
    code, md, _ = run(runner, "compare", "damo-yolo", "yolov7", "-f", "markdown")
    for row in (
        "| n | 42.0 | N/A |",
        "| s | 46.0 | N/A |",
        "| m | 49.2 | N/A |",
        "| l | 50.8 | **51.4** |",
        "| x | N/A | 53.1 |",
        "| n | 2.32 | N/A |",
        "| l | 7.18 | **6.84** |",
        "| x | N/A | 11.57 |",
    ):
        assert row in md
    code, md, _ = run(runner, "compare", "damo-yolo", "rtdetrv2", "-f", "markdown")
    for row in (
        "| n | 42.0 | N/A |",
        "| s | 46.0 | **48.1** |",
        "| l | 50.8 | **53.4** |",
        "| x | N/A | 54.3 |",
        "| n | 8.5 | N/A |",
        "| x | N/A | 259 |",
    ):
        assert row in md
    _, table, _ = run(runner, "compare", "yolov7", "rtdetrv2")
    assert "+2.0 mAP50-95 over YOLOv7" in table
    assert "2.92 ms" in table


def test_compare_models_shows_deltas(runner: CliRunner) -> None:
    code, out, _ = run(runner, "compare", "yolo11m", "rtdetrv2-s", "damo-yolo-m", "--json")
    assert code == 0
    models = json.loads(out)["models"]
    assert [m["id"] for m in models] == ["yolo11-m", "rtdetrv2-s", "damo-yolo-m"]
    assert models[1]["delta"]["accuracy"] == pytest.approx(48.1 - models[0]["accuracy"])
    assert models[0]["delta"]["accuracy"] == 0


def test_compare_errors(runner: CliRunner) -> None:
    assert run(runner, "compare", "yolov7")[0] == 2
    code, _, err = run(runner, "compare", "yolov7", "yolov7-x")
    assert code == 2
    assert "not a mix" in err
    code, _, err = run(runner, "compare", "yolov77", "rtdetrv2")
    assert code == 2
    assert "did you mean" in err


def test_families_hardware_sources_audit(runner: CliRunner) -> None:
    code, out, _ = run(runner, "families", "--json")
    fams = {f["id"]: f for f in json.loads(out)["families"]}
    assert len(fams) >= 25
    assert fams["rtdetr"]["license"] == "Apache-2.0"
    code, out, _ = run(runner, "hardware", "--json")
    hws = {h["id"]: h for h in json.loads(out)["hardware"]}
    assert hws["t4-trt10-fp16"]["models"] > 50
    assert hws["damo-yolo-t4-trt-fp16"]["includes_nms"] is False
    code, out, _ = run(runner, "sources", "rtdetr-r34", "--json")
    figs = json.loads(out)["figures"]
    acc = next(f for f in figs if f.get("metric") == "map50_95")
    assert {a["value"] for a in acc["alternatives"]} >= {48.5}
    code, out, _ = run(runner, "audit", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["counts"]["error"] == 0
    # The table and the JSON count the same findings; --level only chooses which are listed.
    assert report["counts"]["info"] > 0
    assert {f["level"] for f in report["findings"]} <= {"error", "warning"}
    _, table, _ = run(runner, "audit")
    assert f"{report['counts']['info']} info" in table


def _complete(words: str, cword: int) -> list[str]:
    """What bash completion offers, through the installed command's completion protocol."""
    import os
    import shutil
    import subprocess
    import sys

    exe = shutil.which("pickdet")
    cmd = [exe] if exe else [sys.executable, "-m", "pickdet"]
    env = {
        **os.environ,
        "_PICKDET_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    return done.stdout.split()


def test_shell_completion_of_names() -> None:
    assert "yolo11-n-seg" in _complete("pickdet show yolo11-n", 2)
    assert all(c.startswith("yolo11-n") for c in _complete("pickdet show yolo11-n", 2))
    assert _complete("pickdet recommend --hardware yolov6-t4", 3) == [
        "yolov6-t4-trt-fp16-bs1",
        "yolov6-t4-trt-fp16-bs32",
    ]
    assert "damo-yolo" in _complete("pickdet recommend --family damo", 3)
    assert {"rtdetr", "rtdetr-l"} <= set(_complete("pickdet compare rtdetr", 2))
