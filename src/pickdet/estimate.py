"""Latency estimates for models with no figure on a profile, from models that have figures on both.

A power law fitted in log-log space: log(ms on the target) = a + b * log(x), where x is the
model's latency on a reference profile (the one sharing most models with the target) or, when no
profile shares enough, its FLOPs. The fit's typical error is the root-mean-square of its
leave-one-out residuals, as a percentage. Estimates are only made when asked for and are always
marked as estimated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog.entries import Entry

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


def estimates(entries: Iterable[Entry], target: str) -> dict[str, Estimate]:
    """An estimate on ``target`` for every entry without a figure there that a fit can reach."""
    entries = list(entries)
    have = [e for e in entries if target in e.latency]
    fits: dict[str, Fit | None] = {}

    def fit_for(basis: str) -> Fit | None:
        if basis not in fits:
            if basis == "flops":
                pts = [(e.flops_g, e.latency[target][0]) for e in have if e.flops_g]
            else:
                pts = [
                    (e.latency[basis][0], e.latency[target][0]) for e in have if basis in e.latency
                ]
            fits[basis] = fit_power_law([(float(x), float(y)) for x, y in pts], basis)
        return fits[basis]

    out: dict[str, Estimate] = {}
    for e in entries:
        if target in e.latency:
            continue
        options = [(f, e.latency[h][0]) for h in e.latency if (f := fit_for(h)) is not None]
        if not options and e.flops_g and (f := fit_for("flops")) is not None:
            options = [(f, float(e.flops_g))]
        if options:
            fit, x = min(options, key=lambda o: (o[0].error_pct, -o[0].pairs, o[0].basis))
            out[e.id] = Estimate(fit.predict(x), fit)
    return out
