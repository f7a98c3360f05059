"""Every path into parsed data, for tests that damage or locate its parts."""

from __future__ import annotations

from typing import Any


def every_path(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """``prefix`` and the path of every key and index below it, depth first."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += every_path(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += every_path(value, (*prefix, i))
    return out
