"""Catalogue files -> validated records, with every problem located by file, line and field.

Parsing is the fast path: the json module for .json files, and for YAML data built straight from
libyaml's parse events (PyYAML's full loader where a document needs it). Line numbers are only
worked out when something is wrong, in one more pass over the events for all of a file's problems.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CatalogError, Problem
from .records import CatalogFile, Model

if TYPE_CHECKING:
    from pydantic import TypeAdapter

MAX_FILE_BYTES = 256 * 1024 * 1024
# Aliases may share a block; they may not multiply the document (the "billion laughs" attack).
MIN_ALIAS_BUDGET = 100_000
ALIAS_EXPANSION_FACTOR = 4

Location = tuple[int, int]  # 1-based line and column
Path_ = tuple[str | int, ...]


@dataclass
class LoadedFile:
    """One validated catalogue file and where it came from."""

    path: str
    data: CatalogFile
    # The file's text, read again only to locate a problem: a large file's text is not kept
    # in memory beside its records.
    read: Callable[[], str]
    # Set when only part of the file validated: each kept record's index in the file, and the
    # ids of records that did not validate (so references to them are not reported twice).
    kept: dict[str, list[int]] | None = None
    invalid_ids: frozenset[tuple[str, str]] = frozenset()  # (group, id)
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.read()
        return self._text

    def locate_all(self, paths: list[Path_]) -> list[Location | None]:
        return locate_all(self.text, paths)


class _DataError(Exception):
    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"

Duplicates = list[tuple[str, int, int]]  # message, line, column


def _at(node: Any) -> Location:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _duplicate(key: Any, key_node: Any) -> tuple[str, int, int]:
    # Reported, and the last value kept, so that a check can report every problem at once.
    return (f"duplicate key {key!r}", *_at(key_node))


def _base_loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _scalar_makers() -> dict[str, Callable[[Any], Any]]:
    """PyYAML's own constructors of the plain scalar tags (int, float, bool, null, timestamp),
    by tag, failing with a located problem: given an explicit tag and a value it cannot hold
    (``!!int abc``, or ``!!int`` and nothing), PyYAML raises ValueError, KeyError, IndexError
    or AttributeError."""
    import yaml

    ctor = yaml.constructor.SafeConstructor()

    def located(name: str) -> Callable[[Any], Any]:
        make = getattr(ctor, f"construct_yaml_{name}")

        def construct(node: Any) -> Any:
            try:
                return make(node)
            except (ValueError, LookupError, AttributeError, TypeError):
                raise _DataError(f"{node.value!r} is not a valid !!{name}", *_at(node)) from None

        return construct

    return {_TAG + name: located(name) for name in ("int", "float", "bool", "null", "timestamp")}


@functools.cache
def _strict_loader() -> type[Any]:
    """A safe loader (libyaml when available) that also reports duplicate keys.

    Built on first use so that answering from the cache never imports yaml.
    """
    import yaml

    base: type[yaml.SafeLoader] = _base_loader()

    class StrictLoader(base):  # type: ignore[valid-type,misc]
        duplicates: Duplicates

    def construct_mapping(loader: Any, node: Any) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # e.g. `!!map abc`
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        loader.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=False)
            if not isinstance(key, Hashable):
                raise _DataError("a mapping key must be a plain value", *_at(key_node))
            if key in mapping:
                loader.duplicates.append(_duplicate(key, key_node))
            mapping[key] = loader.construct_object(value_node, deep=False)
        return mapping

    StrictLoader.add_constructor(_MAP, construct_mapping)
    for tag, make in _scalar_makers().items():
        StrictLoader.add_constructor(tag, lambda _loader, node, make=make: make(node))
    return StrictLoader


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DataError(f"duplicate key {key!r}")
            seen.add(key)
    return result


def _yaml_load(text: str) -> tuple[Any, Duplicates]:
    """YAML text as plain data, with its duplicate keys (the last value is kept).

    A document without anchors is built straight from libyaml's parse events by ``_plain``:
    about 0.75 s and 60 MB for 10,000 models, where PyYAML's loader, which first builds a node for
    every value, takes 1.5 s and 230 MB. A document that uses anything else goes through the
    full loader. Both give the same data and the same errors (a property test checks).
    """
    if not _may_have_anchors(text):  # so no alias either
        try:
            return _plain(text)
        except _Unusual:
            pass
    return _yaml_load_full(text)


def _may_have_anchors(text: str) -> bool:
    # An anchor is "&" and its name, with no space between: "val & test-dev" is not one.
    return re.search(r"&\S", text) is not None


def _yaml_load_full(text: str) -> tuple[Any, Duplicates]:
    loader = _strict_loader()(text)
    loader.duplicates = []
    try:
        return loader.get_single_data(), sorted(loader.duplicates, key=lambda d: d[1:])
    finally:
        loader.dispose()


class _Unusual(Exception):
    """What ``_plain`` leaves to the full loader: an alias, a merge key, a key that is not a
    scalar, a tag other than the plain ones, a value its tag cannot hold, a second document."""


_NO_KEY: Any = object()  # an open mapping's slot before its next key


def _plain(text: str) -> tuple[Any, Duplicates]:
    """The data of a single document of plain mappings, sequences and scalars, built from the
    parser's events with the loader's own tag resolution and scalar constructors."""
    from yaml import ScalarNode
    from yaml.events import (
        DocumentEndEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    makers = _scalar_makers()
    duplicates: Duplicates = []
    open_: list[Any] = []  # the mappings and sequences being filled, innermost last
    keys: list[Any] = []  # beside each: a mapping's (key, key event) awaiting its value
    result: list[Any] = []
    resolved: dict[tuple[str, Any], str] = {}

    def add(value: Any, event: Any) -> None:
        if not open_:
            result.append(value)
        elif type(open_[-1]) is list:
            open_[-1].append(value)
        elif keys[-1] is _NO_KEY:
            keys[-1] = (value, event)
        else:
            (key, key_event), keys[-1] = keys[-1], _NO_KEY
            if key in open_[-1]:
                duplicates.append(_duplicate(key, key_event))
            open_[-1][key] = value

    def start(container: Any, event: Any, plain_tag: str) -> None:
        if event.tag not in (None, plain_tag):
            raise _Unusual
        if open_ and keys[-1] is _NO_KEY and type(open_[-1]) is dict:
            raise _Unusual  # a mapping or sequence as a key
        open_.append(container)
        keys.append(_NO_KEY)

    loader = _base_loader()(text)
    try:
        get = loader.get_event
        get()  # the stream's start
        if isinstance(get(), StreamEndEvent):
            return None, []  # no document at all (comments only)
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                tag = event.tag
                if tag is None:  # most values recur (sources, metrics, splits): resolve each once
                    seen = (event.value, event.implicit)
                    tag = resolved.get(seen)
                    if tag is None:
                        tag = resolved[seen] = loader.resolve(ScalarNode, *seen)
                if tag == _STR:
                    add(event.value, event)
                    continue
                make = makers.get(tag)
                if make is None:
                    raise _Unusual
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
                try:
                    add(make(node), event)
                except _DataError:  # the full loader reports it, or an earlier problem
                    raise _Unusual from None
            elif kind is MappingStartEvent:
                start({}, event, _MAP)
            elif kind is SequenceStartEvent:
                start([], event, _SEQ)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                keys.pop()
                add(open_.pop(), event)
            elif kind is DocumentEndEvent:
                break
            else:  # an alias (an anchor nothing refers to changes no data)
                raise _Unusual
        if not isinstance(get(), StreamEndEvent):
            raise _Unusual  # a second document
    finally:
        loader.dispose()
    return result[0], sorted(duplicates, key=lambda d: d[1:])


def _reject_constant(name: str) -> float:
    raise _DataError(f"{name} is not a valid number in a catalogue")


def read_text(path: Path) -> str:
    """Read a catalogue file as UTF-8 text, turning every OS error into a located problem."""
    name = str(path)
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogError(
            [Problem(name, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})", line=line)]
        ) from None


def read_bytes(path: Path) -> bytes:
    """Read a catalogue file (at most MAX_FILE_BYTES), turning every OS error into a problem."""
    name = str(path)
    try:
        if path.is_dir():
            raise CatalogError([Problem(name, "is a directory, not a catalogue file")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CatalogError(
                [Problem(name, f"is {size} bytes; catalogue files are limited to {MAX_FILE_BYTES}")]
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise CatalogError([Problem(name, "no such file")]) from None
    except PermissionError:
        raise CatalogError([Problem(name, "permission denied")]) from None
    except OSError as exc:
        raise CatalogError([Problem(name, f"cannot be read: {exc.strerror or exc}")]) from None


def parse(text: str, name: str, *, as_json: bool) -> Any:
    """Parse JSON or YAML text into plain data, failing on any problem."""
    data, problems = parse_collecting(text, name, as_json=as_json)
    if problems:
        raise CatalogError(problems)
    return data


def parse_collecting(text: str, name: str, *, as_json: bool) -> tuple[Any, list[Problem]]:
    """Parse JSON or YAML text into plain data; only data tags are allowed.

    Text that cannot be read as data raises CatalogError. Duplicate YAML keys do not stop the
    parse (the last value is kept) and are returned as problems, so a check can report them all.
    """
    if not text.strip():
        raise CatalogError([Problem(name, "is empty; a catalogue needs at least schema_version")])
    import yaml

    duplicates: Duplicates = []
    try:
        if as_json:
            data = json.loads(text, object_pairs_hook=_json_object, parse_constant=_reject_constant)
        else:
            data, duplicates = _yaml_load(text)
    except _DataError as exc:
        line, column = exc.line, exc.column
        if as_json and line is None:  # a duplicate key: the JSON parser does not say where
            line, column = _json_duplicate_at(text, str(exc))
        raise CatalogError([Problem(name, str(exc), line=line, column=column)]) from None
    except json.JSONDecodeError as exc:
        raise CatalogError(
            [Problem(name, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if "could not determine a constructor" in message:
            message = f"tag not allowed: {message.split('tag')[-1].strip()} (only plain data)"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise CatalogError([Problem(name, message, line=line, column=col)]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([Problem(name, f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise CatalogError([Problem(name, "nesting is too deep")]) from None
    if not as_json and _may_have_anchors(text):  # without an anchor no alias can expand
        _check_alias_expansion(data, name)
        # Shorthands are expanded in place (a model's default source fills its figures): a
        # block two models share must become two blocks, or one model's default would fill
        # the other's figures.
        try:
            data = _unshared(data)
        except RecursionError:  # an alias inside itself
            raise CatalogError([Problem(name, "nesting is too deep")]) from None
    return data, [Problem(name, msg, line=line, column=col) for msg, line, col in duplicates]


def _json_duplicate_at(text: str, message: str) -> tuple[int | None, int | None]:
    """Where a JSON text gives a key twice, read again as YAML (which JSON nearly always is),
    whose parser says where each key is; (None, None) where it cannot be read so."""
    import yaml

    try:
        _, duplicates = _yaml_load(text)
    except (yaml.YAMLError, _DataError, RecursionError):
        return None, None
    return next(((line, col) for found, line, col in duplicates if found == message), (None, None))


def _check_alias_expansion(data: Any, name: str) -> None:
    """Reject documents whose aliases expand to far more nodes than they hold."""
    sizes: dict[int, int] = {}
    distinct = 0

    def size(obj: Any) -> int:
        nonlocal distinct
        key = id(obj)
        if key in sizes:
            return sizes[key]
        sizes[key] = 1  # guards against cycles
        distinct += 1
        if isinstance(obj, dict):
            total = 1 + sum(size(k) + size(v) for k, v in obj.items())
        elif isinstance(obj, list):
            total = 1 + sum(size(v) for v in obj)
        else:
            total = 1
        sizes[key] = total
        return total

    try:
        expanded = size(data)
    except RecursionError:
        raise CatalogError([Problem(name, "nesting is too deep")]) from None
    if expanded > max(MIN_ALIAS_BUDGET, ALIAS_EXPANSION_FACTOR * distinct):
        raise CatalogError(
            [
                Problem(
                    name,
                    f"aliases expand {distinct} nodes into {expanded}; "
                    "refusing a document that multiplies itself",
                )
            ]
        )


def _unshared(node: Any) -> Any:
    """A copy of parsed data in which no dict or list appears twice (aliases made copies)."""
    if isinstance(node, dict):
        return {k: _unshared(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_unshared(v) for v in node]
    return node


_FIGURE_KEYS = ("params_m", "flops_g")


def _prepare(data: Any) -> Any:
    """Expand shorthands in place: ``params_m: 36.9`` and a model-level default ``source``."""
    if not isinstance(data, dict):
        return data
    models = data.get("models")
    if not isinstance(models, list):
        return data
    for model in models:
        if not isinstance(model, dict):
            continue
        figures = []
        for key in _FIGURE_KEYS:
            value = model.get(key)
            if isinstance(value, dict):
                figures.append(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                model[key] = {"value": value}
                figures.append(model[key])
        default = model.get("source")
        if not isinstance(default, str):
            continue
        for key in ("accuracy", "latency"):
            group = model.get(key)
            if isinstance(group, list):
                figures += group
        for fig in figures:  # one loop, no generator: this runs for every figure of 10^5 models
            if isinstance(fig, dict):
                fig.setdefault("source", default)
                alts = fig.get("alternatives")
                if isinstance(alts, list):
                    for alt in alts:
                        if isinstance(alt, dict):
                            alt.setdefault("source", default)
    return data


@functools.cache
def adapter() -> TypeAdapter[CatalogFile]:
    from pydantic import TypeAdapter

    return TypeAdapter(CatalogFile)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a catalogue file."""
    schema = adapter().json_schema()
    schema["title"] = "pickdet catalogue"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# Models are validated this many at a time, and each batch's parsed data is let go once it has
