"""Side-by-side comparisons: families aligned by size class, or named models with deltas."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog
from .catalog.entries import headline as headline_accuracy
from .catalog.records import Family, Model
from .errors import UsageError
from .estimate import Estimate, estimates
from .export import envelope, hardware_dict
from .metrics import DEFAULT_METRIC, metric_label
from .render.formats import latency_text

# Size classes in order, and the variant names that belong to each (families' own names included).
SIZE_CLASSES: dict[str, tuple[str, ...]] = {
    "n": ("n", "t", "nano", "tiny"),
    "s": ("s", "small", "r18"),
    "m": ("m", "medium", "r34"),
    "b": ("b", "c", "base"),
    "l": ("l", "large", "r50"),
    "x": ("x", "e", "xlarge", "r101"),
    "xl": ("xl",),
    "2xl": ("2xl",),
}
CLASS_OF = {v: c for c, names in SIZE_CLASSES.items() for v in names}
# A family that scales by compound coefficient (EfficientDet D0-D7) maps D0-D4 onto n..x by
# size; its larger members have no counterpart. Only applied when every variant is of that form.
COMPOUND = re.compile(r"d\d")
COMPOUND_CLASS = {"d0": "n", "d1": "s", "d2": "m", "d3": "l", "d4": "x"}
FIGURES = ("accuracy", "latency", "params", "flops")
# For each figure, is a lower value better?
LOWER_IS_BETTER = {"accuracy": False, "latency": True, "params": True, "flops": True}


@dataclass(frozen=True)
class Cell:
    """One model's figures in a comparison (None: the source gives no such figure)."""

    model: Model
    accuracy: float | None
    latency: float | None
    latency_derived: bool
    params: float | None
    flops: float | None
    estimated: bool = False  # latency is an --estimate, not a published figure

    def get(self, figure: str) -> float | None:
        value: float | None = getattr(self, figure)
        return value


def cell(model: Model, metric: str, hardware: str, guesses: dict[str, Estimate]) -> Cell:
    acc = headline_accuracy(model, metric)
    lat = model.latency_on(hardware)
    guess = None if lat else guesses.get(model.id)
    return Cell(
        model,
        acc.value if acc else None,
        lat.latency_ms if lat else (guess.ms if guess else None),
        bool(lat and lat.derived),
        model.params_m.value if model.params_m else None,
        model.flops_g.value if model.flops_g else None,
        guess is not None,
    )


def best_in(cells: list[Cell | None], figure: str) -> set[int]:
    """Indices of the cells holding the best value of ``figure`` (ties all win)."""
    values = [(i, c.get(figure)) for i, c in enumerate(cells) if c is not None]
    known = [(i, v) for i, v in values if v is not None]
    if len(known) < 2:
        return set()
    pick = min if LOWER_IS_BETTER[figure] else max
    best = pick(v for _, v in known)
    return {i for i, v in known if v == best}


@dataclass
class FamilyComparison:
    """Families side by side, one row per size class that any of them has."""

    catalog: Catalog
    families: list[Family]
    task: str
    metric: str
    hardware: str
    rows: list[tuple[str, list[Cell | None]]] = field(default_factory=list)

    def summary(self) -> list[str]:
        """Per row, what the more accurate model costs or saves against the others."""
        lines = []
        for _, cells in self.rows:
            have = [c for c in cells if c and c.accuracy is not None and c.latency is not None]
            if len(have) < 2:
                continue
            have.sort(key=lambda c: (-(c.accuracy or 0), c.latency or 0))
            best, rest = have[0], have[1:]
            for other in rest:
                gain = (best.accuracy or 0) - (other.accuracy or 0)
                cost = (best.latency or 0) - (other.latency or 0)
                word = "for" if cost >= 0 else "and saves"
                lines.append(
                    f"{best.model.display_name}: {gain:+.1f} {metric_label(self.metric)} over "
                    f"{other.model.display_name} {word} {abs(cost):.2f} ms"
                )
        return lines

    def to_json(self) -> dict[str, Any]:
        return envelope(
            "compare",
            mode="families",
            task=self.task,
            metric=self.metric,
            hardware=hardware_dict(self.catalog.hardware[self.hardware]),
            families=[f.id for f in self.families],
            rows=[
                {
                    "size_class": size,
                    "models": {
                        fam.id: None if c is None else _cell_dict(c)
                        for fam, c in zip(self.families, cells, strict=True)
                    },
                }
                for size, cells in self.rows
            ],
            summary=self.summary(),
        )


def _cell_dict(c: Cell) -> dict[str, Any]:
    return {
        "id": c.model.id,
        "name": c.model.display_name,
        "variant": c.model.variant,
        "accuracy": c.accuracy,
        "latency_ms": c.latency,
        "latency_derived": c.latency_derived,
        "estimated": c.estimated,
        "params_m": c.params,
        "flops_g": c.flops,
    }


def compare_families(
    catalog: Catalog,
    families: list[Family],
    *,
    task: str,
    metric: str | None,
    hardware: str,
    estimate: bool = False,
) -> FamilyComparison:
    metric = metric or DEFAULT_METRIC[task]
    by_family: list[dict[str, Model]] = []
    for fam in families:
        classes: dict[str, list[Model]] = {}
        candidates = [m for m in catalog.models_of(fam.id) if m.task == task and not m.pretrain]
        common = Counter(m.input_size for m in candidates).most_common(1)
        usual = common[0][0] if common else None
        compound = bool(candidates) and all(COMPOUND.match(m.variant) for m in candidates)
        mapping = COMPOUND_CLASS if compound else CLASS_OF
        for m in candidates:
            size_class = mapping.get(m.variant.lower())
            if size_class is not None:
                classes.setdefault(size_class, []).append(m)
        by_family.append({k: _pick_usual(v, usual) for k, v in classes.items()})
    guesses = estimates(catalog.entries, hardware) if estimate else {}
    result = FamilyComparison(catalog, families, task, metric, hardware)
    for size in SIZE_CLASSES:
        picked = [fam_models.get(size) for fam_models in by_family]
        if any(picked):
            result.rows.append(
                (size, [None if m is None else cell(m, metric, hardware, guesses) for m in picked])
            )
    if not result.rows:
        names = ", ".join(f.name for f in families)
        raise UsageError(f"no {task} models of {names} align by size class")
    return result


