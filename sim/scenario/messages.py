"""Messages for scenario validation errors: each names the key path as the user wrote it, what
is wrong, the value given, and, for an unknown key, the closest allowed key and the full list.
"""

from __future__ import annotations

import difflib
import math
import re
from datetime import date
from decimal import Decimal
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from sim.problems import ENGLISH, Kinds, Problem, english, problem, worded

_DIST_KINDS = (
    "constant",
    "exponential",
    "gamma",
    "lognormal",
    "triangular",
    "uniform",
    "poisson",
    "empirical",
)
_DEADLINE_KINDS = ("none", "spring_festival", "fixed_date", "days_after_order")
_DIST_TAGS = set(_DIST_KINDS)
_DEADLINE_TAGS = set(_DEADLINE_KINDS)
_KINDS = {"dist": _DIST_KINDS, "kind": _DEADLINE_KINDS}

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"
"""A name's form (a scenario's, a category's): it names folders, so no path separators. Kept
here, below :mod:`sim.scenario.values` (which reads it), so that a name refused by it is said in
words without this module reading the one above it."""
"""The kinds a tagged union's key names, by that key, as a problem lists them."""

MAX_PROBLEMS = 50
"""Problems listed one by one; the rest are counted in one closing line (a file with 99,000
unknown keys gives 50 lines and a count, not megabytes of messages)."""

MAX_MESSAGE_CHARS = 500
"""Longest single message (a 10,000-character key is shown cut, not whole)."""


def summarise(problems: list[str]) -> list[str]:
    """``problems`` with each line cut to :data:`MAX_MESSAGE_CHARS` and at most
    :data:`MAX_PROBLEMS` lines, plus one line counting the rest by kind of problem."""
    cut = [
        p.shortened(MAX_MESSAGE_CHARS) if isinstance(p, Problem)  # (its code kept)
        else p if len(p) <= MAX_MESSAGE_CHARS else p[: MAX_MESSAGE_CHARS - 3] + "..."
        for p in problems
    ]  # fmt: skip
    if len(cut) <= MAX_PROBLEMS:
        return cut
    rest = cut[MAX_PROBLEMS:]
    kinds: dict[str, int] = {}
    coded: dict[tuple[str | None, str], int] = {}  # by code too: another language names those
    for p in rest:  # "path: unknown key 'x'; ..." counts as "unknown key"
        what = p.split(": ", 1)[-1].split("'", 1)[0].split("(", 1)[0].split(";", 1)[0]
        kind = what.strip()[:60]
        kinds[kind] = kinds.get(kind, 0) + 1
        code = (p.code if isinstance(p, Problem) else None, kind)
        coded[code] = coded.get(code, 0) + 1
    top = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    where = "; ".join(f"{k or 'other'}: {n:,}" for k, n in top)
    counts = Kinds(where, tuple((c, k, n) for (c, k), n in coded.items()))
    return [*cut[:MAX_PROBLEMS], problem("scn:more_problems", n=f"{len(rest):,}", kinds=counts)]


