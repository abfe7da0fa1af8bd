"""``--lang zh`` leaves no English interface string in a report: every word of three or more
Latin letters left in the page's text (figures included) is a proper name — a scenario, line,
place or KPI key, a file or command, a unit or an abbreviation the glossary keeps."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sim.experiment import planning
from sim.output.plan_report import write_plan_report
from sim.output.report import build_report
from tests.output.test_compare_report import closure  # noqa: F401  (the shared comparison)

KEPT = {
    # abbreviations and units the Chinese pages keep as they are
    "TEU", "PCS", "KN", "TPE", "Optuna", "CO2e", "USD", "Kim", "Nelson", "Andradottir", "yiwu",
    "sim", "yaml", "set", "replications", "budget", "run", "summaries", "only", "svg", "lang",
    "nan", "inf", "Yiwu", "Natural", "Earth", "Student",
}  # fmt: skip


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("style", "script", "pre", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "pre", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def english_left(page: str, proper: set[str]) -> list[str]:
    """Latin words of three letters or more that are neither proper names nor kept."""
    p = _Text()
    p.feed(page.replace("<wbr>", ""))  # (a place a key path may break at, inside its word)
    text = " ".join(p.parts)
    text = re.sub(r"--[\w.-]+(=\S+)?", " ", text)  # command-line options and their values
    # file names, with the folders of a path (a plan's command gives its scenario's)
    text = re.sub(r"[\w./-]*[\w-]+\.(yaml|csv|json|html|md|parquet)\b", " ", text)
    text = re.sub(r"\b[A-Za-z_]+(\.[A-Za-z0-9_]+)+(=\S+)?", " ", text)  # KPI keys, key paths
    text = re.sub(r"\b[a-z0-9]+_[a-z0-9_]+\b", " ", text)  # identifiers of the scenario's data
    text = re.sub(r"\b[A-Z]\d\d:[a-z]+\b", " ", text)  # a sea line's legs: S01:feeder
    # proper names may hold several words (Budapest-Belgrade, teaching-small)
    for name in sorted(proper, key=len, reverse=True):
        text = text.replace(name, " ")
    words = re.findall(r"[A-Za-z]{3,}", text)
    return sorted({w for w in words if w not in KEPT})


def _places() -> set[str]:
    """The network's ids (``MAL``, ``L01``), which a Chinese page keeps; its places and lines
    it names in Chinese (``name_zh`` of the network data), so their English names are not here."""
    from sim.world.network import load_network

    net = load_network()
    return set(net.nodes) | set(net.lines)


def english_places(text: str) -> list[str]:
    """The network's English place and line names found in ``text``."""
    from sim.world.network import load_network

    net = load_network()
    names = {n.name for n in net.nodes.values()} | {ln.name for ln in net.lines.values()}
    names |= {ln.name.removeprefix("Yiwu-") for ln in net.lines.values()}
    return sorted(n for n in names if re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![a-z])", text))


@pytest.fixture(scope="module")
def closed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The teaching world with Malaszewicze and Brest closed 6-18 January (trains wait there)."""
    from tests.conftest import write_closed_teaching

    return write_closed_teaching(tmp_path_factory.mktemp("closed"))


def test_chinese_run_report_and_summary_name_the_crossings_in_chinese(
    closed_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The longest border wait, the map's lines and crossings: in Chinese under ``--lang zh``
    (布列斯特（BRE）, 义乌—马德里), in English otherwise (Brest (BRE), Yiwu-Madrid)."""
    from sim.cli import main

    assert main(["run", str(closed_run), "--lang", "zh", "--out", str(tmp_path / "zh")]) == 0
    out = capsys.readouterr().out
    assert "布列斯特（BRE）" in out and not english_places(out), out
    folder = next((tmp_path / "zh" / "teaching-closed").iterdir())
    for name in ("report.html", "report.md"):
        page = (folder / name).read_text(encoding="utf-8")
        assert "布列斯特（BRE）" in page, name
        assert not english_places(page), (name, english_places(page))
    network_map = (folder / "figures" / "network.svg").read_text(encoding="utf-8")
    assert "义乌—马德里" in network_map and not english_places(network_map)
    assert main(["run", str(closed_run), "--out", str(tmp_path / "en")]) == 0
    out = capsys.readouterr().out
    assert "Brest (BRE)" in out and "布列斯特" not in out
    folder = next((tmp_path / "en" / "teaching-closed").iterdir())
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "Brest (BRE)" in page and "Yiwu-Madrid" in page and "义乌" not in page


