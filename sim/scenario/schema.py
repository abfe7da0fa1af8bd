"""Scenarios: the validated schema, validation and loading, and resolution against the network.

A scenario is a YAML mapping that says what to simulate: the period, the market (merchants and
their goods categories), the buyers and online orders, the logistics (rail lines, border
crossings, the sea route through Ningbo, consolidation, mode choice, costs and emissions) and any
disruptions. Every file is validated before a run starts; every problem in a file is reported at
once, each with its key path, the bad value and what is allowed (:class:`sim.errors.ScenarioError`).

Reading the YAML safely and ``--set`` overrides are in :mod:`sim.scenario.yaml_io`, the wording of
validation errors in :mod:`sim.scenario.messages`, and the checks the types cannot express in
:mod:`sim.world.checks`.

Units are in the key names: ``_h`` hours, ``_days`` days, ``_teu`` twenty-foot equivalent units,
``_km`` kilometres, ``_usd`` US dollars, ``_kg`` kilograms of CO2e. Figures in the defaults are
estimates (E) unless a comment names a source in ``../shared/reference/domain-facts.md``.
"""

from __future__ import annotations

import math
import operator
from datetime import date, datetime, timedelta, timezone
from functools import partial
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sim.problems import Problem, problem
from sim.scenario import distributions as dists
from sim.scenario import registry
from sim.scenario.distributions import Distribution
from sim.scenario.messages import refusal
from sim.scenario.yaml_io import reads_as_text

SHARE_TOLERANCE = 1e-6

_EMITTER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # PyYAML quotes text YAML 1.1 would misread; scenario files are read as YAML 1.2, so text
    # that 1.2 alone takes for a number ("1e3", "0o17") is quoted too
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style=None if reads_as_text(text) else "'"
    )


YAML_DUMPER: type[yaml.SafeDumper] = type("ScenarioDumper", (_EMITTER,), {})
"""libyaml's emitter when PyYAML has it (five times faster; every replication writes and hashes
its scenario), else the pure-Python one; a test checks that both write the same text. Text is
written so that YAML 1.1 and YAML 1.2 both read it as text."""
YAML_DUMPER.add_representer(str, _represent_text)

PosFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Name = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")]

SEED_MAX = 2**63 - 1
"""Largest seed: seeds are 0 .. 2^63 - 1 wherever they enter (a scenario, ``--seed``, ``--set``,
``--vary``), so a seed fits the 64-bit integer columns of the KPI tables."""
DATE_MIN, DATE_MAX = date(1000, 1, 1), date(8999, 12, 31)
"""The supported dates: every date of a scenario, and every day its run simulates, lie within
them, so that the calendar (800 days of padding after the run), deadlines two years ahead and
the report's date arithmetic never leave Python's dates (years 1 to 9999). Festival dates come
from the lunar calendar for 1901-2098 only; outside, a scenario lists them."""


def seed_problem(value: object) -> Problem | None:
    """Why ``value`` is not a seed (an integer 0 .. :data:`SEED_MAX`), or None if it is one
    (a :class:`~sim.problems.Problem`: its English, its code and values)."""
    try:  # int, numpy.int64 ...; not a bool, a float or text
        number = None if isinstance(value, bool) else operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        number = None
    if number is None:
        return problem("arg:seed_text", most=SEED_MAX, value=repr(str(value)[:40]))
    if not 0 <= number <= SEED_MAX:
        # a huge number is not printed (Python refuses to print over 4,300 digits)
        shown = str(number) if number.bit_length() <= 128 else (
            f"a number of about {int(number.bit_length() * 0.30103):,} digits"
        )  # fmt: skip
        return problem("arg:seed", most=SEED_MAX, value=shown)
    return None


def _in_range(day: date) -> date:
    if not DATE_MIN <= day <= DATE_MAX:
        raise refusal("scn:date_range", day=day, lo=DATE_MIN, hi=DATE_MAX)
    return day


def _not_a_number(value: Any) -> Any:
    """Refuse a number where a date belongs: pydantic's lax mode reads one as seconds since
    1970 (``announced: 20251010``, a date typed without its dashes, was 1970-08-23 17:16:50)."""
    if isinstance(value, int | float) and not isinstance(value, date):
        raise refusal("scn:date_number")
    return value


SimDate = Annotated[date, BeforeValidator(_not_a_number), AfterValidator(_in_range)]
"""A date of a scenario: within :data:`DATE_MIN` .. :data:`DATE_MAX`."""


MARKET_TIME = timezone(timedelta(hours=8), "Asia/Shanghai")
"""The market's clock (China Standard Time, UTC+8 all year: no daylight saving since 1991)."""


def _moment_in_range(moment: datetime) -> datetime:
    if moment.tzinfo is not None:  # "09:00+02:00" is 15:00 at the market, not 09:00
        moment = moment.astimezone(MARKET_TIME).replace(tzinfo=None)
    _in_range(moment.date())
    return moment