def _key_text(key: Any) -> str:
    """A mapping's key as the YAML file writes it (a key the reader took for a date, a number,
    true/false or null: Python wrote ``datetime.date(2026, 2, 17)`` and ``None``)."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, date):
        return key.isoformat()
    return str(key)


def _format_loc(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for i, p in enumerate(loc):
        if p == "[key]":  # (pydantic's mark after a mapping's key of the wrong kind)
            continue
        if isinstance(p, int):
            is_key = i + 1 < len(loc) and loc[i + 1] == "[key]"  # a key, not a list position
            parts.append(f".{p}" if is_key and parts else f"[{p}]")
            continue
        # pydantic adds the tag of a tagged union to the path; it is not a key the user wrote
        tag = p in _DIST_TAGS or (p in _DEADLINE_TAGS and loc[i - 1] == "deadline")
        if tag and i > 0 and i < len(loc) - 1:  # not calendar.spring_festival, a key
            continue
        if p.startswith("function-") or p in {"tagged-union"}:
            continue
        parts.append(("." if parts else "") + p)
    return "".join(parts) or "(top level)"


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The pydantic model that owns the mapping at ``loc`` (for listing allowed keys)."""
    model: Any = root
    dict_key_next = False  # after a dict-valued field, the next path part is a key the user chose
    for p in loc:
        if isinstance(p, int):
            continue
        if dict_key_next:
            dict_key_next = False
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(p)
        if field is None:
            return None
        model = None
        stack = [field.annotation]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, BaseModel):
                model = t
                break
            if get_origin(t) is dict:
                dict_key_next = True
                stack.extend(get_args(t)[1:])
            else:
                stack.extend(get_args(t))
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def validation_messages(exc: ValidationError, root: type[BaseModel]) -> list[str]:
    """One message per validation error of a mapping checked against ``root``: the key path as
    the user wrote it, what is wrong, the value, and for an unknown key the allowed keys."""
    out: list[str] = []
    told: set[str] = set()  # union members' paths already told
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = _format_loc(loc)
        # a value that fits no member of a union (a date or a date and time) fails once per
        # member, at the same key: the user wrote one value, so it is told once
        if any(isinstance(p, str) and p.startswith("function-") for p in loc):
            if where in told:
                continue
            told.add(where)
        if len(out) > MAX_PROBLEMS:  # only counted from here on: skip the costly hints
            kind = "unknown key" if err["type"] == "extra_forbidden" else err["msg"][:80]
            out.append(_counted(err, f"{where[:80]}: {kind}", where[:80]))
            continue
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        refused = err["type"] in ENGLISH  # a check of ours, raised with its code (refusal)
        if err["type"] == "value_error" or refused:  # a check across keys (warmup_days, days):
            first = msg.split(" ", 1)[0]  # its path is the first key the message names
            owner = _model_at(root, loc) if loc else root
            if owner is not None and first.split(".", 1)[0] in owner.model_fields:
                where = f"{where}.{first}" if loc else first
        if err["type"] == "invalid_key":  # a key YAML read as a date, number, true/false, null
            # (pydantic puts Python's text of it in the path, int(True) for true): an unknown
            # key, named as the file writes it
            key = _key_text(err.get("input"))
            where = f"{_format_loc(loc[:-1])}.{key}" if loc[:-1] else key
            err = {**err, "type": "extra_forbidden"}
            loc = (*loc[:-1], key)
        if err["type"] == "extra_forbidden":
            key = str(loc[-1])
            owner = _model_at(root, loc[:-1])
            allowed = sorted((f.alias or n) for n, f in owner.model_fields.items()) if owner else []
            # (DAYS, Visits_Per_Day: the key in another case is the closest of all)
            hint = [a for a in allowed if a.lower() == key.lower()] or difflib.get_close_matches(
                key, allowed, n=1
            )
            if hint:  # (a hint is one of the allowed keys)
                out.append(problem("scn:unknown_key_hint", at=where, name=repr(key),
                                   hint=repr(hint[0]), allowed=", ".join(allowed)))  # fmt: skip
            elif allowed:
                out.append(problem("scn:unknown_key", at=where, name=repr(key),
                                   allowed=", ".join(allowed)))  # fmt: skip
            else:
                out.append(problem("scn:unknown_key_bare", at=where, name=repr(key)))
            continue
        if err["type"] == "missing":
            out.append(problem("scn:missing", at=where))
            continue
        shown = _shown(err.get("input"))
        value = err.get("input")
        # a list or mapping is shown where it is the value of the wrong kind (trains_per_week
        # given [1, 2]); elsewhere it is the whole part a check across keys refused, which the
        # check's own words name
        got = None if isinstance(value, dict | list) and err["type"] not in _PLAIN else shown
        if refused:  # its English as raised, its values and the value it names itself
            ctx = err.get("ctx") or {}
            text = f"{where}: {msg}" if got is None else f"{where}: {msg} (got {got})"
            given = ctx.get("got") if ctx.get("got") is not None else got
            out.append(Problem(err["type"], text, dict(ctx.get("fields") or {}), where, given))
            continue
        known = _pydantic_problem(err, msg)
        if known is None:  # a wording without a code: English, read back by the glossary
            out.append(f"{where}: {msg}" if got is None else f"{where}: {msg} (got {got})")
        else:
            # (a wording of ours where pydantic's says too little: which kinds there are)
            if known[0] == "scn:object" and loc and isinstance(loc[-1], str):
                # a value where a distribution or a deadline belongs: the key that names its
                # kind and the kinds (pydantic's "object to extract fields from" said neither)
                owner = _model_at(root, loc[:-1])
                field = None if owner is None else owner.model_fields.get(loc[-1])
                tag = None if field is None else field.discriminator
                if isinstance(tag, str) and tag in _KINDS:
                    known = ("scn:object_kind", {"field": tag, "tags": ", ".join(_KINDS[tag])})
            if known[0] == "scn:model":  # the keys the part takes: what to write there
                owner = _model_at(root, loc)
                if owner is not None:
                    keys = sorted((f.alias or n) for n, f in owner.model_fields.items())
                    known = ("scn:model_keys", {**known[1], "keys": ", ".join(keys)})
            if known[0] in ("scn:float_parsing", "scn:int_parsing") and isinstance(value, str):
                kind = "float" if known[0] == "scn:float_parsing" else "int"
                if re.fullmatch(r"\s*[+-]?[\d.,]*\d,\d[\d.,]*\s*", value):  # 2,5 or 1,600
                    known = (f"scn:{kind}_comma", {})
                elif re.fullmatch(r"\s*[+-]?(\d+\.?\d*|\.\d+)\s*%\s*", value):  # 60%
                    known = (f"scn:{kind}_percent", {})
            off = ("trains_per_week", "poisson_per_week")
            if (
                known[0] in ("scn:gt", "scn:ge")
                and loc[:2] == ("logistics", "lines")
                and loc[-1] in off
                and isinstance(value, int | float)
                and value <= 0
            ):
                # a line switched off (0, or below): how to leave it out; a rate above 0 but
                # below the least the timetable can schedule is told the bound itself
                known = ("scn:gt_line_off", {})
            if known[0].startswith("scn:kind_unknown"):  # said at the key that names it
                where = f"{where}.{known[1]['field']}" if where else known[1]["field"]
                got = None  # (the message names the value)
            worded_here = known[0] in _WORDED_HERE
            body = ENGLISH[known[0]].format(**known[1]) if worded_here else msg
            out.append(worded(known[0], body, at=where, got=got, **known[1]))
    return summarise(out)


