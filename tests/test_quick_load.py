"""The msgspec load of JSON catalogues answers exactly as the full load, or gives way to it.

The property tests generate catalogue files, clean ones and damaged ones, and load each both
ways: where the quick load takes a file, the full load must take it too, with the same rows,
families, profiles and notices; a clean file must be taken.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pickdet.catalog import quick
from pickdet.catalog.catalog import Catalog, _build, load
from pickdet.catalog.entries import Entries
from pickdet.errors import CatalogError
from pickdet.render.formats import to_json
from tree_paths import every_path

pytest.importorskip("msgspec")

SOURCES = ["src-a", "src-b"]
PROFILES = ["hw-a", "hw-b"]
FAMILIES = ["fa", "fb"]
METRICS = ["map50_95", "map50", "top1", "mask_map50_95"]
DATASETS = ["coco", "imagenet", "lvis", "dota-v1"]
TASKS = ["detect", "segment", "pose", "obb", "classify"]


def shell() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "sources": [
            {"id": s, "title": s.upper(), "url": f"https://example.com/{s}"} for s in SOURCES
        ],
        "hardware": [
            {"id": h, "name": h.upper(), "device": "Some GPU", "source": "src-a"} for h in PROFILES
        ],
        "families": [
            {"id": f, "name": f.upper(), "license": "MIT", "sources": ["src-b"]} for f in FAMILIES
        ],
    }


def table(entries: Entries) -> str:
    """Every column, with the types of its numbers and the order of its figures."""
    return repr(
        [
            entries.id,
            entries.name,
            entries.family,
            entries.variant,
            entries.task,
            entries.input_size,
            entries.params_m,
            entries.flops_g,
            list(entries.accuracy.items()),
            list(entries.latency.items()),
            sorted((k, sorted(v)) for k, v in entries.derived.items()),
        ]
    )


def both(text: str, *, bundled: bool = False) -> tuple[Catalog | None, Catalog | CatalogError]:
    """The quick load and the full load of one file holding ``text``."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "mine.json")
        Path(path).write_text(text, encoding="utf-8")
        fast = quick.load([path], bundled)
        try:
            full: Catalog | CatalogError = _build([path], bundled)
        except CatalogError as exc:
            full = exc
        if fast is not None:  # its facts are read now, while the file is there
            assert not isinstance(full, CatalogError), full.problems
            assert table(fast.entries) == table(full.entries)
            assert fast.facts == full.facts
            assert fast.profiles == full.profiles
            assert fast.notices == full.notices
            assert fast.files == full.files
    return fast, full


# -- generated models --------------------------------------------------------------------------

positive = st.one_of(
    st.integers(1, 10_000), st.floats(0.01, 10_000, allow_nan=False, allow_infinity=False)
)
percent = st.one_of(st.integers(1, 100), st.floats(1, 100, allow_nan=False))


