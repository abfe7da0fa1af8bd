"""Policies: the decisions actors take on the clock (routing, loading, roll-over, production),
pluggable and chosen by scenario keys. Importing this package registers the built-in ones; a
user's own policy registers with :func:`register` (see :mod:`sim.policies.base`)."""

from sim.policies import loading, production, rollover, routing, train_routing
from sim.policies.base import NetworkView, register

__all__ = [
    "NetworkView",
    "loading",
    "production",
    "register",
    "rollover",
    "routing",
    "train_routing",
]
