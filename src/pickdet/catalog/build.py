"""Merging catalogue files and checking them as a whole: ids, references, sources, values.

Only a catalogue that is not in the cache is built; a cached one is unpickled instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..errors import CatalogError, Problem
from .catalog import Catalog
from .files import LoadedFile, Location, Path_, format_path
from .records import Accuracy, Latency, Model, ScalarFigure

# A mAP or top-1 below this is almost certainly a fraction (0.514) where percent (51.4) was meant.
FRACTION_SUSPECT = 1.0


@dataclass
class Origin:
    """Where a record came from: the file, and its position in that file's list."""

    file: LoadedFile
    path: tuple[str | int, ...]

    def problem(self, message: str, *sub: str | int) -> Found:
        return Found(self.file, self.path + sub, message)


class Found(NamedTuple):
    """A problem in a record, to be located in its file with the others (see ``_located``)."""

    file: LoadedFile
    path: Path_
    message: str


def _located(found: list[Found]) -> list[Problem]:
    """Problems with their lines and columns: each file is read once for all of its problems."""
    where: dict[tuple[int, Path_], Location | None] = {}
    by_file: dict[int, tuple[LoadedFile, list[Path_]]] = {}
    for f in found:
        by_file.setdefault(id(f.file), (f.file, []))[1].append(f.path)
    for file, paths in by_file.values():
        for path, loc in zip(paths, file.locate_all(paths), strict=True):
            where[(id(file), path)] = loc
    return [
        Problem(
            f.file.path,
            f.message,
            format_path(f.path),
            *(where[(id(f.file), f.path)] or (None, None)),
        )
        for f in found
    ]


class _Places(dict[tuple[str, str], tuple[LoadedFile, int]]):
    """Each record's file and position in it, by (group, id); made an Origin only when a
    problem needs one (most records of a large file never do)."""

    def origin(self, ident: tuple[str, str]) -> Origin:
        loaded, position = self[ident]
        return Origin(loaded, (ident[0], position))


def build(files: Iterable[LoadedFile]) -> Catalog:
    """Merge files in order (later ones override earlier ones) and check cross-references."""
    files = list(files)
    cat = Catalog()
    origins = cat.origins
    places = _Places()
    problems: list[Found] = []
    for loaded in files:
        cat.files.append(loaded.path)
        seen: set[tuple[str, str]] = set()
        data = loaded.data
        groups: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = [
            ("sources", "source", data.sources, cat.sources),
            ("hardware", "hardware profile", data.hardware, cat.hardware),
            ("families", "family", data.families, cat.families),
            ("models", "model", data.models, cat.models),
        ]
        for key, label, records, target in groups:
            for index, record in enumerate(records):
                position = loaded.kept[key][index] if loaded.kept else index
                ident = (key, record.id)
                if ident in seen:
                    origin = Origin(loaded, (key, position))
                    problems.append(origin.problem(f"duplicate {label} id {record.id!r}", "id"))
                    continue
                seen.add(ident)
                previous = target.get(record.id)
                if previous is not None and key == "models":
                    record = _merge_model(previous, record, loaded.path, cat.notices)
                elif previous is not None:
                    cat.notices.append(
                        f"{loaded.path}: {label} {record.id!r} replaces the one from "
                        f"{cat.origin_of(key, record.id)}"
                    )
                target[record.id] = record
                places[ident] = (loaded, position)
                origins[ident] = loaded.path
    invalid: set[tuple[str, str]] = set().union(*(f.invalid_ids for f in files))
    problems.extend(_check(cat, places, invalid))
    if problems:
        raise CatalogError(_located(problems))
    return cat


def _merge_model(old: Model, new: Model, path: str, notices: list[str]) -> Model:
    """A user's model with a known id adds figures; a figure for the same key overrides."""
    changes: dict[str, Any] = {}
    for name in ("params_m", "flops_g"):
        fig: ScalarFigure | None = getattr(new, name)
        before: ScalarFigure | None = getattr(old, name)
        if fig is not None:
            changes[name] = fig
            if before is not None and before.value != fig.value:
                notices.append(f"{path}: {new.id} {name} {fig.value} overrides {before.value}")
    changes["accuracy"] = _merge_figures(
        old.accuracy,
        new.accuracy,
        lambda a: f"{a.metric} on {a.dataset}",
        f"{path}: {new.id}",
        notices,
    )
    changes["latency"] = _merge_figures(
        old.latency, new.latency, lambda f: f"latency on {f.hardware}", f"{path}: {new.id}", notices
    )
    for name in ("name", "input_size", "pretrain", "epochs", "notes"):
        if getattr(new, name) is not None:
            changes[name] = getattr(new, name)
    changes["aliases"] = tuple(dict.fromkeys(old.aliases + new.aliases))
    return dataclasses.replace(old, **changes)


