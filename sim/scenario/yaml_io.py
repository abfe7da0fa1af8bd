"""Reading scenario files: safe YAML 1.2 with bounded size, and ``--set`` overrides.

Scenario files come from users and from the internet, so the loader refuses what could hurt:
Python tags (only ruamel.yaml's safe constructor is used), duplicate keys (a silent overwrite
hides typos), "billion laughs" alias bombs and deep nesting (counted on the node graph before
anything is built), files over :data:`MAX_FILE_BYTES`, and text that is not UTF-8. Every refusal
is a :class:`sim.errors.ScenarioError` naming the file and the place. The mapping returned is not
validated yet: :func:`sim.world.inputs.validate_data` does that.

Files mean what they say: the text is read as **YAML 1.2** (the core schema; a ``%YAML``
line naming another version is refused), so ``0755`` is the integer 755 (octal is written
``0o755``), ``1:30`` is text (no base-60 numbers) and only ``true``/``false`` are booleans
(``NO``, ``off`` and ``y`` are text: a list of country codes stays a list of codes). YAML 1.1,
which PyYAML (and so earlier versions of yiwu-sim) follows, read each of these differently;
:func:`yaml11_differences` names every value of a file whose reading changed, and
``yiwu-sim validate`` prints them as warnings.

A file is first read by libyaml's C parser (through PyYAML), which takes about a tenth of the
time of ruamel.yaml's pure-Python reader (:func:`_fast_load`): only the parser's events are
used, and every plain value is tagged and converted by the same YAML 1.2 resolver and
constructor as the full reader's. Whenever the fast reading cannot vouch for giving exactly what
the full reader gives (an error of any kind, an anchor, alias, tag or merge key, a duplicate key,
a ``%YAML`` or ``%TAG`` line, more than one document, tabs, carriage returns or Unicode line
separators, a plain value with ``:`` or ``#`` inside a flow collection, nesting or size near the
limits), the text is read again by the full reader, which says what is wrong, with the line and
column.

Everything a user types goes through the one loader here: scenario files, ``--set`` values
(:func:`parse_value`) and ``--vary`` values. The reader converts some scalars itself (dates,
timestamps, ``!!int``, ``!!float``, ``!!binary``) and raises a plain ``ValueError`` when the
text cannot be converted (``2025-02-30``, ``!!int abc``, an integer of 5,000 digits): the
loader turns any such failure into a :class:`~sim.errors.ScenarioError` naming the key path,
the value and the line, so no reader exception reaches the user as a traceback.
"""

from __future__ import annotations

import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from sim.errors import ScenarioError
from sim.problems import Problem, reader_reason
from sim.problems import problem as _problem

MAX_FILE_BYTES = 1_000_000
"""Scenario files larger than this are refused before parsing (guards against YAML bombs)."""

MAX_ALIASES = 100
"""YAML aliases allowed in one file: enough for sharing a distribution, too few for a
"billion laughs" bomb whose expansion would exhaust memory when validated."""

MAX_NODES = 200_000
"""Values a file may hold once every alias is expanded (the shipped scenarios hold about 600)."""

MAX_DEPTH = 50
"""Nesting depth allowed in one file (a scenario needs fewer than ten levels)."""

YAML_VERSION = (1, 2)
"""The YAML version every scenario file and command-line value is read as."""

_READER_ERRORS = (ValueError, OverflowError, TypeError, AttributeError, KeyError, IndexError)
"""What the reader's converters raise on text they cannot convert (``!!bool abc`` raises a
``KeyError`` deep inside the reader): each becomes a message, never a traceback."""

_KINDS = {"timestamp": "date", "int": "integer", "float": "number", "binary": "base64 text"}
"""How the types the reader converts are named in messages."""

_BAD_KIND = {"date": "scn:bad_date", "integer": "scn:bad_int", "number": "scn:bad_float",
             "bool": "scn:bad_bool", "base64 text": "scn:bad_binary"}  # fmt: skip
"""The code of a value that is not a valid one of its kind (others: ``scn:bad_value``)."""


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _key_path(root: Node, target: Node) -> str | None:
    """The key path (``calendar.fairs[0].start``) of ``target`` in the node graph of ``root``,
    for messages; ``None`` when it is not found. Only called when something failed (or reads
    differently), and linear in the nodes (each visited once, aliases included)."""
    seen: set[int] = set()
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path or None
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else "?"
                if key_node is target:
                    return f"{path + '.' if path else ''}(key {_short(key)})"
                stack.append((value_node, f"{path}.{key}" if path else str(key)))
    return None