# become records: a large file's parsed data and its records are never all in memory together.
BATCH = 4096


def validate(data: Any, name: str, read: Callable[[], str]) -> CatalogFile:
    """Validate parsed data into records, or raise CatalogError listing every problem.

    ``read`` gives the file's text, to locate problems (called only when there are some).
    The models of ``data`` are consumed: validated ones are replaced by None.
    """
    from pydantic import ValidationError

    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise CatalogError(
            [Problem(name, f"top level must be a mapping with schema_version, got {kind}", line=1)]
        )
    shell_data = dict(data)
    models = data.get("models")
    if isinstance(models, list):
        shell_data["models"] = []
    else:  # absent, or not a list: left to the shell's validation
        models = []
    errors: list[Any] = []
    shell: CatalogFile | None = None
    try:
        shell = adapter().validate_python(shell_data)
    except ValidationError as exc:
        errors.extend(exc.errors(include_url=False))
    done: dict[int, Model] = {}
    one_batch = models_adapter()
    for start in range(0, len(models), BATCH):
        batch = models[start : start + BATCH]
        try:
            records = one_batch.validate_python(_prepare({"models": batch})["models"])
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                first, *rest = err["loc"]
                err["loc"] = ("models", start + int(first), *rest)
                errors.append(err)
            continue
        done.update(enumerate(records, start))
        models[start : start + len(batch)] = [None] * len(batch)
    if errors or shell is None:
        raise CatalogError(_schema_problems(errors, name, read()), partial=_salvage(data, done))
    return CatalogFile(
        shell.schema_version, shell.sources, shell.hardware, shell.families, tuple(done.values())
    )


