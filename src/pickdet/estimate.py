"""Latency estimates for models with no figure on a profile, from models that have figures on both.

A power law fitted in log-log space: log(ms on the target) = a + b * log(x), where x is the
model's latency on a reference profile (the one sharing most models with the target) or, when no
profile shares enough, its FLOPs. The fit's typical error is the root-mean-square of its
leave-one-out residuals, as a percentage. Estimates are only made when asked for and are always
marked as estimated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .catalog.entries import Entries

MIN_PAIRS = 4  # fewer points than this give no useful fit (or leave-one-out error)


@dataclass(frozen=True)
class Fit:
    """log(y) = a + b log(x) over ``pairs`` points; ``error_pct`` is the leave-one-out RMS."""

    basis: str  # a hardware profile id, or "flops"
    a: float
    b: float
    pairs: int
    error_pct: float

    def predict(self, x: float) -> float:
        return math.exp(self.a + self.b * math.log(x))


@dataclass(frozen=True)
class Estimate:
    ms: float
    fit: Fit


def fit_power_law(points: list[tuple[float, float]], basis: str) -> Fit | None:
    """Least squares in log space; None when the points cannot give a fit."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    n = len(pts)
    if n < MIN_PAIRS:
        return None
    a, b = _line(pts)
    if a is None or b is None:
        return None
    residuals = []
    for i in range(n):  # leave-one-out: how far off is each point when it is not in the fit
        la, lb = _line(pts[:i] + pts[i + 1 :])
        if la is None or lb is None:
            return None
        residuals.append(pts[i][1] - (la + lb * pts[i][0]))
    rms = math.sqrt(sum(r * r for r in residuals) / n)
    return Fit(basis, a, b, n, (math.exp(rms) - 1) * 100)


def _line(pts: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    n = len(pts)
    mx = sum(p[0] for p in pts) / n
    my = sum(p[1] for p in pts) / n
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    if sxx == 0:
        return None, None
    b = sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx
    return my - b * mx, b


def estimates(entries: Entries, target: str) -> dict[str, Estimate]:
    """An estimate on ``target`` for every model without a figure there that a fit can reach."""
    n = len(entries)
    on_target = entries.latency.get(target) or [None] * n
    have = [i for i, ms in enumerate(on_target) if ms is not None]
    fits: dict[str, Fit | None] = {}

    def fit_for(basis: str) -> Fit | None:
        if basis not in fits:
            xs = entries.flops_g if basis == "flops" else entries.latency[basis]
            pts = [(float(x), float(y)) for i in have if (x := xs[i]) and (y := on_target[i])]
            fits[basis] = fit_power_law(pts, basis)
        return fits[basis]

    out: dict[str, Estimate] = {}
    for i in range(n):
        if on_target[i] is not None:
            continue
        options = [
            (f, float(x))
            for basis, column in entries.latency.items()
            if (x := column[i]) is not None and (f := fit_for(basis)) is not None
        ]
        flops = entries.flops_g[i]
        if not options and flops and (f := fit_for("flops")) is not None:
            options = [(f, float(flops))]
        if options:
            fit, x = min(options, key=lambda o: (o[0].error_pct, -o[0].pairs, o[0].basis))
            out[entries.id[i]] = Estimate(fit.predict(x), fit)
    return out
