"""Runs behind the page: the baseline and the current setting, same seeds, in the background.

One worker thread simulates; the HTTP threads only read. A change on the page is a *job*: the
setting's overrides and its seeds (the seed itself for one replication, else the seeds
``yiwu-sim run --replications N`` spawns from it,
:func:`sim.world.random_streams.replication_seeds`).
For each seed the worker runs the baseline (the scenario as loaded) and the current setting, so
every pair shares its random numbers (common random numbers) and the paired difference is
available as soon as the first pair is done. Between replications the worker looks for a newer
job and, if there is one, drops the older (a replication of the teaching scenario takes about
half a second, so a change waits for at most one). Digests of finished runs are cached by
(overrides, seed): moving a slider back costs nothing.
"""

from __future__ import annotations

import copy
import difflib
import logging
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.errors import ScenarioError, SimError
from sim.experiment.single import simulate
from sim.experiment.statistics import interval, t_quantile
from sim.explore.controls import Controls
from sim.explore.digest import digest, network_map, season, waits
from sim.output.saying import in_lang
from sim.scenario import YAML_DUMPER, Scenario, read_scenario_file
from sim.world.network import Network, load_network
from sim.world.random_streams import replication_seeds

log = logging.getLogger(__name__)

TEACHING = Path(__file__).with_name("teaching_small.yaml")
"""The teaching scenario (a copy of ``scenarios/teaching_small.yaml``; a test keeps them equal),
shipped with the package so that ``yiwu-sim explore`` works from any folder."""

SHIPPED_NAME = TEACHING.name
"""The teaching scenario's file name, as the page names it outside a checkout."""

CACHE_RUNS = 400
"""Digests kept (a few kB each)."""

KPIS = (
    ("on_time_pct", "On time against the deadline (orders that have one)", "%"),
    ("rail_teu_per_week", "Throughput by rail", "TEU per week"),
    ("trains_per_week", "Trains from Yiwu", "per week"),
    ("lead_rail_days", "Lead time by rail, mean", "days"),
    ("lead_sea_days", "Lead time by sea, mean", "days"),
)
"""The scalar views, in page order (the crossing's wait and queue follow)."""


class Job:
    """One setting to simulate, and how far it got."""

    def __init__(self, jid: int, setting: dict[str, Any], overrides: list[str],
                 scenario: Scenario, seeds: list[int]) -> None:  # fmt: skip
        self.id = jid
        self.setting = setting
        self.overrides = overrides
        self.scenario = scenario
        self.seeds = seeds
        self.status = "queued"
        self.message = ""
        self.base: list[dict[str, Any]] = []
        self.cur: list[dict[str, Any]] = []
        self.season: dict[str, Any] | None = None
        self.submitted = time.perf_counter()
        self.first_s: float | None = None
        """Seconds from submission to the first replication pair (the views' first update)."""


def said_problems(problems: list[str], lang: str = "en") -> str:
    """A scenario's problems on one line in ``lang`` (each said from its code and values,
    :func:`sim.output.saying.in_lang`); English as always for ``en``."""
    return ("；" if lang == "zh" else "; ").join(in_lang(p, lang) for p in problems)


