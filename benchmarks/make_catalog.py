"""Write a valid synthetic pickdet catalogue of N models, for scale benchmarks.

The spread imitates the real field: families of 3-8 sizes, mostly detection with segmentation,
pose, OBB and classification siblings, a dozen hardware profiles with 1-4 latencies per model
(some as FPS), params and FLOPs growing with size, accuracy rising with diminishing returns.

    python benchmarks/make_catalog.py --models 100000 --out /tmp/cat100k.json
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path
from typing import Any

TASK_METRICS = {
    "detect": [("map50_95", "coco", 0.0), ("map50", "coco", 17.0)],
    "segment": [("map50_95", "coco", 0.0), ("mask_map50_95", "coco", -3.5)],
    "pose": [("pose_map50_95", "coco", 8.0), ("pose_map50", "coco", 30.0)],
    "obb": [("map50", "dota-v1", 28.0)],
    "classify": [("top1", "imagenet", 28.0), ("top5", "imagenet", 42.0)],
}
TASK_WEIGHTS = [("detect", 0.7), ("segment", 0.1), ("pose", 0.1), ("obb", 0.05), ("classify", 0.05)]
SIZES = ["n", "s", "m", "b", "l", "x", "xl", "2xl"]
LICENSES = ["Apache-2.0", "MIT", "GPL-3.0", "AGPL-3.0", "BSD-3-Clause", None]
DEVICES = [
    ("gpu", "NVIDIA T4"),
    ("gpu", "NVIDIA A100"),
    ("gpu", "NVIDIA H100"),
    ("gpu", "RTX 4090"),
    ("edge", "Jetson Orin"),
    ("edge", "Jetson Xavier NX"),
    ("cpu", "Intel Xeon 8375C"),
    ("cpu", "AMD EPYC 7763"),
    ("cpu", "Apple M2"),
    ("npu", "Hailo-8"),
    ("edge", "Raspberry Pi 5"),
    ("gpu", "NVIDIA L4"),
]
DEVICE_SPEED = [1.0, 0.35, 0.2, 0.3, 2.5, 5.0, 12.0, 10.0, 8.0, 3.0, 60.0, 0.8]


def build(models: int, seed: int = 0) -> dict[str, Any]:
    rng = random.Random(seed)
    sources = [
        {
            "id": f"src-{i}",
            "title": f"Synthetic source {i}",
            "url": f"https://example.com/{i}",
            "kind": "measurement",
            "accessed": "2026-11-23",
        }
        for i in range(20)
    ]
    hardware = []
    for i, (kind, device) in enumerate(DEVICES):
        precision = "int8" if kind == "npu" else ("fp32" if kind == "cpu" else "fp16")
        hardware.append(
            {
                "id": f"hw-{i}",
                "name": f"{device} {precision}",
                "device": device,
                "device_kind": kind,
                "runtime": "TensorRT" if kind != "cpu" else "ONNX Runtime",
                "precision": precision,
                "batch": 1,
                "includes_nms": rng.choice([True, False, None]),
                "source": f"src-{i % 20}",
            }
        )
    families: list[dict[str, Any]] = []
    out_models: list[dict[str, Any]] = []
    f = 0
    while len(out_models) < models:
        fid = f"fam{f}"
        year = rng.randint(2016, 2026)
        families.append(
            {
                "id": fid,
                "name": f"Fam{f}",
                "license": rng.choice(LICENSES),
                "released": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "architecture": rng.choice(["cnn", "transformer", "hybrid"]),
                "nms_free": rng.choice([True, False, None]),
                "sources": [f"src-{f % 20}"],
            }
        )
        quality = rng.uniform(-6, 4) + (year - 2016) * 0.8
        tasks = [t for t, w in TASK_WEIGHTS if t == "detect" or rng.random() < w * 4]
        n_sizes = rng.randint(3, 8)
        for task in tasks:
            for s, size in enumerate(SIZES[:n_sizes]):
                if len(out_models) >= models:
                    break
                scale = 2.0**s
                params = round(2.5 * scale * rng.uniform(0.8, 1.2), 1)
                flops = round(params * rng.uniform(2.2, 3.4), 1)
                base = 33 + quality + 6 * math.log2(1 + s) + rng.uniform(-1, 1)
                accuracy = []
                for metric, dataset, offset in TASK_METRICS[task]:
                    value = round(min(99.0, max(5.0, base + offset)), 1)
                    accuracy.append(
                        {
                            "metric": metric,
                            "dataset": dataset,
                            "split": "val2017" if dataset == "coco" else "val",
                            "value": value,
                        }
                    )
                latency = []
                for h in rng.sample(range(len(DEVICES)), rng.randint(1, 4)):
                    ms = round(0.9 * scale**0.8 * DEVICE_SPEED[h] * rng.uniform(0.85, 1.15), 2)
                    if rng.random() < 0.2:
                        latency.append({"hardware": f"hw-{h}", "fps": max(1, round(1000 / ms))})
                    else:
                        latency.append({"hardware": f"hw-{h}", "ms": ms})
                suffix = {
                    "detect": "",
                    "segment": "-seg",
                    "pose": "-pose",
                    "obb": "-obb",
                    "classify": "-cls",
                }[task]
                out_models.append(
                    {
                        "id": f"{fid}-{size}{suffix}",
                        "family": fid,
                        "variant": size,
                        "task": task,
                        "input_size": 224
                        if task == "classify"
                        else rng.choice([640, 640, 640, 1280]),
                        "source": f"src-{rng.randrange(20)}",
                        "params_m": params,
                        "flops_g": flops,
                        "accuracy": accuracy,
                        "latency": latency,
                    }
                )
        f += 1
    return {
        "schema_version": 1,
        "sources": sources,
        "hardware": hardware,
        "families": families,
        "models": out_models,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    data = build(args.models, args.seed)
    if args.out.suffix in (".yaml", ".yml"):
        import yaml

        args.out.write_text(yaml.safe_dump(data, sort_keys=False))
    else:
        args.out.write_text(json.dumps(data))
    print(
        f"wrote {len(data['models'])} models, {len(data['families'])} families, "
        f"{len(data['hardware'])} profiles to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
