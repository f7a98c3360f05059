"""The constraint solver: which models meet a query, ranked, with reasons for the rest.

Pure functions over the catalogue; nothing here prints. A model is *feasible* when it meets every
constraint, *excluded* when it fails at least one, and *unknown* when it fails none but lacks a
figure some constraint needs: unknown is never silently admitted or dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .catalog import Catalog
from .catalog.entries import Entries, Entry, FamilyFacts
from .errors import UsageError
from .metrics import (
    DEFAULT_DATASET,
    DEFAULT_HARDWARE,
    DEFAULT_METRIC,
    METRICS,
    TASKS,
    metric_label,
)
from .pareto import front

if TYPE_CHECKING:
    from .estimate import Estimate

SORTS = ("accuracy", "latency", "params", "flops", "efficiency")
PARETO_DIMS = ("latency", "accuracy", "params", "flops")
# Licences that oblige you to publish your own source when you ship or serve the model.
COPYLEFT = ("GPL-2.0", "GPL-3.0", "AGPL-3.0", "LGPL-2.1", "LGPL-3.0", "MPL-2.0", "CC-BY-SA-4.0")

Status = Literal["ok", "fail", "unknown"]


class Query(NamedTuple):
    """What the user asked for. ``None`` means "no constraint". Immutable: derive a changed
    query with ``query._replace(max_ms=5)``."""

    task: str = "detect"
    hardware: str = DEFAULT_HARDWARE
    metric: str | None = None  # default: the task's headline metric
    max_ms: float | None = None
    min_fps: float | None = None
    min_accuracy: float | None = None
    max_params: float | None = None
    max_flops: float | None = None
    families: tuple[str, ...] = ()
    exclude_families: tuple[str, ...] = ()
    licenses: tuple[str, ...] = ()
    permissive: bool = False
    nms_free: bool = False
    since: int | None = None
    input_size: int | None = None
    sort: str = "accuracy"
    pareto_on: tuple[str, ...] = ("latency", "accuracy")
    top: int | None = None
    estimate: bool = False  # estimate latencies missing on the profile (marked as such)

    @property
    def resolved_metric(self) -> str:
        return self.metric or DEFAULT_METRIC[self.task]

    @property
    def latency_budget(self) -> float | None:
        """The budget in ms, whether given as --max-ms or as --min-fps."""
        if self.max_ms is not None:
            return self.max_ms
        if self.min_fps is not None:
            return 1000.0 / self.min_fps
        return None


class Check(NamedTuple):
    """One constraint applied to one model."""

    constraint: str  # the option: max_ms, min_accuracy, ...
    status: Status
    value: Any = None  # the model's figure
    limit: Any = None  # the query's bound
    by: float | None = None  # how far outside the bound (numeric constraints)
    message: str = ""


class Row:
    """A model as the solver sees it: the figures the query is about, and its checks.

    ``failed`` lists the constraints it fails, ``missing`` those it lacks a figure for;
    ``estimate`` is set when ``latency_ms`` is an estimate, not a published figure.
    """

    __slots__ = (
        "accuracy",
        "estimate",
        "failed",
        "family",
        "flops_g",
        "latency_derived",
        "latency_ms",
        "missing",
        "model",
        "params_m",
        "pareto_optimal",
        "rank",
    )

    def __init__(
        self,
        model: Entry,
        family: FamilyFacts,
        latency_ms: float | None,
        latency_derived: bool,
        accuracy: float | None,
        params_m: float | None,
        flops_g: float | None,
        estimate: Estimate | None = None,
    ) -> None:
        self.model = model
        self.family = family
        self.latency_ms = latency_ms
        self.latency_derived = latency_derived
        self.accuracy = accuracy
        self.params_m = params_m
        self.flops_g = flops_g
        self.estimate = estimate
        self.failed: list[Check] = []
        self.missing: list[Check] = []
        self.pareto_optimal: bool | None = None
        self.rank: int | None = None

    def __repr__(self) -> str:
        return f"Row({self.model.id!r}, {self.status}, rank={self.rank})"

    @property
    def status(self) -> Status:
        return "fail" if self.failed else "unknown" if self.missing else "ok"

    @property
    def efficiency(self) -> float | None:
        if self.accuracy is None or not self.latency_ms:
            return None
        return self.accuracy / self.latency_ms


class Suggestion(NamedTuple):
    """The smallest change to one constraint that admits a model."""

    constraint: str
    option: str
    value: Any  # the new bound (None: drop the option)
    admits: str  # model id
    text: str


class Result(NamedTuple):
    """The answer: feasible models ranked (``candidates`` cut to ``--top``, ``all_feasible``
    not), the excluded and unknown ones with their checks, and what would change the answer."""

    query: Query
    metric: str
    dataset: str
    candidates: list[Row]
    excluded: list[Row]
    unknown: list[Row]
    out_of_scope: dict[str, int]
    suggestions: list[Suggestion]
    nearest: list[Row]
    all_feasible: list[Row]

    @property
    def total_candidates(self) -> int:
        return len(self.all_feasible)

    @property
    def in_scope(self) -> list[Row]:
        """Every model the query considered, feasible or not."""
        return [*self.all_feasible, *self.excluded, *self.unknown]

    @property
    def top_reason(self) -> str | None:
        return top_reason(self)


# -- validation -------------------------------------------------------------------------------


def _positive(name: str, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UsageError(f"{name} must be a number, got {value!r}")
    if math.isnan(value) or math.isinf(value) or value <= 0:
        raise UsageError(f"{name} must be a positive, finite number, got {value}")


def check_task(task: str | None) -> str | None:
    if task is None:
        return None
    key = task.strip().lower()
    aliases = {
        "detection": "detect",
        "seg": "segment",
        "segmentation": "segment",
        "cls": "classify",
        "classification": "classify",
        "keypoints": "pose",
    }
    key = aliases.get(key, key)
    if key not in TASKS:
        raise UsageError(f"unknown task {task!r}; valid tasks: {', '.join(TASKS)}")
    return key


def check_license(catalog: Catalog, license: str | None) -> str | None:
    if license is None:
        return None
    known = sorted({f.license for f in catalog.facts.values() if f.license})
    for spdx in known:
        if spdx.lower() == license.strip().lower():
            return spdx
    raise UsageError(f"unknown licence {license!r}; licences in the catalogue: {', '.join(known)}")


def normalise_query(catalog: Catalog, query: Query) -> Query:
    """Check every value and resolve names (families, profile, licences) to ids."""
    task = check_task(query.task) or "detect"
    if query.metric is not None and query.metric not in METRICS:
        raise UsageError(f"unknown metric {query.metric!r}; valid metrics: {', '.join(METRICS)}")
    for name in ("max_ms", "min_fps", "max_params", "max_flops"):
        _positive("--" + name.replace("_", "-"), getattr(query, name))
    if query.max_ms is not None and query.min_fps is not None:
        raise UsageError("give --max-ms or --min-fps, not both (they are the same budget)")
    if query.min_accuracy is not None:
        _positive("--min-map", query.min_accuracy)
        if query.min_accuracy > 100:
            raise UsageError(f"--min-map is a percentage (0-100), got {query.min_accuracy}")
    if query.since is not None and not 1990 <= query.since <= 2100:
        raise UsageError(f"--since must be a year, got {query.since}")
    if query.input_size is not None and query.input_size <= 0:
        raise UsageError(f"--input-size must be positive, got {query.input_size}")
    if query.sort not in SORTS:
        raise UsageError(f"unknown sort {query.sort!r}; valid: {', '.join(SORTS)}")
    if query.top is not None and query.top <= 0:
        raise UsageError(f"--top must be at least 1, got {query.top}")
    bad = [d for d in query.pareto_on if d not in PARETO_DIMS]
    if bad or len(set(query.pareto_on)) < 2:
        raise UsageError(
            f"--pareto-on takes two or more of {', '.join(PARETO_DIMS)}; "
            f"got {','.join(query.pareto_on)}"
        )
    hardware = catalog.profile_id(query.hardware)
    families = tuple(catalog.family_id(f) for f in query.families)
    excluded = tuple(catalog.family_id(f) for f in query.exclude_families)
    if set(families) & set(excluded):
        raise UsageError("a family cannot be both in --family and in --exclude-family")
    licenses = [spdx for lic in query.licenses if (spdx := check_license(catalog, lic))]
    return query._replace(
        task=task,
        hardware=hardware,
        families=families,
        exclude_families=excluded,
        licenses=tuple(licenses),
        pareto_on=tuple(dict.fromkeys(query.pareto_on)),
    )


def is_permissive(license: str | None) -> bool:
    return license is not None and license not in COPYLEFT and not license.startswith("LicenseRef")


# -- evaluation -------------------------------------------------------------------------------


def _fail(name: str, value: float, limit: float, upper: bool, unit: str) -> Check:
    """The check of a figure outside ``limit`` (the hot loop tests for that first and builds no
    check for a figure that passes)."""
    by = round(value - limit if upper else limit - value, 9)  # no float noise in reports
    word = "over" if upper else "under"
    return Check(name, "fail", value, limit, by, f"{_fmt(by)} {unit} {word} the limit")


def _fmt(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"


class _Bound(NamedTuple):
    """A numeric bound the query sets."""

    figure: int  # 0 latency, 1 accuracy, 2 params, 3 FLOPs
    name: str
    limit: float
    upper: bool
    unit: str
    unknown: Check  # the check of a missing figure: the same for every model, so built once


class _Evaluator:
    """A query's constraints, looked up once, applied to model after model (the hot loop)."""

    def __init__(self, catalog: Catalog, query: Query) -> None:
        cols = catalog.entries
        self.cols = cols
        self.facts = catalog.facts
        self.query = query
        nothing: list[Any] = [None] * len(cols)
        self.latency = cols.latency.get(query.hardware, nothing)
        self.derived = cols.derived.get(query.hardware, set())
        self.accuracy = cols.accuracy.get(query.resolved_metric, nothing)
        budget_name = "max_ms" if query.max_ms is not None else "min_fps"
        self.bounds = [
            _Bound(
                figure,
                name,
                limit,
                upper,
                unit,
                Check(name, "unknown", None, limit, None, f"no {unit} figure"),
            )
            for figure, name, limit, upper, unit in (
                (0, budget_name, query.latency_budget, True, "ms"),
                (1, "min_accuracy", query.min_accuracy, False, metric_label(query.resolved_metric)),
                (2, "max_params", query.max_params, True, "M params"),
                (3, "max_flops", query.max_flops, True, "GFLOPs"),
            )
            if limit is not None
        ]
        # Constraints on the family or the input size: rarer, checked one by one.
        self.other = bool(query.licenses or query.permissive or query.nms_free) or (
            query.since is not None or query.input_size is not None
        )

    def __call__(self, i: int, estimate: Estimate | None = None) -> Row:
        cols, query = self.cols, self.query
        ms = self.latency[i]
        latency: float | None
        if ms is None and estimate is not None:
            latency, derived = estimate.ms, False
        else:
            latency, derived, estimate = ms, ms is not None and i in self.derived, None
        accuracy = self.accuracy[i]
        params, flops = cols.params_m[i], cols.flops_g[i]
        family = self.facts[cols.family[i]]
        row = Row(Entry(cols, i), family, latency, derived, accuracy, params, flops, estimate)
        # Only checks that fail or lack a figure are kept, so only those are built.
        failed, missing = row.failed, row.missing
        if self.bounds:
            figures = (latency, accuracy, params, flops)
            for figure, name, limit, upper, unit, unknown in self.bounds:
                value = figures[figure]
                if value is None:
                    missing.append(unknown)
                elif value > limit if upper else value < limit:
                    failed.append(_fail(name, value, limit, upper, unit))
        if self.other:
            for check in _other_checks(query, family, cols.input_size[i]):
                (failed if check.status == "fail" else missing).append(check)
        return row


