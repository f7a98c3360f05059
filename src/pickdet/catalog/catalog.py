"""The merged catalogue: records from the bundled file and the user's, checked as a whole."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .entries import Entry, FamilyFacts, entry

if TYPE_CHECKING:
    from pathlib import Path

    from .records import Family, Hardware, Model, Source

BUNDLED_NAME = "<bundled>/models.yaml"
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
BUNDLED_FILE = os.path.join(DATA_DIR, "models.yaml")


class Catalog:
    """Every source, hardware profile, family and model, keyed by id, in file order.

    Pickled (for the cache) with its records as one blob that is unpickled only when a command
    asks for them. The solver and its answers read ``entries``, ``facts`` and ``profiles``, which
    load fast and need neither the record classes nor dataclasses imported.
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
        self._records: dict[str, dict[str, Any]] | None = {
            "sources": sources if sources is not None else {},
            "hardware": hardware if hardware is not None else {},
            "families": families if families is not None else {},
            "models": models if models is not None else {},
        }
        self._records_blob: bytes | None = None
        self._entries: list[Entry] | None = None
        self._facts: dict[str, FamilyFacts] | None = None
        self._profiles: dict[str, dict[str, Any]] | None = None
        self.origins = origins if origins is not None else {}
        self.notices = notices if notices is not None else []
        self.files = files if files is not None else []
        self._names: Any = None

    def _group(self, name: str) -> dict[str, Any]:
        if self._records is None:
            import pickle

            self._records = pickle.loads(self._records_blob or b"")
            self._records_blob = None
        return self._records[name]

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
    def entries(self) -> list[Entry]:
        """One small record per model with what the solver reads (built once, then cached)."""
        if self._entries is None:
            self._entries = [entry(m) for m in self.models.values()]
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
        import pickle

        state = {k: v for k, v in self.__dict__.items() if k not in ("_names", "_records")}
        state["_entries"] = self.entries
        state["_facts"] = self.facts
        state["_profiles"] = self.profiles
        if self._records is not None:
            state["_records_blob"] = pickle.dumps(self._records, protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._records = None
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

    def profile_id(self, name: str) -> str:
        """The id of a profile named any way; an exact id loads no records."""
        return name if name in self.profiles else self.profile(name).id

    def family_id(self, name: str) -> str:
        """The id of a family named any way; an exact id loads no records."""
        return name if name in self.facts else self.family(name).id

    def coverage(self, hardware_id: str) -> int:
        return sum(1 for e in self.entries if hardware_id in e.latency)


def bundled_path() -> Path:
    from pathlib import Path

    return Path(BUNDLED_FILE)


def load(paths: Iterable[str | os.PathLike[str]] = (), *, bundled: bool = True) -> Catalog:
    """Load the bundled catalogue (unless ``bundled`` is false) and the given user files.

    A validated catalogue is cached (see ``cache``); a changed file is loaded afresh.
    """
    files = [os.fspath(p) for p in paths]
    everything = [BUNDLED_FILE, *files] if bundled else files
    # Loading makes 10^6 objects for 10^5 models, none of them garbage: the cycle collector
    # would rescan them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(files, everything, bundled)
    finally:
        if collecting:
            gc.enable()


def _load(files: list[str], everything: list[str], bundled: bool) -> Catalog:
    from . import cache

    cache_key = cache.key(everything) if cache.enabled() else None
    if cache_key is not None:
        cached = cache.read(cache_key)
        if isinstance(cached, Catalog):
            return cached
    from pathlib import Path

    from .build import build
    from .files import LoadedFile, load_file

    loaded: list[LoadedFile] = []
    if bundled:
        loaded.append(load_file(Path(BUNDLED_FILE), name=BUNDLED_NAME))
    loaded.extend(load_file(Path(p)) for p in files)
    catalog = build(loaded)
    del loaded  # the files' text: not needed while the cache is written
    if cache_key is not None:
        cache.write(cache_key, catalog)
    return catalog