SimDateTime = Annotated[datetime, BeforeValidator(_not_a_number), AfterValidator(_moment_in_range)]
"""A date and time of a scenario (an announcement's hour) in the market's local time, its day
within the range; one given with a UTC offset is converted to the market's time."""


# policy names: ones the registry knows (built-in or registered from Python), else a
# validation error listing the choices (sim.scenario.registry)
RoutingRule = Annotated[str, AfterValidator(partial(registry.check, "routing"))]
LoadingRule = Annotated[str, AfterValidator(partial(registry.check, "loading"))]
RollOverRule = Annotated[str, AfterValidator(partial(registry.check, "rollover"))]
ProductionRule = Annotated[str, AfterValidator(partial(registry.check, "production"))]
TrainRoutingRule = Annotated[str, AfterValidator(partial(registry.check, "train_routing"))]
DispatchRule = Annotated[str, AfterValidator(partial(registry.check, "dispatch"))]
PricingRule = Annotated[str, AfterValidator(partial(registry.check, "pricing"))]
RepositioningRule = Annotated[str, AfterValidator(partial(registry.check, "repositioning"))]
SailingsRule = Annotated[str, AfterValidator(partial(registry.check, "sailings"))]
PARAMS_HELP = (
    "For a policy class that declares parameters (see 'Policy parameters' below); a built-in "
    "rule takes none."
)


def _policy_params(kind: str, rule_key: str) -> Any:
    """A validator of a params mapping against the parameters its policy's class declares
    (:func:`sim.scenario.registry.validate_params`); ``rule_key`` is the sibling key naming
    the policy (validated before it)."""

    def check(
        cls: type, value: dict[str, Any] | None, info: ValidationInfo
    ) -> dict[str, Any] | None:
        # a key that may be absent (None) stays absent unless the policy declares parameters,
        # so scenarios that never set it resolve (and hash) as before
        checked = registry.validate_params(kind, info.data.get(rule_key), value or {})
        return None if value is None and not checked else checked

    return classmethod(check)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, populate_by_name=True)


def lognormal_spec(mean: float, cv: float) -> dists.Lognormal:
    return dists.Lognormal.model_validate({"dist": "lognormal", "mean": mean, "cv": cv})


# --------------------------------------------------------------------------- calendar


class Closure(_Model):
    """Market closure around the Spring Festival, in days relative to the festival (lunar 1/1).

    The market closes on lunar 12/27 and reopens on lunar 1/12 (S: mysourcify 2021; linkyiwu).
    ``start_offset_days`` counts lunar days before lunar 1/1 (-4 = lunar 12/27, which is three or
    four calendar days before the festival as the last lunar month has 29 or 30 days);
    ``reopen_offset_days`` counts days after the festival (11 = lunar 1/12) (D, reference §7.4).
    """

    start_offset_days: int = Field(-4, ge=-30, le=0)
    reopen_offset_days: int = Field(11, ge=1, le=40)


class Fair(_Model):
    """A trade fair that multiplies foreign buyer visits on its days (inclusive)."""

    name: str = Field(min_length=1, max_length=200)
    start: SimDate
    end: SimDate
    buyer_multiplier: PosFloat

    @model_validator(mode="after")
    def _ordered(self) -> Fair:
        if self.end < self.start:
            raise refusal("scn:end_before", end=self.end, start=self.start)
        return self


class CalendarSpec(_Model):
    """Festival dates, market closure and fairs."""

    spring_festival: list[SimDate] | None = Field(
        None,
        description="Spring Festival dates (lunar 1/1); default: the lunar calendar, 1900-2099.",
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
            raise refusal("scn:months_repeat", v=v)
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
            raise refusal("scn:not_calendar_day", m=self.month, d=self.day) from None
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
        default_factory=lambda: lognormal_spec(36, 0.5),
        description="Pick, pack and truck to the consolidation point, in open hours (E).",
    )


class Production(_Model):
    """How the merchants' workshops run around the festival closure (production policy).

    ``calendar``: full output on every open day, none while the market is closed.
    ``ramp``: as ``calendar``, but after each reopening output restarts at ``restart_share`` of
    full and rises linearly to full over ``ramp_days`` as workers return.
    With either, ``overtime_share`` > 0 lets workshops work overtime: on a day that starts with
    the market's backlog above ``overtime_backlog_days`` of full output, output is
    ``1 + overtime_share`` times the day's planned output.
    """

    rule: ProductionRule = Field(
        "calendar", description="Production policy: a built-in name or package.module:Class."
    )
    restart_share: Share = Field(0.3, description="With 'ramp': output on reopening (E).")
    ramp_days: int = Field(21, ge=1, le=120, description="With 'ramp': days to full output (E).")
    overtime_share: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = Field(
        0.0, description="Extra output on an overtime day (0: no overtime) (E)."
    )
    overtime_backlog_days: PosFloat = Field(
        2.0, description="Backlog, in days of full output, that calls for overtime (E)."
    )
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HELP)
    _params = field_validator("params")(_policy_params("production", "rule"))