@functools.cache
def models_adapter() -> TypeAdapter[list[Model]]:
    from pydantic import TypeAdapter

    return TypeAdapter(list[Model])


def _schema_problems(errors: list[Any], name: str, text: str) -> list[Problem]:
    found: dict[tuple[str, str], Path_] = {}  # (dotted path, message) -> path, in order
    for err in errors:
        path = tuple(p for p in err["loc"] if not _is_union_tag(p))
        found.setdefault((format_path(path), _describe(err)), path)
    places = locate_all(text, list(found.values()))
    return [
        Problem(name, message, dotted, *(loc or (None, None)))
        for ((dotted, message), loc) in zip(found, places, strict=True)
    ]


def _salvage(
    data: dict[str, Any], done: dict[int, Model]
) -> tuple[CatalogFile, dict[str, list[int]], frozenset[tuple[str, str]]]:
    """The records of a file that validate on their own, so later checks can still run.

    ``done`` holds the models already validated (their parsed data is gone), by position.
    """
    from pydantic import TypeAdapter, ValidationError

    from .records import Family, Hardware, Source

    kept: dict[str, Any] = {}
    positions: dict[str, list[int]] = {}
    invalid: set[tuple[str, str]] = set()
    groups = (("sources", Source), ("hardware", Hardware), ("families", Family), ("models", Model))
    for key, kind in groups:
        one: TypeAdapter[Any] = TypeAdapter(kind)
        items = data.get(key)
        good, where = [], []
        for i, item in enumerate(items if isinstance(items, list) else []):
            if key == "models" and i in done:
                good.append(done[i])
                where.append(i)
                continue
            try:
                good.append(one.validate_python(item))  # models: already prepared
                where.append(i)
            except ValidationError:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    invalid.add((key, item["id"]))
        kept[key] = tuple(good)
        positions[key] = where
    return CatalogFile(**kept), positions, frozenset(invalid)


