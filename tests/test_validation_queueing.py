"""The model against queueing theory: a border crossing reduced to a textbook queue must give
the textbook answer within the 95 % interval of its replications (never skipped).

The quick checks (10 replications of 400 days) have intervals of about ±15 % of the theory; the
``slow`` ones (run in CI too) pile other trains onto the crossing as a Poisson background stream
so each run serves tens of thousands of trains, and assert that their interval is narrower than
2.5 % of the theory: a 5 % error in the model would then fall outside it.
"""

import copy
import math

import numpy as np
import pytest
from scipy import stats

from sim.model import Model
from sim.results.analysis import littles_law
from sim.world.inputs import validate_data
from sim.world.random_streams import replication_seeds
from tests.conftest import TINY
from tests.queueing_theory import erlang_c, littles_law_gap, mg1_mean_wait, mmc_mean_wait

REPS = 10
WARMUP_DAYS = 30
DAYS = 400


def _world(seed, line, trains_per_day, borders):
    d = copy.deepcopy(TINY)
    d.update(days=DAYS, warmup_days=WARMUP_DAYS, seed=seed, scale=0.01)
    dest = {"L16": "CHL", "L12": "ALA"}[line]
    d["buyers"].update(visits_per_day=10, destinations={dest: 1.0})
    # Poisson departures and constant running times: Poisson arrivals at the first crossing
    lines = {line: {"poisson_per_week": 7 * trains_per_day}}
    d["logistics"] = {"only_lines": [line], "lines": lines, "borders": borders}
    return validate_data(d, "queueing")


def _waits(sc, border):
    cr = Model(sc).run().tables["crossings"]
    m = (cr["border"] == border) & (cr["arrive_h"] >= WARMUP_DAYS * 24)
    return cr["start_h"][m] - cr["arrive_h"][m], cr


def _ci(values, level=0.95):
    mean = float(np.mean(values))
    half = (
        stats.t.ppf(0.5 + level / 2, len(values) - 1)
        * np.std(values, ddof=1)
        / math.sqrt(len(values))
    )
    return mean, half


def _exp(mean):
    return {"dist": "exponential", "mean": mean}


def _const(value):
    return {"dist": "constant", "value": value}


FAST = {"servers": 50, "service_h": _const(1)}


def test_mm1_mean_wait_and_utilisation():
    lam, service = 3 / 24, 6.0  # rho = 0.75
    theory = mmc_mean_wait(lam, service, 1)
    waits, busy = [], []
    for seed in replication_seeds(11, REPS):
        sc = _world(
            seed, "L16", 3, {"AKS": {"servers": 1, "service_h": _exp(service)}, "DST": FAST}
        )
        w, cr = _waits(sc, "AKS")
        waits.append(w.mean())
        m = cr["border"] == "AKS"
        busy.append(np.sum(cr["end_h"][m] - cr["start_h"][m]) / (DAYS * 24))
    mean, half = _ci(waits)
    assert abs(mean - theory) <= half, f"M/M/1 wait {mean:.2f} ± {half:.2f} h vs {theory:.2f} h"
    u, uh = _ci(busy)
    assert abs(u - lam * service) <= max(uh, 0.01), f"utilisation {u:.3f} vs {lam * service:.3f}"


def test_mmc_matches_erlang_c():
    lam, service, c = 12 / 24, 4.0, 3  # 2 Yiwu + 10 background trains a day; rho = 2/3
    theory = mmc_mean_wait(lam, service, c)
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9)
    waits, waited = [], []
    for seed in replication_seeds(2024, REPS):
        aks = {"servers": c, "service_h": _exp(service), "background_trains_per_day": 10}
        w, _ = _waits(_world(seed, "L16", 2, {"AKS": aks, "DST": FAST}), "AKS")
        waits.append(w.mean())
        waited.append((w > 1e-9).mean())
    mean, half = _ci(waits, 0.99)  # a smoke check; the powered one is the slow test
    assert abs(mean - theory) <= half, (
        f"M/M/3 wait {mean:.3f} ± {half:.3f} h vs Erlang C {theory:.3f} h"
    )
    assert np.mean(waited) == pytest.approx(erlang_c(c, lam * service), abs=0.03)


