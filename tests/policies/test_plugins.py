"""Policies as objects: a class named ``package.module:Class`` in a scenario or with ``--policy``,
its declared parameters checked when the scenario loads (key paths in the errors) and listed in
the scenario reference, in every executor (serial, spawned workers, Dask) and from Python."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from sim.errors import ScenarioError, SimError
from sim.experiment.runs import compare, run_replications, sweep
from sim.model import Model
from sim.policies.base import register
from sim.policies.routing import RoutingPolicy
from sim.scenario import read_scenario_file, registry
from sim.scenario.reference import markdown
from sim.world.inputs import load_scenario, validate_data
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["days=40", "warmup_days=5"]
SEA_WHEN_LATE = "tests.policies.plugins:SeaWhenRailLate"
STACK = "tests.policies.plugins:LatestClosedFirst"

ALL_BY = '''
"""A user's routing policy in a module of its own (not part of the package)."""
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from sim.policies.routing import RoutingPolicy


class AllBy(RoutingPolicy):
    """Every order by one mode where its destination has it."""

    class Params(BaseModel):
        mode: Literal["rail", "sea"] = Field("sea", description="The mode every order takes.")

    def choose(self, batch, view):
        if self.params.mode == "sea":
            return self.pick_sea_where_possible(batch)
        rail = self.options.rail[batch.dest]
        return np.where(rail >= 0, rail, self.options.sea[batch.dest])
