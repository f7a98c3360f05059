"""Property tests for the solver over random catalogues and random queries.

Every expectation is computed here from the raw figures of the records (an oracle written apart
from the solver), never from the solver's own rows and checks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pickdet.catalog import Catalog
from pickdet.catalog.records import (
    Accuracy,
    Family,
    Hardware,
    Latency,
    Model,
    ScalarFigure,
    Source,
)
from pickdet.errors import UsageError
from pickdet.metrics import METRICS
from pickdet.solver import PARETO_DIMS, SORTS, Query, Result, frontier, recommend

SETTINGS = settings(max_examples=200, deadline=None)

LICENCES = ["MIT", "Apache-2.0", "GPL-3.0", "AGPL-3.0", None]
PERMISSIVE = {"MIT", "Apache-2.0"}  # of LICENCES: the two that are neither copyleft nor unknown
HW_IDS = ["hw-a", "hw-b", "hw-c"]
HEADLINE = {"detect": "map50_95", "segment": "mask_map50_95"}
METRICS_USED = ["map50_95", "map50", "mask_map50_95"]

# Figures on coarse grids (whole numbers, hundredths, tenths) so that ties are common; the test
# at the end covers latencies just off the grid, where suggested bounds must round outward.
MS = st.one_of(st.integers(1, 60), st.integers(1, 6000).map(lambda k: k / 100))
FPS = st.one_of(st.integers(1, 500), st.integers(1, 5000).map(lambda k: k / 10))
SIZE = st.one_of(st.integers(1, 200), st.integers(10, 2000).map(lambda k: k / 10))
ACC = st.one_of(st.integers(1, 70), st.integers(10, 700).map(lambda k: k / 10))
YEARS = st.integers(2015, 2025)


# -- strategies -------------------------------------------------------------------------------


def often(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A figure that is there three times in four."""
    return st.sampled_from([True, True, True, False]).flatmap(
        lambda on: strategy if on else st.none()
    )


def fig(value: float) -> ScalarFigure:
    return ScalarFigure(value=value, source="s")


@st.composite
def catalogs(draw: st.DrawFn, max_models: int = 25) -> Catalog:
    hardware = {
        h: Hardware(id=h, name=h.upper(), device="GPU") for h in HW_IDS[: draw(st.integers(1, 3))]
    }
    families = {}
    for i in range(draw(st.integers(1, 4))):
        released = draw(st.none() | st.builds(dt.date, YEARS, st.integers(1, 12), st.just(1)))
        families[f"fam{i}"] = Family(
            id=f"fam{i}",
            name=f"Family {i}",
            license=draw(st.sampled_from(LICENCES)),
            nms_free=draw(st.sampled_from([True, False, None])),
            released=released,
        )
    models: dict[str, Model] = {}
    for i in range(draw(st.integers(0, max_models))):
        mid = f"m{i:02d}"
        if models and draw(st.integers(0, 4)) == 0:
            # a twin of an earlier model: equal figures under another id, for ties and duplicates
            twin = models[draw(st.sampled_from(sorted(models)))]
            models[mid] = dataclasses.replace(twin, id=mid, variant=f"v{i}")
            continue
        accuracy = tuple(
            Accuracy(metric=m, value=v, source="s")
            for m in METRICS_USED
            if (v := draw(often(ACC))) is not None
        )
        latency = []
        for h in hardware:
            kind = draw(st.sampled_from(["none", "ms", "ms", "fps", "both"]))
            if kind == "none":
                continue
            ms = draw(MS) if kind in ("ms", "both") else None
            fps = draw(FPS) if kind in ("fps", "both") else None
            latency.append(Latency(hardware=h, ms=ms, fps=fps, source="s"))
        params = draw(often(SIZE))
        flops = draw(often(SIZE))
        models[mid] = Model(
            id=mid,
            family=draw(st.sampled_from(sorted(families))),
            variant=f"v{i}",
            task=draw(st.sampled_from(["detect", "detect", "detect", "segment"])),
            input_size=draw(st.sampled_from([None, 320, 640, 1280])),
            source="s",
            params_m=None if params is None else fig(params),
            flops_g=None if flops is None else fig(flops),
            accuracy=accuracy,
            latency=tuple(latency),
        )
    return Catalog(
        sources={"s": Source(id="s", title="S")},
        hardware=hardware,
        families=families,
        models=models,
    )