class _Resolver(VersionedResolver):
    """Tags plain scalars by the YAML 1.2 core schema, whatever a ``%YAML`` line says."""

    @property
    def processing_version(self) -> Any:
        return YAML_VERSION


class _GuardedComposer(Composer):
    """Builds the node graph, refusing more than :data:`MAX_ALIASES` aliases, nesting deeper
    than :data:`MAX_DEPTH` and a ``%YAML`` version other than 1.2; remembers which scalars
    were written plain and untagged (the ones whose reading depends on the YAML version)."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        # an anchor defined twice is legal YAML (the later one wins); ruamel.yaml would
        # issue a Python warning for it, which is no message for a scenario's author
        self.warn_double_anchors = False
        self.aliases = 0
        self.nesting = 0
        self.plain: list[ScalarNode] = []

    def compose_document(self) -> Any:
        event = self.parser.peek_event()
        version = getattr(event, "version", None)
        if version is not None and tuple(version) != YAML_VERSION:
            said = _problem("scn:yaml_version", v=".".join(map(str, version)))
            raise ComposerError(None, None, said, event.start_mark)
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                event = self.parser.peek_event()
                said = _problem("scn:yaml_aliases", n=MAX_ALIASES)
                raise ComposerError(None, None, said, event.start_mark)
        self.nesting += 1
        try:
            if self.nesting > MAX_DEPTH:
                event = self.parser.peek_event()
                said = _problem("scn:yaml_depth", n=MAX_DEPTH)
                raise ComposerError(None, None, said, event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1

    def compose_scalar_node(self, anchor: Any) -> Any:
        event = self.parser.peek_event()
        plain = event.ctag is None and event.style is None
        node = super().compose_scalar_node(anchor)
        if plain:
            self.plain.append(node)
        return node


class _Constructor(SafeConstructor):
    """The safe constructor, with merge keys expanded, duplicate keys refused and every
    conversion failure made a YAML error naming the key path, the value and the place."""

    root: Node | None = None

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # the scalar converters (timestamp, int, float, bool, binary) raise plain ValueError,
        # KeyError, ... on text they cannot convert; make each a YAML error that names the
        # key path, the value and the place
        try:
            return super().construct_object(node, deep=deep)
        except (*_READER_ERRORS, ConstructorError) as exc:
            if isinstance(exc, ConstructorError) and not isinstance(node, ScalarNode):
                raise  # already placed by the scalar that failed, or about a whole node
            tag = str(node.tag).rsplit(":", 1)[-1]
            kind = _KINDS.get(tag, tag)
            where = _key_path(self.root, node) if self.root is not None else None
            reason = (exc.problem if isinstance(exc, ConstructorError) else str(exc)) or ""
            why = reader_reason(reason.split(";")[0][:120])
            # a code for each kind, so that the reason is said in the reader's language
            code = _BAD_KIND.get(kind, "scn:bad_value")
            said = _problem(code, at=where, value=_short(node.value), kind=kind, why=why)
            raise ConstructorError(None, None, said, node.start_mark) from None

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """A mapping with merge keys (``<<: *defaults``) expanded; a key written twice in the
        same mapping is refused, while a key given here overrides one merged in (as YAML
        specifies)."""
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None, None, f"expected a mapping, found {node.id}", node.start_mark
            )
        self.flatten_mapping(node)  # merged pairs first (kept in node.merge), then its own
        first_own = len(getattr(node, "merge", None) or ())
        mapping: dict[Any, Any] = {}
        own_keys: set[Any] = set()
        for i, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                said = _problem("scn:unhashable", name=_short(key))
                raise ConstructorError(None, None, said, key_node.start_mark) from None
            if i >= first_own:
                if key in own_keys:
                    said = _problem("scn:duplicate", name=_short(key))
                    raise ConstructorError(None, None, said, key_node.start_mark)
                own_keys.add(key)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _expanded_size(node: Node, memo: dict[int, int]) -> int:
    """Number of values ``node`` stands for with every alias expanded (memoised: linear)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


def _reader() -> YAML:
    """A fresh safe YAML 1.2 reader with the guards (one per document: it holds state)."""
    reader = YAML(typ="safe", pure=True)
    reader.Composer = _GuardedComposer
    reader.Constructor = _Constructor
    reader.Resolver = _Resolver
    reader.allow_duplicate_keys = False
    return reader


