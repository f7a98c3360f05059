"""Loading, validation errors with places, merge rules, name resolution."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pickdet
from pickdet.catalog import Catalog
from pickdet.catalog.build import build
from pickdet.catalog.entries import headline, headlines
from pickdet.catalog.files import load_file, load_text
from pickdet.catalog.records import Accuracy, Model
from pickdet.errors import CatalogError, UnknownNameError
from user_catalog import USER_CATALOG

MINIMAL = USER_CATALOG


def _problems(text: str, tmp_path: Path, name: str = "cat.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(CatalogError) as info:
        build([load_file(path)])
    return [str(p) for p in info.value.problems]


def test_bundled_catalogue_loads(catalog: Catalog) -> None:
    assert len(catalog.models) >= 17
    for model in catalog.models.values():
        assert model.family in catalog.families
        for lat in model.latency:
            assert lat.hardware in catalog.hardware
            assert lat.source in catalog.sources


def test_every_figure_has_a_source(catalog: Catalog) -> None:
    for model in catalog.models.values():
        figs = [f for f in (model.params_m, model.flops_g) if f] + [*model.accuracy, *model.latency]
        for fig in figs:
            assert fig.source in catalog.sources, (model.id, fig)
            for alt in fig.alternatives:
                assert alt.source in catalog.sources, (model.id, alt)


def test_minimal_user_catalogue_merges_with_bundled(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL)
    cat = pickdet.load_catalog(path)
    model = cat.model("MyNet-S")
    assert model.params_m is not None
    assert model.params_m.source == "mine"
    assert model.latency_on("orin") is not None
    assert cat.origin_of("models", "mynet-s") == str(path)
    assert "yolov7-l" in cat.models


def test_validation_error_names_file_line_and_field(tmp_path: Path) -> None:
    bad = MINIMAL.replace("value: 40.1", "value: -3")
    problems = _problems(bad, tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'cat.yaml'}:15:")
    assert "models[0].accuracy[0].value" in problems[0]
    assert "greater than or equal to 0" in problems[0]


def test_unknown_field_and_enum_say_what_is_valid(tmp_path: Path) -> None:
    bad = MINIMAL.replace("split: val2017", "split: val2019").replace(
        "params_m: 3.2", "parms_m: 3.2"
    )
    problems = " ".join(_problems(bad, tmp_path))
    assert "'val2019' is not valid; expected one of" in problems
    assert "'test-dev'" in problems
    assert "parms_m: unknown field; did you mean 'params_m'?" in problems


def test_cross_references_are_checked(tmp_path: Path) -> None:
    bad = MINIMAL.replace("hardware: orin, ms", "hardware: orn, ms")
    bad = bad.replace("family: mynet\n", "family: mynett\n")
    problems = "\n".join(_problems(bad, tmp_path))
    assert "unknown hardware profile 'orn'; did you mean orin?" in problems
    assert "unknown family 'mynett'; did you mean mynet?" in problems


def test_fraction_map_is_flagged(tmp_path: Path) -> None:
    problems = _problems(MINIMAL.replace("value: 40.1", "value: 0.401"), tmp_path)
    assert "looks like a fraction" in problems[0]
    assert "40.1" in problems[0]


def test_figure_without_source_is_rejected(tmp_path: Path) -> None:
    problems = _problems(
        MINIMAL.replace("    source: mine\n    params_m", "    params_m"), tmp_path
    )
    assert any("has no source" in p for p in problems)


def test_duplicate_key_and_tag_are_rejected() -> None:
    with pytest.raises(CatalogError, match="duplicate key 'id'"):
        load_text("schema_version: 1\nsources:\n  - {id: a, id: b, title: t}\n", "x.yaml")
    with pytest.raises(CatalogError, match="tag not allowed"):
        load_text("schema_version: !!python/object/apply:os.system ['true']\n", "x.yaml")


def test_names_resolve_as_people_type_them(catalog: Catalog) -> None:
    expected = {
        "yolov7x": "yolov7-x",
        "YOLOv7-L": "yolov7-l",
        "DAMO-YOLO-T": "damo-yolo-t",
        "damo-yolo-tiny": "damo-yolo-t",
        "RT-DETR-R50": "rtdetr-r50",
        "rtdetr r50 obj365": "rtdetr-r50-obj365",
        "RT-DETRv2-S": "rtdetrv2-s",
        "rtdetr-v2-s": "rtdetrv2-s",
    }
    for name, model_id in expected.items():
        assert catalog.model(name).id == model_id, name
    assert catalog.family("rtdetr-v2").id == "rtdetrv2"


def test_an_exact_id_needs_no_name_index() -> None:
    # Building the index of every spelling takes seconds on 10^5 models; an id needs none.
    fresh = pickdet.load_catalog()
    assert fresh.model("yolov7-l").id == "yolov7-l"
    assert fresh.family("rtdetrv2").id == "rtdetrv2"
    assert fresh._names is None
    assert fresh.model("YOLOv7-L").id == "yolov7-l"  # any other spelling builds it
    assert fresh._names is not None


def test_profile_names_resolve_without_loading_records() -> None:
    pickdet.load_catalog()  # the cache holds it now
    cached = pickdet.load_catalog()
    assert cached._records is None  # answered from the cache so far
    assert cached.profile_id("T4 TRT10 FP16") == "t4-trt10-fp16"
    with pytest.raises(UnknownNameError, match="did you mean t4-trt10-fp16"):
        cached.profile_id("t4-trt10-fp17")
    assert cached._records is None
    assert cached.profile("T4 TRT10 FP16").device  # the record, when one is asked for


def test_models_of_a_family_in_catalogue_order(catalog: Catalog) -> None:
    for family_id in catalog.families:
        scan = [m for m in catalog.models.values() if m.family == family_id]
        assert catalog.models_of(family_id) == scan, family_id
    assert catalog.models_of("no-such-family") == []
    catalog.models_of("yolov7").clear()  # a caller's copy: the index is not touched
    assert catalog.models_of("yolov7")


def test_unknown_name_suggests(catalog: Catalog) -> None:
    with pytest.raises(UnknownNameError) as info:
        catalog.model("damo-yolo-sm")
    assert "did you mean" in str(info.value)
    assert "damo-yolo-s" in info.value.suggestions


_METRICS = ("map50_95", "map50", "mask_map50_95", "top1")
_DATASETS = ("coco", "lvis", "imagenet")


@settings(max_examples=300, deadline=None)
@given(
    task=st.sampled_from(("detect", "segment", "classify")),
    figures=st.lists(
        st.tuples(
            st.sampled_from(_METRICS), st.sampled_from(_DATASETS), st.floats(1, 100).map(round)
        ),
        max_size=6,
    ),
)
def test_headlines_pick_what_headline_picks(
    task: str, figures: list[tuple[str, str, float]]
) -> None:
    """The solver's columns hold, for every metric a model has, the figure ``headline`` picks:
    the metric on the task's own dataset when the model has it there, else its first figure."""
    model = Model(
        id="m",
        family="f",
        variant="x",
        task=task,  # type: ignore[arg-type]
        accuracy=tuple(
            Accuracy(metric=m, value=v, dataset=d)  # type: ignore[arg-type]
            for m, d, v in figures
        ),
    )
    expected = {}
    for metric in dict.fromkeys(m for m, _, _ in figures):
        best = headline(model, metric)
        assert best is not None
        expected[metric] = best.value
    assert headlines(model) == expected


def test_a_key_given_twice_in_json_is_located() -> None:
    text = '{\n  "schema_version": 1,\n  "sources": [],\n  "sources": []\n}\n'
    with pytest.raises(CatalogError) as err:
        load_text(text, "x.json", as_json=True)
    problem = err.value.problems[0]
    assert (problem.message, problem.line, problem.column) == ("duplicate key 'sources'", 4, 3)
    # JSON that YAML cannot read (an escaped surrogate pair, as json.dumps writes an emoji):
    # still reported, without a line.
    text = '{"schema_version": 1, "a": "\\ud83d\\ude00", "a": 2}'
    with pytest.raises(CatalogError) as err:
        load_text(text, "x.json", as_json=True)
    assert err.value.problems[0].message == "duplicate key 'a'"
    assert err.value.problems[0].line is None
