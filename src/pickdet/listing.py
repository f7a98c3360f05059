"""`pickdet list`: a filtered selection of the catalogue and its rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog import Catalog
from .catalog.entries import headline as headline_accuracy
from .catalog.records import Hardware, Model
from .export import envelope, hardware_dict, model_dict
from .metrics import DEFAULT_HARDWARE, DEFAULT_METRIC, metric_label
from .solver import check_license, check_task


@dataclass
class Selection:
    """The models `list` shows, and the profile its latency column is read on."""

    catalog: Catalog
    models: list[Model]
    hardware: Hardware | None
    task: str | None

    def to_json(self) -> dict[str, Any]:
        return envelope(
            "list",
            hardware=hardware_dict(self.hardware) if self.hardware else None,
            task=self.task,
            count=len(self.models),
            models=[model_dict(self.catalog, m) for m in self.models],
        )

    def caption(self) -> str:
        if self.hardware is None:
            return f"{len(self.models)} models"
        return f"{len(self.models)} models; latency on {self.hardware.id} ({self.hardware.name})"


def select_models(
    catalog: Catalog,
    *,
    task: str | None = None,
    family: str | None = None,
    license: str | None = None,
    hardware: str | None = None,
) -> Selection:
    task = check_task(task)
    spdx = check_license(catalog, license)
    fam = catalog.family(family).id if family else None
    if hardware is not None:
        hw: Hardware | None = catalog.profile(hardware)
    else:  # the default profile, or the first one a user-only catalogue has
        hw = catalog.hardware.get(DEFAULT_HARDWARE) or next(iter(catalog.hardware.values()), None)
    models = [
        m
        for m in catalog.models.values()
        if (task is None or m.task == task)
        and (fam is None or m.family == fam)
        and (spdx is None or catalog.license_of(m) == spdx)
    ]
    return Selection(catalog, models, hw, task)


def list_rows(sel: Selection) -> tuple[list[str], list[list[Any]]]:
    metrics = {DEFAULT_METRIC[m.task] for m in sel.models}
    single = next(iter(metrics)) if len(metrics) == 1 else None
    headers = ["id", "family", "variant", "task", "size"]
    headers += [metric_label(single)] if single else ["metric", "accuracy"]
    headers += [f"ms {sel.hardware.id}" if sel.hardware else "ms", "params M", "FLOPs G"]
    rows: list[list[Any]] = []
    for m in sel.models:
        acc = headline_accuracy(m)
        lat = m.latency_on(sel.hardware.id) if sel.hardware else None
        row: list[Any] = [m.id, sel.catalog.family_of(m).name, m.variant, m.task, m.input_size]
        if single is None:
            row.append(metric_label(acc.metric) if acc else "")
        row.append(acc.value if acc else None)
        row.append(
            None if lat is None else (lat.ms if lat.ms is not None else round(lat.latency_ms, 2))
        )
        row.append(m.params_m.value if m.params_m else None)
        row.append(m.flops_g.value if m.flops_g else None)
        rows.append(row)
    return headers, rows
