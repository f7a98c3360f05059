"""The catalogue: records, loading and validation, merging, and name resolution."""

from .catalog import Catalog, bundled_path, load
from .records import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Catalog", "bundled_path", "load"]
