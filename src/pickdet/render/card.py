"""A model's full card for people, rendered from the same dict the JSON view prints."""

from __future__ import annotations

from typing import Any

from ..metrics import metric_label
from .formats import cell
from .screen import screen


def _figure_label(fig: dict[str, Any]) -> str:
    kind = fig["kind"]
    if kind == "params_m":
        return "params (M)"
    if kind == "flops_g":
        return "FLOPs (G)"
    if kind == "latency":
        return f"latency ms [{fig['hardware']}]"
    label = metric_label(fig["metric"])
    extra = [fig["dataset"], fig["split"]]
    if fig.get("head"):
        extra.append(f"head {fig['head']}")
    return f"{label} [{' '.join(e for e in extra if e)}]"


def latency_text(fig: dict[str, Any]) -> str:
    """``6.84`` as published, or ``4.61 (217 FPS)`` when derived from FPS."""
    if fig["ms_as_published"] is not None:
        text = cell(fig["ms_as_published"])
        return f"{text} ({cell(fig['fps'])} FPS)" if fig["fps"] is not None else text
    return f"{fig['ms']:.2f} (from {cell(fig['fps'])} FPS)"


def _alt_text(fig: dict[str, Any], alt: dict[str, Any]) -> str:
    value = latency_text(alt) if fig["kind"] == "latency" else cell(alt["value"])
    bits = [f"{value} [{alt['source']}]"]
    if alt.get("split"):
        bits.append(alt["split"])
    if alt.get("head"):
        bits.append(f"head {alt['head']}")
    if alt.get("note"):
        bits.append(f"- {alt['note']}")
    return " ".join(bits)


def figure_rows(model: dict[str, Any]) -> list[list[str]]:
    rows = []
    for fig in model["figures"]:
        value = latency_text(fig) if fig["kind"] == "latency" else cell(fig["value"])
        alts = "; ".join(_alt_text(fig, a) for a in fig["alternatives"])
        if fig.get("note"):
            alts = f"{fig['note']}" + (f"; {alts}" if alts else "")
        rows.append([_figure_label(fig), value, fig["source"] or "", alts])
    return rows


def render_card(model: dict[str, Any], *, show_sources: bool = True) -> None:
    fam = model["family_detail"]
    pairs = [
        ("family", f"{fam['name']} ({fam['id']})"),
        ("task", model["task"]),
        ("variant", model["variant"]),
        ("input size", cell(model["input_size"])),
        ("pre-training", model["pretrain"] or ""),
        ("epochs", cell(model["epochs"])),
        ("licence", model["license"] or "unknown"),
        ("NMS-free", cell(model["nms_free"]) if model["nms_free"] is not None else "unknown"),
        ("organisation", fam["organisation"] or ""),
        ("released", fam["released"] or ""),
        ("paper", fam["paper"] or ""),
        ("repo", fam["repo"] or ""),
        ("aliases", ", ".join(model["aliases"])),
        ("from", model["origin"]),
        ("notes", model["notes"] or ""),
    ]
    out = screen()
    out.line(f"{model['name']}  [{model['id']}]", style="bold")
    out.pairs([(key, value) for key, value in pairs if value])
    out.table(
        ["figure", "value", "source", "other sources / notes"], figure_rows(model), title="Figures"
    )
    if show_sources:
        srcs = [
            [s["id"], s["title"], s["url"] or "(no stable URL)", s["commit"] or s["accessed"] or ""]
            for s in model["sources"]
        ]
        out.table(["source", "title", "url", "commit / read"], srcs, title="Sources")
