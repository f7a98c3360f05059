"""The catalogue's records: plain frozen dataclasses, validated by pydantic at the boundary.

This module imports nothing heavy, so a cached catalogue can be unpickled without pydantic.
Constraints are small markers that pydantic applies when it builds a validator, and each dataclass
carries ``__pydantic_config__`` as a plain dict for the same reason.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from dataclasses import dataclass, fields
from typing import Annotated, Any, Literal, TypeVar

_C = TypeVar("_C", bound=type)

_STRICT = {"extra": "forbid", "allow_inf_nan": False, "str_strip_whitespace": True}

Task = Literal["detect", "segment", "pose", "obb", "classify"]

Metric = Literal[
    "map50_95",
    "map50",
    "map75",
    "map_small",
    "map_medium",
    "map_large",
    "mask_map50_95",
    "mask_map50",
    "pose_map50_95",
    "pose_map50",
    "top1",
    "top5",
]
Dataset = Literal["coco", "lvis", "dota-v1", "imagenet", "objects365"]
Split = Literal["val2017", "test-dev", "minival", "val", "test", "unknown"]
Head = Literal["one-to-one", "one-to-many", "nms", "e2e"]
SourceKind = Literal[
    "paper", "readme", "docs", "comparison-page", "model-card", "config", "measurement", "user"
]
Architecture = Literal["cnn", "transformer", "hybrid"]
Precision = Literal["fp32", "fp16", "bf16", "int8", "mixed", "unknown"]
DeviceKind = Literal["gpu", "cpu", "edge", "npu", "unknown"]


class _Bound:
    """A bound on a number or a length, applied by pydantic (this module never imports it).

    ``Bound(gt=0)``, ``Bound(ge=1, le=100)``, ``Bound(min_length=1)``: the keywords are those of
    pydantic's core schemas for int, float and str.
    """

    __slots__ = ("limits",)

    def __init__(self, **limits: int) -> None:
        self.limits = limits

    def __get_pydantic_core_schema__(self, source: object, handler: Any) -> Any:
        schema = handler(source)
        schema.update(self.limits)
        return schema


def Gt(n: int) -> _Bound:  # named like the annotated-types markers it stands for
    return _Bound(gt=n)


def Ge(n: int) -> _Bound:
    return _Bound(ge=n)


def Le(n: int) -> _Bound:
    return _Bound(le=n)


def MinLen(n: int) -> _Bound:
    return _Bound(min_length=n)


def MaxLen(n: int) -> _Bound:
    return _Bound(max_length=n)


Id = Annotated[str, MinLen(1), MaxLen(120)]
Text = Annotated[str, MaxLen(4000)]
# Ints stay ints and floats stay floats, so a figure prints with the digits its source printed.
Number = Annotated[int, Gt(0)] | Annotated[float, Gt(0)]
Percent = Annotated[int, Ge(0), Le(100)] | Annotated[float, Ge(0), Le(100)]


def _compact_pickle(cls: _C) -> _C:
    """Pickle as ``cls(*fields)``: twice as fast both ways as the frozen-slots default, which
    matters for a cached catalogue of 10^5 models."""
    get = operator.attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return (cls, get(self))

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Source:
    """A document figures were read from."""

    id: Id
    title: Text
    url: Text | None = None  # None only where the document has no stable address
    kind: SourceKind = "docs"
    repo: str | None = None
    path: str | None = None
    commit: str | None = None
    accessed: dt.date | None = None
    notes: Text | None = None

    __pydantic_config__ = _STRICT


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Hardware:
    """A latency measurement protocol: device, runtime, precision, batch and what is timed."""

    id: Id
    name: Text
    device: Text
    device_kind: DeviceKind = "unknown"
    runtime: str | None = None
    runtime_version: str | None = None
    precision: Precision = "unknown"
    batch: Annotated[int, Ge(1)] | None = 1
    includes_nms: bool | None = None  # None: no source says
    includes_preprocess: bool | None = None
    source: str | None = None
    notes: Text | None = None

    __pydantic_config__ = _STRICT


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Family:
    """A model family and the facts shared by its models."""

    id: Id
    name: Text
    aliases: tuple[str, ...] = ()
    organisation: str | None = None
    authors: tuple[str, ...] = ()
    released: dt.date | None = None
    license: str | None = None  # SPDX id; None: unknown
    paper: str | None = None
    repo: str | None = None
    architecture: Architecture | None = None
    nms_free: bool | None = None
    sources: tuple[str, ...] = ()
    notes: Text | None = None

    __pydantic_config__ = _STRICT


@_compact_pickle
@dataclass(frozen=True, slots=True)
class AltValue:
    """The same figure as another source (or another head or split) gives it."""

    value: Number
    source: str | None = None
    split: Split | None = None
    head: Head | None = None
    note: Text | None = None

    __pydantic_config__ = _STRICT


@_compact_pickle
@dataclass(frozen=True, slots=True)
class ScalarFigure:
    """A sourced number such as params (M) or FLOPs (G)."""

    value: Number
    source: str | None = None
    note: Text | None = None
    alternatives: tuple[AltValue, ...] = ()

    __pydantic_config__ = _STRICT


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Accuracy:
    """One accuracy figure: a metric on a dataset split, for one head where a model has two."""

    metric: Metric
    value: Percent
    dataset: Dataset = "coco"
    split: Split = "unknown"
    source: str | None = None
    head: Head | None = None
    note: Text | None = None
    alternatives: tuple[AltValue, ...] = ()

    __pydantic_config__ = _STRICT


@_compact_pickle
@dataclass(frozen=True, slots=True)
class AltLatency:
    """A latency for the same profile from another source."""

    ms: Number | None = None
    fps: Number | None = None
    source: str | None = None
    note: Text | None = None

    __pydantic_config__ = _STRICT

    @property
    def latency_ms(self) -> float:
        return latency_ms(self.ms, self.fps)


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Latency:
    """A latency on one hardware profile, as the source gives it: ms, FPS, or both."""

    hardware: Id
    ms: Number | None = None
    fps: Number | None = None
    source: str | None = None
    note: Text | None = None
    alternatives: tuple[AltLatency, ...] = ()

    __pydantic_config__ = _STRICT

    @property
    def latency_ms(self) -> float:
        """Milliseconds per image; derived as 1000 / FPS when the source gives only FPS."""
        return latency_ms(self.ms, self.fps)

    @property
    def derived(self) -> bool:
        return self.ms is None


def latency_ms(ms: float | None, fps: float | None) -> float:
    if ms is not None:
        return float(ms)
    if fps is not None:
        return 1000.0 / float(fps)
    return math.nan


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Model:
    """One model of a family, for one task, with its sourced figures."""

    id: Id
    family: Id
    variant: Annotated[str, MinLen(1), MaxLen(60)]
    task: Task = "detect"
    name: str | None = None
    aliases: tuple[str, ...] = ()
    input_size: Annotated[int, Ge(16), Le(8192)] | None = None
    pretrain: str | None = None
    epochs: Annotated[int, Ge(1)] | None = None
    source: str | None = None  # default source for figures that name none
    params_m: ScalarFigure | None = None
    flops_g: ScalarFigure | None = None
    accuracy: tuple[Accuracy, ...] = ()
    latency: tuple[Latency, ...] = ()
    notes: Text | None = None

    __pydantic_config__ = _STRICT

    @property
    def display_name(self) -> str:
        return self.name or f"{self.family}-{self.variant}"

    def accuracy_for(self, metric: str, dataset: str | None = None) -> Accuracy | None:
        for fig in self.accuracy:
            if fig.metric == metric and (dataset is None or fig.dataset == dataset):
                return fig
        return None

    def latency_on(self, hardware: str) -> Latency | None:
        for fig in self.latency:
            if fig.hardware == hardware:
                return fig
        return None


@_compact_pickle
@dataclass(frozen=True, slots=True)
class CatalogFile:
    """The shape of one catalogue file (bundled or the user's)."""

    schema_version: Literal[1] = 1
    sources: tuple[Source, ...] = ()
    hardware: tuple[Hardware, ...] = ()
    families: tuple[Family, ...] = ()
    models: tuple[Model, ...] = ()

    __pydantic_config__ = _STRICT


__all__ = [
    "Accuracy",
    "AltLatency",
    "AltValue",
    "CatalogFile",
    "Family",
    "Hardware",
    "Latency",
    "Model",
    "ScalarFigure",
    "Source",
]
