"""Scenario files: the validated schema, loading from YAML, ``--set`` overrides and resolution.

A scenario is a YAML mapping that says what to simulate: the period, the market (merchants and
their goods categories), the buyers and online orders, the logistics (rail lines, border
crossings, the sea route through Ningbo, consolidation, mode choice, costs and emissions) and any
disruptions. Every file is validated before a run starts; every problem in a file is reported at
once, each with its key path, the bad value and what is allowed (:class:`sim.errors.ScenarioError`).

Units are in the key names: ``_h`` hours, ``_days`` days, ``_teu`` twenty-foot equivalent units,
``_km`` kilometres, ``_usd`` US dollars, ``_kg`` kilograms of CO2e. Figures in the defaults are
estimates (E) unless a comment names a source in ``../shared/reference/domain-facts.md``.
"""

from __future__ import annotations

import copy
import difflib
import math
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sim import distributions as dists
from sim.distributions import Distribution
from sim.errors import NetworkError, ScenarioError
from sim.network import Network, load_network

MAX_FILE_BYTES = 1_000_000
"""Scenario files larger than this are refused before parsing (guards against YAML bombs)."""

SHARE_TOLERANCE = 1e-6

YAML_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it (five times faster; every replication writes and hashes
its scenario), else the pure-Python one; a test checks that both write the same text."""

PosFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Name = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, populate_by_name=True)


def _lognormal(mean: float, cv: float) -> dists.Lognormal:
    return dists.Lognormal.model_validate({"dist": "lognormal", "mean": mean, "cv": cv})


# --------------------------------------------------------------------------- calendar


class Closure(_Model):
    """Market closure around the Spring Festival, in days relative to the festival (lunar 1/1).

    The market closes about lunar 12/27 and reopens on lunar 1/12 (S: mysourcify 2021; linkyiwu),
    i.e. from festival − 4 days up to (not including) festival + 11 days (D, reference §7.4).
    """

    start_offset_days: int = Field(-4, ge=-30, le=0)
    reopen_offset_days: int = Field(11, ge=1, le=40)


class Fair(_Model):
    """A trade fair that multiplies foreign buyer visits on its days (inclusive)."""

    name: str = Field(min_length=1, max_length=200)
    start: date
    end: date
    buyer_multiplier: PosFloat

    @model_validator(mode="after")
    def _ordered(self) -> Fair:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class CalendarSpec(_Model):
    """Festival dates, market closure and fairs."""

    spring_festival: list[date] | None = Field(
        None,
        description="Spring Festival dates (lunar 1/1); default: the built-in table 2017-2030.",
    )
    closure: Closure = Closure()
    fairs: list[Fair] = Field(default_factory=list, max_length=200)


# --------------------------------------------------------------------------- market


class Season(_Model):
    """Months in which a category's demand is multiplied (its selling season)."""

    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(min_length=1, max_length=12)
    multiplier: PosFloat

    @field_validator("months")
    @classmethod
    def _unique(cls, v: list[int]) -> list[int]:
        if len(set(v)) != len(v):
            raise ValueError(f"months must not repeat, got {v}")
        return v


class NoDeadline(_Model):
    kind: Literal["none"]


class SpringFestivalDeadline(_Model):
    """Goods must arrive before the next Spring Festival after the order is placed."""

    kind: Literal["spring_festival"]


class FixedDateDeadline(_Model):
    """Goods must arrive by a month/day (the next one after the order), e.g. 1 Dec for Christmas."""

    kind: Literal["fixed_date"]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @model_validator(mode="after")
    def _valid_day(self) -> FixedDateDeadline:
        try:
            date(2000, self.month, self.day)  # 2000 is a leap year: 29 Feb is allowed
        except ValueError:
            raise ValueError(f"{self.month}/{self.day} is not a calendar day") from None
        return self


class DaysAfterOrderDeadline(_Model):
    """Goods must arrive within a number of days of the order."""

    kind: Literal["days_after_order"]
    days: PosFloat


Deadline = Annotated[
    NoDeadline | SpringFestivalDeadline | FixedDateDeadline | DaysAfterOrderDeadline,
    Field(discriminator="kind"),
]