class MarketSpec(_Model):
    """The merchants of Yiwu International Trade City."""

    merchants: int = Field(75_000, ge=1, le=10_000_000, description="Booths (S: 75,000+).")
    categories: list[Category] = Field(min_length=1, max_length=100)
    production: Production = Production()

    @model_validator(mode="after")
    def _shares(self) -> MarketSpec:
        names = [c.name for c in self.categories]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise refusal("scn:category_unique", dup=dup)
        total = sum(c.share for c in self.categories)
        if abs(total - 1) > SHARE_TOLERANCE:
            raise refusal("scn:category_shares", x=f"{total:.6g}")
        return self


# --------------------------------------------------------------------------- demand


def _check_mix(mix: dict[str, float], what: str) -> dict[str, float]:
    if not mix:
        raise refusal("scn:no_destination", what=what)
    for k, v in mix.items():
        if not (isinstance(v, int | float) and math.isfinite(v) and v >= 0):
            raise refusal("scn:share_value", k=repr(k), v=repr(v))
    total = sum(mix.values())
    if abs(total - 1) > SHARE_TOLERANCE:
        raise refusal("scn:shares", what=what, x=f"{total:.6g}")
    return mix


def _some_goods(v: Distribution) -> Distribution:
    """An order size whose every draw is 0 (``{dist: constant, value: 0}``) makes orders of
    no goods (the model floors a draw at 1e-6 TEU, and each takes a container slot)."""
    if v.mean() <= 0:
        raise refusal("scn:order_size_zero", got=v.model_dump())
    return v


class BuyersSpec(_Model):
    """Foreign buyers who visit the market in person."""

    reaction: Literal["none", "lost_sale"] = Field(
        "none",
        description="'lost_sale': an order whose deadline no route is expected to meet (live "
        "state at booking) is placed elsewhere: counted as a lost sale, not shipped.",
    )
    visits_per_day: NonNegFloat = Field(1600, description="Foreign buyer visits a day (S: 2023).")
    in_scope_share: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = Field(
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
    order_teu: Distribution = Field(default_factory=lambda: lognormal_spec(0.3, 1.0))
    destinations: dict[str, float]

    @field_validator("open_hours")
    @classmethod
    def _hours(cls, v: tuple[float, float]) -> tuple[float, float]:
        if not (0 <= v[0] < v[1] <= 24):
            raise refusal("scn:hours", v=list(v))
        return v

    @field_validator("destinations")
    @classmethod
    def _mix(cls, v: dict[str, float]) -> dict[str, float]:
        return _check_mix(v, "destinations")

    _order_teu = field_validator("order_teu")(_some_goods)


class OnlineSpec(_Model):
    """Orders placed online (Yiwugo and the like); they also arrive while the market is closed."""

    orders_per_day: NonNegFloat = 0.0
    order_teu: Distribution = Field(default_factory=lambda: lognormal_spec(0.15, 1.0))
    destinations: dict[str, float] | None = Field(
        None, description="Destination shares; default: the buyers' mix."
    )

    @field_validator("destinations")
    @classmethod
    def _mix(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        return None if v is None else _check_mix(v, "destinations")

    _order_teu = field_validator("order_teu")(_some_goods)


# --------------------------------------------------------------------------- logistics


class Departure(_Model):
    """One weekly timetable slot: weekday 0 = Monday, hour of day."""

    weekday: int = Field(ge=0, le=6)
    hour: float = Field(ge=0, lt=24, allow_inf_nan=False)


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
            raise refusal("scn:one_frequency", given=", ".join(given))
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


class BackgroundFlow(_Model):
    """Other China-Europe trains (not from Yiwu) that enter the network at a border station and
    run a path of nodes, queueing once at every crossing on it (a Poisson stream)."""

    name: str = Field(min_length=1, max_length=200)
    path: list[str] = Field(
        min_length=1,
        max_length=200,
        description="Node ids, consecutive ones joined by a rail edge; the first is where the "
        "trains enter (a border crossing).",
    )
    trains_per_day: NonNegFloat = Field(description="Arrivals at the first node (E).")


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


class RollOver(_Model):
    """What happens to a closed container that its route's departures leave behind.

    ``next_departure``: it waits for the next departure of its route (first in line).
    ``sea``: a rail container that has waited ``after_h`` since it closed moves to the sea route
    serving its destination (where one does), with the re-booking delay ``switch_h``.
    ``live``: a rail container moves to the sea route when, by the live state, its line is
    expected to deliver more than ``threshold_h`` later than the sea route would (re-booking
    included).
    """

    rule: RollOverRule = Field(
        "next_departure",
        description="Roll-over policy (docs/model.md): a built-in name or package.module:Class.",
    )
    after_h: NonNegFloat = Field(168, description="With rule 'sea': wait before moving (E).")
    threshold_h: NonNegFloat = Field(
        72, description="With rule 'live': how much sooner the sea must be expected (E)."
    )
    switch_h: NonNegFloat = Field(24, description="Unloading and re-booking when moving (E).")
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HELP)
    _params = field_validator("params")(_policy_params("rollover", "rule"))


class Consolidation(_Model):
    """Forwarders pack ready orders into containers per route, at each departure's cut-off,
    from the goods ready then, and load them by the loading policy."""

    cutoff_h: NonNegFloat = Field(
        12, le=168, description="Containers close this long before departure."
    )
    close_partial: bool = Field(
        True, description="At the cut-off, ship the part-filled container too."
    )
    loading: LoadingRule = Field(
        "fifo",
        description="Which closed containers board a departure: 'fifo' (first closed, first "
        "loaded) or 'earliest_deadline' (deadline goods first, earliest first); or "
        "package.module:Class.",
    )
    loading_params: dict[str, Any] | None = Field(None, description=PARAMS_HELP)
    _loading_params = field_validator("loading_params")(_policy_params("loading", "loading"))
    rollover: RollOver = RollOver()


class Dispatch(_Model):
    """How the rail operator answers its bookings (the dispatch policy; see docs/model.md).

    ``fixed``: the published timetable. ``demand``: an extra departure ``lead_h`` after a cut-off
    that leaves ``add_when_backlog_trains`` trainloads or more behind (beyond what published
    departures before it can take), at most ``max_extra_per_week``; a departure whose
    bookings (its load and the goods still waiting for the line) fill less than ``min_fill``
    is cancelled when the next leaves within ``merge_within_h`` (its load waits for that
    one)."""

    rule: DispatchRule = Field("fixed", description="Dispatch policy.")
    add_when_backlog_trains: Annotated[float, Field(gt=0, le=50, allow_inf_nan=False)] = Field(
        1.0,
        description="Backlog left behind a departure, in trainloads, that calls for an extra "
        "train (E: a full block train's worth of boxes waiting).",
    )
    lead_h: Annotated[float, Field(ge=0, le=720, allow_inf_nan=False)] = Field(
        72,
        description="From the decision to an extra train's departure (E: 2-4 days to assign "
        "a wagon set, a locomotive and an international path; Yiwu's platform adds trains "
        "'within days' in peak season).",
    )
    max_extra_per_week: Annotated[int, Field(ge=0, le=50)] = Field(
        2,
        description="Extra departures a line can get in any 7 days (E: spare wagon sets, "
        "locomotives and path slots; Yiwu ran >= 20 trains a week on all lines in 2020, S).",
    )
    min_fill: Share = Field(
        0.0,
        description="A departure whose bookings (its load and the goods still waiting for the "
        "line) fill less than this share of its slots is cancelled and merged into the next "
        "(E; 0: never; China-Europe trains ran 94-98 % loaded westbound, S).",
    )
    merge_within_h: Annotated[float, Field(ge=0, le=720, allow_inf_nan=False)] = Field(
        96, description="A cancellation needs the line's next departure within this (E)."
    )
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HELP)
    _params = field_validator("params")(_policy_params("dispatch", "rule"))


