"""A policy registered by a short name from a module (the ``@register`` way): importing this
module makes ``stack_test`` a loading policy."""

from __future__ import annotations

import numpy as np

from sim.policies.base import NetworkView, register
from sim.policies.loading import LoadingPolicy


@register("loading", "stack_test")
class Stack(LoadingPolicy):
    """Last closed, first loaded."""

    def order(
        self, closed_h: np.ndarray, deadline_h: np.ndarray, route: int, view: NetworkView
    ) -> np.ndarray | None:
        return np.argsort(-closed_h, kind="stable")
