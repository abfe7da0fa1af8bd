"""A crossing disruption's effect in words (:mod:`sim.output.explain_words`): the trains held,
sent round or still waiting, the orders and their margin, in English and Chinese."""

from __future__ import annotations

from sim.output.explain_words import _effect_text, _over, _window_day


def test_a_windows_day_is_written_as_the_page_writes_dates() -> None:
    assert _window_day("2025-12-01", "zh") == "2025年12月1日"
    assert _window_day("2025-12-01", "en") == "2025-12-01"
    assert _window_day("soon", "zh") == "soon"  # not a date: as the scenario has it


def test_the_replications_are_said_in_the_singular_for_one() -> None:
    assert _over({"replications": 1}, "en") == "over 1 replication"
    assert _over({"replications": 3}, "en") == "over 3 replications"


def test_a_disruption_without_tables_says_so() -> None:
    e = {"nodes": ["MAL"], "window": ("2026-01-06", "2026-01-18"), "replications": 0}
    text = _effect_text(e, "en")
    assert text.startswith("Malaszewicze (MAL) disrupted, but the replications kept no tables")


def test_trains_sent_round_are_told_beside_the_trains_held() -> None:
    """A closure that held some trains and sent others round (avoid_closed) said only the held
    ones (the 2025 hindcast: 4 held, 4 detoured for 800 km)."""
    e = {"nodes": ["BRE"], "window": ("2025-09-12", "2025-09-25"), "replications": 1,
         "trains": 4, "hold_days_min": 1.2, "hold_days_max": 6.5, "orders": 10, "late": 0,
         "margin_days_min": 20.0, "already_late": 0, "detoured": 4, "detour_km": 800.0}  # fmt: skip
    en, zh = _effect_text(e, "en"), _effect_text(e, "zh")
    assert en.startswith(
        "Brest (BRE) disrupted 2025-09-12 to 2025-09-25: 4 Yiwu trains"
    ) and en.endswith("4 more went round (800 km more in all).")
    assert "另有 4 列绕行（共多行驶 800 公里）。" in zh
    assert "went round" not in _effect_text({**e, "detoured": 0}, "en")


def _effect(count: int) -> dict[str, object]:
    """A closure's effect in which every count is ``count``: trains held, orders on board,
    orders late, orders already late, trains held and queued at the end."""
    return {"nodes": ["BRE"], "window": ("2025-09-12", "2025-09-25"), "replications": 1,
            "trains": count, "hold_days_min": 1.2, "hold_days_max": 6.5, "orders": 2 * count,
            "late": count, "margin_days_min": 20.0, "already_late": count, "detoured": 0,
            "detour_km": 0.0, "held_at_end": count, "held_days_max": 3.0,
            "queued_at_end": count, "queued_days_max": 2.0}  # fmt: skip


def test_a_closures_reasons_say_a_count_of_one_in_the_singular_verb_included() -> None:
    """ "1 Yiwu trains ... were still held" read wrongly: each sentence that counts trains or
    orders has its own form for one, chosen by the count (Chinese: one form)."""
    one, two = _effect_text(_effect(1), "en"), _effect_text(_effect(2), "en")
    assert one.startswith("Brest (BRE) disrupted 2025-09-12 to 2025-09-25: 1 Yiwu train (over 1 "
                          "replication) came in the window")  # fmt: skip
    assert "The 1 order with a deadline on board arrived late." in one
    assert "Besides, 1 order was already past its deadline when its train reached" in one
    assert "1 Yiwu train (over 1 replication) reached Brest (BRE) and was still held there" in one
    assert "(it finished no crossing: summary.json's held_at_end)" in one
    assert (
        "1 Yiwu train (over 1 replication) that reached Brest (BRE) by the window's end was "
        "still waiting there" in one
    )
    assert "1 trains" not in one and "1 Yiwu trains" not in one and " were " not in one
    assert two.startswith("Brest (BRE) disrupted 2025-09-12 to 2025-09-25: 2 Yiwu trains")
    assert "Of the 2 orders with a deadline on board, 2 arrived late." in two
    assert "Besides, 2 orders were already past their deadline" in two
    assert "2 Yiwu trains (over 1 replication) reached Brest (BRE) and were still held" in two
    # the others, beside the late ones: one of them, or several
    e = {**_effect(1), "orders": 2, "already_late": 0, "held_at_end": 0, "queued_at_end": 0}
    assert "The other arrived at least 20.0 days before its deadline." in _effect_text(e, "en")
    e["orders"] = 3
    assert "The others arrived at least 20.0 days before their deadline." in _effect_text(e, "en")
    for count in (1, 2):
        zh = _effect_text(_effect(count), "zh")
        assert f"{count} 列义乌班列（1 次重复）在此期间到达" in zh and "held_at_end" in zh
    one_way = {**_effect(1), "trains": 0, "held_at_end": 0, "queued_at_end": 0, "reached": 1}
    assert "1 Yiwu train (over 1 replication) reached Brest (BRE) between" in _effect_text(
        one_way, "en"
    ) and "; it did not wait there longer than usual." in _effect_text(one_way, "en")
    round_ = {**one_way, "reached": 0, "detoured": 1, "detour_km": 300.0}
    assert _effect_text(round_, "en").startswith(
        "1 Yiwu train (over 1 replication) took another path round Brest (BRE)"
    )


