"""The policies a scenario may choose, by kind: built-in names, names registered from Python, and
plug-in classes named as ``package.module:Class``.

The policies themselves live in :mod:`sim.policies`, a layer above this one; they register their
names here when they are defined (:func:`sim.policies.base.register`), so a scenario naming a
policy a user added from Python validates like a built-in one, and a misspelt name is refused
with the list of what is allowed.

A name with a colon is a plug-in: ``my_policies:ThresholdRouting`` imports the module
``my_policies`` (from ``sys.path``: the working directory, ``PYTHONPATH``, an installed package)
and takes its class ``ThresholdRouting``, which must be a policy of the kind the key chooses (a
subclass of its base, e.g. :class:`sim.policies.routing.RoutingPolicy`). The class may declare
its parameters as a nested ``Params`` (a pydantic model, a dataclass, or a plain class of annotated
fields with their defaults); the scenario's params
key for that kind (:data:`KEYS`) is then validated against it when the scenario loads, with the
key path of each problem (``logistics.mode_choice.params.threshold_h: ...``), and filled with
its defaults. Naming a module runs its code: only run scenario files you trust, as with any
Python you import.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
import traceback
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic_core import InitErrorDetails, PydanticCustomError

from sim.scenario.messages import booleans_for_numbers, refusal

KINDS = (
    "routing", "loading", "rollover", "production", "train_routing", "dispatch", "pricing",
    "repositioning", "sailings",
)  # fmt: skip

BUILT_IN: dict[str, tuple[str, ...]] = {
    "routing": ("share", "fastest", "cheapest", "deadline", "live"),
    "loading": ("fifo", "earliest_deadline"),
    "rollover": ("next_departure", "sea", "live"),
    "production": ("calendar", "ramp"),
    "train_routing": ("fixed", "avoid_closed"),
    "dispatch": ("fixed", "demand"),
    "pricing": ("fixed", "live"),
    "repositioning": ("none", "return_on_eastbound", "lease"),
    "sailings": ("fixed", "carriers"),
}
"""The policies that ship with the model (documented in docs/model.md)."""

KEYS: dict[str, tuple[str, str]] = {
    "routing": ("logistics.mode_choice.rule", "logistics.mode_choice.params"),
    "loading": ("logistics.consolidation.loading", "logistics.consolidation.loading_params"),
    "rollover": (
        "logistics.consolidation.rollover.rule",
        "logistics.consolidation.rollover.params",
    ),
    "production": ("market.production.rule", "market.production.params"),
    "train_routing": ("logistics.train_routing", "logistics.train_routing_params"),
    "dispatch": ("logistics.dispatch.rule", "logistics.dispatch.params"),
    "pricing": ("logistics.pricing.rule", "logistics.pricing.params"),
    "repositioning": ("logistics.repositioning.rule", "logistics.repositioning.params"),
    "sailings": ("logistics.sailings.rule", "logistics.sailings.params"),
}
"""By kind: the scenario key that names the policy and the key that holds its parameters."""


def kind_of_key(path: str) -> str | None:
    """The kind of policy the scenario key ``path`` names (``logistics.mode_choice.rule``:
    ``routing``), or None: reports say a decided policy by its kind, as a run's report does."""
    return next((kind for kind, (key, _) in KEYS.items() if key == path), None)


PLUGIN = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
"""``package.module:Class`` (the class may be nested: ``module:Outer.Inner``)."""

_names: dict[str, set[str]] = {kind: set(names) for kind, names in BUILT_IN.items()}
_classes: dict[tuple[str, str], type] = {}  # (kind, name) -> class, registered or imported
_bases: dict[str, type] = {}  # kind -> the base class its policies subclass
_params_models: dict[type, type[BaseModel]] = {}


def add(kind: str, name: str, cls: type | None = None) -> None:
    """Make ``name`` a valid choice for policies of ``kind`` (its class ``cls``, when known)."""
    if kind not in _names:
        raise ValueError(f"unknown policy kind {kind!r}; allowed: {', '.join(KINDS)}")
    _names[kind].add(name)
    if cls is not None:
        _classes[(kind, name)] = cls


def set_base(kind: str, base: type) -> None:
    """The class every policy of ``kind`` subclasses (set by :mod:`sim.policies`)."""
    _bases[kind] = base


