"""recommend and pareto on synthetic catalogues of 1k, 10k and 100k models.

First use (empty cache: parse, validate, cache) and repeated use, each the median of --repeat
runs, with peak memory:

    python benchmarks/scale.py [--sizes 1000 10000 100000] [--repeat 5] [--no-msgspec]

With msgspec installed (the fast extra) a first use loads JSON through it; --no-msgspec measures
the load without it.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from statistics import median

from _run import fresh_cache_env, median_run, pickdet_cmd, run_once, table
from make_catalog import build

from pickdet import extras


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-msgspec", action="store_true", help="as if msgspec were missing")
    args = parser.parse_args()
    if args.no_msgspec:
        os.environ["PICKDET_NO_MSGSPEC"] = "1"
    print(f"msgspec: {'used' if extras.msgspec() else 'not used'}")
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
            cache = work / f"cache-{n}-{i}"
            firsts = [run_once(full, fresh_cache_env(cache)) for _ in range(args.repeat)]
            first, first_mem = median(r[0] for r in firsts), max(r[1] for r in firsts)
            code = max(r[2] for r in firsts)
            # The last first use left the cache warm.
            again, again_mem = median_run(
                full, args.repeat, {**os.environ, "PICKDET_CACHE_DIR": str(cache)}
            )
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
    print(
        table(
            ["models", "command", "first use (median)", "repeated (median)", "peak RSS", "exit"],
            rows,
        )
    )


if __name__ == "__main__":
    main()
