"""The model against queueing theory: a border crossing reduced to a textbook queue must give
the textbook answer within the 95 % interval of its replications (never skipped)."""

import copy
import math

import numpy as np
import pytest
from scipy import stats

from sim.model import Model
from sim.output.analysis import littles_law
from sim.world.inputs import validate_data
from sim.world.random_streams import replication_seeds
from tests.conftest import TINY
from tests.queueing_theory import erlang_c, mmc_mean_wait

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


def _ci(values):
    mean = float(np.mean(values))
    half = stats.t.ppf(0.975, len(values) - 1) * np.std(values, ddof=1) / math.sqrt(len(values))
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
    mean, half = _ci(waits)
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
