"""The catalogue: records, loading and validation, merging, and name resolution."""

SCHEMA_VERSION = 1  # of catalogue files and of the JSON pickdet prints

from .catalog import Catalog, bundled_path, load  # noqa: E402

__all__ = ["SCHEMA_VERSION", "Catalog", "bundled_path", "load"]
