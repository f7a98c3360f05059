"""The Pareto routine alone against the paretoset package (benchmark-only dependency).

Random points as a numpy array (both get the same input), all objectives minimised; paretoset
is called once before timing so its JIT compilation is not counted. Checks both return the
same set:

    pip install paretoset
    python benchmarks/pareto_bench.py
"""

from __future__ import annotations

import argparse
import random
import time

from _run import table

from pickdet.pareto import front


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--dims", type=int, nargs="+", default=[2, 3])
    args = parser.parse_args()
    import numpy as np
    from paretoset import paretoset

    paretoset(np.random.default_rng(0).random((100, 2)), sense=["min", "min"])  # compile first
    rows = []
    for dims in args.dims:
        for n in args.sizes:
            if dims > 2 and n > 100_000:
                continue  # the k-D method is for the catalogue's sizes, not for 10^6 points
            rng = random.Random(n + dims)
            array = np.array([[rng.random() for _ in range(dims)] for _ in range(n)])
            start = time.perf_counter()
            ours = front(array)
            t_ours = time.perf_counter() - start
            start = time.perf_counter()
            mask = paretoset(array, sense=["min"] * dims, distinct=False)
            t_theirs = time.perf_counter() - start
            same = sorted(np.nonzero(mask)[0].tolist()) == ours
            rows.append(
                [
                    f"{dims}-D",
                    f"{n:,}",
                    f"{len(ours)}",
                    f"{t_ours:.3f} s",
                    f"{t_theirs:.3f} s",
                    f"{t_theirs / t_ours:.1f}x",
                    "yes" if same else "NO",
                ]
            )
    print(table(["dims", "points", "front", "pickdet", "paretoset", "speed-up", "same set"], rows))


if __name__ == "__main__":
    main()