def is_plugin(name: str) -> bool:
    """Whether ``name`` names a class by its module (``package.module:Class``)."""
    return ":" in name


def check(kind: str, name: str) -> str:
    """``name`` if it is a known policy of ``kind`` or a plug-in class of that kind that can be
    imported, else a ValueError saying why (the choices, or what failed)."""
    if is_plugin(name):
        load(kind, name)
        return name
    if name not in _names[kind]:
        allowed = ", ".join(sorted(_names[kind]))
        raise refusal("scn:policy", kind=kind, name=repr(name), allowed=allowed)
    cls = _classes.get((kind, name))
    if cls is not None:  # registered from Python: held to the same as a plug-in
        _implements(name, kind, cls)
    return name


def import_class(name: str) -> Any:
    """The object ``package.module:Class`` names, imported (a ValueError says what failed)."""
    if not PLUGIN.match(name):
        raise refusal("scn:plugin_form", name=repr(name))
    module_name, _, qualname = name.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        if not _working_directory_added(exc, module_name):
            raise refusal("scn:plugin_import", module=repr(module_name), name=repr(name),
                          why=str(exc)) from None  # fmt: skip
        try:  # again, with the working directory on the path
            module = importlib.import_module(module_name)
        except ImportError as again:
            raise refusal("scn:plugin_import", module=repr(module_name), name=repr(name),
                          why=str(again)) from None  # fmt: skip
    obj: Any = module
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            raise refusal("scn:plugin_missing", module=repr(module_name), qualname=repr(qualname))
    return obj


def _working_directory_added(exc: ImportError, module_name: str) -> bool:
    """Put the working directory at the end of ``sys.path`` when ``module_name``'s top-level
    package was not found and the working directory is not on the path; True if it was added.

    ``python -m sim`` and a notebook have the working directory on ``sys.path``, but the
    installed ``yiwu-sim`` script has its own folder there instead, so a ``my_policies.py``
    beside the scenario, which the scenario reference and the error say may sit "in the working
    directory", was not found by the command users run. It goes at the end, so a module of the
    working directory never shadows an installed one; spawned ``--jobs`` workers start from
    this process's ``sys.path`` and find it too.
    """
    missing = getattr(exc, "name", None)
    if not isinstance(exc, ModuleNotFoundError) or missing != module_name.partition(".")[0]:
        return False  # found, but failed inside (or a submodule is missing): not a path matter
    here = Path.cwd().resolve()
    if any(Path(entry or ".").resolve() == here for entry in sys.path):
        return False
    sys.path.append(str(here))
    importlib.invalidate_caches()
    return True


def kind_of(obj: Any) -> str | None:
    """The kind of policy class ``obj`` is (the kind whose base it subclasses), or None."""
    if isinstance(obj, type):
        for kind, base in _bases.items():
            if issubclass(obj, base):
                return kind
    return None


def load(kind: str, name: str) -> type:
    """The plug-in class ``name`` (``package.module:Class``) of ``kind``, imported once."""
    found = _classes.get((kind, name))
    if found is not None:
        return found
    obj = import_class(name)
    base = _bases.get(kind)
    if not isinstance(obj, type) or base is None or not issubclass(obj, base):
        if base is None:  # (its base class not imported yet: named by its kind)
            raise refusal("scn:plugin_kind_any", name=repr(name), kind=kind, base=kind)
        what = f"{base.__module__}.{base.__qualname__}"
        raise refusal("scn:plugin_kind", name=repr(name), kind=kind, what=what)
    _implements(name, kind, obj)
    params_model(obj)  # a malformed Params is the plug-in's error, said when it is named
    _classes[(kind, name)] = obj
    return obj


def placeholders(base: type) -> list[str]:
    """The methods of a kind's base that only raise ``NotImplementedError``: what each policy
    of the kind must define (``choose`` of a routing policy, ``order`` of a loading one...)."""
    out = []
    for attr, fn in vars(base).items():
        code = getattr(fn, "__code__", None)
        if code is not None and code.co_names == ("NotImplementedError",):
            out.append(attr)
    return out


