"""Properties over hostile input: random command lines and random damage to a valid catalogue."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pickdet.catalog import files
from pickdet.catalog.build import build
from pickdet.catalog.files import load_file
from pickdet.cli import app
from pickdet.errors import CatalogError, Problem
from tree_paths import every_path

COMMANDS = [
    "list",
    "show",
    "recommend",
    "pareto",
    "plot",
    "compare",
    "families",
    "hardware",
    "sources",
    "audit",
    "validate",
    "schema",
    "init-catalog",
    "bogus",
]
OPTIONS = [
    "--max-ms",
    "--min-fps",
    "--min-map",
    "--metric",
    "--max-params",
    "--max-flops",
    "--task",
    "--family",
    "--exclude-family",
    "--license",
    "--permissive",
    "--nms-free",
    "--since",
    "--input-size",
    "--sort",
    "--pareto-on",
    "--top",
    "--explain",
    "--show-unknown",
    "--json",
    "--format",
    "--hardware",
    "--x",
    "--y",
    "--log-x",
    "--width",
    "--height",
    "--level",
    "--chart",
    "--no-bundled",
    "--catalog",
    "-t",
    "-f",
]
VALUES = [
    "7",
    "0",
    "-3",
    "nan",
    "inf",
    "1e309",
    "50",
    "120",
    "yolov7",
    "yolov7-l",
    "rtdetrv2",
    "damo-yolo-tiny",
    "detect",
    "segment",
    "tracking",
    "map50",
    "top1",
    "bleu",
    "json",
    "csv",
    "markdown",
    "yaml",
    "cpu-onnx",
    "t4-trt10-fp16",
    "latency,accuracy,params",
    "accuracy",
    "efficiency",
    "GPL-3.0",
    "Apache-2.0",
    "2023",
    "640",
    "params",
    "",
    "\x00",
    "💥",
    "/nonexistent.yaml",
    "--",
    "-",
]

argv = st.tuples(
    st.sampled_from(COMMANDS),
    st.lists(st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES)), max_size=8),
).map(lambda t: [t[0], *t[1]])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=argv)
def test_random_command_lines_never_crash(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1, 2, 3), (args, result.output)
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (args, repr(result.exception))


VALID: dict[str, Any] = {
    "schema_version": 1,
    "sources": [{"id": "mine", "title": "Bench", "url": "https://example.com", "kind": "user"}],
    "hardware": [{"id": "orin", "name": "Orin", "device": "Jetson Orin", "source": "mine"}],
    "families": [{"id": "mynet", "name": "MyNet", "license": "MIT", "sources": ["mine"]}],
    "models": [
        {
            "id": "mynet-s",
            "family": "mynet",
            "variant": "s",
            "source": "mine",
            "params_m": {"value": 3.2},
            "accuracy": [{"metric": "map50_95", "value": 40.1, "split": "val2017"}],
            "latency": [{"hardware": "orin", "ms": 4.2}],
        }
    ],
}
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@st.composite
def damaged(draw: st.DrawFn, base: dict[str, Any] = VALID) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in every_path(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "rename", "duplicate"]))
        key = path[-1]
        if action == "replace":
            parent[key] = draw(JUNK)
        elif action == "delete":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = parent.pop(key)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return doc


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=damaged())
def test_damaged_catalogue_loads_or_fails_cleanly(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "damaged.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    problems = _problems(path)
    if problems is None:
        return
    assert problems, "a CatalogError must say what is wrong"
    for problem in problems:
        assert problem.file == str(path)
        assert problem.message
        assert problem.line is not None or problem.path, problem


def _problems(path: Path) -> list[Problem] | None:
    """The problems loading ``path`` reports; None when it loads. Any other error fails."""
    try:
        build([load_file(path)])
    except CatalogError as exc:
        return exc.problems
    return None


# Several models, so that validating them a few at a time spans several batches.
SEVERAL: dict[str, Any] = {
    **VALID,
    "models": [{**VALID["models"][0], "id": f"mynet-{v}", "variant": v} for v in "nsmlx"],
}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=damaged(SEVERAL), batch=st.integers(1, 3))
def test_models_validated_in_batches_as_all_at_once(
    tmp_path: Path, doc: dict[str, Any], batch: int
) -> None:
    """Large files are validated a batch of models at a time: the records and every problem
    (with its line) are the same as when the whole file is validated at once."""
    path = tmp_path / "several.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))

    def outcome(size: int) -> tuple[list[Problem], Any]:
        with mock.patch.object(files, "BATCH", size):
            problems = files.check_files([path])
            try:
                records = files.load_file(path).data
            except CatalogError:
                records = None
        return problems, records

    assert outcome(batch) == outcome(10**6)


# YAML syntax the structural damage above never writes: tags, anchors, merge keys, flow and
# block indicators, directives, odd characters.
YAML_TOKENS = [
    *(f"!!{tag} " for tag in ("int", "float", "bool", "null", "str", "timestamp", "binary")),
    *(f"!!{tag} " for tag in ("set", "omap", "pairs", "seq", "map", "merge", "python/none")),
    "!x ",
    "!<tag:yaml.org,2002:int> ",
    "&a ",
    "*a",
    "<<: *a\n",
    "? ",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "\t",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "|\n",
    "'",
    '"',
    "#",
    "@",
    "0x",
    "1:30",
    "~",
    "\ufeff",
    "\x85",
]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(YAML_TOKENS)), min_size=1, max_size=3)
)
def test_yaml_text_edits_load_or_fail_cleanly(
    tmp_path: Path, edits: list[tuple[float, str]]
) -> None:
    text = yaml.safe_dump(VALID, allow_unicode=True)
    for where, token in edits:
        at = int(where * len(text))
        text = text[:at] + token + text[at:]
    path = tmp_path / "edited.yaml"
    path.write_text(text)
    problems = _problems(path)
    if problems is not None:
        assert problems, "a CatalogError must say what is wrong"
        assert all(p.message for p in problems)
