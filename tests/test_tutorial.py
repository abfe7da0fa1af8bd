"""docs/tutorial.md works as written: every command runs, no command prints a warning the page
does not explain, the explorer it describes starts and answers, and the numbers it quotes are
numbers the model prints (checked for their shape, not their values: the model may move them).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_docs import _env as _docs_env
from tests.test_docs import _runnable, commands

PAGE = ROOT / "docs" / "tutorial.md"


def _env() -> dict[str, str]:
    """The commands' environment: ``yiwu-sim`` runs this checkout's package, wherever the
    commands run from."""
    env = _docs_env()
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _words(text: str) -> list[str]:
    """Lower-case words with every number replaced by ``#`` and markup dropped."""
    text = re.sub(r"[`*_\"']", " ", text.lower())
    text = re.sub(r"\d[\d,.]*", "#", text)
    return re.findall(r"[#\w]+", text)


def explained(warning: str, page: str, window: int = 6) -> bool:
    """Whether the page quotes some ``window`` consecutive words of the warning (numbers aside).

    A warning is explained when the reader can find it on the page by its words; its numbers
    may differ (they depend on the model's version).
    """
    page_text = " ".join(_words(page))
    w = _words(warning.removeprefix("warning:"))
    return any(" ".join(w[i : i + window]) in page_text for i in range(len(w) - window + 1))


def test_explained_finds_a_quoted_warning_and_not_another():
    page = 'It says "goods will queue at Yiwu and the queue will grow through the run".'
    assert explained("warning: line L01 is offered 12.8 TEU ... goods will queue at Yiwu and "
                     "the queue will grow through the run", page)  # fmt: skip
    assert not explained("warning: festival_goods: its deadline 17 Feb 2026 falls after the "
                         "run ends (30 Dec 2025)", page)  # fmt: skip


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fresh project folder the page's commands run in."""
    import shutil

    folder = tmp_path_factory.mktemp("tutorial")
    shutil.copytree(ROOT / "scenarios", folder / "scenarios")
    return folder


@pytest.fixture(scope="module")
def transcript(work: Path) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    """Every command of the page, run in order in ``work``."""
    out = []
    for cmd in (c for c in map(_runnable, commands(PAGE)) if c):
        proc = subprocess.run(["bash", "-c", cmd], cwd=work, env=_env(), capture_output=True,
                              text=True, timeout=600, check=False)  # fmt: skip
        out.append((cmd, proc))
    return out


def test_every_command_runs_without_an_unexplained_warning(transcript):
    page = PAGE.read_text(encoding="utf-8")
    assert len(transcript) >= 8
    seen = 0
    for cmd, proc in transcript:
        assert proc.returncode == 0, f"`{cmd}` failed:\n{proc.stdout}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr, cmd
        for line in (proc.stdout + proc.stderr).splitlines():
            if "warning" in line.lower():
                seen += 1
                assert explained(line, page), (
                    f"`{cmd}` warns and the tutorial does not say so:\n{line}"
                )
    assert seen >= 2  # the page's own examples of warnings do warn


def test_the_quoted_outputs_are_what_the_commands_print(transcript):
    outputs = {cmd: proc.stdout + proc.stderr for cmd, proc in transcript}
    first = outputs["yiwu-sim run scenarios/teaching_small.yaml"]
    # the summary lines the tutorial explains, in the words it uses for them
    for line in ("orders placed", "delivered by the end", "lead time", "by rail", "by sea",
                 "where the time goes", "delivered by the deadline", "train load factor",
                 "longest mean border wait"):  # fmt: skip
        assert line in first, line
    for stage in ("merchant", "consolidation", "waiting for departure", "travel", "release"):
        assert stage in first
    assert "results: results/teaching-small/seed-42" in first
    # the rail and sea lead times the text quotes are of the order the run prints
    rail = float(re.search(r"by rail: mean / p95\s+([\d.]+)", first)[1])
    sea = float(re.search(r"by sea: mean / p95\s+([\d.]+)", first)[1])
    assert rail < sea
    page = PAGE.read_text(encoding="utf-8")
    quoted = re.search(r"Rail takes about (\d+) days, sea about (\d+)", page)
    assert quoted, "the tutorial quotes the rail and sea lead times"
    assert abs(int(quoted[1]) - rail) / rail < 0.5 and abs(int(quoted[2]) - sea) / sea < 0.5
    # the teaching scenario's description says what it runs
    head = first.splitlines()[0]
    days = int(re.search(r"(\d+) days from", head)[1])
    from sim.world.inputs import load_scenario

    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml")
    assert sc.days == days and f"{days} days" in sc.description
    # step 2 writes its own folder; step 4's broken file is refused with the key path
    assert any("one-madrid-train" in o for o in outputs.values())
    broken = next(o for c, o in outputs.items() if "broken.yaml" in c and "validate" in c)
    assert "buyers.destinations" in broken and "validate found the problem (exit code 2)" in broken
    for name in ("too_short.yaml", "too_few_trains.yaml"):
        text = next(o for c, o in outputs.items() if c == f"yiwu-sim validate {name}")
        assert f"{name}: ok" in text and "warning:" in text


