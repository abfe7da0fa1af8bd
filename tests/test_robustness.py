"""Bad input never crashes the program, results are never lost, nothing runs unasked.

The fuzz tests feed hypothesis-generated and mutated scenarios to the loader and the validator:
every input must give a ScenarioError with a key path, or a valid scenario that runs. Counts of
inputs tried are in docs/robustness.md.
"""

import contextlib
import copy
import math
import os
import signal
import threading
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.errors import ScenarioError
from sim.experiment.runs import run_replications
from sim.model import Model
from sim.scenario import parse_yaml
from sim.scenario.yaml_io import MAX_NODES
from sim.world.capacity import capacity_warnings
from sim.world.inputs import resolve, validate_data
from sim.world.network import load_network
from sim.world.size_limits import MAX_ORDERS
from tests.conftest import ROOT, TINY

NASTY = [
    None, "", "x" * 10_000, "义乌🚂\u202e", 10**30, -(10**30), -1, 0, 0.5, float("nan"),
    float("inf"), -float("inf"), True, [], {}, [[[[[]]]]], {"dist": "lognormal"}, "2025-13-45",
    {"unknown": 1}, ["L99"], "../../etc/passwd",
]  # fmt: skip


def _paths(node, prefix=()):
    """Every key path in a nested scenario mapping."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _set(data, path, value, delete=False):
    node = data
    for p in path[:-1]:
        node = node[p]
    if delete and isinstance(node, dict):
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


PATHS = [p for p in _paths(TINY) if p]
FUZZ_EXAMPLES = 400


def _check(data):
    """A mutated mapping is either refused with key-path messages or valid and runnable."""
    try:
        sc = validate_data(data, "fuzz")
    except ScenarioError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        return
    if sc.days <= 60:
        Model(sc).run()


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(PATHS), st.sampled_from(NASTY), st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_scenarios_give_an_error_or_run(mutations):
    data = copy.deepcopy(TINY)
    for path, value, delete in mutations:
        try:
            _set(data, path, copy.deepcopy(value), delete)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the parent
    _check(data)


def _containers(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=10), children, max_size=4
    )


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    _containers,
    max_leaves=20,
)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(yaml_values)
def test_arbitrary_yaml_documents_give_an_error_or_a_scenario(value):
    text = yaml.safe_dump(value, allow_unicode=True)
    try:
        data = parse_yaml(text, "fuzz")
    except ScenarioError:
        return
    _check(data)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises_anything_but_scenario_error(text):
    with contextlib.suppress(ScenarioError):
        parse_yaml(text, "fuzz")


def test_billion_laughs_is_refused_quickly():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        levels.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    t = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"more than {MAX_NODES:,} values"):
        parse_yaml("\n".join(levels), "bomb")
    assert time.perf_counter() - t < 2


def test_deep_nesting_is_refused():
    with pytest.raises(ScenarioError, match="nested more than"):
        parse_yaml("a: " + "[" * 5000 + "]" * 5000, "deep")


def test_nan_and_infinity_in_yaml_are_refused_with_their_path(tiny):
    text = yaml.safe_dump(tiny).replace("visits_per_day: 400", "visits_per_day: .nan")
    with pytest.raises(ScenarioError) as info:
        validate_data(parse_yaml(text, "nan"), "nan")
    assert info.value.problems[0].startswith("buyers.visits_per_day: ")


def test_a_run_too_large_for_memory_is_refused_before_it_starts(tiny):
    tiny["buyers"]["visits_per_day"] = 100_000
    tiny.update(scale=10, days=3000)
    with pytest.raises(ScenarioError, match=f"more than the {MAX_ORDERS:,}"):
        validate_data(tiny, "huge")


def test_overload_warns_then_runs_and_reports_the_growing_queue(tiny):
    tiny["buyers"]["visits_per_day"] = 4000
    tiny["days"] = 40
    tiny["logistics"] = {"only_lines": ["L12"], "lines": {"L12": {"trains_per_week": 1}}}
    tiny["buyers"]["destinations"] = {"ALA": 1.0}
    sc = validate_data(tiny, "overload")
    warnings = capacity_warnings(resolve(sc), load_network())
    assert len(warnings) == 1 and warnings[0].startswith("line L12")
    r = Model(sc).run()
    at_end = r.summary["orders"]["at_end"]
    assert at_end["packed_waiting"] + at_end["at_consolidation"] > at_end["delivered"]
    from sim.results.analysis import daily_table

    waiting = daily_table(r.tables, sc.days, sc.start)["teu_waiting_yiwu"]
    assert waiting[-1] > waiting[len(waiting) // 2] > 0  # the queue keeps growing


def test_run_id_cannot_leave_the_results_folder(tmp_path, capsys):
    args = ["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--days", "10",
            "--out", str(tmp_path), "--run-id", "../../escape"]  # fmt: skip
    assert main(args) == 2  # a usage error, like every bad input (issue 17, item 11)
    assert "--run-id" in capsys.readouterr().err
    assert not (tmp_path.parent / "escape").exists()


def test_ctrl_c_while_writing_leaves_no_folder(tmp_path, monkeypatch):
    import sim.output.results as res

    r = Model(validate_data(copy.deepcopy(TINY), "t")).run()

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(res, "_write_json", interrupted)
    with pytest.raises(KeyboardInterrupt):
        res.write_run(r, tmp_path / "run")
    assert list(tmp_path.iterdir()) == []


def _spawned_workers():
    me = os.getpid()
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmd = fh.read()
        except OSError:
            continue
        if ppid == me and b"multiprocessing" in cmd and b"resource_tracker" not in cmd:
            out.append(int(pid))
    return out


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find worker processes")
def test_a_worker_that_dies_is_retried_and_results_are_identical(tmp_path):
    from sim.world.inputs import load_scenario

    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=60"])
    clean = run_replications(sc, 4, out=tmp_path / "clean", jobs=1)
    killed = []

    def killer():
        deadline = time.time() + 60
        while time.time() < deadline and not killed:
            workers = _spawned_workers()
            if workers:
                time.sleep(0.3)  # let it start a run
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])
            time.sleep(0.05)

    t = threading.Thread(target=killer)
    t.start()
    rs = run_replications(sc, 4, out=tmp_path / "pool", jobs=2)
    t.join()
    assert killed, "no worker process was found to kill"
    assert rs.computed == 4
    a = (clean.folder / "aggregate.json").read_bytes()
    b = (rs.folder / "aggregate.json").read_bytes()
    assert a == b


def test_a_run_with_no_demand_still_has_a_well_formed_summary(tiny):
    tiny["buyers"]["visits_per_day"] = 0  # nothing happens: every KPI still well formed
    r = Model(validate_data(tiny, "empty")).run()
    flat = []

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, float):
            flat.append(x)

    walk(r.summary)
    assert flat and not [x for x in flat if math.isnan(x) or math.isinf(x)]