def _is_union_tag(part: Any) -> bool:
    # pydantic names the union member it tried (e.g. "constrained-int", "Annotated[...]").
    return isinstance(part, str) and (
        part.startswith(("constrained-", "function-", "Annotated[", "tagged-union["))
        or part in ("int", "float", "str", "bool", "date", "ScalarFigure", "none")
    )


def _describe(err: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        close = get_close_matches(str(err["loc"][-1]), _field_names(err["loc"]), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "`pickdet schema` lists the valid fields"
        return f"unknown field; {hint}"
    if kind in ("dataclass_type", "dataclass_exact_type") and err["loc"][-1] in _FIGURE_KEYS:
        return f"expected a number, or a mapping with value and source (got {got!r})"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        return f"{got!r} is not valid; expected one of {ctx.get('expected', '')}"
    if kind in ("greater_than", "greater_than_equal", "less_than_equal", "finite_number"):
        shown = "NaN" if isinstance(got, float) and math.isnan(got) else repr(got)
        return f"{err['msg'].lower()} (got {shown})"
    if isinstance(got, (dict, list)):
        return str(err["msg"])
    return f"{err['msg']} (got {got!r})"


def _field_names(loc: tuple[Any, ...]) -> list[str]:
    """The valid field names of the record at ``loc`` (for "did you mean")."""
    from dataclasses import fields

    from . import records

    kind: Any = records.CatalogFile
    nested = {
        "sources": records.Source,
        "hardware": records.Hardware,
        "families": records.Family,
        "models": records.Model,
        "accuracy": records.Accuracy,
        "latency": records.Latency,
        "params_m": records.ScalarFigure,
        "flops_g": records.ScalarFigure,
    }
    for part in loc[:-1]:
        if part == "alternatives":
            kind = records.AltLatency if kind is records.Latency else records.AltValue
        elif part in nested:
            kind = nested[part]
    return [f.name for f in fields(kind) if f.name != loc[-1]]


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def locate_all(text: str, paths: list[Path_]) -> list[Location | None]:
    """Line and column of the deepest node on each path (JSON is YAML enough for this).

    One pass over the parse events finds them all and stops once it has. A text with anchors is
    searched in its node tree instead, where an alias leads into the node it names.
    """
    if _may_have_anchors(text):
        return [_locate_in_tree(text, path) for path in paths]
    root = _Step()
    ends = [root.follow(path) for path in paths]
    _mark_steps(text, root, {id(step) for step in ends})
    out: list[Location | None] = []
    for path in paths:
        step, best = root, root.at
        for part in path:
            step = step.parts[_part_key(part)]
            best = step.at or best
        out.append(best)
    return out


def _part_key(part: str | int) -> tuple[type, str | int]:
    return type(part), part  # 1 and "1" (and True) are different parts


class _Step:
    """A node of the tree of paths being located: where it starts in the text, once found.

    A path's part matches a mapping's key when the key's text is ``str(part)``, and a sequence's
    index when the part is an int: so one node in the text can be several steps ("1" and 1).
    """

    __slots__ = ("at", "by_index", "by_key", "parts")

    def __init__(self) -> None:
        self.at: Location | None = None
        self.parts: dict[tuple[type, str | int], _Step] = {}
        self.by_key: dict[str, list[_Step]] = {}
        self.by_index: dict[int, list[_Step]] = {}

    def follow(self, path: Path_) -> _Step:
        """The step at the end of ``path``, made as needed."""
        step = self
        for part in path:
            child = step.parts.get(_part_key(part))
            if child is None:
                child = step.parts[_part_key(part)] = _Step()
                step.by_key.setdefault(str(part), []).append(child)
                if isinstance(part, int):
                    step.by_index.setdefault(part, []).append(child)
            step = child
        return step


_NOT_A_KEY: Any = object()  # a mapping's key that is itself a mapping or sequence


def _mark_steps(text: str, root: _Step, wanted: set[int]) -> None:
    """Set ``at`` on every step of the path tree that the text has, stopping once every step
    in ``wanted`` (by id) is found. The first of two equal keys is the one followed."""
    import yaml
    from yaml.events import CollectionEndEvent, CollectionStartEvent, NodeEvent, ScalarEvent

    # Per open mapping or sequence: the steps it is, whether it is a mapping, the next index,
    # and the key awaiting its value (_NO_KEY: the next node is a key).
    stack: list[list[Any]] = []
    loader = _base_loader()(text)
    try:
        while wanted:
            event = loader.get_event()
            if isinstance(event, NodeEvent):
                steps: list[_Step] = [root]
                if stack:
                    frame = stack[-1]
                    if not frame[1]:
                        steps = [c for p in frame[0] for c in p.by_index.get(frame[2], ())]
                        frame[2] += 1
                    elif frame[3] is _NO_KEY:  # a key is no step of a path
                        frame[3] = event.value if isinstance(event, ScalarEvent) else _NOT_A_KEY
                        steps = []
                    else:
                        steps = [c for p in frame[0] for c in p.by_key.get(frame[3], ())]
                        frame[3] = _NO_KEY
                fresh = []
                for step in steps:
                    if step.at is None:
                        step.at = _at(event)
                        wanted.discard(id(step))
                        fresh.append(step)
                    # else: a repeated key; the first one's value is the one followed
                if isinstance(event, CollectionStartEvent):
                    mapping = isinstance(event, yaml.MappingStartEvent)
                    stack.append([fresh, mapping, 0, _NO_KEY])
            elif isinstance(event, CollectionEndEvent):
                stack.pop()
            elif isinstance(event, yaml.StreamEndEvent):
                break
    except yaml.YAMLError:
        pass  # located as far as the text reads
    finally:
        loader.dispose()


def _locate_in_tree(text: str, path: Path_) -> Location | None:
    import yaml

    node = _node_tree(text)
    best = None
    for part in path:
        if node is None:
            break
        best = _at(node)
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    child = value
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        node = child
    if node is not None:
        best = _at(node)
    return best


@functools.lru_cache(maxsize=4)
def _node_tree(text: str) -> Any:
    """The YAML node tree of a file, composed once however many problems it has."""
    import yaml

    try:
        return yaml.compose(text, Loader=_base_loader())
    except yaml.YAMLError:
        return None


def load_file(path: str | Path, *, name: str | None = None) -> LoadedFile:
    """Read, parse and validate one catalogue file."""
    p = Path(path)
    shown = name or str(path)
    text = read_text(p)
    data = parse(text, shown, as_json=p.suffix.lower() == ".json")
    del text  # not kept beside the records: read again if a problem needs locating

    def read() -> str:
        try:
            return read_text(p)
        except CatalogError:  # gone since: the problems are still reported, unlocated
            return ""

    return LoadedFile(shown, validate(data, shown, read), read)


def check_files(paths: list[str | Path], *, bundled: LoadedFile | None = None) -> list[Problem]:
    """Every problem in the given files at once: parse, schema and cross-reference."""
    from .build import build

    problems: list[Problem] = []
    loaded: list[LoadedFile] = [bundled] if bundled else []
    for path in paths:
        p = Path(path)
        name = str(path)
        try:
            text = read_text(p)
            data, found = parse_collecting(text, name, as_json=p.suffix.lower() == ".json")
            problems.extend(found)
            read = _given(text)
            loaded.append(LoadedFile(name, validate(data, name, read), read, _text=text))
        except CatalogError as exc:
            problems.extend(exc.problems)
            if exc.partial is not None:
                partial, kept, invalid = exc.partial
                loaded.append(LoadedFile(name, partial, _given(text), kept, invalid, text))
    try:
        build(loaded)
    except CatalogError as exc:
        problems.extend(exc.problems)
    return sorted(problems, key=lambda q: (q.file, q.line or 0, q.column or 0))


def load_text(text: str, name: str, *, as_json: bool = False) -> LoadedFile:
    data = parse(text, name, as_json=as_json)
    read = _given(text)
    return LoadedFile(name, validate(data, name, read), read, _text=text)


def _given(text: str) -> Callable[[], str]:
    return lambda: text
