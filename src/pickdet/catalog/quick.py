"""The first load of JSON catalogue files with msgspec (the ``fast`` extra): 100k models are
ready for a query in 0.8 s, where parsing and validating them into records takes 2.1 s.

A query needs only each model's row of ``Entries``, so this load makes those rows and no model
record; the records are made when a command reads them, as for a catalogue from the cache.
msgspec decodes each model into a struct generated from its record class (the same fields, types
and bounds). A model is taken only where the full load would take it with the same values: at
any doubt (a string pydantic would strip, an unknown reference, a duplicate key, a figure that
looks like a fraction) this load gives way to the full one, which reports the problem with its
line. Sources, hardware profiles and families, a few thousand records at most, are validated by
pydantic as always.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import operator
import types
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from .. import extras
from ..errors import CatalogError
from ..metrics import DEFAULT_DATASET
from .build import FRACTION_SUSPECT, build
from .catalog import BUNDLED_FILE, BUNDLED_NAME, Catalog
from .entries import Entries, Row
from .files import _FIGURE_KEYS, LoadedFile, _given, load_file, parse, read_bytes, validate
from .records import Model, Number, _Bound

_SHELL = ("schema_version", "sources", "hardware", "families")


class _Doubt(Exception):
    """The full load must decide."""


def load(files: list[str], bundled: bool) -> Catalog | None:
    """The catalogue of the bundled file (if ``bundled``) and ``files``, all of them JSON, or
    None where the full load must decide (msgspec missing, a problem, a doubt)."""
    if not files or not all(f.lower().endswith(".json") for f in files) or not extras.msgspec():
        return None
    import msgspec

    loaded: list[LoadedFile] = []
    if bundled:
        loaded.append(load_file(Path(BUNDLED_FILE), name=BUNDLED_NAME))
    models: list[Any] = []
    try:
        for path in files:
            shell, structs = _read(path)
            loaded.append(shell)
            models.append(structs)
        cat = build(loaded)  # the files without their models: sources, profiles, families
    except (_Doubt, CatalogError, msgspec.MsgspecError, UnicodeDecodeError):
        return None
    rows = _rows(cat, models)
    if rows is None:
        return None
    entries = Entries.joined([Entries.of(cat.models.values()), Entries.from_rows(rows)])
    return Catalog.answering(cat, entries)


def _read(path: str) -> tuple[LoadedFile, list[Any]]:
    """A file's sources, profiles and families (validated by pydantic), and its model structs."""
    import msgspec

    raw = read_bytes(Path(path))
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    doc = _decoder().decode(raw)
    if not _no_key_lost(raw, msgspec.json.encode(doc)):
        raise _Doubt
    shell = {
        key: parse(bytes(value).decode(), path, as_json=True)
        for key in _SHELL
        if (value := getattr(doc, key)) is not msgspec.UNSET
    }
    no_text = _given("")  # a problem is not located here: the full load will report it
    data = validate(shell, path, no_text)
    return LoadedFile(path, data, no_text), ([] if doc.models is msgspec.UNSET else doc.models)


def _no_key_lost(raw: bytes, encoded: bytes) -> bool:
    """Whether no key of ``raw`` was dropped in decoding it: msgspec keeps the last of a
    duplicate key, where the full load reports it.

    A JSON text has a colon after each key, and the colons inside its strings. The encoding of
    what was decoded (absent fields left out) has one after each key kept, and the colons of the
    strings kept, which it spells as the text did unless the text escaped a colon as ``\\u003a``.
    So without that escape, the counts are equal only if every key was kept.
    """
    if b"\\" in raw and (b"\\u003a" in raw or b"\\u003A" in raw):
        return False
    return raw.count(b":") == encoded.count(b":")


def _rows(cat: Catalog, files: list[list[Any]]) -> list[Row] | None:
    """Each model's row, or None if one is in doubt (or its id is taken)."""
    check = _Checker(cat.sources.keys(), cat.families.keys(), cat.hardware.keys())
    taken = set(cat.models)
    rows: list[Row] = []
    for structs in files:
        for model in structs:
            row = check(model)
            if row is None or row[0] in taken:
                return None
            taken.add(row[0])
            rows.append(row)
    return rows