def known_licences(catalog: Catalog) -> list[str]:
    return sorted({f.license for f in catalog.families.values() if f.license})


def rarely(strategy: st.SearchStrategy[Any], default: Any = None) -> st.SearchStrategy[Any]:
    """``strategy`` one time in four, else ``default``: queries with a few constraints, not all."""
    return st.sampled_from([False, False, False, True]).flatmap(
        lambda on: strategy if on else st.just(default)
    )


@st.composite
def queries(draw: st.DrawFn, catalog: Catalog) -> Query:
    budget = draw(rarely(st.sampled_from(["max_ms", "min_fps"]), "none"))
    known = known_licences(catalog)
    some = st.lists(st.sampled_from(known), min_size=1, max_size=3, unique=True)
    licences = draw(rarely(some, [])) if known else []
    casing = st.sampled_from([str, str.lower, str.upper])
    fams = sorted(catalog.families)
    chosen = draw(rarely(st.lists(st.sampled_from(fams), min_size=1, max_size=2, unique=True), []))
    rest = [f for f in fams if f not in chosen]
    excluded = (
        draw(rarely(st.lists(st.sampled_from(rest), unique=True, max_size=1), [])) if rest else []
    )

    def spell(fid: str) -> str:  # by id or by name: both resolve
        return draw(st.sampled_from([fid, catalog.families[fid].name]))

    pareto_on = draw(
        st.just(("latency", "accuracy"))
        | st.lists(st.sampled_from(PARETO_DIMS), min_size=2, max_size=4, unique=True).map(tuple)
    )
    return Query(
        task=draw(st.sampled_from(["detect", "detect", "detect", "detect", "segment"])),
        hardware=draw(st.sampled_from(sorted(catalog.hardware))),
        metric=draw(rarely(st.sampled_from(["map50_95", "map50"]))),
        max_ms=draw(MS) if budget == "max_ms" else None,
        min_fps=draw(FPS) if budget == "min_fps" else None,
        min_accuracy=draw(rarely(ACC)),
        max_params=draw(rarely(SIZE)),
        max_flops=draw(rarely(SIZE)),
        families=tuple(spell(f) for f in chosen),
        exclude_families=tuple(spell(f) for f in excluded),
        licenses=tuple(draw(casing)(lic) for lic in licences),
        permissive=draw(rarely(st.just(True), False)),
        nms_free=draw(rarely(st.just(True), False)),
        since=draw(rarely(st.integers(2014, 2026))),
        input_size=draw(rarely(st.sampled_from([320, 640]))),
        sort=draw(st.sampled_from(SORTS)),
        pareto_on=pareto_on,
        top=draw(rarely(st.integers(1, 5))),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Catalog, Query]:
    catalog = draw(catalogs())
    return catalog, draw(queries(catalog))


# -- the oracle ---------------------------------------------------------------------------------


def family_id(catalog: Catalog, name: str) -> str:
    for fam in catalog.families.values():
        if name in (fam.id, fam.name):
            return fam.id
    raise AssertionError(name)


def budget_ms(query: Query) -> float | None:
    if query.max_ms is not None:
        return query.max_ms
    if query.min_fps is not None:
        return 1000.0 / query.min_fps
    return None


