"""The plan's page: ``plan.md`` and a self-contained ``plan.html`` in the plan's folder.

Written from ``plan.json`` alone (no simulation), in English or Chinese (``lang``): the answer
first (the recommended decision in line names and departures, or the closest one and the runs
that would settle it), the goal and the method, the contenders and why they lost, the
trade-off chart (ticks, the goal line, labelled points) and a glossary of the statistical terms.
Shares are shown in %, CO2e in tonnes; every value shown in HTML is escaped. All interface
strings come from :mod:`sim.output.glossary`.

Notes
-----
This module writes the two files; what they say is made beside it:

- :mod:`sim.output.plan_values`: a KPI's value, its interval and the runs it is over;
- :mod:`sim.output.plan_decisions`: a decision in the planner's words;
- :mod:`sim.output.plan_answer`: the answer (also the lines ``yiwu-sim plan`` prints);
- :mod:`sim.output.plan_sections`: the page's sections, in order;
- :mod:`sim.output.plan_chart`: the trade-off chart (SVG).

The names callers and tests import from here (``write_plan_report``, ``plan_summary``,
``sections``, ``_decision``, ``_svg``, ...) still are here.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from sim.output.glossary import kpi_name, term
from sim.output.plan_answer import Section as Section
from sim.output.plan_answer import _answer as _answer
from sim.output.plan_answer import plan_summary as plan_summary
from sim.output.plan_answer import runs_line as runs_line
from sim.output.plan_chart import _svg as _svg
from sim.output.plan_chart import _tradeoff_note as _tradeoff_note
from sim.output.plan_decisions import _decision as _decision
from sim.output.plan_decisions import _one as _one
from sim.output.plan_decisions import _short as _short
from sim.output.plan_sections import _delta_text as _delta_text
from sim.output.plan_sections import _goal_text as _goal_text
from sim.output.plan_sections import sections as sections
from sim.output.plan_values import _ci as _ci
from sim.output.report_parts import prose_columns


def markdown(result: dict[str, Any], lang: str = "en") -> str:
    """``plan.md``: the title, then each section's heading, paragraph and table."""
    lines = [f"# {term('plan', lang)}{'：' if lang == 'zh' else ': '}{result['scenario']}", ""]
    for title, header, rows, text in sections(result, lang):
        lines += [f"## {title}", ""]
        if text:
            lines += [text, ""]
        if header:
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
            lines.append("")
    return "\n".join(lines)


def html_page(result: dict[str, Any], lang: str = "en") -> str:
    """``plan.html``: the sections of :func:`markdown` as one self-contained page, the
    trade-off chart under its heading, every value escaped."""
    e = html.escape
    title = f"{term('plan', lang)}{'：' if lang == 'zh' else ': '}{result['scenario']}"
    body = [f"<h1>{e(str(title))}</h1>"]
    t = result.get("tradeoff") or {}
    chart = (
        term("tradeoff", lang, x=kpi_name(t["x"], lang), y=kpi_name(t["y"], lang))
        if t.get("points")
        else None
    )
    for heading, header, rows, text in sections(result, lang):
        body.append(
            f"<h2>{e(heading)}</h2>" + (f"<p>{_whole_options(e(text))}</p>" if text else "")
        )
        if heading == chart:
            body.append(_svg(result, lang))
        if header:
            # numbers from the right and prose from the left, by the run and comparison
            # pages' rule (prose_columns), words (roles, short reasons) from the left too: the
            # figures and runs were set left, out of line with the reports beside this page
            prose = prose_columns(rows, words=True)
            body.append("<table>")
            if any(header):
                body.append("<tr>" + _cells("th", header, prose) + "</tr>")
            body += ["<tr>" + _cells("td", r, prose) + "</tr>" for r in rows]
            body.append("</table>")
    style = (
        "body{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1.5em;"
        "line-height:1.4}"
        "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;"
        "padding:3px 6px;text-align:right;vertical-align:top}"
        "td:first-child,th:first-child,.prose{text-align:left}"
        # figures, roles and run counts on one line; the decision and the reason wrap
        "td:nth-child(n+2):not(:last-child){white-space:nowrap}"
        ".opt{white-space:nowrap}"
    )
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{e(str(title))}</title><style>{style}</style></head>'
        f"<body>{''.join(body)}</body></html>\n"
    )


def _cells(tag: str, row: list[str], prose: set[int]) -> str:
    """A table row's escaped cells; those of a prose column (``prose``) set left."""
    e = html.escape
    return "".join(
        f"<{tag} class='prose'>{e(c)}</{tag}>" if i in prose else f"<{tag}>{e(c)}</{tag}>"
        for i, c in enumerate(row)
    )


def _whole_options(text: str) -> str:
    """Escaped text with each command-line option (``--set``, ``--replications``) kept on one
    line: the answer's command broke after ``--`` at a line's end ("--" then "set" on the next
    line), which reads as another option."""
    return re.sub(r"(?<![\w-])(--[a-z][\w-]*)", r'<span class="opt">\1</span>', text)


def write_plan_report(result: dict[str, Any] | Path, folder: Path, lang: str = "en") -> list[Path]:
    """Write ``plan.md`` and ``plan.html`` into ``folder``; ``result`` may be the path of
    ``plan.json``."""
    if isinstance(result, Path):
        result = json.loads(result.read_text(encoding="utf-8"))
    if not isinstance(result, dict):  # a plan.json edited by hand: said, not an assertion
        raise TypeError(f"plan.json holds {type(result).__name__}, not an object")
    paths = []
    for name, text in (("plan.md", markdown(result, lang)), ("plan.html", html_page(result, lang))):
        path = Path(folder) / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        paths.append(path)
    return paths
