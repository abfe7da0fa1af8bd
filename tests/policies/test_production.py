"""sim.policies.production: the production clock's hours with overtime, the ramp after a closure
and the overtime a backlog calls for."""

from __future__ import annotations

import numpy as np
import pytest


def test_a_production_day_set_to_overtime_moves_later_work_earlier():
    from sim.policies.production import ProductionClock

    clock = ProductionClock(np.array([1.0, 1.0, 1.0, 1.0]))
    before = clock.time_at_hours_many(np.array([60.0]), np.array([0.0]))[0]
    clock.set_factor(1, 1.5)  # day 1 makes 36 production hours
    after = clock.time_at_hours_many(np.array([60.0]), np.array([0.0]))[0]
    assert before == pytest.approx(60.0) and after == pytest.approx(48.0)
    assert clock.hours_until_many(np.array([96.0]))[0] == pytest.approx(108.0)


def test_ramp_production_restarts_slowly_after_the_closure(tiny):
    from sim.policies.production import ProductionClock, RampAfterClosure
    from sim.scenario import Production

    open_day = np.array([True, True, False, False, True, True, True, True])
    out = RampAfterClosure(Production(rule="ramp", restart_share=0.25, ramp_days=3)).daily_output(
        open_day
    )
    assert out.tolist() == pytest.approx([1, 1, 0, 0, 0.25, 0.5, 0.75, 1])
    clock = ProductionClock(out)
    assert clock.hours_until_many(np.array([24.0 * 5]))[0] == pytest.approx(48 + 6)
    # 6 production hours after the reopening take all of day 4 (0.25 x 24 h)
    t = clock.time_at_hours_many(np.array([48.0 + 6]), np.array([0.0]))[0]
    assert t == pytest.approx(24.0 * 5)


def test_overtime_is_called_for_only_by_a_backlog_above_its_days_of_output():
    from sim.policies.production import CalendarProduction, make_production
    from sim.scenario import Production

    spec = Production(overtime_share=0.4, overtime_backlog_days=2.0)
    policy = make_production(spec)
    assert type(policy) is CalendarProduction and policy.decides_daily
    assert policy.daily_output(np.array([True, False])) is None  # the calendar's own days
    assert policy.overtime(backlog_teu=10.0, full_output_teu_per_day=4.0) == 1.4  # 2.5 days
    assert policy.overtime(backlog_teu=8.0, full_output_teu_per_day=4.0) == 1.0  # 2 days
    assert policy.overtime(backlog_teu=8.0, full_output_teu_per_day=0.0) == 1.0  # none made
    assert not make_production(Production()).decides_daily