def test_the_explorer_starts_as_the_tutorial_says():
    """Step 5: ``yiwu-sim explore`` prints an address; the page and the baseline answer there."""
    page = PAGE.read_text(encoding="utf-8")
    assert "yiwu-sim explore" in page and "中文" in page
    proc = subprocess.Popen([sys.executable, "-m", "sim", "explore"], env=_env(), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        with urllib.request.urlopen(url[0], timeout=30) as r:
            assert r.status == 200 and "中文" in r.read().decode()
        end = time.monotonic() + 60
        while time.monotonic() < end:
            with urllib.request.urlopen(url[0] + "api/job/1", timeout=30) as r:
                st = json.loads(r.read())
            if st["status"] == "done":
                break
            time.sleep(0.2)
        assert st["status"] == "done" and st["total"] == 3  # the baseline, three times
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stderr is not None:
            proc.stderr.close()
        if proc.stdout is not None:
            proc.stdout.close()


def test_the_page_lists_its_commands_in_bash_blocks():
    assert Path(PAGE).exists()
    cmds = commands(PAGE)
    assert "yiwu-sim validate too_short.yaml" in cmds and "yiwu-sim run my_first.yaml" in cmds


def test_the_quoted_mistake_is_what_validate_prints(
    transcript: list[tuple[str, subprocess.CompletedProcess[str]]],
) -> None:
    """Step 4 quotes the message of a mistake: it is the one ``validate`` prints for it."""
    page = " ".join(PAGE.read_text(encoding="utf-8").split())
    quoted = re.search(r"for example `(buyers\.destinations: [^`]+)`", page)
    assert quoted, "the tutorial quotes the message of a mistake"
    broken = next(p for c, p in transcript if "broken.yaml" in c and "validate" in c)
    assert quoted[1] in " ".join((broken.stdout + broken.stderr).split())


def test_the_overloaded_line_is_run_into_a_folder_of_its_own(
    work: Path, transcript: list[tuple[str, subprocess.CompletedProcess[str]]]
) -> None:
    """Step 4 says to run too_few_trains.yaml and read the warning at the top of its report; the
    file keeps my_first's name and seed, so a plain ``run`` finds the folder taken and stops."""
    runs = [(c, p) for c, p in transcript if c.startswith("yiwu-sim run too_few_trains.yaml")]
    assert runs, "the tutorial runs too_few_trains.yaml"
    proc = runs[0][1]
    assert proc.returncode == 0, proc.stderr
    printed = re.search(r"results: (\S+)", proc.stdout)
    assert printed, proc.stdout
    folder = work / printed[1]
    assert folder != work / "results/my-first/seed-1"  # my_first.yaml's run is kept
    report = (folder / "report.md").read_text(encoding="utf-8")
    top = report.split("## ")[0]  # before the first section: the top of the report
    assert "goods will queue at Yiwu" in top
    assert f"results/{folder.relative_to(work / 'results')}/report.html" in PAGE.read_text(
        encoding="utf-8"
    )


def test_the_closure_of_step_5_holds_as_many_madrid_trains_as_the_page_says() -> None:
    """Step 5.3 counts the trains that wait at a closed Malaszewicze: one at 0.5 Madrid trains a
    week (step 1's setting), four at 2 (the teaching world's seed 42, as the explorer runs it)."""
    from sim.model import Model
    from sim.world.inputs import load_scenario

    page = " ".join(PAGE.read_text(encoding="utf-8").split())
    said = re.search(r"with the 0\.5 trains a week of step 1 (\w+) train waits, and with the "
                     r"slider back at 2 (\w+) of them", page)  # fmt: skip
    assert said, "step 5.3 says how many trains wait"
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    closure = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
               "servers_factor: 0}]")  # fmt: skip
    for per_week, expected in (("0.5", said[1]), ("2", said[2])):
        sets = [f"logistics.lines.L01.trains_per_week={per_week}", closure]
        sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", sets)
        c = Model(sc).run().tables["crossings"]
        waited = (c["border"] == "MAL") & (c["wait_h"] > 24)
        assert int(waited.sum()) == words[expected], (per_week, int(waited.sum()))