def _other_checks(query: Query, family: FamilyFacts, size: int | None) -> Iterator[Check]:
    """The licence, NMS, release-date and input-size checks that do not pass."""
    lic = family.license
    if query.licenses:
        if lic is None:
            yield Check("license", "unknown", None, query.licenses, message="licence unknown")
        elif lic not in query.licenses:
            yield Check("license", "fail", lic, query.licenses, message=f"licence {lic}")
    if query.permissive and not is_permissive(lic):
        why = "licence unknown" if lic is None else f"{lic} is not permissive"
        yield Check("permissive", "fail", lic, True, message=why)
    if query.nms_free:
        if family.nms_free is None:
            yield Check("nms_free", "unknown", None, True, message="NMS-free unknown")
        elif not family.nms_free:
            yield Check("nms_free", "fail", False, True, message="needs NMS")
    if query.since is not None:
        year = family.year
        if year is None:
            yield Check("since", "unknown", None, query.since, message="release date unknown")
        elif year < query.since:
            yield Check("since", "fail", year, query.since, query.since - year, f"released {year}")
    if query.input_size is not None:
        if size is None:
            yield Check(
                "input_size", "unknown", None, query.input_size, message="input size unknown"
            )
        elif size != query.input_size:
            yield Check("input_size", "fail", size, query.input_size, message=f"input {size}")


