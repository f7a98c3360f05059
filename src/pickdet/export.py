"""Plain-data views of records: the JSON contract that scripts rely on (see the README)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .catalog import SCHEMA_VERSION
from .catalog.entries import headline as headline_accuracy
from .metrics import DEFAULT_DATASET, DEFAULT_METRIC

if TYPE_CHECKING:
    import datetime as dt

    from .catalog import Catalog
    from .catalog.records import AltLatency, Family, Hardware, Latency, Model, Source


def number(value: float | int | None) -> str:
    """A figure as its source printed it (ints stay ints, floats keep their shortest form)."""
    if value is None:
        return "-"
    return str(value)


def source_dict(src: Source) -> dict[str, Any]:
    return {
        "id": src.id,
        "title": src.title,
        "url": src.url,
        "kind": src.kind,
        "repo": src.repo,
        "path": src.path,
        "commit": src.commit,
        "accessed": _date(src.accessed),
        "notes": src.notes,
    }


def hardware_dict(hw: Hardware) -> dict[str, Any]:
    return {
        "id": hw.id,
        "name": hw.name,
        "device": hw.device,
        "device_kind": hw.device_kind,
        "runtime": hw.runtime,
        "runtime_version": hw.runtime_version,
        "precision": hw.precision,
        "batch": hw.batch,
        "includes_nms": hw.includes_nms,
        "includes_preprocess": hw.includes_preprocess,
        "source": hw.source,
        "notes": hw.notes,
    }


def family_dict(fam: Family, catalog: Catalog | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": fam.id,
        "name": fam.name,
        "aliases": list(fam.aliases),
        "organisation": fam.organisation,
        "authors": list(fam.authors),
        "released": _date(fam.released),
        "license": fam.license,
        "paper": fam.paper,
        "repo": fam.repo,
        "architecture": fam.architecture,
        "nms_free": fam.nms_free,
        "sources": list(fam.sources),
        "notes": fam.notes,
    }
    if catalog is not None:
        models = catalog.models_of(fam.id)
        out["tasks"] = sorted({m.task for m in models})
        out["models"] = [m.id for m in models]
    return out


def _latency_figure(lat: Latency | AltLatency) -> dict[str, Any]:
    return {
        "ms": lat.latency_ms,
        "ms_as_published": lat.ms,
        "fps": lat.fps,
        "derived": lat.ms is None,
        "source": lat.source,
        "note": lat.note,
    }


def figures(model: Model) -> list[dict[str, Any]]:
    """Every figure of a model with its source and alternatives, in a flat list."""
    out: list[dict[str, Any]] = []
    for name in ("params_m", "flops_g"):
        fig = getattr(model, name)
        if fig is not None:
            out.append(
                {
                    "kind": name,
                    "value": fig.value,
                    "source": fig.source,
                    "note": fig.note,
                    "alternatives": [_alt(a) for a in fig.alternatives],
                }
            )
    for acc in model.accuracy:
        out.append(
            {
                "kind": "accuracy",
                "metric": acc.metric,
                "dataset": acc.dataset,
                "split": acc.split,
                "head": acc.head,
                "value": acc.value,
                "source": acc.source,
                "note": acc.note,
                "alternatives": [_alt(a) for a in acc.alternatives],
            }
        )
    for lat in model.latency:
        fig = {"kind": "latency", "hardware": lat.hardware, **_latency_figure(lat)}
        fig["alternatives"] = [_latency_figure(a) for a in lat.alternatives]
        out.append(fig)
    return out


def _alt(alt: Any) -> dict[str, Any]:
    return {
        "value": alt.value,
        "source": alt.source,
        "split": getattr(alt, "split", None),
        "head": getattr(alt, "head", None),
        "note": alt.note,
    }


def model_sources(model: Model) -> list[str]:
    """Ids of every source a model's figures cite, in first-use order."""
    ids: dict[str, None] = {}
    if model.source:
        ids[model.source] = None
    for fig in figures(model):
        for item in (fig, *fig.get("alternatives", [])):
            if item.get("source"):
                ids[item["source"]] = None
    return list(ids)


def model_dict(catalog: Catalog, model: Model, *, detail: bool = True) -> dict[str, Any]:
    """A model as the JSON contract describes it."""
    fam = catalog.family_of(model)
    accuracy: dict[str, float | int] = {}
    for acc in model.accuracy:
        if acc.dataset == DEFAULT_DATASET[model.task]:
            accuracy.setdefault(acc.metric, acc.value)
    head = headline_accuracy(model)
    out: dict[str, Any] = {
        "id": model.id,
        "name": model.display_name,
        "family": model.family,
        "family_name": fam.name,
        "variant": model.variant,
        "task": model.task,
        "input_size": model.input_size,
        "pretrain": model.pretrain,
        "epochs": model.epochs,
        "params_m": model.params_m.value if model.params_m else None,
        "flops_g": model.flops_g.value if model.flops_g else None,
        "license": fam.license,
        "nms_free": fam.nms_free,
        "metric": head.metric if head else DEFAULT_METRIC[model.task],
        "accuracy": accuracy,
        "latency_ms": {lat.hardware: lat.latency_ms for lat in model.latency},
    }
    if detail:
        out["aliases"] = list(model.aliases)
        out["notes"] = model.notes
        out["origin"] = catalog.origin_of("models", model.id)
        out["figures"] = figures(model)
        out["sources"] = [
            source_dict(catalog.sources[s]) for s in model_sources(model) if s in catalog.sources
        ]
        out["family_detail"] = family_dict(fam)
    return out


def envelope(kind: str, **payload: Any) -> dict[str, Any]:
    """Every JSON answer starts with the schema version and what kind of answer it is."""
    return {"schema_version": SCHEMA_VERSION, "kind": kind, **payload}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
