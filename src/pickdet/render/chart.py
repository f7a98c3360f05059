"""Speed/accuracy charts (plotext): one series per family, the Pareto front drawn over them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..metrics import metric_label
from ..pareto import front_2d
from ..solver import Row

X_DIMS = ("latency", "params", "flops")
MARKERS = "ox+*#%@&$=~^"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Point:
    id: str
    family: str
    x: float
    y: float
    size_order: int


@dataclass
class Chart:
    """What a chart shows, independent of how it is drawn (tests read this and the text)."""

    title: str
    x_label: str
    y_label: str
    points: list[Point]
    front: list[Point]
    x_limit: float | None = None
    y_limit: float | None = None
    log_x: bool = False
    skipped: list[str] = field(default_factory=list)  # models lacking x or y


def x_value(row: Row, dim: str) -> float | None:
    return {"latency": row.latency_ms, "params": row.params_m, "flops": row.flops_g}[dim]


def build_chart(
    rows: Sequence[Row],
    *,
    x: str = "latency",
    metric: str = "map50_95",
    hardware: str = "",
    title: str | None = None,
    x_limit: float | None = None,
    y_limit: float | None = None,
    log_x: bool = False,
) -> Chart:
    points: list[Point] = []
    skipped: list[str] = []
    for order, row in enumerate(rows):
        xv = x_value(row, x)
        if xv is None or row.accuracy is None:
            skipped.append(row.model.id)
            continue
        points.append(Point(row.model.id, row.family.name, xv, row.accuracy, order))
    idx = front_2d([p.x for p in points], [-p.y for p in points])
    front = sorted((points[i] for i in idx), key=lambda p: (p.x, -p.y))
    x_label = {"latency": f"latency ms ({hardware})", "params": "params (M)", "flops": "FLOPs (G)"}[
        x
    ]
    y_label = metric_label(metric)
    head = title or f"{y_label} vs {x_label}"
    head += f": {len(points)} models, {len(front)} on the Pareto front"
    return Chart(head, x_label, y_label, points, front, x_limit, y_limit, log_x, skipped)


def render(chart: Chart, *, width: int = 80, height: int = 24, color: bool = False) -> str:
    import plotext as plt

    plt.clf()
    plt.plotsize(width, height)
    plt.theme("pro" if color else "clear")
    if chart.log_x:
        plt.xscale("log")
    families: dict[str, list[Point]] = {}
    for p in chart.points:
        families.setdefault(p.family, []).append(p)
    for i, (family, pts) in enumerate(sorted(families.items())):
        pts.sort(key=lambda p: (p.x, p.size_order))
        marker = MARKERS[i % len(MARKERS)]
        xs, ys = [p.x for p in pts], [p.y for p in pts]
        if len(pts) > 1:
            plt.plot(xs, ys, marker="dot")
        plt.scatter(xs, ys, marker=marker, label=family)
    if chart.front:
        fx, fy = [p.x for p in chart.front], [p.y for p in chart.front]
        plt.plot(fx, fy, marker="braille", label="Pareto front")
        for p in chart.front:
            plt.text(p.id, p.x, p.y, alignment="left")
    if chart.x_limit is not None:
        plt.vline(chart.x_limit)
    if chart.y_limit is not None:
        plt.hline(chart.y_limit)
    if chart.x_limit is not None or chart.y_limit is not None:
        bounds = []
        if chart.x_limit is not None:
            bounds.append(f"x <= {chart.x_limit:g}")
        if chart.y_limit is not None:
            bounds.append(f"y >= {chart.y_limit:g}")
        plt.xlabel(f"{chart.x_label}   [feasible: {', '.join(bounds)}]")
    else:
        plt.xlabel(chart.x_label)
    plt.ylabel(chart.y_label)
    plt.title(chart.title)
    text = str(plt.build())
    plt.clf()
    if not color:
        text = _ANSI.sub("", text)
    return "\n".join(line.rstrip() for line in text.splitlines())