def _sort_key(sort: str) -> Callable[[Row], tuple[Any, ...]]:
    inf = math.inf

    def val(x: float | None, sign: float = 1.0) -> float:
        return inf if x is None else sign * x

    def key(r: Row) -> tuple[Any, ...]:
        tie = (val(r.accuracy, -1), val(r.latency_ms), val(r.params_m), r.model.id)
        primary = {
            "accuracy": val(r.accuracy, -1),
            "latency": val(r.latency_ms),
            "params": val(r.params_m),
            "flops": val(r.flops_g),
            "efficiency": val(r.efficiency, -1),
        }[sort]
        return (primary, *tie)

    return key


def _dims(row: Row, dims: Iterable[str]) -> list[float] | None:
    values = {
        "latency": row.latency_ms,
        "accuracy": None if row.accuracy is None else -row.accuracy,
        "params": row.params_m,
        "flops": row.flops_g,
    }
    out = [values[d] for d in dims]
    return None if any(v is None for v in out) else [float(v) for v in out if v is not None]


def mark_pareto(rows: list[Row], dims: tuple[str, ...]) -> None:
    """Set ``pareto_optimal`` on rows that have every dimension; None on rows that lack one."""
    have = [(r, _dims(r, dims)) for r in rows]
    with_all = [(r, p) for r, p in have if p is not None]
    for r, p in have:
        r.pareto_optimal = None if p is None else False
    for i in front([p for _, p in with_all]):
        with_all[i][0].pareto_optimal = True


