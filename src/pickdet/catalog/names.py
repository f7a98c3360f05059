"""Names as people type them: case, dashes, spaces and size words do not matter."""

from __future__ import annotations

import re
from difflib import get_close_matches
from functools import cache, cached_property
from typing import TYPE_CHECKING

from ..errors import UnknownNameError
from .catalog import collector_paused
from .records import Family, Hardware, Model

if TYPE_CHECKING:
    from .catalog import Catalog

_SEPARATORS = re.compile(r"[\s_\-./+()]+")
# Size words and the letters families use for them ("DAMO-YOLO-Tiny" is DAMO-YOLO-T).
SIZE_WORDS = {
    "nano": "n",
    "tiny": "t",
    "small": "s",
    "medium": "m",
    "base": "b",
    "large": "l",
    "xlarge": "x",
    "extralarge": "x",
    "huge": "h",
}
_TASK_WORDS = {"segment": "seg", "classify": "cls", "pose": "pose", "obb": "obb", "detect": ""}


def normalise(name: str) -> str:
    """Lower-case and strip separators: ``RT-DETRv2-S`` -> ``rtdetrv2s``."""
    return _SEPARATORS.sub("", name.lower())


@cache  # a catalogue has a few distinct variants ("n", "s", ...) across all its models
def _variant_spellings(variant: str) -> frozenset[str]:
    v = normalise(variant)
    return frozenset({v, *(word for word, letter in SIZE_WORDS.items() if letter == v)})


class NameIndex:
    """Normalised spellings of every model, family and hardware profile.

    Each table is built the first time it is asked: the models' takes seconds on a catalogue of
    10^5 models, and a profile's or a family's name never needs it.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._family_prefixes: dict[str, frozenset[str]] = {}

    @cached_property
    def _hardware(self) -> dict[str, set[str]]:
        table: dict[str, set[str]] = {}
        for hw_id in self.catalog.profiles:  # cached beside the solver's columns: no records
            table.setdefault(normalise(hw_id), set()).add(hw_id)
        return table

    @cached_property
    def _families(self) -> dict[str, set[str]]:
        table: dict[str, set[str]] = {}
        for fam in self.catalog.families.values():
            for spelling in (fam.id, fam.name, *fam.aliases):
                table.setdefault(normalise(spelling), set()).add(fam.id)
        return table

    @cached_property
    def _models(self) -> dict[str, set[str]]:
        # Spellings a model declares (id, name, aliases) win over those derived from its family's
        # names and its variant; a derived spelling that two models share resolves to neither.
        table: dict[str, set[str]] = {}
        derived: dict[str, set[str]] = {}
        models = self.catalog.models.values()
        with collector_paused():  # a few sets per model, none of them garbage
            for model in models:
                for key in self._declared_keys(model):
                    table.setdefault(key, set()).add(model.id)
                for key in self._derived_keys(model):
                    derived.setdefault(key, set()).add(model.id)
        for key, ids in derived.items():
            if key not in table and len(ids) == 1:
                table[key] = ids
        return table

    @staticmethod
    def _declared_keys(model: Model) -> set[str]:
        keys = {normalise(model.id), *(normalise(a) for a in model.aliases)}
        if model.name:
            keys.add(normalise(model.name))
        return keys

    def _derived_keys(self, model: Model) -> set[str]:
        suffix = _TASK_WORDS.get(model.task, "") + (
            "obj365" if model.pretrain == "objects365" else ""
        )
        variants = _variant_spellings(model.variant)
        return {p + v + suffix for p in self._prefixes(model.family) for v in variants}

    def _prefixes(self, family_id: str) -> frozenset[str]:
        """The family's id, name and aliases, normalised (once per family, not per model)."""
        known = self._family_prefixes.get(family_id)
        if known is None:
            fam = self.catalog.families.get(family_id)
            names = (family_id, fam.name, *fam.aliases) if fam is not None else (family_id,)
            known = self._family_prefixes[family_id] = frozenset(normalise(n) for n in names)
        return known

    @staticmethod
    def _lookup(table: dict[str, set[str]], name: str, what: str, plural: str) -> str:
        key = normalise(name)
        hits = table.get(key, set())
        if len(hits) == 1:
            return next(iter(hits))
        if len(hits) > 1:
            choices = tuple(sorted(hits))
            raise UnknownNameError(
                f"{name!r} matches several {plural}: {', '.join(choices)}", choices
            )
        close = get_close_matches(key, list(table), n=4, cutoff=0.6)
        ids = tuple(dict.fromkeys(sorted(table[c])[0] for c in close))
        hint = f"; did you mean {', '.join(ids)}?" if ids else ""
        raise UnknownNameError(f"unknown {what} {name!r}{hint}", ids)

    def model(self, name: str) -> Model:
        key = normalise(name)
        if key not in self._models and key in self._families:
            fam = next(iter(self._families[key]))
            choices = tuple(m.id for m in self.catalog.models_of(fam))
            raise UnknownNameError(
                f"{name!r} is a family; pick one of its models: {', '.join(choices)}", choices
            )
        return self.catalog.models[self._lookup(self._models, name, "model", "models")]

    def family(self, name: str) -> Family:
        return self.catalog.families[self._lookup(self._families, name, "family", "families")]

    def hardware_id(self, name: str) -> str:
        """The profile's id (from the cached profiles: no record is loaded)."""
        return self._lookup(self._hardware, name, "hardware profile", "hardware profiles")

    def hardware(self, name: str) -> Hardware:
        return self.catalog.hardware[self.hardware_id(name)]

    def is_family(self, name: str) -> bool:
        return normalise(name) in self._families

    def is_model(self, name: str) -> bool:
        return normalise(name) in self._models

    def conflicts(self) -> dict[str, set[str]]:
        """Spellings that resolve to more than one model (an audit finding)."""
        return {k: v for k, v in self._models.items() if len(v) > 1}
