"""``yiwu-sim sensitivity``: global sensitivity (Morris screening or Sobol indices) of chosen
KPIs to the scenario's estimated assumptions, printed as one table per KPI.
"""

from __future__ import annotations

import argparse
import os

from sim.cli.printing import _fmt, _json, _lang, _out, _scaled, _table
from sim.cli.settings import _overrides, _progress


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from sim.experiment.assumptions import estimated_inputs, parse_inputs
    from sim.experiment.sensitivity import Design, run_sensitivity
    from sim.world.inputs import (
        default_scenario_path,
        read_with_overrides,
        resolve,
        validate_data,
    )

    design = Design(args.method, args.trajectories, args.levels, args.samples, args.replications)
    path = args.scenario or default_scenario_path()
    # (a --set into a part the file leaves out starts from that part's default)
    base = read_with_overrides(path, _overrides(args))
    resolved = resolve(validate_data(base, str(path)))
    declared = parse_inputs(args.vary or [])
    inputs = declared or estimated_inputs(resolved)
    data = resolved.model_dump(mode="json", by_alias=True, exclude_none=True)
    result = run_sensitivity(data, inputs, design, args.kpi, source=str(path), out=args.out,
                             root_seed=args.seed, jobs=args.jobs or os.cpu_count() or 1,
                             scheduler=args.scheduler, progress=not args.json and _progress(args),
                             force=args.force, fmt=args.format,
                             summaries_only=not args.keep_tables, lang=_lang(args))  # fmt: skip
    if _json(args, "sensitivity", result.folder, {**result.to_json(),
                                                   "computed": result.computed}):  # fmt: skip
        return 0
    from sim.output.glossary import kpi_name, kpi_scale, term
    from sim.output.saying import in_lang

    lang = _lang(args)

    def count(what: str, n: int) -> str:  # (each count in its own form for one)
        return term(f"count:{what}", lang, n=n)

    reps = count("replications", design.replications)
    _out(term("cmd:sens_intro", lang, method=design.method, inputs=count("inputs", len(inputs)),
              points=count("points", result.points), reps=reps, runs=count("runs", result.runs),
              now=result.computed))  # fmt: skip
    key = "mu_star" if design.method == "morris" else "ST"
    noise = term("cmd:sens_near_noise", lang)
    for kpi in result.kpis:
        rows = [r for r in result.rows if r["kpi"] == kpi]
        # mu* and sigma are in the KPI's unit, shown as every table shows it (freight cost in
        # USD m, shares in %); Sobol's indices are shares of variance and have none
        f = kpi_scale(kpi) if key == "mu_star" else 1.0
        name = kpi_name(kpi, lang)  # the key as it is in English, named in Chinese
        unnamed = name == kpi or (lang == "en" and f == 1.0)  # English names a rescaled KPI
        _out(kpi if unnamed else f"{name}（{kpi}）" if lang == "zh" else f"{name} ({kpi})")
        header = [term("cmd:sens_input", lang), key, term("cmd:sens_interval", lang)]
        header += ["S1"] if key == "ST" else ["sigma", term("cmd:sens_noise", lang)]
        table = []
        for r in rows:
            lo, hi = _scaled(r[f"{key}_low"], f), _scaled(r[f"{key}_high"], f)
            other = [r["S1"]] if key == "ST" else [_scaled(r["sigma"], f), _scaled(r["noise"], f)]
            table.append([r["input"] + (noise if r["above_noise"] is False else ""),
                          _fmt(_scaled(r[key], f), 4), f"{_fmt(lo, 4)} .. {_fmt(hi, 4)}",
                          *(_fmt(v, 4) for v in other)])  # fmt: skip
        _table(header, table)
    for note in result.notes:
        _out(term("cmd:note", lang, text=in_lang(note, lang)))
    files = "sensitivity.csv, sensitivity.json, sensitivity.svg"
    _out(term("cmd:results_files", lang, folder=result.folder, files=files))
    return 0
