"""Closed-form queueing results the model is checked against, and Little's law from two
independent measurements."""

from __future__ import annotations

import math

import numpy as np


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


def mg1_mean_wait(lam: float, mean_service: float, cv: float) -> float:
    """Mean time in queue of an M/G/1 queue (Pollaczek-Khinchine): ρ S (1 + cv²) / (2 (1 - ρ))."""
    rho = lam * mean_service
    return rho * mean_service * (1 + cv**2) / (2 * (1 - rho))


def littles_law_gap(
    samples: np.ndarray, arrive_h: np.ndarray, wait_h: np.ndarray, lo: float, hi: float
) -> float:
    """Relative gap (λW - L) / L between two independent measurements of one queue.

    ``samples`` are (time, number waiting) read at random times by an observer; L is their mean
    within [lo, hi). λ is the number of arrivals in [lo, hi) over its length and W the mean
    recorded wait of those arrivals.
    """
    t, n = samples[:, 0], samples[:, 1]
    big_l = float(n[(t >= lo) & (t < hi)].mean())
    inside = (arrive_h >= lo) & (arrive_h < hi)
    lam = inside.sum() / (hi - lo)
    return float((lam * wait_h[inside].mean() - big_l) / big_l)