def _implements(name: str, kind: str, cls: type) -> None:
    """A ValueError when ``cls`` leaves one of its kind's methods undefined: the run would stop
    midway with a bare ``NotImplementedError`` from the model's code (the base itself named,
    or a method misspelt)."""
    base = _bases.get(kind)
    if base is None:
        return
    for attr in placeholders(base):
        if getattr(cls, attr, None) is vars(base)[attr]:
            raise refusal("scn:policy_method", name=repr(name), attr=attr, kind=kind,
                          base=f"{base.__module__}.{base.__qualname__}")  # fmt: skip


def policy_class(kind: str, name: str) -> type | None:
    """The class of policy ``name`` of ``kind``: registered from Python or a plug-in (None: a
    built-in name whose class has not registered, as when :mod:`sim.policies` is not
    imported)."""
    if is_plugin(name):
        return load(kind, name)
    return _classes.get((kind, name))


def known(kind: str) -> list[tuple[str, type | None]]:
    """Every policy of ``kind`` this process knows, with its class where known: the built-in
    ones, those registered from Python and the plug-ins named so far."""
    names = sorted(_names[kind]) + sorted(n for k, n in _classes if k == kind and is_plugin(n))
    return [(n, _classes.get((kind, n))) for n in names]


def plugin_modules(scenario: Any) -> list[str]:
    """The modules that define the policies ``scenario`` chooses, where they are not
    :mod:`sim`'s own (registered from Python, or named as plug-ins): what a worker process
    imports before running it, so that the same names resolve there. A class from a script's or
    notebook's ``__main__`` is left out (:func:`only_here` says so)."""
    mods = set()
    for kind, name in chosen(scenario).items():
        cls = _classes.get((kind, name))
        if cls is not None:
            mods.add(cls.__module__)
    return sorted(m for m in mods if m != "__main__" and m != "sim" and not m.startswith("sim."))


def chosen(scenario: Any) -> dict[str, str]:
    """The policy a scenario names for each kind (read at the keys of :data:`KEYS`)."""
    out = {}
    for kind, (rule_key, _) in KEYS.items():
        obj = scenario
        for part in rule_key.split("."):
            obj = getattr(obj, part)
        out[kind] = str(obj)
    return out


def failed_policy(scenario: Any, exc: BaseException) -> str | None:
    """One line saying which of ``scenario``'s own policies raised ``exc``, where and what, or
    None when no frame of the traceback is in the code of a policy the user wrote (registered
    from Python or named as a plug-in): a failure in the model's own code stays a bug, with
    its traceback.

    The deepest frame in a user's module is the one named: the line of the policy that raised,
    or that called the model's code with what made it fail.
    """
    users: dict[str, list[tuple[str, str, type]]] = {}
    for kind, name in chosen(scenario).items():
        cls = _classes.get((kind, name))
        module = getattr(cls, "__module__", "sim")
        if cls is not None and module != "sim" and not module.startswith("sim."):
            users.setdefault(module, []).append((kind, name, cls))
    found = None
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen and found is None:
        # SimPy raises a process's failure again as a new exception caused by the original
        seen.add(id(cause))
        for frame, line in traceback.walk_tb(cause.__traceback__):
            if frame.f_globals.get("__name__") in users:
                found = (frame, line, cause)
        cause = cause.__cause__ or cause.__context__
    if found is None:
        return None
    frame, line, exc = found
    policies = users[frame.f_globals["__name__"]]
    me = frame.f_locals.get("self")
    kind, name, _ = next((p for p in policies if isinstance(me, p[2])), policies[0])
    what = str(exc).strip().splitlines()
    said = f"{type(exc).__name__}: {what[0]}" if what else type(exc).__name__
    place = f"{Path(frame.f_code.co_filename).name} line {line}, in {frame.f_code.co_name}"
    return (
        f"{KEYS[kind][0]}: the {kind} policy {name!r} failed during the run: {said} "
        f"({place}); nothing was written for this run (--debug shows the traceback)"
    )


def only_here(scenario: Any) -> list[str]:
    """The scenario's policies whose class another process cannot import: defined in the
    ``__main__`` of a script or notebook (one message each)."""
    return [
        f"{KEYS[kind][0]}: policy {name!r} is defined in __main__ (a notebook or script), which "
        "worker processes cannot import; put the class in a module beside it and name it as "
        "module:Class, or run with jobs=1"
        for kind, name in chosen(scenario).items()
        if getattr(_classes.get((kind, name)), "__module__", None) == "__main__"
    ]


