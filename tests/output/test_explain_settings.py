"""The settings two scenarios differ in (:mod:`sim.output.explain_settings`), as a comparison's
reasons name them."""

from __future__ import annotations

from sim.output.explain_settings import _absent_from, _flat, setting_differences


def test_a_scenarios_settings_are_flat_keys_list_items_by_their_index() -> None:
    flat = _flat({"a": {"b": 1, "c": [{"d": 2}, 3]}})
    assert flat == {"a.b": 1, "a.c.0.d": 2, "a.c.1": 3}
    assert _absent_from("logistics.borders.KEN.servers", {"logistics.borders.MAL.servers": 2}) == (
        "logistics.borders.KEN"
    )


def test_the_name_seed_and_descriptions_are_no_difference() -> None:
    base = {"name": "a", "seed": 1, "description": "x", "market": {"description": "y", "n": 1}}
    other = {"name": "b", "seed": 2, "description": "z", "market": {"description": "w", "n": 1}}
    assert setting_differences(base, other) == []


def test_a_chinese_description_and_the_deadlines_left_aside_are_no_reason() -> None:
    """Neither changes a simulated number, so neither is a comparison's reason for a change."""
    base = {"description": "x", "reporting": {"safe_order_share": 0.9}, "days": 1}
    aside = {"safe_order_share": 0.9, "deadlines_not_judged": ["festival_goods"]}
    other = {"description": "x", "description_zh": "一", "days": 1, "reporting": aside}
    assert setting_differences(base, other) == []
    assert setting_differences(base, {**other, "days": 2}) == ["days: 1 -> 2"]


def test_a_part_one_side_lacks_and_the_disruptions_are_one_item_each_in_sorted_place() -> None:
    """A crossing added whole is one item, not its every setting; the disruptions are one item
    of the windows added and removed, where "disruptions" sorts among the keys."""
    bre = {"target": "node", "id": "BRE", "start": "2026-01-06", "end": "2026-01-18"}
    mal = {"target": "node", "id": "MAL", "start": "2026-01-10", "end": "2026-01-20"}
    base = {"logistics": {"rule": "share", "borders": {"MAL": {"servers": 2}}},
            "disruptions": [bre]}  # fmt: skip
    kena = {"servers": 2, "service_h": 6}
    other = {"logistics": {"rule": "live", "borders": {"MAL": {"servers": 2}, "KEN": kena}},
             "disruptions": [mal]}  # fmt: skip
    assert setting_differences(base, other) == [
        "disruptions: + MAL 2026-01-10..2026-01-20, - BRE 2026-01-06..2026-01-18",
        "+ logistics.borders.KEN",
        "logistics.rule: share -> live",
    ]
    assert len(setting_differences(base, other, 1)) == 2  # one named, then the count


def test_a_comparison_names_every_setting_that_differs() -> None:
    """The comparison page gives each reason once, so the settings behind it are all named: a
    list cut at six said "... 1 more" (in English on a Chinese page) for the seventh."""
    base = {"logistics": {"lines": {f"L0{i}": {"trains_per_week": 2} for i in range(1, 9)}}}
    other = {"logistics": {"lines": {f"L0{i}": {"trains_per_week": 3} for i in range(1, 9)}}}
    said = setting_differences(base, other)
    assert len(said) == 8 and not any("more" in s for s in said), said
    assert said[-1] == "logistics.lines.L08.trains_per_week: 2 -> 3", said
    cut = setting_differences(base, other, limit=6)
    assert cut[-1] == "... 2 more" and len(cut) == 7, cut
    assert setting_differences(base, other, 6, "zh")[-1] == "……另有 2 项"


def test_a_window_told_at_another_time_is_one_change_not_an_added_and_a_removed_window():
    """Two scenarios alike but for when a closure was announced were said to differ in
    "disruptions: + MAL 2025-10-06..2025-11-30, - MAL 2025-10-06..2025-11-30", which reads as
    no difference at all."""
    from sim.output.explain_settings import setting_differences

    mal = {"target": "node", "id": "MAL", "start": "2025-10-06", "end": "2025-11-30",
           "servers_factor": 0.0, "announced": "2025-10-02T13:00:00"}  # fmt: skip
    bre = {"target": "node", "id": "BRE", "start": "2025-12-01", "end": "2025-12-10",
           "servers_factor": 0.5}  # fmt: skip
    later = {**mal, "announced": "2025-10-03T13:00:00", "servers_factor": 0.25}
    said = setting_differences({"disruptions": [mal]}, {"disruptions": [later, bre]})
    assert said == [
        "disruptions: MAL 2025-10-06..2025-11-30 announced: 2025-10-02T13:00:00 -> "
        "2025-10-03T13:00:00; servers_factor: 0 -> 0.25, + BRE 2025-12-01..2025-12-10"
    ], said
    # a window moved is still one removed and one added
    moved = {**mal, "end": "2025-12-15"}
    assert setting_differences({"disruptions": [mal]}, {"disruptions": [moved]}) == [
        "disruptions: + MAL 2025-10-06..2025-12-15, - MAL 2025-10-06..2025-11-30"
    ]


def test_a_value_is_said_as_the_scenario_file_writes_it() -> None:
    """The reasons said "logistics.lines.L01.trains_per_week: 2.0 -> 1.0" for a file that says
    2 and 1, and "logistics.containers.eastbound.enabled: True -> False" (Python's words, not
    YAML's)."""
    from sim.output.explain_settings import setting_differences

    base = {
        "logistics": {
            "lines": {"L01": {"trains_per_week": 2.0}},
            "containers": {"eastbound": {"enabled": True}},
            "terminal_h": 1.5,
        }
    }
    other = {
        "logistics": {
            "lines": {"L01": {"trains_per_week": 1.0}},
            "containers": {"eastbound": {"enabled": False}},
            "terminal_h": 2.5,
        }
    }
    assert setting_differences(base, other) == [
        "logistics.containers.eastbound.enabled: true -> false",
        "logistics.lines.L01.trains_per_week: 2 -> 1",
        "logistics.terminal_h: 1.5 -> 2.5",
    ]  # fmt: skip
