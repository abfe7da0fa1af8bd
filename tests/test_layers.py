"""The package's layers import one way only, and no module imports itself back in a cycle.

scenario (input) <- world <- policies <- actors <- model <- experiment <- cli; output reads
results, the world and the scenario and never runs a simulation (DESIGN.md)."""

from __future__ import annotations

import ast

import networkx as nx

from tests.conftest import ROOT

ALLOWED = {
    "scenario": {"errors"},
    "world": {"scenario", "errors"},
    "policies": {"world", "scenario", "errors"},
    "actors": {"policies", "world", "scenario", "errors"},
    "model": {"actors", "policies", "world", "scenario", "output", "errors"},
    "output": {"world", "scenario", "errors"},
    "figures": {"output", "world", "scenario", "errors"},
    "experiment": {"model", "output", "world", "scenario", "errors"},
    "testing": {"model", "actors", "policies", "world", "scenario", "errors"},
}
"""Which layers each layer may import (``sim/__init__`` for the version is always allowed);
the command line and the explorer sit on top and may import any layer but the model itself."""


def _imports() -> list[tuple[str, str]]:
    out = []
    for path in (ROOT / "sim").rglob("*.py"):
        mod = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and _ours(node.module):
                out.append((mod, node.module))
            elif isinstance(node, ast.Import):
                out += [(mod, a.name) for a in node.names if _ours(a.name)]
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