def raw(model: Model, query: Query) -> dict[str, float | None]:
    """The figures a query is about, read from the record."""
    metric = query.metric or HEADLINE[query.task]
    acc = next((a.value for a in model.accuracy if a.metric == metric), None)
    lat = None
    for f in model.latency:
        if f.hardware == query.hardware:
            lat = float(f.ms) if f.ms is not None else 1000.0 / f.fps
    return {
        "latency": lat,
        "accuracy": acc,
        "params": model.params_m.value if model.params_m else None,
        "flops": model.flops_g.value if model.flops_g else None,
    }


def in_scope(catalog: Catalog, query: Query, model: Model) -> bool:
    wanted = {family_id(catalog, f) for f in query.families}
    unwanted = {family_id(catalog, f) for f in query.exclude_families}
    if model.task != query.task:
        return False
    if wanted and model.family not in wanted:
        return False
    return model.family not in unwanted


def verdicts(catalog: Catalog, query: Query, model: Model) -> dict[str, str]:
    """Per constraint the query sets: 'ok', 'fail' or 'unknown' (a needed figure is missing)."""
    fam = catalog.families[model.family]
    v = raw(model, query)
    out: dict[str, str] = {}

    def bound(name: str, value: float | None, ok: bool) -> None:
        out[name] = "unknown" if value is None else ("ok" if ok else "fail")

    budget = budget_ms(query)
    if budget is not None:
        lat = v["latency"]
        bound("latency", lat, lat is not None and lat <= budget)
    for name, key, limit, upper in (
        ("min_accuracy", "accuracy", query.min_accuracy, False),
        ("max_params", "params", query.max_params, True),
        ("max_flops", "flops", query.max_flops, True),
    ):
        if limit is not None:
            x = v[key]
            bound(name, x, x is not None and (x <= limit if upper else x >= limit))
    if query.licenses:
        allowed = {lic.lower() for lic in query.licenses}
        lic = fam.license
        bound("license", None if lic is None else 0, lic is not None and lic.lower() in allowed)
    if query.permissive:  # documented: "No copyleft and no unknown licence."
        out["permissive"] = "ok" if fam.license in PERMISSIVE else "fail"
    if query.nms_free:
        bound("nms_free", None if fam.nms_free is None else 0, bool(fam.nms_free))
    if query.since is not None:
        year = fam.released.year if fam.released else None
        bound("since", year, year is not None and year >= query.since)
    if query.input_size is not None:
        size = model.input_size
        bound("input_size", size, size == query.input_size)
    return out


def expected_status(catalog: Catalog, query: Query, model: Model) -> str:
    if not in_scope(catalog, query, model):
        return "out"
    found = set(verdicts(catalog, query, model).values())
    if "fail" in found:
        return "fail"
    return "unknown" if "unknown" in found else "ok"


def ids(rows: Any) -> list[str]:
    return [r.model.id for r in rows]


def feasible_ids(catalog: Catalog, query: Query) -> set[str]:
    return set(ids(recommend(catalog, query).all_feasible))


def dominated(p: list[float], q: list[float]) -> bool:
    """``q`` dominates ``p`` (all objectives minimised)."""
    return all(b <= a for a, b in zip(p, q, strict=True)) and any(
        b < a for a, b in zip(p, q, strict=True)
    )


def objectives(model: Model, query: Query, dims: tuple[str, ...]) -> list[float] | None:
    v = raw(model, query)
    out = []
    for d in dims:
        x = v[d]
        if x is None:
            return None
        out.append(-float(x) if d == "accuracy" else float(x))
    return out


def primary(model: Model, query: Query) -> float:
    """The sort key's first element: smaller ranks first, a missing figure last."""
    v = raw(model, query)
    lat, acc = v["latency"], v["accuracy"]
    if query.sort == "accuracy":
        return math.inf if acc is None else -acc
    if query.sort == "efficiency":
        return math.inf if acc is None or not lat else -(acc / lat)
    x = v[{"latency": "latency", "params": "params", "flops": "flops"}[query.sort]]
    return math.inf if x is None else float(x)


# -- constraints: soundness, completeness, the partition ------------------------------------------


