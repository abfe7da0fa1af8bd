"""The explorer's controls: what a student may change, generated from the scenario schema.

Each control names a scenario value in words, with its unit and the range the slider offers.
Bounds, descriptions, defaults and policy names come from the schema (pydantic field metadata
and :mod:`sim.scenario.registry`), so a bound changed there changes the page; the slider range
is the schema's range clipped to what a student would try (a train every day, not 1,000 a
week), and the clipping is said in the control's help text.

A *setting* is a flat mapping ``{control key: value}``. :meth:`Controls.overrides` turns the
values that differ from the baseline into ``--set`` strings, the same ones ``yiwu-sim run``
takes, so the page, the downloaded scenario file and the printed command all come from one list.
"""

from __future__ import annotations

import copy
import math
import shlex
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import yaml
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel

from sim.errors import NetworkError, ScenarioError
from sim.explore.i18n import DISTRIBUTIONS_ZH, text
from sim.scenario import (
    YAML_DUMPER,
    BorderSpec,
    BuyersSpec,
    Closure,
    LineSpec,
    ModeChoice,
    Scenario,
    apply_overrides,
)
from sim.scenario.reference import UNITS
from sim.scenario.registry import BUILT_IN
from sim.world.inputs import resolve, validate_data
from sim.world.network import Network

MAX_REPLICATIONS = 20
"""Replications the page offers: enough for a paired interval, few enough to answer in seconds."""

MAX_SEED = 2**53 - 1
"""The largest seed the page takes: the whole numbers a web page (a JavaScript number) holds
exactly; a scenario's own seed may be any up to 2^63 - 1, and the replications' are below 2^32."""


MAX_END_TOLD_DAYS = 60
"""Days after a closure starts that the page lets its end be told: as long as the longest
closure it offers (a scenario file may tell an end at any moment after the closure is known)."""

MAX_EXPECTED_DAYS = 60
"""Days a closure whose end is not yet told may be expected to last, on the page (a scenario
file allows any positive number; 0 on the page is open-ended, the file's default)."""


POLICY_KINDS = {
    "consolidation.rollover": "rollover",
    "dispatch.rule": "dispatch",
    "pricing.rule": "pricing",
    "sailings.rule": "sailings",
}
"""The explorer's controls that pick a policy that answers back, and the kind of each."""


@dataclass
class Control:
    """One input on the page."""

    key: str
    label: str
    kind: str  # "number", "integer", "choice" or "date"
    group: str
    value: Any
    unit: str = ""
    min: float | str | None = None
    max: float | str | None = None
    step: float | None = None
    choices: list[str] = field(default_factory=list)
    help: str = ""
    crossing: str | None = None
    """Shown only while this crossing is chosen."""
    label_zh: str = ""
    """The label in Chinese (:mod:`sim.explore.i18n`)."""
    help_zh: str = ""
    """The help text in Chinese."""

    def to_json(self) -> dict[str, Any]:
        """The control as the page reads it."""
        return asdict(self)


def _bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """The schema's lower and upper bound of a numeric field (None where there is none)."""
    lo: float | None = None
    hi: float | None = None
    info = model.model_fields[name]
    metadata = list(info.metadata)
    for arg in getattr(info.annotation, "__args__", ()):  # Optional[Annotated[float, Field()]]
        for meta in getattr(arg, "__metadata__", ()):
            metadata.extend(getattr(meta, "metadata", [meta]))
    for m in metadata:
        if isinstance(m, Ge | Gt):
            lo = float(m.ge if isinstance(m, Ge) else m.gt)  # type: ignore[arg-type]
        elif isinstance(m, Le | Lt):
            hi = float(m.le if isinstance(m, Le) else m.lt)  # type: ignore[arg-type]
    return lo, hi


def _unit(key: str) -> str:
    return next((unit for suffix, unit in UNITS if key.endswith(suffix)), "")


