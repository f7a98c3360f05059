"""A cache of the validated catalogue, so repeated runs skip parsing and validation.

Keyed by pickdet's version and each file's path, size and modification time: editing a file,
or upgrading pickdet, invalidates it. The full key is stored in the file and compared on read,
so a clash of the short name can only cost a reload. Any problem reading or writing the cache
falls back to a full load; the cache can never change an answer. Set PICKDET_NO_CACHE=1 to
bypass it.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Sequence
from typing import Any

FORMAT = 4  # bump whenever what is pickled changes shape


def cache_dir() -> str:
    explicit = os.environ.get("PICKDET_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pickdet")


def enabled() -> bool:
    return os.environ.get("PICKDET_NO_CACHE", "") in ("", "0")


def key(paths: Sequence[str | os.PathLike[str]]) -> str | None:
    """A key for these files as they are now; None if one cannot be stat'ed."""
    from .. import __version__

    parts: list[str] = [__version__, str(FORMAT)]
    for p in paths:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            return None
        parts.append(f"{os.path.realpath(p)}|{st.st_size}|{st.st_mtime_ns}")
    return "\n".join(parts)


def _file(cache_key: str) -> str:
    # Not a security boundary: the full key inside the file is what is trusted.
    return os.path.join(cache_dir(), f"catalog-{zlib.crc32(cache_key.encode()):08x}.pickle")


def read(cache_key: str) -> Any | None:
    try:
        with open(_file(cache_key), "rb") as fh:
            stored_key, value = pickle.load(fh)
    except Exception:
        return None
    return value if stored_key == cache_key else None


def write(cache_key: str, value: Any) -> None:
    """Write atomically (temp file + rename): a reader never sees half a file."""
    import tempfile

    try:
        folder = cache_dir()
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((cache_key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, _file(cache_key))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:
        return
