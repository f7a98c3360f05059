"""Every seed figure is in the catalogue, exactly, with its source (API and `show --json`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from pickdet.catalog import Catalog
from pickdet.cli import app
from pickdet.export import figures
from seed_figures import SEED_FIGURES


def _pairs_from_figures(figs: list[dict[str, Any]], key: str) -> set[tuple[str, str]]:
    """(printed value, source) for a figure key, headline and alternatives alike."""
    out: set[tuple[str, str]] = set()
    for fig in figs:
        if key.startswith("latency:"):
            hw, unit = key.removeprefix("latency:").split("/")
            if fig["kind"] != "latency" or fig["hardware"] != hw:
                continue
            field = "ms_as_published" if unit == "ms" else "fps"
            items = [fig, *fig["alternatives"]]
            out |= {(repr(i[field]), i["source"]) for i in items if i[field] is not None}
        elif fig["kind"] == key or (fig["kind"] == "accuracy" and fig.get("metric") == key):
            if fig["kind"] == "accuracy" and fig["dataset"] != "coco":
                continue
            out |= {(repr(i["value"]), i["source"]) for i in [fig, *fig["alternatives"]]}
    return out


@pytest.mark.parametrize(("model_id", "key", "value", "source"), SEED_FIGURES)
def test_seed_figure_through_api(
    catalog: Catalog, model_id: str, key: str, value: float, source: str
) -> None:
    model = catalog.model(model_id)
    if key in ("input_size", "epochs"):
        assert getattr(model, key) == value
        return
    assert (repr(value), source) in _pairs_from_figures(figures(model), key)


@pytest.fixture(scope="module")
def shown() -> dict[str, dict[str, Any]]:
    runner = CliRunner()
    out: dict[str, dict[str, Any]] = {}
    for model_id in sorted({m for m, *_ in SEED_FIGURES}):
        result = runner.invoke(app, ["show", model_id, "--json"])
        assert result.exit_code == 0, result.output
        out[model_id] = json.loads(result.stdout)["model"]
    return out


@pytest.mark.parametrize(("model_id", "key", "value", "source"), SEED_FIGURES)
def test_seed_figure_through_show_json(
    shown: dict[str, dict[str, Any]], model_id: str, key: str, value: float, source: str
) -> None:
    model = shown[model_id]
    if key in ("input_size", "epochs"):
        assert model[key] == value
        return
    assert (repr(value), source) in _pairs_from_figures(model["figures"], key)
    assert source in {s["id"] for s in model["sources"]}


def test_seed_mislabelled_map50_is_recorded_as_map50_95(catalog: Catalog) -> None:
    # The variant-aligned pages head the column "mAP val 50"; the figures are mAP50-95.
    mislabelled = {
        "ultralytics-compare-yolov7-vs-rtdetrv2",
        "ultralytics-compare-damo-yolo-vs-yolov7",
    }
    metrics_from_them = {
        fig.metric
        for model in catalog.models.values()
        for fig in model.accuracy
        for item in (fig, *fig.alternatives)
        if item.source in mislabelled
    }
    assert metrics_from_them == {"map50_95"}


def test_damo_yolo_n_row_is_the_tiny_model(catalog: Catalog) -> None:
    tiny = catalog.model("DAMO-YOLO-Tiny")
    assert tiny.id == "damo-yolo-t"
    notes = [a.note or "" for f in tiny.accuracy for a in f.alternatives]
    assert any("'n'" in n for n in notes)


def test_fps_figures_derive_latency(catalog: Catalog) -> None:
    lat = catalog.model("RT-DETR-R50").latency_on("rtdetr-paper-t4-trt-fp16")
    assert lat is not None
    assert lat.derived
    assert lat.fps == 108
    assert lat.latency_ms == pytest.approx(1000 / 108)
    # A derived protocol is never the comparison pages' T4 TensorRT10 profile.
    assert catalog.model("RT-DETR-R50").latency_on("t4-trt10-fp16") is None
