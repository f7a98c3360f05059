"""The merged catalogue: records from the bundled file and the user's, checked as a whole."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CatalogError, Problem
from .entries import Entry, entry
from .load import LoadedFile, format_path, load_file
from .records import Accuracy, Family, Hardware, Latency, Model, ScalarFigure, Source

BUNDLED_NAME = "<bundled>/models.yaml"
# A mAP or top-1 below this is almost certainly a fraction (0.514) where percent (51.4) was meant.
FRACTION_SUSPECT = 1.0


@dataclass
class Origin:
    """Where a record came from: the file, and its position in that file's list."""

    file: LoadedFile
    path: tuple[str | int, ...]

    def problem(self, message: str, *sub: str | int) -> Problem:
        full = self.path + sub
        loc = self.file.locate(full)
        line, col = loc if loc else (None, None)
        return Problem(self.file.path, message, format_path(full), line, col)


class Catalog:
    """Every source, hardware profile, family and model, keyed by id, in file order.

    Pickled (for the cache) with its models as one blob that is unpickled only when a command
    asks for ``models``; the solver works on ``entries``, which load fast.
    """

    def __init__(
        self,
        sources: dict[str, Source] | None = None,
        hardware: dict[str, Hardware] | None = None,
        families: dict[str, Family] | None = None,
        models: dict[str, Model] | None = None,
        origins: dict[tuple[str, str], str] | None = None,
        notices: list[str] | None = None,
        files: list[str] | None = None,
    ) -> None:
        self.sources = sources if sources is not None else {}
        self.hardware = hardware if hardware is not None else {}
        self.families = families if families is not None else {}
        self._models: dict[str, Model] | None = models if models is not None else {}
        self._models_blob: bytes | None = None
        self._entries: list[Entry] | None = None
        self.origins = origins if origins is not None else {}
        self.notices = notices if notices is not None else []
        self.files = files if files is not None else []
        self._names: Any = None

    @property
    def models(self) -> dict[str, Model]:
        if self._models is None:
            import pickle

            self._models = pickle.loads(self._models_blob or b"")
            self._models_blob = None
        return self._models

    @property
    def entries(self) -> list[Entry]:
        """One small record per model with what the solver reads (built once, then cached)."""
        if self._entries is None:
            self._entries = [entry(m) for m in self.models.values()]
        return self._entries

    def __getstate__(self) -> dict[str, Any]:
        import pickle

        state = {k: v for k, v in self.__dict__.items() if k not in ("_names", "_models")}
        state["_entries"] = self.entries
        if self._models is not None:
            state["_models_blob"] = pickle.dumps(self._models, protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._models = None
        self._models_blob = state.get("_models_blob")
        self._entries = state.get("_entries")
        self._names = None

    # -- lookups -------------------------------------------------------------------------------
    def family_of(self, model: Model) -> Family:
        return self.families[model.family]

    def license_of(self, model: Model) -> str | None:
        return self.families[model.family].license

    def models_of(self, family_id: str) -> list[Model]:
        return [m for m in self.models.values() if m.family == family_id]

    def origin_of(self, kind: str, record_id: str) -> str:
        return self.origins.get((kind, record_id), BUNDLED_NAME)

    @property
    def names(self) -> Any:
        """The name index (built on first use: most commands never resolve a name)."""
        if self._names is None:
            from .names import NameIndex

            self._names = NameIndex(self)
        return self._names

    def model(self, name: str) -> Model:
        return self.names.model(name)  # type: ignore[no-any-return]

    def family(self, name: str) -> Family:
        if name in self.families:
            return self.families[name]
        return self.names.family(name)  # type: ignore[no-any-return]

    def profile(self, name: str) -> Hardware:
        if name in self.hardware:  # an exact id needs no name index
            return self.hardware[name]
        return self.names.hardware(name)  # type: ignore[no-any-return]

    def coverage(self, hardware_id: str) -> int:
        return sum(1 for e in self.entries if hardware_id in e.latency)


def build(files: Iterable[LoadedFile]) -> Catalog:
    """Merge files in order (later ones override earlier ones) and check cross-references."""
    files = list(files)
    cat = Catalog()
    places: dict[tuple[str, str], Origin] = {}
    problems: list[Problem] = []
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
                origin = Origin(loaded, (key, position))
                ident = (key, record.id)
                if ident in seen:
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
                places[ident] = origin
                cat.origins[ident] = loaded.path
    invalid: set[tuple[str, str]] = set().union(*(f.invalid_ids for f in files))
    problems.extend(_check(cat, places, invalid))
    if problems:
        raise CatalogError(problems)
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


def _check(
    cat: Catalog, places: dict[tuple[str, str], Origin], invalid: set[tuple[str, str]]
) -> Iterator[Problem]:
    """Cross-reference and consistency checks that a single-record schema cannot express.

    ``invalid`` holds (group, id) of records that exist but did not validate (already reported):
    references to them are not reported again as unknown.
    """
    sources = cat.sources.keys() | {i for g, i in invalid if g == "sources"}
    families = cat.families.keys() | {i for g, i in invalid if g == "families"}
    hardware = cat.hardware.keys() | {i for g, i in invalid if g == "hardware"}
    for hw in cat.hardware.values():
        if hw.source is not None and hw.source not in sources:
            yield places[("hardware", hw.id)].problem(
                _unknown("source", hw.source, cat.sources), "source"
            )
    for fam in cat.families.values():
        for i, src in enumerate(fam.sources):
            if src not in sources:
                yield places[("families", fam.id)].problem(
                    _unknown("source", src, cat.sources), "sources", i
                )
    for model in cat.models.values():
        where = places[("models", model.id)]
        if model.family not in families:
            yield where.problem(_unknown("family", model.family, cat.families), "family")
        for name in ("params_m", "flops_g"):
            fig = getattr(model, name)
            if fig is not None:
                yield from _check_sources(cat, sources, where, fig, (name,))
        seen_metric: set[tuple[str, str]] = set()
        for i, acc in enumerate(model.accuracy):
            if (acc.metric, acc.dataset) in seen_metric:
                yield where.problem(
                    f"{acc.metric} on {acc.dataset} given twice; put other values in alternatives",
                    "accuracy",
                    i,
                )
            seen_metric.add((acc.metric, acc.dataset))
            values = [acc.value, *(a.value for a in acc.alternatives)]
            if any(v < FRACTION_SUSPECT for v in values):
                yield where.problem(
                    f"{acc.metric} {min(values)} looks like a fraction; "
                    f"pickdet expects percent (e.g. {min(values) * 100:.4g})",
                    "accuracy",
                    i,
                    "value",
                )
            yield from _check_sources(cat, sources, where, acc, ("accuracy", i))
        seen_hw: set[str] = set()
        for i, lat in enumerate(model.latency):
            if lat.hardware in seen_hw:
                yield where.problem(
                    f"latency on {lat.hardware!r} given twice; put other values in alternatives",
                    "latency",
                    i,
                )
            seen_hw.add(lat.hardware)
            if lat.hardware not in hardware:
                yield where.problem(
                    _unknown("hardware profile", lat.hardware, cat.hardware),
                    "latency",
                    i,
                    "hardware",
                )
            if lat.ms is None and lat.fps is None:
                yield where.problem("a latency needs ms or fps", "latency", i)
            for j, alt in enumerate(lat.alternatives):
                if alt.ms is None and alt.fps is None:
                    yield where.problem(
                        "a latency needs ms or fps", "latency", i, "alternatives", j
                    )
            yield from _check_sources(cat, sources, where, lat, ("latency", i))


def _check_sources(
    cat: Catalog, known: Any, where: Origin, fig: Any, sub: tuple[str | int, ...]
) -> Iterator[Problem]:
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


DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def bundled_path() -> Path:
    return DATA_DIR / "models.yaml"


def load(paths: Iterable[str | Path] = (), *, bundled: bool = True) -> Catalog:
    """Load the bundled catalogue (unless ``bundled`` is false) and the given user files.

    A validated catalogue is cached (see ``cache``); a changed file is loaded afresh.
    """
    from . import cache

    files = [Path(p) for p in paths]
    everything = [bundled_path(), *files] if bundled else files
    cache_key = cache.key(everything) if cache.enabled() else None
    if cache_key is not None:
        cached = cache.read(cache_key)
        if isinstance(cached, Catalog):
            return cached
    loaded: list[LoadedFile] = []
    if bundled:
        loaded.append(load_file(bundled_path(), name=BUNDLED_NAME))
    loaded.extend(load_file(p) for p in files)
    catalog = build(loaded)
    if cache_key is not None:
        cache.write(cache_key, catalog)
    return catalog