def clean_model(index: int) -> st.SearchStrategy[dict[str, Any]]:
    """A model the full load takes, in any of the spellings it allows."""
    accuracy = st.fixed_dictionaries(
        {"metric": st.sampled_from(METRICS), "value": percent},
        optional={
            "dataset": st.sampled_from(DATASETS),
            "split": st.sampled_from(["val2017", "test-dev", "unknown"]),
            "source": st.sampled_from(SOURCES),
            "note": st.text(max_size=5).map(str.strip),
            "alternatives": st.lists(
                st.fixed_dictionaries(
                    {"value": percent}, optional={"source": st.sampled_from(SOURCES)}
                ),
                max_size=2,
            ),
        },
    )
    latency = st.fixed_dictionaries(
        {"hardware": st.sampled_from(PROFILES)},
        optional={"source": st.sampled_from(SOURCES), "note": st.none()},
    ).flatmap(
        lambda fig: st.one_of(
            st.fixed_dictionaries({"ms": positive}, optional={"fps": positive}),
            st.fixed_dictionaries({"fps": positive}, optional={"ms": st.none()}),
        ).map(lambda timing: {**fig, **timing})
    )
    scalar = st.one_of(
        st.none(),
        positive,
        st.fixed_dictionaries(
            {"value": positive},
            optional={
                "source": st.sampled_from(SOURCES),
                "alternatives": st.lists(
                    st.fixed_dictionaries(
                        {"value": positive}, optional={"source": st.sampled_from(SOURCES)}
                    ),
                    max_size=1,
                ),
            },
        ),
    )
    return st.fixed_dictionaries(
        {
            "id": st.just(f"m{index}"),
            "family": st.sampled_from(FAMILIES),
            "variant": st.sampled_from(["n", "s", "m-640", "x"]),
            "source": st.sampled_from(SOURCES),  # so that every figure has one
        },
        optional={
            "task": st.sampled_from(TASKS),
            "name": st.one_of(
                st.none(), st.just(""), st.text(min_size=1, max_size=6).map(str.strip)
            ),
            "aliases": st.lists(st.sampled_from(["a", "b"]), max_size=2),
            "input_size": st.one_of(st.none(), st.integers(16, 8192)),
            "epochs": st.integers(1, 500),
            "params_m": scalar,
            "flops_g": scalar,
            "accuracy": st.lists(
                accuracy, max_size=4, unique_by=lambda a: (a["metric"], a.get("dataset", "coco"))
            ),
            "latency": st.lists(latency, max_size=3, unique_by=lambda f: f["hardware"]),
            "notes": st.text(max_size=8),
        },
    )


clean_models = st.integers(0, 6).flatmap(
    lambda n: st.tuples(*(clean_model(i) for i in range(n))).map(list)
)

# One change to one model: each is either refused by the full load or changes its values.
DAMAGE = {
    "padded id": lambda m: {**m, "id": f" {m['id']}"},
    "padded variant": lambda m: {**m, "variant": f"{m['variant']} "},
    "padded name": lambda m: {**m, "name": "  x"},
    "blank variant": lambda m: {**m, "variant": " "},
    "unknown family": lambda m: {**m, "family": "nope"},
    "padded family": lambda m: {**m, "family": f"{m['family']} "},
    "unknown source": lambda m: {**m, "source": "nope"},
    "no source": lambda m: {k: v for k, v in m.items() if k != "source"},
    "null source": lambda m: {**m, "source": None},
    "bare number without a source": lambda m: {
        **{k: v for k, v in m.items() if k not in ("source", "accuracy", "latency", "flops_g")},
        "params_m": 3,
    },
    "task with space": lambda m: {**m, "task": " detect"},
    "number as text": lambda m: {**m, "params_m": "3.2"},
    "bool number": lambda m: {**m, "flops_g": True},
    "zero params": lambda m: {**m, "params_m": 0},
    "float size": lambda m: {**m, "input_size": 640.0},
    "small size": lambda m: {**m, "input_size": 8},
    "unknown field": lambda m: {**m, "colour": "red"},
    "fraction": lambda m: {**m, "accuracy": [{"metric": "map50_95", "value": 0.5}]},
    "fraction alternative": lambda m: {
        **m,
        "accuracy": [{"metric": "map50_95", "value": 50, "alternatives": [{"value": 0.5}]}],
    },
    "metric twice": lambda m: {
        **m,
        "accuracy": [{"metric": "map50", "value": 50}, {"metric": "map50", "value": 51}],
    },
    "profile twice": lambda m: {
        **m,
        "latency": [{"hardware": "hw-a", "ms": 2}, {"hardware": "hw-a", "ms": 3}],
    },
    "unknown profile": lambda m: {**m, "latency": [{"hardware": "hw-z", "ms": 2}]},
    "no timing": lambda m: {**m, "latency": [{"hardware": "hw-a", "ms": None}]},
    "alternative without timing": lambda m: {
        **m,
        "latency": [{"hardware": "hw-a", "ms": 2, "alternatives": [{"source": "src-a"}]}],
    },
    "figure source null": lambda m: {**m, "params_m": {"value": 3, "source": None}},
    "alternative source unknown": lambda m: {
        **m,
        "flops_g": {"value": 3, "alternatives": [{"value": 4, "source": "nope"}]},
    },
    "huge int": lambda m: {**m, "params_m": 10**30},
    "long variant": lambda m: {**m, "variant": "v" * 61},
    "null accuracy": lambda m: {**m, "accuracy": None},
    "id taken": lambda m: {**m, "id": "m0"},
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clean_models)
def test_a_clean_file_is_taken_and_answers_as_the_full_load(models: list[dict[str, Any]]) -> None:
    fast, full = both(json.dumps({**shell(), "models": models}))
    assert isinstance(full, Catalog)
    assert fast is not None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clean_models.filter(bool), st.data())