class Explorer:
    """The loaded scenario, its controls, the job queue and the worker.

    Parameters
    ----------
    path
        A scenario file; ``None`` for the teaching scenario.
    """

    def __init__(self, path: str | Path | None = None, network: Network | None = None) -> None:
        self.network = network or load_network()
        self.path = Path(path) if path is not None else TEACHING
        source = str(path) if path is not None else _teaching_source()
        self.data = read_scenario_file(self.path)
        self.shipped = source == SHIPPED_NAME
        """The packaged teaching scenario named by its file name alone (outside a checkout):
        the page offers the file, which the user does not have beside them."""
        self.shipped_text = TEACHING.read_bytes() if self.shipped else None
        """That file as shipped, read once (the server reads nothing after start-up)."""
        self.controls = Controls(self.data, source, self.network)
        self.map = network_map(self.network, self.controls.lines)
        self.base_yaml = _dump(self.data)
        self._lock = threading.Condition()
        self._jobs: OrderedDict[int, Job] = OrderedDict()
        self._next = 1
        self._cache: OrderedDict[tuple[tuple[str, ...], int], dict[str, Any]] = OrderedDict()
        self._stop = False
        self._thread = threading.Thread(target=self._work, name="explore-worker", daemon=True)

    # -- the page's requests -------------------------------------------------------------

    def start(self) -> None:
        """Start the worker and the baseline's first replications."""
        t_quantile(2)  # import scipy.stats now, not on the first interval
        self._thread.start()
        self.submit(self.controls.baseline())

    def stop(self) -> None:
        """Stop the worker after its current replication."""
        with self._lock:
            self._stop = True
            self._lock.notify_all()

    def submit(self, setting: Any, lang: str = "en") -> dict[str, Any]:
        """Check a setting and queue it; the answer names the job or says, in words, what is
        wrong with which control (a problem of the scenario the setting makes in ``lang``)."""
        clean, problems = self.controls.check(setting)
        if problems:
            return {"ok": False, "problems": problems}
        overrides = self.controls.overrides(clean)
        try:
            _data, sc = self.controls.scenario_for(overrides)
        except ScenarioError as exc:
            return {"ok": False, "problems": {"": said_problems(exc.problems, lang)}}
        n = int(clean["replications"])
        seeds = [int(clean["seed"])] if n == 1 else replication_seeds(int(clean["seed"]), n)
        with self._lock:
            job = Job(self._next, clean, overrides, sc, seeds)
            self._next += 1
            self._jobs[job.id] = job
            while len(self._jobs) > 50:
                self._jobs.popitem(last=False)
            self._lock.notify_all()
        return {"ok": True, "job": job.id}

    def state(self, jid: int, with_season: bool = False) -> dict[str, Any] | None:
        """What the page shows for a job: progress, views, the scenario file and command."""
        with self._lock:
            job = self._jobs.get(jid)
            if job is None:
                return None
            base, cur = list(job.base), list(job.cur)
            out: dict[str, Any] = {
                "job": job.id,
                "status": job.status,
                "message": job.message,
                "done": len(cur),
                "total": len(job.seeds),
                "first_s": job.first_s,
                "setting": dict(job.setting),  # what these views are of: the page words it
            }
            setting, overrides, sea = job.setting, job.overrides, job.season
        out["views"] = self._views(base, cur, setting["crossing"]) if cur else None
        if with_season:
            out["season"] = sea
        out["command"] = self.controls.command(setting, overrides)
        # the downloaded file holds the changes: it runs with the seed and replications alone
        saved_as = f"{self.controls.scenario.name}.yaml"
        out["command_file"] = self.controls.command(setting, [], saved_as)
        out["overrides"] = overrides
        new_yaml = self.scenario_text(overrides)
        out["diff"] = "".join(
            difflib.unified_diff(
                self.base_yaml.splitlines(True),
                new_yaml.splitlines(True),
                "loaded.yaml",
                "explored.yaml",
            )
        )
        return out

    def scenario_text(self, overrides: list[str]) -> str:
        """The current setting as a scenario file (the loaded file's mapping, overridden)."""
        data, _sc = self.controls.scenario_for(overrides)
        return _dump(data)

    def latest(self) -> Job | None:
        """The newest job."""
        with self._lock:
            return next(reversed(self._jobs.values()), None)

    # -- the worker ----------------------------------------------------------------------

    def _work(self) -> None:
        done_upto = 0
        while True:
            with self._lock:
                while not self._stop and not (self._jobs and self._next - 1 > done_upto):
                    self._lock.wait()
                if self._stop:
                    return
                job = next(reversed(self._jobs.values()))
                for older in self._jobs.values():
                    if older.id < job.id and older.status in ("queued", "running"):
                        older.status = "cancelled"
                        older.message = "a newer change replaced this one"
                job.status = "running"
            done_upto = job.id
            try:
                self._run(job)
            except SimError as exc:
                self._fail(job, f"the simulation stopped: {exc}")
            except Exception as exc:  # the page shows words, the log keeps the trace
                log.exception("explorer run failed")
                self._fail(job, f"the simulation failed ({type(exc).__name__}); see the log")

    def _fail(self, job: Job, message: str) -> None:
        with self._lock:
            job.status, job.message = "error", message

    def _newer(self, job: Job) -> bool:
        with self._lock:
            return self._stop or self._next - 1 > job.id

    def _run(self, job: Job) -> None:
        base_sc = self.controls.scenario
        for i, seed in enumerate(job.seeds):
            if self._newer(job):
                with self._lock:
                    if job.status == "running":
                        job.status = "cancelled"
                        job.message = "a newer change replaced this one"
                return
            want = i == 0 and job.season is None
            b = self._digest(base_sc, (), seed, False)
            c: dict[str, Any] | None = b if not job.overrides else None
            sea: dict[str, Any] | None = None
            if c is None or want:
                c, sea = self._digest_season(job.scenario, tuple(job.overrides), seed, want)
            assert c is not None
            with self._lock:
                job.base.append(b)
                job.cur.append(c)
                if sea is not None:
                    job.season = sea
                if job.first_s is None:
                    job.first_s = time.perf_counter() - job.submitted
        with self._lock:
            if job.status == "running":
                job.status = "done"

    def _digest(self, sc: Scenario, key: tuple[str, ...], seed: int, _s: bool) -> dict[str, Any]:
        return self._digest_season(sc, key, seed, False)[0]

    def _digest_season(
        self, sc: Scenario, key: tuple[str, ...], seed: int, want_season: bool
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        with self._lock:
            hit = self._cache.get((key, seed))
        if hit is not None and (not want_season or "season" in hit):
            return hit["digest"], hit.get("season")
        result = simulate(sc, seed, network=self.network)
        entry = {"digest": digest(result)}
        if want_season:
            entry["season"] = season(result, self.network)
            entry["season"]["queue_day"] = entry["digest"]["series"]["queue_day"]
            entry["season"]["waits"] = waits(result, self.network)
        with self._lock:
            self._cache[(key, seed)] = entry
            while len(self._cache) > CACHE_RUNS:
                self._cache.popitem(last=False)
        return entry["digest"], entry.get("season")

    # -- views ---------------------------------------------------------------------------

    def _views(self, base: list[dict[str, Any]], cur: list[dict[str, Any]], crossing: str
               ) -> dict[str, Any]:  # fmt: skip
        name = self.network.nodes[crossing].name
        specs = [*KPIS,
                 (f"wait_h.{crossing}", f"Wait before service at {name} (closures included), mean",
                  "hours"),
                 (f"queue.{crossing}", f"Trains queueing at {name}, mean", "trains")]  # fmt: skip
        held_any = any(d["kpis"].get(f"held.{crossing}") for d in (*base, *cur))
        queued_any = any(d["kpis"].get(f"queued.{crossing}") for d in (*base, *cur))
        if held_any:
            # a closure the run ends in: its trains are in no crossings row (see digest.held_at_end)
            specs += [
                (f"held.{crossing}", f"Trains still held at {name} when the run ends (closed)",
                 "trains"),
                (f"held_wait_h.{crossing}", f"Trains held at {name}: hours waited so far, mean "
                 "(at least: they still wait)", "hours"),
            ]  # fmt: skip
        if queued_any:
            # open at the end, every server busy (a reopening's backlog): in no row either
            specs.append((f"queued.{crossing}", f"Trains still queued at {name} when the run "
                          "ends (open, every server busy)", "trains"))  # fmt: skip
        if held_any or queued_any:
            specs.append(
                (
                    f"wait_held_h.{crossing}",
                    f"Wait before service at {name}, counting "
                    "the trains still waiting when the run ends (at least), mean",
                    "hours",
                )
            )
        kpis = [_compare(key, label, unit, base, cur) for key, label, unit in specs]
        start = self.controls.scenario.start
        held = _mean_kpis(cur, "held.")  # trains a closure holds at the end, for the map's tips
        queued = _mean_kpis(cur, "queued.")  # and those an open crossing still queues
        safe = []
        for lid in self.controls.lines:
            row = _compare(f"last_safe_day.{lid}", f"Last safe order date, {lid}", "day", base,
                           cur)  # fmt: skip
            for side in ("base", "cur"):
                v = row[side]
                row[f"{side}_date"] = None if v is None else (start + _days(round(v))).isoformat()
            safe.append(row)
        return {
            "kpis": kpis,
            "last_safe": safe,
            "weekly": {
                "base": _mean_series(base, "rail_teu_week"),
                "cur": _mean_series(cur, "rail_teu_week"),
            },
            # the queue of the trains served, and of those still waiting when the run ends
            # (held by a closure or queued at the open crossing: in no crossings row)
            "queue": {
                "base": _mean_series(base, "queue_day", crossing),
                "cur": _mean_series(cur, "queue_day", crossing),
                "base_waiting": _mean_series(base, "waiting_day", crossing),
                "cur_waiting": _mean_series(cur, "waiting_day", crossing),
            },
            "line_teu": {"base": _mean_map(base, "line_teu"), "cur": _mean_map(cur, "line_teu")},
            "waits": {k.split(".", 1)[1]: v for k, v in _mean_kpis(cur, "wait_h.").items()},
            "held_trains": {k.split(".", 1)[1]: v for k, v in held.items() if v},
            "queued_trains": {k.split(".", 1)[1]: v for k, v in queued.items() if v},
            "held": {"base": self._held(base, crossing), "cur": self._held(cur, crossing)},
            "queued": {
                "base": self._held(base, crossing, "queued"),
                "cur": self._held(cur, crossing, "queued"),
            },
            "start": start.isoformat(),
        }

    def _held(self, ds: list[dict[str, Any]], crossing: str, kind: str = "held"
              ) -> dict[str, Any] | None:  # fmt: skip
        """What the page says of the trains ``crossing`` still holds when the runs end, closed
        (``kind`` ``held``), or still queues, open with every server busy (``queued``); None:
        no run has any. The mean over the runs of how many (and how many are Yiwu's, 0 in a
        run that has none), the mean over the runs that have some of the hours they have
        waited so far (the ``held_wait_h`` row's number for the held ones), the longest of any
        run, and when it reopens (held only: the setting's, the same in every run)."""
        held = [d.get(kind, {}).get(crossing) for d in ds]
        some = [h for h in held if h]
        if not some:
            return None
        n = len(ds)
        out = {
            "crossing": crossing,
            "n": n,
            "runs": len(some),
            "trains": interval([h["trains"] if h else 0 for h in held])["mean"],
            "yiwu_trains": interval([h["yiwu_trains"] if h else 0 for h in held])["mean"],
            "waited_h_mean": interval([h["waited_h_mean"] for h in some])["mean"],
            "waited_h_max": max(h["waited_h_max"] for h in some),
            "end_h": self.controls.scenario.days * 24.0,
        }
        if kind == "held":
            out["reopens_h"] = some[0]["reopens_h"]
        return out


def _teaching_source() -> str:
    """How the page and its printed command name the teaching scenario:
    ``scenarios/teaching_small.yaml`` where the explorer runs in a checkout (that file is the
    packaged one), else its file name, ``teaching_small.yaml`` (:data:`SHIPPED_NAME`).

    Outside a checkout the packaged file sits deep in an installation
    (``/…/site-packages/sim/explore/teaching_small.yaml``), a path that says nothing to a
    student and changes with every environment; ``yiwu-sim run`` has no name for the packaged
    teaching scenario (its default is the Spring Festival season), so the page offers the file
    itself (``download/teaching_small.yaml``) and says to run the command in the folder it is
    saved to."""
    local = Path("scenarios") / SHIPPED_NAME
    try:
        if local.read_bytes() == TEACHING.read_bytes():
            return local.as_posix()
    except OSError:
        pass
    return SHIPPED_NAME


def _days(n: int) -> Any:
    from datetime import timedelta

    return timedelta(days=n)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(copy.deepcopy(data), Dumper=YAML_DUMPER, sort_keys=False,
                     allow_unicode=True, width=100)  # fmt: skip


def _compare(key: str, label: str, unit: str, base: list[dict[str, Any]],
             cur: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """Baseline and current mean of a KPI and the paired difference with its 95 % interval."""
    b = [d["kpis"].get(key) for d in base]
    c = [d["kpis"].get(key) for d in cur]
    pairs = [(x, y) for x, y in zip(b, c) if x is not None and y is not None]
    diff = interval([y - x for x, y in pairs])
    return {
        "key": key,
        "label": label,
        "unit": unit,
        "base": interval(b)["mean"],
        "cur": interval(c)["mean"],
        "diff": diff["mean"],
        "lo": diff["ci_low"],
        "hi": diff["ci_high"],
        "n": diff["n"],
    }


def _mean_series(ds: list[dict[str, Any]], name: str, sub: str | None = None) -> list[float]:
    rows = [d["series"][name] if sub is None else d["series"][name].get(sub, []) for d in ds]
    rows = [r for r in rows if r]
    if not rows:
        return []
    n = min(len(r) for r in rows)
    return [round(float(x), 3) for x in np.mean([r[:n] for r in rows], axis=0)]


def _mean_map(ds: list[dict[str, Any]], name: str) -> dict[str, float]:
    keys = sorted({k for d in ds for k in d["series"][name]})
    return {k: round(float(np.mean([d["series"][name].get(k, 0.0) for d in ds])), 1) for k in keys}


def _mean_kpis(ds: list[dict[str, Any]], prefix: str) -> dict[str, float | None]:
    keys = sorted({k for d in ds for k in d["kpis"] if k.startswith(prefix)})
    return {k: interval([d["kpis"].get(k) for d in ds])["mean"] for k in keys}