class Sailings(_Model):
    """How the carriers answer the sea bookings at Ningbo (the sailings policy; see
    docs/model.md).

    ``fixed``: every published sailing sails with its booked capacity. ``carriers``: a share
    ``festival_blank_share`` of the sailings leaving from ``festival_from_days`` to
    ``festival_to_days`` after the Spring Festival is blanked, announced ``notice_days`` ahead;
    a sailing whose ready bookings are below ``min_fill`` of its space is blanked when the line's
    next sailing leaves within ``roll_within_h`` (its containers roll to that one); when the port
    backlog left behind reaches ``add_when_backlog_sailings`` sailing loads, the sailing takes up
    to ``max_upsize_share`` more (a larger ship) and, if that is not enough, an extra loader
    leaves ``extra_lead_h`` later, at most ``max_extra_per_week``."""

    rule: SailingsRule = Field("fixed", description="Sailings policy.")
    festival_blank_share: Share = Field(
        0.2,
        description="Share of the sailings in the festival window that carriers blank (S: "
        "Sea-Intelligence, Asia-North Europe capacity blanked over the Chinese New Year weeks "
        "23.9 % 2015, 29.0 % 2016, 18.4 % 2017; Drewry, weeks 2-6 of 2023 on the main East-West "
        "trades 149 of 707 sailings, 21 %; D: 0.2).",
    )
    festival_from_days: Annotated[int, Field(ge=-366, le=366)] = Field(
        0,
        description="First day of the blanking window, from the festival (D: Sea-Intelligence's "
        "Chinese New Year period is the festival's week and the three after it).",
    )
    festival_to_days: Annotated[int, Field(ge=-365, le=367)] = Field(
        28,
        description="Day after the window, from the festival (D: four weeks; the low-demand "
        "weeks after the festival, while factories are closed).",
    )
    notice_days: Annotated[float, Field(ge=0, le=120, allow_inf_nan=False)] = Field(
        35,
        description="A festival blank is announced this long before the sailing; the live "
        "state knows it from then (D: Drewry's cancelled-sailings tracker covers the next five "
        "weeks, S; Maersk's North Europe blanking advisory for the 2020 festival came out 40 "
        "days ahead, S).",
    )
    min_fill: Share = Field(
        0.0,
        description="A sailing whose ready bookings fill less than this share of its space is "
        "blanked (E; 0: never; carriers idled ships when Asia-North Europe load factors fell "
        "'below 70 %' in October 2022, S: The Loadstar).",
    )
    roll_within_h: Annotated[float, Field(ge=0, le=720, allow_inf_nan=False)] = Field(
        96,
        description="An under-filled sailing is blanked only when the line's next sailing "
        "leaves within this (E: weekly loops; 'there is always another ship a few days later', "
        "a forwarder in The Loadstar).",
    )
    add_when_backlog_sailings: Annotated[float, Field(gt=0, le=50, allow_inf_nan=False)] = Field(
        1.0,
        description="Port backlog left behind a sailing, in sailing loads, that calls for more "
        "space (E: a full sailing's worth of boxes rolled).",
    )
    max_upsize_share: Annotated[float, Field(ge=0, le=2, allow_inf_nan=False)] = Field(
        0.1,
        description="Most extra space a sailing can take over its booked capacity (a larger "
        "ship on the loop) (D: Asia-North Europe deployed capacity rose about 10 % from "
        "baseline to peak before the festival in 2015-2019, 49 % before 2026, S: "
        "Sea-Intelligence).",
    )
    extra_lead_h: Annotated[float, Field(ge=0, le=1440, allow_inf_nan=False)] = Field(
        168,
        description="From the decision to an extra loader's sailing (E: HMM announced its "
        "Asia-Europe extra loaders of January 2024 days to a week before they sailed, S: The "
        "Loadstar).",
    )
    max_extra_per_week: Annotated[int, Field(ge=0, le=20)] = Field(
        1,
        description="Extra loaders a sea route can get in any 7 days (E: HMM ran four extra "
        "loaders in three weeks of January 2024 to the Mediterranean and North Europe, one of "
        "them to North Europe, S: The Loadstar).",
    )
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HELP)
    _params = field_validator("params")(_policy_params("sailings", "rule"))

    @model_validator(mode="after")
    def _window(self) -> Sailings:
        if self.festival_to_days <= self.festival_from_days:
            raise refusal("scn:festival_window", to=self.festival_to_days,
                          fr=self.festival_from_days)  # fmt: skip
        return self


