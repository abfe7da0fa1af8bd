"""Regenerate the festival example of docs/how-to-plan.md from what ``yiwu-sim plan`` does.

The example's command line, its measured figures (runs, wall time, the recommendation in the
planner's words, the KPIs) and the screenshot of its plan report all come from one run of this
script, so the how-to cannot drift from the command: ``tests/test_plan_docs.py`` checks that the
block between the markers in the how-to is exactly what :func:`render` makes of the stored
facts (``docs/plan_festival.json``), and that the command shown is :data:`ARGS`.

Usage (from the repository root; the run takes about a minute on 2 cores)::

    python scripts/plan_docs.py --run [--screenshot]   # run the example, store facts, update docs
    python scripts/plan_docs.py                         # only re-render the docs from the facts
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "how-to-plan.md"
FACTS = ROOT / "docs" / "plan_festival.json"
SHOT = ROOT / "docs" / "images" / "plan_festival.png"
BEGIN, END = "<!-- plan-example:begin (scripts/plan_docs.py) -->", "<!-- plan-example:end -->"

SCENARIO = "scenarios/plan_festival_2026.yaml"
LINES = 7
ARGS = [
    *(f"--decide disruptions.{i}.trains_factor=1..2.5:0.5" for i in range(LINES)),
    "--set logistics.mode_choice.rule=live",
    "--set logistics.consolidation.loading=earliest_deadline",
    "--set logistics.consolidation.rollover.rule=live",
    "--goal 'on_time.by_category.festival_goods.share>=0.92,tol=0.004'",
    "--goal min:rail_departures",
    "--budget 80 --screen-replications 2 --contenders 4 --jobs 2",
]
"""The example's options, one per line as the how-to shows them."""


def command_text() -> str:
    """The command as the how-to shows it (a shell loop for the seven decisions)."""
    rest = [a for a in ARGS if not a.startswith("--decide")]
    return "\n".join(
        [
            f'D=""; for i in {" ".join(map(str, range(LINES)))}; do '
            'D="$D --decide disruptions.$i.trains_factor=1..2.5:0.5"; done',
            f"yiwu-sim plan {SCENARIO} $D \\",
            *(f"  {a} \\" for a in rest[:-1]),
            f"  {rest[-1]}",
        ]
    )


def _pct(d: dict[str, Any] | None) -> str:
    if not d or d.get("mean") is None:
        return "-"
    if d.get("ci_low") is None:
        return f"{100 * d['mean']:.2f} %"
    return f"{100 * d['mean']:.2f} % [{100 * d['ci_low']:.2f}, {100 * d['ci_high']:.2f}]"


def _count(d: dict[str, Any] | None) -> str:
    if not d or d.get("mean") is None:
        return "-"
    return f"{d['mean']:.1f}"


def facts_of(result: dict[str, Any], wall_s: float, optuna: str) -> dict[str, Any]:
    """What the how-to reports of one plan (plain values, no paths)."""
    from sim.output.plan_decisions import _decision

    cands = {c["id"]: c for c in result["candidates"]}
    rec = result["recommended"]
    pick = cands[rec["id"]] if rec else cands.get((result.get("closest") or {}).get("id", ""))
    kpis = (pick or {}).get("kpis") or (pick or {}).get("search_kpis") or {}
    share = "on_time.by_category.festival_goods.share"
    return {
        "runs": result["runs"],
        "budget": result["budget"],
        "wall_s": round(wall_s),
        "optuna": optuna,
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "cpu_s": round(CPU.get("s", 0.0)),
        "load": round(CPU.get("load", 0.0), 1),
        "recommended": rec is not None,
        "basis": (rec or {}).get("basis"),
        "decision": _decision(pick, "en") if pick else "-",
        "festival_on_time": _pct(kpis.get(share)),
        "rail_departures": _count(kpis.get("rail_departures")),
        "runs_of_pick": (pick["search_runs"] + pick["selection_runs"]) if pick else 0,
        "more_runs": (result.get("closest") or {}).get("more_runs"),
    }


def render(f: dict[str, Any]) -> str:
    """The how-to's block for the facts ``f``."""
    status = "recommended" if f["recommended"] else "closest, not known to meet the goal"
    basis = f", basis: {f['basis']}" if f.get("basis") else ""
    answer = f"**{f['decision']}** ({status}{basis})"
    return "\n".join(
        [
            BEGIN,
            "```",
            command_text(),
            "```",
            "",
            f"Measured with `python scripts/plan_docs.py --run` ({f['machine']}, shared with "
            f"other work: load average {f['load']} at the end, so the wall time is an upper "
            f"bound; the processes used {f['cpu_s']} CPU seconds in all, about "
            f"{f['cpu_s'] / 2:.0f} s of wall time on 2 idle cores; Optuna {f['optuna']}, root "
            "seed 20260217):",
            "",
            "| runs (budget) | wall time | answer | festival goods on time, mean [95 %] | "
            "rail departures, mean | runs of the answer |",
            "|---|---|---|---|---|---|",
            f"| {f['runs']} ({f['budget']}) | {f['wall_s']} s | {answer} | "
            f"{f['festival_on_time']} | {f['rail_departures']} | {f['runs_of_pick']} |",
            "",
            "![The plan report of this example](images/plan_festival.png)",
            END,
        ]
    )


def update_docs(facts: dict[str, Any]) -> None:
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + render(facts) + tail, encoding="utf-8")


CPU: dict[str, float] = {}
"""CPU seconds of the example's processes and the load average at its end (a shared machine's
wall time depends on the others' work; CPU time much less)."""


def run_example(out: Path) -> tuple[dict[str, Any], float, Path]:
    """Run the example once through the command line; return plan.json, wall time, folder."""
    import shlex

    args = [a for line in ARGS for a in shlex.split(line)]
    # the scenario as the how-to gives it (run from the repository): the answer's command on
    # the screenshot names it so, not by this checkout's folders
    cmd = [sys.executable, "-m", "sim", "plan", SCENARIO, *args, "--quiet"]
    cmd += ["--out", str(out)]
    import resource

    t0 = time.perf_counter()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["s"] = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    CPU["load"] = os.getloadavg()[0]
    folder = next(out.glob("*/plan-*"))
    return json.loads((folder / "plan.json").read_text(encoding="utf-8")), wall, folder


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 1700) -> None:
    """A headless Chromium screenshot of a report page."""
    subprocess.run(
        [
            "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", f"--window-size={width},{height}",
            f"--screenshot={png}", page.as_uri(),
        ],
        check=True, capture_output=True,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", action="store_true", help="run the example and store its facts")
    ap.add_argument("--screenshot", action="store_true", help="screenshot its plan.html")
    a = ap.parse_args(argv)
    if a.run:
        import importlib.metadata as md

        with tempfile.TemporaryDirectory() as tmp:
            result, wall, folder = run_example(Path(tmp))
            facts = facts_of(result, wall, md.version("optuna"))
            if a.screenshot:
                screenshot(folder / "plan.html", SHOT)
        FACTS.write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    update_docs(facts)
    print(render(facts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
