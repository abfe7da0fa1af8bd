"""What the parsed options ask of the library: the scenario's overrides (``--set``,
``--policy``, ``--days``), an experiment's executor settings (``--out``, ``--seed``, ``--jobs``,
``--scheduler``, the progress bar in the reader's language, ``--format``, ``--summaries-only``,
``--precision``) and the report (``--no-report``, ``--lang``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from sim.cli.printing import _lang, _warning
from sim.errors import ScenarioError


def _overrides(args: argparse.Namespace) -> list[str]:
    """The scenario's overrides the options ask for: each ``--set``, then ``--policy`` and
    ``--days`` as the overrides they make, which keep the option as typed
    (:class:`~sim.scenario.overrides.Typed`) for a refusal to name (``--days 3661`` was headed
    ``--set days=3661``)."""
    from sim.scenario.overrides import Typed

    out = list(args.set or []) + _policy_overrides(getattr(args, "policy", None) or [])
    if getattr(args, "days", None) is not None:
        out.append(Typed(f"days={args.days}", f"--days {args.days}"))
    return out


def _policy_overrides(items: list[str]) -> list[str]:
    """``--policy`` values as ``--set`` overrides of the key naming each kind's policy."""
    import sim.policies  # noqa: F401 - the kinds' base classes, to tell a class's kind
    from sim.output.saying import said
    from sim.scenario import registry
    from sim.scenario.messages import refused_at
    from sim.scenario.overrides import Typed

    out: list[str] = []
    for item in items:
        kind, eq, name = item.partition("=")
        kind, name = (kind.strip(), name.strip()) if eq else ("", item.strip())
        if not kind and registry.is_plugin(name):
            try:
                found = registry.kind_of(registry.import_class(name))
            except ValueError as exc:
                raise ScenarioError([refused_at(exc, f"--policy {item}")], "--policy") from None
            if found is None:
                raise ScenarioError([said("err:no_policy_class", item=item, name=name)], "--policy")
            kind = found
        if kind not in registry.KINDS:
            kinds = ", ".join(registry.KINDS)
            if not eq:  # a name alone (--policy live): "unknown kind ''" named no mistake
                meant = [f"{k}={name}" for k, names in registry.BUILT_IN.items() if name in names]
                raise ScenarioError(
                    [said("err:policy_form", item=item, kinds=kinds, hint=_hint(meant))],
                    "--policy",
                )
            import difflib

            near = difflib.get_close_matches(kind, registry.KINDS, n=1)
            raise ScenarioError(
                [said("err:policy_kind", item=item, kind=kind, kinds=kinds,
                      hint=_hint([f"{near[0]}={name}"] if near else []))],
                "--policy",
            )  # fmt: skip
        out.append(Typed(f"{registry.KEYS[kind][0]}={name}", f"--policy {item}"))
    return out


def _hint(meant: list[str]) -> str:
    """ " (did you mean routing=live?)" for what ``--policy`` may have meant, or ""."""
    from sim.output.saying import said

    return said("err:did_you_mean", names=", ".join(meant)) if meant else ""


def _progress(args: argparse.Namespace) -> Any:
    """The experiment's ``progress``: False with ``--quiet``; in English True (tqdm's own
    bar); in another language the bar's words in it
    (:class:`~sim.experiment.progress.BarWords`)."""
    lang = _lang(args)
    if args.quiet or lang == "en":
        return not args.quiet
    from sim.experiment.progress import BarWords
    from sim.output.glossary import GLOSSARY, term

    labels = {k[10:]: term(k, lang) for k in GLOSSARY if k.startswith("bar:label:")}
    return BarWords(term("bar:format", lang), term("bar:rate", lang), term("bar:rate_inv", lang),
                    term("bar:rate_unknown", lang), labels)  # fmt: skip


def _exec_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "out": args.out,
        "root_seed": args.seed,
        "jobs": args.jobs or os.cpu_count() or 1,
        "scheduler": args.scheduler,
        "progress": _progress(args),
        "force": args.force,
        "fmt": args.format,
        "summaries_only": args.summaries_only,
        "precision": _precision(args),
    }


def _precision(args: argparse.Namespace) -> Any:
    """The ``--precision`` targets as a :class:`~sim.experiment.precision.Precision`, or None."""
    if not getattr(args, "precision", None):
        return None
    from sim.experiment.precision import Precision, parse_precision

    given = {k: v for k in ("min_replications", "max_replications")
             if (v := getattr(args, k)) is not None}  # fmt: skip
    return Precision(parse_precision(args.precision), **given)


def _warn_unused_precision_options(args: argparse.Namespace) -> None:
    """``--min-replications`` or ``--max-replications`` without ``--precision`` bound nothing:
    say so, rather than run a number of replications the user did not expect."""
    if getattr(args, "precision", None):
        return
    from sim.output.saying import said

    for option in ("min_replications", "max_replications"):
        if getattr(args, option, None) is not None:
            flag = "--" + option.replace("_", "-")
            _warning(said("cli:warn_precision_only", flag=flag), _lang(args))


def _maybe_report(args: argparse.Namespace, folder: Path, run: Any = None) -> None:
    """Write the report unless --no-report; ``run`` is the run just written, if in memory."""
    if getattr(args, "no_report", False):
        return
    from sim.output.report import build_report

    build_report(folder, lang=args.lang, run=run)