def test_md1_matches_pollaczek_khinchine():
    lam, service = 3 / 24, 6.0  # deterministic service, rho = 0.75
    rho = lam * service
    theory = rho * service / (2 * (1 - rho))  # Wq of M/D/1
    waits = []
    for seed in replication_seeds(5, REPS):
        sc = _world(
            seed, "L16", 3, {"AKS": {"servers": 1, "service_h": _const(service)}, "DST": FAST}
        )
        waits.append(_waits(sc, "AKS")[0].mean())
    mean, half = _ci(waits)
    assert abs(mean - theory) <= half, f"M/D/1 wait {mean:.2f} ± {half:.2f} h vs P-K {theory:.2f} h"


def test_two_crossings_in_tandem_behave_as_a_jackson_network():
    lam = 3 / 24  # Khorgos then Altynkol, exponential service, one server each
    s1, s2 = 6.0, 4.0
    theory = (mmc_mean_wait(lam, s1, 1), mmc_mean_wait(lam, s2, 1))
    w1s, w2s = [], []
    for seed in replication_seeds(77, REPS):
        borders = {
            "HRG": {"servers": 1, "service_h": _exp(s1)},
            "ALT": {"servers": 1, "service_h": _exp(s2)},
        }
        sc = _world(seed, "L12", 3, borders)
        w1, cr = _waits(sc, "HRG")
        m = (cr["border"] == "ALT") & (cr["arrive_h"] >= WARMUP_DAYS * 24)
        w1s.append(w1.mean())
        w2s.append(np.mean(cr["start_h"][m] - cr["arrive_h"][m]))
    for got, want, name in ((w1s, theory[0], "first"), (w2s, theory[1], "second")):
        mean, half = _ci(got)
        assert abs(mean - want) <= half, (
            f"{name} crossing {mean:.2f} ± {half:.2f} h vs {want:.2f} h"
        )


def test_littles_law_holds_on_every_recorded_queue():
    sc = _world(3, "L16", 3, {"AKS": {"servers": 1, "service_h": _exp(6.0),
                                      "background_trains_per_day": 1}, "DST": FAST})  # fmt: skip
    r = Model(sc).run()
    lo, hi = WARMUP_DAYS * 24.0, DAYS * 24.0
    cr, o = r.tables["crossings"], r.tables["orders"]
    queues = {
        f"{b} (waiting for a server)": (
            cr["arrive_h"][cr["border"] == b],
            cr["start_h"][cr["border"] == b],
        )
        for b in ("AKS", "DST")
    }
    queues["Yiwu (ready to departed)"] = (o["ready_h"], o["departed_h"])
    queues["merchants (placed to ready)"] = (o["placed_h"], o["ready_h"])
    queues["in transit (departed to arrived)"] = (o["departed_h"], o["arrived_h"])
    for name, (enter, leave) in queues.items():
        m = ~np.isnan(enter)
        ll = littles_law(enter[m], leave[m], lo, hi)
        assert ll["L"] == pytest.approx(ll["lambda_W"], rel=0.05, abs=1e-3), name


# --------------------------------------------------------------------------- slow, tight checks

SLOW_REPS = 16
SLOW_DAYS = 2000
POWER = 0.025  # a 95 % half-width below 2.5 % of the theory detects a 5 % error


def _busy_world(seed, border_spec, days=SLOW_DAYS):
    """L16 at one Poisson train a day, plus Poisson background trains at Alashankou."""
    d = copy.deepcopy(TINY)
    d.update(days=days, warmup_days=WARMUP_DAYS, seed=seed, scale=0.01)
    d["buyers"].update(visits_per_day=10, destinations={"CHL": 1.0})
    lines = {"L16": {"poisson_per_week": 7}}
    d["logistics"] = {"only_lines": ["L16"], "lines": lines,
                      "borders": {"AKS": border_spec, "DST": FAST}}  # fmt: skip
    return validate_data(d, "queueing")


def _tight(name, reps_seed, spec, theory, reps=SLOW_REPS):
    waits = [_waits(_busy_world(seed, spec), "AKS")[0].mean()
             for seed in replication_seeds(reps_seed, reps)]  # fmt: skip
    mean, half = _ci(waits)
    assert half <= POWER * theory, f"{name}: interval ±{half:.3f} h too wide to see a 5 % error"
    assert abs(mean - theory) <= half, f"{name} wait {mean:.3f} ± {half:.3f} h vs {theory:.3f} h"
    # the same data reject a model 5 % off
    assert abs(mean - 1.05 * theory) > half and abs(mean - 0.95 * theory) > half


