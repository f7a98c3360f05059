"""Shared helpers: run a command in a fresh process, report wall time and peak memory."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

_PROBE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " r.returncode)\n"
)


def pickdet_cmd() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m pickdet``."""
    script = Path(sys.executable).with_name("pickdet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pickdet"]


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB and exit code of one run of ``cmd``."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *cmd], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def median_run(
    cmd: list[str], repeat: int, env: dict[str, str] | None = None
) -> tuple[float, float]:
    runs = [run_once(cmd, env) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def fresh_cache_env(folder: Path) -> dict[str, str]:
    shutil.rmtree(folder, ignore_errors=True)
    return {**os.environ, "PICKDET_CACHE_DIR": str(folder)}


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("-|-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)