@SETTINGS
@given(scenarios())
def test_every_model_lands_where_the_oracle_says(scenario: tuple[Catalog, Query]) -> None:
    catalog, query = scenario
    result = recommend(catalog, query)
    got: dict[str, str] = {}
    for status, rows in (
        ("ok", result.all_feasible),
        ("fail", result.excluded),
        ("unknown", result.unknown),
    ):
        for mid in ids(rows):
            assert mid not in got, f"{mid} listed twice"
            got[mid] = status
    for model in catalog.models.values():
        want = expected_status(catalog, query, model)
        assert got.get(model.id, "out") == want, (model, verdicts(catalog, query, model))
    # the partition: every model counted exactly once
    counted = len(got) + sum(result.out_of_scope.values())
    assert counted == len(catalog.models)
    assert result.candidates == (
        result.all_feasible[: query.top] if query.top else result.all_feasible
    )
    assert result.total_candidates == len(result.all_feasible)
    # unknown: fails nothing and lacks a figure; excluded: fails something
    for row in result.unknown:
        assert row.missing
        assert not row.failed
    for row in result.excluded:
        assert row.failed
    # --min-fps is the same budget as --max-ms 1000/fps
    if query.min_fps is not None:
        as_ms = query._replace(min_fps=None, max_ms=1000.0 / query.min_fps)
        assert feasible_ids(catalog, as_ms) == set(ids(result.all_feasible))


@SETTINGS
@given(scenarios())
def test_candidates_meet_every_constraint(scenario: tuple[Catalog, Query]) -> None:
    catalog, query = scenario
    for row in recommend(catalog, query).candidates:
        model = catalog.models[row.model.id]  # the record, not the solver's view of it
        assert in_scope(catalog, query, model)
        v = raw(model, query)
        budget = budget_ms(query)
        if budget is not None:
            assert v["latency"] is not None
            assert v["latency"] <= budget
        if query.min_accuracy is not None:
            assert v["accuracy"] is not None
            assert v["accuracy"] >= query.min_accuracy
        if query.max_params is not None:
            assert v["params"] is not None
            assert v["params"] <= query.max_params
        if query.max_flops is not None:
            assert v["flops"] is not None
            assert v["flops"] <= query.max_flops
        fam = catalog.families[model.family]
        if query.licenses:
            assert fam.license is not None
            assert fam.license.lower() in {lic.lower() for lic in query.licenses}
        if query.permissive:
            assert fam.license in PERMISSIVE
        if query.nms_free:
            assert fam.nms_free is True
        if query.since is not None:
            assert fam.released is not None
            assert fam.released.year >= query.since
        if query.input_size is not None:
            assert model.input_size == query.input_size
        # the row reports the figures it was judged on
        assert (row.latency_ms, row.accuracy, row.params_m, row.flops_g) == (
            v["latency"],
            v["accuracy"],
            v["params"],
            v["flops"],
        )


# -- loosening never removes a candidate ----------------------------------------------------------


@st.composite
def loosenings(draw: st.DrawFn, catalog: Catalog, query: Query) -> Query:
    """The same query with one or more constraints loosened or dropped."""
    changes: dict[str, Any] = {}
    factor = st.sampled_from([1, 1.5, 2, 10])
    for name in draw(
        st.lists(
            st.sampled_from(
                [
                    "max_ms",
                    "min_fps",
                    "min_accuracy",
                    "max_params",
                    "max_flops",
                    "licenses",
                    "permissive",
                    "nms_free",
                    "since",
                    "input_size",
                    "families",
                    "exclude_families",
                ]
            ),
            min_size=1,
            max_size=4,
            unique=True,
        )
    ):
        value = getattr(query, name)
        drop = draw(st.booleans())
        if name in ("max_ms", "max_params", "max_flops") and value is not None:
            changes[name] = None if drop else value * draw(factor) + draw(st.sampled_from([0, 1]))
        elif name in ("min_fps", "min_accuracy") and value is not None:
            changes[name] = None if drop else value / draw(factor)
        elif name == "since" and value is not None:
            changes[name] = None if drop else value - draw(st.integers(0, 5))
        elif name in ("permissive", "nms_free"):
            changes[name] = False
        elif name == "input_size":
            changes[name] = None
        elif name == "licenses" and value:
            more = draw(st.lists(st.sampled_from(known_licences(catalog)), unique=True))
            changes[name] = () if drop else tuple(dict.fromkeys((*value, *more)))
        elif name in ("families", "exclude_families") and value:
            changes[name] = ()
    return query._replace(**changes)


