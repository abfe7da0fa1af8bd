"""What an experiment says about where its numbers come from: the build of its runs, and the
warnings of a comparison whose scenarios are not paired as they look."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest

from sim import __version__
from sim.experiment.provenance import build, warn_seeds, warn_windows
from sim.results.run import code_sha256
from sim.world.inputs import validate_data


def _scenario(tiny: dict[str, Any], **changes: Any) -> Any:
    data = copy.deepcopy(tiny)
    data.update(changes)
    return validate_data(data, "test")


def test_the_build_is_this_installs_version_and_code(tiny: dict[str, Any]) -> None:
    assert build([_scenario(tiny)]) == {"version": __version__, "code_sha256": code_sha256()}
    assert build([]) == build([_scenario(tiny), _scenario(tiny, name="other")])


def test_a_comparison_warns_of_a_later_seed_and_of_other_windows(
    tiny: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    base = _scenario(tiny)
    same = [base, _scenario(tiny, name="same")]
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        warn_seeds(same)
        warn_windows(same)
    assert not caplog.records
    other = [base, _scenario(tiny, name="b", seed=8, warmup_days=3, days=31)]
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        warn_seeds(other)
        warn_windows(other)
    said = [r.getMessage() for r in caplog.records]
    assert [s.split(":", 1)[0] for s in said] == ["b", "b", "b"], said
    assert "its seed 8 is not used" in said[0] and "tiny's seed 7" in said[0]
    assert "start on day 3 (warm-up), tiny's on day" in said[1]
    assert "runs 31 days from 2025-09-01, tiny 30 days from 2025-09-01" in said[2]


def test_a_sweep_over_the_window_says_once_that_its_points_count_over_different_windows(
    tiny: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """A sweep's points share one name, so the comparison's warnings (one per scenario, by
    name) do not fit; a sweep over ``days`` said nothing (a new user's trial)."""
    from sim.experiment.provenance import warn_sweep_windows
    from sim.output.saying import LogWords

    base = _scenario(tiny)
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        warn_sweep_windows([base, _scenario(tiny, seed=9)])  # the window the same
    assert not caplog.records
    points = [base, _scenario(tiny, days=31), _scenario(tiny, days=32, warmup_days=3)]
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        warn_sweep_windows(points)
    (record,) = caplog.records
    assert "(days, warmup_days vary)" in record.getMessage()
    zh = LogWords("zh").format(record)
    assert "统计窗口不同（days, warmup_days 不同）" in zh and "sweep" not in zh
