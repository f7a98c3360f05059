"""How good are --estimate's latency estimates on the real catalogue? Leave-one-out.

For each profile, every model with a figure there is hidden in turn and estimated from the
others (a log-log fit on the reference profile sharing most models, else FLOPs); the table gives
the median and 90th-percentile absolute error against the published figure:

    python benchmarks/estimate_error.py
"""

from __future__ import annotations

import copy
import statistics

from _run import table

import pickdet
from pickdet.estimate import estimates


def main() -> None:
    catalog = pickdet.load_catalog()
    entries = catalog.entries
    rows = []
    for hw in sorted(catalog.hardware):
        column = entries.latency.get(hw, [])
        have = [i for i, ms in enumerate(column) if ms is not None]
        if len(have) < 6:
            continue
        errors = []
        for hidden in have:
            # The same columns with this one figure hidden.
            probe = copy.copy(entries)
            probe.latency = {**entries.latency, hw: [*column[:hidden], None, *column[hidden + 1 :]]}
            guess = estimates(probe, hw).get(entries.id[hidden])
            if guess is not None:
                true = column[hidden]
                errors.append(abs(guess.ms - true) / true * 100)
        if errors:
            errors.sort()
            p90 = errors[min(len(errors) - 1, int(0.9 * len(errors)))]
            rows.append(
                [
                    hw,
                    str(len(have)),
                    str(len(errors)),
                    f"{statistics.median(errors):.0f}%",
                    f"{p90:.0f}%",
                ]
            )
    print(table(["profile", "models", "estimated", "median |error|", "p90 |error|"], rows))


if __name__ == "__main__":
    main()
