"""Metric and task vocabulary shared by the solver, the tables and the CLI."""

from __future__ import annotations

TASKS = ("detect", "segment", "pose", "obb", "classify")

# The metric each task is ranked on unless --metric says otherwise, and the dataset it is read on.
DEFAULT_METRIC: dict[str, str] = {
    "detect": "map50_95",
    "segment": "mask_map50_95",
    "pose": "pose_map50_95",
    "obb": "map50",
    "classify": "top1",
}
DEFAULT_DATASET: dict[str, str] = {
    "detect": "coco",
    "segment": "coco",
    "pose": "coco",
    "obb": "dota-v1",
    "classify": "imagenet",
}

METRIC_LABELS: dict[str, str] = {
    "map50_95": "mAP50-95",
    "map50": "mAP50",
    "map75": "mAP75",
    "map_small": "mAP-S",
    "map_medium": "mAP-M",
    "map_large": "mAP-L",
    "mask_map50_95": "mask mAP50-95",
    "mask_map50": "mask mAP50",
    "pose_map50_95": "pose mAP50-95",
    "pose_map50": "pose mAP50",
    "top1": "top-1",
    "top5": "top-5",
}
METRICS = tuple(METRIC_LABELS)

DEFAULT_HARDWARE = "t4-trt10-fp16"

_ALIASES = {
    "map": "map50_95",
    "map5095": "map50_95",
    "ap": "map50_95",
    "ap50": "map50",
    "ap75": "map75",
    "aps": "map_small",
    "apm": "map_medium",
    "apl": "map_large",
    "maskmap": "mask_map50_95",
    "maskmap5095": "mask_map50_95",
    "posemap": "pose_map50_95",
    "posemap5095": "pose_map50_95",
    "top1acc": "top1",
    "top5acc": "top5",
}


def parse_metric(text: str) -> str | None:
    """``mAP50-95``, ``map50_95``, ``AP50`` or ``top-1`` -> the canonical metric name."""
    key = "".join(ch for ch in text.lower() if ch.isalnum())
    for name, label in METRIC_LABELS.items():
        if key in (name.replace("_", ""), "".join(c for c in label.lower() if c.isalnum())):
            return name
    return _ALIASES.get(key)


def metric_label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric)


__all__ = [
    "DEFAULT_DATASET",
    "DEFAULT_HARDWARE",
    "DEFAULT_METRIC",
    "METRICS",
    "METRIC_LABELS",
    "TASKS",
    "metric_label",
    "parse_metric",
]