def test_chinese_comparison_names_the_closed_crossings_in_chinese(closure: Path) -> None:  # noqa: F811
    build_report(closure, lang="zh")
    page = (closure / "report.html").read_text(encoding="utf-8")
    assert "马拉舍维奇（MAL）" in page and not english_places(page), english_places(page)
    build_report(closure, lang="en")
    page = (closure / "report.html").read_text(encoding="utf-8")
    assert "Malaszewicze (MAL)" in page and "马拉舍维奇" not in page


def test_chinese_comparison_report_has_no_english_interface_string(closure: Path) -> None:  # noqa: F811
    build_report(closure, lang="zh")
    page = (closure / "report.html").read_text(encoding="utf-8")
    left = english_left(page, _places() | {"teaching-small", "teaching-closed"})
    assert not left, left


def test_chinese_plan_report_has_no_english_interface_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.experiment.test_plan_answer import SHARE, fake_execute, spec

    monkeypatch.setattr(planning, "execute", fake_execute(SHARE))
    result, folder = planning.plan(spec(), out=tmp_path, root_seed=5)
    write_plan_report(result, folder, lang="zh")
    page = (folder / "plan.html").read_text(encoding="utf-8")
    left = english_left(page, _places() | {result["scenario"]})
    assert not left, left
    assert "马德里（L01）" in page  # the decision's line by its Chinese name, its id kept
    # and the English page does say it in English: the check can fail
    write_plan_report(result, folder, lang="en")
    assert english_left((folder / "plan.html").read_text(encoding="utf-8"), _places())


def test_chinese_run_report_has_no_english_interface_string(tmp_path: Path) -> None:
    from sim.model import Model
    from sim.output.results import write_run
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml")
    folder = write_run(Model(sc).run(), tmp_path / "run")
    build_report(folder, lang="zh")
    page = (folder / "report.html").read_text(encoding="utf-8")
    # the scenario's description in Chinese (description_zh), not its English one
    assert sc.description_zh and sc.description_zh in page and sc.description not in page
    left = english_left(page, _places() | {sc.name})
    assert not left, left


def test_chinese_replications_and_sweep_reports_have_no_english_interface_string(
    tmp_path: Path,
) -> None:
    from sim.experiment.runs import run_replications, sweep
    from sim.scenario import read_scenario_file
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    path = ROOT / "scenarios" / "teaching_small.yaml"
    sc = load_scenario(path)
    rs = run_replications(sc, 2, out=tmp_path)
    sw = sweep(read_scenario_file(path), {"logistics.lines.L01.trains_per_week": [0.5, 1.0]}, 2,
               out=tmp_path)  # fmt: skip
    for folder in (rs.folder, sw.folder):
        build_report(folder, lang="zh")
        page = (folder / "report.html").read_text(encoding="utf-8")
        left = english_left(page, _places() | {sc.name})
        assert not left, (folder.name, left)


def test_chinese_command_line_summary_has_no_english_interface_string(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import html

    from sim.cli import main
    from tests.conftest import ROOT

    teaching = ROOT / "scenarios" / "teaching_small.yaml"
    code = main(["run", str(teaching), "--lang", "zh", "--no-report", "--out", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("结果：")
    out = "\n".join(out.splitlines()[:-1])  # the results line ends with a path
    left = english_left(f"<p>{html.escape(out)}</p>", _places() | {"teaching-small"})
    assert not left, left


def test_chinese_capacity_warning_names_the_line_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sim.cli import main
    from tests.conftest import ROOT

    teaching = str(ROOT / "scenarios" / "teaching_small.yaml")
    few = ["--set", "logistics.lines.L01.trains_per_week=0.1", "--no-report", "--quiet"]
    assert main(["run", teaching, *few, "--lang", "zh", "--out", str(tmp_path / "zh")]) == 0
    err = capsys.readouterr().err
    assert "线路 L01（义乌—马德里）" in err and not english_places(err), err
    assert main(["run", teaching, *few, "--out", str(tmp_path / "en")]) == 0
    assert "line L01 (Yiwu-Madrid)" in capsys.readouterr().err


def test_a_chinese_run_report_says_a_description_without_chinese_is_the_authors_english(
    tmp_path: Path,
) -> None:
    """A scenario with no ``description_zh``: the Chinese page shows its English description
    after words that say it is the author's, in English (marked ``lang='en'``), in the HTML and
    the Markdown; the English page shows it as it was, with no such words."""
    from sim.model import Model
    from sim.output.results import write_run
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["description_zh=null"])
    folder = write_run(Model(sc).run(), tmp_path / "run")
    build_report(folder, lang="zh")
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert f"（情景作者的英文说明，未翻译）<span lang='en'>{sc.description}</span>" in page
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert f"（情景作者的英文说明，未翻译）{sc.description}" in md
    build_report(folder, lang="en")
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert f"<p class='description'>{sc.description}</p>" in page and "作者" not in page
