"""The merged catalogue: records from the bundled file and the user's, checked as a whole."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .entries import Entries, FamilyFacts

if TYPE_CHECKING:
    from pathlib import Path

    from .records import Family, Hardware, Model, Source

BUNDLED_NAME = "<bundled>/models.yaml"
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
BUNDLED_FILE = os.path.join(DATA_DIR, "models.yaml")


class Catalog:
    """Every source, hardware profile, family and model, keyed by id, in file order.

    The cache holds what the solver and its answers read (``entries``, ``facts``,
    ``profiles``), which loads fast and needs neither the record classes nor dataclasses. The
    full records are cached apart, once a command reads them, and loaded only when one asks for
    them; if they are not in the cache, the files are read again.
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
        self._records: dict[str, dict[Any, Any]] | None = {
            "sources": sources if sources is not None else {},
            "hardware": hardware if hardware is not None else {},
            "families": families if families is not None else {},
            "models": models if models is not None else {},
            "origins": origins if origins is not None else {},
        }
        self._entries: Entries | None = None
        self._facts: dict[str, FamilyFacts] | None = None
        self._profiles: dict[str, dict[str, Any]] | None = None
        self.notices = notices if notices is not None else []
        self.files = files if files is not None else []
        # Set by ``load``: the files to read again, and the cache key, when records are wanted.
        self._origin: tuple[list[str], bool, str | None] | None = None
        # Set by ``load`` on a fresh build: the key to cache the records under once a command
        # reads them (a query that never does, never pays for pickling them).
        self._unsaved: str | None = None
        self._names: Any = None
        self._by_family: dict[str, list[Model]] | None = None

    @classmethod
    def answering(cls, shell: Catalog, entries: Entries) -> Catalog:
        """A catalogue that answers queries from ``entries`` and from ``shell``'s families and
        profiles; its records are read when a command asks for them, as for a cached one."""
        cat = cls(notices=shell.notices, files=shell.files)
        cat._records = None
        cat._entries, cat._facts, cat._profiles = entries, shell.facts, shell.profiles
        return cat

    def _group(self, name: str) -> dict[Any, Any]:
        if self._records is None:
            self._records = self._load_records()
        elif self._unsaved is not None:
            from . import cache

            key, self._unsaved = self._unsaved, None
            cache.write(key, self._records)
        return self._records[name]

    def _load_records(self) -> dict[str, dict[Any, Any]]:
        from . import cache

        assert self._origin is not None, "a catalogue without records must come from load()"
        files, bundled, cache_key = self._origin
        records_key = _records_key(cache_key)
        if records_key:
            with collector_paused():  # unpickling 10^6 records: none of them garbage
                cached = cache.read(records_key)
            if isinstance(cached, dict):
                return cached
        with collector_paused():
            fresh = _build(files, bundled)
        records = fresh._records or {}
        # The files may have changed since the cache was read: answer from what they hold now.
        self._entries, self._facts, self._profiles = fresh.entries, fresh.facts, fresh.profiles
        self.notices, self.files = fresh.notices, fresh.files
        if records_key:
            cache.write(records_key, records)
        return records

    @property
    def sources(self) -> dict[str, Source]:
        return self._group("sources")

    @property
    def hardware(self) -> dict[str, Hardware]:
        return self._group("hardware")

    @property
    def families(self) -> dict[str, Family]:
        return self._group("families")

    @property
    def models(self) -> dict[str, Model]:
        return self._group("models")

    @property
    def origins(self) -> dict[tuple[str, str], str]:
        """The file each record came from, by (group, id)."""
        return self._group("origins")

    @property
    def entries(self) -> Entries:
        """What the solver reads of every model, as columns (built once, then cached)."""
        if self._entries is None:
            self._entries = Entries.of(self.models.values())
        return self._entries

    @property
    def facts(self) -> dict[str, FamilyFacts]:
        """What the solver needs of each family, by family id."""
        if self._facts is None:
            self._facts = {k: FamilyFacts.of(f) for k, f in self.families.items()}
        return self._facts

    @property
    def profiles(self) -> dict[str, dict[str, Any]]:
        """Each hardware profile as the JSON shows it, by id."""
        if self._profiles is None:
            from ..export import hardware_dict

            self._profiles = {k: hardware_dict(h) for k, h in self.hardware.items()}
        return self._profiles

    def __getstate__(self) -> dict[str, Any]:
        unpickled = ("_names", "_records", "_unsaved", "_by_family")
        state = {k: v for k, v in self.__dict__.items() if k not in unpickled}
        state["_entries"] = self.entries
        state["_facts"] = self.facts
        state["_profiles"] = self.profiles
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._records = None
        self._unsaved = None
        self._names = None
        self._by_family = None

    # -- lookups -------------------------------------------------------------------------------
    def family_of(self, model: Model) -> Family:
        return self.families[model.family]

    def license_of(self, model: Model) -> str | None:
        return self.families[model.family].license

    def models_of(self, family_id: str) -> list[Model]:
        """The family's models in catalogue order (indexed once: commands ask for every
        family's, and a scan per family is quadratic on a large catalogue)."""
        if self._by_family is None:
            index: dict[str, list[Model]] = {}
            for model in self.models.values():
                index.setdefault(model.family, []).append(model)
            self._by_family = index
        return list(self._by_family.get(family_id, ()))

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
        if name in self.models:  # an exact id needs no name index
            return self.models[name]
        return self.names.model(name)  # type: ignore[no-any-return]

    def family(self, name: str) -> Family:
        if name in self.families:
            return self.families[name]
        return self.names.family(name)  # type: ignore[no-any-return]

    def profile(self, name: str) -> Hardware:
        if name in self.profiles:  # an exact id needs no name index
            return self.hardware[name]
        return self.names.hardware(name)  # type: ignore[no-any-return]

    def profile_id(self, name: str) -> str:
        """The id of a profile named any way; no record is loaded."""
        return name if name in self.profiles else self.names.hardware_id(name)

    def family_id(self, name: str) -> str:
        """The id of a family named any way; an exact id loads no records."""
        return name if name in self.facts else self.family(name).id

    def coverage(self, hardware_id: str) -> int:
        """How many models have a latency on this profile."""
        column = self.entries.latency.get(hardware_id, ())
        return sum(1 for ms in column if ms is not None)


