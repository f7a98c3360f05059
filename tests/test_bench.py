"""pickdet.bench: stats, measuring tiny ONNX models, the hardware profile, and recording."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ort = pytest.importorskip("onnxruntime")
onnx = pytest.importorskip("onnx")
np = pytest.importorskip("numpy")

from onnx import TensorProto, helper  # noqa: E402

import pickdet  # noqa: E402
from pickdet import bench  # noqa: E402
from pickdet.catalog import bundled_path  # noqa: E402
from pickdet.errors import CatalogError, UsageError  # noqa: E402

EXAMPLE = bundled_path().parent / "example_catalog.yaml"
RUNS = 5


# -- tiny models --------------------------------------------------------------------------------


def _save(tmp_path: Path, name: str, graph: Any) -> Path:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8  # readable by every onnxruntime these tests may meet
    onnx.checker.check_model(model)
    path = tmp_path / name
    onnx.save(model, str(path))
    return path


def relu_model(
    tmp_path: Path,
    shape: list[Any],
    *,
    elem: int = TensorProto.FLOAT,
    name: str = "relu.onnx",
) -> Path:
    x = helper.make_tensor_value_info("images", elem, shape)
    y = helper.make_tensor_value_info("output", elem, shape)
    graph = helper.make_graph([helper.make_node("Relu", ["images"], ["output"])], "g", [x], [y])
    return _save(tmp_path, name, graph)


@pytest.fixture
def static_model(tmp_path: Path) -> Path:
    return relu_model(tmp_path, [1, 3, 32, 32])


@pytest.fixture
def dynamic_model(tmp_path: Path) -> Path:
    return relu_model(tmp_path, ["N", 3, "H", "W"], name="dynamic.onnx")


@pytest.fixture
def fp16_model(tmp_path: Path) -> Path:
    return relu_model(tmp_path, [1, 3, 16, 16], elem=TensorProto.FLOAT16, name="fp16.onnx")


@pytest.fixture
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICKDET_NO_CACHE", "1")


# -- stats --------------------------------------------------------------------------------------


def test_stats_odd_count() -> None:
    s = bench.stats([3.0, 1.0, 2.0])
    assert s.runs == 3
    assert s.median_ms == 2.0
    assert s.mean_ms == 2.0
    assert s.min_ms == 1.0
    assert s.max_ms == 3.0
    # sorted [1, 2, 3]: p90 at index 1.8, p99 at index 1.98
    assert s.p90_ms == pytest.approx(2.8)
    assert s.p99_ms == pytest.approx(2.98)
    assert s.std_ms == pytest.approx(math.sqrt(2 / 3))  # population, not sample


def test_stats_even_count() -> None:
    s = bench.stats([4.0, 1.0, 3.0, 2.0])
    assert s.runs == 4
    assert s.median_ms == 2.5
    assert s.mean_ms == 2.5
    assert s.p90_ms == pytest.approx(3.7)  # index 2.7
    assert s.p99_ms == pytest.approx(3.97)  # index 2.97
    assert s.std_ms == pytest.approx(math.sqrt(1.25))


def test_stats_single_sample_and_empty() -> None:
    s = bench.stats([7.5])
    assert (s.median_ms, s.p90_ms, s.p99_ms, s.min_ms, s.max_ms) == (7.5,) * 5
    assert s.std_ms == 0.0
    with pytest.raises(ValueError, match="at least one"):
        bench.stats([])


def test_stats_match_numpy() -> None:
    samples = [*np.random.default_rng(1).gamma(2.0, 3.0, size=101), 0.5, 40.0]
    s = bench.stats(samples)
    assert s.median_ms == pytest.approx(float(np.median(samples)))
    assert s.p90_ms == pytest.approx(float(np.percentile(samples, 90)))
    assert s.p99_ms == pytest.approx(float(np.percentile(samples, 99)))
    assert s.std_ms == pytest.approx(float(np.std(samples)))
    assert s.mean_ms == pytest.approx(float(np.mean(samples)))


# -- measure ------------------------------------------------------------------------------------


def test_measure_static_model(static_model: Path) -> None:
    calls: list[tuple[int, int]] = []
    stats, detail = bench.measure(
        static_model, runs=RUNS, warmup=1, progress=lambda d, t: calls.append((d, t))
    )
    assert stats.runs == RUNS
    assert 0 < stats.min_ms <= stats.median_ms <= stats.max_ms
    assert stats.min_ms <= stats.p90_ms <= stats.p99_ms <= stats.max_ms
    assert calls == [(i, RUNS) for i in range(1, RUNS + 1)]
    assert detail["input"] == "images"
    assert detail["shape"] == [1, 3, 32, 32]
    assert detail["dtype"] == "float32"
    assert detail["provider"] == "CPUExecutionProvider"
    assert (detail["runs"], detail["warmup"], detail["batch"], detail["imgsz"]) == (RUNS, 1, 1, 32)
    digest = hashlib.sha256(static_model.read_bytes()).hexdigest()
    assert detail["sha256"] == digest == bench.sha256_file(static_model)


def test_measure_dynamic_dims_need_batch_and_imgsz(dynamic_model: Path) -> None:
    with pytest.raises(UsageError, match=r"input 'images' has a dynamic batch dimension.*--batch"):
        bench.measure(dynamic_model, runs=RUNS, imgsz=32)
    with pytest.raises(UsageError, match=r"dynamic spatial dimensions \('H', 'W'\).*--imgsz"):
        bench.measure(dynamic_model, runs=RUNS, batch=1)
    with pytest.raises(UsageError, match="--batch"):  # batch is asked for first, never assumed
        bench.measure(dynamic_model, runs=RUNS)


def test_measure_dynamic_dims_with_batch_and_imgsz(dynamic_model: Path) -> None:
    calls: list[int] = []
    stats, detail = bench.measure(
        dynamic_model, runs=RUNS, warmup=0, batch=2, imgsz=48, progress=lambda d, t: calls.append(d)
    )
    assert stats.runs == RUNS
    assert len(calls) == RUNS
    assert detail["shape"] == [2, 3, 48, 48]
    assert (detail["batch"], detail["imgsz"]) == (2, 48)


def test_measure_other_dynamic_dim_is_named(tmp_path: Path) -> None:
    model = relu_model(tmp_path, ["N", "seq"], name="seq.onnx")
    with pytest.raises(UsageError, match=r"dynamic dimension 'seq' \(axis 1\)"):
        bench.measure(model, runs=RUNS, batch=1, imgsz=32)


def test_measure_static_dims_must_match(static_model: Path) -> None:
    with pytest.raises(UsageError, match="fixed batch size of 1; --batch 4"):
        bench.measure(static_model, runs=RUNS, batch=4)
    with pytest.raises(UsageError, match="fixed size of 32x32; --imgsz 64"):
        bench.measure(static_model, runs=RUNS, imgsz=64)
    _, detail = bench.measure(static_model, runs=RUNS, batch=1, imgsz=32)  # agreeing: fine
    assert detail["shape"] == [1, 3, 32, 32]


def test_measure_nhwc_uint8_input(tmp_path: Path) -> None:
    x = helper.make_tensor_value_info("images", TensorProto.UINT8, ["N", "H", "W", 3])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", "H", "W", 3])
    nodes = [
        helper.make_node("Cast", ["images"], ["f"], to=TensorProto.FLOAT),
        helper.make_node("Relu", ["f"], ["output"]),
    ]
    model = _save(tmp_path, "nhwc.onnx", helper.make_graph(nodes, "g", [x], [y]))
    _, detail = bench.measure(model, runs=RUNS, warmup=0, batch=1, imgsz=24)
    assert detail["shape"] == [1, 24, 24, 3]
    assert detail["dtype"] == "uint8"


def test_measure_fp16_input(fp16_model: Path) -> None:
    stats, detail = bench.measure(fp16_model, runs=RUNS, warmup=0)
    assert stats.runs == RUNS
    assert detail["dtype"] == "float16"


@pytest.mark.parametrize("provider", ["cuda", "tensorrt"])
def test_measure_unavailable_provider(static_model: Path, provider: str) -> None:
    if bench.PROVIDERS[provider] in ort.get_available_providers():
        pytest.skip(f"{provider} is available here")
    with pytest.raises(UsageError, match="not available") as info:
        bench.measure(static_model, provider=provider, runs=RUNS)
    assert "CPUExecutionProvider" in str(info.value)  # the available ones are listed


def test_measure_refuses_silent_fallback(
    static_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A provider ORT claims to have but then does not use is an error, never a CPU run."""
    if "CUDAExecutionProvider" in ort.get_available_providers():
        pytest.skip("CUDA is really available here")
    available = [*ort.get_available_providers(), "CUDAExecutionProvider"]
    monkeypatch.setattr(ort, "get_available_providers", lambda: available)
    with pytest.raises(UsageError, match="could not run the model on CUDAExecutionProvider"):
        bench.measure(static_model, provider="cuda", runs=RUNS)


