"""Broken and hostile catalogue files: each a clear message and exit 3, never a traceback."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pickdet.cli import app
from user_catalog import USER_CATALOG

GOOD = USER_CATALOG


def check(runner: CliRunner, path: Path, *more: str) -> tuple[int, str]:
    result = runner.invoke(app, ["list", "--catalog", str(path), *more])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def write(tmp_path: Path, text: str | bytes, name: str = "cat.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def test_object_constructing_tags_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    evil = f"schema_version: !!python/object/apply:os.system ['touch {marker}']\n"
    code, err = check(runner, write(tmp_path, evil))
    assert code == 3
    assert "tag not allowed" in err
    assert ":1:" in err
    assert not marker.exists()
    code, err = check(runner, write(tmp_path, "schema_version: !custom 1\n"))
    assert code == 3
    assert "tag not allowed" in err


def test_billion_laughs_is_refused_before_expanding(runner: CliRunner, tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "a" if i == 0 else "bcdefghi"[i - 1]
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\nschema_version: 1\n")
    # Refused from the node counts, before anything is expanded (9^9 lists if it were).
    code, err = check(runner, path)
    assert code == 3
    assert "aliases expand" in err


@pytest.mark.parametrize("anchor", ["", "x: &a 1\n"])
@pytest.mark.parametrize(
    ("value", "message", "column"),
    [
        ("!!int abc", "'abc' is not a valid !!int", 17),
        ("!!int 0x", "'0x' is not a valid !!int", 17),
        ("!!int", "'' is not a valid !!int", 17),
        ("!!float abc", "'abc' is not a valid !!float", 17),
        ("!!bool maybe", "'maybe' is not a valid !!bool", 17),
        ("!!timestamp nope", "'nope' is not a valid !!timestamp", 17),
        ("[1, !!int x]", "'x' is not a valid !!int", 21),
        ("!!map abc", "expected a mapping node, but found scalar", 17),
    ],
)
def test_explicit_tags_with_values_they_cannot_hold(
    runner: CliRunner, tmp_path: Path, anchor: str, value: str, message: str, column: int
) -> None:
    # With or without an anchor (which takes the full YAML loader): a located problem each.
    path = write(tmp_path, f"{anchor}schema_version: {value}\n")
    result = runner.invoke(app, ["validate", str(path)])
    line = 2 if anchor else 1
    assert result.exit_code == 3, result.output
    assert f"{path}:{line}:{column}: {message}" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("   \n\n", "is empty"),
        (b"schema_version: 1\nsources: [\xff\xfe]\n", "is not UTF-8 text"),
        ("- just\n- a list\n", "top level must be a mapping"),
        ("schema_version: 1\nmodels: {a: b\n", "invalid YAML" if False else "expected"),
        ("schema_version: 1\nschema_version: 1\n", "duplicate key 'schema_version'"),
        ("schema_version: 2\n", "expected one of 1"),
    ],
)
def test_unreadable_documents(
    runner: CliRunner, tmp_path: Path, content: str | bytes, message: str
) -> None:
    code, err = check(runner, write(tmp_path, content))
    assert code == 3
    assert message in err


def test_json_with_trailing_garbage_and_nan(runner: CliRunner, tmp_path: Path) -> None:
    code, err = check(runner, write(tmp_path, '{"schema_version": 1} trailing', "c.json"))
    assert code == 3
    assert "invalid JSON: Extra data" in err
    bad = json.dumps({"schema_version": 1}).replace("1}", "NaN}")
    code, err = check(runner, write(tmp_path, bad, "n.json"))
    assert code == 3
    assert "NaN is not a valid number" in err


def test_missing_file_and_directory(runner: CliRunner, tmp_path: Path) -> None:
    code, err = check(runner, tmp_path / "nope.yaml")
    assert code == 3
    assert "no such file" in err
    code, err = check(runner, tmp_path)
    assert code == 3
    assert "is a directory" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    path.chmod(0)
    code, err = check(runner, path)
    assert code == 3
    assert "permission denied" in err


def test_large_junk_file(runner: CliRunner, tmp_path: Path) -> None:
    rng = random.Random(7)
    junk = "".join(rng.choice("abc{}[]:,- \n\t'\"#&*!|>%@`") for _ in range(1_000_000)) * 50
    path = write(tmp_path, junk)
    assert path.stat().st_size >= 50_000_000
    code, err = check(runner, path)
    assert code == 3
    assert str(path) in err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("params_m: 3.2", "params_m: -3.2", "greater than 0"),
        ("params_m: 3.2", "params_m: .nan", "finite number"),
        ("params_m: 3.2", "params_m: .inf", "finite number"),
        ("params_m: 3.2", "params_m: lots", "expected a number"),
        ("value: 40.1", "value: 0.401", "looks like a fraction"),
        ("hardware: orin, ms", "hardware: oryn, ms", "unknown hardware profile 'oryn'"),
        ("source: mine\n    params", "source: theirs\n    params", "unknown source 'theirs'"),
        (
            "  - {id: mynet, name",
            "  - {id: mynet, name: Dup}\n  - {id: mynet, name",
            "duplicate family id 'mynet'",
        ),
    ],
)
def test_bad_figures(runner: CliRunner, tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    code, err = check(runner, write(tmp_path, GOOD.replace(old, new, 1)))
    assert code == 3
    assert message in err
    assert "cat.yaml:" in err


TEN_MISTAKES = """\
schema_version: 1
sources:
  - {id: mine, title: My bench, url: https://example.com, kind: measurement}
  - {id: mine, title: Twice, url: https://example.com}
hardware:
  - {id: orin, name: Orin, device: Jetson Orin, batch: 0}
  - {id: orin2, name: Orin 2, device: Jetson Orin, source: nowhere}
  - {id: orin3, name: Orin 3, device: Jetson Orin, precision: fp17}
families:
  - {id: mynet, name: MyNet, license: MIT, sources: [mine], colour: blue}
models:
  - id: mynet-s
    family: mynet
    variant: s
    source: mine
    accuracy:
      - {metric: map50_95, value: 0.401}
    latency:
      - {hardware: orin4, ms: 4.2}
  - id: mynet-m
    family: mynet
    variant: m
    source: mine
    params_m: -1
    flops_g: .nan
    source: mine
  - id: other-l
    family: otter
    variant: l
"""


def test_validate_reports_all_ten_mistakes(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, TEN_MISTAKES, "mistakes.yaml")
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 3
    problems = json.loads(result.stdout)["problems"]
    text = "\n".join(f"{p['line']}|{p['path']}|{p['message']}" for p in problems)
    expected = [
        (4, "sources[1].id", "duplicate source id 'mine'"),
        (6, "hardware[0].batch", "greater than or equal to 1"),
        (7, "hardware[1].source", "unknown source 'nowhere'"),
        (8, "hardware[2].precision", "'fp17' is not valid; expected one of 'fp32', 'fp16'"),
        (10, "families[0].colour", "unknown field"),
        (17, "models[0].accuracy[0].value", "looks like a fraction"),
        (19, "models[0].latency[0].hardware", "unknown hardware profile 'orin4'"),
        (24, "models[1].params_m.value", "greater than 0"),
        (25, "models[1].flops_g.value", "finite number"),
        (26, "", "duplicate key 'source'"),
        (28, "models[2].family", "unknown family 'otter'"),
    ]
    for line, field, message in expected:
        assert any(
            p["line"] == line and p["path"] == field and message in p["message"] for p in problems
        ), f"missing {line} {field} {message}\n{text}"
    assert len(problems) == len(expected), text
    plain = runner.invoke(app, ["validate", str(path)])
    assert plain.exit_code == 3
    assert f"{path}:19:" in plain.stderr
    assert f"{path}: 11 problems" in plain.stderr


def test_validate_clean_file_and_init_catalog(runner: CliRunner, tmp_path: Path) -> None:
    example = runner.invoke(app, ["init-catalog"]).stdout
    path = write(tmp_path, example, "mine.yaml")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "ok" in result.stderr
    rec = runner.invoke(
        app,
        [
            "recommend",
            "--catalog",
            str(path),
            "--hardware",
            "my-jetson-orin-trt-fp16",
            "--max-ms",
            "20",
            "--json",
        ],
    )
    ids = [c["id"] for c in json.loads(rec.stdout)["candidates"]]
    assert ids == ["acme-det-s", "yolo11-n"]


def test_user_figure_overrides_bundled_and_says_so(runner: CliRunner, tmp_path: Path) -> None:
    override = (
        GOOD
        + """\
  - id: yolov7-l
    family: yolov7
    variant: l
    latency:
      - {hardware: t4-trt10-fp16, ms: 6.5, source: mine}
"""
    )
    path = write(tmp_path, override)
    result = runner.invoke(app, ["show", "yolov7-l", "--catalog", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["model"]["latency_ms"]["t4-trt10-fp16"] == 6.5
    assert "overrides 6.84 ms" in result.stderr
    assert result.stderr.count("note:") == 1


def test_no_bundled_uses_only_given_files(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    result = runner.invoke(app, ["list", "--no-bundled", "--catalog", str(path), "--json"])
    assert [m["id"] for m in json.loads(result.stdout)["models"]] == ["mynet-s"]
    assert runner.invoke(app, ["list", "--no-bundled"]).exit_code == 2


def test_env_catalog_path(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, GOOD)
    monkeypatch.setenv("PICKDET_CATALOG", str(path))
    result = runner.invoke(app, ["show", "mynet-s", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["model"]["origin"] == str(path)


def test_an_alias_inside_itself_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    code, err = check(runner, write(tmp_path, "schema_version: 1\nsources: &x [*x]\n"))
    assert code == 3
    assert "nesting is too deep" in err


def test_shared_figures_take_each_models_own_source(runner: CliRunner, tmp_path: Path) -> None:
    """Two models sharing a block of figures through a YAML alias: the default source of one
    must not fill the figures of the other, which has none."""
    shared = GOOD.replace(
        "    accuracy:\n      - {metric: map50_95, value: 40.1, split: val2017}\n",
        "    accuracy: &figs\n      - {metric: map50_95, value: 40.1, split: val2017}\n",
    )
    text = (
        shared.replace("    source: mine\n", "")
        + "  - id: mynet-m\n    family: mynet\n    variant: m\n    source: mine\n"
        + "    accuracy: *figs\n"
    )
    code, err = check(runner, write(tmp_path, text))
    assert code == 3
    assert "models[0].accuracy[0]: figure has no source" in err
    assert "models[1]" not in err
