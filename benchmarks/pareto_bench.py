"""The Pareto routine alone against the paretoset package (benchmark-only dependency).

Random points as a numpy array (both get the same input), all objectives minimised; paretoset
is called once before timing so its JIT compilation is not counted. Best of --repeat runs each.
Checks both return the same set:

    pip install paretoset
    python benchmarks/pareto_bench.py
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from _run import table

from pickdet.pareto import front


def best_of(repeat: int, call: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = call(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--dims", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs each")
    args = parser.parse_args()
    import numpy as np
    from paretoset import paretoset

    paretoset(np.random.default_rng(0).random((100, 2)), sense=["min", "min"])  # compile first
    rows = []
    for dims in args.dims:
        for n in args.sizes:
            rng = random.Random(n + dims)
            array = np.array([[rng.random() for _ in range(dims)] for _ in range(n)])
            t_ours, ours = best_of(args.repeat, front, array)
            t_theirs, mask = best_of(
                args.repeat, paretoset, array, sense=["min"] * dims, distinct=False
            )
            same = sorted(np.nonzero(mask)[0].tolist()) == ours
            rows.append(
                [
                    f"{dims}-D",
                    f"{n:,}",
                    f"{len(ours)}",
                    f"{t_ours * 1000:.2f} ms",
                    f"{t_theirs * 1000:.2f} ms",
                    f"{t_theirs / t_ours:.1f}x",
                    "yes" if same else "NO",
                ]
            )
    print(table(["dims", "points", "front", "pickdet", "paretoset", "speed-up", "same set"], rows))


if __name__ == "__main__":
    main()
