"""Settings a run never reads: warnings before it starts.

A scenario may give a value to a setting that nothing in its run reads: the key of a built-in
rule the scenario does not choose (``dispatch.min_fill`` with ``dispatch.rule: fixed``), a
surcharge only live prices quote, or a cost no rule charges. The run is valid and goes ahead;
:func:`unread_setting_warnings` says which settings changed nothing, so that a planner who set
``min_fill`` and forgot ``rule: demand`` hears it (in the terminal and in every report,
:func:`sim.output.report_parts.scenario_warnings`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sim.problems import Problem, problem
from sim.scenario import Scenario, registry

UNREAD: tuple[tuple[str, str, dict[str, tuple[str, ...]]], ...] = (
    ("logistics.mode_choice", "rule",
     {"rail_share": ("share", "live"), "safety_margin_h": ("live",)}),
    ("logistics.consolidation.rollover", "rule",
     {"after_h": ("sea",), "threshold_h": ("live",), "switch_h": ("sea", "live")}),
    ("market.production", "rule", {"restart_share": ("ramp",), "ramp_days": ("ramp",)}),
    ("logistics.dispatch", "rule",
     {k: ("demand",) for k in ("add_when_backlog_trains", "lead_h", "max_extra_per_week",
                               "min_fill", "merge_within_h")}),
    ("logistics.pricing", "rule",
     {"rail_premium_share": ("live",), "sea_rate_per_extra_day": ("live",)}),
    ("logistics.sailings", "rule",
     {k: ("carriers",) for k in ("festival_blank_share", "festival_from_days",
                                 "festival_to_days", "notice_days", "min_fill", "roll_within_h",
                                 "add_when_backlog_sailings", "max_upsize_share",
                                 "extra_lead_h", "max_extra_per_week")}),
    ("logistics", "train_routing", {"detour_paths_per_day": ("avoid_closed",)}),
    ("logistics.repositioning", "rule",
     {"lease_usd_per_teu": ("lease",), "empty_rail_usd_per_teu": ("return_on_eastbound",),
      "empty_sea_usd_per_teu": ("return_on_eastbound",)}),
)  # fmt: skip
"""Settings a built-in rule reads, by the part of the scenario that holds them and the key
naming the rule: (part, rule key, {setting: the built-in rules that read it}). A setting that
only other rules read changes nothing (``sim/policies``: each rule's ``spec.<setting>``)."""

PRICED_BY_LIVE = ("congestion_usd_per_teu", "congestion_wait_h")
"""``logistics.costs`` keys only the ``live`` pricing rule reads (the surcharge it quotes)."""

NEVER_READ = ("switch_usd_per_teu", "detour_usd_per_teu_km")
"""``logistics.costs`` keys no rule reads: a detour's freight and a roll-over's re-booking are
borne by carriers and forwarders, not charged to the orders (docs/model.md)."""


def unread_setting_warnings(sc: Scenario) -> list[Problem]:
    """Warnings for settings given a value other than their default that nothing in this run
    reads: the key of a built-in rule the scenario does not choose (``dispatch.min_fill`` with
    ``dispatch.rule: fixed``), a cost no rule charges, or a disruption's end told after it is
    over (its end is known when it comes). The run is valid and goes ahead; a planner who
    set ``min_fill`` and forgot ``rule: demand`` should hear that it did nothing.
    A policy class of one's own (``module:Class``) may read any key: nothing is said of its
    part."""
    out = []
    for part, rule_key, readers in UNREAD:
        spec: Any = sc
        for name in part.split("."):
            spec = getattr(spec, name)
        rule = getattr(spec, rule_key)
        if registry.is_plugin(rule):
            continue
        for key, rules in readers.items():
            value = getattr(spec, key)
            if rule in rules or value == type(spec).model_fields[key].default:
                continue
            out.append(_unread(f"{part}.{key}", value, f"{part}.{rule_key}", rule, rules))
    costs = sc.logistics.costs
    pricing = sc.logistics.pricing.rule
    for key in (*PRICED_BY_LIVE, *NEVER_READ):
        value = getattr(costs, key)
        if value == type(costs).model_fields[key].default:
            continue
        if key in NEVER_READ:
            out.append(problem("warn_unread_any", setting=f"logistics.costs.{key}",
                               value=_number(value), why=problem("unread:carried")))  # fmt: skip
        elif not registry.is_plugin(pricing) and pricing != "live":
            out.append(_unread(f"logistics.costs.{key}", value, "logistics.pricing.rule",
                               pricing, ("live",)))  # fmt: skip
    for i, d in enumerate(sc.disruptions):  # an end told after it came: known when it comes
        if d.end_announced is not None and d.end_known_at != d.end_announced:
            told = d.end_announced
            value = told.isoformat(timespec="minutes") if isinstance(told, datetime) else told
            over = d.over_at.isoformat(timespec="minutes")
            out.append(problem("warn_end_told_late", setting=f"disruptions[{i}].end_announced",
                               value=value, over=over))  # fmt: skip
    return out


def _unread(key: str, value: Any, rule_key: str, rule: str, rules: tuple[str, ...]) -> Problem:
    """The warning that ``key`` (set to ``value``) is read only by ``rules``, not ``rule``."""
    return problem("warn_unread", setting=key, value=_number(value), rule_key=rule_key,
                   rule=repr(rule), readers=" / ".join(repr(r) for r in rules))  # fmt: skip


def _number(value: Any) -> str:
    """A setting's value as a scenario file would give it (0.5, not 0.5000)."""
    return f"{value:g}" if isinstance(value, float) else str(value)
