"""Events per second of yiwu-sim against peers, measured the same way on the same machine.

Usage: python bench/peers.py   (needs the 'bench' extra: pip install ".[bench]")

- bare SimPy: processes that only wait on timeouts (the kernel's own speed);
- SimPy M/M/c: Poisson arrivals to a 3-server resource, exponential service (rho = 0.8);
- Ciw M/M/c: the same queue in Ciw (counted as arrivals + service starts + departures);
- SupplyNetPy: a supplier, a distributor with (s, S) replenishment and Poisson demand;
- yiwu-sim: the shipped Spring Festival season, timed over SimPy's event loop (as the peers are)
  and over the whole replication (demand, fulfilment of every order, tables and summary too).
SimPy-based tools are counted by SimPy's scheduled events; Ciw is not SimPy, so its count is its
own three events per customer. Each figure is the median of three runs in this process; each
run sits between two bare SimPy runs, and "x bare" is the median of its cost per event over
theirs (their geometric mean), so that the machine's drift from minute to minute cancels out.
"""

from __future__ import annotations

import logging
import random
import statistics
import time
from collections.abc import Callable

import numpy as np
import simpy
from common import bare_simpy_events_per_s


def _events(env: simpy.Environment) -> int:
    return int(repr(env._eid)[6:-1])


def simpy_mmc(customers: int = 200_000) -> float:
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=3)
    rng = np.random.default_rng(1)
    gaps = rng.exponential(1.0, customers).tolist()
    services = rng.exponential(2.4, customers).tolist()

    def customer(i: int):  # type: ignore[no-untyped-def]
        with server.request() as req:
            yield req
            yield env.timeout(services[i])

    def source():  # type: ignore[no-untyped-def]
        for i in range(customers):
            yield env.timeout(gaps[i])
            env.process(customer(i))

    env.process(source())
    t = time.perf_counter()
    env.run()
    return _events(env) / (time.perf_counter() - t)


def ciw_mmc(customers: int = 100_000) -> float:
    import ciw

    net = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=1.0)],
        service_distributions=[ciw.dists.Exponential(rate=1 / 2.4)],
        number_of_servers=[3],
    )
    ciw.seed(1)
    q = ciw.Simulation(net)
    t = time.perf_counter()
    q.simulate_until_max_customers(customers, method="Finish")
    wall = time.perf_counter() - t
    return 3 * len(q.get_all_records()) / wall


def supplynetpy(days: int = 20_000) -> float:
    import SupplyNetPy.Components as scm

    logging.getLogger("sim_trace").setLevel(logging.ERROR)
    scm.global_logger.disable_logging()
    env = simpy.Environment()
    rnd = random.Random(1)
    supplier = scm.Supplier(env=env, ID="S1", name="Supplier", node_type="infinite_supplier")
    dist = scm.InventoryNode(
        env=env, ID="D1", name="Distributor", node_type="distributor", capacity=500,
        initial_level=300, inventory_holding_cost=0.1, replenishment_policy=scm.SSReplenishment,
        policy_param={"s": 150, "S": 500}, product_sell_price=10, product_buy_price=5,
    )  # fmt: skip
    link = scm.Link(env=env, ID="L1", source=supplier, sink=dist, cost=5, lead_time=lambda: 2)
    demand = scm.Demand(
        env=env, ID="d1", name="demand", order_arrival_model=lambda: rnd.expovariate(4.0),
        order_quantity_model=lambda: 5, demand_node=dist,
    )  # fmt: skip
    net = scm.create_sc_net(env=env, nodes=[supplier, dist], links=[link], demands=[demand])
    t = time.perf_counter()
    scm.simulate_sc_net(net, sim_time=days, logging=False)
    return _events(env) / (time.perf_counter() - t)


def _yiwu_sim(seconds: str) -> float:
    from sim.model import Model
    from sim.world.inputs import load_scenario

    r = Model(load_scenario()).run()
    return r.manifest["events"] / r.manifest[seconds]


def yiwu_sim_loop() -> float:
    """SimPy's event loop only (``clock_time_s``), as the peers are timed."""
    return _yiwu_sim("clock_time_s")


def yiwu_sim_whole() -> float:
    """The whole replication (``wall_time_s``): also demand, fulfilment, tables and summary."""
    return _yiwu_sim("wall_time_s")


def paired(f: Callable[[], float], runs: int = 3) -> tuple[float, float]:
    """Median events/s of ``f``, and the median of its cost per event over a bare SimPy
    timeout's, each run sandwiched between two bare runs (this machine's speed drifts)."""
    rates, ratios = [], []
    for _ in range(runs):
        before = bare_simpy_events_per_s(n_events=300_000)
        rate = f()
        bare = (before * bare_simpy_events_per_s(n_events=300_000)) ** 0.5
        rates.append(rate)
        ratios.append(bare / rate)
    return statistics.median(rates), statistics.median(ratios)


def main() -> None:
    rows = [("bare SimPy timeouts", bare_simpy_events_per_s), ("SimPy M/M/3", simpy_mmc),
            ("Ciw M/M/3", ciw_mmc), ("SupplyNetPy (s,S) inventory", supplynetpy),
            ("yiwu-sim Spring Festival, event loop", yiwu_sim_loop),
            ("yiwu-sim Spring Festival, whole run", yiwu_sim_whole)]  # fmt: skip
    print(f"{'model':<38}{'events/s':>12}{'x bare':>9}")
    for name, f in rows:
        try:
            rate, ratio = paired(f)
            print(f"{name:<38}{rate:>12,.0f}{ratio:>9.2f}")
        except ImportError as exc:
            print(f"{name:<38}{'not installed':>12} ({exc.name})")


if __name__ == "__main__":
    main()
