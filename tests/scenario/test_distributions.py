import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from sim.scenario.distributions import BATCH, Distribution

ta: TypeAdapter = TypeAdapter(Distribution)

SPECS = [
    ({"dist": "constant", "value": 3.0}, 3.0),
    ({"dist": "exponential", "mean": 2.0}, 2.0),
    ({"dist": "gamma", "mean": 5.0, "cv": 0.5}, 5.0),
    ({"dist": "lognormal", "mean": 12.0, "cv": 0.5}, 12.0),
    ({"dist": "triangular", "low": 1, "mode": 2, "high": 6}, 3.0),
    ({"dist": "uniform", "low": 2, "high": 4}, 3.0),
    ({"dist": "poisson", "mean": 3}, 3.0),
    ({"dist": "empirical", "values": [1, 2, 3], "weights": [1, 1, 2]}, 2.25),
]


@pytest.mark.parametrize(("spec", "mean"), SPECS)
def test_sample_mean_matches_stated_mean(spec, mean):
    d = ta.validate_python(spec)
    assert d.mean() == pytest.approx(mean)
    x = d.sample(np.random.default_rng(1), 200_000)
    assert x.min() >= 0
    assert x.mean() == pytest.approx(mean, rel=0.02)


def test_lognormal_cv_is_the_variates_cv():
    d = ta.validate_python({"dist": "lognormal", "mean": 10, "cv": 0.8})
    x = d.sample(np.random.default_rng(2), 400_000)
    assert x.std() / x.mean() == pytest.approx(0.8, rel=0.03)


def test_sampler_hands_out_batches_in_numpy_order():
    d = ta.validate_python({"dist": "exponential", "mean": 1})
    s = d.sampler(np.random.default_rng(3))
    got = [s() for _ in range(BATCH + 5)]
    rng = np.random.default_rng(3)
    want = rng.exponential(1, BATCH).tolist() + rng.exponential(1, BATCH).tolist()[:5]
    assert got == want


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "lognormal", "mean": -1, "cv": 0.5},
        {"dist": "gamma", "mean": 1, "cv": 0},
        {"dist": "triangular", "low": 3, "mode": 2, "high": 1},
        {"dist": "uniform", "low": 2, "high": 2},
        {"dist": "empirical", "values": [1, 2], "weights": [1]},
        {"dist": "exponential", "mean": float("nan")},
        {"dist": "weibull", "mean": 1},
        {"dist": "constant", "value": 1, "extra": 2},
    ],
)
def test_bad_specs_are_refused(spec):
    with pytest.raises(ValidationError):
        ta.validate_python(spec)
