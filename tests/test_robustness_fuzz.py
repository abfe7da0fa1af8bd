"""Property-based fuzzing of the layers issue 29 names: distributions (parameters that
validate must draw), dates at the ends of the supported range, seeds, sweep grids and
``collect`` inputs. Each property holds for every input hypothesis makes; docs/robustness.md
gives the numbers of inputs and their time.
"""

from __future__ import annotations

import copy
import json
import math
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import sim.output.arrow as arrow
import sim.output.results as res
from sim.errors import ResultsError, ScenarioError
from sim.experiment.collect import RunKPIs, collect, kpi_table, parameter_column
from sim.experiment.runs import MAX_SWEEP_POINTS, check_grid
from sim.model import Model
from sim.scenario.distributions import Distribution
from sim.scenario.schema import DATE_MAX, DATE_MIN, SEED_MAX, seed_problem
from sim.world.calendar import LUNAR_YEARS, MarketCalendar, closure_start, spring_festival
from sim.world.inputs import validate_data
from sim.world.random_streams import RandomStreams, check_seed, replication_seeds
from tests.conftest import TINY

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ADAPTER: TypeAdapter[object] = TypeAdapter(Distribution)

# --------------------------------------------------------------------------- distributions

# numbers at and around every bound: zero, the smallest floats, huge ones, non-finite ones
EXTREME = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 5e-324, 1e-308, 1e-200, 1e-7, 1e-6, 1e-3, 1.0, 100.0, 100.0001,
                     1e6, 1e9, 1e9 * (1 + 1e-15), 1e12, 1e19, 1e200, 1e308, -1.0]),
    st.integers(min_value=-(10**20), max_value=10**20),
)  # fmt: skip


@st.composite
def distribution_specs(draw: st.DrawFn) -> dict[str, object]:
    family = draw(st.sampled_from(
        ["constant", "exponential", "gamma", "lognormal", "triangular", "uniform", "poisson",
         "empirical"]
    ))  # fmt: skip
    spec: dict[str, object] = {"dist": family}
    if family == "constant":
        spec["value"] = draw(EXTREME)
    elif family in ("exponential", "poisson"):
        spec["mean"] = draw(EXTREME)
    elif family in ("gamma", "lognormal"):
        spec["mean"], spec["cv"] = draw(EXTREME), draw(EXTREME)
    elif family == "triangular":
        low, mode, high = sorted(draw(st.lists(EXTREME, min_size=3, max_size=3)), key=str)
        spec.update(low=low, mode=mode, high=high)
        if draw(st.booleans()):  # mostly ordered, so that many validate
            ordered = sorted(v for v in (low, mode, high) if not math.isnan(float(v)))
            if len(ordered) == 3:
                spec.update(low=ordered[0], mode=ordered[1], high=ordered[2])
    elif family == "uniform":
        a, b = draw(EXTREME), draw(EXTREME)
        spec.update(low=a, high=b)
    else:
        n = draw(st.integers(min_value=1, max_value=6))
        spec["values"] = draw(st.lists(EXTREME, min_size=n, max_size=n))
        if draw(st.booleans()):
            spec["weights"] = draw(st.lists(EXTREME, min_size=n, max_size=n))
    return spec


