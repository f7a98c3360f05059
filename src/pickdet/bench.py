"""Measure an ONNX model's latency with ONNX Runtime and record it in a user catalogue.

A pure library: nothing here prints. onnxruntime, onnx and numpy are imported only inside the
functions that need them, so ``import pickdet.bench`` is cheap and works without them; a function
that needs onnxruntime raises ``BenchUnavailable`` when it is missing.

Typical use::

    stats, detail = measure("yolo.onnx", provider="cpu", runs=50)
    profile = detect_profile("cpu", infer_precision("yolo.onnx"), detail["batch"])
    record(default_catalog_path(), name="yolo-local", stats=stats, profile=profile,
           model_path="yolo.onnx", sha256=detail["sha256"], detail=detail)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CatalogError, Problem, UsageError

RUNTIME = "ONNX Runtime"
PROVIDERS = {
    "cpu": "CPUExecutionProvider",
    "cuda": "CUDAExecutionProvider",
    "tensorrt": "TensorrtExecutionProvider",
}
GPU_PROVIDERS = frozenset({"cuda", "tensorrt"})
PRECISIONS = ("fp32", "fp16", "bf16", "int8", "mixed", "unknown")
INSTALL_HINT = "install with `pip install 'pickdet[bench]'`"
PROFILE_ID_MAX = 80
MODEL_VARIANT_MAX = 60
LOCAL_FAMILY = "local"
LOCAL_FAMILY_NAME = "Local models"
CANONICAL_KEYS = ("schema_version", "sources", "hardware", "families", "models")

ProgressFn = Callable[[int, int], None]


class BenchUnavailable(UsageError):
    """onnxruntime (or numpy) is not installed."""

    def __init__(self, missing: str = "onnxruntime") -> None:
        super().__init__(f"`pickdet bench` needs {missing}; {INSTALL_HINT}")
        self.missing = missing


def _import_ort() -> Any:
    try:
        import onnxruntime  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise BenchUnavailable("onnxruntime") from None
    return onnxruntime


def _import_numpy() -> Any:
    try:
        import numpy
    except ImportError:
        raise BenchUnavailable("numpy") from None
    return numpy


# -- statistics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """Summary of timed runs, in milliseconds."""

    runs: int
    median_ms: float
    mean_ms: float
    p90_ms: float
    p99_ms: float
    min_ms: float
    max_ms: float
    std_ms: float


def _percentile(ordered: list[float], q: float) -> float:
    """The q-th percentile of sorted data, interpolated linearly (numpy's default method)."""
    pos = (len(ordered) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    frac = pos - lo
    return ordered[lo] + (ordered[hi] - ordered[lo]) * frac


def stats(samples_ms: list[float]) -> Stats:
    """Median, mean, p90, p99, min, max and population standard deviation of the samples."""
    if not samples_ms:
        raise ValueError("stats() needs at least one sample")
    ordered = sorted(float(s) for s in samples_ms)
    n = len(ordered)
    mean = math.fsum(ordered) / n
    variance = math.fsum((s - mean) ** 2 for s in ordered) / n
    return Stats(
        runs=n,
        median_ms=_percentile(ordered, 50),
        mean_ms=mean,
        p90_ms=_percentile(ordered, 90),
        p99_ms=_percentile(ordered, 99),
        min_ms=ordered[0],
        max_ms=ordered[-1],
        std_ms=math.sqrt(variance),
    )


# -- hardware profile ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """The measurement protocol of a local run: one hardware profile in the catalogue."""

    id: str
    name: str
    device: str
    device_kind: str  # "cpu" or "gpu"
    runtime: str
    runtime_version: str
    provider: str  # a key of PROVIDERS: "cpu", "cuda", "tensorrt"
    precision: str
    batch: int
    cores: int


def slug(text: str) -> str:
    """Lowercase, with every run of characters outside [a-z0-9] turned into one hyphen."""
    text = re.sub(r"\((?:r|tm|c)\)", " ", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _check_provider(provider: str) -> str:
    if provider not in PROVIDERS:
        known = ", ".join(PROVIDERS)
        raise UsageError(f"unknown provider {provider!r}; expected one of: {known}")
    return PROVIDERS[provider]


def cpu_name() -> str:
    """The CPU's model name from /proc/cpuinfo, else platform.processor(), else 'unknown CPU'."""
    import platform

    with (
        contextlib.suppress(OSError, UnicodeDecodeError),
        open("/proc/cpuinfo", encoding="utf-8") as fh,
    ):
        for line in fh:
            key, sep, value = line.partition(":")
            if sep and key.strip() == "model name" and value.strip():
                return " ".join(value.split())
    return platform.processor().strip() or "unknown CPU"


def gpu_name() -> str:
    """The first GPU's name from nvidia-smi, else 'NVIDIA GPU'."""
    import subprocess

    try:
        done = subprocess.run(
            ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=15,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return "NVIDIA GPU"
    for line in done.stdout.splitlines():
        if line.strip():
            return " ".join(line.split())
    return "NVIDIA GPU"


def profile_id(device: str, runtime_version: str, provider: str, precision: str, batch: int) -> str:
    """``local-<device>-ort<major>-<minor>-<provider>-<precision>-bs<batch>``, at most 80 chars."""
    major_minor = "-".join(re.findall(r"\d+", runtime_version)[:2]) or "unknown"
    tail = slug(f"ort{major_minor}-{provider}-{precision}-bs{batch}")
    room = PROFILE_ID_MAX - len("local-") - len(tail) - 1
    device_slug = slug(device)[:room].strip("-") or "unknown"
    return f"local-{device_slug}-{tail}"[:PROFILE_ID_MAX].strip("-")


def detect_profile(provider: str, precision: str, batch: int) -> Profile:
    """The profile of this machine for a run with this provider, precision and batch."""
    ep = _check_provider(provider)
    if precision not in PRECISIONS:
        raise UsageError(
            f"unknown precision {precision!r}; expected one of: {', '.join(PRECISIONS)}"
        )
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise UsageError(f"batch must be a positive integer (got {batch!r})")
    ort = _import_ort()
    version = str(ort.__version__)
    gpu = provider in GPU_PROVIDERS
    device = gpu_name() if gpu else cpu_name()
    cores = os.cpu_count() or 1
    name = f"{device}, {RUNTIME} {version} ({ep}), {precision.upper()}, batch {batch}"
    return Profile(
        id=profile_id(device, version, provider, precision, batch),
        name=name,
        device=device,
        device_kind="gpu" if gpu else "cpu",
        runtime=RUNTIME,
        runtime_version=version,
        provider=provider,
        precision=precision,
        batch=batch,
        cores=cores,
    )


# -- precision ----------------------------------------------------------------------------------

_QUANT_OPS = frozenset(
    {
        "QuantizeLinear",
        "DequantizeLinear",
        "DynamicQuantizeLinear",
        "QLinearConv",
        "QLinearMatMul",
        "ConvInteger",
        "MatMulInteger",
    }
)
_ORT_TYPE_PRECISION = {
    "tensor(float)": "fp32",
    "tensor(float16)": "fp16",
    "tensor(bfloat16)": "bf16",
}


def infer_precision(model_path: str | Path) -> str:
    """fp32, fp16 or int8 (bf16 too), read from the model's initializers, ops and input types.

    Quantisation ops or int8/uint8 weights make it int8; otherwise the float type that most
    weights have (else the first input's type). Without onnx installed only the input is read.
    """
    path = _model_file(model_path)
    try:
        import onnx  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return _precision_from_session(path)
    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as exc:
        raise UsageError(f"{path}: not a readable ONNX model ({exc})") from None
    tp = onnx.TensorProto
    graph = model.graph
    ops = {node.op_type for node in graph.node}
    init_types = [init.data_type for init in graph.initializer]
    if ops & _QUANT_OPS or any(t in (tp.INT8, tp.UINT8) for t in init_types):
        return "int8"
    floats = {tp.FLOAT: "fp32", tp.FLOAT16: "fp16", tp.BFLOAT16: "bf16"}
    counts: dict[str, int] = {}
    for t in init_types:
        if t in floats:
            counts[floats[t]] = counts.get(floats[t], 0) + 1
    if counts:
        return max(counts, key=lambda k: (counts[k], k == "fp32"))
    initialized = {init.name for init in graph.initializer}
    for inp in graph.input:
        if inp.name in initialized:
            continue
        elem = inp.type.tensor_type.elem_type
        if elem in floats:
            return floats[elem]
    return "fp32"


def _precision_from_session(path: Path) -> str:
    ort = _import_ort()
    session = _open_session(ort, path, "CPUExecutionProvider")
    first = session.get_inputs()[0]
    return _ORT_TYPE_PRECISION.get(str(first.type), "fp32")


# -- measurement --------------------------------------------------------------------------------

_ORT_DTYPES = {
    "tensor(float)": "float32",
    "tensor(float16)": "float16",
    "tensor(double)": "float64",
    "tensor(uint8)": "uint8",
    "tensor(int8)": "int8",
    "tensor(uint16)": "uint16",
    "tensor(int16)": "int16",
    "tensor(int32)": "int32",
    "tensor(int64)": "int64",
    "tensor(bool)": "bool",
}


def sha256_file(path: str | Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _model_file(model_path: str | Path) -> Path:
    path = Path(model_path)
    if not path.is_file():
        what = "is not a file" if path.exists() else "does not exist"
        raise UsageError(f"model {str(path)!r} {what}")
    return path


def _open_session(ort: Any, path: Path, ep: str) -> Any:
    import warnings

    options = ort.SessionOptions()
    options.log_severity_level = 3  # errors only: the library prints nothing on its own
    try:
        with warnings.catch_warnings():  # a fallback is checked for (and refused) by the caller
            warnings.simplefilter("ignore")
            return ort.InferenceSession(str(path), sess_options=options, providers=[ep])
    except Exception as exc:
        raise UsageError(f"{path}: ONNX Runtime cannot load the model with {ep}: {exc}") from None


def _is_dynamic(dim: Any) -> bool:
    return not isinstance(dim, int) or dim <= 0


def _dim_name(dim: Any) -> str:
    return repr(dim) if isinstance(dim, str) else "?"


def _spatial_axes(shape: list[Any]) -> tuple[int, int] | None:
    """The height and width axes of a rank-4 image input: NCHW unless it looks like NHWC."""
    if len(shape) != 4:
        return None
    channels_first = not _is_dynamic(shape[1]) and shape[1] <= 4
    channels_last = not _is_dynamic(shape[3]) and shape[3] <= 4
    if channels_last and not channels_first:
        return (1, 2)
    return (2, 3)


def _resolve_shape(
    name: str, shape: list[Any], *, batch: int | None, imgsz: int | None, image: bool
) -> list[int]:
    """A concrete shape for one input; UsageError for a dynamic dim nothing fixes or a conflict."""
    if not shape:
        return []
    spatial = _spatial_axes(shape) if image else None
    out: list[int] = []
    dynamic_spatial: list[str] = []
    for axis, dim in enumerate(shape):
        if axis == 0:
            if _is_dynamic(dim):
                if batch is None:
                    raise UsageError(
                        f"input {name!r} has a dynamic batch dimension ({_dim_name(dim)}); "
                        "pass --batch"
                    )
                out.append(batch)
            else:
                if batch is not None and dim != batch:
                    raise UsageError(
                        f"input {name!r} has a fixed batch size of {dim}; --batch {batch} "
                        "does not match (leave it out or pass the model's batch size)"
                    )
                out.append(dim)
        elif spatial is not None and axis in spatial:
            if _is_dynamic(dim):
                if imgsz is None:
                    dynamic_spatial.append(_dim_name(dim))
                    out.append(0)
                else:
                    out.append(imgsz)
            else:
                if imgsz is not None and dim != imgsz:
                    raise UsageError(
                        f"input {name!r} has a fixed size of {shape[spatial[0]]}x"
                        f"{shape[spatial[1]]}; --imgsz {imgsz} does not match "
                        "(leave it out or pass the model's size)"
                    )
                out.append(dim)
        elif _is_dynamic(dim):
            raise UsageError(
                f"input {name!r} has a dynamic dimension {_dim_name(dim)} (axis {axis}) that "
                "pickdet bench cannot choose; export the model with a fixed size for it"
            )
        else:
            out.append(dim)
    if dynamic_spatial:
        raise UsageError(
            f"input {name!r} has dynamic spatial dimensions ({', '.join(dynamic_spatial)}); "
            "pass --imgsz"
        )
    return out


def _random_input(np: Any, rng: Any, dtype: str, shape: list[int], high: int) -> Any:
    if dtype.startswith("float"):
        return rng.random(shape, dtype=np.float32).astype(dtype)
    if dtype == "bool":
        return rng.integers(0, 2, size=shape).astype(bool)
    info = np.iinfo(dtype)
    lo = max(int(info.min), 0)
    return rng.integers(lo, min(int(info.max), high) + 1, size=shape).astype(dtype)


def measure(
    model_path: str | Path,
    *,
    provider: str = "cpu",
    runs: int = 50,
    warmup: int = 5,
    imgsz: int | None = None,
    batch: int | None = None,
    progress: ProgressFn | None = None,
) -> tuple[Stats, dict[str, Any]]:
    """Time ``runs`` inferences (after ``warmup`` untimed ones) on random input.

    Runs with exactly the requested provider: one that is not available, or that ONNX Runtime
    does not end up using, raises UsageError (never a silent fallback to the CPU). Dynamic input
    dimensions need ``batch`` (the first axis) and ``imgsz`` (square height and width); fixed
    ones must agree with them. ``progress(done, total)`` is called after each timed run.
    Returns the stats (per batch) and a detail dict: input, shape, dtype, batch, imgsz,
    provider, runs, warmup, sha256 (and ``other_inputs`` for a model with several inputs).
    """
    ep = _check_provider(provider)
    for label, value, least in (("runs", runs, 1), ("warmup", warmup, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise UsageError(f"{label} must be an integer >= {least} (got {value!r})")
    for label, opt in (("batch", batch), ("imgsz", imgsz)):
        if opt is not None and (isinstance(opt, bool) or not isinstance(opt, int) or opt < 1):
            raise UsageError(f"{label} must be a positive integer (got {opt!r})")
    path = _model_file(model_path)
    ort = _import_ort()
    np = _import_numpy()
    available = list(ort.get_available_providers())
    if ep not in available:
        raise UsageError(
            f"provider {provider!r} ({ep}) is not available in this ONNX Runtime "
            f"{ort.__version__}; available: {', '.join(available) or 'none'}"
        )
    session = _open_session(ort, path, ep)
    used = list(session.get_providers())
    if not used or used[0] != ep:
        raise UsageError(
            f"ONNX Runtime could not run the model on {ep} (it would use "
            f"{', '.join(used) or 'nothing'}); check the {provider} installation"
        )
    inputs = session.get_inputs()
    if not inputs:
        raise UsageError(f"{path}: the model has no inputs")
    rng = np.random.default_rng(0)
    feeds: dict[str, Any] = {}
    described: list[dict[str, Any]] = []
    for index, inp in enumerate(inputs):
        dtype = _ORT_DTYPES.get(str(inp.type))
        if dtype is None:
            raise UsageError(f"input {inp.name!r} has type {inp.type}, which pickdet cannot feed")
        shape = _resolve_shape(
            inp.name, list(inp.shape), batch=batch, imgsz=imgsz, image=index == 0
        )
        feeds[inp.name] = _random_input(np, rng, dtype, shape, 255 if index == 0 else imgsz or 640)
        described.append({"input": inp.name, "shape": shape, "dtype": dtype})
    first = described[0]
    shape0 = first["shape"]
    axes = _spatial_axes(list(inputs[0].shape))
    used_imgsz = imgsz
    if used_imgsz is None and axes is not None and shape0[axes[0]] == shape0[axes[1]]:
        used_imgsz = shape0[axes[0]]
    try:
        for _ in range(warmup):
            session.run(None, feeds)
        samples: list[float] = []
        for done in range(1, runs + 1):
            start = time.perf_counter_ns()
            session.run(None, feeds)
            samples.append((time.perf_counter_ns() - start) / 1e6)
            if progress is not None:
                progress(done, runs)
    except UsageError:
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("onnxruntime"):
            raise UsageError(f"{path}: inference failed: {exc}") from None
        raise
    detail: dict[str, Any] = {
        "input": first["input"],
        "shape": shape0,
        "dtype": first["dtype"],
        "batch": shape0[0] if shape0 else 1,
        "imgsz": used_imgsz,
        "provider": ep,
        "runs": runs,
        "warmup": warmup,
        "sha256": sha256_file(path),
    }
    if len(described) > 1:
        detail["other_inputs"] = described[1:]
    return stats(samples), detail


# -- recording ----------------------------------------------------------------------------------


def default_catalog_path() -> Path:
    """$PICKDET_DATA_DIR/bench.yaml, else $XDG_DATA_HOME/pickdet/bench.yaml, else
    ~/.local/share/pickdet/bench.yaml."""
    explicit = os.environ.get("PICKDET_DATA_DIR")
    if explicit:
        return Path(explicit) / "bench.yaml"
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return Path(base) / "pickdet" / "bench.yaml"


@dataclass(frozen=True)
class _Known:
    families: frozenset[str]
    models: Mapping[str, tuple[str, str, str]]  # id -> (family, variant, task)


_KNOWN: _Known | None = None


def _bundled() -> _Known:
    """The bundled catalogue's family ids and models, so a measurement can attach to them."""
    global _KNOWN
    if _KNOWN is None:
        try:
            from .catalog import load

            cat = load((), bundled=True)
            families = frozenset(cat.families)
            models = {m.id: (m.family, m.variant, m.task) for m in cat.models.values()}
        except Exception:
            try:
                from .catalog import bundled_path
                from .catalog.files import load_file

                data = load_file(bundled_path()).data
                families = frozenset(f.id for f in data.families)
                models = {m.id: (m.family, m.variant, m.task) for m in data.models}
            except Exception:
                families, models = frozenset(), {}
        _KNOWN = _Known(families, models)
    return _KNOWN


def _num(value: float) -> float:
    return round(value, 4)


def _per_image_ms(median_ms: float, batch: int) -> float:
    value = median_ms / max(batch, 1)
    rounded = round(value, 3)
    if rounded <= 0:
        rounded = float(f"{value:.3g}")
    if not rounded > 0 or not math.isfinite(rounded):
        raise UsageError(f"a median of {median_ms!r} ms cannot be recorded as a latency")
    return rounded


def _stats_text(s: Stats) -> str:
    return (
        f"median {_num(s.median_ms)} ms, mean {_num(s.mean_ms)}, p90 {_num(s.p90_ms)}, "
        f"p99 {_num(s.p99_ms)}, min {_num(s.min_ms)}, max {_num(s.max_ms)}, "
        f"std {_num(s.std_ms)} over {s.runs} runs"
    )


@contextlib.contextmanager
def _dir_lock(folder: Path) -> Iterator[None]:
    """An advisory lock on the folder (POSIX), so two recordings do not lose each other's."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd: int | None = None
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _read_existing(path: Path) -> tuple[dict[str, Any], int | None]:
    """The file's data as plain YAML/JSON (validated first), and its mode; empty if missing."""
    import json

    import yaml

    from .catalog.files import load_file, read_text

    if not path.exists():
        return {"schema_version": 1}, None
    text = read_text(path)  # raises CatalogError for unreadable files
    if not text.strip():
        return {"schema_version": 1}, path.stat().st_mode & 0o7777
    load_file(path)  # raises CatalogError if invalid: the file is left as it is
    data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):  # pragma: no cover - load_file rejects it first
        raise CatalogError([Problem(str(path), "top level must be a mapping")])
    return data, path.stat().st_mode & 0o7777


def _dump(data: dict[str, Any], as_json: bool, new: bool) -> str:
    if as_json:
        import json

        return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    import yaml

    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    if new:
        body = (
            "# pickdet user catalogue of local measurements, written by `pickdet bench`.\n"
            "# Use it with: pickdet recommend --catalog <this file> --hardware <profile id>\n"
            + body
        )
    return body


def _write_atomically(path: Path, text: str, mode: int | None) -> None:
    """Temp file in the same folder, fsync, validate, then rename over the target."""
    import secrets

    from .catalog.files import load_file

    suffix = path.suffix or ".yaml"
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp{suffix}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        load_file(tmp, name=str(path))  # must not raise: never replace a file with a bad one
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _upsert(items: list[Any], record: dict[str, Any]) -> None:
    """Replace the entry with the record's id in place (dropping repeats), or append it."""
    matches = [
        i for i, it in enumerate(items) if isinstance(it, dict) and it.get("id") == record["id"]
    ]
    if not matches:
        items.append(record)
        return
    items[matches[0]] = record
    for i in reversed(matches[1:]):
        del items[i]


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        value = []
        data[key] = value
    return value


def model_id_for(name: str) -> str:
    """The catalogue id a benchmarked model's name becomes."""
    ident = slug(name)
    if not ident:
        raise UsageError(f"model name {name!r} has no letters or digits to make an id from")
    return ident


def record(
    catalog_path: str | Path,
    *,
    name: str,
    stats: Stats,
    profile: Profile,
    model_path: str | Path,
    sha256: str,
    task: str = "detect",
    family: str | None = None,
    date: dt.date | None = None,
    detail: dict[str, Any] | None = None,
) -> str:
    """Add a measurement to a user catalogue file (created if missing); returns the model id.

    Writes a source for the run, the hardware profile (if new), a family (if the model is new
    and its family is neither in the file nor bundled) and the model, or, for a model the file
    already has, only its latency on this profile. Every other entry is kept. A model whose id
    is a bundled model's gets that model's family and variant, so the figure joins it. The
    latency is per image: the median divided by the profile's batch. The file is replaced
    atomically and only with content that validates; an invalid existing file raises
    CatalogError and is left untouched.
    """
    name = name.strip()
    if not name:
        raise UsageError("the model needs a name")
    if len(name) > MODEL_VARIANT_MAX:
        raise UsageError(f"model name {name!r} is longer than {MODEL_VARIANT_MAX} characters")
    model_id = model_id_for(name)
    from .metrics import TASKS

    if task not in TASKS:
        raise UsageError(f"unknown task {task!r}; expected one of: {', '.join(TASKS)}")
    when = date or dt.date.today()
    path = Path(catalog_path).expanduser()
    if path.is_symlink():  # update the file the link points to, keeping the link
        path = path.resolve()
    as_json = path.suffix.lower() == ".json"
    model_file = Path(model_path).expanduser().resolve()
    profile_hash = hashlib.sha256(profile.id.encode()).hexdigest()[:8]
    source_id = f"bench-{sha256[:12]}-{profile_hash}"
    ep = PROVIDERS.get(profile.provider, profile.provider)

    shown_detail = ""
    if detail:
        parts = [f"{k}={v}" for k, v in detail.items() if k != "sha256"]
        shown_detail = "; " + ", ".join(parts)
    source = {
        "id": source_id,
        "title": f"pickdet bench of {model_file.name}",
        "url": model_file.as_uri(),
        "kind": "measurement",
        "accessed": when.isoformat() if as_json else when,
        "notes": (
            f"sha256 {sha256}; measured {when.isoformat()} on {profile.device} with "
            f"{RUNTIME} {profile.runtime_version} ({ep}), {profile.precision}, batch "
            f"{profile.batch}: {_stats_text(stats)} (per batch){shown_detail}"
        )[:4000],
    }
    hardware = {
        "id": profile.id,
        "name": profile.name,
        "device": profile.device,
        "device_kind": profile.device_kind,
        "runtime": profile.runtime,
        "runtime_version": profile.runtime_version,
        "precision": profile.precision,
        "batch": profile.batch,
        "includes_nms": None,
        "includes_preprocess": False,
        "source": source_id,
        "notes": (
            f"Measured locally by `pickdet bench`: {RUNTIME} session.run on random input with "
            f"{ep}, {profile.cores} CPU cores; preprocessing not timed; NMS timed only if the "
            "model contains it."
        ),
    }
    ms = _per_image_ms(stats.median_ms, profile.batch)
    per = f" of batch {profile.batch} (ms per image)" if profile.batch > 1 else ""
    latency = {
        "hardware": profile.id,
        "ms": ms,
        "source": source_id,
        "note": (
            f"median of {stats.runs} runs{per}; p90 {_num(stats.p90_ms)} ms, "
            f"p99 {_num(stats.p99_ms)} ms, mean {_num(stats.mean_ms)} ms, "
            f"std {_num(stats.std_ms)} ms per run"
        ),
    }

    path.parent.mkdir(parents=True, exist_ok=True)
    with _dir_lock(path.parent):
        data, mode = _read_existing(path)
        new_file = mode is None
        had = set(data)
        sources = _list(data, "sources")
        hardware_list = _list(data, "hardware")
        families = _list(data, "families")
        models = _list(data, "models")

        _upsert(sources, source)
        if not any(isinstance(h, dict) and h.get("id") == profile.id for h in hardware_list):
            hardware_list.append(hardware)

        existing = [m for m in models if isinstance(m, dict) and m.get("id") == model_id]
        if existing:
            model = existing[0]
            figures = model.get("latency")
            if not isinstance(figures, list):
                figures = []
                model["latency"] = figures
            same = [
                i
                for i, f in enumerate(figures)
                if isinstance(f, dict) and f.get("hardware") == profile.id
            ]
            if same:
                figures[same[0]] = latency
                for i in reversed(same[1:]):
                    del figures[i]
            else:
                figures.append(latency)
        else:
            known = _bundled()
            entry: dict[str, Any] = {"id": model_id}
            if model_id in known.models:
                fam, variant, bundled_task = known.models[model_id]
                entry.update(family=fam, variant=variant, task=bundled_task)
            else:
                fam = slug(family) if family else LOCAL_FAMILY
                if not fam:
                    raise UsageError(f"family {family!r} has no letters or digits")
                entry.update(family=fam, variant=name, name=name, task=task)
                imgsz = detail.get("imgsz") if detail else None
                if isinstance(imgsz, int) and 16 <= imgsz <= 8192:
                    entry["input_size"] = imgsz
                in_file = any(isinstance(f, dict) and f.get("id") == fam for f in families)
                if not in_file and fam not in known.families:
                    families.append(
                        {
                            "id": fam,
                            "name": LOCAL_FAMILY_NAME if fam == LOCAL_FAMILY else family,
                            "sources": [source_id],
                        }
                    )
            entry["latency"] = [latency]
            models.append(entry)

        ordered = {k: data[k] for k in CANONICAL_KEYS if k in data}
        ordered.update((k, v) for k, v in data.items() if k not in ordered)
        for key in CANONICAL_KEYS[1:]:
            if key not in had and not ordered.get(key):
                ordered.pop(key, None)
        _write_atomically(path, _dump(ordered, as_json, new_file), mode)
    return model_id


__all__ = [
    "GPU_PROVIDERS",
    "PROVIDERS",
    "BenchUnavailable",
    "Profile",
    "Stats",
    "default_catalog_path",
    "detect_profile",
    "infer_precision",
    "measure",
    "model_id_for",
    "profile_id",
    "record",
    "sha256_file",
    "stats",
]
