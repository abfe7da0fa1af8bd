"""The package's layers import one way only, and no module imports itself back in a cycle.

scenario (input) <- world <- policies <- actors <- model <- experiment <- cli. The results core
(``sim.results``: result type, tables, costs, KPIs) sits below the model; output reads results,
the world and the scenario, writes and shows them, and never runs a simulation (DESIGN.md)."""

from __future__ import annotations

import ast

import networkx as nx

from tests.conftest import ROOT

ALLOWED = {
    "scenario": {"errors", "problems"},
    "world": {"scenario", "errors", "problems"},
    "policies": {"world", "scenario", "errors", "problems"},
    "actors": {"policies", "world", "scenario", "errors", "problems"},
    "results": {"world", "scenario", "errors", "problems"},
    "model": {"actors", "policies", "results", "world", "scenario", "errors", "problems"},
    "output": {"results", "world", "scenario", "errors", "problems"},
    "figures": {"output", "results", "world", "scenario", "errors", "problems"},
    "experiment": {"model", "output", "results", "world", "scenario", "errors", "problems"},
    "testing": {"model", "actors", "policies", "world", "scenario", "errors", "problems"},
    # the bottom: every layer reads them, so they read no other (the glossary reads
    # sim.problems without loading the scenario's schema)
    "errors": set(),
    "problems": set(),
}
"""Which layers each layer may import (``sim/__init__`` for the version is always allowed);
the command line and the explorer sit on top and may import any layer but the model itself."""


def _imports(ours_only: bool = True) -> list[tuple[str, str]]:
    """Every import of a module of ``sim`` (at the top or inside a function): ``(module,
    imported)``, the package's own modules only unless ``ours_only`` is false."""
    out = []
    for path in (ROOT / "sim").rglob("*.py"):
        mod = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if _ours(node.module) or not ours_only:
                    out.append((mod, node.module))
            elif isinstance(node, ast.Import):
                out += [(mod, a.name) for a in node.names if _ours(a.name) or not ours_only]
    return out


def _ours(name: str) -> bool:
    return name == "sim" or name.startswith("sim.")


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "sim"


def test_layers_import_one_way():
    wrong = []
    for src, dst in _imports():
        a, b = _layer(src), _layer(dst)
        if a == b or b == "sim":
            continue
        if a in ALLOWED and b not in ALLOWED[a]:
            wrong.append(f"{src} imports {dst}")
        if a in ("cli", "explore") and b == "model":
            wrong.append(f"{src} imports {dst}: runs go through sim.experiment")
    assert wrong == []


def test_no_import_cycles_between_modules():
    g = nx.DiGraph()
    # a module importing from its own package (``from sim.experiment import statistics`` in
    # sim.experiment.runs) is a submodule import, not a cycle
    g.add_edges_from((a, b) for a, b in _imports() if a != b and not a.startswith(b + "."))
    cycles = list(nx.simple_cycles(g))
    assert cycles == []


BELOW_OUTPUT = {"model", "actors", "policies", "world", "scenario", "results", "errors",
                "problems"}  # fmt: skip
"""The model and the layers below it: a run is simulated and summarised without files."""


def _top(name: str) -> str:
    return name.split(".")[0]


def test_the_model_and_below_never_import_output():
    wrong = [
        f"{src} imports {dst}"
        for src, dst in _imports()
        if _layer(src) in BELOW_OUTPUT and (dst == "sim.output" or dst.startswith("sim.output."))
    ]
    assert wrong == []


def test_the_results_core_holds_no_files_arrow_or_figures():
    """``sim.results`` is computed in memory from a run's tables: it never imports the output
    layer, the model or experiments, nor Arrow or matplotlib."""
    banned_ours = ("output", "model", "experiment")
    wrong = []
    for src, dst in _imports(ours_only=False):
        if _layer(src) != "results" or not src.startswith("sim.results"):
            continue
        if _ours(dst) and _layer(dst) in banned_ours:
            wrong.append(f"{src} imports {dst}")
        if _top(dst) in ("pyarrow", "matplotlib"):
            wrong.append(f"{src} imports {dst}")
    assert wrong == []