@FUZZ
@given(spec=distribution_specs(), seed=st.integers(min_value=0, max_value=SEED_MAX))
def test_every_distribution_that_validates_can_be_drawn_from(spec, seed):
    try:
        dist = ADAPTER.validate_python(spec)
    except ValidationError:
        return  # refused with its key: what the scenario messages report
    rng = np.random.default_rng(seed)
    draws = dist.sample(rng, 512)  # type: ignore[attr-defined]
    assert draws.shape == (512,)
    assert np.isfinite(draws).all() and (draws >= 0).all(), (spec, draws[:5])
    one = dist.sampler(rng)  # type: ignore[attr-defined]
    assert math.isfinite(one()) and one() >= 0
    assert math.isfinite(dist.mean())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "gamma", "mean": 1e9, "cv": 1e-6},
        {"dist": "gamma", "mean": 5e-324, "cv": 100},
        {"dist": "lognormal", "mean": 1e9, "cv": 100},
        {"dist": "lognormal", "mean": 5e-324, "cv": 1e-6},
        {"dist": "poisson", "mean": 1e9},
        {"dist": "exponential", "mean": 1e9},
        {"dist": "uniform", "low": 0, "high": 1e9},
        {"dist": "triangular", "low": 0, "mode": 1e9, "high": 1e9},
        {"dist": "empirical", "values": [0, 1e9], "weights": [1e308, 1.7e308]},
        {"dist": "empirical", "values": [1, 2], "weights": [5e-324, 0]},
    ],
)
def test_the_corners_of_every_distributions_bounds_draw(spec):
    dist = ADAPTER.validate_python(spec)
    draws = dist.sample(np.random.default_rng(1), 4096)  # type: ignore[attr-defined]
    assert np.isfinite(draws).all() and (draws >= 0).all()


# --------------------------------------------------------------------------- dates

DAYS = st.integers(min_value=1, max_value=3660)
NEAR_ENDS = st.one_of(
    st.integers(min_value=0, max_value=4000).map(lambda d: DATE_MIN + timedelta(days=d)),
    st.integers(min_value=0, max_value=4000).map(lambda d: DATE_MAX - timedelta(days=d)),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=NEAR_ENDS, days=DAYS, festival_shift=st.integers(min_value=-400, max_value=4000))
def test_dates_at_the_ends_of_the_supported_range_validate_or_are_refused(
    start, days, festival_shift
):
    """Any start and length: a ScenarioError naming the dates, or a scenario whose calendar
    (with its padding), closures, deadlines and horizon warnings all work."""
    from sim.output.report import horizon_warnings

    data = copy.deepcopy(TINY)
    data.update(start=start.isoformat(), days=days)
    try:
        festival = start + timedelta(days=festival_shift)
    except OverflowError:
        festival = start
    data["calendar"] = {"spring_festival": [festival.isoformat()]}
    try:
        sc = validate_data(data, "fuzz")
    except ScenarioError as exc:
        assert any(("supported dates" in p or "last supported date" in p or "festival" in p
                    or "calendar" in p or "days" in p) for p in exc.problems), exc  # fmt: skip
        return
    assert sc.start >= DATE_MIN and sc.start + timedelta(days=sc.days - 1) <= DATE_MAX
    cal = MarketCalendar(sc)
    assert len(cal.open_day) == cal.n_days
    cal.next_month_day_h(24.0 * (sc.days - 1), 2, 29)
    cal.next_festival_h(0.0)
    horizon_warnings(sc)


@FUZZ
@given(day=st.dates(min_value=DATE_MIN, max_value=DATE_MAX), offset=st.integers(-30, 0))
def test_closure_start_is_defined_for_every_supported_date(day, offset):
    first = closure_start(day, offset)
    assert first <= day


@FUZZ
@given(year=st.integers(min_value=LUNAR_YEARS[0] + 1, max_value=LUNAR_YEARS[1] - 1))
def test_the_lunar_calendar_gives_a_festival_in_late_winter_for_every_year_it_covers(year):
    f = spring_festival(year)
    assert f.year == year and date(year, 1, 21) <= f <= date(year, 2, 20)


# --------------------------------------------------------------------------- seeds

SEEDS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, SEED_MAX, SEED_MAX + 1, -1, 2**64, 10**30]),
)


@FUZZ
@given(seed=SEEDS)
def test_every_seed_in_range_makes_streams_and_every_other_is_refused(seed):
    ok = 0 <= seed <= SEED_MAX
    assert (seed_problem(seed) is None) == ok
    if ok:
        assert check_seed(seed) == seed
        RandomStreams(seed).get("buyers").random()
        assert len(replication_seeds(seed, 3)) == 3
    else:
        with pytest.raises(ScenarioError):
            RandomStreams(seed)
        with pytest.raises(ScenarioError):
            replication_seeds(seed, 3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS)