@SETTINGS
@given(st.data())
def test_loosening_never_removes_a_candidate(data: st.DataObject) -> None:
    catalog, query = data.draw(scenarios())
    looser = data.draw(loosenings(catalog, query))
    before = feasible_ids(catalog, query)
    after = feasible_ids(catalog, looser)
    assert before <= after, (query, looser, before - after)


# -- Pareto flags and the frontier --------------------------------------------------------------


@SETTINGS
@given(scenarios())
def test_pareto_flags_and_frontier_are_the_definition(scenario: tuple[Catalog, Query]) -> None:
    catalog, query = scenario
    result = recommend(catalog, query)
    dims = tuple(dict.fromkeys(query.pareto_on))
    rows = result.all_feasible
    points = {r.model.id: objectives(catalog.models[r.model.id], query, dims) for r in rows}
    full = {k: p for k, p in points.items() if p is not None}
    for r in rows:
        p = points[r.model.id]
        if p is None:
            assert r.pareto_optimal is None
        else:
            want = not any(dominated(p, q) for k, q in full.items() if k != r.model.id)
            assert r.pareto_optimal is want, (r.model.id, p, full)
    # the frontier is the (latency, accuracy) front whatever --pareto-on says, fastest first
    dims = ("latency", "accuracy")
    points = {
        r.model.id: objectives(catalog.models[r.model.id], query, dims) for r in result.all_feasible
    }
    full = {k: p for k, p in points.items() if p is not None}
    want = {
        k for k, p in full.items() if not any(dominated(p, q) for j, q in full.items() if j != k)
    }
    steps = frontier(result)
    assert {s.row.model.id for s in steps} == want
    lats = [s.row.latency_ms for s in steps]
    assert lats == sorted(lats)
    for s in steps[1:]:
        assert s.gain_accuracy is not None
        assert s.gain_accuracy >= 0
        assert s.extra_ms is not None
        assert s.extra_ms >= 0


# -- ranking -------------------------------------------------------------------------------------


def shuffled(catalog: Catalog, order: list[int], fam_order: list[int]) -> Catalog:
    models = list(catalog.models.items())
    families = list(catalog.families.items())
    return Catalog(
        sources=dict(catalog.sources),
        hardware=dict(reversed(list(catalog.hardware.items()))),
        families=dict(families[i] for i in fam_order),
        models=dict(models[i] for i in order),
    )


def summary(result: Result) -> tuple[Any, ...]:
    return (
        [(r.model.id, r.rank, r.pareto_optimal) for r in result.all_feasible],
        ids(result.candidates),
        ids(result.excluded),
        ids(result.unknown),
        sorted(result.out_of_scope.items()),
        result.suggestions,
        ids(result.nearest),
    )


@SETTINGS
@given(st.data())
def test_ranking_is_sorted_and_deterministic(data: st.DataObject) -> None:
    catalog, query = data.draw(scenarios())
    result = recommend(catalog, query)
    keys = [primary(catalog.models[r.model.id], query) for r in result.all_feasible]
    assert keys == sorted(keys), (query.sort, keys)
    assert [r.rank for r in result.all_feasible] == list(range(1, len(keys) + 1))
    if query.sort == "accuracy":
        accs = [r.accuracy for r in result.all_feasible if r.accuracy is not None]
        assert accs == sorted(accs, reverse=True)
        seen_none = False
        for r in result.all_feasible:  # models without the figure come last
            seen_none = seen_none or r.accuracy is None
            assert r.accuracy is None or not seen_none
    # deterministic: the same answer twice, and whatever order the records were inserted in
    first = summary(result)
    assert summary(recommend(catalog, query)) == first
    order = data.draw(st.permutations(range(len(catalog.models))))
    fam_order = data.draw(st.permutations(range(len(catalog.families))))
    assert summary(recommend(shuffled(catalog, order, fam_order), query)) == first


