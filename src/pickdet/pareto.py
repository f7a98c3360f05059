"""Non-dominated sets. Every objective is minimised; negate the ones to maximise.

A point dominates another when it is no worse in every objective and strictly better in one.
Duplicates do not dominate each other, so equal points are all on the front: deterministic, and
the caller decides how to break the tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import extras

# From this many points on, the numpy path (when numpy is installed) is the faster one.
NUMPY_FROM = 2048


def front_2d(xs: Sequence[float], ys: Sequence[float]) -> list[int]:
    """Indices of the non-dominated points, O(n log n): sort by x, sweep keeping the best y.

    The sort uses a C-level key and the sweep touches each point once; points sharing an x are
    handled as a group (only those with the group's least y can be on the front).
    """
    if len(xs) != len(ys):
        raise ValueError("xs and ys differ in length")
    if len(xs) >= NUMPY_FROM:
        np = extras.numpy()
        if np is not None:
            return _front_2d_numpy(np, np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    order = sorted(range(len(xs)), key=xs.__getitem__)
    front: list[int] = []
    best: float | None = None  # least y among points with a smaller x (None: no such point)
    n = len(order)
    i = 0
    while i < n:
        idx = order[i]
        x = xs[idx]
        j = i + 1
        if j < n and xs[order[j]] == x:
            while j < n and xs[order[j]] == x:
                j += 1
            group = order[i:j]
            least = min(ys[k] for k in group)
            if best is None or least < best:
                front.extend(k for k in group if ys[k] == least)
                best = least
        elif best is None or ys[idx] < best:
            front.append(idx)
            best = ys[idx]
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

    Beyond 2-D: sort-filter-skyline. Sorted lexicographically, a point can only be dominated by
    one before it, so each point is compared with the front found so far and nothing else.
    """
    if len(points) == 0:
        return []
    if len(points) >= NUMPY_FROM:
        np = extras.numpy()
        if np is not None:
            arr = np.asarray(points, dtype=float)
            if arr.ndim == 2 and arr.shape[1] == 2:
                return _front_2d_numpy(np, arr[:, 0], arr[:, 1])
            if arr.ndim == 2 and arr.shape[1] > 2:
                return _front_kd_numpy(np, arr)
    k = len(points[0])
    if any(len(p) != k for p in points):
        raise ValueError("points differ in dimension")
    if k == 1:
        best = min(p[0] for p in points)
        return [i for i, p in enumerate(points) if p[0] == best]
    if k == 2:
        return front_2d([p[0] for p in points], [p[1] for p in points])
    # Lexicographic order is enough: a point that dominates another sorts before it.
    order = sorted(range(len(points)), key=lambda i: tuple(points[i]))
    kept: list[int] = []
    for idx in order:
        p = points[idx]
        if not any(dominates(points[q], p) for q in kept):
            kept.append(idx)
    kept.sort()
    return kept


def _undominated_by_anchors(np: Any, cols: list[Any]) -> Any:
    """Indices of points (given as one array per objective) that no "anchor" dominates.

    Whatever a point dominates is off the front, so dropping it is exact whatever the data; an
    anchor minimises a positive weighted sum of the objectives, the kind of point that dominates
    the most. Each anchor is taken among the points the previous ones left, so only the first
    pass sees all of them.
    """
    k = len(cols)
    idx = None
    for heavy in (None, *range(k)):  # equal weights, then each objective weighted 4x
        total = cols[0] + cols[1] if k > 1 else cols[0].copy()  # a new array: added to below
        for c in cols[2:]:
            total += c
        if heavy is not None:
            total += 3.0 * cols[heavy]
        a = int(np.argmin(total))
        # No worse anywhere and a greater sum: worse somewhere (equal points sum equally).
        dominated = total > total[a]
        for c in cols:
            dominated &= c >= c[a]
        keep = np.flatnonzero(~dominated)  # one index array, taken from every column
        idx = keep if idx is None else idx[keep]
        cols = [c[keep] for c in cols]
    return idx


def _dominated_by(np: Any, front: Any, pts: Any) -> Any:
    """For each of ``pts``: does some point of ``front`` dominate it? (in bounded memory)

    One front-by-points table per objective, combined with & and |: far faster than reducing
    a 3-D array along its short last axis.
    """
    out = np.zeros(len(pts), dtype=bool)
    step = max(1, 1_000_000 // len(front))
    for i in range(0, len(pts), step):
        chunk = pts[i : i + step]
        no_worse = front[:, 0, None] <= chunk[None, :, 0]
        better = front[:, 0, None] < chunk[None, :, 0]
        for d in range(1, pts.shape[1]):
            no_worse &= front[:, d, None] <= chunk[None, :, d]
            better |= front[:, d, None] < chunk[None, :, d]
        out[i : i + step] = np.any(no_worse & better, axis=0)
    return out


def _front_kd_numpy(np: Any, pts: Any, block: int = 128) -> list[int]:
    """Sort-filter-skyline, vectorised a block at a time.

    In lexicographic order a point can only be dominated by one before it. So the points of the
    next block that no other point of the block dominates are on the front (whatever came
    earlier and dominated them has already removed them), and one pass then drops every later
    point they dominate.
    """
    idx = _undominated_by_anchors(np, [pts[:, d] for d in range(pts.shape[1])])
    rest = pts[idx]
    order = np.lexsort(rest.T[::-1])
    rest, idx = rest[order], idx[order]
    kept: list[int] = []
    while len(idx):
        head, rest = rest[:block], rest[block:]
        head_idx, idx = idx[:block], idx[block:]
        on_front = ~_dominated_by(np, head, head)
        kept.extend(int(i) for i in head_idx[on_front])
        if len(idx):
            survive = ~_dominated_by(np, head[on_front], rest)
            rest, idx = rest[survive], idx[survive]
    kept.sort()
    return kept


def _front_2d_numpy(np: Any, x: Any, y: Any) -> list[int]:
    """The 2-D sweep, vectorised: lexicographic sort, running minimum, x-groups for ties."""
    cand = _undominated_by_anchors(np, [x, y])
    cx, cy = x[cand], y[cand]
    order = np.lexsort((cy, cx))
    sx, sy = cx[order], cy[order]
    new_group = np.ones(len(sx), dtype=bool)
    new_group[1:] = sx[1:] != sx[:-1]
    group = np.cumsum(new_group) - 1
    starts = np.flatnonzero(new_group)
    group_least = sy[starts][group]
    before = np.concatenate(([np.inf], np.minimum.accumulate(sy)))[starts][group]
    on_front = (sy == group_least) & ((group_least < before) | (group == 0))
    return [int(i) for i in np.sort(cand[order[on_front]])]


def brute_force(points: Sequence[Sequence[float]]) -> list[int]:
    """The definition, O(n^2): for tests and for checking the fast methods."""
    return [
        i
        for i, p in enumerate(points)
        if not any(dominates(q, p) for j, q in enumerate(points) if j != i)
    ]