class _Checker:
    """The checks of ``build`` on one model struct, and its row of ``Entries``."""

    def __init__(
        self, sources: Collection[str], families: Collection[str], hardware: Collection[str]
    ) -> None:
        import msgspec

        self.unset = msgspec.UNSET
        self.sources, self.families, self.hardware = sources, families, hardware

    def __call__(self, m: Any) -> Row | None:
        unset = self.unset
        ident, family, variant = m.id, m.family, m.variant
        name = None if m.name is unset else m.name
        # pydantic strips whitespace (and then refuses an empty id): such a model is left to it.
        if ident != ident.strip() or variant != variant.strip() or family not in self.families:
            return None
        if name is not None and name != name.strip():
            return None
        default = m.source if isinstance(m.source, str) else None  # as files._prepare fills it
        params, flops = self._scalar(m.params_m, default), self._scalar(m.flops_g, default)
        if params is False or flops is False:
            return None
        task = "detect" if m.task is unset else m.task
        accuracy = self._accuracy(() if m.accuracy is unset else m.accuracy, task, default)
        latency = self._latency(() if m.latency is unset else m.latency, default)
        if accuracy is None or latency is None:
            return None
        size = None if m.input_size is unset else m.input_size
        shown = name or f"{family}-{variant}"
        return (ident, shown, family, variant, task, size, params, flops, accuracy, latency)

    def _given(self, value: Any) -> bool:
        return value is not None and value is not self.unset

    def _alternatives(self, alternatives: Any, default: str | None, latency: bool) -> bool:
        """Each alternative has a known source (its own or the model's), and a latency one an
        ms or FPS figure."""
        unset, sources = self.unset, self.sources
        for alt in alternatives:
            if (default if alt.source is unset else alt.source) not in sources:
                return False
            if latency and not (self._given(alt.ms) or self._given(alt.fps)):
                return False
        return True

    def _scalar(self, fig: Any, default: str | None) -> Number | bool | None:
        """params_m or flops_g: its value, None if absent, False if in doubt."""
        unset = self.unset
        if fig is None or fig is unset:
            return None
        if isinstance(fig, (int, float)):  # the shorthand ``params_m: 36.9``
            return fig if default in self.sources else False
        source, alternatives = fig.source, fig.alternatives
        if (default if source is unset else source) not in self.sources:
            return False
        if alternatives is not unset and not self._alternatives(alternatives, default, False):
            return False
        return fig.value  # type: ignore[no-any-return]

    # The two loops below run for every figure of 10^5 models: written out, not factored.

    def _accuracy(self, figures: Iterable[Any], task: str, default: str | None) -> Any:
        """The headline value by metric (``entries.headlines``), or None if in doubt."""
        unset, sources = self.unset, self.sources
        home = DEFAULT_DATASET[task]
        best: dict[str, Number] = {}
        at_home: set[str] = set()  # metrics whose headline is on the task's dataset
        seen: set[tuple[str, str]] = set()
        for fig in figures:
            metric, dataset, value, source = fig.metric, fig.dataset, fig.value, fig.source
            if dataset is unset:
                dataset = "coco"
            if (default if source is unset else source) not in sources or (metric, dataset) in seen:
                return None
            seen.add((metric, dataset))
            alternatives = fig.alternatives
            if alternatives is not unset and alternatives:
                if not self._alternatives(alternatives, default, False):
                    return None
                value = min(value, *(alt.value for alt in alternatives))
            if value < FRACTION_SUSPECT:
                return None
            if metric not in at_home and (metric not in best or dataset == home):
                best[metric] = fig.value
                if dataset == home:
                    at_home.add(metric)
        return best

    def _latency(self, figures: Iterable[Any], default: str | None) -> Any:
        """(ms, derived from FPS) by profile, or None if in doubt."""
        unset, sources, hardware = self.unset, self.sources, self.hardware
        out: dict[str, tuple[float, bool]] = {}
        for fig in figures:
            profile, ms, source, alternatives = fig.hardware, fig.ms, fig.source, fig.alternatives
            if profile in out or profile not in hardware:
                return None
            if (default if source is unset else source) not in sources:
                return None
            if alternatives is not unset and not self._alternatives(alternatives, default, True):
                return None
            if ms is not None and ms is not unset:
                out[profile] = (float(ms), False)
            elif self._given(fig.fps):
                out[profile] = (1000.0 / float(fig.fps), True)
            else:
                return None
        return out


# -- the structs, generated from the record classes ---------------------------------------------


@functools.cache
def _decoder() -> Any:
    import msgspec

    fields: list[Any] = [(key, _absent_or(msgspec.Raw), msgspec.UNSET) for key in _SHELL]
    fields.append(("models", _absent_or(_array(_struct(Model))), msgspec.UNSET))
    catalog_file = msgspec.defstruct("CatalogFile", fields, forbid_unknown_fields=True)
    return msgspec.json.Decoder(catalog_file)


@functools.cache
def _struct(cls: type) -> Any:
    """A msgspec struct with the fields of record class ``cls``; a field with a default is
    UNSET when absent, so that encoding leaves it out (see ``_no_key_lost``)."""
    import msgspec

    hints = get_type_hints(cls, include_extras=True)
    fields: list[Any] = []
    for f in dataclasses.fields(cls):
        kind = _type(hints[f.name])
        if cls is Model and f.name in _FIGURE_KEYS:
            kind = _union(kind, _type(Number))  # or the shorthand, a bare number
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            fields.append((f.name, kind))
        else:
            fields.append((f.name, _absent_or(kind), msgspec.UNSET))
    return msgspec.defstruct(cls.__name__, fields, kw_only=True, forbid_unknown_fields=True)


def _type(hint: Any) -> Any:
    """The msgspec type of a record field's type: the same, with bounds as msgspec.Meta."""
    import msgspec

    origin = get_origin(hint)
    if origin is Annotated:
        base, *marks = get_args(hint)
        limits: dict[str, Any] = {}
        for mark in marks:
            if isinstance(mark, _Bound):
                limits.update(mark.limits)
        return Annotated[_type(base), msgspec.Meta(**limits)] if limits else _type(base)
    if origin in (Union, types.UnionType):
        return _union(*(_type(arg) for arg in get_args(hint)))
    if origin is tuple:
        return _array(_type(get_args(hint)[0]))  # tuple[X, ...]
    if dataclasses.is_dataclass(hint):
        return _struct(hint)  # type: ignore[arg-type]
    return hint  # str, int, float, None, a Literal


# Types made at run time, which a type checker cannot follow.


def _union(*kinds: Any) -> Any:
    return functools.reduce(operator.or_, kinds)


def _absent_or(kind: Any) -> Any:
    import msgspec

    return _union(kind, msgspec.UnsetType)


def _array(item: Any) -> Any:
    return list[item]
