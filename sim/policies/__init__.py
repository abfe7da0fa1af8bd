"""Policies: the decisions actors take on the clock (routing, loading, roll-over, production,
train routing, dispatch, sailings, pricing, repositioning), objects with declared parameters,
chosen by scenario keys.
Importing this package registers the built-in ones and each kind's base class; a user's own
policy is named in a scenario as ``package.module:Class`` or registers a short name with
:func:`register` (see :mod:`sim.policies.base`)."""

from sim.policies import (
    dispatch,
    loading,
    pricing,
    production,
    repositioning,
    rollover,
    routing,
    sailings,
    train_routing,
)
from sim.policies.base import NetworkView, Policy, register
from sim.scenario import registry

for _base in (
    routing.RoutingPolicy,
    loading.LoadingPolicy,
    rollover.RollOverPolicy,
    production.ProductionPolicy,
    train_routing.TrainRoutingPolicy,
    dispatch.DispatchPolicy,
    pricing.PricingPolicy,
    repositioning.RepositioningPolicy,
    sailings.SailingsPolicy,
):
    registry.set_base(_base.kind, _base)

__all__ = [
    "NetworkView",
    "Policy",
    "dispatch",
    "loading",
    "pricing",
    "production",
    "register",
    "repositioning",
    "rollover",
    "routing",
    "sailings",
    "train_routing",
]