def test_measure_bad_arguments(static_model: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown provider 'rocm'"):
        bench.measure(static_model, provider="rocm", runs=RUNS)
    with pytest.raises(UsageError, match="runs must be"):
        bench.measure(static_model, runs=0)
    with pytest.raises(UsageError, match="does not exist"):
        bench.measure(tmp_path / "missing.onnx", runs=RUNS)
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not a model")
    with pytest.raises(UsageError, match="cannot load the model"):
        bench.measure(junk, runs=RUNS)


def test_bench_unavailable_without_onnxruntime(
    static_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(bench.BenchUnavailable, match=r"pip install 'pickdet\[bench\]'") as info:
        bench.measure(static_model, runs=RUNS)
    assert isinstance(info.value, UsageError)
    assert info.value.exit_code == 2
    with pytest.raises(bench.BenchUnavailable):
        bench.detect_profile("cpu", "fp32", 1)


def test_bench_unavailable_without_numpy(
    static_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(bench.BenchUnavailable, match="numpy"):
        bench.measure(static_model, runs=RUNS)


def test_import_is_cheap() -> None:
    code = (
        "import sys; import pickdet.bench; "
        "heavy = [m for m in ('onnxruntime', 'onnx', 'numpy', 'yaml', 'pydantic') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- precision and profile ----------------------------------------------------------------------


def test_infer_precision(tmp_path: Path, static_model: Path, fp16_model: Path) -> None:
    assert bench.infer_precision(static_model) == "fp32"
    assert bench.infer_precision(fp16_model) == "fp16"

    # fp32 input, fp16 weights (a model converted with keep_io_types): fp16
    x = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 4])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT16, [1, 4])
    w = helper.make_tensor(
        "w", TensorProto.FLOAT16, [4], np.ones(4, np.float16).tobytes(), raw=True
    )
    nodes = [
        helper.make_node("Cast", ["images"], ["h"], to=TensorProto.FLOAT16),
        helper.make_node("Add", ["h", "w"], ["output"]),
    ]
    graph = helper.make_graph(nodes, "g", [x], [y], initializer=[w])
    assert bench.infer_precision(_save(tmp_path, "mixed.onnx", graph)) == "fp16"

    # quantize / dequantize: int8
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 4])
    scale = helper.make_tensor("scale", TensorProto.FLOAT, [], [0.1])
    zero = helper.make_tensor("zero", TensorProto.INT8, [], [0])
    nodes = [
        helper.make_node("QuantizeLinear", ["images", "scale", "zero"], ["q"]),
        helper.make_node("DequantizeLinear", ["q", "scale", "zero"], ["output"]),
    ]
    graph = helper.make_graph(nodes, "g", [x], [y], initializer=[scale, zero])
    assert bench.infer_precision(_save(tmp_path, "int8.onnx", graph)) == "int8"


