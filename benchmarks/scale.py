"""recommend and pareto on synthetic catalogues of 1k, 10k and 100k models.

First use (empty cache: parse, validate, cache) and repeated use (median), with peak memory:

    python benchmarks/scale.py [--sizes 1000 10000 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _run import fresh_cache_env, median_run, pickdet_cmd, run_once, table
from make_catalog import build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    rows = []
    for n in args.sizes:
        path = work / f"catalog-{n}.json"
        path.write_text(json.dumps(build(n)))
        base = [*pickdet_cmd(), "--catalog", str(path), "--no-bundled", "--hardware", "hw-0"]
        commands = {
            "recommend --json": [
                "recommend",
                *base[1:],
                "--max-ms",
                "7",
                "--min-map",
                "50",
                "--json",
            ],
            "recommend (table)": ["recommend", *base[1:], "--max-ms", "7", "--min-map", "50"],
            "pareto --json": ["pareto", *base[1:], "--json"],
        }
        for i, (label, cmd) in enumerate(commands.items()):
            full = [base[0], *cmd]
            env = fresh_cache_env(work / f"cache-{n}-{i}")  # each first use starts cold
            first, first_mem, code = run_once(full, env)
            again, again_mem = median_run(full, args.repeat, env)
            rows.append(
                [
                    f"{n:,}",
                    label,
                    f"{first:.2f} s",
                    f"{again:.2f} s",
                    f"{max(first_mem, again_mem):.0f} MB",
                    str(code),
                ]
            )
    print(table(["models", "command", "first use", "repeated (median)", "peak RSS", "exit"], rows))


if __name__ == "__main__":
    main()
