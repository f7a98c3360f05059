"""The optional speed-ups of the ``fast`` extra (``pip install 'pickdet[fast]'``), each used only
where it is installed. Neither changes an answer; PICKDET_NO_MSGSPEC=1 rules msgspec out, to
compare or to rule out a doubt."""

from __future__ import annotations

import os
from typing import Any


def numpy() -> Any | None:
    """numpy, for Pareto fronts of many points; None where it is not installed."""
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def msgspec() -> Any | None:
    """msgspec, for loading large JSON catalogues and writing large JSON answers; None where it
    is not installed or PICKDET_NO_MSGSPEC is set."""
    if os.environ.get("PICKDET_NO_MSGSPEC", "") not in ("", "0"):
        return None
    try:
        import msgspec
    except ImportError:
        return None
    return msgspec
