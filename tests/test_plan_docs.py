"""docs/how-to-plan.md's festival example is what scripts/plan_docs.py makes of its stored
facts: the command shown is the one the script runs, and the figures are the script's."""

from __future__ import annotations

import importlib.util
import json
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("plan_docs", ROOT / "scripts" / "plan_docs.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_how_to_plan_example_is_the_scripts_output() -> None:
    mod = _script()
    facts = json.loads(mod.FACTS.read_text(encoding="utf-8"))
    doc = mod.DOC.read_text(encoding="utf-8")
    assert mod.render(facts) in doc
    assert (ROOT / "docs" / "images" / "plan_festival.png").is_file()
    # the figures are within what the command allows
    assert facts["runs"] <= facts["budget"]


def test_the_command_shown_parses_and_matches_the_scripts_arguments() -> None:
    mod = _script()
    from sim.cli import build_parser

    args = [a for line in mod.ARGS for a in shlex.split(line)]
    ns = build_parser().parse_args(["plan", mod.SCENARIO, *args])
    assert ns.budget == int(args[args.index("--budget") + 1])
    assert len(ns.decide) == mod.LINES
    text = mod.command_text()
    for a in mod.ARGS:
        if not a.startswith("--decide"):
            assert a in text
