"""A cache of the validated catalogue, so repeated runs skip parsing and validation.

Keyed by pickdet's version and each file's path, size and modification time: editing a file,
or upgrading pickdet, invalidates it. Any problem reading or writing the cache falls back to a
full load; the cache can never change an answer. Set PICKDET_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FORMAT = 2  # bump whenever what is pickled changes shape


def cache_dir() -> Path:
    explicit = os.environ.get("PICKDET_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pickdet"


def enabled() -> bool:
    return os.environ.get("PICKDET_NO_CACHE", "") in ("", "0")


def key(paths: Sequence[Path]) -> str | None:
    """A key for these files as they are now; None if one cannot be stat'ed."""
    from .. import __version__

    parts: list[str] = [__version__, str(FORMAT)]
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            return None
        parts.append(f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def read(cache_key: str) -> Any | None:
    try:
        with open(cache_dir() / f"catalog-{cache_key}.pickle", "rb") as fh:
            return pickle.load(fh)
    except Exception:
        return None


def write(cache_key: str, value: Any) -> None:
    """Write atomically (temp file + rename): a reader never sees half a file."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"catalog-{cache_key}.pickle")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:
        return
