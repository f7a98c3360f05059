"""What the solver needs of each model, stored as columns: cheap to cache, load and scan.

A catalogue of 10^5 models holds about 10^6 record objects; unpickling them takes seconds. The
solver needs a few figures per model, so the cache keeps those as one list per figure (a list
of numbers pickles and loads in C, an object per model does not) and loads the full records
only when a command needs them (a model card, a comparison).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..metrics import DEFAULT_DATASET, DEFAULT_METRIC

if TYPE_CHECKING:
    from .records import Accuracy, Family, Model

Number = float  # an int where the source printed one
# One model as ``Entries.from_rows`` takes it.
Row = tuple[
    str,
    str,
    str,
    str,
    str,
    int | None,
    Number | None,
    Number | None,
    dict[str, Number],
    dict[str, tuple[Number, bool]],
]


_LISTS = ("id", "name", "family", "variant", "task", "input_size", "params_m", "flops_g")


class Entries:
    """Every model's id, names, task, params, FLOPs, headline accuracy per metric and latency
    per profile, one list per field in catalogue order (None where a model has no figure)."""

    def __init__(self) -> None:
        self.id: list[str] = []
        self.name: list[str] = []
        self.family: list[str] = []
        self.variant: list[str] = []
        self.task: list[str] = []
        self.input_size: list[int | None] = []
        self.params_m: list[Number | None] = []
        self.flops_g: list[Number | None] = []
        self.accuracy: dict[str, list[Number | None]] = {}  # metric -> column
        self.latency: dict[str, list[Number | None]] = {}  # profile -> ms column
        self.derived: dict[str, set[int]] = {}  # profile -> models whose ms is 1000 / FPS

    @classmethod
    def of(cls, models: Collection[Model]) -> Entries:
        cols = cls()
        cols.id = [m.id for m in models]
        cols.name = [m.display_name for m in models]
        cols.family = [m.family for m in models]
        cols.variant = [m.variant for m in models]
        cols.task = [m.task for m in models]
        cols.input_size = [m.input_size for m in models]
        cols.params_m = [m.params_m.value if m.params_m else None for m in models]
        cols.flops_g = [m.flops_g.value if m.flops_g else None for m in models]
        cols._fill(
            [headlines(m) for m in models],
            [{lat.hardware: (lat.latency_ms, lat.derived) for lat in m.latency} for m in models],
        )
        return cols

    @classmethod
    def from_rows(cls, rows: Sequence[Row]) -> Entries:
        """Columns from one tuple per model: (id, name, family, variant, task, input_size,
        params_m, flops_g, {metric: value}, {profile: (ms, derived)})."""
        cols = cls()
        if rows:
            columns: list[list[Any]] = [list(c) for c in zip(*rows, strict=True)]
            (cols.id, cols.name, cols.family, cols.variant, cols.task) = columns[:5]
            (cols.input_size, cols.params_m, cols.flops_g, accs, lats) = columns[5:]
            cols._fill(accs, lats)
        return cols

    @classmethod
    def joined(cls, parts: Sequence[Entries]) -> Entries:
        """One table of several, in order (the same as ``of`` on all their models)."""
        cols = cls()
        total = sum(len(p) for p in parts)
        offset = 0
        for part in parts:
            for name in _LISTS:
                getattr(cols, name).extend(getattr(part, name))
            for mine, theirs in ((cols.accuracy, part.accuracy), (cols.latency, part.latency)):
                for key, column in theirs.items():
                    mine.setdefault(key, [None] * total)[offset : offset + len(part)] = column
            for key, rows in part.derived.items():
                cols.derived.setdefault(key, set()).update(i + offset for i in rows)
            offset += len(part)
        return cols

    def _fill(
        self,
        accs: Sequence[dict[str, Number]],
        lats: Sequence[dict[str, tuple[Number, bool]]],
    ) -> None:
        """Figure columns, filled figure by figure: a model has a few of the many metrics and
        profiles."""
        n = len(accs)
        for i, acc in enumerate(accs):
            for metric, value in acc.items():
                column = self.accuracy.get(metric) or self.accuracy.setdefault(metric, [None] * n)
                column[i] = value
        for i, lat in enumerate(lats):
            for profile, (ms, derived) in lat.items():
                column = self.latency.get(profile) or self.latency.setdefault(profile, [None] * n)
                column[i] = ms
                if derived:
                    self.derived.setdefault(profile, set()).add(i)

    def __len__(self) -> int:
        return len(self.id)

    def __getitem__(self, i: int) -> Entry:
        return Entry(self, i)

    def __iter__(self) -> Iterator[Entry]:
        return (Entry(self, i) for i in range(len(self.id)))

    def latency_of(self, i: int, profile: str) -> tuple[Number, bool] | None:
        col = self.latency.get(profile)
        ms = col[i] if col is not None else None
        return None if ms is None else (ms, i in self.derived.get(profile, ()))


class Entry:
    """One model's row of ``Entries``, read through its attributes."""

    __slots__ = ("_cols", "index")

    def __init__(self, cols: Entries, index: int) -> None:
        self._cols = cols
        self.index = index

    @property
    def id(self) -> str:
        return self._cols.id[self.index]

    @property
    def name(self) -> str:
        return self._cols.name[self.index]

    @property
    def family(self) -> str:
        return self._cols.family[self.index]

    @property
    def variant(self) -> str:
        return self._cols.variant[self.index]

    @property
    def task(self) -> str:
        return self._cols.task[self.index]

    @property
    def input_size(self) -> int | None:
        return self._cols.input_size[self.index]

    @property
    def params_m(self) -> Number | None:
        return self._cols.params_m[self.index]

    @property
    def flops_g(self) -> Number | None:
        return self._cols.flops_g[self.index]

    @property
    def display_name(self) -> str:
        return self._cols.name[self.index]

    @property
    def accuracy(self) -> dict[str, Number]:
        """Headline value by metric, on the task's dataset when it has one."""
        i = self.index
        return {m: v for m, col in self._cols.accuracy.items() if (v := col[i]) is not None}

    @property
    def latency(self) -> dict[str, tuple[Number, bool]]:
        """(ms, derived from an FPS figure) by profile."""
        out = {}
        for profile in self._cols.latency:
            lat = self._cols.latency_of(self.index, profile)
            if lat is not None:
                out[profile] = lat
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entry) and self._cols is other._cols and self.index == other.index

    def __hash__(self) -> int:
        return hash((id(self._cols), self.index))

    def __repr__(self) -> str:
        return f"Entry({self.id!r})"


class FamilyFacts(NamedTuple):
    """What the solver and its answers need of a family, loadable without the full records."""

    id: str
    name: str
    license: str | None
    nms_free: bool | None
    year: int | None  # of release

    @classmethod
    def of(cls, family: Family) -> FamilyFacts:
        year = family.released.year if family.released else None
        return cls(family.id, family.name, family.license, family.nms_free, year)


def headline(model: Model, metric: str | None = None) -> Accuracy | None:
    """The figure a model is ranked on: ``metric`` (default: the task's) on the task's dataset,
    else on any dataset."""
    wanted = metric or DEFAULT_METRIC[model.task]
    return model.accuracy_for(wanted, DEFAULT_DATASET[model.task]) or model.accuracy_for(wanted)


def headlines(model: Model) -> dict[str, Number]:
    """The headline value of every metric the model has a figure for."""
    out: dict[str, Number] = {}
    for fig in model.accuracy:
        if fig.metric not in out:
            best = headline(model, fig.metric)
            if best is not None:
                out[fig.metric] = best.value
    return out