def _merge_figures(
    old: tuple[Any, ...], new: tuple[Any, ...], key: Any, where: str, notices: list[str]
) -> tuple[Any, ...]:
    merged = {key(f): f for f in old}
    for fig in new:
        k = key(fig)
        if k in merged and _figure_text(merged[k]) != _figure_text(fig):
            notices.append(f"{where} {k} {_figure_text(fig)} overrides {_figure_text(merged[k])}")
        merged[k] = fig
    return tuple(merged.values())


def _figure_text(fig: Accuracy | Latency) -> str:
    if isinstance(fig, Latency):
        return f"{fig.latency_ms:.4g} ms"
    return str(fig.value)


def _check(cat: Catalog, places: _Places, invalid: set[tuple[str, str]]) -> Iterator[Found]:
    """Cross-reference and consistency checks that a single-record schema cannot express.

    ``invalid`` holds (group, id) of records that exist but did not validate (already reported):
    references to them are not reported again as unknown.
    """
    sources = cat.sources.keys() | {i for g, i in invalid if g == "sources"}
    families = cat.families.keys() | {i for g, i in invalid if g == "families"}
    hardware = cat.hardware.keys() | {i for g, i in invalid if g == "hardware"}
    for hw in cat.hardware.values():
        if hw.source is not None and hw.source not in sources:
            yield places.origin(("hardware", hw.id)).problem(
                _unknown("source", hw.source, cat.sources), "source"
            )
    for fam in cat.families.values():
        for i, src in enumerate(fam.sources):
            if src not in sources:
                yield places.origin(("families", fam.id)).problem(
                    _unknown("source", src, cat.sources), "sources", i
                )
    for model in cat.models.values():
        # Most models have no problem: each test is a cheap comparison, and the problem (with
        # its location) is only built when one fails.
        here = ("models", model.id)
        if model.family not in families:
            yield places.origin(here).problem(
                _unknown("family", model.family, cat.families), "family"
            )
        for name, fig in (("params_m", model.params_m), ("flops_g", model.flops_g)):
            if fig is not None and (fig.source not in sources or fig.alternatives):
                yield from _source_problems(cat, sources, places.origin(here), fig, (name,))
        seen_metric: set[tuple[str, str]] = set()
        for i, acc in enumerate(model.accuracy):
            if (acc.metric, acc.dataset) in seen_metric:
                yield places.origin(here).problem(
                    f"{acc.metric} on {acc.dataset} given twice; put other values in alternatives",
                    "accuracy",
                    i,
                )
            seen_metric.add((acc.metric, acc.dataset))
            low = acc.value
            if acc.alternatives:
                low = min(low, *(a.value for a in acc.alternatives))
            if low < FRACTION_SUSPECT:
                yield places.origin(here).problem(
                    f"{acc.metric} {low} looks like a fraction; "
                    f"pickdet expects percent (e.g. {low * 100:.4g})",
                    "accuracy",
                    i,
                    "value",
                )
            if acc.source not in sources or acc.alternatives:
                yield from _source_problems(cat, sources, places.origin(here), acc, ("accuracy", i))
        seen_hw: set[str] = set()
        for i, lat in enumerate(model.latency):
            if lat.hardware in seen_hw:
                yield places.origin(here).problem(
                    f"latency on {lat.hardware!r} given twice; put other values in alternatives",
                    "latency",
                    i,
                )
            seen_hw.add(lat.hardware)
            if lat.hardware not in hardware:
                yield places.origin(here).problem(
                    _unknown("hardware profile", lat.hardware, cat.hardware),
                    "latency",
                    i,
                    "hardware",
                )
            if lat.ms is None and lat.fps is None:
                yield places.origin(here).problem("a latency needs ms or fps", "latency", i)
            for j, alt in enumerate(lat.alternatives):
                if alt.ms is None and alt.fps is None:
                    yield places.origin(here).problem(
                        "a latency needs ms or fps", "latency", i, "alternatives", j
                    )
            if lat.source not in sources or lat.alternatives:
                yield from _source_problems(cat, sources, places.origin(here), lat, ("latency", i))


def _source_problems(
    cat: Catalog, known: Any, where: Origin, fig: Any, sub: tuple[str | int, ...]
) -> Iterator[Found]:
    """A figure's (and its alternatives') missing or unknown sources."""
    items = [(fig.source, sub)]
    items += [(alt.source, (*sub, "alternatives", j)) for j, alt in enumerate(fig.alternatives)]
    for source, path in items:
        if source is None:
            yield where.problem(
                "figure has no source (set `source:` on the figure or on the model)", *path
            )
        elif source not in known:
            yield where.problem(_unknown("source", source, cat.sources), *path, "source")


def _unknown(label: str, value: str, known: dict[str, Any]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(value, list(known), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; {len(known)} are defined"
    return f"unknown {label} {value!r}{hint}"
