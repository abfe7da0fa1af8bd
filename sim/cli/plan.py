"""``yiwu-sim plan``: the best decision that meets a goal, with a stated confidence; refused at
once when the base scenario's runs would not fit in memory.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from sim.cli.printing import _json, _out
from sim.cli.scenario_warnings import _horizon, _warn
from sim.cli.settings import _overrides, _progress
from sim.errors import ScenarioError


def _plan_memory(base: dict[str, Any], source: str, jobs: int, lang: str = "en") -> None:
    """Refuse a plan whose base scenario's runs, ``jobs`` at a time, would not fit in memory
    (the decisions may change the size; the base is what every candidate starts from); warn,
    as ``run`` does, of what the base scenario's runs cannot show (a deadline after the end:
    a goal on its on-time share has nothing to judge)."""
    import copy

    from sim.experiment.replication import check_memory
    from sim.world.inputs import resolve, validate_data

    try:
        sc = resolve(validate_data(copy.deepcopy(base), source))
    except ScenarioError:  # a decision may supply what the base lacks: the plan reports it
        return
    _warn(sc, lang=lang)
    _horizon([sc], lang)
    check_memory([sc], jobs)


def cmd_plan(args: argparse.Namespace) -> int:
    from sim.experiment.planning import PlanSpec, parse_decide, parse_goal, plan
    from sim.output.plan_answer import plan_summary
    from sim.output.plan_report import write_plan_report
    from sim.world.inputs import default_scenario_path, read_with_overrides

    path = args.scenario or default_scenario_path()
    # (a --set into a part the file leaves out starts from that part's default)
    sets = _overrides(args)
    base = read_with_overrides(path, sets)
    constraints, objectives = parse_goal(args.goal)
    spec = PlanSpec(base, parse_decide(args.decide), constraints, objectives, budget=args.budget,
                    pcs=args.confidence, screen_replications=args.screen_replications,
                    first_stage=args.first_stage, contenders=args.contenders,
                    delta=args.indifference, source=str(path), sets=sets)  # fmt: skip
    _plan_memory(base, str(path), args.jobs or os.cpu_count() or 1, args.lang)
    result, folder = plan(spec, out=args.out, root_seed=args.seed,
                          jobs=args.jobs or os.cpu_count() or 1, scheduler=args.scheduler,
                          progress=_progress(args), force=args.force, fmt=args.format,
                          lang=args.lang)  # fmt: skip
    if not args.no_report:
        write_plan_report(result, folder, lang=args.lang)
    if _json(args, "plan", folder, result):
        return 0
    for line in plan_summary(result, args.lang, folder):
        _out(line)
    files = ["plan.json", *([] if args.no_report else ["plan.md", "plan.html"])]
    files += ["recommended.yaml"] if result["recommended"] else []
    listed = ", ".join([*files, "runs.csv"])
    _out(f"结果：{folder}（{listed}）" if args.lang == "zh" else f"results: {folder} ({listed})")
    return 0
