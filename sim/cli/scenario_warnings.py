"""The warnings printed before scenarios run (capacity, idle disruptions, a run that ends
before a deadline or a disruption's effects can show): for one scenario, for each of a
comparison's, and for every point of a sweep. They stop nothing; the reports say them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sim.cli.printing import _warning


def _warn(resolved: Any, which: str = "", lang: str = "en") -> None:
    """Print the warnings of a resolved scenario before it runs (capacity, idle disruptions, a
    run of less than one order; they do not stop the run, and its reports say them too);
    ``which`` names the scenario where a command runs several."""
    from sim.output.glossary import term
    from sim.output.report_parts import scenario_warnings

    for w in scenario_warnings(resolved, lang):
        _warning(term("cli:warn_named", lang, which=which, text=w) if which else w, lang)


def _horizon(scenarios: Sequence[Any], lang: str = "en") -> None:
    """Warn when a run ends before a deadline or a disruption's effects can show."""
    from sim.output.glossary import term
    from sim.output.report import horizon_warnings

    for sc in scenarios:
        for w in horizon_warnings(sc, None, lang):
            _warning(term("cli:warn_named", lang, which=sc.name, text=w), lang)


def _sweep_warnings(points: list[dict[str, Any]], scenarios: list[Any], lang: str = "en") -> None:
    """The warnings ``run`` prints (capacity, and what the run ends too soon to show), for
    every point of a sweep: each once, with the points it concerns unless it concerns all."""
    from sim.experiment.sweep_grid import point_label
    from sim.output.glossary import term
    from sim.output.report import horizon_warnings
    from sim.output.report_parts import scenario_warnings
    from sim.world.inputs import resolve

    said: dict[str, list[dict[str, Any]]] = {}
    for point, sc in zip(points, scenarios):
        texts = [*scenario_warnings(resolve(sc), lang),
                 *(term("cli:warn_named", lang, which=sc.name, text=w)
                   for w in horizon_warnings(sc, None, lang))]  # fmt: skip
        for text in texts:
            said.setdefault(text, []).append(point)
    for text, where in said.items():
        if len(where) < len(points):
            # each point as the sweep's report names it (key=value), not as a Python dict
            which = "; ".join(point_label(p) for p in where)
            text = term("cli:warn_named", lang, which=which, text=text)
        _warning(text, lang)
