"""What the solver needs of each model, in a form that is cheap to store, load and scan.

A catalogue of 10^5 models holds about 10^6 record objects; unpickling them takes seconds. The
solver needs a few figures per model, so the cache keeps those as one small tuple per model and
loads the full records only when a command needs them (a model card, a comparison).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..metrics import DEFAULT_DATASET, DEFAULT_METRIC

if TYPE_CHECKING:
    from .records import Accuracy, Family, Model


class Entry(NamedTuple):
    id: str
    name: str
    family: str
    variant: str
    task: str
    input_size: int | None
    params_m: float | None
    flops_g: float | None
    accuracy: dict[str, float]  # metric -> headline value, on the task's dataset when it has one
    latency: dict[str, tuple[float, bool]]  # profile -> (ms, derived from an FPS figure)

    @property
    def display_name(self) -> str:
        return self.name


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


def entry(model: Model) -> Entry:
    accuracy: dict[str, float] = {}
    for fig in model.accuracy:
        if fig.metric not in accuracy:
            best = headline(model, fig.metric)
            if best is not None:
                accuracy[fig.metric] = best.value
    return Entry(
        model.id,
        model.display_name,
        model.family,
        model.variant,
        model.task,
        model.input_size,
        model.params_m.value if model.params_m else None,
        model.flops_g.value if model.flops_g else None,
        accuracy,
        {lat.hardware: (lat.latency_ms, lat.derived) for lat in model.latency},
    )