# -- suggestions ---------------------------------------------------------------------------------


def apply(query: Query, constraint: str, value: Any) -> Query:
    if constraint == "license":
        return query._replace(licenses=value)
    if constraint in ("permissive", "nms_free"):
        assert value is None
        return query._replace(**{constraint: False})
    if constraint == "input_size":
        assert value is None
    return query._replace(**{constraint: value})


@SETTINGS
@given(scenarios())
def test_every_suggestion_admits_its_model(scenario: tuple[Catalog, Query]) -> None:
    catalog, query = scenario
    result = recommend(catalog, query)
    before = set(ids(result.all_feasible))
    for s in result.suggestions:
        if s.constraint == "several":
            continue
        assert s.admits not in before
        assert s.admits in ids(result.excluded)
        changed = apply(query, s.constraint, s.value)
        after = recommend(catalog, changed)
        assert s.admits in ids(after.all_feasible), (s, changed)
        # a suggestion loosens the bound it names
        old = getattr(query, s.constraint) if s.constraint != "license" else query.licenses
        if s.constraint in ("max_ms", "max_params", "max_flops"):
            assert s.value > old
        elif s.constraint in ("min_fps", "min_accuracy", "since"):
            assert s.value < old
        elif s.constraint == "license":
            assert len(s.value) == len(old) + 1
        # and loosening it keeps every candidate
        assert before <= set(ids(after.all_feasible))
    # each suggestion names a model that fails that constraint only and lacks no figure
    names = {
        "max_ms": "latency",
        "min_fps": "latency",
        "min_accuracy": "min_accuracy",
        "max_params": "max_params",
        "max_flops": "max_flops",
        "license": "license",
        "permissive": "permissive",
        "nms_free": "nms_free",
        "since": "since",
        "input_size": "input_size",
    }
    constraints = [s.constraint for s in result.suggestions]
    assert len(constraints) == len(set(constraints))
    for s in result.suggestions:
        if s.constraint == "several":
            assert len(result.suggestions) == 1
            continue
        found = verdicts(catalog, query, catalog.models[s.admits])
        assert [k for k, v in found.items() if v != "ok"] == [names[s.constraint]]


# -- invalid queries -----------------------------------------------------------------------------

METRICS_ALL = METRICS  # every metric the catalogue format knows

BAD_NUMBERS = st.sampled_from([0, 0.0, -1, -0.5, math.nan, math.inf, -math.inf, True, "5"])