class Eastbound(_Model):
    """Train sets turning round at a line's European terminal and running back to Yiwu (only
    with a container pool: ``logistics.containers.pools_teu``)."""

    enabled: bool = Field(
        False, description="Run eastbound services: a westbound set returns after its turn-round."
    )
    return_share: Share = Field(
        0.429,
        description="Share of westbound train sets that return as an eastbound service (S: "
        "Yiwu's return/outbound train ratio 42.9 % in 2022; nationally 87 % in H1 2023, "
        "4,021 back against 4,620 out).",
    )
    turnround_h: NonNegFloat = Field(
        72.0,
        description="From a westbound arrival at the terminal to the set's eastbound departure "
        "(E: unloading, re-marshalling, loading imports and an international path, 2-4 days).",
    )
    import_load_factor: Share = Field(
        0.71,
        description="Share of an eastbound service's slots carrying import goods for Yiwu's "
        "imported-goods market (S: return containers 71 % loaded in 2018, 82 % in H1 2019, "
        "chinaebr.com citing China Railway); the other slots carry empties or run empty.",
    )
    background_share: NonNegFloat = Field(
        0.87,
        description="Eastbound background trains at each crossing as a share of its westbound "
        "background (D: national returns were 87 % of outbound trains in H1 2023, 4,021 of "
        "4,620, China Railway via Xinhua); capacity is per direction (S: crossings are rated "
        "in pairs of trains a day, e.g. Belarus-Poland 50 pairs).",
    )
    background_trains_per_day: dict[str, NonNegFloat] = Field(
        default_factory=dict,
        description="Eastbound background trains a day at a crossing (node id), instead of "
        "the share (E unless sourced).",
    )


class Containers(_Model):
    """Boxes as a finite resource (see docs/both-ways.md). Off (no pool) by default: every
    container finds a box and nothing changes."""

    pools_teu: dict[str, Annotated[int, Field(ge=0, le=10_000_000)]] | None = Field(
        None,
        description="Boxes (TEU, at full scale: multiplied by 'scale') at each location at the "
        "start: 'YIW' and any European terminal or sea port (node ids); a location not listed "
        "starts with none. Absent: no pool, boxes are never short (E: set per what-if).",
    )
    withdraw_on: Annotated[SimDate, Field(description="a day")] | None = Field(
        None,
        description="On this date Yiwu's pool loses 'withdraw_teu' boxes (taken by other "
        "origins, as in the 2020-21 shortage when boxes piled up abroad).",
    )
    withdraw_teu: Annotated[int, Field(ge=0, le=10_000_000)] = Field(
        0,
        description="Boxes (TEU, full scale) taken out of Yiwu's pool on 'withdraw_on' (at "
        "most those there then).",
    )
    eastbound: Eastbound = Eastbound()

    @model_validator(mode="after")
    def _yiwu_listed(self) -> Containers:
        if self.pools_teu is not None and "YIW" not in self.pools_teu:
            raise refusal("scn:pools_yiw")
        return self