class Category(_Model):
    """A goods category: its share of merchants and demand, season, deadline and stock policy."""

    name: Name
    share: Share = Field(description="Share of merchants and of base demand (all shares sum to 1).")
    season: Season | None = None
    deadline: Deadline = NoDeadline(kind="none")
    value_cny_per_teu: PosFloat = Field(200_000, description="Goods value per TEU (E).")
    stock_teu: NonNegFloat = Field(1.0, description="Each merchant's stock at the start (E).")
    max_stock_teu: PosFloat = Field(
        2.0, description="Stock a merchant builds up to; seasonal goods build ahead to it (E)."
    )
    production_teu_per_day: PosFloat = Field(
        0.05, description="Each merchant's workshop output on open days (E)."
    )
    production_lead_days: NonNegFloat = Field(5, description="Lead time of a backorder (E).")
    handling_h: Distribution = Field(
        default_factory=lambda: _lognormal(36, 0.5),
        description="Pick, pack and truck to the consolidation point, in open hours (E).",
    )


class MarketSpec(_Model):
    """The merchants of Yiwu International Trade City."""

    merchants: int = Field(75_000, ge=1, le=10_000_000, description="Booths (S: 75,000+).")
    categories: list[Category] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _shares(self) -> MarketSpec:
        names = [c.name for c in self.categories]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"category names must be unique, repeated: {dup}")
        total = sum(c.share for c in self.categories)
        if abs(total - 1) > SHARE_TOLERANCE:
            raise ValueError(f"category shares must sum to 1, they sum to {total:.6g}")
        return self


# --------------------------------------------------------------------------- demand


def _check_mix(mix: dict[str, float], what: str) -> dict[str, float]:
    if not mix:
        raise ValueError(f"{what} must name at least one destination")
    for k, v in mix.items():
        if not (isinstance(v, int | float) and math.isfinite(v) and v >= 0):
            raise ValueError(f"share of {k!r} must be a number >= 0, got {v!r}")
    total = sum(mix.values())
    if abs(total - 1) > SHARE_TOLERANCE:
        raise ValueError(f"{what} shares must sum to 1, they sum to {total:.6g}")
    return mix


class BuyersSpec(_Model):
    """Foreign buyers who visit the market in person."""

    visits_per_day: NonNegFloat = Field(1600, description="Foreign buyer visits a day (S: 2023).")
    in_scope_share: Annotated[float, Field(gt=0, le=1)] = Field(
        0.3,
        description="Share of buyers whose goods go to the modelled Eurasian destinations (E).",
    )
    monthly_profile: list[PosFloat] = Field(
        default_factory=lambda: [1.0] * 12,
        min_length=12,
        max_length=12,
        description="Visit multiplier for January..December (E).",
    )
    open_hours: tuple[float, float] = Field(
        (9.0, 17.5), description="Market opening (S: 9:00-17:30)."
    )
    merchants_per_visit: Distribution = Field(
        default_factory=lambda: dists.Poisson.model_validate({"dist": "poisson", "mean": 3}),
        description="Merchants a buyer orders from in one visit (at least one) (E).",
    )
    between_merchants_h: Distribution = Field(
        default_factory=lambda: dists.Exponential.model_validate(
            {"dist": "exponential", "mean": 0.75}
        ),
        description="Time between two orders of one visit (E).",
    )
    order_teu: Distribution = Field(default_factory=lambda: _lognormal(0.3, 1.0))
    destinations: dict[str, float]

    @field_validator("open_hours")
    @classmethod
    def _hours(cls, v: tuple[float, float]) -> tuple[float, float]:
        if not (0 <= v[0] < v[1] <= 24):
            raise ValueError(f"needs 0 <= open < close <= 24, got {list(v)}")
        return v

    @field_validator("destinations")
    @classmethod
    def _mix(cls, v: dict[str, float]) -> dict[str, float]:
        return _check_mix(v, "destinations")


