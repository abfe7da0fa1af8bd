"""The scenario reference page, generated from the schema so that it cannot disagree with it.

``python -m sim.scenario.reference > docs/scenario-reference.md``
writes every key of a scenario file with its type, unit, default, allowed range and meaning, the
policies each key may name, and an example; ``tests/scenario/test_reference.py`` fails when the
committed page is out of date. With ``--policy KIND=package.module:Class`` (repeatable) it also
lists the parameters that plug-in policy class declares, under their key paths.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from typing import Any

from sim.scenario import json_schema, registry

UNITS = (
    ("_kg_per_teu_km", "kg CO2e/TEU-km"),
    ("_usd_per_teu_km", "USD/TEU-km"),
    ("_usd_per_teu", "USD/TEU"),
    ("_cny_per_teu", "CNY/TEU"),
    ("_teu_per_day", "TEU/day"),
    ("_per_day", "per day"),
    ("_per_week", "per week"),
    ("_kmh", "km/h"),
    ("_hours", "hours"),
    ("_h", "hours"),
    ("_days", "days"),
    ("_teu", "TEU"),
    ("_km", "km"),
)
"""Units from key-name suffixes (the first that matches)."""


def _unit(key: str) -> str:
    return next((unit for suffix, unit in UNITS if key.endswith(suffix)), "")


def _type(prop: dict[str, Any] | bool, defs: dict[str, Any]) -> str:
    if isinstance(prop, bool):  # JSON Schema's "anything" (a free mapping's values)
        return "any"
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return "distribution" if name in DIST_NAMES else f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        kinds = [_type(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds)) + (
            " (optional)" if any(p.get("type") == "null" for p in prop["anyOf"]) else ""
        )
    if "oneOf" in prop:
        names = [p["$ref"].rsplit("/", 1)[-1] for p in prop["oneOf"] if "$ref" in p]
        if set(names) <= DIST_NAMES:
            return "distribution"
        return " or ".join(f"[{n}](#{n.lower()})" for n in names)
    t = prop.get("type", "any")
    if t == "array":
        return f"list of {_type(prop.get('items', {}), defs)}"
    if t == "object" and "additionalProperties" in prop:
        return f"mapping to {_type(prop['additionalProperties'], defs)}"
    if "enum" in prop:
        return " / ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    if "format" in prop:
        return f"{t} ({prop['format']})"
    return str(t)


def _range(prop: dict[str, Any]) -> str:
    parts = []
    for key, sym in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="),
                     ("exclusiveMaximum", "<"), ("minItems", "items >="), ("maxItems", "items <="),
                     ("pattern", "matches")):  # fmt: skip
        if key in prop:
            parts.append(f"{sym} `{prop[key]}`")
    for alt in prop.get("anyOf", []):
        r = _range(alt)
        if r:
            parts.append(r)
    return ", ".join(parts)


DIST_NAMES = {
    "Constant",
    "Exponential",
    "Gamma",
    "Lognormal",
    "Triangular",
    "Uniform",
    "Poisson",
    "Empirical",
}

EXAMPLE = """name: my-first-scenario
start: 2025-10-01
days: 90
scale: 0.1
market:
  categories:
    - {name: festival_goods, share: 0.3, deadline: {kind: spring_festival}}
    - {name: everyday_goods, share: 0.7}
buyers:
  destinations: {MAD: 0.5, ALA: 0.5}