def test_trains_held_past_the_end_are_told_not_taken_for_trains_that_never_came() -> None:
    e = {"nodes": ["DST"], "window": ("2025-10-01", "2025-11-09"), "replications": 2,
         "trains": 0, "hold_days_min": None, "hold_days_max": None, "held_at_end": 12,
         "held_days_max": 20.04, "orders": 0, "late": 0, "already_late": 0,
         "margin_days_min": None}  # fmt: skip
    text = _effect_text(e, "en")
    assert text.startswith("12 Yiwu trains (over 2 replications) reached Dostyk (DST) and were")
    assert "up to 20.0 days" in text and "No Yiwu train" not in text
    assert _effect_text({**e, "held_at_end": 0}, "en").startswith("No Yiwu train reached")


def test_trains_that_came_and_were_not_held_are_not_told_as_no_train() -> None:
    e = {"nodes": ["DST"], "window": ("2025-10-05", "2025-10-20"), "replications": 2,
         "trains": 0, "reached": 8, "hold_days_min": None, "hold_days_max": None,
         "held_at_end": 0, "held_days_max": None, "orders": 0, "late": 0, "already_late": 0,
         "margin_days_min": None}  # fmt: skip
    assert _effect_text(e, "en") == (
        "8 Yiwu trains (over 2 replications) reached Dostyk (DST) between 2025-10-05 and "
        "2025-10-20; none waited there longer than usual."
    )
    assert _effect_text({**e, "reached": 0}, "en").startswith("No Yiwu train reached")


def test_one_replication_is_said_in_the_singular_in_every_why() -> None:
    base = {"nodes": ["DST"], "window": ("2025-10-05", "2025-10-20"), "replications": 1,
            "trains": 0, "reached": 0, "detoured": 3, "detour_km": 1200.0,
            "hold_days_min": None, "hold_days_max": None, "held_at_end": 0,
            "held_days_max": None, "orders": 0, "late": 0, "already_late": 0,
            "margin_days_min": None}  # fmt: skip
    detoured = _effect_text(base, "en")
    assert detoured.startswith("3 Yiwu trains (over 1 replication) took another path round")
    reached = _effect_text({**base, "detoured": 0, "reached": 8}, "en")
    held_end = _effect_text({**base, "detoured": 0, "held_at_end": 2, "held_days_max": 3.0}, "en")
    held = _effect_text({**base, "trains": 4, "hold_days_min": 1.0, "hold_days_max": 2.0}, "en")
    for text in (detoured, reached, held_end, held):
        assert "(over 1 replication)" in text and "replications" not in text
    assert "（1 次重复）" in _effect_text(base, "zh")
    two = _effect_text({**base, "replications": 2}, "en")
    assert "(over 2 replications)" in two  # several: as before
    assert "（2 次重复合计）" in _effect_text({**base, "replications": 2}, "zh")