def test_a_scenario_seed_validates_exactly_when_it_is_in_range(seed):
    data = copy.deepcopy(TINY)
    data["seed"] = seed
    try:
        sc = validate_data(data, "fuzz")
    except ScenarioError as exc:
        assert not 0 <= seed <= SEED_MAX and any("seed" in p for p in exc.problems)
        return
    assert 0 <= seed <= SEED_MAX
    assert Model(sc).seed == seed


# --------------------------------------------------------------------------- sweep grids

KEYS = st.sampled_from(
    ["seed", "days", "scale", "run", "kpi", "value", "scenario", "replication",
     "logistics.lines.L01.trains_per_week", "buyers.visits_per_day"]
)  # fmt: skip
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=10),
    st.dates().map(str),
)  # fmt: skip


@FUZZ
@given(sizes=st.dictionaries(KEYS, st.integers(min_value=1, max_value=3000), max_size=4))
def test_a_sweep_grid_is_counted_before_it_is_built(sizes):
    vary = {k: [0] * n for k, n in sizes.items()}
    points = math.prod(sizes.values())
    if "seed" in sizes:  # every point runs the sweep's seeds: a seed is no parameter
        with pytest.raises(ScenarioError, match="--vary seed"):
            check_grid(vary)
    elif points > MAX_SWEEP_POINTS:
        with pytest.raises(ScenarioError, match="points"):
            check_grid(vary)
    else:
        assert check_grid(vary) == points


@FUZZ
@given(
    keys=st.lists(KEYS, min_size=1, max_size=4, unique=True),
    rows=st.lists(st.lists(VALUES, min_size=4, max_size=4), min_size=1, max_size=4),
    seeds=st.lists(st.one_of(st.none(), st.integers(0, SEED_MAX)), min_size=4, max_size=4),
)
def test_any_parameter_values_make_a_kpi_table_with_unique_columns(keys, rows, seeds):
    runs = [
        RunKPIs(f"r{i}", "s", seeds[i % 4], i, {"a": {"b": 1.5}, "c": 2}, dict(zip(keys, row)))
        for i, row in enumerate(rows)
    ]
    table = kpi_table(runs, keys)
    names = table.column_names
    assert len(names) == len(set(names))
    assert [parameter_column(k) for k in keys] == names[4:-2]
    assert table.num_rows == 2 * len(rows)


# --------------------------------------------------------------------------- collect inputs

JSON_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
)  # fmt: skip
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=20,
)
HOSTILE_TEXT = st.one_of(
    JSON_VALUES.map(json.dumps),
    st.text(max_size=200),
    st.sampled_from(["NaN", "[Infinity]", '{"a": -Infinity}', "[" * 5000 + "]" * 5000,
                     "9" * 500, '{"schema_version": 2}', '{"schema_version": true}', ""]),
    st.integers(min_value=1, max_value=300).map(lambda d: '{"a": ' * d + "1" + "}" * d),
)  # fmt: skip


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("collect") / "run"
    res.write_run(Model(validate_data(copy.deepcopy(TINY), "test")).run(), folder)
    return folder


def _rehash(folder: Path, name: str) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][name]["sha256"] = arrow.file_sha256(folder / name)
    (folder / "manifest.json").write_text(json.dumps(manifest))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=HOSTILE_TEXT, which=st.sampled_from(["summary.json", "manifest.json", "scenario.yaml"]),
       rehash=st.booleans())  # fmt: skip
def test_collect_gives_a_table_or_one_results_error_for_any_file_content(
    run_folder, tmp_path_factory, text, which, rehash
):
    folder = tmp_path_factory.mktemp("hostile") / "run"
    folder.mkdir()
    for p in run_folder.iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / which).write_text(text, encoding="utf-8")
    if rehash and which != "manifest.json":
        _rehash(folder, which)
    try:
        got = collect([folder])
    except ResultsError as exc:
        assert str(exc).startswith(str(folder)) and "\n" not in str(exc)
        return
    assert len(got.runs) == 1 and got.table.num_rows == len(set(got.table.column("kpi")))
    values = got.table.column("value").to_pylist()
    assert all(v is None or math.isfinite(v) for v in values)
