"""How good are --estimate's latency estimates on the real catalogue? Leave-one-out.

For each profile, every model with a figure there is hidden in turn and estimated from the
others (a log-log fit on the reference profile sharing most models, else FLOPs); the table gives
the median and 90th-percentile absolute error against the published figure:

    python benchmarks/estimate_error.py
"""

from __future__ import annotations

import statistics

from _run import table

import pickdet
from pickdet.estimate import estimates


def main() -> None:
    catalog = pickdet.load_catalog()
    entries = catalog.entries
    rows = []
    for hw in sorted(catalog.hardware):
        have = [e for e in entries if hw in e.latency]
        if len(have) < 6:
            continue
        errors = []
        for hidden in have:
            rest = [e for e in entries if e.id != hidden.id]
            probe = hidden._replace(latency={k: v for k, v in hidden.latency.items() if k != hw})
            guess = estimates([*rest, probe], hw).get(hidden.id)
            if guess is not None:
                true = hidden.latency[hw][0]
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
