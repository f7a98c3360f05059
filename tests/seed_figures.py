"""Every figure in the tables of the documents pickdet starts from, as those tables print them.

(model id, figure key, value, source id). Figure keys: params_m, flops_g, input_size, epochs,
an accuracy metric, or latency:<hardware>/ms and latency:<hardware>/fps.
"""

from __future__ import annotations

CMP_V7_V2 = "ultralytics-compare-yolov7-vs-rtdetrv2"
CMP_DAMO_V7 = "ultralytics-compare-damo-yolo-vs-yolov7"
CMP_DAMO_V2 = "ultralytics-compare-damo-yolo-vs-rtdetrv2"
CMP_V7_DAMO = "ultralytics-compare-yolov7-vs-damo-yolo"
CARD = "rtdetr-r50vd-model-card"
T4 = "latency:t4-trt10-fp16/ms"
RT_FPS = "latency:rtdetr-paper-t4-trt-fp16/fps"

SEED_FIGURES: list[tuple[str, str, float | int, str]] = []


# Full tables: YOLOv7 vs DAMO-YOLO and DAMO-YOLO vs RTDETRv2 (size, mAP50-95, T4 ms, params, FLOPs).
for mid, m, ms, p, f in [
    ("yolov7-l", 51.4, 6.84, 36.9, 104.7),
    ("yolov7-x", 53.1, 11.57, 71.3, 189.9),
]:
    SEED_FIGURES += [
        (mid, "input_size", 640, CMP_V7_DAMO),
        (mid, "map50_95", m, CMP_V7_DAMO),
        (mid, T4, ms, CMP_V7_DAMO),
        (mid, "params_m", p, CMP_V7_DAMO),
        (mid, "flops_g", f, CMP_V7_DAMO),
    ]
    # The variant-aligned page labels the same figure "mAP val 50": it is still mAP50-95.
    SEED_FIGURES += [(mid, "map50_95", m, CMP_V7_V2), (mid, T4, ms, CMP_V7_V2)]

for mid, m, ms, p, f in [
    ("damo-yolo-t", 42.0, 2.32, 8.5, 18.1),
    ("damo-yolo-s", 46.0, 3.45, 16.3, 37.8),
    ("damo-yolo-m", 49.2, 5.09, 28.2, 61.8),
    ("damo-yolo-l", 50.8, 7.18, 42.1, 97.3),
]:
    for src in (CMP_DAMO_V2, CMP_V7_DAMO):
        SEED_FIGURES += [
            (mid, "input_size", 640, src),
            (mid, "map50_95", m, src),
            (mid, T4, ms, src),
            (mid, "params_m", p, src),
            (mid, "flops_g", f, src),
        ]
    # DAMO-YOLO vs YOLOv7 calls the smallest variant "n": it is DAMO-YOLO-T.
    SEED_FIGURES += [(mid, "map50_95", m, CMP_DAMO_V7), (mid, T4, ms, CMP_DAMO_V7)]

for mid, m, ms, p, f in [
    ("rtdetrv2-s", 48.1, 5.03, 20, 60),
    ("rtdetrv2-m", 51.9, 7.51, 36, 100),
    ("rtdetrv2-l", 53.4, 9.76, 42, 136),
    ("rtdetrv2-x", 54.3, 15.03, 76, 259),
]:
    SEED_FIGURES += [
        (mid, "input_size", 640, CMP_DAMO_V2),
        (mid, "map50_95", m, CMP_DAMO_V2),
        (mid, T4, ms, CMP_DAMO_V2),
        (mid, "params_m", p, CMP_DAMO_V2),
        (mid, "flops_g", f, CMP_DAMO_V2),
    ]
    SEED_FIGURES += [(mid, "map50_95", m, CMP_V7_V2), (mid, T4, ms, CMP_V7_V2)]

# The RT-DETR model card: epochs, params, GFLOPs, FPS (bs=1, T4), AP, AP50, AP75, AP-s/m/l.
_RT_COLS = (
    "epochs",
    "params_m",
    "flops_g",
    RT_FPS,
    "map50_95",
    "map50",
    "map75",
    "map_small",
    "map_medium",
    "map_large",
)
for mid, values in [
    ("rtdetr-r18", (72, 20, 60.7, 217, 46.5, 63.8, 50.4, 28.4, 49.8, 63.0)),
    ("rtdetr-r34", (72, 31, 91.0, 172, 48.5, 66.2, 52.3, 30.2, 51.9, 66.2)),
    ("rtdetr-r50", (72, 42, 136, 108, 53.1, 71.3, 57.7, 34.8, 58.0, 70.0)),
    ("rtdetr-r101", (72, 76, 259, 74, 54.3, 72.7, 58.6, 36.0, 58.8, 72.1)),
    ("rtdetr-r18-obj365", (60, 20, 61, 217, 49.2, 66.6, 53.5, 33.2, 52.3, 64.8)),
    ("rtdetr-r50-obj365", (24, 42, 136, 108, 55.3, 73.4, 60.1, 37.9, 59.9, 71.8)),
    ("rtdetr-r101-obj365", (24, 76, 259, 74, 56.2, 74.6, 61.3, 38.3, 60.5, 73.5)),
]:
    SEED_FIGURES += [(mid, col, v, CARD) for col, v in zip(_RT_COLS, values, strict=True)]