def _help(model: type[BaseModel], name: str, extra: str = "") -> str:
    text = model.model_fields[name].description or ""
    return " ".join(t for t in (text, extra) if t)


def _number(
    key: str,
    label: str,
    group: str,
    value: float,
    model: type[BaseModel],
    name: str,
    *,
    lo: float,
    hi: float,
    step: float,
    integer: bool = False,
    unit: str | None = None,
    crossing: str | None = None,
) -> Control:
    """A slider whose range is the schema's, clipped to ``lo .. hi`` for teaching."""
    s_lo, s_hi = _bounds(model, name)
    lo2 = lo if s_lo is None else max(lo, s_lo)  # callers pass lo > 0 where the bound is strict
    hi2 = hi if s_hi is None else min(hi, s_hi)
    note = ""
    if s_hi is None or hi2 < s_hi or (s_lo is not None and lo2 > s_lo):
        note = f"(The slider offers {lo2:g} to {hi2:g}; a scenario file allows more.)"
    value = min(max(value, lo2), max(hi2, value))
    return Control(
        key=key,
        label=label,
        kind="integer" if integer else "number",
        group=group,
        value=int(value) if integer else float(value),
        unit=_unit(name) if unit is None else unit,
        min=lo2,
        max=max(hi2, value),
        step=step,
        help=_help(model, name, note),
        crossing=crossing,
    )


def _mean(dist: Any) -> float | None:
    """The mean of a distribution spec, when it has one a student can move."""
    for attr in ("mean_", "mean", "value"):
        v = getattr(dist, attr, None)
        if isinstance(v, int | float):
            return float(v)
    return None


def _flow(value: Any) -> str:
    """A value as one line of YAML (a ``--set`` value)."""
    text = yaml.dump(value, Dumper=YAML_DUMPER, default_flow_style=True, width=10_000)
    return text.strip().removesuffix("...").strip()


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