@pytest.mark.slow
def test_mm1_to_five_percent():
    lam, service = 24 / 24, 0.65  # 1 Yiwu + 23 background trains a day = 1 an hour; ρ 0.65
    spec = {"servers": 1, "service_h": _exp(service), "background_trains_per_day": 23}
    _tight("M/M/1", 101, spec, mmc_mean_wait(lam, service, 1))


@pytest.mark.slow
def test_mmc_erlang_c_to_five_percent():
    lam, service, c = 24 / 24, 1.8, 3  # rho = 0.6
    spec = {"servers": c, "service_h": _exp(service), "background_trains_per_day": 23}
    _tight("M/M/3", 102, spec, mmc_mean_wait(lam, service, c), reps=24)


@pytest.mark.slow
def test_md1_pollaczek_khinchine_to_five_percent():
    lam, service = 24 / 24, 0.7
    spec = {"servers": 1, "service_h": _const(service), "background_trains_per_day": 23}
    _tight("M/D/1", 103, spec, mg1_mean_wait(lam, service, 0.0))


@pytest.mark.slow
def test_mg1_lognormal_pollaczek_khinchine_to_five_percent():
    """Non-exponential service: lognormal with cv 0.5, as the baseline's borders."""
    lam, service, cv = 24 / 24, 0.7, 0.5
    spec = {"servers": 1, "service_h": {"dist": "lognormal", "mean": service, "cv": cv},
            "background_trains_per_day": 23}  # fmt: skip
    _tight("M/G/1", 104, spec, mg1_mean_wait(lam, service, cv))


# --------------------------------------------------------------------------- Little's law


def _observed_queue(seed, days=SLOW_DAYS, sample_per_h=0.5):
    """Run one busy crossing with a SimPy observer that reads ``queue_length`` at Poisson
    times (PASTA: the samples average to the time-average number waiting)."""
    spec = {"servers": 1, "service_h": _exp(0.65), "background_trains_per_day": 23}
    model = Model(_busy_world(seed, spec, days))
    env = model.build()
    border = model.logistics.borders["AKS"]
    rng = np.random.default_rng(seed)
    samples: list[tuple[float, int]] = []

    def observer():
        while True:
            yield env.timeout(rng.exponential(1 / sample_per_h))
            samples.append((env.now, border.queue_length))

    env.process(observer())
    env.run(until=days * 24.0)
    log = np.array([(a, b) for _, _, a, b, _ in border.log])
    return np.array(samples), log[:, 0], log[:, 1] - log[:, 0]


@pytest.mark.slow
def test_littles_law_from_independent_measurements():
    """L sampled at random times by an observer against λ × mean recorded wait: within 5 %."""
    lo, hi = WARMUP_DAYS * 24.0, SLOW_DAYS * 24.0
    for seed in (1, 2):
        samples, arrive, wait = _observed_queue(seed)
        gap = littles_law_gap(samples, arrive, wait, lo, hi)
        assert abs(gap) <= 0.05, f"seed {seed}: L and λW differ by {100 * gap:+.1f} %"


def test_littles_law_check_rejects_data_not_from_a_queue():
    """Queue lengths and waits that do not belong together fail the check; the old
    same-intervals check (:func:`littles_law`) passes the same kind of random data."""
    rng = np.random.default_rng(0)
    lo, hi = 0.0, 20_000.0
    arrive = np.sort(rng.uniform(lo, hi, 20_000))  # λ = 1 an hour
    wait = rng.exponential(1.5, arrive.size)  # λW = 1.5
    times = np.sort(rng.uniform(lo, hi, 5000))
    for lengths in (rng.poisson(2.0, times.size), rng.integers(0, 10, times.size)):
        gap = littles_law_gap(np.column_stack([times, lengths]), arrive, wait, lo, hi)
        assert abs(gap) > 0.05
    # random intervals pass the old check, which takes L and λW from the same intervals
    ll = littles_law(arrive, arrive + rng.exponential(7.0, arrive.size), lo, hi)
    assert ll["L"] == pytest.approx(ll["lambda_W"], rel=0.05)


def test_littles_law_check_sees_a_wrong_wait_in_a_real_queue():
    """Waits recorded 10 % long (a bookkeeping error) fail against the observed queue."""
    samples, arrive, wait = _observed_queue(5, days=1200, sample_per_h=1.0)
    lo, hi = WARMUP_DAYS * 24.0, 1200 * 24.0
    assert abs(littles_law_gap(samples, arrive, wait, lo, hi)) <= 0.06
    assert littles_law_gap(samples, arrive, wait * 1.15, lo, hi) > 0.06