'''


@pytest.fixture
def user_module(tmp_path: Path) -> Path:
    """A folder holding ``user_policies.py`` (on sys.path for this process, and to be put on
    PYTHONPATH for a command)."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "user_policies.py").write_text(textwrap.dedent(ALL_BY), encoding="utf-8")
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    sys.modules.pop("user_policies", None)


def _sc(*extra: str):
    return load_scenario(TEACHING, [*SHORT, *extra])


def _problems(*overrides: str) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        _sc(*overrides)
    return err.value.problems


def _modes(folder: Path) -> dict[str, set[str]]:
    """Modes taken per destination in a run folder's orders table."""
    t = pq.read_table(folder / "orders.parquet", columns=["destination", "mode"]).to_pydict()
    out: dict[str, set[str]] = {}
    for d, m in zip(t["destination"], t["mode"]):
        out.setdefault(d, set()).add(m)
    return out


# --------------------------------------------------------------------------- command line


def test_a_plugin_named_module_class_runs_through_replications_on_two_workers(
    user_module, tmp_path
):
    """``yiwu-sim run SCENARIO --replications 4 --jobs 2 --policy routing=module:Class``: the
    spawned workers import the module from PYTHONPATH; the plug-in decides (every Madrid
    order by sea, where the shipped rule sends most by rail), and each run's resolved scenario
    names it with its parameters."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(user_module)])}
    cmd = [sys.executable, "-m", "sim", "run", str(TEACHING), "--replications", "4", "--jobs",
           "2", "--quiet", "--no-report", "--out", str(tmp_path / "out"), "--set", "days=40",
           "--set", "warmup_days=5", "--policy", "routing=user_policies:AllBy"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "out" / "teaching-small" / "replications-42"
    reps = sorted(folder.glob("rep-*"))
    assert len(reps) == 4
    assert json.loads((folder / "aggregate.json").read_text())["replications"] == 4
    for rep in reps:
        resolved = read_scenario_file(rep / "scenario.yaml")
        mc = resolved["logistics"]["mode_choice"]
        assert mc["rule"] == "user_policies:AllBy"
        assert mc["params"] == {"mode": "sea"}  # the declared default, written out
        assert _modes(rep)["MAD"] == {"sea"}  # Madrid has rail and sea: the plug-in chose


def test_bad_plugin_params_stop_the_command_with_their_key_paths(user_module, tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(user_module)])}
    cmd = [sys.executable, "-m", "sim", "run", str(TEACHING), "--out", str(tmp_path / "out"),
           "--policy", "user_policies:AllBy", "--set", "logistics.mode_choice.params.mode=air",
           "--set", "logistics.mode_choice.params.speed=2"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "logistics.mode_choice.params.mode: Input should be 'rail' or 'sea'" in done.stderr
    assert "logistics.mode_choice.params.speed: unknown parameter" in done.stderr
    assert "allowed: mode" in done.stderr
    assert not (tmp_path / "out").exists()


def test_policy_option_errors_name_the_option_and_what_is_allowed(tmp_path):
    from sim.cli import main

    out = ["--out", str(tmp_path), "--no-report"]
    assert main(["run", str(TEACHING), *out, "--policy", "bogus=x"]) == 2
    assert main(["run", str(TEACHING), *out, "--policy", "tests.policies.plugins:NotAPolicy"]) == 2
    assert main(["run", str(TEACHING), *out, "--policy", "no_such_module_xyz:Cls"]) == 2
    assert not list(tmp_path.iterdir())


def test_a_plugin_that_raises_during_the_run_is_named_in_one_line_and_nothing_is_written(
    tmp_path, capsys
):
    """A user's policy with a bug: the command names the scenario key, the class, the error
    and the line of the user's code that raised, in one line without a traceback (exit code
    1: the work could not be done), serially and on worker processes; no run folder is left,
    and a run folder written before is kept as it was."""
    from sim.cli import main

    out = tmp_path / "out"
    base = ["--out", str(out), "--no-report", "--set", "days=20", "--set", "warmup_days=0"]
    assert main(["run", str(TEACHING), *base, "--run-id", "kept", "--quiet"]) == 0
    kept = (out / "teaching-small" / "kept" / "orders.parquet").read_bytes()
    capsys.readouterr()
    fails = ["--policy", "routing=tests.policies.plugins:FailsAfter"]
    runs = [
        ["run", str(TEACHING), *base, *fails, "--run-id", "kept", "--force"],
        ["run", str(TEACHING), *base, *fails, "--replications", "2", "--jobs", "2", "--quiet"],
        ["compare", str(TEACHING), str(TEACHING), *base[:2], *fails, "--replications", "2",
         "--jobs", "1", "--no-report", "--quiet", "--set", "days=20"],
    ]  # fmt: skip
    for argv in runs:
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert "Traceback" not in err
        errors = [x for x in err.splitlines() if not x.startswith("warning: ")]
        assert len(errors) == 1, err
        line = errors[0]
        assert line.startswith("error: logistics.mode_choice.rule: the routing policy "
                               "'tests.policies.plugins:FailsAfter' failed during the run: "
                               "ZeroDivisionError: the user's policy divided by zero")  # fmt: skip
        assert "plugins.py line" in line and "in choose" in line
    assert sorted(p.name for p in (out / "teaching-small").iterdir()) == ["kept"]
    assert (out / "teaching-small" / "kept" / "orders.parquet").read_bytes() == kept


# --------------------------------------------------------------------------- validation


def test_plugin_params_are_validated_with_key_paths_when_the_scenario_loads():
    problems = _problems(
        f"logistics.mode_choice.rule={SEA_WHEN_LATE}",
        "logistics.mode_choice.params.threshold_h=-1",
        "logistics.mode_choice.params.treshold_h=3",
    )
    assert problems[0].startswith("logistics.mode_choice.params.threshold_h: ")
    assert "greater than or equal to 0" in problems[0] and "(got -1)" in problems[0]
    assert problems[1].startswith("logistics.mode_choice.params.treshold_h: unknown parameter")
    assert "allowed: threshold_h, max_queue, window_h" in problems[1]
    # a dataclass's fields are checked as well, for the kinds whose params key is new
    (dc,) = _problems(
        f"logistics.consolidation.loading={STACK}",
        "logistics.consolidation.loading_params.reverse=perhaps",
    )
    assert dc.startswith("logistics.consolidation.loading_params.reverse: ")
    # true is not 1 for a declared number (pydantic's lax mode would take it)
    (flag,) = _problems(
        f"logistics.mode_choice.rule={SEA_WHEN_LATE}", "logistics.mode_choice.params.window_h=true"
    )
    assert flag.startswith(
        "logistics.mode_choice.params.window_h: a number is needed, not a true/false value"
    )


def test_defaults_are_filled_in_and_the_policy_reads_typed_params():
    sc = _sc(f"logistics.mode_choice.rule={SEA_WHEN_LATE}",
             "logistics.mode_choice.params.threshold_h=24")  # fmt: skip
    assert sc.logistics.mode_choice.params == {
        "threshold_h": 24.0, "max_queue": 1e9, "window_h": 168.0
    }  # fmt: skip
    model = Model(_sc(f"logistics.consolidation.loading={STACK}"))
    model.build()
    policy = model.logistics.loading
    assert type(policy).__name__ == "LatestClosedFirst"
    assert policy.params.reverse is True and type(policy.params).__name__ == "Params"


def test_names_that_are_no_policy_of_the_kind_are_refused_with_the_reason():
    (p,) = _problems("logistics.mode_choice.rule=tests.policies.plugins:NotAPolicy")
    assert "is not a routing policy" in p and "RoutingPolicy" in p
    (p,) = _problems(f"logistics.consolidation.loading={SEA_WHEN_LATE}")
    assert p.startswith("logistics.consolidation.loading: ") and "not a loading policy" in p
    (p,) = _problems("logistics.train_routing=no_such_module_xyz:Cls")
    assert "cannot import module 'no_such_module_xyz'" in p
    (p,) = _problems("logistics.mode_choice.rule=tests.policies.plugins:Missing")
    assert "has no 'Missing'" in p
    (p,) = _problems("logistics.mode_choice.rule=a-b:C")
    assert "package.module:Class" in p


def test_a_built_in_policy_takes_no_params_and_unset_new_keys_stay_out_of_the_scenario():
    (p,) = _problems("logistics.mode_choice.params.margin=1")
    assert p.startswith("logistics.mode_choice.params: the built-in routing policy 'share'")
    text = _sc().to_yaml()
    assert "loading_params" not in text and "train_routing_params" not in text


def test_the_reference_lists_each_kind_and_a_plugins_parameters():
    page = markdown([("routing", SEA_WHEN_LATE), ("loading", STACK)])
    assert "| routing | `logistics.mode_choice.rule` |" in page
    assert "`logistics.consolidation.loading_params` |" in page
    row = next(r for r in page.splitlines() if "`logistics.mode_choice.params.threshold_h`" in r)
    assert "| number | hours | `72.0` | >= `0` | How much later rail may be (h). |" in row
    assert "`logistics.consolidation.loading_params.reverse` | boolean |" in page
    assert SEA_WHEN_LATE not in markdown()  # the committed page lists only what it is given


# --------------------------------------------------------------------------- executors


def test_a_plugin_runs_alike_serially_on_workers_and_on_dask(user_module, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    sc = _sc("logistics.mode_choice.rule=user_policies:AllBy",
             "logistics.mode_choice.params.mode=rail")  # fmt: skip
    serial = run_replications(sc, 2, out=tmp_path / "serial", jobs=1)
    pool = run_replications(sc, 2, out=tmp_path / "pool", jobs=2)
    with socket.socket() as free:  # the scheduler's HTTP server on a free port, not 8787,
        free.bind(("127.0.0.1", 0))  # which another cluster on the machine may hold
        http = f"127.0.0.1:{free.getsockname()[1]}"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=http
    ) as cluster:
        dask = run_replications(sc, 2, out=tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert serial.summaries == pool.summaries == dask.summaries
    assert _modes(serial.folder / "rep-000")["MAD"] == {"rail"}


def test_compare_and_sweep_take_plugins_on_workers(user_module, tmp_path):
    base = _sc()
    plug = _sc("logistics.mode_choice.rule=user_policies:AllBy").model_copy(
        update={"name": "all-by-sea"}
    )
    comp = compare([base, plug], 2, out=tmp_path, jobs=2)
    assert comp.labels == ["teaching-small", "all-by-sea"]
    data = read_scenario_file(TEACHING)
    data["logistics"]["mode_choice"] = {"rule": "user_policies:AllBy"}
    data.update(days=40, warmup_days=5)
    swept = sweep(data, {"logistics.mode_choice.params.mode": ["rail", "sea"]}, 2, out=tmp_path,
                  jobs=2)  # fmt: skip
    modes = [_modes(s.folder / "rep-000")["MAD"] for s in swept.sets]
    assert modes == [{"rail"}, {"sea"}]


def test_a_policy_registered_from_a_module_reaches_spawned_workers(tmp_path):
    """``@register`` keeps working: the worker imports the module that registered the name."""
    import tests.policies.registered  # noqa: F401 - registers 'stack_test'

    sc = _sc("logistics.consolidation.loading=stack_test")
    assert registry.plugin_modules(sc) == ["tests.policies.registered"]
    rs = run_replications(sc, 2, out=tmp_path, jobs=2)
    assert rs.computed == 2


def test_a_policy_defined_in_main_is_refused_for_workers_with_what_to_do(tmp_path):
    """A class from a notebook's or script's ``__main__`` cannot be imported by a worker: the
    experiment says so before starting any (one process still runs it)."""

    class InNotebook(RoutingPolicy):
        def choose(self, batch, view):
            return self.pick_sea_where_possible(batch)

    InNotebook.__module__ = "__main__"
    register("routing", "in_notebook_test")(InNotebook)
    sc = _sc("logistics.mode_choice.rule=in_notebook_test")
    with pytest.raises(SimError, match=r"defined in __main__.*module:Class.*jobs=1"):
        run_replications(sc, 2, out=tmp_path / "pool", jobs=2)
    assert run_replications(sc, 2, out=tmp_path / "one", jobs=1).computed == 2


def test_from_python_a_scenario_names_a_class_whose_decisions_read_the_monitors():
    """As in a notebook: no file, no registration. With no queue too long, Madrid's orders
    stay on rail; when any train queueing on its line's crossings over the last two days is
    too many, they go by sea: the monitors are read while the clock runs."""
    data = read_scenario_file(TEACHING)
    data.update(days=40, warmup_days=5)
    # other trains at Alashankou (AKS), the Madrid line's first crossing: a queue forms there
    data["logistics"]["borders"] = {
        "AKS": {"servers": 1, "service_h": {"dist": "constant", "value": 4},
                "background_trains_per_day": 5}
    }  # fmt: skip

    def madrid(max_queue: float) -> np.ndarray:
        data["logistics"]["mode_choice"] = {
            "rule": SEA_WHEN_LATE,
            "params": {"threshold_h": 1e6, "max_queue": max_queue, "window_h": 48},
        }
        o = Model(validate_data(data, "notebook")).run().tables["orders"]
        return o["mode"][o["destination"] == "MAD"]

    assert set(madrid(1e9).tolist()) == {"rail"}
    queued = madrid(1e-9)
    # orders are decided at their own moment (from the first morning on), when the queue
    # the monitors recorded has already formed: they go by sea
    assert (queued == "sea").mean() > 0.9


def test_parameters_may_be_plain_annotated_fields():
    name = "tests.policies.plugins:EarliestFirstAfter"
    (p,) = _problems(f"logistics.consolidation.loading={name}",
                     "logistics.consolidation.loading_params.from_h=soon")  # fmt: skip
    assert p.startswith("logistics.consolidation.loading_params.from_h: ")
    model = Model(_sc(f"logistics.consolidation.loading={name}",
                      "logistics.consolidation.loading_params.from_h=12"))  # fmt: skip
    model.build()
    params = model.logistics.loading.params
    assert (params.from_h, params.note) == (12.0, "plain fields")
    assert model.scenario.logistics.consolidation.loading_params == {
        "from_h": 12.0, "note": "plain fields"
    }  # fmt: skip


def test_policy_option_sets_the_key_of_its_kind(capsys):
    from sim.cli.settings import _policy_overrides
    from sim.scenario.reference import main as reference

    assert _policy_overrides(["routing=live", f" {SEA_WHEN_LATE} ", f"loading={STACK}"]) == [
        "logistics.mode_choice.rule=live",
        f"logistics.mode_choice.rule={SEA_WHEN_LATE}",  # the kind from the class's base
        f"logistics.consolidation.loading={STACK}",
    ]
    reference(["--policy", f"routing={SEA_WHEN_LATE}"])
    assert "| `logistics.mode_choice.params.window_h` |" in capsys.readouterr().out
