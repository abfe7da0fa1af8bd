"""Probability distributions as validated data.

A scenario names a distribution as a small mapping, e.g. ``{dist: lognormal, mean: 12, cv: 0.5}``.
Every spec is a pydantic model (so a typo is reported with its key path) with a :meth:`mean`, for
queueing-theory checks and nominal times, and a :meth:`sampler` that draws from a named random
stream in numpy batches: one numpy call per ``BATCH`` draws, not one per event.

All supports are non-negative: the model uses distributions for durations, sizes and counts.

Every parameter is bounded so that whatever validates can be drawn from: a mean, a value or a
bound is at most :data:`MAX_PARAMETER` (a billion hours, TEU or counts: no duration, size or
count of the model comes near), a coefficient of variation lies in
[:data:`MIN_CV`, :data:`MAX_CV`] (a gamma's shape ``1 / cv**2`` and a lognormal's
``log(1 + cv**2)`` stay finite and non-zero), and empirical weights are normalised by their
largest first (so no sum overflows). ``tests/test_robustness_fuzz.py`` draws from every family
at and between these bounds and finds every draw finite and non-negative.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.scenario.messages import refusal

BATCH = 4096
"""Number of variates drawn per numpy call."""

MAX_PARAMETER = 1e9
"""Largest mean, value or bound of a distribution."""
MIN_CV, MAX_CV = 1e-6, 100.0
"""Smallest and largest coefficient of variation (standard deviation / mean)."""

PositiveFloat = Annotated[float, Field(gt=0, le=MAX_PARAMETER, allow_inf_nan=False)]
NonNegFloat = Annotated[float, Field(ge=0, le=MAX_PARAMETER, allow_inf_nan=False)]
CV = Annotated[float, Field(ge=MIN_CV, le=MAX_CV, allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def mean(self) -> float:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def sampler(self, rng: np.random.Generator) -> Callable[[], float]:
        """Return a zero-argument function giving one variate per call, drawn in batches."""
        return BatchSampler(lambda n: self._draw(rng, n))

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` variates at once."""
        return self._draw(rng, size)


class BatchSampler:
    """Hands out variates one by one from numpy batches (refilled when empty)."""

    __slots__ = ("_buf", "_draw")

    def __init__(self, draw: Callable[[int], np.ndarray]) -> None:
        self._draw = draw
        self._buf: list[float] = []

    def __call__(self) -> float:
        buf = self._buf
        if not buf:
            # reversed so that pop() returns the batch in the order numpy drew it
            buf.extend(reversed(self._draw(BATCH).tolist()))
        return buf.pop()


class Constant(_Spec):
    """Always ``value`` (deterministic service, for M/D/1 checks)."""

    dist: Literal["constant"]
    value: NonNegFloat

    def mean(self) -> float:
        return self.value

    def sampler(self, rng: np.random.Generator) -> Callable[[], float]:
        value = self.value
        return lambda: value

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.full(size, self.value)


class Exponential(_Spec):
    """Exponential with the given ``mean`` (memoryless; M/M/c service)."""

    dist: Literal["exponential"]
    mean_: PositiveFloat = Field(alias="mean")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def mean(self) -> float:
        return self.mean_

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.exponential(self.mean_, size)


class Gamma(_Spec):
    """Gamma given by ``mean`` and coefficient of variation ``cv``."""

    dist: Literal["gamma"]
    mean_: PositiveFloat = Field(alias="mean")
    cv: CV

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def mean(self) -> float:
        return self.mean_

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        shape = 1.0 / self.cv**2
        return rng.gamma(shape, self.mean_ / shape, size)


class Lognormal(_Spec):
    """Lognormal given by its own ``mean`` and ``cv`` (not those of the underlying normal)."""

    dist: Literal["lognormal"]
    mean_: PositiveFloat = Field(alias="mean")
    cv: CV

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def mean(self) -> float:
        return self.mean_

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        sigma2 = math.log1p(self.cv**2)
        mu = math.log(self.mean_) - sigma2 / 2
        return rng.lognormal(mu, math.sqrt(sigma2), size)


class Triangular(_Spec):
    """Triangular on ``[low, high]`` with peak at ``mode``."""

    dist: Literal["triangular"]
    low: NonNegFloat
    mode: NonNegFloat
    high: NonNegFloat

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high) or self.low == self.high:
            raise refusal("scn:triangular", a=self.low, b=self.mode, c=self.high)
        return self

    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.triangular(self.low, self.mode, self.high, size)


class Uniform(_Spec):
    """Uniform on ``[low, high]``."""

    dist: Literal["uniform"]
    low: NonNegFloat
    high: NonNegFloat

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise refusal("scn:uniform", lo=self.low, hi=self.high)
        return self

    def mean(self) -> float:
        return (self.low + self.high) / 2

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, size)


class Poisson(_Spec):
    """Poisson counts with the given ``mean``."""

    dist: Literal["poisson"]
    mean_: PositiveFloat = Field(alias="mean")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def mean(self) -> float:
        return self.mean_

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.poisson(self.mean_, size).astype(float)


class Empirical(_Spec):
    """Discrete values with optional ``weights`` (equal when omitted)."""

    dist: Literal["empirical"]
    values: list[NonNegFloat] = Field(min_length=1, max_length=100_000)
    weights: list[Weight] | None = Field(None, max_length=100_000)

    @model_validator(mode="after")
    def _weights(self) -> Empirical:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise refusal("scn:weights_len", n=len(self.weights), m=len(self.values))
            if max(self.weights, default=0.0) <= 0:
                raise refusal("scn:weights_zero")
        return self

    def _p(self) -> np.ndarray | None:
        if self.weights is None:
            return None
        w = np.asarray(self.weights, dtype=float)
        w = w / w.max()  # first to at most 1: weights of 1e308 do not overflow their sum
        return w / w.sum()

    def mean(self) -> float:
        p = self._p()
        vals = np.asarray(self.values, dtype=float)
        return float(vals.mean() if p is None else vals @ p)

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.choice(np.asarray(self.values, dtype=float), size=size, p=self._p())


Distribution = Annotated[
    Constant | Exponential | Gamma | Lognormal | Triangular | Uniform | Poisson | Empirical,
    Field(discriminator="dist"),
]
"""Any distribution spec; the ``dist`` key picks the family."""
