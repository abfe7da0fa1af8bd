"""Closed-form queueing results the model is checked against."""

from __future__ import annotations

import math


def erlang_c(c: int, offered: float) -> float:
    """Probability that an arrival waits in an M/M/c queue with offered load ``offered`` = λ/μ."""
    if offered >= c:
        return 1.0
    top = offered**c / math.factorial(c) * c / (c - offered)
    return top / (sum(offered**k / math.factorial(k) for k in range(c)) + top)


def mmc_mean_wait(lam: float, mean_service: float, c: int) -> float:
    """Mean time in queue (before service) of an M/M/c queue."""
    mu = 1.0 / mean_service
    return erlang_c(c, lam / mu) / (c * mu - lam)
