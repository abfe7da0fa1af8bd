"""Time from a change in the explorer to updated views, with the bare SimPy rate beside it.

Usage: python bench/explore_latency.py [SCENARIO] [--changes N] [--replications R]
       [--set CONTROL=VALUE ...]

Starts the explorer's server on a free port (the teaching scenario by default), lets the
baseline finish, then makes N changes through the HTTP API as the page does (a new Madrid
frequency each time, so nothing comes from the cache) and times each from the POST until the
job's first replication pair is ready (the page redraws on its next poll, within 0.1 s), and
until all R replications are done. Prints the medians and the bare SimPy rate measured just
after (this machine's speed drifts; see docs/performance.md). ``--set`` holds controls of the
page at a value in every change, e.g. ``--set mode_choice.rule=live --set closure.days=14``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
import urllib.request

from common import bare_simpy_events_per_s

from sim.explore.server import make_server


def _get(url: str) -> dict:
    with urllib.request.urlopen(url) as r:
        return json.loads(r.read())


def _post(url: str, body: dict) -> dict:
    req = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?")
    p.add_argument("--changes", type=int, default=9)
    p.add_argument("--replications", type=int, default=3)
    p.add_argument("--set", action="append", default=[], metavar="CONTROL=VALUE")
    args = p.parse_args()
    srv = make_server(args.scenario, 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = _get(srv.url + "api/init")["setting"]
    base["replications"] = args.replications
    for item in args.set:
        k, _, v = item.partition("=")
        base[k] = type(base[k])(v) if isinstance(base.get(k), int | float) else v
    first: list[float] = []
    full: list[float] = []
    key = next(k for k in base if k.endswith(".trains_per_week"))
    for i in range(args.changes + 1):
        setting = dict(base, **{key: round(0.5 + 0.05 * i, 2)})
        t0 = time.perf_counter()
        job = _post(srv.url + "api/run", setting)["job"]
        t_first = None
        while True:
            st = _get(f"{srv.url}api/job/{job}")
            if t_first is None and st["done"] >= 1:
                t_first = time.perf_counter() - t0
            if st["status"] in ("done", "error"):
                break
            time.sleep(0.01)
        if i:  # the first change also waits for the baseline's start-up runs
            first.append(t_first or float("nan"))
            full.append(time.perf_counter() - t0)
    srv.shutdown()
    srv.explorer.stop()
    rate = bare_simpy_events_per_s()
    print(f"{args.changes} changes, {args.replications} replications each")
    print(
        f"change -> first views (one replication pair): median {statistics.median(first):.2f} s "
        f"(min {min(first):.2f}, max {max(first):.2f})"
    )
    print(f"change -> all {args.replications} replications: median {statistics.median(full):.2f} s")
    print(f"bare SimPy: {rate:,.0f} events/s")


if __name__ == "__main__":
    main()
