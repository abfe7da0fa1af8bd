"""The values a scenario is made of: numbers, shares and names with their ranges, dates and
moments in the market's time, seeds, policy names, and the base of every section of a scenario
file (:class:`Section`). Sections are in :mod:`sim.scenario.market`,
:mod:`sim.scenario.logistics` and :mod:`sim.scenario.disruptions`; the whole file in
:mod:`sim.scenario.schema`."""

from __future__ import annotations

import operator
from datetime import date, datetime, timedelta, timezone
from functools import partial
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
)

from sim.problems import Problem, problem
from sim.scenario import distributions as dists
from sim.scenario import registry
from sim.scenario.messages import NAME_PATTERN, refusal
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
Name = Annotated[str, Field(pattern=NAME_PATTERN)]

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


def policy_params(kind: str, rule_key: str) -> Any:
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


class Section(BaseModel):
    """A section of a scenario file: unknown keys are refused, defaults are validated, and a key
    may be given by its alias."""

    model_config = ConfigDict(extra="forbid", validate_default=True, populate_by_name=True)


def lognormal_spec(mean: float, cv: float) -> dists.Lognormal:
    return dists.Lognormal.model_validate({"dist": "lognormal", "mean": mean, "cv": cv})