def _compose(text: str, source: str) -> tuple[YAML, Node | None]:
    """The node graph of ``text`` (guards applied), with the reader that built it."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError([_problem("scn:too_large", limit=f"{MAX_FILE_BYTES:,}")], source)
    reader = _reader()
    try:
        # the reader refuses control characters here
        node = reader.compose(text)
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise ScenarioError([_problem("scn:yaml_expands", n=f"{MAX_NODES:,}")], source)
    except (YAMLError, *_READER_ERRORS, RecursionError, AssertionError) as exc:
        # (ruamel.yaml asserts a %YAML line's version: ``%YAML 1.3`` raised AssertionError)
        raise _as_scenario_error(exc, source, text) from None
    return reader, node


def _as_scenario_error(exc: BaseException, source: str, text: str = "") -> ScenarioError:
    """What the reader raised on ``text`` as a scenario's problem, in words of our own where
    the reader's say nothing of the cure (a tab, a directive line)."""
    if isinstance(exc, YAMLError):
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
        if "'\\t'" in problem:  # an editor's tab: the reader's words say nothing of the cure
            problem = _problem("scn:tab")
        elif (code := _directive_error(exc)) and not isinstance(problem, Problem):
            # "expected a digit, but found 'a'": the line itself, and that none is needed
            at = getattr(exc, "context_mark", None) or mark
            lines = text.splitlines()
            line = lines[at.line] if at is not None and at.line < len(lines) else "%"
            if code == "scn:yaml_directive_start":  # the last directive line before the mark
                before = [x for x in lines[: (at.line + 1) if at else None] if x.startswith("%")]
                line = before[-1] if before else line
            problem = _problem(code, line=_short(line.strip(), 60))
        if not isinstance(problem, Problem):  # its words as a code: the cure said with them
            problem = reader_reason(problem)
        if mark:
            said = _problem("scn:yaml", line=mark.line + 1, col=mark.column + 1, why=problem)
            return ScenarioError([said], source)
        return ScenarioError([_problem("scn:yaml_bare", why=problem)], source)
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    version = re.fullmatch(r"version (?:major|minor) part can only be .*, got \((\d+), (\d+)\)",
                           reason)  # fmt: skip
    if isinstance(exc, AssertionError) and version:  # the reader's check of a %YAML line
        said = _problem("scn:yaml_version", v=".".join(version.groups()))
        return ScenarioError([_problem("scn:yaml_bare", why=said)], source)
    # a last guard: whatever the reader raises while reading user text is a bad input
    return ScenarioError([_problem("scn:yaml_bare", why=reason[:200])], source)


def _load(text: str, source: str) -> Any:
    """Any YAML document read by the guarded loader (``None`` for an empty one)."""
    reader, node = _compose(text, source)
    if node is None:
        return None
    constructor = reader.constructor
    constructor.root = node
    try:
        return constructor.construct_document(node)
    except (YAMLError, *_READER_ERRORS, RecursionError) as exc:
        raise _as_scenario_error(exc, source, text) from None


def _directive_error(exc: BaseException) -> str | None:
    """The code of the reader's refusal of a ``%YAML`` or ``%TAG`` line: one it cannot read
    (``scn:yaml_directive``) or a second of a kind (``scn:yaml_directive_twice``); None for
    any other error (a version it reads but we refuse is said on its own)."""
    context = str(getattr(exc, "context", None) or "")
    problem = str(getattr(exc, "problem", None) or "")
    if problem.startswith(("found duplicate YAML directive", "duplicate tag handle")):
        return "scn:yaml_directive_twice"
    if problem.startswith("expected '<document start>'") and context == "":
        # after a directive line (the only text that opens a document without "---")
        return "scn:yaml_directive_start"
    # (the reader says "while scanning a directive", and "an directive" for a %TAG handle)
    return (
        "scn:yaml_directive"
        if context.startswith("while scanning a") and context.endswith(" directive")
        else None
    )


_STR_TAG = "tag:yaml.org,2002:str"


_PLAIN_12 = _Resolver(version=YAML_VERSION)


