"""sim.output.svg: the small SVG toolkit the report's figures are drawn with."""

from __future__ import annotations


def test_a_tick_step_of_two_and_a_half_is_written_as_such() -> None:
    """The weekly departures chart of the teaching world had y ticks 0, 2, 5: the middle
    one, at 2.5, rounded half to even."""
    from sim.output.svg import tick_text

    assert tick_text([0, 2.5, 5]) == ["0", "2.5", "5.0"]
    assert tick_text([0, 0.25, 0.5]) == ["0", "0.25", "0.50"]
    assert tick_text([28.2, 28.4, 28.6]) == ["28.2", "28.4", "28.6"]
    assert tick_text([0, 1000, 2000]) == ["0", "1,000", "2,000"]


def test_ticks_are_round_values_inside_the_range_and_months_are_named_once_with_the_year():
    from datetime import date

    from sim.output.svg import date_ticks, day_label, fmt, nice_ticks

    assert nice_ticks(0, 9.3) == [0, 2, 4, 6, 8]
    assert nice_ticks(0.1, 0.37) == [0.1, 0.2, 0.3]
    assert nice_ticks(0, 10, 4) == [0, 2.5, 5, 7.5, 10]  # a step of 2.5 where 5 is too coarse
    assert nice_ticks(5, 5) == [5.0, 5.2, 5.4, 5.6, 5.8, 6.0]  # an empty range is widened
    assert [fmt(v) for v in (0, 1234.5, 12.4, 2.0, 0.25, 0.0042)] == [
        "0", "1,234", "12", "2", "0.25", "0.0042"
    ]  # fmt: skip
    start = date(2025, 10, 1)
    assert date_ticks(start, 0, 150, "en") == [
        (0, "Oct 2025"), (31, "Nov"), (61, "Dec"), (92, "Jan 2026"), (123, "Feb")
    ]  # fmt: skip
    assert [t for _, t in date_ticks(start, 0, 150, "zh")][:2] == ["2025年10月", "11月"]
    assert date_ticks(start, 0, 20, "en") == [(0.0, "1 Oct"), (7.0, "8 Oct"), (14.0, "15 Oct")]
    assert day_label(date(2026, 2, 5), "zh") == "2月5日"


def test_a_figure_escapes_its_text_and_a_panel_maps_values_to_its_rectangle():
    from sim.output.svg import Figure

    fig = Figure(200, 100, "queues <MAL> & more")
    panel = fig.panel(20, 10, 160, 80, xlim=(0, 10), ylim=(0, 4))
    assert float(panel.sx(5)) == 100 and float(panel.sy(0)) == 90 and float(panel.sy(4)) == 10
    svg = fig.render()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"')
    assert "queues &lt;MAL&gt; &amp; more" in svg and "<MAL>" not in svg
