"""--estimate: exact on data built from a known relation; marked as estimated; never by default."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pickdet
from pickdet.catalog.entries import Entries, Row
from pickdet.cli import app
from pickdet.estimate import estimates, fit_power_law


def _catalog(tmp_path: Path) -> Path:
    """Six models timed on A and B with ms_B = 2 * ms_A ** 1.5; a seventh timed on A only."""
    models = []
    for i, ms_a in enumerate([1.0, 2.0, 3.5, 5.0, 8.0, 13.0, 4.0]):
        latency = [{"hardware": "a", "ms": ms_a}]
        if i < 6:
            latency.append({"hardware": "b", "ms": 2 * ms_a**1.5})
        models.append(
            {
                "id": f"m{i}",
                "family": "f",
                "variant": str(i),
                "source": "s",
                "flops_g": 10.0 * (i + 1),
                "accuracy": [{"metric": "map50_95", "value": 30.0 + i}],
                "latency": latency,
            }
        )
    doc = {
        "schema_version": 1,
        "sources": [{"id": "s", "title": "synthetic"}],
        "hardware": [
            {"id": "a", "name": "A", "device": "A"},
            {"id": "b", "name": "B", "device": "B"},
        ],
        "families": [{"id": "f", "name": "F", "license": "MIT", "sources": ["s"]}],
        "models": models,
    }
    path = tmp_path / "synthetic.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_fit_recovers_a_known_power_law() -> None:
    points = [(x, 3.0 * x**0.8) for x in (1.0, 2.0, 4.0, 9.0, 20.0)]
    fit = fit_power_law(points, "a")
    assert fit is not None
    assert fit.b == pytest.approx(0.8)
    assert math.exp(fit.a) == pytest.approx(3.0)
    assert fit.predict(7.0) == pytest.approx(3.0 * 7.0**0.8)
    assert fit.error_pct == pytest.approx(0.0, abs=1e-9)
    assert fit_power_law(points[:3], "a") is None  # too few points to fit and check


def _refit_error_pct(points: list[tuple[float, float]]) -> float:
    """The leave-one-out error by its definition: refit without each point, predict it."""
    pts = [(math.log(x), math.log(y)) for x, y in points]
    residuals = []
    for i, (x, y) in enumerate(pts):
        rest = pts[:i] + pts[i + 1 :]
        mx = sum(p[0] for p in rest) / len(rest)
        my = sum(p[1] for p in rest) / len(rest)
        b = sum((p[0] - mx) * (p[1] - my) for p in rest) / sum((p[0] - mx) ** 2 for p in rest)
        residuals.append(y - (my - b * mx + b * x))
    return (math.exp(math.sqrt(sum(r * r for r in residuals) / len(pts))) - 1) * 100


positive = st.floats(0.1, 1000.0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(positive, positive), min_size=4, max_size=30))
def test_leave_one_out_error_is_the_refit_definition(points: list[tuple[float, float]]) -> None:
    # Every point left out must leave x spread enough for a line to mean something.
    logs = [math.log(x) for x, _ in points]
    for i in range(len(points)):
        rest = logs[:i] + logs[i + 1 :]
        assume(max(rest) - min(rest) > 1e-3)
    try:
        expected: float | None = _refit_error_pct(points)
    except OverflowError:  # an error too large for a float: no usable fit
        expected = None
    fit = fit_power_law(points, "a")
    if expected is None:
        assert fit is None
    else:
        assert fit is not None
        assert fit.error_pct == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_no_fit_when_leaving_a_point_out_leaves_one_x() -> None:
    # Without (9, 1) every point has x = 2: no line, so no error to report.
    assert fit_power_law([(2.0, 1.0), (2.0, 3.0), (2.0, 5.0), (9.0, 1.0)], "a") is None
    assert fit_power_law([(2.0, 1.0), (2.0, 3.0), (9.0, 5.0), (9.0, 1.0)], "a") is not None
    # Nearly so: without (2, 1) the rest span 10^-5 in log x; the refit's slope is ~10^5.
    assert fit_power_law([(1.0, 1.0), (1.0, 1.0), (2.0, 1.0), (0.99999, 2.0)], "a") is None


def test_no_fit_when_its_error_is_beyond_a_float() -> None:
    # Refitting without (41, 1) predicts it from three points 0.004 apart in log x: the error
    # overflows (this was an OverflowError, an internal error of --estimate).
    assert fit_power_law([(1.0, 1.0), (1.0, 20.0), (41.0, 1.0), (0.99609375, 1.0)], "a") is None


def test_estimate_is_exact_on_a_known_relation(tmp_path: Path) -> None:
    cat = pickdet.load_catalog(_catalog(tmp_path), bundled=False)
    guess = estimates(cat.entries, "b")
    assert set(guess) == {"m6"}
    assert guess["m6"].ms == pytest.approx(2 * 4.0**1.5)
    assert guess["m6"].fit.basis == "a"
    assert guess["m6"].fit.pairs == 6


def test_flops_is_the_fallback_basis() -> None:
    rows: list[Row] = [
        (f"m{i}", "", "f", "s", "detect", 640, None, float(g), {}, {"t": (0.5 * g, False)})
        for i, g in enumerate([2, 4, 8, 16, 32])
    ]
    rows.append(("new", "", "f", "s", "detect", 640, None, 10.0, {}, {}))
    guess = estimates(Entries.from_rows(rows), "t")
    assert guess["new"].fit.basis == "flops"
    assert guess["new"].ms == pytest.approx(5.0)


def test_estimates_only_when_asked_and_marked(tmp_path: Path) -> None:
    path = _catalog(tmp_path)
    runner = CliRunner()
    base = [
        "recommend",
        "--no-bundled",
        "--catalog",
        str(path),
        "--hardware",
        "b",
        "--max-ms",
        "100",
        "--json",
    ]
    plain = json.loads(runner.invoke(app, base).stdout)
    assert "m6" in {u["id"] for u in plain["unknown"]}
    assert all(not c["estimated"] for c in plain["candidates"])
    result = runner.invoke(app, [*base, "--estimate"])
    est = {c["id"]: c for c in json.loads(result.stdout)["candidates"]}
    assert est["m6"]["estimated"] is True
    assert est["m6"]["latency_ms"] == pytest.approx(16.0)
    assert est["m6"]["estimate"]["basis"] == "a"
    assert est["m0"]["estimated"] is False
    table = runner.invoke(app, [*base[:-1], "--estimate"]).stdout
    assert "~16.00" in table
    assert "estimated, not measured" in table


def test_compare_marks_estimates(tmp_path: Path) -> None:
    path = _catalog(tmp_path)
    runner = CliRunner()
    args = ["compare", "m0", "m6", "--no-bundled", "--catalog", str(path), "--hardware", "b"]
    plain = json.loads(runner.invoke(app, [*args, "--json"]).stdout)["models"]
    assert plain[1]["latency_ms"] is None
    est = json.loads(runner.invoke(app, [*args, "--estimate", "--json"]).stdout)["models"]
    assert est[1]["estimated"] is True
    assert est[1]["latency_ms"] == pytest.approx(16.0)
    table = runner.invoke(app, [*args, "--estimate"]).stdout
    assert "~16.00" in table
