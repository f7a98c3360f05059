"""pickdet: pick a real-time object detector from a sourced catalogue of benchmark figures.

The library is usable on its own::

    import pickdet

    catalog = pickdet.load_catalog()
    result = pickdet.recommend(catalog, pickdet.Query(max_ms=7, min_accuracy=50))
    best = result.candidates[0]
    print(best.model.id, best.accuracy, best.latency_ms, best.pareto_optimal)

Names are imported on first use, so ``import pickdet`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .catalog import Catalog
    from .compare import compare_families, compare_models
    from .pareto import front
    from .solver import Query, Result, frontier, recommend

_LAZY = {
    "Query": "solver",
    "Result": "solver",
    "recommend": "solver",
    "frontier": "solver",
    "front": "pareto",
    "compare_families": "compare",
    "compare_models": "compare",
    "Catalog": "catalog",
}


def load_catalog(*paths: Any, bundled: bool = True) -> Catalog:
    """The bundled catalogue merged with any user catalogue files given (later files win)."""
    from .catalog import load

    return load(paths, bundled=bundled)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'pickdet' has no attribute {name!r}")


__all__ = [
    "Catalog",
    "Query",
    "Result",
    "__version__",
    "compare_families",
    "compare_models",
    "front",
    "frontier",
    "load_catalog",
    "recommend",
]