def reads_as_text(text: str) -> bool:
    """Whether ``text``, written plain (unquoted), is read back as text by YAML 1.2, as
    scenario files are read (``1e3``, ``0o17``, ``true`` are not)."""
    return str(_PLAIN_12.resolve(ScalarNode, text, (True, False))) == _STR_TAG


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):  # True == 1 in Python, but not in a scenario
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _hint(text: str, old: Any) -> str:
    """How to write the YAML 1.1 reading in YAML 1.2, when the author meant that."""
    if isinstance(old, bool):
        return f" (write {str(old).lower()} for a yes/no)"
    if isinstance(old, int) and ":" in text:
        return f" (write {old} for the base-60 number)"
    if isinstance(old, int) and text.lstrip("+-").startswith("0"):
        return f" (write {text.replace('0', '0o', 1)} for the octal number)"
    return ""


def yaml11_differences(text: str, source: str) -> list[str]:
    """The values of a scenario text that YAML 1.1 read differently from YAML 1.2.

    Scenario files are read as YAML 1.2 (:data:`YAML_VERSION`); PyYAML, which earlier
    versions of yiwu-sim read them with, follows YAML 1.1, where ``0755`` is octal (493),
    ``1:30`` is 90 and ``NO`` is ``false``. Each difference is one line naming the key path,
    the text, the line and both readings, with how to write the old reading if it was meant.

    Raises
    ------
    ScenarioError
        When the text cannot be read at all (as :func:`parse_yaml`).
    """
    import yaml as yaml11  # PyYAML: the YAML 1.1 reader yiwu-sim used before

    reader, root = _compose(text, source)
    if root is None:
        return []
    resolver = yaml11.resolver.Resolver()
    old_reader = yaml11.SafeLoader("")
    out: list[str] = []
    for node in reader.composer.plain:
        old_tag = resolver.resolve(yaml11.ScalarNode, node.value, (True, False))
        if old_tag == _STR_TAG and str(node.tag) == _STR_TAG:
            continue
        try:
            old = old_reader.construct_object(yaml11.ScalarNode(old_tag, node.value))
            new = reader.constructor.construct_object(node)
        except (yaml11.YAMLError, YAMLError, *_READER_ERRORS):
            continue  # a value neither reads (reading the file says so) or not a value
        if _same(old, new):
            continue
        where = _key_path(root, node) or "(top level)"
        out.append(
            f"{where}: {_short(node.value)} (line {node.start_mark.line + 1}) reads as "
            f"{new!r} in YAML 1.2; YAML 1.1 read it as {old!r}{_hint(node.value, old)}"
        )
    old_reader.dispose()
    return out


class _Unsure(Exception):
    """The fast reader met something only the full reader can vouch for (or word)."""


try:  # libyaml's parser, when PyYAML was built with it
    from yaml import events as _ev
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml: every file takes the full reader
    _CParser = None  # type: ignore[assignment,misc]