class Repositioning(_Model):
    """How empty boxes get back to Yiwu (the repositioning policy; see docs/both-ways.md).

    ``none``: only boxes carrying imports come back. ``return_on_eastbound``: empties at a
    terminal fill an eastbound service's free slots, and a ship in a European port takes the
    port's empties back (each at its cost per TEU). ``lease``: a box short at a cut-off at
    Yiwu is leased there at ``lease_usd_per_teu`` (one way: it stays where its goods go)."""

    rule: RepositioningRule = Field("none", description="Repositioning policy.")
    lease_usd_per_teu: NonNegFloat = Field(
        1250.0,
        description="Cost of leasing one TEU box for a China-Europe trip (D: midpoint of USD "
        "1,400 -> 1,100, Jan -> Mar 2025, RailFreight).",
    )
    empty_rail_usd_per_teu: NonNegFloat = Field(
        600.0,
        description="Cost of moving one empty TEU back to Yiwu on an eastbound train (E: box "
        "owners paid shippers a one-way pickup fee of USD 617 Shanghai-Duisburg, four-year "
        "mean to Oct 2020, M: Container xChange, rather than move boxes empty).",
    )
    empty_sea_usd_per_teu: NonNegFloat = Field(
        232.0,
        description="Cost of shipping one empty TEU back from a European port to Yiwu (D: "
        "Drewry WCI Rotterdam-Shanghai USD 464 per FEU, Nov 2023, S, halved).",
    )
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HELP)
    _params = field_validator("params")(_policy_params("repositioning", "rule"))


class Pricing(_Model):
    """How freight rates move during the run (the pricing policy; see docs/model.md). Each order
    pays the rate it was quoted when it was booked.

    ``fixed``: the rates of ``logistics.costs`` throughout. ``live``: a rail quote adds the
    congestion surcharge when a crossing on its line is expected to hold its train
    ``costs.congestion_wait_h`` or more, and ``rail_premium_share`` when the line is booked out
    (a trainload or more waiting); a sea quote rises by ``sea_rate_per_extra_day`` of its
    freight for every day an announced disruption adds to the passage (a Cape diversion)."""

    rule: PricingRule = Field("fixed", description="Pricing policy.")
    rail_premium_share: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] = Field(
        0.15,
        description="Rail rate premium when a line is booked out (S: +10-20 % on December "
        "2023 rates when January 2024 trains sold out, trans.info).",
    )
    sea_rate_per_extra_day: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] = Field(
        0.27,
        description="Sea freight added per day of announced extra passage, as a share of the "
        "normal rate (D: Drewry WCI Shanghai-Rotterdam x4.2 from Nov 2023 to 18 Jan 2024 "
        "for the Cape's +10-14 days, S; (4.2 - 1) / 12 days).",
    )
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HELP)
    _params = field_validator("params")(_policy_params("pricing", "rule"))


class ModeChoice(_Model):
    """How an order for a destination that rail and sea both serve picks its route (the routing
    policy; see docs/model.md). Static rules: 'share', 'fastest', 'cheapest', 'deadline'; 'live'
    reads the network's state when the order is booked."""

    rule: RoutingRule = Field(
        "share", description="Routing policy: a built-in name or package.module:Class."
    )
    rail_share: Share = Field(
        0.5, description="With 'share' (and 'live' for orders without a deadline): P(rail) (E)."
    )
    safety_margin_h: NonNegFloat = Field(
        48, description="With 'live': a route must be expected to arrive this early (E)."
    )
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HELP)
    _params = field_validator("params")(_policy_params("routing", "rule"))


class Costs(_Model):
    """Freight cost per TEU (E from the FEU figures in reference §4.2)."""

    rail_usd_per_teu: NonNegFloat = 3250
    sea_usd_per_teu: NonNegFloat = 1250
    inland_usd_per_teu: NonNegFloat = Field(
        450, description="Yiwu -> Ningbo (S: ~900 USD per FEU)."
    )
    road_usd_per_teu_km: NonNegFloat = 1.2
    detour_usd_per_teu_km: NonNegFloat = Field(
        0.25,
        description="Rail freight per extra TEU-km of a detour (E: 3,250 USD over ~13,000 km).",
    )
    congestion_usd_per_teu: NonNegFloat = Field(
        175,
        description="Surcharge on goods whose train waited congestion_wait_h or more at "
        "crossings (S: EUR 150-200 per container in Sep 2025, taken as USD).",
    )
    congestion_wait_h: PosFloat = Field(
        72, description="Border wait of a train beyond which the surcharge applies (E)."
    )
    switch_usd_per_teu: NonNegFloat = Field(
        150, description="Unloading and re-booking a container moved to another route (E)."
    )