logistics:
  only_lines: [L01, L12, S01]
  lines:
    L01: {trains_per_week: 2}"""


def _policies(plugins: Iterable[tuple[str, str]]) -> list[str]:
    """The section on policies: each kind's key, built-in names and params key, and the
    parameters of the plug-in classes ``plugins`` ((kind, ``package.module:Class``) pairs)."""
    out = [
        "## Policies",
        "",
        "Each kind of decision is taken by a policy the scenario names at its key: a built-in "
        "name, or a class of your own as `package.module:Class` (the module importable: on "
        "`PYTHONPATH` or in the working directory; naming it runs its code, like any import). "
        "On the command line `--policy KIND=package.module:Class` sets the key. A class may "
        "declare its parameters (a nested `Params`: a pydantic model, a dataclass or a class of "
        "annotated fields); they go "
        "under the kind's params key, are checked when the scenario loads (each problem with "
        "its key path) and written out with their defaults in the resolved scenario. A class "
        "that declares no `Params` gets the mapping as given, unchecked: a misspelt key is "
        "never caught, so declare them. Built-in "
        "policies take no params: their settings are the keys beside the name. See "
        "`docs/model.md` (Policies as objects).",
        "",
        "| kind | key | built-in | params key |",
        "|---|---|---|---|",
    ]
    for kind in registry.KINDS:
        key, params_key = registry.KEYS[kind]
        names = ", ".join(f"`{n}`" for n in registry.BUILT_IN[kind])
        out.append(f"| {kind} | `{key}` | {names} | `{params_key}` |")
    out.append("")
    listed = False
    for kind, name in plugins:
        model = registry.params_model(registry.load(kind, name))
        if not listed:
            out += ["### Policy parameters", ""]
            listed = True
        out += [f"`{name}` ({kind}):", ""]
        if model is None:
            out += ["It declares no parameters.", ""]
            continue
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        out += ["| key | type | unit | default | allowed | meaning |", "|---|---|---|---|---|---|"]
        required = set(schema.get("required", []))
        for field, prop in schema.get("properties", {}).items():
            default = (
                "**required**" if field in required else f"`{json.dumps(prop.get('default'))}`"
            )
            desc = (prop.get("description") or "").replace("\n", " ").replace("|", "\\|")
            out.append(
                f"| `{registry.KEYS[kind][1]}.{field}` | {_type(prop, defs)} | {_unit(field)} | "
                f"{default} | {_range(prop)} | {desc} |"
            )
        out.append("")
    return out


def markdown(plugins: Iterable[tuple[str, str]] = ()) -> str:
    """The scenario reference as Markdown (with the parameters of the plug-in policy classes
    ``plugins``, (kind, ``package.module:Class``) pairs, when given)."""
    schema = json_schema()
    defs = schema.get("$defs", {})
    out = [
        "# Scenario reference",
        "",
        "Generated from the schema by `python -m sim.scenario.reference` — do not edit by hand; "
        "`tests/scenario/test_reference.py` fails when this page is out of date.",
        "",
        "A scenario file is YAML. Units are in the key names (`_h` hours, `_days` days, `_teu`",
        "TEU, `_km` km, `_usd` USD, `_kg` kg CO2e). Unknown keys are errors. Editors that read",
        "JSON Schema (VS Code with the YAML extension, PyCharm) complete and check keys when the",
        "file starts with `# yaml-language-server: $schema=scenario.schema.json`, after",
        "`yiwu-sim schema > scenario.schema.json`.",
        "",
        "A minimal example:",
        "",
        "```yaml",
        EXAMPLE,
        "```",
        "",
        "A **distribution** is a mapping with `dist` and its parameters:",
        "`{dist: constant, value}`, `{dist: exponential, mean}`, `{dist: gamma, mean, cv}`,",
        "`{dist: lognormal, mean, cv}`",
        "(the variates' own mean and coefficient of variation), `{dist: triangular, low, mode,",
        "high}`, `{dist: uniform, low, high}`, `{dist: poisson, mean}`, `{dist: empirical, values,",
        "weights}`. All values are non-negative.",
        "",
        "**`--set KEY.PATH=VALUE`** changes one value of the scenario for one command; a part",
        "of the path made of digits is a list position (`market.categories.0.share=0.2`). With",
        "every command (and a sweep's `--vary`, a plan's `--decide`), a path into a part the file",
        "leaves out starts from that part's default, as the run folder's `scenario.yaml` shows",
        "it: in a file without `borders`, `--set logistics.borders.MAL.service_h.mean=12` keeps",
        "the crossing's servers and the distribution's `dist` and `cv` and changes the mean;",
        "`--set logistics.borders.MAL.service_h.dist=exponential` there keeps the mean, which",
        "an exponential takes, and drops the `cv`, which it does not (a kind with other",
        "parameters, `triangular`, names those still to give).",
        "A whole mapping given as the value (`--set 'buyers.order_teu={mean: 1}'`) replaces",
        "the default and must be complete.",
        "",
    ]
    sections = [("Scenario", schema)] + [
        (name, d) for name, d in sorted(defs.items()) if name not in DIST_NAMES
    ]
    for name, d in sections:
        props = d.get("properties", {})
        if not props:
            continue
        required = set(d.get("required", []))
        out += [f"## {name}", "", (d.get("description") or "").replace("\n", " "), ""]
        out += ["| key | type | unit | default | allowed | meaning |", "|---|---|---|---|---|---|"]
        for key, prop in props.items():
            if key in required:
                default = "**required**"
            elif isinstance(prop.get("default"), dict) and "$ref" in json.dumps(prop):
                default = "see its section"  # a nested block: its own table lists the defaults
            elif "default" in prop:
                default = f"`{json.dumps(prop['default'])}`"
            else:
                default = ""
            desc = (prop.get("description") or "").replace("\n", " ").replace("|", "\\|")
            out.append(
                f"| `{key}` | {_type(prop, defs)} | {_unit(key)} | {default} | "
                f"{_range(prop)} | {desc} |"
            )
        out.append("")
    out += _policies(plugins)
    return "\n".join(out).rstrip("\n")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Print the scenario reference (Markdown).")
    p.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="KIND=MODULE:CLASS",
        help="also list the parameters this plug-in policy class declares",
    )
    args = p.parse_args(argv)
    plugins = []
    for item in args.policy:
        kind, _, name = item.partition("=")
        if kind not in registry.KINDS or not name:
            p.error(f"--policy {item}: use KIND=package.module:Class, KIND one of "
                    f"{', '.join(registry.KINDS)}")  # fmt: skip
        plugins.append((kind, name))
    try:
        print(markdown(plugins))
    except ValueError as exc:
        p.error(str(exc))


if __name__ == "__main__":
    main()