class OnlineSpec(_Model):
    """Orders placed online (Yiwugo and the like); they also arrive while the market is closed."""

    orders_per_day: NonNegFloat = 0.0
    order_teu: Distribution = Field(default_factory=lambda: _lognormal(0.15, 1.0))
    destinations: dict[str, float] | None = Field(
        None, description="Destination shares; default: the buyers' mix."
    )

    @field_validator("destinations")
    @classmethod
    def _mix(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        return None if v is None else _check_mix(v, "destinations")


# --------------------------------------------------------------------------- logistics


class Departure(_Model):
    """One weekly timetable slot: weekday 0 = Monday, hour of day."""

    weekday: int = Field(ge=0, le=6)
    hour: float = Field(ge=0, lt=24)


class LineSpec(_Model):
    """How a line (or sea route) runs in this scenario: one way of departing, and a capacity.

    For a sea route, departures are sailings from Ningbo and ``capacity_teu`` is the vessel
    space the Yiwu forwarders can book on each.
    """

    trains_per_week: PosFloat | None = None
    timetable: list[Departure] | None = Field(None, min_length=1, max_length=200)
    poisson_per_week: PosFloat | None = None
    capacity_teu: int | None = Field(
        None,
        ge=1,
        le=100_000,
        description="Containers per departure; default: the line data (S: 100-110 TEU a train).",
    )

    @model_validator(mode="after")
    def _one_rule(self) -> LineSpec:
        given = [
            k
            for k in ("trains_per_week", "timetable", "poisson_per_week")
            if getattr(self, k) is not None
        ]
        if len(given) > 1:
            raise ValueError(
                f"give one of trains_per_week, timetable, poisson_per_week, not {', '.join(given)}"
            )
        return self

    def weekly_rate(self) -> float:
        """Departures per week (0 if unset)."""
        if self.timetable is not None:
            return float(len(self.timetable))
        return self.trains_per_week or self.poisson_per_week or 0.0


class BorderSpec(_Model):
    """A border crossing (gauge change, customs) as a queue with parallel servers."""

    servers: int = Field(ge=1, le=1000, description="Trains served at the same time (E).")
    service_h: Distribution = Field(description="Time to serve one train: gauge change, customs.")
    background_trains_per_day: NonNegFloat = Field(
        0.0, description="Other China-Europe trains using the crossing (Poisson) (E)."
    )


class SeaSpec(_Model):
    """The sea route: sea-rail feeder trains Yiwu -> Ningbo, port dwell, sailings, onward road."""

    feeder_trains_per_day: PosFloat = Field(3, description="S: 2-3 sea-rail trains a day.")
    feeder_capacity_teu: int = Field(100, ge=1, le=100_000, description="S: ~100 TEU trains.")
    port_dwell_h: Distribution = Field(
        default_factory=lambda: dists.Triangular(dist="triangular", low=24, mode=48, high=72),
        description="S/E: 2-3 days at the port before loading.",
    )
    transit_days: Distribution = Field(
        default_factory=lambda: dists.Triangular(dist="triangular", low=29, mode=31, high=36),
        description="S: 31-35 days port to port via Suez.",
    )
    onward_road_kmh: PosFloat = Field(60, description="Truck speed from port to destination (E).")
    road_detour_factor: PosFloat = Field(1.3, description="Road km per great-circle km (E).")
    serves: list[str] = Field(
        default_factory=lambda: ["MAD", "DUI", "LON", "LGG", "PRG", "WAW", "BEG", "RTM", "HAM"],
        description="Destinations reachable by sea and road.",
    )


class Consolidation(_Model):
    """Forwarders pack ready orders into containers per route."""

    cutoff_h: NonNegFloat = Field(
        12, le=168, description="Containers close this long before departure."
    )
    close_partial: bool = Field(
        True, description="At the cut-off, ship the part-filled container too."
    )


class ModeChoice(_Model):
    """How an order for a destination that rail and sea both serve picks its route."""

    rule: Literal["share", "fastest", "cheapest", "deadline"] = "share"
    rail_share: Share = Field(0.5, description="With rule 'share': probability of rail (E).")


class Costs(_Model):
    """Freight cost per TEU (E from the FEU figures in reference §4.2)."""

    rail_usd_per_teu: NonNegFloat = 3250
    sea_usd_per_teu: NonNegFloat = 1250
    inland_usd_per_teu: NonNegFloat = Field(
        450, description="Yiwu -> Ningbo (S: ~900 USD per FEU)."
    )
    road_usd_per_teu_km: NonNegFloat = 1.2


class Emissions(_Model):
    """kg CO2e per TEU-km (reference §4.1 model defaults, 10 t per TEU)."""

    rail_kg_per_teu_km: NonNegFloat = 0.25
    sea_kg_per_teu_km: NonNegFloat = 0.15
    road_kg_per_teu_km: NonNegFloat = 1.0


class LogisticsSpec(_Model):
    """Rail lines, border crossings, the sea route and the rules that tie them together."""

    only_lines: list[str] | None = Field(
        None, description="Run only these lines (ids from `yiwu-sim network`); default: all."
    )
    lines: dict[str, LineSpec] = Field(
        default_factory=dict,
        description="Changes to a line's departures or capacity; other lines run as in the data.",
    )
    borders: dict[str, BorderSpec] = Field(
        default_factory=dict,
        description="Crossings by node id; unlisted ones get the data dwell and 2 servers (E).",
    )
    sea: SeaSpec = SeaSpec()
    consolidation: Consolidation = Consolidation()
    mode_choice: ModeChoice = ModeChoice()
    costs: Costs = Costs()
    emissions: Emissions = Emissions()
    terminal_h: NonNegFloat = Field(
        24.0,
        description="Unloading at the destination terminal before goods count as arrived by rail "
        "(E: reference §7.3 adds one day of terminal time).",
    )
    last_mile_h: Distribution = Field(
        default_factory=lambda: dists.Uniform(dist="uniform", low=24, high=48),
        description="From arrival to delivery: release 1-2 days after arrival (S: moovlogistics).",
    )


# --------------------------------------------------------------------------- disruptions


class Disruption(_Model):
    """A change at a border node, an edge or a line over a date window (inclusive dates).

    Node: ``servers_factor`` (share of servers kept, rounded, at least 0) and ``dwell_factor``
    (service times multiplied). Edge (id ``FROM-TO``): ``dwell_factor`` multiplies running time and
    ``extra_h`` is added. Line: ``capacity_factor`` multiplies train capacity and ``trains_factor``
    the departure rate (0 suspends the line).
    """

    target: Literal["node", "edge", "line"]
    id: str
    start: date
    end: date
    description: str = Field("", max_length=2000)
    servers_factor: Annotated[float, Field(ge=0, le=1)] | None = None
    dwell_factor: PosFloat | None = None
    extra_h: NonNegFloat | None = None
    capacity_factor: NonNegFloat | None = None
    trains_factor: NonNegFloat | None = None

    @model_validator(mode="after")
    def _fits_target(self) -> Disruption:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        allowed = {
            "node": {"servers_factor", "dwell_factor"},
            "edge": {"dwell_factor", "extra_h"},
            "line": {"capacity_factor", "trains_factor"},
        }[self.target]
        effects = {
            "servers_factor",
            "dwell_factor",
            "extra_h",
            "capacity_factor",
            "trains_factor",
        }
        given = {k for k in effects if getattr(self, k) is not None}
        if not given:
            raise ValueError(f"a {self.target} disruption needs one of {sorted(allowed)}")
        wrong = given - allowed
        if wrong:
            raise ValueError(
                f"{sorted(wrong)} do not apply to a {self.target}; allowed: {sorted(allowed)}"
            )
        return self


# --------------------------------------------------------------------------- scenario


class Scenario(_Model):
    """One simulation scenario (the top level of a scenario file)."""

    name: Name = Field(description="Used for the results folder: letters, digits, _ . -")
    description: str = Field("", max_length=20_000, description="Shown at the top of the report.")
    start: date = Field(description="First simulated day (00:00 Asia/Shanghai).")
    days: int = Field(ge=1, le=3660, description="Simulated days.")
    warmup_days: int = Field(0, ge=0, description="Days excluded from statistics.")
    seed: int = Field(
        1,
        ge=0,
        le=2**63 - 1,
        description="Root of the named random streams: same seed, same results.",
    )
    scale: Annotated[float, Field(gt=0, le=10)] = Field(
        1.0,
        description="1.0 = the real market's volume; multiplies merchants, demand and container"
        " capacity of trains and vessels (train counts and border queues stay as they are).",
    )
    calendar: CalendarSpec = CalendarSpec()
    market: MarketSpec
    buyers: BuyersSpec
    online: OnlineSpec = OnlineSpec()
    logistics: LogisticsSpec = LogisticsSpec()
    disruptions: list[Disruption] = Field(default_factory=list, max_length=1000)

    @model_validator(mode="after")
    def _warmup(self) -> Scenario:
        if self.warmup_days >= self.days:
            raise ValueError(
                f"warmup_days ({self.warmup_days}) must be less than days ({self.days})"
            )
        return self

    @property
    def end(self) -> date:
        """The day after the last simulated day."""
        return self.start + timedelta(days=self.days)

    def to_yaml(self) -> str:
        """The scenario as YAML, with every default filled in."""
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return yaml.dump(data, Dumper=YAML_DUMPER, sort_keys=False, allow_unicode=True, width=100)


# --------------------------------------------------------------------------- semantic checks


def semantic_problems(sc: Scenario, net: Network) -> list[str]:
    """Problems that the types cannot see: unknown ids, unreachable destinations, dates.

    Returns one message per problem (empty when the scenario is sound).
    """
    problems: list[str] = []
    lg = sc.logistics
    known = ", ".join(net.lines)
    for lid in lg.only_lines or []:
        if lid not in net.lines:
            problems.append(f"logistics.only_lines: unknown line {lid!r}; known: {known}")
    for lid in lg.lines:
        if lid not in net.lines:
            problems.append(f"logistics.lines.{lid}: unknown line {lid!r}; known: {known}")
        elif lg.only_lines is not None and lid not in lg.only_lines:
            problems.append(f"logistics.lines.{lid}: line is not in logistics.only_lines")
    line_ids = [
        i for i in (lg.only_lines if lg.only_lines is not None else net.lines) if i in net.lines
    ]
    rail_dests = {
        net.lines[i].destination for i in line_ids if i in net.lines and net.lines[i].mode == "rail"
    }
    sea_routes = [net.lines[i] for i in line_ids if i in net.lines and net.lines[i].mode == "sea"]
    for node_id in sc.logistics.sea.serves:
        if node_id not in net.nodes:
            problems.append(f"logistics.sea.serves: unknown node {node_id!r}")
    sea_dests = set(sc.logistics.sea.serves) if sea_routes else set()
    for bid in sc.logistics.borders:
        node = net.nodes.get(bid)
        if node is None or node.kind != "border":
            borders = sorted(n.id for n in net.nodes.values() if n.kind == "border")
            problems.append(
                f"logistics.borders.{bid}: {bid!r} is not a border crossing; "
                f"known: {', '.join(borders)}"
            )
    mixes = [("buyers.destinations", sc.buyers.destinations)]
    if sc.online.destinations is not None:
        mixes.append(("online.destinations", sc.online.destinations))
    for where, mix in mixes:
        for dest, share in mix.items():
            if dest not in net.nodes:
                problems.append(
                    f"{where}.{dest}: unknown destination {dest!r}; served: "
                    f"{', '.join(sorted(rail_dests | sea_dests))}"
                )
            elif share > 0 and dest not in rail_dests and dest not in sea_dests:
                problems.append(
                    f"{where}.{dest}: has demand ({share}) but no line or sea route in this "
                    "scenario serves it"
                )
    first, last = sc.start, sc.end - timedelta(days=1)
    for i, d in enumerate(sc.disruptions):
        where = f"disruptions[{i}]"
        if d.start > last or d.end < first:
            problems.append(
                f"{where}: window {d.start}..{d.end} lies outside the run {first}..{last}"
            )
        if d.target == "node":
            node = net.nodes.get(d.id)
            if node is None or node.kind != "border":
                problems.append(f"{where}.id: {d.id!r} is not a border crossing node")
        elif d.target == "line":
            if d.id not in line_ids:
                problems.append(f"{where}.id: {d.id!r} is not a line of this scenario")
        else:
            parts = d.id.split("-")
            ok = len(parts) == 2 and net.graph.has_edge(parts[0], parts[1])
            if not ok:
                problems.append(
                    f"{where}.id: {d.id!r} is not an edge (write it FROM-TO, e.g. MSQ-BRE)"
                )
    fests = sc.calendar.spring_festival
    if fests is not None and sorted(fests) != fests:
        problems.append("calendar.spring_festival: dates must be in increasing order")
    from sim.checks import size_problems  # checks builds on this module

    problems.extend(size_problems(sc))
    return problems


def resolve(sc: Scenario, net: Network | None = None) -> Scenario:
    """Fill the defaults that depend on the network: every line and border crossing in use.

    The result is what ``scenario.yaml`` in a results folder holds, so a run can be repeated from
    it exactly.
    """
    net = net or load_network()
    problems = semantic_problems(sc, net)
    if problems:
        raise ScenarioError(problems, source=sc.name)
    out = sc.model_copy(deep=True)
    lg = out.logistics
    ids = lg.only_lines if lg.only_lines is not None else list(net.lines)
    lines = {}
    for lid in ids:
        spec = lg.lines.get(lid, LineSpec()).model_copy()
        if spec.weekly_rate() == 0:
            spec.trains_per_week = net.lines[lid].trains_per_week
        if spec.capacity_teu is None:
            spec.capacity_teu = net.lines[lid].capacity_teu
        lines[lid] = spec
    lg.lines = lines
    lg.only_lines = list(ids)
    borders = dict(out.logistics.borders)
    for lid in out.logistics.lines:
        for b in net.lines[lid].borders:
            if b not in borders:
                dwell = net.nodes[b].border_dwell_h or 1.0
                borders[b] = BorderSpec(servers=2, service_h=_lognormal(dwell, 0.5))
    out.logistics.borders = borders
    return out


# --------------------------------------------------------------------------- loading


MAX_ALIASES = 100
"""YAML aliases allowed in one file: enough for sharing a distribution, too few for a
"billion laughs" bomb whose expansion would exhaust memory when validated."""

MAX_NODES = 200_000
"""Values a file may hold once every alias is expanded (the shipped scenarios hold about 600)."""

MAX_DEPTH = 50
"""Nesting depth allowed in one file (a scenario needs fewer than ten levels)."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses duplicate keys (a silent overwrite hides typos), more than
    :data:`MAX_ALIASES` aliases and nesting deeper than :data:`MAX_DEPTH`."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases (*name)", event.start_mark
                )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, f"unhashable key {key!r}", key_node.start_mark
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Number of values ``node`` stands for with every alias expanded (memoised: linear)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    """Parse scenario YAML text into a mapping (safe loader, no duplicate keys, bounded size)."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError([f"file is larger than {MAX_FILE_BYTES} bytes"], source)
    loader = None
    try:
        loader = _UniqueKeyLoader(text)  # the reader already refuses control characters here
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise ScenarioError(
                [f"the file expands to more than {MAX_NODES:,} values (YAML aliases?)"], source
            )
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError([f"not valid YAML{where}: {problem}"], source) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        raise ScenarioError(["the file is empty; a scenario is a YAML mapping of keys"], source)
    if not isinstance(data, dict):
        raise ScenarioError(
            [f"the top level must be a mapping of keys, got {type(data).__name__}"], source
        )
    return data


def read_scenario_file(path: str | Path) -> dict[str, Any]:
    """Read a scenario file into a mapping (not yet validated)."""
    p = Path(path)
    source = str(path)
    if not p.exists():
        raise ScenarioError([f"no such file: {source}"], source)
    if p.is_dir():
        raise ScenarioError([f"{source} is a folder, not a scenario file"], source)
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError([f"file is larger than {MAX_FILE_BYTES} bytes"], source)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(["the file is not UTF-8 text"], source) from None
    except OSError as exc:
        raise ScenarioError([f"cannot read the file: {exc.strerror}"], source) from None
    return parse_yaml(text, source)


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Apply ``key.path=value`` overrides (values parsed as YAML scalars, never evaluated).

    A numeric path part indexes a list (``market.categories.0.share=0.2``).
    """
    out = copy.deepcopy(data)
    problems: list[str] = []
    for item in overrides:
        if "=" not in item:
            problems.append(f"--set {item!r}: expected key.path=value")
            continue
        path, raw = item.split("=", 1)
        keys = [k for k in path.strip().split(".")]
        if not path.strip() or any(not k for k in keys):
            problems.append(f"--set {item!r}: empty key in path {path!r}")
            continue
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            problems.append(f"--set {path}: value {raw!r} is not a YAML scalar")
            continue
        node: Any = out
        try:
            for k in keys[:-1]:
                node = node[int(k)] if isinstance(node, list) else node.setdefault(k, {})
            last = keys[-1]
            if isinstance(node, list):
                node[int(last)] = value
            elif isinstance(node, dict):
                node[last] = value
            else:
                raise TypeError
        except (ValueError, IndexError, TypeError, AttributeError):
            problems.append(f"--set {path}: no such place in the scenario (lists take a number)")
    if problems:
        raise ScenarioError(problems, "--set")
    return out


def validate_data(data: dict[str, Any], source: str, net: Network | None = None) -> Scenario:
    """Validate a mapping as a :class:`Scenario`, then check it against the network.

    Raises
    ------
    ScenarioError
        Listing every problem, each with its key path, the value and what is allowed.
    """
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_format_errors(exc, data), source) from None
    net = net or load_network()
    problems = semantic_problems(sc, net)
    if problems:
        raise ScenarioError(problems, source)
    return sc


def load_scenario(path: str | Path | None = None, overrides: list[str] | None = None) -> Scenario:
    """Read, override and validate a scenario file; ``None`` loads the shipped default."""
    if path is None:
        path = default_scenario_path()
    data = read_scenario_file(path)
    if overrides:
        data = apply_overrides(data, overrides)
    try:
        return validate_data(data, str(path))
    except NetworkError as exc:  # pragma: no cover - shipped data are checked by tests
        raise ScenarioError([str(exc)], str(path)) from None


def default_scenario_path() -> Path:
    """The shipped default scenario (the Spring Festival season)."""
    return Path(__file__).parent / "data" / "spring_festival_2026.yaml"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files (for editors and ``yiwu-sim schema``)."""
    return Scenario.model_json_schema(by_alias=True)


# --------------------------------------------------------------------------- error messages

_DIST_TAGS = {
    "constant",
    "exponential",
    "gamma",
    "lognormal",
    "triangular",
    "uniform",
    "poisson",
    "empirical",
}
_DEADLINE_TAGS = {"none", "spring_festival", "fixed_date", "days_after_order"}


def _format_loc(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for i, p in enumerate(loc):
        if isinstance(p, int):
            parts.append(f"[{p}]")
            continue
        # pydantic adds the tag of a tagged union to the path; it is not a key the user wrote
        if (p in _DIST_TAGS or p in _DEADLINE_TAGS) and i > 0 and i < len(loc) - 1:
            continue
        if p.startswith("function-") or p in {"tagged-union"}:
            continue
        parts.append(("." if parts else "") + p)
    return "".join(parts) or "(top level)"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The pydantic model that owns the mapping at ``loc`` (for listing allowed keys)."""
    from typing import get_args, get_origin

    model: Any = Scenario
    for p in loc:
        if isinstance(p, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(p)
        if field is None:
            return None
        ann = field.annotation
        model = None
        stack = [ann]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, BaseModel):
                model = t
                break
            if get_origin(t) is dict:
                args = get_args(t)
                stack.extend(args[1:])
            else:
                stack.extend(get_args(t))
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _format_errors(exc: ValidationError, data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = _format_loc(loc)
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "extra_forbidden":
            key = str(loc[-1])
            owner = _model_at(loc[:-1])
            allowed = sorted((f.alias or n) for n, f in owner.model_fields.items()) if owner else []
            hint = difflib.get_close_matches(key, allowed, n=1)
            msg = f"unknown key {key!r}"
            if hint:
                msg += f" (did you mean {hint[0]!r}?)"
            if allowed:
                msg += f"; allowed keys: {', '.join(allowed)}"
            out.append(f"{where}: {msg}")
            continue
        if err["type"] == "missing":
            out.append(f"{where}: required key is missing")
            continue
        value = err.get("input")
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        if isinstance(value, dict | list):
            out.append(f"{where}: {msg}")
        else:
            out.append(f"{where}: {msg} (got {shown})")
    return out
