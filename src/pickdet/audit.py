"""Catalogue audit: where sources disagree, and figures that cannot all be right."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .catalog import Catalog
from .catalog.records import AltLatency, Latency, Model
from .export import envelope
from .metrics import metric_label

Level = Literal["error", "warning", "info"]
# ms and FPS from one source should agree within this (rounding in either figure).
MS_FPS_TOLERANCE = 0.05


@dataclass(frozen=True)
class Finding:
    level: Level
    kind: str
    where: str
    message: str


def _disagreements(model: Model) -> list[Finding]:
    out = []
    for name in ("params_m", "flops_g"):
        fig = getattr(model, name)
        if fig is None:
            continue
        others = {a.value for a in fig.alternatives} - {fig.value}
        if others:
            alts = ", ".join(
                f"{a.value} [{a.source}]" for a in fig.alternatives if a.value != fig.value
            )
            out.append(
                Finding(
                    "info",
                    "disagreement",
                    f"{model.id} {name}",
                    f"headline {fig.value} [{fig.source}]; also {alts}",
                )
            )
    for acc in model.accuracy:
        differing = [a for a in acc.alternatives if a.value != acc.value]
        if differing:
            alts = ", ".join(
                f"{a.value} [{a.source}{' ' + a.split if a.split else ''}"
                f"{' head ' + a.head if a.head else ''}]"
                for a in differing
            )
            out.append(
                Finding(
                    "info",
                    "disagreement",
                    f"{model.id} {acc.metric}",
                    f"headline {acc.value} [{acc.source} {acc.split}]; also {alts}",
                )
            )
    for lat in model.latency:
        slower = [a for a in lat.alternatives if abs(a.latency_ms - lat.latency_ms) > 1e-9]
        if slower:
            alts = ", ".join(f"{a.latency_ms:.4g} ms [{a.source}]" for a in slower)
            out.append(
                Finding(
                    "info",
                    "disagreement",
                    f"{model.id} latency {lat.hardware}",
                    f"headline {lat.latency_ms:.4g} ms [{lat.source}]; also {alts}",
                )
            )
    return out


def _suspicious(model: Model) -> list[Finding]:
    out = []
    for prefix in ("", "mask_", "pose_"):
        loose = model.accuracy_for(f"{prefix}map50")
        strict = model.accuracy_for(f"{prefix}map50_95")
        if loose and strict and loose.dataset == strict.dataset and loose.value < strict.value:
            out.append(
                Finding(
                    "error",
                    "impossible",
                    model.id,
                    f"{metric_label(loose.metric)} {loose.value} is below "
                    f"{metric_label(strict.metric)} {strict.value}",
                )
            )
    top1, top5 = model.accuracy_for("top1"), model.accuracy_for("top5")
    if top1 and top5 and top5.value < top1.value:
        out.append(
            Finding("error", "impossible", model.id, f"top-5 {top5.value} below top-1 {top1.value}")
        )
    for lat in model.latency:
        items: list[Latency | AltLatency] = [lat, *lat.alternatives]
        for item in items:
            if item.ms is not None and item.fps is not None:
                implied = 1000.0 / float(item.fps)
                if abs(implied - float(item.ms)) / float(item.ms) > MS_FPS_TOLERANCE:
                    out.append(
                        Finding(
                            "warning",
                            "ms-fps",
                            f"{model.id} latency {lat.hardware}",
                            f"{item.ms} ms and {item.fps} FPS disagree "
                            f"(1000/FPS = {implied:.3g} ms) [{item.source}]",
                        )
                    )
    if not model.accuracy:
        out.append(Finding("warning", "no-accuracy", model.id, "no accuracy figure"))
    return out


def audit(catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    for fam in catalog.families.values():
        if not fam.sources:
            findings.append(
                Finding("error", "unsourced", f"family {fam.id}", "family facts cite no source")
            )
        if fam.license is None:
            findings.append(Finding("warning", "licence", f"family {fam.id}", "licence unknown"))
        if not catalog.models_of(fam.id):
            findings.append(Finding("warning", "empty", f"family {fam.id}", "family has no models"))
    for src in catalog.sources.values():
        if not src.url:
            findings.append(Finding("warning", "source", f"source {src.id}", "no URL"))
        elif src.repo and not src.commit:
            findings.append(
                Finding(
                    "info",
                    "source",
                    f"source {src.id}",
                    "repository file recorded without a commit",
                )
            )
    for hw in catalog.hardware.values():
        if catalog.coverage(hw.id) == 0:
            findings.append(
                Finding("warning", "unused", f"hardware {hw.id}", "no model has a figure on it")
            )
        if hw.includes_nms is None:
            findings.append(
                Finding(
                    "info",
                    "protocol",
                    f"hardware {hw.id}",
                    "no source says whether timings include NMS",
                )
            )
    for key, ids in sorted(catalog.names.conflicts().items()):
        findings.append(
            Finding(
                "error",
                "name",
                key,
                f"spelling resolves to several models: {', '.join(sorted(ids))}",
            )
        )
    for model in catalog.models.values():
        findings.extend(_suspicious(model))
        findings.extend(_disagreements(model))
    return sorted(findings, key=lambda f: LEVELS.index(f.level))


LEVELS: tuple[Level, ...] = ("error", "warning", "info")


def counts(findings: list[Finding]) -> dict[str, int]:
    return {level: sum(1 for f in findings if f.level == level) for level in LEVELS}


def audit_dict(findings: list[Finding], shown: list[Finding]) -> dict[str, Any]:
    """Counts over every finding; the findings listed are those ``shown`` (by --level)."""
    return envelope(
        "audit",
        counts=counts(findings),
        findings=[
            {"level": f.level, "kind": f.kind, "where": f.where, "message": f.message}
            for f in shown
        ],
    )
