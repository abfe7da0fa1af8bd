"""What the command prints: lines on standard output; warnings and errors on standard error,
in the reader's language; tables padded to terminal columns (a Chinese character takes two);
KPI cells with their intervals (:data:`HEADLINE`); ``--json`` objects; and the line saying how
far ``--precision`` got.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from sim.errors import ScenarioError, is_option


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _lang(args: argparse.Namespace) -> str:
    """The reader's language (``--lang``; English for commands without it)."""
    return getattr(args, "lang", None) or "en"


def _warning(text: str, lang: str = "en") -> None:
    """One warning on standard error, in ``lang`` (a :func:`~sim.output.saying.said`
    message is said again in it)."""
    from sim.output.glossary import term
    from sim.output.saying import in_lang

    sys.stderr.write(term("cli:warning", lang, text=in_lang(text, lang)) + "\n")


def _error_text(exc: BaseException, lang: str, frame: bool = True) -> str:
    """An error's message in ``lang``: a scenario's problems one a line under a translated
    head, each said again in ``lang`` (:func:`~sim.output.saying.in_lang`: the key path and
    the value as given; a wording no glossary template reads stays in English)."""
    from sim.output.glossary import term
    from sim.output.saying import in_lang

    if isinstance(exc, ScenarioError):
        n = len(exc.problems)
        if exc.source is None:
            head = term("cli:invalid_nosource", lang, n=n)
        elif is_option(exc.source) or (lang != "en" and exc.source.startswith("--")):
            # an option, not a scenario file; in English an option of the experiment
            # (--precision, a sensitivity design's --levels) is not called a scenario's either
            head = term("cli:invalid_option", lang, source=exc.source, n=n)
        else:
            head = term("cli:invalid", lang, source=exc.source, n=n)
        lines = "\n".join(f"  - {in_lang(p, lang)}" for p in exc.problems)
        text = f"{head}\n{lines}"
    else:
        text = in_lang(exc.args[0], lang) if len(exc.args) == 1 else str(exc)
    return term("cli:error", lang, text=text) if frame else text


