"""pickdet: pick a real-time object detector from a sourced catalogue of benchmark figures.

The library is usable on its own::

    import pickdet
    cat = pickdet.load_catalog()
    cat.model("yolov7-l").latency_on("t4-trt10-fp16").ms   # 6.84
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .catalog import Catalog


def load_catalog(*paths: Any, bundled: bool = True) -> Catalog:
    """The bundled catalogue merged with any user catalogue files given."""
    from .catalog import load

    return load(paths, bundled=bundled)


__all__ = ["__version__", "load_catalog"]
