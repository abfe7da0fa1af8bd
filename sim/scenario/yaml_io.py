"""Reading scenario files: safe YAML with bounded size, and ``--set`` overrides.

Scenario files come from users and from the internet, so the loader refuses what could hurt:
Python tags (only the safe loader is used), duplicate keys (a silent overwrite hides typos),
"billion laughs" alias bombs and deep nesting (counted on the node graph before anything is
built), files over :data:`MAX_FILE_BYTES`, and text that is not UTF-8. Every refusal is a
:class:`sim.errors.ScenarioError` naming the file and the place. The mapping returned is not
validated yet: :func:`sim.scenario.schema.validate_data` does that.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from sim.errors import ScenarioError

MAX_FILE_BYTES = 1_000_000
"""Scenario files larger than this are refused before parsing (guards against YAML bombs)."""

MAX_ALIASES = 100
"""YAML aliases allowed in one file: enough for sharing a distribution, too few for a
"billion laughs" bomb whose expansion would exhaust memory when validated."""

MAX_NODES = 200_000
"""Values a file may hold once every alias is expanded (the shipped scenarios hold about 600)."""

MAX_DEPTH = 50
"""Nesting depth allowed in one file (a scenario needs fewer than ten levels)."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses duplicate keys (a silent overwrite hides typos), more than
    :data:`MAX_ALIASES` aliases and nesting deeper than :data:`MAX_DEPTH`."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases (*name)", event.start_mark
                )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, f"unhashable key {key!r}", key_node.start_mark
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Number of values ``node`` stands for with every alias expanded (memoised: linear)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    """Parse scenario YAML text into a mapping (safe loader, no duplicate keys, bounded size)."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError([f"file is larger than {MAX_FILE_BYTES} bytes"], source)
    loader = None
    try:
        loader = _UniqueKeyLoader(text)  # the reader already refuses control characters here
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise ScenarioError(
                [f"the file expands to more than {MAX_NODES:,} values (YAML aliases?)"], source
            )
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError([f"not valid YAML{where}: {problem}"], source) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        raise ScenarioError(["the file is empty; a scenario is a YAML mapping of keys"], source)
    if not isinstance(data, dict):
        raise ScenarioError(
            [f"the top level must be a mapping of keys, got {type(data).__name__}"], source
        )
    return data


def read_scenario_file(path: str | Path) -> dict[str, Any]:
    """Read a scenario file into a mapping (not yet validated)."""
    p = Path(path)
    source = str(path)
    if not p.exists():
        raise ScenarioError([f"no such file: {source}"], source)
    if p.is_dir():
        raise ScenarioError([f"{source} is a folder, not a scenario file"], source)
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError([f"file is larger than {MAX_FILE_BYTES} bytes"], source)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(["the file is not UTF-8 text"], source) from None
    except OSError as exc:
        raise ScenarioError([f"cannot read the file: {exc.strerror}"], source) from None
    return parse_yaml(text, source)


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Apply ``key.path=value`` overrides (values parsed as YAML scalars, never evaluated).

    A numeric path part indexes a list (``market.categories.0.share=0.2``).
    """
    out = copy.deepcopy(data)
    problems: list[str] = []
    for item in overrides:
        if "=" not in item:
            problems.append(f"--set {item!r}: expected key.path=value")
            continue
        path, raw = item.split("=", 1)
        keys = [k for k in path.strip().split(".")]
        if not path.strip() or any(not k for k in keys):
            problems.append(f"--set {item!r}: empty key in path {path!r}")
            continue
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            problems.append(f"--set {path}: value {raw!r} is not a YAML scalar")
            continue
        node: Any = out
        try:
            for k in keys[:-1]:
                node = node[int(k)] if isinstance(node, list) else node.setdefault(k, {})
            last = keys[-1]
            if isinstance(node, list):
                node[int(last)] = value
            elif isinstance(node, dict):
                node[last] = value
            else:
                raise TypeError
        except (ValueError, IndexError, TypeError, AttributeError):
            problems.append(f"--set {path}: no such place in the scenario (lists take a number)")
    if problems:
        raise ScenarioError(problems, "--set")
    return out