def _os_words(exc: OSError, lang: str) -> str:
    """What the system said went wrong, in ``lang`` for the common cases (a missing folder, no
    permission, a full disk: the words of the system's own Chinese messages), else as the
    system said it."""
    import errno

    if isinstance(exc, FileExistsError) and exc.filename and not Path(exc.filename).is_dir():
        # a folder asked for (--out) where a file is: the file is what is in the way
        exc = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), exc.filename)
    said = exc.strerror or str(exc)
    if lang == "en" or exc.errno is None:
        return said
    from sim.output.glossary import GLOSSARY, term

    key = f"os:{errno.errorcode.get(exc.errno, '')}"
    return term(key, lang) if key in GLOSSARY else said


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (on the left when ``right``)."""
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _fmt(v: Any, nd: int = 1) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        _out("  ".join(_pad(str(c), w, i > 0) for i, (c, w) in enumerate(zip(r, widths))))


HEADLINE = (
    ("orders delivered", "orders.delivered_after_warmup", 0),
    ("lead time mean, d", "lead_time_days.overall.mean", 2),
    ("lead time p95, d", "lead_time_days.overall.p95", 2),
    ("rail lead time mean, d", "lead_time_days.by_mode.rail.mean", 2),
    ("sea lead time mean, d", "lead_time_days.by_mode.sea.mean", 2),
    ("on time, %", "on_time.share", 1),
    ("CO2e, t", "emissions_cost.co2e_kg_total", 1),
    ("freight cost, USD m", "emissions_cost.cost_usd_total", 2),
)
"""KPIs shown in experiment tables (every KPI is in the JSON files)."""


def _ci(
    d: dict[str, Any] | None, nd: int, key: str = "", of: int | None = None, count: bool = False
) -> str:
    """``mean ± half-width``; shares in % and kg in tonnes, freight cost in USD m, as in every
    report (glossary); ``(n k/of)`` after it when only ``k`` of the ``of`` replications had a
    value (the sea route's lead time in runs where few or no ships arrived). Freight cost takes
    ``nd`` decimals or more, as many as the cell needs (:func:`usd_m_decimals`: a paired
    difference of a few thousand USD is not 0.00 million); a table gives the cells of a row
    the row's (:func:`_nd`). A ``count`` (orders, trains) is written as the comparison
    report writes it (:func:`count_text`)."""
    from sim.output.glossary import FREIGHT, kpi_scale
    from sim.output.report_parts import count_text, partial_n, usd_m_decimals

    if not d or d.get("mean") is None:
        return "-"
    if count:
        return count_text(d, nd) + partial_n(d, of)
    f = kpi_scale(key)
    hw = d.get("half_width")
    if key == FREIGHT:
        nd = max(nd, usd_m_decimals([d]))
    mean = f"{d['mean'] * f:,.{nd}f}"
    if mean.startswith("-") and not mean.strip("-0.,"):  # -0.4 orders: "0", not "-0"
        mean = mean[1:]
    text = mean + (f" ± {hw * f:,.{nd}f}" if hw is not None else "")
    return text + partial_n(d, of)


def _nd(nd: int, key: str, cells: list[dict[str, Any] | None]) -> int:
    """The decimals of KPI ``key`` in a row of ``cells`` read side by side: ``nd``, freight
    cost's those of the row as a whole (:func:`usd_m_decimals`) and a count's (the rows of no
    decimals: orders, trains) those of :func:`count_decimals`, as the comparison report writes
    that row, so that its cells read alike and line up."""
    from sim.output.glossary import FREIGHT
    from sim.output.report_parts import count_decimals, usd_m_decimals

    if key == FREIGHT:
        return max(nd, usd_m_decimals(cells))
    return count_decimals(cells) if nd == 0 else nd


def _label(label: str, key: str, lang: str) -> str:
    """A headline KPI's label in ``lang`` (the English one of :data:`HEADLINE` as it is)."""
    from sim.output.glossary import kpi_name

    return label if lang == "en" else kpi_name(key, lang)


def _scaled(v: float | None, f: float) -> float | None:
    """``v`` times ``f`` (a KPI's factor to the unit shown), None as it is."""
    return v if v is None or f == 1.0 else v * f


def _json(args: argparse.Namespace, command: str, folder: Path, data: dict[str, Any]) -> bool:
    """With ``--json``: print what the command found as one JSON object on standard output
    (``command``, ``folder`` and the command's own file content) and say so."""
    if not getattr(args, "json", False):
        return False
    _out(json.dumps({"command": command, "folder": str(folder), **data}, default=str))
    return True


def _kpis(args: argparse.Namespace) -> str:
    return f"kpis.{args.format}"


def _precision_line(report: dict[str, Any] | None, lang: str = "en") -> None:
    """How many replications the precision took (or that it was not reached), in ``lang``."""
    from sim.output.glossary import term

    if report is None:
        return
    targets = report.get("targets") or {}

    def target(k: str) -> str:
        # beside its width: "±1.5 %" alone left the reader to recall the --precision typed
        if k not in targets:
            return ""
        said = f"{100 * targets[k]:g} %"
        return f"（目标 {said}）" if lang == "zh" else f" (target {said})"

    widths = ("，" if lang == "zh" else ", ").join(
        f"{k} ±{100 * v:.2g} %{target(k)}"
        if v is not None
        else term("cli:no_interval", lang, kpi=k)
        for k, v in report["relative_half_width"].items()
    )
    if report["reached"]:
        _out(term("cli:precision_reached", lang, needed=report["replications_needed"],
                  ahead=report["lookahead"], run=report["replications_run"],
                  widths=widths))  # fmt: skip
    elif _within_targets(report):
        # every width is within its target at the end: "NOT reached ... ±9.8 %" for a 20 %
        # target read as a contradiction; the look-ahead did not fit in --max-replications
        _out(term("cli:precision_not_held", lang, run=report["replications_run"],
                  ahead=report["lookahead"], widths=widths))  # fmt: skip
    else:
        _out(term("cli:precision_not_reached", lang, run=report["replications_run"],
                  widths=widths))  # fmt: skip


def _within_targets(report: dict[str, Any]) -> bool:
    """Whether every KPI's relative half-width at the end is within its target."""
    widths, targets = report["relative_half_width"], report.get("targets") or {}
    return bool(widths) and all(
        v is not None and k in targets and v <= targets[k] for k, v in widths.items()
    )
