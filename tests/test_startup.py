"""What a ``yiwu-sim run`` process imports, and that what it no longer imports up front still
works when asked for.

The command's start-up is part of every run a user waits for (``docs/performance.md``): a run
imports neither the experiments' machinery (process pool, progress bar, statistics), nor
networkx (the network is looked up in a plain dictionary; the graph is built for detours and
exports), nor Arrow's compute functions.
"""

from __future__ import annotations

import json

import pytest

from sim.world.network import load_network
from tests.conftest import run_python

NOT_ON_THE_RUN_PATH = (
    "networkx",
    "pyarrow.compute",
    "sim.experiment.runs",
    "sim.experiment.tasks",  # and the modules the experiments are made of
    "sim.experiment.executor",
    "sim.experiment.workers",
    "sim.experiment.replication",
    "sim.experiment.result_sets",
    "sim.experiment.sweep_grid",
    "sim.experiment.collect",
    "sim.experiment.statistics",
    "tqdm",
    "concurrent.futures.process",
    "scipy",
    "matplotlib",
    "pandas",
)


def _imported_by_a_run(tmp_path, *extra: str) -> dict[str, object]:
    argv = ["run", "scenarios/teaching_small.yaml", "--set", "days=30", "--quiet"]
    argv += ["--out", str(tmp_path), *extra]
    code = (
        "import json, sys\n"
        "from sim.command import main\n"
        f"rc = main({argv!r})\n"
        f"print(json.dumps({{'rc': rc, 'loaded': [m for m in {NOT_ON_THE_RUN_PATH!r} "
        "if m in sys.modules]}))\n"
    )
    out = run_python(code)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_a_run_with_its_report_imports_only_what_it_uses(tmp_path):
    got = _imported_by_a_run(tmp_path)
    assert got == {"rc": 0, "loaded": []}
    run = next(tmp_path.glob("*/*"))
    assert (run / "report.html").is_file() and (run / "orders.parquet").is_file()


def test_a_run_writing_csv_imports_only_what_it_uses(tmp_path):
    got = _imported_by_a_run(tmp_path, "--format", "csv", "--no-report")
    assert got == {"rc": 0, "loaded": []}
    assert next(tmp_path.glob("*/*/orders.csv")).stat().st_size > 0


def test_the_experiment_names_are_there_when_used():
    import sim.experiment as experiment
    from sim.experiment import runs

    for name in experiment.__all__:
        assert getattr(experiment, name) is getattr(runs, name)
        assert name in dir(experiment)
    from sim.experiment import compare, precision  # a name and a submodule alike

    assert compare is runs.compare and precision.__name__ == "sim.experiment.precision"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = experiment.nothing


def test_a_submodule_is_there_as_an_attribute_of_the_package():
    """``import sim.experiment`` then ``sim.experiment.statistics...`` worked when the package
    imported its submodules itself; it still does, in a fresh process."""
    code = (
        "import sim.experiment\n"
        "print(sim.experiment.statistics.__name__, sim.experiment.runs.compare.__name__)\n"
    )
    out = run_python(code)
    assert out.stdout.split() == ["sim.experiment.statistics", "compare"]


def test_the_networks_graph_holds_the_edges_the_run_looks_up():
    net = load_network()
    graph = net.graph
    assert graph is net.graph  # built once
    assert set(graph.nodes) == set(net.nodes)
    for a, b, mode, data in graph.edges(keys=True, data=True):
        assert net.has_edge(a, b)
        assert net.edge(a, b, mode) is data["edge"]
        assert data["edge"].mode == mode
    assert sum(1 for _ in graph.edges) == sum(len(legs) for legs in net._legs.values())
    assert not net.has_edge("YIW", "MAD")  # a line, not an edge


def test_a_detour_is_found_in_a_fresh_process():
    """networkx is imported by the detour search itself, not by the network."""
    code = (
        "import sys\n"
        "from sim.world.network import load_network\n"
        "from sim.world.paths import detour\n"
        "net = load_network()\n"
        "before = 'networkx' in sys.modules\n"
        "path = detour(net, 'MSQ', 'WAW', {'BRE'})\n"
        "print(before, [e.dst for e in path])\n"
    )
    out = run_python(code)
    assert out.stdout.split() == ["False", "['KEN',", "'VNO',", "'MCK',", "'WAW']"]


def test_a_run_and_its_report_need_none_of_the_optional_extras(tmp_path):
    """Without matplotlib, pandas, Dask, Optuna, shtab, SALib, polars, DuckDB (hidden from the
    process), a run writes its folder and its report as with them."""
    hidden = ["matplotlib", "pandas", "dask", "distributed", "optuna", "shtab", "SALib",
              "polars", "duckdb", "fastparquet"]  # fmt: skip
    code = (
        "import importlib.abc, sys\n"
        f"HIDDEN = {hidden!r}\n"
        "class Hide(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in HIDDEN:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Hide())\n"
        "from sim.command import main\n"
        "rc = main(['run', 'scenarios/teaching_small.yaml', '--set', 'days=30', '--quiet',\n"
        f"           '--out', {str(tmp_path)!r}])\n"
        "print(rc)\n"
    )
    out = run_python(code)
    assert out.stdout.strip().splitlines()[-1] == "0", out.stderr
    run = next(tmp_path.glob("*/*"))
    for name in ("report.html", "orders.parquet", "summary.json", "scenario.yaml"):
        assert (run / name).is_file()
    assert len(list((run / "figures").glob("*.svg"))) >= 12
