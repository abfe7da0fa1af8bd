"""The commands about scenarios and the network that write no results folder: ``validate``
(every problem of scenario files), ``network`` (the lines, and the network's GraphML and GeoJSON
exports), ``schema`` (the scenario JSON Schema) and ``explore`` (the local web page).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from sim.cli.printing import _error_text, _lang, _out, _pad, _warning, _width
from sim.cli.process import EXIT_USAGE
from sim.cli.scenario_warnings import _horizon, _warn
from sim.errors import ScenarioError


def cmd_explore(args: argparse.Namespace) -> int:
    from sim.explore.server import serve
    from sim.output.glossary import term

    lang = _lang(args)
    server = serve(args.scenario, args.port, tuple(args.allow_host or ()))
    url = server.url + ("#lang=zh" if lang == "zh" else "")  # the page opens in the language
    _out(term("cmd:explorer", lang, url=url))
    sys.stdout.flush()
    try:
        server.serve_forever()
    finally:
        server.explorer.stop()
        server.server_close()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.output.glossary import term
    from sim.world.inputs import load_scenario

    bad = 0
    lang = _lang(args)
    overrides = list(args.set or [])  # checked against every file, as `run --set` would be
    for path in args.scenarios:
        try:
            sc = load_scenario(path, overrides)
        except ScenarioError as exc:
            bad += 1
            sys.stderr.write(_error_text(exc, lang, frame=False) + "\n")
        else:
            _out(term("cmd:valid_ok", lang, path=path))
            from sim.scenario.yaml_io import yaml11_differences
            from sim.scenario.yaml_write import scenario_source
            from sim.world.inputs import resolve

            source = scenario_source(path)  # values YAML 1.1 (PyYAML) read otherwise
            for note in yaml11_differences(source.text, path) if source else []:
                _warning(term("cli:warn_named", lang, which=path, text=note), lang)
            _warn(resolve(sc), lang=lang)
            _horizon([sc], lang)  # the same warnings `run` prints: "ok" is not silent about them
    return EXIT_USAGE if bad else 0


def cmd_network(args: argparse.Namespace) -> int:
    from sim.output.glossary import term
    from sim.world.network import load_network

    lang = _lang(args)
    net = load_network()

    def t(key: str) -> str:
        return term(f"cmd:net_{key}", lang)

    def sourced_days(text: str) -> str:  # "31-35 port-to-port": the words in lang
        return text.replace("port-to-port", t("port_to_port")) if text else "-"

    # columns padded by terminal width (a Chinese character takes two), each at least as wide
    # as its head
    heads = ("line", "name", "km", "model_d", "sourced_d", "sourced_km")
    w = dict(zip(heads, (max(n, _width(t(h))) for h, n in zip(heads, (5, 30, 7, 7, 18, 12)))))

    def row(cells: dict[str, str], last: str) -> str:
        return (
            " ".join(_pad(cells[h], w[h], h not in ("line", "name")) for h in heads) + "  " + last
        )

    _out(row({h: t(h) for h in heads}, t("borders")))
    for line in net.lines.values():
        cells = {"line": line.id, "name": line.name_in(lang), "km": f"{line.km:,.0f}",
                 "model_d": f"{net.nominal_days(line):.1f}",
                 "sourced_d": sourced_days(line.sourced_days),
                 "sourced_km": _thousands(line.sourced_km) or "-"}  # fmt: skip
        _out(row(cells, "-".join(line.borders) or "-"))
    _out(t("note"))
    # the crossings' codes in the table, named once in the reader's language
    codes = dict.fromkeys(b for line in net.lines.values() for b in line.borders)
    named = ("、" if lang == "zh" else ", ").join(f"{b} {net.place_name(b, lang)}" for b in codes)
    _out(term("cmd:net_legend", lang, list=named))
    if args.out:
        from sim.output.install import _os_error

        try:
            graphml, geojson = net.write_exports(Path(args.out))
        except OSError as exc:  # "cannot write (Not a directory)", as every command says it
            raise _os_error(exc, Path(args.out)) from None
        _out(term("cmd:net_wrote", lang, graphml=graphml, geojson=geojson))
    return 0


def _thousands(text: str) -> str:
    """The whole numbers in a sourced figure ("13052", "9800-11000") with thousands separators,
    as the model's km beside them ("13,052")."""
    return re.sub(r"\d{4,}", lambda m: f"{int(m.group()):,}", text or "")


def cmd_schema(args: argparse.Namespace) -> int:
    from sim.scenario import json_schema

    _out(json.dumps(json_schema(), indent=2))
    return 0
