"""A plan's answer: judging every evaluated decision on all its runs, choosing the recommendation
(the cheapest decision known to meet the goal), naming the closest one when none does, the
reasons each other decision lost, the trade-off and the files ``plan.json`` is written with
(``recommended.yaml``, ``runs.csv``, ``candidates.json``).

A mixin of :class:`sim.experiment.planning.Planner`, apart so that the search and the selection
read on their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.experiment.plan_spec import SCHEMA_VERSION, Candidate, PlanSpec
from sim.experiment.plan_words import base_value, decision_words
from sim.experiment.plan_words import label as describe_path
from sim.experiment.selection import (
    Evidence,
    Procedure,
    evidence,
    lower_bound,
    overall,
    pareto_front,
)
from sim.experiment.statistics import absent_value, interval
from sim.output.jsonio import json_text


class PlanAnswer:
    """The answer half of a :class:`~sim.experiment.planning.Planner`."""

    spec: PlanSpec
    candidates: dict[str, Candidate]
    folder: Path
    name: str
    root: int
    runs_used: int
    search_method: str
    log: list[dict[str, Any]]

    def values(self, c: Candidate, kpi: str, phase: str) -> np.ndarray:
        """A KPI's values over a candidate's runs of one phase (the planner's)."""
        raise NotImplementedError

    def goal_kpis(self) -> list[str]:
        """The KPIs the goal names (the planner's)."""
        raise NotImplementedError

    def pooled(self, c: Candidate, kpi: str) -> np.ndarray:
        """Every run of a candidate, search and selection (independent seeds: they pool)."""
        return np.concatenate([self.values(c, kpi, "search"), self.values(c, kpi, "selection")])

    def judge(self, c: Candidate) -> list[Evidence]:
        """Each constraint judged on all of the candidate's runs at the plan's confidence. A
        decision with fewer runs than a contender's first stage is never declared to meet the
        goal (two runs give too rough a spread to bound a mean by), only to miss it or to be
        undecided."""
        out = []
        for con in self.spec.constraints:
            e = evidence(con, self.pooled(c, con.kpi), self.spec.pcs)
            short = self.spec.first_stage - e.runs
            if e.verdict is True and short > 0:
                e = Evidence(e.kpi, e.mean, e.runs, e.bound, None, short)
            elif e.verdict is None and short > 0:  # a verdict of "meets" needs a first stage
                e = Evidence(e.kpi, e.mean, e.runs, e.bound, None, max(short, e.more_runs or 0))
            out.append(e)
        return out

    def _result(self, rounds: list[tuple[list[Candidate], Any, Procedure]]) -> dict[str, Any]:
        """The plan's answer, consistent by construction: the recommendation is the cheapest
        evaluated decision known to meet the goal at the stated confidence (declared feasible
        by the selection, or by the one-sided bounds of all its runs); when there is none, the
        closest decision and how many more runs would settle it."""
        spec = self.spec
        evaluated = [c for c in self.candidates.values() if c.screen or c.select]
        verdicts = {c.id: self.judge(c) for c in evaluated}
        declared: dict[str, Any] = {}  # id -> the selection state that declared it feasible
        for _, state, _ in rounds:
            for i, ok in state.feasible.items():
                if ok is True:
                    declared[i] = state
        feasible = [c for c in evaluated if c.id in declared or overall(verdicts[c.id]) is True]
        selected = None
        guaranteed = False
        basis = None
        if feasible:
            rec_c = min(feasible, key=self.rank)
            selected = rec_c.id
            last = rounds[-1][1] if rounds else None
            chose = last.selected if last is not None else None
            # the selection's own pick, or a contender it kept to the end, declared feasible
            # and tied with its pick: the procedure chose between them by the contenders'
            # order alone, and the plan's order (the smaller change) is as good a tie-break.
            # A tie it never compared (a search-only decision, or one it ruled out) is not
            # covered: its feasibility rests on its own runs' bounds.
            guaranteed = chose is not None and (
                chose == selected or self._tied_in_selection(last, chose, rec_c)
            )
            # a tie the selection did not compare: it finished, with its guarantee for its
            # own pick, not (as "one-sided bounds" says) with the budget spent
            tie = (
                chose is not None
                and not guaranteed
                and self._objective_all(self.candidates[chose]) == self._objective_all(rec_c)
            )
            basis = (
                "selection"
                if guaranteed
                else "declared feasible by the selection"
                if selected in declared
                else "tied with the selection's pick"
                if tie
                else "one-sided bounds"
            )
        chosen_ids = {c.id for chosen, _, _ in rounds for c in chosen}
        closest = None
        if selected is None and evaluated:
            closest = self._closest(evaluated, verdicts)
        candidates = []
        for c in evaluated:
            entry: dict[str, Any] = {
                "id": c.id,
                "decision": c.values,
                "words": decision_words(spec.base, c.values),
                "overrides": c.overrides(),
                "search_runs": len(c.screen),
                "selection_runs": len(c.select),
            }
            entry["search_kpis"] = {k: interval(self._col(c.screen, k)) for k in self.goal_kpis()}
            if c.select:
                # over every run, search and selection, like the verdict and the one-sided
                # bound shown beside them (independent seeds: they pool)
                every = [r for r in c.screen + c.select if r]
                entry["kpis"] = {k: interval(self._col(every, k)) for k in self.headline()}
                # the same runs as the verdict's bound in ``all_runs`` and plan.md's (it was
                # over the selection's runs alone: a second, different bound for one KPI)
                entry["lower_bounds"] = {
                    con.kpi: lower_bound(self.pooled(c, con.kpi), spec.pcs)
                    if con.sense == ">="
                    else None
                    for con in spec.constraints
                }
            entry["all_runs"] = {
                "objective_mean": self._objective_all(c, signed=True),
                "constraints": [vars(e) for e in verdicts[c.id]],
                "meets_goal": True if c.id in declared else overall(verdicts[c.id]),
            }
            entry["role"] = (
                "recommended"
                if c.id == selected
                else "contender"
                if c.id in chosen_ids
                else "search"
            )
            entry["why"] = self._why(c, rounds, selected, verdicts[c.id], declared)
            candidates.append(entry)
        candidates.sort(
            key=lambda e: (["recommended", "contender", "search"].index(e["role"]), e["id"])
        )
        last_state = rounds[-1][1] if rounds else None
        last_proc = rounds[-1][2] if rounds else None
        from sim.experiment.provenance import build

        result: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            **build([c.scenario for c in evaluated]),
            "scenario": self.name,
            "source": spec.source,
            # the plan's --set: the scenario it planned is the source with them
            "sets": list(spec.sets),
            "root_seed": self.root,
            "decisions": [
                {
                    "path": d.path,
                    "values": list(d.values),
                    "label": describe_path(spec.base, d.path),
                }
                for d in spec.decisions
            ],
            "constraints": [vars(c) for c in spec.constraints],
            "objectives": [vars(o) for o in spec.objectives],
            "budget": spec.budget,
            "runs": self.runs_used,
            "search": {
                "method": self.search_method,
                "replications": spec.screen_replications,
                "candidates": sum(1 for c in self.candidates.values() if c.screen),
            },
            "selection": {
                "procedure": "Andradottir-Kim feasibility check + KN (common random numbers)",
                "probability_correct_selection": spec.pcs,
                "first_stage": spec.first_stage,
                "indifference_zone": last_proc.delta if last_proc else spec.delta,
                "indifference_unit": spec.objectives[0].kpi,
                "tolerances": {c.kpi: c.tolerance for c in spec.constraints},
                "contenders": [c.id for chosen, _, _ in rounds for c in chosen],
                "rounds": [
                    {"contenders": [c.id for c in chosen], "state": st.to_json()}
                    for chosen, st, _ in rounds
                ],
                "guaranteed": guaranteed,
                "state": last_state.to_json() if last_state else None,
            },
            "recommended": None,
            "closest": closest,
            "candidates": candidates,
            "tradeoff": self._tradeoff(),
        }
        rec_path = self.folder / "recommended.yaml"
        if selected is not None:
            rec = self.candidates[selected]
            result["recommended"] = {
                "id": rec.id,
                "decision": rec.values,
                "words": decision_words(spec.base, rec.values),
                "overrides": rec.overrides(),
                "feasible": True,
                "basis": basis,
                "scenario_file": "recommended.yaml",
            }
            self._write_recommended(
                rec, result["recommended"], guaranteed, basis == "tied with the selection's pick"
            )
        elif rec_path.exists():  # an earlier plan in this folder recommended something
            rec_path.unlink()
        return result

    def _tied_in_selection(self, last: Any, chose: str, c: Candidate) -> bool:
        """Whether ``c`` was alive at the end of the last selection, declared feasible there,
        with the same mean objective over its selection runs as the selection's pick
        ``chose``: then only the procedure's tie-break (the contenders' order) chose between
        them (:func:`sim.experiment.selection.run_rounds`)."""
        if c.id not in last.ids or last.feasible.get(c.id) is not True:
            return False
        if c.id in last.eliminated_by:
            return False
        obj = self.spec.objectives[0]
        mine = obj.to_min(self.values(c, obj.kpi, "selection"))[: last.r]
        theirs = obj.to_min(self.values(self.candidates[chose], obj.kpi, "selection"))[: last.r]
        return len(mine) == len(theirs) == last.r and float(mine.mean()) == float(theirs.mean())

    def rank(self, c: Candidate) -> tuple[float, int, tuple[int, ...], str]:
        """The order in which decisions that meet the goal are recommended: the cheapest (the
        objective's mean over all its runs), then, among decisions that cost the same, the one
        that changes fewest of the scenario's settings, then the one earliest in each
        decision's values (the smallest of a range). A cap that never binds gives the same runs
        at 2, 3 and 4 extra trains a week; the plan recommended 4 ("the cheapest") and said the
        scenario's own 2 "costs more", with the same departures in every run."""
        changed = sum(base_value(self.spec.base, d.path) != c.values.get(d.path)
                      for d in self.spec.decisions)  # fmt: skip
        order = tuple(
            d.values.index(c.values[d.path]) if c.values.get(d.path) in d.values else len(d.values)
            for d in self.spec.decisions
        )
        return self._objective_all(c), changed, order, c.id

    def _objective_all(self, c: Candidate, signed: bool = False) -> float:
        obj = self.spec.objectives[0]
        v = self.pooled(c, obj.kpi)
        return float(v.mean() if signed else obj.to_min(v).mean())

    def _closest(
        self, evaluated: list[Candidate], verdicts: dict[str, list[Evidence]]
    ) -> dict[str, Any]:
        """The decision nearest to meeting the goal (the smallest shortfall of its worst
        constraint, in tolerances; the cheaper on a tie) and the runs that would settle it."""
        spec = self.spec

        def shortfall(c: Candidate) -> float:
            worst = 0.0
            for con, ev in zip(spec.constraints, verdicts[c.id]):
                worst = min(worst, float(con.slack(np.asarray([ev.mean]))[0]) / con.tolerance)
            return -worst

        best = min(evaluated, key=lambda c: (shortfall(c), self._objective_all(c), c.id))
        evs = verdicts[best.id]
        undecided = [e.more_runs for e in evs if e.verdict is None and e.more_runs is not None]
        return {
            "id": best.id,
            "decision": best.values,
            "words": decision_words(spec.base, best.values),
            "overrides": best.overrides(),
            "runs": len(best.screen) + len(best.select),
            "constraints": [vars(e) for e in evs],
            "meets_goal": overall(evs),
            "more_runs": max(undecided) if undecided else 0,
        }

    def _meets_on_means(self, c: Candidate, phase: str = "selection") -> bool:
        return all(
            float(con.slack(np.asarray([self.values(c, con.kpi, phase).mean()]))[0]) >= 0
            for con in self.spec.constraints
        )

    def headline(self) -> list[str]:
        extra = [
            "on_time.share",
            "emissions_cost.cost_usd_total",
            "emissions_cost.co2e_kg_total",
            "rail_departures",
            "lead_time_days.overall.mean",
        ]
        return list(dict.fromkeys(self.goal_kpis() + extra))

    @staticmethod
    def _col(rows: list[dict[str, float | None]], k: str) -> list[float | None]:
        """A KPI over runs: 0 for a count of a group a run had none of, None (left out of the
        interval, whose ``n`` then says so) for a mean or share without data."""
        return [r.get(k, absent_value(k)) for r in rows]

    def _why(
        self,
        c: Candidate,
        rounds: list[tuple[list[Candidate], Any, Procedure]],
        selected: str | None,
        verdicts: list[Evidence],
        declared: dict[str, Any],
    ) -> str:
        meets = True if c.id in declared else overall(verdicts)
        if c.id == selected:
            return "recommended: the cheapest decision known to meet the goal"
        if meets is True and selected is not None:
            if self._objective_all(c) == self._objective_all(self.candidates[selected]):
                return (
                    "meets the goal at the same cost as the recommended decision (a tie: of "
                    "tied decisions the plan recommends the smallest change to the scenario)"
                )
            return "meets the goal, but costs more than the recommended decision"
        for _, state, _ in rounds:
            if c.id in state.infeasible_at:
                kpi, r = state.infeasible_at[c.id]
                return f"fails {kpi} (declared after {r} selection runs)"
            if c.id in state.eliminated_by:
                by, r = state.eliminated_by[c.id]
                other = ", ".join(f"{k} = {v}" for k, v in self.candidates[by].values.items())
                return (
                    f"{self.spec.objectives[0].kpi} worse than with {other} (which meets the "
                    f"goal) by more than the indifference zone, after {r} selection runs"
                )
        if meets is False:
            failed = next(e.kpi for e in verdicts if e.verdict is False)
            return f"fails {failed} (all its runs, at the stated confidence)"
        more = max((e.more_runs or 0) for e in verdicts if e.verdict is None)
        if any(c in chosen for chosen, _, _ in rounds):
            return f"undecided when the budget ended (about {more} more runs would settle it)"
        return f"not among the contenders; undecided (about {more} more runs would settle it)"

    def _tradeoff(self) -> dict[str, Any]:
        """Search means of every candidate on two axes and the Pareto front (both minimised
        internally: a maximised KPI or a ``>=`` constraint is negated)."""
        spec = self.spec
        o1 = spec.objectives[0]
        if len(spec.objectives) > 1:
            x_kpi, x_min, y_kpi, y_min = (
                o1.kpi,
                o1.sense == "min",
                spec.objectives[1].kpi,
                spec.objectives[1].sense == "min",
            )
        elif spec.constraints:
            con = spec.constraints[0]
            x_kpi, x_min, y_kpi, y_min = o1.kpi, o1.sense == "min", con.kpi, con.sense == "<="
        else:
            return {}
        pts: dict[str, tuple[float, float]] = {}
        shown = {}
        for c in self.candidates.values():
            if not c.screen:
                continue
            x = float(self.values(c, x_kpi, "search").mean())
            y = float(self.values(c, y_kpi, "search").mean())
            shown[c.id] = {"x": x, "y": y, "decision": c.values}
            shown[c.id]["words"] = decision_words(spec.base, c.values)
            pts[c.id] = (x if x_min else -x, y if y_min else -y)
        front = pareto_front(pts)
        goal = None
        if spec.constraints and y_kpi == spec.constraints[0].kpi:
            goal = spec.constraints[0].bound
        return {
            "x": x_kpi,
            "y": y_kpi,
            "goal_y": goal,
            "points": shown,
            "pareto": front,
            "note": f"means of the {spec.screen_replications} search runs per candidate",
        }

    def _write_recommended(
        self, rec: Candidate, answer: dict[str, Any], guaranteed: bool, tie: bool = False
    ) -> None:
        """``recommended.yaml``: the recommended scenario, headed by the decided values that
        change the scenario (as the answer's ``--set`` gives them: ``= 2``, not ``= 2.0``; the
        festival's header listed all seven, five unchanged) and the plan's own ``--set``.
        ``answer``: the recommendation as ``plan.json`` has it."""
        from sim.output.glossary import term
        from sim.output.plan_answer import _changed_sets, set_options

        changed = [o.partition("=") for o in _changed_sets(answer)]
        sets = set_options(self.spec.sets)
        lang = getattr(self, "lang", "en")  # (the plan's --lang: the keys stay as YAML has them)
        why = "rec:guaranteed" if guaranteed else "rec:tie" if tie else "rec:budget"
        lines = [
            f"# {term('rec:head', lang, source=self.spec.source, seed=self.root)}",
            *(f"#   {k} = {v}" for k, _, v in changed),
            *([] if changed else [f"#   {term('all_as_today_rec', lang)}"]),
            *([f"# {term('rec:sets', lang, sets=sets)}"] if sets else []),
            f"# {term(why, lang, pcs=self.spec.pcs)}",
            f"# {term('rec:run', lang)}",
        ]
        # a --set's value may hold a line break (--set "description=$(cat text)"), which the
        # shell quoting keeps: each line of the header stays a comment, or the next is YAML
        # (any break YAML reads as one, \r and \u2028 too: str.splitlines splits at each)
        lines = ["\n#   ".join(line.splitlines()) for line in lines]
        from sim.scenario.yaml_write import keep_comments, scenario_source

        plain = yaml.safe_dump(rec.data, sort_keys=False, allow_unicode=True)
        source = scenario_source(self.spec.source)  # the base file's comments are kept
        text = "\n".join(lines) + "\n" + keep_comments(source.text if source else None, plain)
        _write(self.folder / "recommended.yaml", text)

    def _save_state(self) -> None:
        state = {
            "runs": self.runs_used,
            "candidates": {
                c.id: {
                    "decision": c.values,
                    "search_runs": len(c.screen),
                    "selection_runs": len(c.select),
                }
                for c in self.candidates.values()
            },
        }
        _write(self.folder / "candidates.json", json_text(state, default=str))

    def _write_runs(self) -> None:
        import csv
        import io

        cols = [
            "candidate",
            "phase",
            "seed_index",
            "seed",
            *(d.path for d in self.spec.decisions),
            *self.goal_kpis(),
        ]
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(self.log)
        _write(self.folder / "runs.csv", buf.getvalue())


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
