"""Property tests for the non-dominated set: the fast methods agree with the definition."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pickdet.pareto import NUMPY_FROM, _front_kd_numpy, brute_force, dominates, front, front_2d

SETTINGS = settings(max_examples=200, deadline=None)

# Small integers give many ties and duplicates; finite floats (any magnitude, so sums of objectives
# can overflow) and a few hand-picked values (signed zeros, halves) mix with them in one point.
SMALL_INTS = st.integers(-3, 3)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
SPECIAL = st.sampled_from([0, 0.0, -0.0, 0.5, -0.5, 1.5, 1e300, -1e300])
VALUES = st.one_of(SMALL_INTS, SMALL_INTS.map(float), FLOATS, SPECIAL)

Point = tuple[float, ...]


@st.composite
def point_sets(draw: st.DrawFn, dims: st.SearchStrategy[int] | None = None) -> list[Point]:
    """A list of points of one dimension (1..4), with some points repeated exactly."""
    k = draw(dims if dims is not None else st.integers(1, 4))
    values = draw(st.sampled_from([SMALL_INTS, VALUES]))
    base = draw(st.lists(st.tuples(*[values] * k), max_size=25))
    if base:
        extra = draw(st.lists(st.sampled_from(base), max_size=8))
        order = draw(st.permutations(base + extra))
        return list(order)
    return base


def naive_dominates(a: Sequence[float], b: Sequence[float]) -> bool:
    """Written out independently of ``pareto.dominates``."""
    return all(u <= v for u, v in zip(a, b, strict=True)) and any(
        u < v for u, v in zip(a, b, strict=True)
    )


def naive_front(points: Sequence[Sequence[float]]) -> list[int]:
    return [
        i for i, p in enumerate(points) if not any(naive_dominates(q, p) for q in points if q != p)
    ]


@SETTINGS
@given(point_sets())
def test_front_equals_brute_force(points: list[Point]) -> None:
    assert front(points) == brute_force(points)


@SETTINGS
@given(point_sets())
def test_brute_force_is_the_definition(points: list[Point]) -> None:
    assert brute_force(points) == naive_front(points)


@SETTINGS
@given(point_sets(st.just(2)))
def test_front_2d_equals_brute_force(points: list[Point]) -> None:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    assert front_2d(xs, ys) == brute_force(points)


@SETTINGS
@given(point_sets())
def test_front_is_sorted_unique_and_deterministic(points: list[Point]) -> None:
    result = front(points)
    assert result == sorted(set(result))
    assert all(0 <= i < len(points) for i in result)
    assert front(points) == result
    assert front([list(p) for p in points]) == result  # lists or tuples, same answer
    if points:
        assert result, "a non-empty set of finite points has a non-empty front"


@SETTINGS
@given(point_sets())
def test_non_front_points_are_dominated_by_a_front_point(points: list[Point]) -> None:
    on = set(front(points))
    for i, p in enumerate(points):
        if i in on:
            assert not any(dominates(points[j], p) for j in range(len(points)) if j != i)
        else:
            assert any(naive_dominates(points[j], p) for j in on), (i, p)


@SETTINGS
@given(point_sets())
def test_duplicates_are_all_on_the_front_or_all_off(points: list[Point]) -> None:
    on = set(front(points))
    groups: dict[Point, set[bool]] = {}
    for i, p in enumerate(points):
        # -0.0 == 0.0, so key on values that compare equal
        key = tuple(0.0 if v == 0 else v for v in p)
        groups.setdefault(key, set()).add(i in on)
    assert all(len(flags) == 1 for flags in groups.values())


@SETTINGS
@given(st.data())
def test_permuting_the_input_permutes_the_indices(data: st.DataObject) -> None:
    points = data.draw(point_sets())
    perm = data.draw(st.permutations(range(len(points))))
    shuffled = [points[perm[i]] for i in range(len(points))]
    got = front(shuffled)
    assert {perm[i] for i in got} == set(front(points))
    assert Counter(shuffled[i] for i in got) == Counter(points[i] for i in front(points))


@SETTINGS
@given(point_sets(st.just(1)))
def test_one_dimension_keeps_every_minimum(points: list[Point]) -> None:
    got = front(points)
    if points:
        best = min(p[0] for p in points)
        assert got == [i for i, p in enumerate(points) if p[0] == best]
    else:
        assert got == []


@SETTINGS
@given(point_sets(st.integers(2, 4)))
def test_negating_an_objective_maximises_it(points: list[Point]) -> None:
    """Maximise the last objective by negating it: nothing beats a front point on every one."""
    flipped = [(*p[:-1], -p[-1]) for p in points]
    for i in front(flipped):
        p = points[i]
        for q in points:
            no_worse = all(u <= v for u, v in zip(q[:-1], p[:-1], strict=True)) and q[-1] >= p[-1]
            better = any(u < v for u, v in zip(q[:-1], p[:-1], strict=True)) or q[-1] > p[-1]
            assert not (no_worse and better), (p, q)


# -- large sets: from NUMPY_FROM points on, the vectorised path runs when numpy is installed ----


@st.composite
def big_point_sets(draw: st.DrawFn, dims: st.SearchStrategy[int]) -> list[Point]:
    """NUMPY_FROM points or a few more: repeats of a small set, grids, floats or a 2-D chain."""
    k = draw(dims)
    rnd = random.Random(draw(st.integers(0, 2**32)))  # a seed: cheap to draw, unlike 2000 values
    n = NUMPY_FROM + draw(st.integers(0, 100))
    kind = draw(st.sampled_from(["repeats", "grid", "grid", "floats", "chain"]))
    if kind == "repeats" and k == 2:  # (in 3-D and up, n equal points cost the skyline n^2)
        base = draw(st.lists(st.tuples(*[VALUES] * k), min_size=1, max_size=40))
        return [rnd.choice(base) for _ in range(n)]
    if kind == "grid":
        return [tuple(rnd.randint(-6, 6) for _ in range(k)) for _ in range(n)]
    if kind in ("floats", "repeats") or k > 2:
        return [tuple(round(rnd.uniform(0, 100), 1) for _ in range(k)) for _ in range(n)]
    # a 2-D chain along x + y = const (most points on the front) with some points above it
    points = []
    for _ in range(n):
        x = rnd.randint(0, 500) / 4
        points.append((x, 200 - x + rnd.choice([0, 0, 0, 1, 3])))
    return points


def assert_is_the_front(points: Sequence[Point], got: list[int]) -> None:
    """``got`` is the front iff no point beats a point in it and a point in it beats every other.

    Checked in numpy, O(n * len(got)): sets this large are too slow for ``brute_force``.
    """
    np = pytest.importorskip("numpy")
    pts = np.asarray(points, dtype=float)
    assert got == sorted(set(got))
    on = pts[got]
    for start in range(0, len(pts), 512):
        chunk = pts[start : start + 512]
        # beats[a, b]: front point a dominates chunk point b
        beats = (on[:, None, :] <= chunk[None, :, :]).all(axis=2) & (
            on[:, None, :] < chunk[None, :, :]
        ).any(axis=2)
        beaten = beats.any(axis=0)
        inside = np.isin(np.arange(start, start + len(chunk)), got)
        assert not (beaten & inside).any(), "a front point is dominated"
        assert (beaten | inside).all(), "a point off the front is not dominated"


# Huge finite values overflow numpy's weighted sums (harmless: only the choice of anchor uses them).
QUIET = pytest.mark.filterwarnings(
    "ignore:overflow encountered:RuntimeWarning", "ignore:invalid value encountered:RuntimeWarning"
)


@QUIET
@settings(max_examples=100, deadline=None)  # each example is over two thousand points
@given(big_point_sets(st.integers(2, 4)))
def test_front_of_a_large_set_is_the_definition(points: list[Point]) -> None:
    got = front(points)
    assert_is_the_front(points, got)
    if len(points[0]) == 2:
        assert front_2d([p[0] for p in points], [p[1] for p in points]) == got


@QUIET
@settings(max_examples=100, deadline=None)
@given(big_point_sets(st.just(2)), st.integers(0, 2**32))
def test_large_set_permuted_gives_the_same_front(points: list[Point], seed: int) -> None:
    shuffled = points[:]
    random.Random(seed).shuffle(shuffled)
    assert Counter(shuffled[i] for i in front(shuffled)) == Counter(
        points[i] for i in front(points)
    )


def test_empty_and_mismatched_inputs() -> None:
    assert front([]) == []
    assert front_2d([], []) == []
    assert brute_force([]) == []
    with pytest.raises(ValueError, match="length"):
        front_2d([1.0], [])
    with pytest.raises(ValueError, match="dimension"):
        front([(1.0, 2.0), (1.0, 2.0, 3.0)])


def test_dominates_is_strict() -> None:
    assert dominates((1, 2), (1, 3))
    assert not dominates((1, 2), (1, 2))
    assert not dominates((1, 3), (2, 2))
    with pytest.raises(ValueError, match="zip"):
        dominates((1, 2), (1, 2, 3))


@pytest.mark.parametrize("n", [2, NUMPY_FROM])  # the pure-Python sweep and the numpy one
def test_front_2d_keeps_a_point_with_an_infinite_objective(n: int) -> None:
    xs = [float(i) for i in range(n)]
    ys = [math.inf] * n
    points = list(zip(xs, ys, strict=True))
    assert front_2d(xs, ys) == [0]  # (0, inf) dominates every (i, inf) with i > 0
    assert front(points) == [0]


def test_front_with_opposite_infinities() -> None:
    points = [(math.inf, -math.inf, 0.0), (math.inf, -math.inf, -1.0)]
    assert brute_force(points) == [1]
    assert front(points) == [1]


@QUIET
@SETTINGS
@given(point_sets(st.integers(1, 4)), st.integers(1, 6))
def test_vectorised_skyline_in_small_blocks_is_the_definition(
    points: list[Point], block: int
) -> None:
    """The k-D numpy method, with blocks small enough that every set spans several of them."""
    np = pytest.importorskip("numpy")
    if not points:
        return
    got = _front_kd_numpy(np, np.asarray(points, dtype=float), block=block)
    assert got == naive_front(points)