def recommend(catalog: Catalog, query: Query) -> Result:
    """Rank the models that meet ``query``; explain the rest."""
    query = normalise_query(catalog, query)
    guesses: dict[str, Estimate] = {}
    if query.estimate:
        from .estimate import estimates

        guesses = estimates(catalog.entries, query.hardware)
    indices, out_of_scope = _in_scope(catalog.entries, query)
    check = _Evaluator(catalog, query)
    ids = catalog.entries.id
    feasible: list[Row] = []
    excluded: list[Row] = []
    unknown: list[Row] = []
    for i in indices:
        r = check(i, guesses.get(ids[i]))
        (excluded if r.failed else unknown if r.missing else feasible).append(r)
    feasible.sort(key=_sort_key(query.sort))
    mark_pareto(feasible, query.pareto_on)
    for i, r in enumerate(feasible, 1):
        r.rank = i
    excluded.sort(key=lambda r: (bool(r.missing), _distance(r), ids[r.model.index]))
    unknown.sort(key=lambda r: ids[r.model.index])
    suggestions = suggest(query, excluded)
    nearest = excluded[:3]
    if not suggestions and nearest and not nearest[0].missing:
        suggestions = [combined_suggestion(query, nearest[0])]
    return Result(
        query=query,
        metric=query.resolved_metric,
        dataset=DEFAULT_DATASET[query.task],
        candidates=feasible[: query.top] if query.top else feasible,
        excluded=excluded,
        unknown=unknown,
        out_of_scope=out_of_scope,
        suggestions=suggestions,
        nearest=nearest,
        all_feasible=feasible,
    )