def test_detect_profile_cpu() -> None:
    profile = bench.detect_profile("cpu", "fp32", 1)
    assert profile.device == bench.cpu_name()
    assert profile.device_kind == "cpu"
    assert profile.runtime == "ONNX Runtime"
    assert profile.runtime_version == ort.__version__
    assert profile.provider == "cpu"
    assert (profile.precision, profile.batch) == ("fp32", 1)
    assert profile.cores == os.cpu_count()
    assert re.fullmatch(r"[a-z0-9-]+", profile.id)
    assert len(profile.id) <= 80
    major, minor = ort.__version__.split(".")[:2]
    assert profile.id.startswith("local-")
    assert profile.id.endswith(f"-ort{major}-{minor}-cpu-fp32-bs1")
    assert profile.device  # never empty


def test_detect_profile_gpu_name(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        assert cmd[0] == "nvidia-smi"
        return subprocess.CompletedProcess(cmd, 0, "NVIDIA H100 80GB HBM3\nNVIDIA H100\n", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    profile = bench.detect_profile("tensorrt", "fp16", 8)
    assert profile.device == "NVIDIA H100 80GB HBM3"
    assert profile.device_kind == "gpu"
    assert profile.id.startswith("local-nvidia-h100-80gb-hbm3-ort")
    assert profile.id.endswith("-tensorrt-fp16-bs8")

    def missing(cmd: list[str], **kwargs: Any) -> Any:
        raise FileNotFoundError(cmd[0])

    monkeypatch.setattr(subprocess, "run", missing)
    assert bench.detect_profile("cuda", "fp32", 1).device == "NVIDIA GPU"


def test_profile_id_is_a_bounded_slug() -> None:
    long_name = "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz " * 5
    ident = bench.profile_id(long_name, "1.20.1", "cpu", "int8", 16)
    assert len(ident) <= 80
    assert re.fullmatch(r"local-[a-z0-9-]+-ort1-20-cpu-int8-bs16", ident)
    assert "--" not in ident
    assert ident.startswith("local-intel-xeon-platinum-8375c")
    assert bench.profile_id("", "1.20", "cpu", "fp32", 1) == "local-unknown-ort1-20-cpu-fp32-bs1"


def test_detect_profile_rejects_bad_values() -> None:
    with pytest.raises(UsageError, match="unknown provider"):
        bench.detect_profile("opencl", "fp32", 1)
    with pytest.raises(UsageError, match="unknown precision"):
        bench.detect_profile("cpu", "fp8", 1)
    with pytest.raises(UsageError, match="batch"):
        bench.detect_profile("cpu", "fp32", 0)


# -- record -------------------------------------------------------------------------------------


def fake_stats(median: float, runs: int = RUNS) -> bench.Stats:
    return bench.Stats(
        runs=runs,
        median_ms=median,
        mean_ms=median * 1.01,
        p90_ms=median * 1.1,
        p99_ms=median * 1.2,
        min_ms=median * 0.9,
        max_ms=median * 1.3,
        std_ms=median * 0.05,
    )


@pytest.fixture
def profile() -> bench.Profile:
    return bench.detect_profile("cpu", "fp32", 1)


def _record(path: Path, model: Path, profile: bench.Profile, name: str, ms: float) -> str:
    return bench.record(
        path,
        name=name,
        stats=fake_stats(ms),
        profile=profile,
        model_path=model,
        sha256=bench.sha256_file(model),
        date=dt.date(2026, 1, 2),
        detail={"input": "images", "shape": [1, 3, 32, 32], "imgsz": 32},
    )


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.usefixtures("no_cache")
def test_record_creates_a_valid_catalogue(
    tmp_path: Path, static_model: Path, profile: bench.Profile
) -> None:
    path = tmp_path / "data" / "bench.yaml"  # the folder is created too
    stats, detail = bench.measure(static_model, runs=RUNS, warmup=0)
    model_id = bench.record(
        path,
        name="My Detector v2",
        stats=stats,
        profile=profile,
        model_path=static_model,
        sha256=detail["sha256"],
        detail=detail,
    )
    assert model_id == "my-detector-v2"
    raw = yaml.safe_load(path.read_text())
    assert raw["schema_version"] == 1
    assert list(raw) == ["schema_version", "sources", "hardware", "families", "models"]

    cat = pickdet.load_catalog(path)
    model = cat.models[model_id]
    assert model.variant == "My Detector v2"
    assert model.family == "local"
    assert model.task == "detect"
    assert cat.families["local"].name == "Local models"
    lat = model.latency_on(profile.id)
    assert lat is not None
    assert lat.ms == pytest.approx(stats.median_ms, abs=0.0005)
    assert lat.note is not None
    assert lat.note.startswith(f"median of {RUNS} runs; p90")
    assert lat.source is not None
    assert lat.source.startswith(f"bench-{detail['sha256'][:12]}-")
    src = cat.sources[lat.source]
    assert src.kind == "measurement"
    assert src.title == f"pickdet bench of {static_model.name}"
    assert src.url == static_model.resolve().as_uri()
    assert src.notes is not None
    assert detail["sha256"] in src.notes
    assert "p99" in src.notes
    assert src.accessed == dt.date.today()
    hw = cat.hardware[profile.id]
    assert (hw.device, hw.device_kind, hw.runtime) == (profile.device, "cpu", "ONNX Runtime")
    assert (hw.runtime_version, hw.precision, hw.batch) == (ort.__version__, "fp32", 1)
    assert hw.includes_nms is None
    assert hw.source == lat.source
    assert hw.notes is not None
    assert "CPUExecutionProvider" in hw.notes
    assert f"{profile.cores} CPU cores" in hw.notes
    assert _leftovers(path.parent, {"bench.yaml"}) == []


@pytest.mark.usefixtures("no_cache")
def test_record_rerun_updates_without_duplicates(
    tmp_path: Path, static_model: Path, fp16_model: Path, profile: bench.Profile
) -> None:
    path = tmp_path / "bench.yaml"
    assert _record(path, static_model, profile, "mine", 5.0) == "mine"
    assert _record(path, static_model, profile, "mine", 4.25) == "mine"
    raw = yaml.safe_load(path.read_text())
    assert [m["id"] for m in raw["models"]] == ["mine"]
    assert len(raw["models"][0]["latency"]) == 1
    assert len(raw["sources"]) == 1
    assert len(raw["hardware"]) == 1
    assert len(raw["families"]) == 1
    assert pickdet.load_catalog(path).models["mine"].latency_on(profile.id).ms == 4.25

    assert _record(path, fp16_model, profile, "other", 7.1234) == "other"
    raw = yaml.safe_load(path.read_text())
    assert [m["id"] for m in raw["models"]] == ["mine", "other"]
    assert len(raw["sources"]) == 2  # one per model file and profile
    assert len(raw["hardware"]) == 1
    assert len(raw["families"]) == 1
    cat = pickdet.load_catalog(path)
    assert cat.models["mine"].latency_on(profile.id).ms == 4.25
    assert cat.models["other"].latency_on(profile.id).ms == 7.123

    # the same model on a second profile: a second latency beside the first
    other = bench.Profile(
        **{**profile.__dict__, "id": profile.id.replace("bs1", "bs4"), "batch": 4}
    )
    assert _record(path, static_model, other, "mine", 8.0) == "mine"
    mine = pickdet.load_catalog(path).models["mine"]
    assert [f.hardware for f in mine.latency] == [profile.id, other.id]
    assert mine.latency_on(other.id).ms == 2.0  # per image: the batch's median / 4


@pytest.mark.usefixtures("no_cache")
def test_record_preserves_existing_entries(
    tmp_path: Path, static_model: Path, profile: bench.Profile
) -> None:
    path = tmp_path / "mine.yaml"
    shutil.copy(EXAMPLE, path)
    before = yaml.safe_load(path.read_text())
    _record(path, static_model, profile, "acme-det-s", 3.0)  # a model the file already has
    _record(path, static_model, profile, "brand-new", 2.0)
    after = yaml.safe_load(path.read_text())
    for key in ("sources", "hardware", "families"):
        assert after[key][: len(before[key])] == before[key]
    acme_before = before["models"][0]
    acme_after = after["models"][0]
    assert {k: v for k, v in acme_after.items() if k != "latency"} == {
        k: v for k, v in acme_before.items() if k != "latency"
    }
    assert acme_after["latency"][: len(acme_before["latency"])] == acme_before["latency"]
    assert acme_after["latency"][-1]["hardware"] == profile.id
    assert after["models"][1:-1] == before["models"][1:]
    assert after["models"][-1]["id"] == "brand-new"
    cat = pickdet.load_catalog(path)
    assert cat.models["acme-det-s"].latency_on("my-jetson-orin-trt-fp16").ms == 6.3
    assert cat.models["acme-det-s"].latency_on(profile.id).ms == 3.0
    assert cat.models["yolo11-n"].latency_on("my-jetson-orin-trt-fp16").ms == 4.1


@pytest.mark.usefixtures("no_cache")
def test_record_attaches_to_a_bundled_model(
    tmp_path: Path, static_model: Path, profile: bench.Profile
) -> None:
    path = tmp_path / "bench.yaml"
    assert _record(path, static_model, profile, "yolo11-n", 9.0) == "yolo11-n"
    raw = yaml.safe_load(path.read_text())
    assert "families" not in raw  # the bundled family is used, not a local copy
    assert (raw["models"][0]["family"], raw["models"][0]["variant"]) == ("yolo11", "n")
    cat = pickdet.load_catalog(path)
    model = cat.models["yolo11-n"]
    assert model.latency_on(profile.id).ms == 9.0
    assert len(model.latency) > 1  # the published figures are still there
    assert not any("replaces" in n for n in cat.notices)


@pytest.mark.usefixtures("no_cache")
def test_record_custom_family_and_json(
    tmp_path: Path, static_model: Path, profile: bench.Profile
) -> None:
    path = tmp_path / "bench.json"
    bench.record(
        path,
        name="seg-thing",
        stats=fake_stats(1.5),
        profile=profile,
        model_path=static_model,
        sha256="ab" * 32,
        task="segment",
        family="Acme Seg",
    )
    cat = pickdet.load_catalog(path)
    assert cat.models["seg-thing"].family == "acme-seg"
    assert cat.models["seg-thing"].task == "segment"
    assert cat.families["acme-seg"].name == "Acme Seg"


def test_record_interrupted_write_leaves_file_intact(
    tmp_path: Path, static_model: Path, profile: bench.Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    shutil.copy(EXAMPLE, path)
    original = path.read_bytes()

    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    def failing(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    for replace, error in ((interrupted, KeyboardInterrupt), (failing, OSError)):
        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(error):
            _record(path, static_model, profile, "mine", 5.0)
        assert path.read_bytes() == original
        assert _leftovers(tmp_path, {"mine.yaml", static_model.name}) == []
        # a catalogue that did not exist yet is not created either
        with pytest.raises(error):
            _record(tmp_path / "new.yaml", static_model, profile, "mine", 5.0)
        assert _leftovers(tmp_path, {"mine.yaml", static_model.name}) == []


@pytest.mark.parametrize(
    "text",
    [
        "schema_version: 1\nmodels: [\n",  # not YAML
        "schema_version: 1\nsources:\n  - id: x\n    title: t\n    colour: red\n",  # bad field
        "schema_version: 2\n",
        "- just\n- a list\n",
    ],
)
def test_record_refuses_an_invalid_file(
    tmp_path: Path, static_model: Path, profile: bench.Profile, text: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(CatalogError):
        _record(path, static_model, profile, "mine", 5.0)
    assert path.read_text() == text
    assert _leftovers(tmp_path, {"bad.yaml", static_model.name}) == []


def test_record_never_writes_content_that_does_not_validate(
    tmp_path: Path, static_model: Path, profile: bench.Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    shutil.copy(EXAMPLE, path)
    original = path.read_bytes()
    monkeypatch.setattr(bench, "_dump", lambda *a: "schema_version: 1\nmodels: [{id: x}]\n")
    with pytest.raises(CatalogError, match="required field is missing"):
        _record(path, static_model, profile, "mine", 5.0)
    assert path.read_bytes() == original
    assert _leftovers(tmp_path, {"mine.yaml", static_model.name}) == []


@pytest.mark.usefixtures("no_cache")
def test_record_through_a_symlink(
    tmp_path: Path, static_model: Path, profile: bench.Profile
) -> None:
    target = tmp_path / "real.yaml"
    shutil.copy(EXAMPLE, target)
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    _record(link, static_model, profile, "mine", 5.0)
    assert link.is_symlink()
    assert "mine" in pickdet.load_catalog(target).models


def test_record_rejects_bad_names(
    tmp_path: Path, static_model: Path, profile: bench.Profile
) -> None:
    with pytest.raises(UsageError, match="no letters or digits"):
        _record(tmp_path / "b.yaml", static_model, profile, "---", 1.0)
    with pytest.raises(UsageError, match="longer than 60"):
        _record(tmp_path / "b.yaml", static_model, profile, "x" * 61, 1.0)
    with pytest.raises(UsageError, match="unknown task 'bogus'"):
        bench.record(
            tmp_path / "b.yaml",
            name="ok",
            stats=fake_stats(1.0),
            profile=profile,
            model_path=static_model,
            sha256="0" * 64,
            task="bogus",
        )
    assert not (tmp_path / "b.yaml").exists()


def test_default_catalog_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PICKDET_DATA_DIR", str(tmp_path / "d"))
    assert bench.default_catalog_path() == tmp_path / "d" / "bench.yaml"
    monkeypatch.delenv("PICKDET_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "x"))
    assert bench.default_catalog_path() == tmp_path / "x" / "pickdet" / "bench.yaml"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    expected = tmp_path / "h" / ".local" / "share" / "pickdet" / "bench.yaml"
    assert bench.default_catalog_path() == expected


def test_cli_bench_records_and_recommend_ranks_it(tmp_path: Path, static_model: Path) -> None:
    """The user's path end to end: bench an ONNX file, then rank it on its own profile."""
    from typer.testing import CliRunner

    from pickdet.cli import app

    model = static_model
    out = tmp_path / "bench.yaml"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "bench",
            str(model),
            "--name",
            "tiny-det-s",
            "--output",
            str(out),
            "--runs",
            "5",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stats"]["runs"] == 5
    profile = data["profile"]["id"]
    again = runner.invoke(
        app, ["bench", str(model), "--name", "tiny-det-s", "--output", str(out), "--runs", "5"]
    )
    assert again.exit_code == 0, again.output
    assert "median" in again.stdout
    rec = runner.invoke(
        app,
        ["recommend", "--catalog", str(out), "--hardware", profile, "--max-ms", "1000", "--json"],
    )
    assert rec.exit_code == 0, rec.output
    assert [c["id"] for c in json.loads(rec.stdout)["candidates"]] == ["tiny-det-s"]
    bad = runner.invoke(
        app, ["bench", str(model), "--name", "x", "--output", str(out), "--provider", "tensorrt"]
    )
    assert bad.exit_code == 2
    assert "not available" in bad.stderr