def test_a_damaged_file_answers_as_the_full_load_or_is_left_to_it(
    models: list[dict[str, Any]], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(DAMAGE)))
    at = data.draw(st.integers(0, len(models) - 1))
    models[at] = DAMAGE[name](models[at])
    both(json.dumps({**shell(), "models": models}))


def with_key_twice(models: list[dict[str, Any]], key: str, first: Any) -> str:
    """The file's JSON with ``key`` given twice in the first model (``first``, then its value)."""
    text = json.dumps({**shell(), "models": models})
    marker = json.dumps(models[0])
    twice = "{" + f"{json.dumps(key)}: {json.dumps(first)}, " + marker[1:]
    return text.replace(marker, twice, 1)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clean_models.filter(bool), st.data())
def test_a_key_given_twice_is_left_to_the_full_load(
    models: list[dict[str, Any]], data: st.DataObject
) -> None:
    key = data.draw(st.sampled_from(sorted(models[0])))
    first = data.draw(st.sampled_from([1, "fa", None, "a:b", [1]]))
    fast, full = both(with_key_twice(models, key, first))
    assert fast is None
    assert isinstance(full, CatalogError)
    assert any("duplicate key" in p.message for p in full.problems)


def dumps_with_key_twice(node: Any, target: Any, key: str, first: Any) -> str:
    """``node`` as JSON, with ``key`` given first as ``first`` in the dict ``target`` too."""
    if isinstance(node, dict):
        items = [
            f"{json.dumps(k)}: {dumps_with_key_twice(v, target, key, first)}"
            for k, v in node.items()
        ]
        if node is target:
            items.insert(0, f"{json.dumps(key)}: {json.dumps(first)}")
        return "{" + ", ".join(items) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(dumps_with_key_twice(v, target, key, first) for v in node) + "]"
    return json.dumps(node)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clean_models, st.data())
def test_a_key_twice_anywhere_is_left_to_the_full_load(
    models: list[dict[str, Any]], data: st.DataObject
) -> None:
    """At the top, in a source, a model, a figure or an alternative: any object of the file."""
    doc = {**shell(), "models": models}
    objects = [o for p in every_path(doc) if isinstance(o := _at(doc, p), dict) and o]
    target = data.draw(st.sampled_from(objects))
    key = data.draw(st.sampled_from(sorted(target)))
    first = data.draw(st.sampled_from([1, 0.5, "src-a", "a:b", None, [], {"x": 1}]))
    fast, full = both(dumps_with_key_twice(doc, target, key, first))
    assert fast is None
    assert isinstance(full, CatalogError)


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def test_escaped_colons_and_spaced_keys_do_not_hide_a_duplicate() -> None:
    models = [{"id": "m0", "family": "fa", "variant": "n", "source": "src-a", "notes": "a:b"}]
    # A duplicate key, and a colon the text spells as an escape: the counts alone would agree.
    text = with_key_twice(models, "variant", "s").replace("a:b", "a\\u003ab")
    assert both(text)[0] is None
    spaced = with_key_twice(models, "variant", "s").replace('"variant":', '"variant" :')
    assert both(spaced)[0] is None
    # Spaced keys and other escapes alone are taken.
    clean = json.dumps({**shell(), "models": models}, indent=1).replace('": ', '" : ')
    assert both(clean.replace("a:b", "a\\u00e9b"))[0] is not None


def test_a_file_with_a_byte_order_mark_or_no_models_is_taken() -> None:
    models = [{"id": "m0", "family": "fa", "variant": "n", "source": "src-a", "params_m": 3}]
    assert both("\ufeff" + json.dumps({**shell(), "models": models}))[0] is not None
    assert both(json.dumps(shell()))[0] is not None