def _in_scope(cols: Entries, query: Query) -> tuple[list[int], dict[str, int]]:
    """The models of the query's task and families, and how many each filter left out."""
    out_of_scope: dict[str, int] = {}

    def narrow(name: str, before: Sequence[int], kept: list[int]) -> list[int]:
        if len(kept) < len(before):
            out_of_scope[name] = len(before) - len(kept)
        return kept

    family = cols.family
    task = [i for i, t in enumerate(cols.task) if t == query.task]
    indices = narrow("task", range(len(cols)), task)
    if query.families:
        kept = [i for i in indices if family[i] in query.families]
        indices = narrow("family", indices, kept)
    if query.exclude_families:
        kept = [i for i in indices if family[i] not in query.exclude_families]
        indices = narrow("exclude_family", indices, kept)
    return indices, out_of_scope


def _distance(row: Row) -> float:
    """How far a model is from feasible: relative overshoot summed over failed bounds."""
    total = 0.0
    for c in row.failed:
        if c.by is not None and isinstance(c.limit, (int, float)) and c.limit:
            total += c.by / abs(float(c.limit))
        else:
            total += 1.0
    return total


OPTION = {
    "max_ms": "--max-ms",
    "min_fps": "--min-fps",
    "min_accuracy": "--min-map",
    "max_params": "--max-params",
    "max_flops": "--max-flops",
    "license": "--license",
    "permissive": "--permissive",
    "nms_free": "--nms-free",
    "since": "--since",
    "input_size": "--input-size",
}


def _bound(check: Check, query: Query) -> Any:
    """The bound that admits the model ``check`` names (rounded outward, so it still does)."""
    v = check.value
    if check.constraint == "max_ms":  # the least hundredth at or above the model's latency
        bound = round(v, 2)
        while bound < v:
            bound = round(bound + 0.01, 2)
        return bound
    if check.constraint == "min_fps":  # the greatest hundredth whose budget still admits it
        bound = round(1000.0 / v, 2)
        while bound > 0.01 and 1000.0 / bound < v:
            bound = round(bound - 0.01, 2)
        return bound
    if check.constraint in ("max_params", "max_flops", "min_accuracy", "since"):
        return v
    if check.constraint == "license":
        return (*query.licenses, v)
    return None  # permissive, nms_free, input_size: drop the option


def suggest(query: Query, excluded: list[Row]) -> list[Suggestion]:
    """Per constraint, the smallest single change that admits a model failing only that one."""
    best: dict[str, tuple[tuple[float, float, str], Row, Check]] = {}
    for row in excluded:
        if len(row.failed) != 1 or row.missing:
            continue
        check = row.failed[0]
        # Smallest change first; among equal changes the more accurate model, then the id.
        rank = (check.by or 0.0, -(row.accuracy or 0.0), row.model.id)
        prev = best.get(check.constraint)
        if prev is None or rank < prev[0]:
            best[check.constraint] = (rank, row, check)
    out = []
    for name in OPTION:
        if name in best:
            _, row, check = best[name]
            value = _bound(check, query)
            text = f"{_change(name, value)} to admit {_who(row, query)}"
            out.append(Suggestion(name, OPTION[name], value, row.model.id, text))
    return out


