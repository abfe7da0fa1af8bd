"""The command's own process (sim.cli.process): its exit codes, and the garbage collector
paused for the start-up of the command's own process only, then resumed with what start-up
made frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import sim.cli.process as process


def test_the_exit_codes_are_the_ones_the_readme_gives() -> None:
    """0 done, 2 wrong input, 1 work not done, 130 interrupted, 141 the reader left the pipe."""
    codes = (process.EXIT_ERROR, process.EXIT_USAGE, process.EXIT_INTERRUPTED,
             process.EXIT_PIPE_CLOSED)  # fmt: skip
    assert codes == (1, 2, 130, 141)


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The module's state and the collector as they were, whatever the test did to them."""
    monkeypatch.setattr(process, "_own_process", False)
    monkeypatch.setattr(process, "_collector_paused", False)
    frozen = gc.get_freeze_count()
    try:
        yield
    finally:
        gc.enable()
        if gc.get_freeze_count() != frozen:
            gc.unfreeze()


def test_a_callers_process_is_left_as_it_is(collector: None) -> None:
    """``main()`` from a test or a notebook neither pauses nor freezes anything."""
    frozen = gc.get_freeze_count()
    process._start(False)
    assert gc.isenabled() and not process._own_process
    process._settle()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_the_commands_own_process_starts_paused_and_settles_once(collector: None) -> None:
    frozen = gc.get_freeze_count()
    process._start(True)
    assert not gc.isenabled() and process._own_process and process._collector_paused
    process._settle()
    assert gc.isenabled() and not process._collector_paused
    assert gc.get_freeze_count() > frozen  # what start-up made, out of the collector's work
    now = gc.get_freeze_count()
    gc.disable()  # settled already: a second settle (a run's own) changes nothing
    process._settle()
    assert not gc.isenabled() and gc.get_freeze_count() == now