@pytest.mark.parametrize(
    "text",
    ["", "[]", "{", '{"schema_version": 2}', '{"schema_version": 1, "extra": 1}', "NaN"],
)
def test_what_is_not_a_catalogue_is_left_to_the_full_load(text: str) -> None:
    fast, full = both(text)
    assert fast is None
    assert isinstance(full, CatalogError)


def test_a_user_file_beside_the_bundled_catalogue(catalog: Catalog) -> None:
    models = [
        {
            "id": "mine-s",
            "family": "yolo11",
            "variant": "s",
            "source": "src-a",
            "accuracy": [{"metric": "map50_95", "value": 40.5}],
            "latency": [{"hardware": "t4-trt10-fp16", "ms": 2.5}, {"hardware": "hw-a", "fps": 400}],
        }
    ]
    fast, _ = both(json.dumps({**shell(), "models": models}), bundled=True)
    assert fast is not None
    assert fast.entries.id[-1] == "mine-s"
    # A model id the bundled catalogue has merges figures: left to the full load.
    taken = [{**models[0], "id": next(iter(catalog.entries.id))}]
    assert both(json.dumps({**shell(), "models": taken}), bundled=True)[0] is None


def test_only_a_caller_that_reads_no_record_gets_the_quick_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "mine.json"
    models = [{"id": "m0", "family": "fa", "variant": "n", "source": "src-a", "params_m": 3}]
    path.write_text(json.dumps({**shell(), "models": models}))
    monkeypatch.setenv("PICKDET_NO_CACHE", "1")
    taken: list[Catalog | None] = []
    real = quick.load
    monkeypatch.setattr(quick, "load", lambda *a: taken.append(real(*a)) or taken[-1])
    assert load([path], bundled=False).model("m0").params_m is not None
    assert taken == []
    cat = load([path], bundled=False, records=False)
    assert taken == [cat]
    # Its records are read when asked for all the same.
    model = cat.model("m0")
    assert model.params_m is not None
    assert (model.params_m.value, model.params_m.source) == (3, "src-a")


def test_without_msgspec_the_full_load_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({**shell(), "models": []}))
    assert quick.load([str(path)], False) is not None
    monkeypatch.setenv("PICKDET_NO_MSGSPEC", "1")
    assert quick.load([str(path)], False) is None
    monkeypatch.delenv("PICKDET_NO_MSGSPEC")
    monkeypatch.setitem(sys.modules, "msgspec", None)  # not installed: importing it fails
    assert quick.load([str(path)], False) is None
    assert json.loads(to_json({"a": [1, 2.5]}, large=True)) == {"a": [1, 2.5]}


def test_a_large_answer_encodes_to_the_same_json(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = {"a": [1, 2.5, 1e-05, 1e16, None, True, "é"], "b": {"c": (1, 2)}}
    fast = to_json(payload, large=True)
    monkeypatch.setenv("PICKDET_NO_MSGSPEC", "1")
    assert json.loads(fast) == json.loads(to_json(payload, large=True))


def test_the_installed_command_answers_the_same_with_and_without_msgspec(tmp_path: Path) -> None:
    from test_benchmarks import make_catalog

    path = tmp_path / "big.json"
    make_catalog(path, 3000)  # large enough for the msgspec encoder too
    answers = []
    for off in ("0", "1"):
        env = {**os.environ, "PICKDET_NO_MSGSPEC": off, "PICKDET_NO_CACHE": "1"}
        args = ["--catalog", str(path), "--no-bundled", "--hardware", "hw-0", "--json"]
        exe = shutil.which("pickdet")
        command = [exe] if exe else [sys.executable, "-m", "pickdet"]
        done = subprocess.run(
            [*command, "recommend", *args, "--max-ms", "7", "--min-map", "50"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        answers.append(json.loads(done.stdout))
    assert answers[0] == answers[1]
    assert answers[0]["excluded"]


def test_the_size_limit_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    from pickdet.catalog import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    fast, full = both(json.dumps({**shell(), "models": []}))
    assert fast is None
    assert isinstance(full, CatalogError)
    assert "limited to 100" in full.problems[0].message