def combined_suggestion(query: Query, row: Row) -> Suggestion:
    """No single change admits a model: every change the nearest miss needs, together."""
    changes = " and ".join(_change(c.constraint, _bound(c, query)) for c in row.failed)
    text = f"no single change admits a model; {changes} to admit {_who(row, query)}"
    return Suggestion("several", "", None, row.model.id, text)


def _change(name: str, value: Any) -> str:
    """The change to one option, as a person would type it: "raise --max-ms to 7.18"."""
    if name in ("max_ms", "max_params", "max_flops"):
        return f"raise {OPTION[name]} to {value:g}"
    if name in ("min_fps", "min_accuracy"):
        return f"lower {OPTION[name]} to {value:g}"
    if name == "since":
        return f"lower --since to {value}"
    if name == "license":
        return f"also allow --license {value[-1]}"
    return f"drop {OPTION[name]}"


def _who(row: Row, query: Query) -> str:
    """The model a change admits, with its figures: "DAMO-YOLO-L (50.8 mAP50-95, 7.18 ms)"."""
    acc = (
        f"{row.accuracy:g} {metric_label(query.resolved_metric)}"
        if row.accuracy is not None
        else ""
    )
    lat = f"{row.latency_ms:.2f} ms" if row.latency_ms is not None else ""
    what = ", ".join(x for x in (acc, lat) if x)
    return row.model.display_name + (f" ({what})" if what else "")


def top_reason(result: Result) -> str | None:
    if not result.candidates:
        return None
    top = result.candidates[0]
    q = result.query
    label = metric_label(result.metric)
    bounds = []
    if q.latency_budget is not None:
        bounds.append(f"within {q.latency_budget:g} ms")
    if q.min_accuracy is not None:
        bounds.append(f"{label} >= {q.min_accuracy:g}")
    if q.max_params is not None:
        bounds.append(f"<= {q.max_params:g} M params")
    if q.max_flops is not None:
        bounds.append(f"<= {q.max_flops:g} GFLOPs")
    scope = " and ".join(bounds) or "in the catalogue"
    lead = {
        "accuracy": f"highest {label}",
        "latency": "fastest",
        "params": "fewest params",
        "flops": "fewest FLOPs",
        "efficiency": f"most {label} per ms",
    }[q.sort]
    parts = [f"{lead} {scope}"]
    if top.pareto_optimal:
        parts.append("Pareto-optimal")
    if q.latency_budget is not None and top.latency_ms is not None:
        parts.append(f"{q.latency_budget - top.latency_ms:.2f} ms headroom")
    return "; ".join(parts)


class Step(NamedTuple):
    """One model on the speed/accuracy frontier and what it buys over the previous one."""

    row: Row
    gain_accuracy: float | None
    extra_ms: float | None


def frontier(result: Result) -> list[Step]:
    """The (latency, accuracy) Pareto front of the feasible models, fastest first."""
    rows = [r for r in result.all_feasible if r.latency_ms is not None and r.accuracy is not None]
    idx = front([[r.latency_ms or 0.0, -(r.accuracy or 0.0)] for r in rows])
    on_front = sorted(
        (rows[i] for i in idx), key=lambda r: (r.latency_ms, -(r.accuracy or 0), r.model.id)
    )
    steps: list[Step] = []
    prev: Row | None = None
    for r in on_front:
        if prev is None:
            steps.append(Step(r, None, None))
        else:
            steps.append(
                Step(
                    r,
                    round((r.accuracy or 0) - (prev.accuracy or 0), 6),
                    round((r.latency_ms or 0) - (prev.latency_ms or 0), 6),
                )
            )
        prev = r
    return steps
