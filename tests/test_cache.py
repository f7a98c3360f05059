"""The catalogue cache: answers as a fresh load does, follows edits, and loads records on demand."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

import pickdet
from pickdet.catalog import build as build_module
from pickdet.catalog import cache
from pickdet.catalog.entries import headline
from pickdet.results import result_dict


def _write(path: Path, ms: float) -> Path:
    doc = {
        "schema_version": 1,
        "sources": [{"id": "s", "title": "synthetic"}],
        "hardware": [{"id": "hw", "name": "HW", "device": "HW"}],
        "families": [{"id": "f", "name": "F", "license": "MIT", "sources": ["s"]}],
        "models": [
            {
                "id": f"f-{v}",
                "family": "f",
                "variant": v,
                "source": "s",
                "params_m": 3 + i,
                "accuracy": [{"metric": "map50_95", "value": 40 + i}],
                "latency": [{"hardware": "hw", "ms": ms + i}],
            }
            for i, v in enumerate("nsm")
        ],
    }
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PICKDET_CACHE_DIR", str(folder))
    monkeypatch.delenv("PICKDET_NO_CACHE", raising=False)
    return folder


def _answer(cat: pickdet.Catalog) -> dict[str, object]:
    query = pickdet.Query(hardware="hw", max_ms=3.5, min_accuracy=40)
    return result_dict(cat, pickdet.recommend(cat, query))


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("the files were read again")

    monkeypatch.setattr(build_module, "build", fail)


def test_a_cached_catalogue_answers_as_a_fresh_one(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "mine.yaml", 2.0)
    fresh = pickdet.load_catalog(path)
    _no_build(monkeypatch)
    cached = pickdet.load_catalog(path)
    assert cached is not fresh
    assert _answer(cached) == _answer(fresh)
    assert [c for c in cache_dir.iterdir() if c.suffix == ".pickle"]


def test_records_are_read_again_once_then_cached(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "mine.yaml", 2.0)
    fresh = pickdet.load_catalog(path)
    cached = pickdet.load_catalog(path)
    assert cached.models == fresh.models  # first ask: read from the files, then cached
    assert cached.origin_of("models", "f-n") == str(path)
    _no_build(monkeypatch)
    again = pickdet.load_catalog(path)
    assert again.models == fresh.models
    assert again.sources == fresh.sources
    assert again.model("F-s").id == "f-s"


def test_an_edited_file_is_loaded_afresh(tmp_path: Path, cache_dir: Path) -> None:
    path = _write(tmp_path / "mine.yaml", 2.0)
    before = _answer(pickdet.load_catalog(path))
    _write(path, 3.0)
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
    after = _answer(pickdet.load_catalog(path))
    assert before["candidates"] != after["candidates"]
    assert [c["latency_ms"] for c in after["candidates"]] == [3.0]  # type: ignore[index]


def test_a_broken_cache_file_costs_only_a_reload(tmp_path: Path, cache_dir: Path) -> None:
    path = _write(tmp_path / "mine.yaml", 2.0)
    expected = _answer(pickdet.load_catalog(path))
    for f in cache_dir.iterdir():
        f.write_bytes(b"not a pickle")
    assert _answer(pickdet.load_catalog(path)) == expected
    assert pickdet.load_catalog(path).models["f-m"].params_m is not None


def test_no_cache_writes_nothing(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PICKDET_NO_CACHE", "1")
    path = _write(tmp_path / "mine.yaml", 2.0)
    pickdet.load_catalog(path).models  # noqa: B018
    assert not cache_dir.exists()
    assert not cache.enabled()


def test_entries_hold_each_models_figures(catalog: pickdet.Catalog) -> None:
    """The solver's columns agree with the records, model by model."""
    entries = catalog.entries
    assert len(entries) == len(catalog.models)
    for entry, model in zip(entries, catalog.models.values(), strict=True):
        assert (entry.id, entry.name, entry.family, entry.task) == (
            model.id,
            model.display_name,
            model.family,
            model.task,
        )
        assert entry.params_m == (model.params_m.value if model.params_m else None)
        assert entry.flops_g == (model.flops_g.value if model.flops_g else None)
        for metric, value in entry.accuracy.items():
            best = headline(model, metric)
            assert best is not None
            assert best.value == value
        assert set(entry.accuracy) == {a.metric for a in model.accuracy}
        assert entry.latency == {
            lat.hardware: (lat.latency_ms, lat.derived) for lat in model.latency
        }
    for hw in catalog.hardware:
        having = sum(1 for m in catalog.models.values() if m.latency_on(hw))
        assert catalog.coverage(hw) == having


def test_records_are_cached_only_once_a_command_reads_them(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "mine.yaml", 2.0)
    fresh = pickdet.load_catalog(path)
    _answer(fresh)  # a query by exact ids reads no records
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    assert fresh.model("f-m").id == "f-m"
    assert len(list(cache_dir.glob("*.pickle"))) == 2
    _no_build(monkeypatch)
    assert pickdet.load_catalog(path).models == fresh.models


def test_a_quick_loads_records_are_cached_once(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query's quick first load of JSON has no records: the first command that reads them
    loads and caches them, and a later read writes nothing more."""
    pytest.importorskip("msgspec")
    from pickdet.catalog import load

    path = tmp_path / "mine.json"
    path.write_text(json.dumps(yaml.safe_load(_write(tmp_path / "mine.yaml", 2.0).read_text())))
    written: list[str] = []
    real = cache.write
    monkeypatch.setattr(cache, "write", lambda key, value: written.append(key) or real(key, value))
    cat = load([path], records=False)
    assert len(written) == 1  # the solver's columns
    assert cat.model("f-m").id == "f-m"
    assert cat.models["f-s"].params_m is not None
    assert len(written) == 2  # and the records, once
    assert written[1] == written[0] + "\nrecords"
