"""sim.world.memory: the memory a run needs against what the machine has left, per process and
in all; the heap pre-touched for a run, never on one core or for a small run."""

from __future__ import annotations

import os

import pytest

from sim.world.inputs import validate_data


def test_memory_available_is_compared_per_process_and_in_all(tiny, monkeypatch):
    import sim.world.memory as mem
    from sim.world.inputs import resolve

    sc = resolve(validate_data(tiny, "test"))
    one = mem.estimate_bytes(sc)
    monkeypatch.setattr(mem, "_meminfo_available", lambda: 3.5 * one)
    monkeypatch.setattr(mem, "_cgroup_headroom", lambda: float("inf"))
    monkeypatch.setattr(mem, "_address_space_headroom", lambda: 2 * one)
    assert mem.memory_problem(sc, 3) is None
    assert "4 runs at once" in (mem.memory_problem(sc, 4) or "")
    monkeypatch.setattr(mem, "_address_space_headroom", lambda: 0.5 * one)
    assert "the run would need" in (mem.memory_problem(sc, 1) or "")


def test_nothing_is_pretouched_on_one_core_or_for_a_small_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sim.world.memory import PRETOUCH_CHUNK, pretouch_heap

    assert pretouch_heap(PRETOUCH_CHUNK - 1) is None
    if hasattr(os, "sched_getaffinity"):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
        assert pretouch_heap(64 << 20) is None


def test_the_heap_pretouched_for_a_run_stays_below_what_runs_grew_by() -> None:
    """The estimate against the growth measured (``sim.world.memory``): teaching, the default
    season, the full-scale year."""
    from sim.world.inputs import load_scenario
    from sim.world.memory import heap_to_pretouch
    from tests.conftest import ROOT

    teaching = load_scenario(str(ROOT / "scenarios" / "teaching_small.yaml"))
    assert heap_to_pretouch(teaching) < 10 << 20
    assert heap_to_pretouch(load_scenario(None)) < 44 << 20