@st.composite
def bad_queries(draw: st.DrawFn, catalog: Catalog) -> Query:
    query = draw(queries(catalog))
    field = draw(
        st.sampled_from(
            [
                "max_ms",
                "min_fps",
                "max_params",
                "max_flops",
                "min_accuracy",
                "both_budgets",
                "sort",
                "task",
                "metric",
                "pareto_on",
                "top",
                "since",
                "input_size",
            ]
        )
    )
    text = st.text(max_size=12)
    if field in ("max_ms", "min_fps"):
        other = "min_fps" if field == "max_ms" else "max_ms"
        return query._replace(**{field: draw(BAD_NUMBERS), other: None})
    if field in ("max_params", "max_flops"):
        return query._replace(**{field: draw(BAD_NUMBERS)})
    if field == "min_accuracy":
        bad = draw(BAD_NUMBERS | st.floats(100, 1e9, exclude_min=True))
        return query._replace(min_accuracy=bad)
    if field == "both_budgets":
        return query._replace(max_ms=draw(MS), min_fps=draw(FPS))
    if field == "sort":
        return query._replace(sort=draw(text.filter(lambda s: s not in SORTS)))
    if field == "task":
        tasks = ("detect", "segment", "pose", "obb", "classify")
        return query._replace(task=draw(text.filter(lambda s: s not in tasks)))
    if field == "metric":
        metric = draw(text.filter(lambda s: s not in METRICS_ALL))
        return query._replace(metric=metric)
    if field == "pareto_on":
        dims = draw(
            st.lists(st.sampled_from(PARETO_DIMS), max_size=3).filter(lambda d: len(set(d)) < 2)
            | st.lists(text, min_size=1, max_size=3).filter(
                lambda d: any(x not in PARETO_DIMS for x in d)
            )
        )
        return query._replace(pareto_on=tuple(dims))
    if field == "top":
        return query._replace(top=draw(st.integers(-5, 0)))
    if field == "since":
        year = draw(st.integers(-5000, 1989) | st.integers(2101, 99999))
        return query._replace(since=year)
    return query._replace(input_size=draw(st.integers(-1000, 0)))


@SETTINGS
@given(st.data())
def test_invalid_queries_raise_usage_error(data: st.DataObject) -> None:
    catalog = data.draw(catalogs(max_models=3))
    query = data.draw(bad_queries(catalog))
    with pytest.raises(UsageError):
        recommend(catalog, query)


@pytest.mark.parametrize(
    "changes",
    [
        {"hardware": "no-such-profile"},
        {"families": ("no-such-family",)},
        {"exclude_families": ("no-such-family",)},
        {"families": ("fam0",), "exclude_families": ("Family 0",)},
        {"licenses": ("WTFPL",)},
        {"licenses": ("GPL-3.0",)},  # a real licence, but no family in this catalogue has it
        {"max_ms": 5, "min_fps": 30},
        {"min_accuracy": 101},
        {"pareto_on": ("latency",)},
        {"pareto_on": ("latency", "latency")},
        {"pareto_on": ("latency", "speed")},
        {"sort": "name"},
        {"task": "track"},
        {"metric": "f1"},
    ],
)
def test_invalid_names_and_combinations_raise_usage_error(changes: dict[str, Any]) -> None:
    catalog = Catalog(
        sources={"s": Source(id="s", title="S")},
        hardware={"hw-a": Hardware(id="hw-a", name="A", device="GPU")},
        families={"fam0": Family(id="fam0", name="Family 0", license="MIT")},
        models={"m0": Model(id="m0", family="fam0", variant="s", source="s")},
    )
    recommend(catalog, Query(hardware="hw-a"))  # the base query is valid
    with pytest.raises(UsageError):
        recommend(catalog, Query(hardware="hw-a")._replace(**changes))


# -- suggested bounds round outward, so they admit the model even just off a hundredth --------


@pytest.mark.parametrize(
    ("ms", "changes"),
    [(12.340000000005, {"max_ms": 12}), (100000 / (8000 - 5e-10), {"min_fps": 100})],
)
def test_suggested_latency_bound_admits_the_model(ms: float, changes: dict[str, Any]) -> None:
    catalog = Catalog(
        sources={"s": Source(id="s", title="S")},
        hardware={"hw-a": Hardware(id="hw-a", name="A", device="GPU")},
        families={"fam0": Family(id="fam0", name="Family 0", license="MIT")},
        models={
            "m0": Model(
                id="m0",
                family="fam0",
                variant="s",
                source="s",
                latency=(Latency(hardware="hw-a", ms=ms, source="s"),),
            )
        },
    )
    query = Query(hardware="hw-a")._replace(**changes)
    (s,) = recommend(catalog, query).suggestions
    assert s.admits == "m0"
    changed = apply(query, s.constraint, s.value)
    assert "m0" in ids(recommend(catalog, changed).all_feasible)
