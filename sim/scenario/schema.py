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

from datetime import date, timedelta
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    Field,
    PrivateAttr,
    model_validator,
)

from sim.scenario.disruptions import (
    Disruption,
    servers_kept,
)
from sim.scenario.logistics import (
    UNLISTED_BORDER_SERVERS,
    BackgroundFlow,
    BorderSpec,
    Consolidation,
    Containers,
    Costs,
    Departure,
    Dispatch,
    Eastbound,
    Emissions,
    LineSpec,
    LogisticsSpec,
    ModeChoice,
    Pricing,
    Repositioning,
    RollOver,
    Sailings,
    SeaSpec,
)
from sim.scenario.market import (
    BuyersSpec,
    CalendarSpec,
    Category,
    Closure,
    DaysAfterOrderDeadline,
    Fair,
    FixedDateDeadline,
    MarketSpec,
    NoDeadline,
    OnlineSpec,
    Production,
    Season,
    SpringFestivalDeadline,
)
from sim.scenario.messages import refusal
from sim.scenario.values import (
    DATE_MAX,
    DATE_MIN,
    MARKET_TIME,
    PARAMS_HELP,
    SEED_MAX,
    SHARE_TOLERANCE,
    YAML_DUMPER,
    DispatchRule,
    LoadingRule,
    Name,
    NonNegFloat,
    PosFloat,
    PricingRule,
    ProductionRule,
    RepositioningRule,
    RollOverRule,
    RoutingRule,
    SailingsRule,
    Section,
    Share,
    SimDate,
    SimDateTime,
    TrainRoutingRule,
    lognormal_spec,
    policy_params,
    seed_problem,
)

# --------------------------------------------------------------------------- reporting


class Reporting(Section):
    """What the planner's answers are held to."""

    safe_order_share: Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)] = Field(
        0.9,
        description="An order date is safe when its orders are delivered by the deadline with at "
        "least this probability (the last safe order date per line).",
    )
    monitors: bool | None = Field(
        None,
        description="true: the run also writes monitors.parquet (or .csv), the named monitors "
        "(queues and waits at crossings, slots at Yiwu) as one long table (docs/model.md).",
    )
    deadlines_not_judged: list[Name] | None = Field(
        None,
        max_length=1000,
        description="Goods categories whose deadline the scenario's question leaves aside: a "
        "run that ends before such a deadline does not warn of it (its orders are still not "
        "judged, and the report gives no on-time share for them); a listed deadline that "
        "falls within the run is judged as any other. Names categories of market.categories; "
        "changes no simulated number.",
    )


# --------------------------------------------------------------------------- scenario


class Scenario(Section):
    """One simulation scenario (the top level of a scenario file)."""

    name: Name = Field(description="Used for the results folder: letters, digits, _ . -")
    description: str = Field("", max_length=20_000, description="Shown at the top of the report.")
    description_zh: str | None = Field(
        None,
        max_length=20_000,
        description="The description in Chinese, shown instead of 'description' on Chinese pages "
        "(the reports with --lang zh, the explorer); without it they show the English one, "
        "said to be the author's. Like 'description', it changes no simulated number.",
    )
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
    def _across_keys(self) -> Scenario:
        """Checks of one key against another: the run ends by the last supported date, the
        deadlines left aside name goods categories of the market, and the warm-up is shorter
        than the run (each said at the first key its message names; the head of the error names
        a ``--set`` of the other, :data:`sim.world.inputs.MADE_BY`)."""
        if (DATE_MAX - self.start).days + 1 < self.days:  # no date overflows later on
            raise refusal("scn:ends_after", start=self.start, days=self.days, last=DATE_MAX)
        known = [c.name for c in self.market.categories]
        for name in self.reporting.deadlines_not_judged or []:
            if name not in known:
                raise refusal("scn:not_judged_category", name=name, known=", ".join(known))
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


__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "MARKET_TIME",
    "PARAMS_HELP",
    "SEED_MAX",
    "SHARE_TOLERANCE",
    "UNLISTED_BORDER_SERVERS",
    "YAML_DUMPER",
    "BackgroundFlow",
    "BorderSpec",
    "BuyersSpec",
    "CalendarSpec",
    "Category",
    "Closure",
    "Consolidation",
    "Containers",
    "Costs",
    "DaysAfterOrderDeadline",
    "Departure",
    "Dispatch",
    "DispatchRule",
    "Disruption",
    "Eastbound",
    "Emissions",
    "Fair",
    "FixedDateDeadline",
    "LineSpec",
    "LoadingRule",
    "LogisticsSpec",
    "MarketSpec",
    "ModeChoice",
    "Name",
    "NoDeadline",
    "NonNegFloat",
    "OnlineSpec",
    "PosFloat",
    "Pricing",
    "PricingRule",
    "Production",
    "ProductionRule",
    "Reporting",
    "Repositioning",
    "RepositioningRule",
    "RollOver",
    "RollOverRule",
    "RoutingRule",
    "Sailings",
    "SailingsRule",
    "Scenario",
    "SeaSpec",
    "Season",
    "Section",
    "Share",
    "SimDate",
    "SimDateTime",
    "SpringFestivalDeadline",
    "TrainRoutingRule",
    "json_schema",
    "lognormal_spec",
    "policy_params",
    "seed_problem",
    "servers_kept",
]