def _shown(value: Any) -> str:
    """The value given, as the message shows it: a date in ISO form, else its ``repr``, cut
    to 80 characters. An integer too long for Python to write in decimal (``0x`` and 4,000
    hex digits reach the schema: the YAML reader refuses so many decimal digits itself) is
    shown in hexadecimal, which has no such limit, rather than end in a traceback."""
    if isinstance(value, date):
        shown = value.isoformat()
    elif value is None:  # as the file writes it (YAML's null, or a key left empty)
        shown = "null"
    else:
        try:
            shown = repr(value)
        except ValueError:  # Python's limit on the digits of an integer (4300)
            shown = hex(value) if isinstance(value, int) else type(value).__name__
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _counted(err: Any, text: str, where: str) -> str:
    """A problem past :data:`MAX_PROBLEMS`, only counted by kind: its short English ``text``
    with the code of its kind where it has one (so that the count names it in another
    language), without the values the closing line never shows."""
    kind = err["type"]
    if kind == "extra_forbidden":
        code: str | None = "scn:unknown_key_bare"
    elif kind in ENGLISH:
        code = kind
    else:
        try:
            known = _pydantic_problem(err, err["msg"])
        except (KeyError, TypeError, ValueError):  # a count never stops an error
            known = None
        code = known[0] if known else None
    return Problem(code, text, {}, where) if code else text


def refusal(code: str, *, got: Any = None, **fields: Any) -> PydanticCustomError:
    """A check's refusal of a value, to raise in a validator: its English is ``code``'s
    (:func:`sim.problems.english`) with ``fields`` (and `` (got <got>)`` when given), and it
    keeps the code and values, which :func:`validation_messages` hands on as a
    :class:`~sim.problems.Problem`. It is a ``ValueError`` too, whose text is that English."""
    text = english(code, **fields) + ("" if got is None else f" (got {got})")
    # (pydantic fills the template's placeholders from the context: the values sit under one
    # key of their own, so that no value's text is taken for a placeholder)
    return PydanticCustomError(code, "{text}", {"text": text, "fields": fields, "got": got})


def refused_at(exc: ValueError, at: str) -> str:
    """The problem ``exc`` says, at key path (or option) ``at``: a :class:`~sim.problems.Problem`
    with its code and values when ``exc`` is a :func:`refusal`, else the line ``at: exc``."""
    if isinstance(exc, PydanticCustomError) and exc.type in ENGLISH:
        ctx = exc.context or {}
        return Problem(exc.type, f"{at}: {exc}", dict(ctx.get("fields") or {}), at, ctx.get("got"))
    return f"{at}: {exc}"