class Emissions(_Model):
    """kg CO2e per TEU-km (reference §4.1 model defaults, 10 t per TEU)."""

    rail_kg_per_teu_km: NonNegFloat = 0.25
    sea_kg_per_teu_km: NonNegFloat = 0.15
    road_kg_per_teu_km: NonNegFloat = 1.0


UNLISTED_BORDER_SERVERS = 2
"""Servers of a crossing a scenario does not list under ``logistics.borders`` (E)."""


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
        description="Crossings by node id; unlisted ones get the data dwell and "
        f"{UNLISTED_BORDER_SERVERS} servers (E).",
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
    background_flows: list[BackgroundFlow] = Field(
        default_factory=list,
        max_length=100,
        description="Other trains running paths through several crossings (one train queues "
        "once at each crossing it passes).",
    )
    train_routing: TrainRoutingRule = Field(
        "fixed",
        description="'fixed': trains keep their line's path; 'avoid_closed': a train whose path "
        "crosses a crossing announced closed takes another path through the network when that "
        "is expected to arrive sooner (it decides at each node; a train past the branch waits); "
        "or package.module:Class.",
    )
    train_routing_params: dict[str, Any] | None = Field(None, description=PARAMS_HELP)
    _train_routing_params = field_validator("train_routing_params")(
        _policy_params("train_routing", "train_routing")
    )
    dispatch: Dispatch = Dispatch()
    sailings: Sailings = Sailings()
    pricing: Pricing = Pricing()
    containers: Containers = Containers()
    repositioning: Repositioning = Repositioning()

    def servers_at(self, node: str) -> int:
        """Servers of the crossing at ``node``: as listed, else the default an unlisted
        crossing gets (:data:`UNLISTED_BORDER_SERVERS`)."""
        spec = self.borders.get(node)
        return spec.servers if spec is not None else UNLISTED_BORDER_SERVERS

    @model_validator(mode="after")
    def _boxes_to_reposition(self) -> LogisticsSpec:
        rule = self.repositioning.rule
        if rule != "none" and self.containers.pools_teu is None:
            raise refusal("scn:repositioning_pool", rule=repr(rule))
        if rule == "return_on_eastbound" and not self.containers.eastbound.enabled:
            raise refusal("scn:repositioning_east")
        return self


# --------------------------------------------------------------------------- disruptions


class Disruption(_Model):
    """A change at a border node, an edge or a line over a date window (inclusive dates).

    Node: ``servers_factor`` (share of servers kept, rounded halves to even, at least 0; a cut
    that keeps none closes the crossing: trains wait there, or go round it with
    ``train_routing: avoid_closed``) and ``dwell_factor`` (service times multiplied). Edge (id ``FROM-TO``): ``dwell_factor`` multiplies running time and
    ``extra_h`` is added. Line: ``capacity_factor`` multiplies train capacity and ``trains_factor``
    the departure rate (0 suspends the line).
    """

    target: Literal["node", "edge", "line"]
    id: str
    start: SimDate
    end: SimDate
    description: str = Field("", max_length=2000)
    servers_factor: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = None
    dwell_factor: PosFloat | None = None
    extra_h: NonNegFloat | None = None
    capacity_factor: NonNegFloat | None = Field(
        None,
        description="Line: each train's slots in the window multiplied (rounded to whole "
        "slots); told after a train's cut-off, a raise is used when it is told.",
    )
    # at most 50 times the published trains: more is no timetable a line could run (a
    # factor of a million built millions of departures before the run could say so)
    trains_factor: Annotated[float, Field(ge=0, le=50, allow_inf_nan=False)] | None = Field(
        None,
        description="Line: its departures in the window multiplied (0 to 50), keeping the "
        "published timetable: below 1 an evenly spread choice of the published trains runs (a "
        "Poisson line: each with that probability); above 1 all of them run, and the gap "
        "after each published hour holds the factor times its published trains (rounded "
        "along the line's timetable, halves up), the added ones evenly spaced in it, never at "
        "a published train's hour; those whose hour falls in the window run, so a window "
        "averages the factor times the line's weekly rate over its length, and one shorter "
        "than a gap may add none (at 2 on a weekly line, a 3-day window adds a train in 3 "
        "placements of 7) (a Poisson line: a Poisson stream at the added rate); 0 suspends "
        "the line.",
    )
    announced: SimDate | SimDateTime | None = Field(
        None,
        description="When the disruption became known (default: its start): a date (its "
        "00:00) or a date and time, e.g. 2025-09-11T09:00 (the market's local time; one with "
        "a UTC offset, 2025-09-11T03:00+02:00, is converted to it).",
    )
    surge_factor: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] | None = Field(
        None,
        description="Node: servers multiplied by this after the window ends (extra shifts, "
        "parallel tracks), for surge_days.",
    )
    surge_days: int = Field(0, ge=0, le=365, description="Days the surge lasts.")

    @model_validator(mode="after")
    def _fits_target(self) -> Disruption:
        if self.end < self.start:
            raise refusal("scn:end_before", end=self.end, start=self.start)
        if self.announced is not None:
            told = self.announced
            day = told.date() if isinstance(told, datetime) else told
            if day > self.start:
                raise refusal("scn:announced_after", told=told, start=self.start)
        if self.surge_factor is not None and self.target != "node":
            raise refusal("scn:surge_node")
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
            raise refusal("scn:needs_effect", target=self.target, allowed=sorted(allowed))
        wrong = given - allowed
        if wrong:
            raise refusal("scn:not_apply", wrong=sorted(wrong), target=self.target,
                          allowed=sorted(allowed))  # fmt: skip
        return self

    def closes(self, servers: int) -> bool:
        """Whether the disruption leaves a crossing of ``servers`` servers without one (a
        node disruption whose kept servers round to none: :func:`servers_kept`)."""
        return self.target == "node" and servers_kept(servers, self.servers_factor) == 0


