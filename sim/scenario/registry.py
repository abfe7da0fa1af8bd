"""Names of the policies a scenario may choose, by kind.

The policies themselves live in :mod:`sim.policies`, a layer above this one; they register their
names here when they are defined (:func:`sim.policies.base.register`), so a scenario naming a
policy a user added from Python validates like a built-in one, and a misspelt name is refused
with the list of what is allowed.
"""

from __future__ import annotations

KINDS = ("routing", "loading", "rollover", "production", "train_routing", "dispatch", "pricing")

BUILT_IN: dict[str, tuple[str, ...]] = {
    "routing": ("share", "fastest", "cheapest", "deadline", "live"),
    "loading": ("fifo", "earliest_deadline"),
    "rollover": ("next_departure", "sea", "live"),
    "production": ("calendar", "ramp"),
    "train_routing": ("fixed", "avoid_closed"),
    "dispatch": ("fixed", "demand"),
    "pricing": ("fixed", "live"),
}
"""The policies that ship with the model (documented in docs/model.md)."""

_names: dict[str, set[str]] = {kind: set(names) for kind, names in BUILT_IN.items()}


def add(kind: str, name: str) -> None:
    """Make ``name`` a valid choice for policies of ``kind``."""
    if kind not in _names:
        raise ValueError(f"unknown policy kind {kind!r}; allowed: {', '.join(KINDS)}")
    _names[kind].add(name)


def check(kind: str, name: str) -> str:
    """``name`` if it is a known policy of ``kind``, else a ValueError listing the choices."""
    if name not in _names[kind]:
        allowed = ", ".join(sorted(_names[kind]))
        raise ValueError(f"unknown {kind} policy {name!r}; allowed: {allowed}")
    return name