def _number(v: Any) -> str:
    """A bound as pydantic writes it in its message (``0`` for 0.0, no exponent)."""
    if isinstance(v, float) and math.isfinite(v):
        text = format(Decimal(repr(v)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(v)


_WORDED_HERE = frozenset(("scn:tag_missing", "scn:tag_missing_as", "scn:moment",
                          "scn:model", "scn:model_keys", "scn:object_kind",
                          "scn:float_comma", "scn:int_comma",
                          "scn:float_percent", "scn:int_percent", "scn:gt_line_off",
                          "scn:kind_unknown", "scn:kind_unknown_hint",
                          "scn:name_form"))  # fmt: skip
"""Codes whose English is ours (:data:`sim.problems.ENGLISH`), not pydantic's message: where
pydantic's says too little (which kinds, which keys, the form to write)."""

_BOUNDS = {"greater_than_equal": ("scn:ge", "ge"), "less_than_equal": ("scn:le", "le"),
           "greater_than": ("scn:gt", "gt"), "less_than": ("scn:lt", "lt")}  # fmt: skip
_PLAIN = {
    "int_parsing": "scn:int_parsing",
    "int_parsing_size": "scn:int_size",
    "int_from_float": "scn:int_fraction",
    "float_parsing": "scn:float_parsing",
    "int_type": "scn:int",
    "float_type": "scn:float",
    "finite_number": "scn:finite",
    "string_type": "scn:string",
    "list_type": "scn:list",
    "dict_type": "scn:dict",
    "date_type": "scn:date",
    "bool_parsing": "scn:bool_value",
    "bool_type": "scn:bool_plain",
    "date_from_datetime_inexact": "scn:datetime",
    "model_attributes_type": "scn:object",
}
"""pydantic's error types whose message has no value in it, and the code of their wording."""


def _pydantic_problem(err: Any, msg: str) -> tuple[str, dict[str, Any]] | None:
    """The code and values of one of pydantic's own errors (its ``type`` and ``ctx``), or None
    for a type without a code here (said by reading its English back)."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in _PLAIN:
        return _PLAIN[kind], {}
    if kind in _BOUNDS:
        code, bound = _BOUNDS[kind]
        return code, {"x": _number(ctx[bound])}
    if kind in ("too_short", "too_long") and ctx.get("field_type") in ("List", "Dictionary"):
        n, m = ctx.get("min_length", ctx.get("max_length")), ctx.get("actual_length")
        if kind == "too_long":
            return ("scn:too_long", {"n": n, "m": m}) if ctx["field_type"] == "List" else None
        if ctx["field_type"] == "Dictionary":
            return ("scn:dict_short", {"n": n, "m": m}) if n == 1 else None
        return ("scn:too_short" if n == 1 else "scn:too_short_n"), {"n": n, "m": m}
    if kind == "string_too_short":
        n = ctx.get("min_length")
        return ("scn:str_short" if n == 1 else "scn:str_short_n"), {"n": n}
    if kind == "string_too_long":
        return "scn:str_long", {"n": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == NAME_PATTERN:  # a name, in words: the regex said it to few
            return "scn:name_form", {}
        return "scn:pattern", {"p": repr(ctx.get("pattern"))}
    if kind == "literal_error" and str(ctx.get("expected", "")).startswith("'"):
        return "scn:literal", {"choices": str(ctx["expected"])[1:]}
    if kind == "union_tag_invalid":  # a distribution or a deadline of a kind there is not
        return _unknown_kind(err.get("input"), ctx)
    if kind == "union_tag_not_found":  # a distribution or a deadline without its kind
        field = str(ctx.get("discriminator", "")).strip("'")
        fields = {"field": repr(field), "tags": ", ".join(_KINDS.get(field, ()))}
        wrong = _kind_key_as(err.get("input"), field)
        if wrong is not None:
            key, value, right = wrong
            return "scn:tag_missing_as", {**fields, "right": f"{field}: {right}",
                                          "wrong": f"{key}: {value}"}  # fmt: skip
        return "scn:tag_missing", fields
    if kind == "date_from_datetime_parsing" and "error" in ctx:  # (its reason: pydantic's words)
        return "scn:moment", {"why": str(ctx["error"])}
    if kind == "unknown_parameter":  # a policy's parameter (sim.scenario.registry)
        return "scn:policy_param", {"policy": ctx.get("policy"), "allowed": ctx.get("allowed")}
    if kind == "bool_for_number":
        return "scn:bool", {}
    if kind == "model_type" and msg.startswith("Input should be a valid dictionary or instance"):
        # (pydantic names the schema's class, LineSpec: a word of the code, not of the file)
        return "scn:model", {}
    return None


def _unknown_kind(given: Any, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The code and values of a kind there is not (``dist: gama``): the value as written, the
    kinds there are and the closest of them (``gamma``; ``Gamma`` is ``gamma`` too). pydantic's
    "Input tag 'gama' found using 'dist' does not match any of the expected tags" named
    neither the key nor a kind in the reader's words. Said at the kind's own key
    (``….service_h.dist``: :func:`validation_messages` adds it to the path)."""
    field = str(ctx.get("discriminator", "")).strip("'")
    kinds = _KINDS.get(field) or tuple(
        t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",") if t.strip(" '")
    )
    value = given.get(field) if isinstance(given, dict) else ctx.get("tag")
    fields = {"field": field, "tag": _shown(value), "tags": ", ".join(kinds)}
    if isinstance(value, str):
        text = value.strip().lower()
        hint = [k for k in kinds if k == text] or difflib.get_close_matches(text, kinds, n=1)
        if hint:
            return "scn:kind_unknown_hint", {**fields, "hint": repr(hint[0])}
    return "scn:kind_unknown", fields


_KIND_KEYS = ("dist", "kind", "type")
"""Keys under which a kind may be written by mistake: a distribution's is ``dist``, a
deadline's ``kind``, and some write ``type``."""


def _kind_key_as(given: Any, field: str) -> tuple[str, str, str] | None:
    """The key and value under which the mapping ``given`` writes its kind where ``field`` is
    the key that says it (``kind: gamma`` in a distribution, ``dist: fixed_date`` in a
    deadline, ``Dist: gamma``), and the kind of ``field`` that value names (``gamma`` for
    ``Gamma``), or None; a value that is no word, or no kind of ``field`` (``type:
    fixed_date`` in a distribution), names none: "the kind is written dist: fixed_date" sent
    the reader to another refusal. "the key 'dist' is missing" alone left the reader looking
    at the ``kind: gamma`` they wrote."""
    if not isinstance(given, dict):
        return None
    kinds = _KINDS.get(field)
    for key, value in given.items():
        name = str(key)
        if (
            name != field
            and (name.lower() == field or name.lower() in _KIND_KEYS)
            and isinstance(value, str)
            and re.fullmatch(r"\w{1,40}", value)
        ):
            if kinds is None:
                return name, value, value
            if value.lower() in kinds:
                return name, value, value.lower()
    return None


def _kinds(annotation: Any) -> list[Any]:
    """The types a field of ``annotation`` may hold (Annotated and unions unwrapped)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _kinds(args[0])
    if origin in (Union, UnionType):
        return [k for a in args if a is not type(None) for k in _kinds(a)]
    return [annotation]


def booleans_for_numbers(data: Any, model: type[BaseModel], at: str = "") -> list[str]:
    """One message per ``true``/``false`` given where ``model`` wants a number, with its key
    path. pydantic's lax mode would read ``true`` as 1: ``seed: true``, ``scale: true`` or
    ``trains_per_week: true`` ran silently with 1; YAML's booleans are not numbers."""
    out: list[str] = []
    if not isinstance(data, dict):
        return out
    fields = {(f.alias or n): f for n, f in model.model_fields.items()}
    for key, value in data.items():
        field = fields.get(key)
        if field is None:
            continue  # an unknown key: pydantic names it
        where = f"{at}.{key}" if at else str(key)
        out.extend(_booleans_in(value, _kinds(field.annotation), where))
    return out


def _booleans_in(value: Any, kinds: list[Any], where: str) -> list[str]:
    if isinstance(value, bool):
        if bool not in kinds and any(k in (int, float) for k in kinds):
            return [problem("scn:bool", at=where, got=str(value).lower())]
        return []
    out: list[str] = []
    for kind in kinds:
        origin, args = get_origin(kind), get_args(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(value, dict):
            out.extend(booleans_for_numbers(value, kind, where))
        elif origin in (list, tuple) and args and isinstance(value, list):
            for i, item in enumerate(value):
                out.extend(_booleans_in(item, _kinds(args[0]), f"{where}[{i}]"))
        elif origin is dict and len(args) == 2 and isinstance(value, dict):
            for k, item in value.items():
                out.extend(_booleans_in(item, _kinds(args[1]), f"{where}.{k}"))
    return list(dict.fromkeys(out))  # a union's members may say it twice
