"""Why a comparison came out as it did, computed from the runs' own tables.

A comparison report states for every KPI that moved (distinguishable from zero) — and for every
deadline KPI that did *not* move although a scenario applied a disruption — a short reason drawn
from the tables: which settings differ between the scenarios, which trains a disrupted crossing
held and for how long, how many orders with a deadline rode them, and the margin by which those
goods still made their deadline (or how many missed it). Nothing here reruns a simulation.

Notes
-----
This module picks the reason for each KPI (:func:`explain`); the reasons are made beside it:

- :mod:`sim.output.explain_settings`: the settings two scenarios differ in;
- :mod:`sim.output.explain_disruptions`: what a crossing disruption did, counted from the
  tables (:func:`disruption_effects`);
- :mod:`sim.output.explain_detours`: which closure a train that went round a crossing is
  counted under;
- :mod:`sim.output.explain_words`: a disruption's effect in words.

Crossings are named in full (:func:`crossing_name`), and "the worst border" has one definition
for the command line and every report (:func:`sim.output.crossing_summary.worst_border`). The
names callers and tests import from here (``explain``, ``disruption_effects``,
``setting_differences``, ``worst_border``, ``_effect_text``, ...) still are here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.output.crossing_summary import date_at as date_at
from sim.output.crossing_summary import worst_border as worst_border
from sim.output.explain_disruptions import LONGER_THAN_USUAL_H as LONGER_THAN_USUAL_H
from sim.output.explain_disruptions import disruption_effects as disruption_effects
from sim.output.explain_settings import SETTINGS_SAID as SETTINGS_SAID
from sim.output.explain_settings import setting_differences as setting_differences
from sim.output.explain_words import _effect_text as _effect_text
from sim.output.glossary import crossing_name as crossing_name
from sim.output.glossary import term
from sim.output.report_parts import replication_folders


def _subfolders(folder: Path) -> dict[str, Path]:
    """Scenario label -> its folder (``0-name``): by name, and by the folder's own name when two
    scenarios share a name (their labels are then the folder names)."""
    dirs = [p for p in sorted(folder.iterdir()) if p.is_dir()]
    out = {p.name.split("-", 1)[-1]: p for p in dirs}
    out.update({p.name: p for p in dirs})
    return out


def explain(
    folder: Path, comp: dict[str, Any], kpis: list[tuple[str, str, str]], lang: str = "en"
) -> list[tuple[str, str, str]]:
    """(scenario, KPI label, reason) for each KPI that moved against the baseline, and for each
    deadline KPI that did not move although the scenario applied a crossing disruption."""
    import yaml

    subs = _subfolders(folder)

    def scenario_of(name: str) -> dict[str, Any]:
        path = subs.get(name, folder / "_") / "rep-000" / "scenario.yaml"
        if not path.is_file():
            return {}
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    base = scenario_of(comp["baseline"])
    out: list[tuple[str, str, str]] = []
    for name, diffs in comp.get("paired_differences", {}).items():
        sc = scenario_of(name)
        reps = replication_folders(subs.get(name, folder / "_"))  # the set's own
        # only the disruptions the baseline does not have explain a difference from it
        had = base.get("disruptions") or []
        new = [d for d in sc.get("disruptions") or [] if d not in had]
        effects = (  # every closure of the scenario may own a detour, only the new are said
            disruption_effects(reps, {**sc, "disruptions": new}, sc.get("disruptions"))
            if new
            else []
        )
        settings = (
            setting_differences(base, sc, SETTINGS_SAID, lang, named=True) if sc and base else []
        )
        disrupted = term("set:disruptions", lang) + ("：" if lang == "zh" else ": ")
        others = [s for s in settings if not s.startswith(disrupted)]
        join = "；" if lang == "zh" else "; "
        for label, key, _ in kpis:
            d = diffs.get(key) or {}
            moved = bool(d.get("distinguishable"))
            deadline_kpi = key.startswith("on_time.")
            if moved:
                if effects and (key.startswith("borders.") or key.startswith("lead_time")
                                or deadline_kpi or key.startswith("emissions_cost")):  # fmt: skip
                    why = " ".join(_effect_text(e, lang) for e in effects)
                    if others:  # the policies changed too: named beside the closure's effect
                        why += " " + term("why_settings", lang, s=join.join(others))
                elif settings:
                    why = term("why_settings", lang, s=join.join(settings))
                else:
                    why = term("why_seeds", lang)
                out.append((name, label, why))
            elif deadline_kpi and effects:
                why = (
                    term("why_unmoved", lang)
                    + " "
                    + " ".join(_effect_text(e, lang) for e in effects)
                )
                out.append((name, label, why))
    return out


def load_comparison(folder: Path) -> dict[str, Any]:
    """A comparison folder's ``comparison.json``."""
    return json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