# --------------------------------------------------------------------------- parameters


def params_model(cls: type) -> type[BaseModel] | None:
    """The pydantic model a policy class's ``Params`` declares (unknown keys refused), or None
    when it declares none."""
    if cls in _params_models:
        return _params_models[cls]
    declared = getattr(cls, "Params", None)
    if declared is None:
        return None
    model: type[BaseModel]
    if isinstance(declared, type) and issubclass(declared, BaseModel):
        config = {**declared.model_config, "extra": "forbid"}
        model = type(declared.__name__, (declared,), {"model_config": config})
    elif isinstance(declared, type) and (
        dataclasses.is_dataclass(declared) or getattr(declared, "__annotations__", None)
    ):
        where = getattr(sys.modules.get(declared.__module__), "__dict__", {})
        hints = typing.get_type_hints(declared, where)
        fields: dict[str, Any] = {}
        if dataclasses.is_dataclass(declared):
            for f in dataclasses.fields(declared):
                if f.default is not dataclasses.MISSING:
                    default: Any = f.default
                elif f.default_factory is not dataclasses.MISSING:
                    default = Field(default_factory=f.default_factory)
                else:
                    default = ...
                fields[f.name] = (hints.get(f.name, Any), default)
        else:  # a plain class of annotated fields, each default its class attribute
            for name, hint in hints.items():
                if not name.startswith("_") and typing.get_origin(hint) is not typing.ClassVar:
                    fields[name] = (hint, getattr(declared, name, ...))
        model = create_model(declared.__name__, __config__=ConfigDict(extra="forbid"), **fields)
    else:
        raise refusal("scn:policy_params_type", cls=cls.__qualname__, declared=repr(declared))
    _params_models[cls] = model
    return model


def validate_params(kind: str, name: str | None, value: dict[str, Any]) -> dict[str, Any]:
    """The params mapping of policy ``name`` of ``kind`` checked against the parameters its
    class declares, with their defaults filled in (as plain values, so the resolved scenario
    writes them out). A pydantic ``ValidationError`` names each bad key below the params key.

    A policy that declares no parameters takes none when it is built in (its settings are keys
    of the scenario); one registered from Python without ``Params`` gets the mapping as given.
    """
    if name is None:  # the name itself was refused: that is the error to report
        return value
    cls = policy_class(kind, name)
    model = params_model(cls) if cls is not None else None
    if model is None:
        if value and name in BUILT_IN[kind]:
            raise refusal("scn:policy_no_params", kind=kind, name=repr(name),
                          beside=repr(KEYS[kind][0].rsplit(".", 1)[-1]))  # fmt: skip
        return value
    flagged = [m.split(": ", 1)[0] for m in booleans_for_numbers(value, model)]
    if flagged:  # true is not 1 here either (pydantic's lax mode would take it)
        said = PydanticCustomError("bool_for_number", "a number is needed, not a true/false value")
        details = [
            InitErrorDetails(type=said, loc=tuple(path.split(".")), input=value.get(path))
            for path in flagged
        ]
        raise ValidationError.from_exception_data(model.__name__, details)
    try:
        return model.model_validate(value).model_dump(mode="json")
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if not any(e["type"] == "extra_forbidden" for e in errors):
            raise  # pydantic places each problem below the params key
        # a misspelt parameter: say which the class declares (pydantic only says "extra")
        allowed = ", ".join(model.model_fields) or "none"
        unknown = PydanticCustomError(
            "unknown_parameter",
            "unknown parameter of {policy}; allowed: {allowed}",
            {"policy": name, "allowed": allowed},
        )
        details = [
            InitErrorDetails(type=unknown, loc=e["loc"], input=e["input"])
            if e["type"] == "extra_forbidden"
            else InitErrorDetails(
                type=e["type"],
                loc=e["loc"],
                input=e["input"],
                ctx=e.get("ctx", {}),
            )
            for e in errors
        ]
        raise ValidationError.from_exception_data(model.__name__, details) from None
