"""Messages for scenario validation errors: each names the key path as the user wrote it, what
is wrong, the value given, and, for an unknown key, the closest allowed key and the full list.
"""

from __future__ import annotations

import difflib
from datetime import date
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sim.problems import problem

_DIST_TAGS = {
    "constant",
    "exponential",
    "gamma",
    "lognormal",
    "triangular",
    "uniform",
    "poisson",
    "empirical",
}
_DEADLINE_TAGS = {"none", "spring_festival", "fixed_date", "days_after_order"}

MAX_PROBLEMS = 50
"""Problems listed one by one; the rest are counted in one closing line (a file with 99,000
unknown keys gives 50 lines and a count, not megabytes of messages)."""

MAX_MESSAGE_CHARS = 500
"""Longest single message (a 10,000-character key is shown cut, not whole)."""


def summarise(problems: list[str]) -> list[str]:
    """``problems`` with each line cut to :data:`MAX_MESSAGE_CHARS` and at most
    :data:`MAX_PROBLEMS` lines, plus one line counting the rest by kind of problem."""
    cut = [
        p if len(p) <= MAX_MESSAGE_CHARS else p[: MAX_MESSAGE_CHARS - 3] + "..." for p in problems
    ]
    if len(cut) <= MAX_PROBLEMS:
        return cut
    rest = cut[MAX_PROBLEMS:]
    kinds: dict[str, int] = {}
    for p in rest:  # "path: unknown key 'x'; ..." counts as "unknown key"
        what = p.split(": ", 1)[-1].split("'", 1)[0].split("(", 1)[0].split(";", 1)[0]
        kinds[what.strip()[:60]] = kinds.get(what.strip()[:60], 0) + 1
    top = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    where = "; ".join(f"{k or 'other'}: {n:,}" for k, n in top)
    return [*cut[:MAX_PROBLEMS], problem("scn:more_problems", n=f"{len(rest):,}", kinds=where)]


def _format_loc(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for i, p in enumerate(loc):
        if isinstance(p, int):
            parts.append(f"[{p}]")
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
            out.append(f"{where[:80]}: {kind}")
            continue
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "value_error":  # a check across keys (warmup_days against days):
            first = msg.split(" ", 1)[0]  # its path is the first key the message names
            owner = _model_at(root, loc) if loc else root
            if owner is not None and first.split(".", 1)[0] in owner.model_fields:
                where = f"{where}.{first}" if loc else first
        if err["type"] == "extra_forbidden":
            key = str(loc[-1])
            owner = _model_at(root, loc[:-1])
            allowed = sorted((f.alias or n) for n, f in owner.model_fields.items()) if owner else []
            hint = difflib.get_close_matches(key, allowed, n=1)
            msg = f"unknown key {key!r}"
            if hint:
                msg += f" (did you mean {hint[0]!r}?)"
            if allowed:
                msg += f"; allowed keys: {', '.join(allowed)}"
            out.append(f"{where}: {msg}")
            continue
        if err["type"] == "missing":
            out.append(f"{where}: required key is missing")
            continue
        value = err.get("input")
        shown = value.isoformat() if isinstance(value, date) else repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        if isinstance(value, dict | list):
            out.append(f"{where}: {msg}")
        else:
            out.append(f"{where}: {msg} (got {shown})")
    return summarise(out)


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
            return [
                f"{where}: a number is needed, not a true/false value (got {str(value).lower()})"
            ]
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
