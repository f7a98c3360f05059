"""YAML catalogues: data built from libyaml's parse events is what PyYAML's full loader gives.

Documents are built from YAML 1.1's awkward scalars (octal, sexagesimal, yes/no, .inf, dates,
explicit tags), flow collections and repeated keys, in block and flow style.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pickdet.catalog import files
from pickdet.errors import CatalogError
from tree_paths import every_path
from user_catalog import USER_CATALOG

SCALARS = [
    "1", "-1", "+5", "0", "00", "017", "0o7", "0x1F", "0b101", "1_000", "1:30", "1__0",
    "1.5", "-0.0", "1e3", "1.0e+3", "6.8e-5", ".5", "1.", ".inf", "-.inf", ".NaN", "1:30.5",
    "yes", "No", "on", "OFF", "true", "False", "y", "~", "null", "NULL", "",
    "2024-01-01", "2024-01-01 10:00:00", "2001-12-14t21:59:43.10-05:00",
    "'quoted'", '"dq\\n"', "'1'", "abc", "a b", "café", "'it''s'",
    "!!str 12", "!!float 3", "!!int 7", "!!bool yes", "!!null ''", "!!str", "!!binary aGk=",
    "!!int abc", "!!int", "!!float", "!!bool", "!!timestamp", "!!timestamp x", "!custom 1",
    "! 12", "[1, a, 2.5]", "{a: 1, b: [x]}", "[]", "{}",
    "*a", "!!map {a: 1}", "!!seq [1]", "!!set {x, y}", "!!omap [{x: 1}]", "!x [1]", "!!map [1]",
]  # fmt: skip
KEYS = ["a", "b", "id", "1", "2.5", "yes", "~", "2024-01-01", "'a'", "!!str 1", "<<", "? [x]"]

leaf = st.sampled_from(SCALARS)
tree = st.recursive(
    leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4)
    ),
    max_leaves=12,
)


def render(node: Any, indent: int = 0) -> list[str]:
    """Block-style YAML lines for a tree of scalar tokens, lists and (key, value) pairs."""
    pad = " " * indent
    if isinstance(node, str):
        return [pad + node]
    if not node:  # an empty list (an empty mapping is the "{}" scalar token)
        return [pad + "[]"]
    lines = []
    for item in node:
        if isinstance(item, tuple):
            key, value = item
            lines += _entry(pad, f"{key}:", value, indent)
        else:
            lines += _entry(pad, "-", item, indent)
    return lines


def _entry(pad: str, lead: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, str):
        return [f"{pad}{lead} {value}".rstrip()]
    return [pad + lead, *render(value, indent + 2)]


def outcome(load: Any, text: str) -> tuple[str, Any]:
    """What a loader makes of ``text``: the data's repr (types and order included) and the
    duplicate keys, or the error it raises."""
    try:
        data, duplicates = load(text)
    except Exception as exc:  # the two paths must fail alike, whatever the error
        return "error", (type(exc).__name__, str(exc))
    return repr(data), duplicates


@settings(max_examples=400, deadline=None)
@given(tree)
def test_plain_walk_matches_the_full_loader(doc: Any) -> None:
    text = "\n".join(render(doc)) + "\n"
    assert outcome(files._yaml_load, text) == outcome(files._yaml_load_full, text)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n",  # anchors and a merge key
        "? [a, b]\n: 1\n",  # a key that is a sequence
        "a: !!binary aGk=\nb: !!set {x, y}\n",  # tags the plain walk leaves alone
        "a: 1\nb:\n  c: 2\n  c: 3\na: 4\n",  # duplicates at two depths, in line order
        "a: " + "[" * 600 + "]" * 600 + "\n",  # deep nesting
        "a: 1\n---\nb: 2\n",  # a second document
        "a: *x\n",  # an alias to no anchor
        "# only a comment\n",  # no document
        "---\n",  # an empty one
    ],
)
def test_documents_the_plain_walk_hands_over(text: str) -> None:
    assert outcome(files._yaml_load, text) == outcome(files._yaml_load_full, text)


# _yaml_load leaves any text with an anchor to the full loader; the builder is right either way.
@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: &x [1]\nb: [*x]\n"])
def test_the_builder_hands_aliases_over(text: str) -> None:
    with pytest.raises(files._Unusual):
        files._plain(text)


@pytest.mark.parametrize("text", ["a: &x 1\n", "a: &x [1]\n", "a: &x {b: 1}\nc: &y yes\n"])
def test_an_anchor_nothing_refers_to_changes_no_data(text: str) -> None:
    assert outcome(files._plain, text) == outcome(files._yaml_load_full, text)


def test_duplicates_are_reported_in_line_order() -> None:
    data, duplicates = files._yaml_load("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n")
    assert data == {"a": 4, "b": {"c": 3}}
    assert duplicates == [("duplicate key 'c'", 4, 3), ("duplicate key 'a'", 5, 1)]


def test_a_sequence_key_is_a_located_problem() -> None:
    with pytest.raises(CatalogError) as err:
        files.parse("? [a, b]\n: 1\n", "k.yaml", as_json=False)
    (problem,) = err.value.problems
    assert "a mapping key must be a plain value" in problem.message
    assert (problem.line, problem.column) == (1, 3)


@settings(max_examples=300, deadline=None)
@given(tree, st.data())
def test_locating_from_events_matches_the_node_tree(doc: Any, data: st.DataObject) -> None:
    text = "\n".join(render(doc)) + "\n"
    assume(not files._may_have_anchors(text))
    try:
        loaded, _ = files._yaml_load_full(text)
    except Exception:
        assume(False)  # problems are only ever located in files that load
    real = every_path(loaded)
    beyond = st.tuples(st.sampled_from(real), st.sampled_from(["zz", "a", "1", 0, 1, 7]))
    paths = real + [(*p, part) for p, part in data.draw(st.lists(beyond, max_size=4))]
    assert files.locate_all(text, paths) == [files._locate_in_tree(text, p) for p in paths]


def test_locating_every_field_of_a_catalogue() -> None:
    text = USER_CATALOG
    paths = every_path(files.parse(text, "user.yaml", as_json=False))
    assert not files._may_have_anchors(text)
    assert files.locate_all(text, paths) == [files._locate_in_tree(text, p) for p in paths]
    assert files.locate_all(text, [("models", 0, "latency", 0, "ms")])[0] is not None


def test_parts_that_print_alike_are_located_apart() -> None:
    # 1, "1" and True are three parts: a key's text "1" matches 1 and "1", an index matches 1
    # and True, the key "yes" matches none of them.
    text = "- yes: 1\n  !!str 1: 2\n- [a, b]\n"
    paths: list[tuple[Any, ...]] = [(0, True), (0, 1), (0, "1"), (1, 1), (1, True), (1, "1")]
    assert files.locate_all(text, paths) == [files._locate_in_tree(text, p) for p in paths]
    assert files.locate_all(text, [(0, 1), (0, "1"), (0, True)]) == [(2, 12), (2, 12), (1, 3)]
    assert files.locate_all(text, [(1, 1), (1, True), (1, "1")]) == [(3, 7), (3, 7), (3, 3)]
