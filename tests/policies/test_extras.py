"""The limits on extra departures shared by the rail operator and the carriers."""

from sim.policies.extras import ExtraDepartures


def test_one_pending_at_a_time_and_at_most_a_number_in_any_seven_days():
    extras = ExtraDepartures(per_week=2)
    assert extras.allows(0, now=0.0, at_h=48.0)
    extras.add(0, 48.0)
    assert not extras.allows(0, now=10.0, at_h=58.0)  # the first has not left yet
    assert extras.allows(1, now=10.0, at_h=58.0)  # another route's limits are its own
    assert extras.allows(0, now=50.0, at_h=98.0)
    extras.add(0, 98.0)
    assert not extras.allows(0, now=100.0, at_h=148.0)  # two leave within 7 days of it
    assert extras.allows(0, now=100.0, at_h=48.0 + 168.0)  # the first is a week before


def test_no_extra_at_all_when_none_a_week_is_allowed():
    assert not ExtraDepartures(per_week=0).allows(0, now=0.0, at_h=1.0)