def servers_kept(servers: int, factor: float | None) -> int:
    """Servers a crossing of ``servers`` keeps under a node disruption's ``servers_factor``
    (``None``: all of them): the product rounded as Python rounds, halves to even, so a
    one-server crossing at 0.5 closes. The model, the explorer, the reports and the
    sensitivity analysis all tell a closure by this one rule."""
    return servers if factor is None else round(servers * factor)


# --------------------------------------------------------------------------- reporting


class Reporting(_Model):
    """What the planner's answers are held to."""

    safe_order_share: Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)] = Field(
        0.9,
        description="An order date is safe when its orders arrive by the deadline with at "
        "least this probability (the last safe order date per line).",
    )
    monitors: bool | None = Field(
        None,
        description="true: the run also writes monitors.parquet (or .csv), the named monitors "
        "(queues and waits at crossings, slots at Yiwu) as one long table (docs/model.md).",
    )


# --------------------------------------------------------------------------- scenario


class Scenario(_Model):
    """One simulation scenario (the top level of a scenario file)."""

    name: Name = Field(description="Used for the results folder: letters, digits, _ . -")
    description: str = Field("", max_length=20_000, description="Shown at the top of the report.")
    start: SimDate = Field(
        description=f"First simulated day (00:00 Asia/Shanghai), from {DATE_MIN} to {DATE_MAX}; "
        "the run must end by the last (festival dates outside 1901-2098 are listed in "
        "calendar.spring_festival)."
    )
    days: int = Field(ge=1, le=3660, description="Simulated days.")
    warmup_days: int = Field(0, ge=0, description="Days excluded from statistics.")
    seed: int = Field(
        1,
        ge=0,
        le=SEED_MAX,
        description="Root of the named random streams: same seed, same results.",
    )
    scale: Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)] = Field(
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
    reporting: Reporting = Reporting()
    engine: Literal["batched", "per_actor"] = Field(
        "batched",
        description="'batched': a day's orders handled in numpy inside the demand process; "
        "'per_actor': one SimPy process per buyer visit, online order, merchant's workshop, "
        "departure's cut-off and train, each deciding in plain Python (the readable "
        "reference; small worlds).",
    )
    # the file it was read from (sim.world.inputs.load_scenario), for its comments; compares
    # equal whatever the text (sim.scenario.yaml_write.ScenarioSource)
    _source: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _warmup(self) -> Scenario:
        if (DATE_MAX - self.start).days + 1 < self.days:  # no date overflows later on
            raise refusal("scn:ends_after", start=self.start, days=self.days, last=DATE_MAX)
        if self.warmup_days >= self.days:
            half = self.days // 2
            shorter = f"--set warmup_days={half}, or 0" if half else "--set warmup_days=0"
            raise refusal("scn:warmup", w=self.warmup_days, d=self.days, hint=shorter)
        return self

    @property
    def end(self) -> date:
        """The day after the last simulated day."""
        return self.start + timedelta(days=self.days)

    def to_yaml(self, data: dict[str, Any] | None = None) -> str:
        """The scenario as YAML, with every default filled in (``data``: its JSON-mode dump,
        when the caller has it)."""
        if data is None:
            data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return yaml.dump(data, Dumper=YAML_DUMPER, sort_keys=False, allow_unicode=True, width=100)

    def to_commented_yaml(self) -> str:
        """:meth:`to_yaml` in the layout of the file the scenario was read from: its comments
        and key order kept (:func:`sim.scenario.yaml_write.keep_comments`); plain otherwise."""
        from sim.scenario.yaml_write import keep_comments

        data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return keep_comments(getattr(self._source, "text", None), self.to_yaml(data), data)


# --------------------------------------------------------------------------- schema


def json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files (for editors and ``yiwu-sim schema``)."""
    return Scenario.model_json_schema(by_alias=True)
