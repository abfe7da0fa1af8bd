"""sim.experiment.plan_spec: what a plan is asked (its decisions, goal and budget), read and
checked."""

from __future__ import annotations

import pytest

from sim.errors import ScenarioError, SimError
from sim.experiment.plan_spec import parse_decide, parse_goal
from tests.experiment.test_plan_answer import spec


def test_decisions_and_goals_parse() -> None:
    d = parse_decide(["a.b=0..3", "c=1..2:0.5", "d.rule=share,live"])
    assert d[0].values == (0, 1, 2, 3)
    assert d[1].values == (1.0, 1.5, 2.0)
    assert d[2].values == ("share", "live") and not d[2].ordered
    cons, objs = parse_goal(["x.share>=0.95", "y<=10,tol=2", "max:z", "min:w"])
    assert cons[0].tolerance == pytest.approx(0.0095) and cons[1].tolerance == 2
    assert [(o.kpi, o.sense) for o in objs] == [("z", "max"), ("w", "min")]


@pytest.mark.parametrize(
    ("decide", "goal"),
    [(["a=3..1"], ["min:x"]), (["a"], ["min:x"]), (["a=1"], ["x>=1"]), (["a=1"], ["x=>1"])],
)
def test_bad_input_is_a_scenario_error(decide: list[str], goal: list[str]) -> None:
    with pytest.raises(ScenarioError):
        parse_decide(decide)
        parse_goal(goal)


@pytest.mark.parametrize(
    "goal", ["on_time.share>=.nan", "on_time.share>=.inf", "on_time.share>=0.9,tol=.nan"]
)
def test_non_finite_goal_is_refused(goal: str) -> None:
    with pytest.raises(SimError, match="finite") as info:
        parse_goal([goal, "min:rail_departures"])
    assert "\n" not in str(info.value)  # one line


@pytest.mark.parametrize("delta", [float("nan"), float("inf"), -1.0])
def test_non_finite_indifference_is_refused(delta: float) -> None:
    with pytest.raises(SimError, match="--indifference"):
        spec(delta=delta).check()


@pytest.mark.parametrize(
    ("goal", "kpi", "value"),
    [
        ("on_time.share>=90", "on_time.share", "90"),
        (
            "on_time.by_category.festival_goods.share>=1.5",
            "on_time.by_category.festival_goods.share",
            "1.5",
        ),
        ("orders.backordered_share<=-0.1", "orders.backordered_share", "-0.1"),
    ],
)
def test_a_share_goal_outside_0_to_1_is_refused_in_both_languages(
    goal: str, kpi: str, value: str
) -> None:
    """``--goal 'on_time.share>=90'`` (a percentage where the KPI is a fraction) ran the whole
    budget and answered "No evaluated decision is known to meet the goal": no share reaches 90.
    A share's bound outside 0..1 is refused before any run, saying how to write it."""
    from sim.output.saying import in_lang

    with pytest.raises(ScenarioError) as info:
        parse_goal([goal, "min:rail_departures"])
    (problem,) = info.value.problems
    assert problem == (
        f"--goal {kpi}: the bound {value} is outside 0 to 1, the range of a share; a share is "
        "written as a fraction (90 % is 0.9)"
    )
    assert in_lang(problem, "zh") == (
        f"--goal {kpi}：界限 {value} 超出比例的取值范围 0 至 1；比例应写作小数（90% 写作 0.9）"
    )
    assert parse_goal(["on_time.share>=1", "orders.backordered_share<=0", "min:x"])[0]
