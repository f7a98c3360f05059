"""Shell completion of model, family and hardware profile names (from the cached catalogue)."""

from __future__ import annotations

from collections.abc import Iterable


def _matching(names: Iterable[str], incomplete: str) -> list[str]:
    start = incomplete.lower()
    return sorted(n for n in names if n.lower().startswith(start))


def _catalog() -> object | None:
    from .catalog import load

    try:
        return load()
    except Exception:  # completion must never fail the shell
        return None


def models(incomplete: str) -> list[str]:
    cat = _catalog()
    return _matching(getattr(cat, "models", {}), incomplete) if cat else []


def families(incomplete: str) -> list[str]:
    cat = _catalog()
    return _matching(getattr(cat, "families", {}), incomplete) if cat else []


def hardware(incomplete: str) -> list[str]:
    cat = _catalog()
    return _matching(getattr(cat, "hardware", {}), incomplete) if cat else []


def models_or_families(incomplete: str) -> list[str]:
    return sorted({*families(incomplete), *models(incomplete)})
