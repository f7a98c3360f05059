"""How long pickdet takes to answer, against the cost of naively importing its stack.

Median wall time over repeated runs (cache warm), each in a fresh process:

    python benchmarks/startup.py [--repeat 21]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _run import fresh_cache_env, median_run, pickdet_cmd, run_once, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    env = fresh_cache_env(Path(tempfile.mkdtemp()) / "cache")
    pickdet = pickdet_cmd()
    cases = [
        (
            "python -c 'import typer, rich.table, pydantic, yaml' (baseline)",
            [sys.executable, "-c", "import typer, rich.table, pydantic, yaml"],
        ),
        (
            "pickdet recommend --max-ms 7 --min-map 50 --json",
            [*pickdet, "recommend", "--max-ms", "7", "--min-map", "50", "--json"],
        ),
        (
            "pickdet recommend --max-ms 7 --min-map 50 (table)",
            [*pickdet, "recommend", "--max-ms", "7", "--min-map", "50"],
        ),
        ("pickdet pareto (table and chart)", [*pickdet, "pareto"]),
    ]
    run_once(cases[1][1], env)  # fill the catalogue cache, as any first use does
    results = [(label, *median_run(cmd, args.repeat, env)) for label, cmd in cases]
    base = results[0][1]
    rows = [
        [label, f"{t * 1000:.0f} ms", f"{t / base:.2f}x", f"{mem:.0f} MB"]
        for label, t, mem in results
    ]
    print(f"median of {args.repeat} runs, Python {sys.version.split()[0]}")
    print(table(["command", "median", "vs baseline", "peak RSS"], rows))


if __name__ == "__main__":
    main()
