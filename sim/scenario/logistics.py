"""How goods leave Yiwu: rail lines, border crossings, the sea route through Ningbo,
consolidation, mode choice, dispatch, sailings, containers, prices, costs and emissions (the
``logistics`` section of a scenario file: :mod:`sim.scenario.schema`).

Figures in the defaults are estimates (E) unless a comment names a source in
``../shared/reference/domain-facts.md``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from sim.scenario import distributions as dists
from sim.scenario.distributions import Distribution
from sim.scenario.messages import refusal
from sim.scenario.values import (
    PARAMS_HELP,
    DispatchRule,
    LoadingRule,
    NonNegFloat,
    PosFloat,
    PricingRule,
    RepositioningRule,
    RollOverRule,
    RoutingRule,
    SailingsRule,
    Section,
    Share,
    SimDate,
    TrainRoutingRule,
    policy_params,
)

# --------------------------------------------------------------------------- logistics

MIN_RATE = 1e-6
"""Fewest departures a line (per week) or the sea feeder (per day) may run: one in about 19,000
years, far below any service and far above the smallest floats. A rate of 5e-324 (a float
above 0) made the gap between departures infinite, and the timetable's arithmetic stopped the
run with "cannot convert float NaN to integer"; 0 is refused as before (a line not run is
left out of ``only_lines``, or suspended by a disruption's ``trains_factor: 0``)."""

Rate = Annotated[float, Field(ge=MIN_RATE, allow_inf_nan=False)]


class Departure(Section):
    """One weekly timetable slot: weekday 0 = Monday, hour of day."""

    weekday: int = Field(ge=0, le=6)
    hour: float = Field(ge=0, lt=24, allow_inf_nan=False)


class LineSpec(Section):
    """How a line (or sea route) runs in this scenario: one way of departing, and a capacity.

    For a sea route, departures are sailings from Ningbo and ``capacity_teu`` is the vessel
    space the Yiwu forwarders can book on each.
    """

    trains_per_week: Rate | None = None
    timetable: list[Departure] | None = Field(None, min_length=1, max_length=200)
    poisson_per_week: Rate | None = None
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


class BorderSpec(Section):
    """A border crossing (gauge change, customs) as a queue with parallel servers."""

    servers: int = Field(ge=1, le=1000, description="Trains served at the same time (E).")
    service_h: Distribution = Field(description="Time to serve one train: gauge change, customs.")
    background_trains_per_day: NonNegFloat = Field(
        0.0, description="Other China-Europe trains using the crossing (Poisson) (E)."
    )


class BackgroundFlow(Section):
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


class SeaSpec(Section):
    """The sea route: sea-rail feeder trains Yiwu -> Ningbo, port dwell, sailings, onward road."""

    feeder_trains_per_day: Rate = Field(3, description="S: 2-3 sea-rail trains a day.")
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


class RollOver(Section):
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
    _params = field_validator("params")(policy_params("rollover", "rule"))


class Consolidation(Section):
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
    _loading_params = field_validator("loading_params")(policy_params("loading", "loading"))
    rollover: RollOver = RollOver()


class Dispatch(Section):
    """How the rail operator answers its bookings (the dispatch policy; see docs/model.md).

    ``fixed``: the published timetable. ``demand``: an extra departure ``lead_h`` after a cut-off
    that leaves ``add_when_backlog_trains`` trainloads or more behind (beyond what published
    departures before it can take), at most ``max_extra_per_week``; a departure whose
    bookings (its load and the goods still waiting for the line) fill less than ``min_fill``
    is cancelled when the next leaves within ``merge_within_h`` (its load waits for that
    one, and that cut-off adds no extra departure for it)."""

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
    _params = field_validator("params")(policy_params("dispatch", "rule"))


class Sailings(Section):
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
    _params = field_validator("params")(policy_params("sailings", "rule"))

    @model_validator(mode="after")
    def _window(self) -> Sailings:
        if self.festival_to_days <= self.festival_from_days:
            raise refusal("scn:festival_window", to=self.festival_to_days,
                          fr=self.festival_from_days)  # fmt: skip
        return self


class Eastbound(Section):
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


class Containers(Section):
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


class Repositioning(Section):
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
    _params = field_validator("params")(policy_params("repositioning", "rule"))


class Pricing(Section):
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
    _params = field_validator("params")(policy_params("pricing", "rule"))


class ModeChoice(Section):
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
    _params = field_validator("params")(policy_params("routing", "rule"))


class Costs(Section):
    """Freight cost per TEU (E from the FEU figures in reference §4.2)."""

    rail_usd_per_teu: NonNegFloat = 3250
    sea_usd_per_teu: NonNegFloat = 1250
    inland_usd_per_teu: NonNegFloat = Field(
        450, description="Yiwu -> Ningbo (S: ~900 USD per FEU)."
    )
    road_usd_per_teu_km: NonNegFloat = 1.2
    detour_usd_per_teu_km: NonNegFloat = Field(
        0.25,
        description="Rail freight per extra TEU-km of a detour (E: 3,250 USD over ~13,000 km). "
        "Not charged to the orders: a detour's freight is borne by the carrier (no rule of the "
        "model reads it; the command warns when it is set).",
    )
    congestion_usd_per_teu: NonNegFloat = Field(
        175,
        description="Surcharge a rail route quotes under pricing.rule live when the order's "
        "train is expected to wait congestion_wait_h or more at a crossing on its line when it "
        "gets there (S: EUR 150-200 per container in Sep 2025, taken as USD).",
    )
    congestion_wait_h: PosFloat = Field(
        72, description="Border wait of a train beyond which the surcharge applies (E)."
    )
    switch_usd_per_teu: NonNegFloat = Field(
        150,
        description="Unloading and re-booking a container moved to another route (E). Not "
        "charged to the orders: a roll-over's re-booking is borne by the forwarder (no rule of "
        "the model reads it; the command warns when it is set).",
    )


class Emissions(Section):
    """kg CO2e per TEU-km (reference §4.1 model defaults, 10 t per TEU)."""

    rail_kg_per_teu_km: NonNegFloat = 0.25
    sea_kg_per_teu_km: NonNegFloat = 0.15
    road_kg_per_teu_km: NonNegFloat = 1.0


UNLISTED_BORDER_SERVERS = 2
"""Servers of a crossing a scenario does not list under ``logistics.borders`` (E)."""


class LogisticsSpec(Section):
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
        "is expected to arrive sooner (it decides at each node; a train past the branch waits; "
        "eastbound trains too, on the edges run backwards); or package.module:Class.",
    )
    detour_paths_per_day: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        None,
        description="With train_routing 'avoid_closed': the detouring trains each crossing of "
        "a detour takes a day in each direction (crossings are rated in pairs of trains a day), "
        "the paths its railway grants to trains that do not run there "
        "(E; default: no limit). A train whose detour finds a crossing's paths taken for the "
        "day it would get there waits for the reopening instead: without a limit, a closure "
        "expected to go on for good sends every train that can go round to the detour.",
    )
    train_routing_params: dict[str, Any] | None = Field(None, description=PARAMS_HELP)
    _train_routing_params = field_validator("train_routing_params")(
        policy_params("train_routing", "train_routing")
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