class Controls:
    """The controls of one loaded scenario, and the overrides a setting makes.

    Parameters
    ----------
    data
        The scenario file's mapping as read (before validation).
    source
        The file name, for messages and the printed command.
    network
        The network the scenario runs on.
    """

    def __init__(self, data: dict[str, Any], source: str, network: Network) -> None:
        self.data = data
        self.source = source
        self.network = network
        self.scenario = validate_data(copy.deepcopy(data), source, network)
        if self.scenario.seed > MAX_SEED:  # the page would send back another seed
            raise ScenarioError(
                [f"seed: the explorer takes a seed from 0 to {MAX_SEED:,} (the whole numbers a "
                 f"web page holds exactly), got {self.scenario.seed:,}; set a smaller seed in "
                 "the file, or run this one with yiwu-sim run"],
                source,
            )  # fmt: skip
        self.resolved = resolve(self.scenario, network)
        sc, res = self.scenario, self.resolved
        self.lines = list(res.logistics.lines)
        seen: list[str] = []
        for lid in self.lines:
            seen += [b for b in network.lines[lid].borders if b not in seen]
        self.crossings = seen
        if not seen:  # the page is built round a crossing: its queue, wait and closure
            raise ScenarioError(
                ["logistics.only_lines: the explorer shows a border crossing's queue and "
                 "closures, and no line of this scenario crosses a border "
                 f"({', '.join(self.lines)}); add a rail line, or run it with yiwu-sim run"],
                source,
            )  # fmt: skip
        self.controls: list[Control] = []
        add = self.controls.append
        for lid in self.lines:
            spec = res.logistics.lines[lid]
            sea = network.lines[lid].mode == "sea"
            what = "Sailings" if sea else "Trains"
            name = network.lines[lid].name
            add(
                _number(
                    f"lines.{lid}.trains_per_week",
                    f"{what} per week, {lid} {name}",
                    "Trains",
                    spec.weekly_rate(),
                    LineSpec,
                    "trains_per_week",
                    lo=0.25,
                    hi=14,
                    step=0.25,
                )
            )
            add(
                _number(
                    f"lines.{lid}.capacity_teu",
                    f"{'Vessel space' if sea else 'Train capacity'}, {lid}",
                    "Trains",
                    spec.capacity_teu or network.lines[lid].capacity_teu,
                    LineSpec,
                    "capacity_teu",
                    lo=1,
                    hi=2000 if sea else 200,
                    step=1,
                    integer=True,
                    unit="TEU per departure",
                )
            )
        for b in self.crossings:
            spec_b = res.logistics.borders[b]
            node = network.nodes[b]
            add(
                _number(
                    f"borders.{b}.servers",
                    f"Trains served at once at {node.name}",
                    "Crossing",
                    spec_b.servers,
                    BorderSpec,
                    "servers",
                    lo=1,
                    hi=40,
                    step=1,
                    integer=True,
                    unit="trains",
                    crossing=b,
                )
            )
            mean = _mean(spec_b.service_h)
            if mean is not None:
                add(
                    _number(
                        f"borders.{b}.service_mean_h",
                        f"Mean time to serve one train at {node.name}",
                        "Crossing",
                        mean,
                        BorderSpec,
                        "servers",
                        lo=0.5,
                        hi=96,
                        step=0.5,
                        unit="hours",
                        crossing=b,
                    )
                )
                self.controls[-1].help = (
                    "Gauge change and customs for one train; the spread of the distribution "
                    f"({spec_b.service_h.dist}) is kept."
                )
        start, end = sc.start, sc.start + timedelta(days=sc.days - 1)
        add(Control("closure.start", "Crossing closed from", "date", "Crossing",
                    start.isoformat(), min=start.isoformat(), max=end.isoformat(),
                    help="First day of a closure of the chosen crossing (a node disruption "
                    "with servers_factor 0)."))  # fmt: skip
        add(Control("closure.days", "Crossing closed for", "integer", "Crossing", 0,
                    unit="days", min=0, max=60, step=1,
                    help="0: no closure. Trains reaching it wait until it reopens."))  # fmt: skip
        # a closure "until further notice" (the disruption's end_announced and expected_days):
        # its end told some days after it starts, and until then expected to go on
        add(Control("closure.end_told_days", text("ctl.closure.end_told_days"), "integer",
                    "Crossing", 0, unit="days", min=0, max=MAX_END_TOLD_DAYS, step=1,
                    help=text("help.closure.end_told_days")))  # fmt: skip
        add(Control("closure.expected_days", text("ctl.closure.expected_days"), "number",
                    "Crossing", 0.0, unit="days", min=0, max=MAX_EXPECTED_DAYS, step=0.5,
                    help=text("help.closure.expected_days")))  # fmt: skip
        mc = sc.logistics.mode_choice
        add(Control("mode_choice.rule", "How an order picks rail or sea", "choice", "Policies",
                    mc.rule, choices=list(BUILT_IN["routing"]),
                    help=_help(ModeChoice, "rule", "share: by the rail share below; fastest, "
                               "cheapest; deadline: rail when sea would be late; live: the "
                               "network's state at booking.")))  # fmt: skip
        add(
            _number(
                "mode_choice.rail_share",
                "Rail share (rule 'share')",
                "Policies",
                mc.rail_share,
                ModeChoice,
                "rail_share",
                lo=0,
                hi=1,
                step=0.05,
                unit="share of orders",
            )
        )
        add(Control("consolidation.loading", "Which containers board first", "choice",
                    "Policies", sc.logistics.consolidation.loading,
                    choices=list(BUILT_IN["loading"]),
                    help="fifo: first closed, first loaded; earliest_deadline: deadline goods "
                    "first."))  # fmt: skip
        add(Control("train_routing", "Trains at a closed crossing", "choice", "Policies",
                    sc.logistics.train_routing, choices=list(BUILT_IN["train_routing"]),
                    help="fixed: keep the line's path and wait; avoid_closed: take another path "
                    "when that is expected to arrive sooner."))  # fmt: skip
        # the policies that answer back (issue 24): a rule each, with the scenario's parameters
        lg = sc.logistics
        for key, current in (
            ("consolidation.rollover", lg.consolidation.rollover.rule),
            ("dispatch.rule", lg.dispatch.rule),
            ("pricing.rule", lg.pricing.rule),
            ("sailings.rule", lg.sailings.rule),
        ):
            kind = POLICY_KINDS[key]
            add(Control(key, text(f"ctl.{key}"), "choice", "Policies", current,
                        choices=list(BUILT_IN[kind]), help=text(f"help.{key}")))  # fmt: skip
        add(
            _number(
                "buyers.visits_per_day",
                "Foreign buyer visits a day",
                "Demand",
                sc.buyers.visits_per_day,
                BuyersSpec,
                "visits_per_day",
                lo=0,
                hi=5000,
                step=50,
            )
        )
        cl = sc.calendar.closure
        add(
            _number(
                "closure_offset.start",
                "Market closes, days before the festival",
                "Demand",
                cl.start_offset_days,
                Closure,
                "start_offset_days",
                lo=-30,
                hi=0,
                step=1,
                integer=True,
                unit="days (negative: before)",
            )
        )
        self.controls[-1].help = "Lunar 12/27 is -4 (S). The Spring Festival is lunar 1/1."
        add(
            _number(
                "closure_offset.reopen",
                "Market reopens, days after the festival",
                "Demand",
                cl.reopen_offset_days,
                Closure,
                "reopen_offset_days",
                lo=1,
                hi=40,
                step=1,
                integer=True,
            )
        )
        self.controls[-1].help = "Lunar 1/12 is 11 (S)."
        add(Control("seed", "Seed", "integer", "Runs", sc.seed, min=0, max=MAX_SEED, step=1,
                    help="Same seed, same run. The baseline uses the same seeds (common random "
                    "numbers)."))  # fmt: skip
        add(Control("replications", "Replications", "integer", "Runs", 3, unit="runs", min=1,
                    max=MAX_REPLICATIONS, step=1,
                    help="More runs give the paired difference an interval; they run in the "
                    "background."))  # fmt: skip
        for c in self.controls:
            self._words(c)
        self.by_key = {c.key: c for c in self.controls}

    def _words(self, c: Control) -> None:
        """The control's Chinese label and help; the vessel's help in both languages."""
        parts = c.key.split(".")
        note = "(The slider offers" in c.help
        fields: dict[str, Any] = {}
        if parts[0] == "lines":
            lid, what = parts[1], parts[2]
            line = self.network.lines[lid]
            sea = line.mode == "sea"
            fields = {"line": f"{lid} {line.name_in('zh')}", "lid": lid,
                      "cap": line.capacity_teu}  # fmt: skip
            if what == "trains_per_week":
                label, help_key = ("ctl.sailings_per_week" if sea else "ctl.trains_per_week",
                                   "help.trains_per_week")  # fmt: skip
            else:
                kind = "vessel" if sea else "train"
                label, help_key = f"ctl.capacity_{kind}", f"help.capacity_{kind}"
                # the schema's description speaks of trains; a sailing's space is not a train's
                c.help = text(help_key, "en", **fields)
                if note:
                    c.help += " " + text("help.slider", "en", lo=f"{c.min:g}", hi=f"{c.max:g}")
        elif parts[0] == "borders":
            b, what = parts[1], parts[2]
            spec = self.resolved.logistics.borders[b]
            dist = str(getattr(spec.service_h, "dist", ""))
            fields = {"name": self.network.nodes[b].name_in("zh"),
                      "dist": DISTRIBUTIONS_ZH.get(dist, dist)}  # fmt: skip
            label, help_key = f"ctl.{what}", f"help.{what}"
        else:
            label, help_key = f"ctl.{c.key}", f"help.{c.key}"
        c.label_zh = text(label, "zh", **fields)
        c.help_zh = text(help_key, "zh", **fields)
        if note:
            c.help_zh += " " + text("help.slider", "zh", lo=f"{c.min:g}", hi=f"{c.max:g}")

    def baseline(self) -> dict[str, Any]:
        """The setting of the scenario as loaded."""
        out = {c.key: c.value for c in self.controls}
        out["crossing"] = self.default_crossing()
        return out

    def default_crossing(self) -> str:
        """The crossing a student sees first: the one with the longest nominal dwell."""
        return max(self.crossings, key=lambda b: self.network.nodes[b].border_dwell_h or 0.0)

    def check(self, setting: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """The setting with every value of the right type and in range, and a message in words
        for every value that was not (keyed by control; those keep their baseline value)."""
        clean = self.baseline()
        problems: dict[str, str] = {}
        if not isinstance(setting, dict):
            return clean, {"": "the page sent something that is not a setting"}
        crossing = setting.get("crossing", clean["crossing"])
        if crossing in self.crossings:
            clean["crossing"] = crossing
        else:
            problems["crossing"] = f"choose one of {', '.join(self.crossings)}"
        for key, raw in setting.items():
            c = self.by_key.get(key)
            if c is None:
                if key != "crossing":
                    problems[key] = "not a control of this page"
                continue
            msg, value = _check_value(c, raw)
            if msg:
                problems[key] = f"{c.label}: {msg}"
            else:
                clean[key] = value
        return clean, problems

    def overrides(self, setting: dict[str, Any]) -> list[str]:
        """``--set`` strings for the values of ``setting`` that differ from the baseline (the
        seed and the replications are command-line options, not overrides)."""
        base = self.baseline()
        changed = {k for k, v in setting.items() if k in self.by_key and v != base.get(k)}
        out: list[str] = []
        for lid in self.lines:
            for what in ("trains_per_week", "capacity_teu"):
                key = f"lines.{lid}.{what}"
                if key not in changed:
                    continue
                raw = (self.data.get("logistics") or {}).get("lines", {}).get(lid) or {}
                if what == "trains_per_week" and ("timetable" in raw or "poisson_per_week" in raw):
                    # one way of departing only: the slider replaces the timetable
                    spec = {"trains_per_week": setting[key]}
                    if "capacity_teu" in raw:
                        spec["capacity_teu"] = setting.get(f"lines.{lid}.capacity_teu")
                    out.append(f"logistics.lines.{lid}={_flow(spec)}")
                else:
                    out.append(f"logistics.lines.{lid}.{what}={_fmt(setting[key])}")
        for b in self.crossings:
            keys = (f"borders.{b}.servers", f"borders.{b}.service_mean_h")
            if not changed & set(keys):
                continue
            spec_b = self.resolved.logistics.borders[b].model_dump(by_alias=True, mode="json")
            spec_b["servers"] = setting[keys[0]]
            if keys[1] in setting and "mean" in spec_b["service_h"]:
                spec_b["service_h"]["mean"] = setting[keys[1]]
            elif keys[1] in setting and "value" in spec_b["service_h"]:
                spec_b["service_h"]["value"] = setting[keys[1]]
            out.append(f"logistics.borders.{b}={_flow(spec_b)}")
        if setting.get("closure.days", 0) > 0:
            first = date.fromisoformat(setting["closure.start"])
            last = first + timedelta(days=setting["closure.days"] - 1)
            entry = {"target": "node", "id": setting["crossing"], "start": first, "end": last,
                     "servers_factor": 0, "description": "closed (explorer)"}  # fmt: skip
            entry.update(_end_told(setting, first))
            out.append(f"disruptions={_flow([*(self.data.get('disruptions') or []), entry])}")
        simple = {
            "mode_choice.rule": "logistics.mode_choice.rule",
            "mode_choice.rail_share": "logistics.mode_choice.rail_share",
            "consolidation.loading": "logistics.consolidation.loading",
            "train_routing": "logistics.train_routing",
            "consolidation.rollover": "logistics.consolidation.rollover.rule",
            "dispatch.rule": "logistics.dispatch.rule",
            "pricing.rule": "logistics.pricing.rule",
            "sailings.rule": "logistics.sailings.rule",
            "buyers.visits_per_day": "buyers.visits_per_day",
            "closure_offset.start": "calendar.closure.start_offset_days",
            "closure_offset.reopen": "calendar.closure.reopen_offset_days",
        }
        out += [f"{path}={_fmt(setting[k])}" for k, path in simple.items() if k in changed]
        return out

    def scenario_for(self, overrides: list[str]) -> tuple[dict[str, Any], Scenario]:
        """The file's mapping with the overrides applied, and the validated scenario.

        Raises
        ------
        ScenarioError
            With every problem in words (a combination the schema refuses).
        """
        data = apply_overrides(copy.deepcopy(self.data), overrides)
        try:
            return data, validate_data(copy.deepcopy(data), self.source, self.network)
        except NetworkError as exc:  # pragma: no cover - the controls name known nodes only
            raise ScenarioError([str(exc)], self.source) from None

    def command(self, setting: dict[str, Any], overrides: list[str], file: str | None = None
                ) -> str:  # fmt: skip
        """The ``yiwu-sim run`` command that reproduces the current view: the loaded file with
        ``overrides``, or ``file`` (the downloaded scenario, which holds them)."""
        parts = ["yiwu-sim", "run", file or self.source, "--seed", str(setting["seed"])]
        if setting["replications"] > 1:
            parts += ["--replications", str(setting["replications"])]
        for o in overrides:
            parts += ["--set", o]
        return " ".join(shlex.quote(p) for p in parts)


def _end_told(setting: dict[str, Any], first: date) -> dict[str, Any]:
    """The closure's ``end_announced`` and ``expected_days`` (:mod:`sim.scenario.disruptions`)
    for a setting: none when its end is told as it starts (the closure as before these
    controls, the same scenario and results); else the day its end is told (at 00:00, the
    disruption's moment for a date) and, when more than 0, the days it is expected to last
    until then (0: open-ended, the schema's default, so the key is left out)."""
    told = int(setting.get("closure.end_told_days", 0))
    if told <= 0:
        return {}
    out: dict[str, Any] = {"end_announced": first + timedelta(days=told)}
    expected = float(setting.get("closure.expected_days", 0.0))
    if expected > 0:  # (14 written as 14, as a student would, not 14.0)
        out["expected_days"] = int(expected) if expected.is_integer() else expected
    return out


def _check_value(c: Control, raw: Any) -> tuple[str, Any]:
    """``(message, value)``: an empty message and the typed value, or what is wrong."""
    if c.kind == "choice":
        if raw in c.choices:
            return "", raw
        return f"choose one of {', '.join(c.choices)}", None
    if c.kind == "date":
        try:
            d = date.fromisoformat(str(raw))
        except ValueError:
            return "a date such as 2025-12-01 (year-month-day)", None
        if not str(c.min) <= d.isoformat() <= str(c.max):
            return f"a day of the run, {c.min} to {c.max}", None
        return "", d.isoformat()
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return "a number", None
    try:
        value = float(raw)
    except ValueError:
        return f"a number, not {str(raw)[:20]!r}", None
    if not math.isfinite(value):
        return "a finite number", None
    if c.kind == "integer":
        if not value.is_integer():
            return "a whole number", None
        value = int(value)
    lo, hi = c.min, c.max
    assert isinstance(lo, int | float) and isinstance(hi, int | float)
    if not lo <= value <= hi:
        unit = f" {c.unit}" if c.unit else ""
        if c.kind == "integer":  # whole numbers in full, not 2.14748e+09
            return f"from {int(lo):,} to {int(hi):,}{unit}", None
        return f"from {lo:g} to {hi:g}{unit}", None
    return "", value