def bundled_path() -> Path:
    from pathlib import Path

    return Path(BUNDLED_FILE)


def load(
    paths: Iterable[str | os.PathLike[str]] = (), *, bundled: bool = True, records: bool = True
) -> Catalog:
    """Load the bundled catalogue (unless ``bundled`` is false) and the given user files.

    A validated catalogue is cached (see ``cache``); a changed file is loaded afresh. A caller
    that reads no record (only ``entries``, ``facts`` and ``profiles``, as a query does) passes
    ``records=False``: a first load of large JSON files is then quicker (see ``quick``).
    """
    files = [os.fspath(p) for p in paths]
    everything = [BUNDLED_FILE, *files] if bundled else files
    with collector_paused():
        return _load(files, everything, bundled, records)


@contextmanager
def collector_paused() -> Iterator[None]:
    # Loading makes 10^6 objects for 10^5 models, none of them garbage: the cycle collector
    # would rescan them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _load(files: list[str], everything: list[str], bundled: bool, records: bool) -> Catalog:
    from . import cache

    cache_key = cache.key(everything) if cache.enabled() else None
    if cache_key is not None:
        cached = cache.read(cache_key)
        if isinstance(cached, Catalog):
            return cached
    from . import quick

    catalog = (None if records else quick.load(files, bundled)) or _build(files, bundled)
    catalog._origin = (files, bundled, cache_key)
    if cache_key is not None:
        cache.write(cache_key, catalog)
        if catalog._records is not None:  # a quick load has none: _load_records saves them
            catalog._unsaved = _records_key(cache_key)
    return catalog


def _records_key(cache_key: str | None) -> str | None:
    return cache_key and cache_key + "\nrecords"


def _build(files: list[str], bundled: bool) -> Catalog:
    from pathlib import Path

    from .build import build
    from .files import LoadedFile, load_file

    loaded: list[LoadedFile] = []
    if bundled:
        loaded.append(load_file(Path(BUNDLED_FILE), name=BUNDLED_NAME))
    loaded.extend(load_file(Path(p)) for p in files)
    return build(loaded)
