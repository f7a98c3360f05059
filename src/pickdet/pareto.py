"""Non-dominated sets. Every objective is minimised; negate the ones to maximise.

A point dominates another when it is no worse in every objective and strictly better in one.
Duplicates do not dominate each other, so equal points are all on the front: deterministic, and
the caller decides how to break the tie.
"""

from __future__ import annotations

from collections.abc import Sequence


def front_2d(xs: Sequence[float], ys: Sequence[float]) -> list[int]:
    """Indices of the non-dominated points, O(n log n): sort by x, sweep keeping the best y."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys differ in length")
    order = sorted(range(len(xs)), key=lambda i: (xs[i], ys[i]))
    front: list[int] = []
    best_y = float("inf")  # best y among points with strictly smaller x
    i = 0
    n = len(order)
    while i < n:
        x = xs[order[i]]
        group_min = ys[order[i]]  # sorted by y within equal x
        j = i
        while j < n and xs[order[j]] == x:
            idx = order[j]
            if ys[idx] == group_min and group_min < best_y:
                front.append(idx)
            j += 1
        best_y = min(best_y, group_min)
        i = j
    front.sort()
    return front


def dominates(a: Sequence[float], b: Sequence[float]) -> bool:
    better = False
    for u, v in zip(a, b, strict=True):
        if u > v:
            return False
        if u < v:
            better = True
    return better


def front(points: Sequence[Sequence[float]]) -> list[int]:
    """Indices of the non-dominated points in any dimension (2-D goes to the sweep).

    Beyond 2-D: sort-filter-skyline. Sorted by the sum of objectives, a point can only be dominated
    by one before it, so each point is compared with the front found so far and nothing else.
    """
    if not points:
        return []
    k = len(points[0])
    if any(len(p) != k for p in points):
        raise ValueError("points differ in dimension")
    if k == 1:
        best = min(p[0] for p in points)
        return [i for i, p in enumerate(points) if p[0] == best]
    if k == 2:
        return front_2d([p[0] for p in points], [p[1] for p in points])
    order = sorted(range(len(points)), key=lambda i: (sum(points[i]), tuple(points[i])))
    kept: list[int] = []
    for idx in order:
        p = points[idx]
        if not any(dominates(points[q], p) for q in kept):
            kept.append(idx)
    kept.sort()
    return kept


def brute_force(points: Sequence[Sequence[float]]) -> list[int]:
    """The definition, O(n^2): for tests and for checking the fast methods."""
    return [
        i
        for i, p in enumerate(points)
        if not any(dominates(q, p) for j, q in enumerate(points) if j != i)
    ]