def _pick_usual(models: list[Model], usual: int | None) -> Model:
    order = {name: i for names in SIZE_CLASSES.values() for i, name in enumerate(names)}
    return sorted(models, key=lambda m: (m.input_size != usual, order.get(m.variant, 99), m.id))[0]


@dataclass
class ModelComparison:
    """Named models side by side, with deltas against the first."""

    catalog: Catalog
    cells: list[Cell]
    metric: str
    hardware: str

    def deltas(self, figure: str) -> list[float | None]:
        base = self.cells[0].get(figure)
        out: list[float | None] = []
        for c in self.cells:
            v = c.get(figure)
            out.append(None if base is None or v is None else round(v - base, 6))
        return out

    def to_json(self) -> dict[str, Any]:
        return envelope(
            "compare",
            mode="models",
            metric=self.metric,
            hardware=hardware_dict(self.catalog.hardware[self.hardware]),
            models=[
                {
                    **_cell_dict(c),
                    "family": c.model.family,
                    "task": c.model.task,
                    "license": self.catalog.license_of(c.model),
                    "delta": {f: self.deltas(f)[i] for f in FIGURES},
                }
                for i, c in enumerate(self.cells)
            ],
        )


def compare_models(
    catalog: Catalog,
    models: list[Model],
    *,
    metric: str | None,
    hardware: str,
    estimate: bool = False,
) -> ModelComparison:
    tasks = {m.task for m in models}
    if len(tasks) > 1 and metric is None:
        raise UsageError(
            f"these models have different tasks ({', '.join(sorted(tasks))}); give --metric"
        )
    metric = metric or DEFAULT_METRIC[models[0].task]
    guesses = estimates(catalog.entries, hardware) if estimate else {}
    cells = [cell(m, metric, hardware, guesses) for m in models]
    return ModelComparison(catalog, cells, metric, hardware)


@dataclass(frozen=True)
class TextTable:
    """A titled grid of printed values, with the positions of the best ones to highlight."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    best: set[tuple[int, int]]


def _value_text(figure: str, c: Cell | None) -> str:
    if c is None:
        return "N/A"  # the family has no such variant
    v = c.get(figure)
    if v is None:
        return "-"  # the variant exists but no source gives this figure
    if figure == "latency":
        return latency_text(v, derived=c.latency_derived, estimated=c.estimated)
    return str(v)


def _figure_title(figure: str, metric: str, hardware: str) -> str:
    return {
        "accuracy": metric_label(metric),
        "latency": f"ms {hardware}",
        "params": "params M",
        "flops": "FLOPs G",
    }[figure]


def family_tables(cmp: FamilyComparison) -> list[TextTable]:
    tables = []
    for figure in FIGURES:
        label = _figure_title(figure, cmp.metric, cmp.hardware)
        headers = ["Variant", *(f"{label} {f.name}" for f in cmp.families)]
        rows, best = [], set()
        for r, (size, cells) in enumerate(cmp.rows):
            rows.append([size, *(_value_text(figure, c) for c in cells)])
            best |= {(r, i + 1) for i in best_in(cells, figure)}
        tables.append(TextTable(label, headers, rows, best))
    return tables


def family_long_rows(cmp: FamilyComparison) -> tuple[list[str], list[list[Any]]]:
    headers = [
        "size_class",
        "family",
        "model",
        cmp.metric,
        f"ms_{cmp.hardware}",
        "params_m",
        "flops_g",
    ]
    rows = [
        [size, fam.id, c.model.id, c.accuracy, c.latency, c.params, c.flops]
        for size, cells in cmp.rows
        for fam, c in zip(cmp.families, cells, strict=True)
        if c is not None
    ]
    return headers, rows


def model_table(cmp: ModelComparison) -> TextTable:
    headers = ["", *(c.model.display_name for c in cmp.cells)]
    rows, best = [], set()
    for r, figure in enumerate(FIGURES):
        deltas = cmp.deltas(figure)
        row = [_figure_title(figure, cmp.metric, cmp.hardware)]
        for i, c in enumerate(cmp.cells):
            text = _value_text(figure, c)
            d = deltas[i]
            if i > 0 and d is not None:
                text += f" ({d:+.3g})"
            row.append(text)
        rows.append(row)
        best |= {(r, i + 1) for i in best_in(list(cmp.cells), figure)}
    rows.append(["licence", *(cmp.catalog.license_of(c.model) or "unknown" for c in cmp.cells)])
    rows.append(["task", *(c.model.task for c in cmp.cells)])
    return TextTable("Comparison", headers, rows, best)


def to_markdown(tables: list[TextTable]) -> str:
    from .render.formats import to_markdown as grid

    parts = []
    for t in tables:
        rows = [
            [f"**{v}**" if (r, c) in t.best else v for c, v in enumerate(row)]
            for r, row in enumerate(t.rows)
        ]
        parts.append(f"### {t.title}\n\n" + grid(t.headers, rows))
    return "\n".join(parts)