_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""A character the fast reader leaves to the full one: tabs, carriage returns, control
characters, NEL and the Unicode line and paragraph separators (line breaks in YAML 1.1, which
libyaml follows, but not in 1.2), a byte-order mark."""

_BLOCK_HEADER = re.compile(r"[|>](?:[-+]?[1-9]?|[1-9][-+])(?: +(?:#.*)?)?$")
"""A block scalar's header line as both readers take it: the indicator, chomping and
indentation, then nothing or spaces and a comment."""

_FAST_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp")
)
"""Plain values the fast reader converts (with the full reader's constructor); any other tag a
plain value resolves to (a merge key ``<<``) sends the text to the full reader."""


class _FastReader:
    """A scenario text built from libyaml's events into plain Python values, exactly as the
    full reader builds them, or :class:`_Unsure`. Plain scalars are tagged by the YAML 1.2
    resolver (:data:`_PLAIN_12`) and converted by the full reader's own constructor."""

    def __init__(self, text: str) -> None:
        assert _CParser is not None
        self.text = text
        self.lines: list[str] | None = None
        self.parser = _CParser(text)
        self.get = self.parser.get_event
        self.nodes = 0
        self.constructor: Any = None

    def document(self) -> Any:
        get = self.get
        start = get()
        if not isinstance(start, _ev.StreamStartEvent):
            raise _Unsure
        doc = get()
        if not isinstance(doc, _ev.DocumentStartEvent) or doc.version or doc.tags:
            raise _Unsure  # %YAML and %TAG lines are the full reader's; so is an empty stream
        root = self.node(get(), 1, False)
        if not isinstance(get(), _ev.DocumentEndEvent) or not isinstance(get(), _ev.StreamEndEvent):
            raise _Unsure  # a second document: the full reader refuses it
        return root

    def node(self, event: Any, depth: int, flow: bool) -> Any:
        self.nodes += 1
        if depth >= MAX_DEPTH or self.nodes >= MAX_NODES or event.anchor is not None:
            raise _Unsure
        if isinstance(event, _ev.ScalarEvent):
            return self.scalar(event, flow)
        if event.tag is not None or not isinstance(event, _ev.CollectionStartEvent):
            raise _Unsure  # an alias, a tagged collection
        flow = flow or bool(event.flow_style)
        get = self.get
        if isinstance(event, _ev.SequenceStartEvent):
            items = []
            while not isinstance(item := get(), _ev.SequenceEndEvent):
                items.append(self.node(item, depth + 1, flow))
            return items
        mapping: dict[Any, Any] = {}
        while not isinstance(key_event := get(), _ev.MappingEndEvent):
            if not isinstance(key_event, _ev.ScalarEvent):
                raise _Unsure  # a complex key
            key = self.node(key_event, depth + 1, flow)
            if key in mapping:
                raise _Unsure  # a duplicate key: the full reader names its line
            mapping[key] = self.node(get(), depth + 1, flow)
        return mapping

    def scalar(self, event: Any, flow: bool) -> Any:
        if event.tag is not None:
            raise _Unsure
        value = event.value
        if event.style in ("|", ">"):  # a block: its header as the full reader takes it
            if self.lines is None:
                self.lines = self.text.split("\n")
            mark = event.start_mark
            if not _BLOCK_HEADER.match(self.lines[mark.line], mark.column):
                raise _Unsure  # (libyaml takes a comment without a space before it, `|#`)
            return value
        if event.style:  # quoted (libyaml marks a plain value with ""): as written
            return value
        if flow and (":" in value or "#" in value):
            raise _Unsure  # where YAML 1.1 and 1.2 cut flow values differently
        tag = _PLAIN_12.resolve(ScalarNode, value, (True, False))
        name = str(tag)
        if name == _STR_TAG:
            return value
        if name not in _FAST_TAGS:
            raise _Unsure
        if self.constructor is None:
            self.constructor = _reader().constructor
        return self.constructor.construct_object(ScalarNode(tag, value))


def _fast_load(text: str) -> dict[str, Any] | None:
    """``text`` read by libyaml's parser as the full reader (:func:`_load`) reads it, or
    ``None`` when the fast reading cannot vouch for that (then the full reader reads it,
    and words any error with its line)."""
    if _CParser is None or _UNUSUAL.search(text) or len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return None
    reader = _FastReader(text)
    try:
        data = reader.document()
    except Exception:  # libyaml's errors, _Unsure, a value that does not convert
        return None  # all of them the full reader's to report, with the line
    finally:
        reader.parser.dispose()
    return data if isinstance(data, dict) else None


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    """Parse scenario YAML text into a mapping (safe loader, no duplicate keys, bounded size).

    The fast reader (:func:`_fast_load`) reads the text when it can vouch for the result;
    otherwise the full reader reads it and words any problem.

    Raises
    ------
    ScenarioError
        Naming ``source``, the place (line, column, key path) and the problem.
    """
    fast = _fast_load(text)
    if fast is not None:
        return fast
    data = _load(text, source)
    if data is None:
        raise ScenarioError([_problem("scn:empty")], source)
    if not isinstance(data, dict):
        raise ScenarioError([_problem("scn:top", kind=type(data).__name__)], source)
    return data


def read_scenario_file(path: str | Path) -> dict[str, Any]:
    """Read a scenario file into a mapping (not yet validated).

    Only a regular file is read (``/dev/zero`` never ends, a FIFO blocks for ever, a folder
    is not a file), opened without blocking and checked once open, and at most
    :data:`MAX_FILE_BYTES` + 1 bytes are read whatever size the file claims.
    """
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ScenarioError([_problem("scn:no_file", path=source)], source) from None
    except IsADirectoryError:
        raise ScenarioError([_problem("scn:folder", path=source)], source) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = getattr(exc, "strerror", None) or exc
        raise ScenarioError([_problem("scn:cannot_read", why=str(reason))], source) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ScenarioError([_problem("scn:folder", path=source)], source)
        if not stat.S_ISREG(mode):
            raise ScenarioError([_problem("scn:not_regular", path=source)], source)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        said = _problem("scn:cannot_read", why=str(exc.strerror or exc))
        raise ScenarioError([said], source) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError([_problem("scn:too_large", limit=f"{MAX_FILE_BYTES:,}")], source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([_problem("scn:utf8")], source) from None
    return parse_yaml(text, source)
