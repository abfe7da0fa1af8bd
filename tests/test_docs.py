"""The documentation cannot go stale: every command shown runs, every notebook executes, and
the results reference lists every column and KPI the model writes."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim.results.run import BORDER_COLUMNS, ORDER_COLUMNS, TRAIN_COLUMNS
from tests.conftest import ROOT

PAGES = [ROOT / "README.md", ROOT / "docs" / "tutorial.md", ROOT / "docs" / "how-to.md"]
SKIP = (
    # installing is what CI and the fresh-environment check do; the test run is this one
    re.compile(r"^pip install"),
    re.compile(r"^python -m pytest"),
    # a local web server that runs until it is stopped (tests/test_explore*.py drive it)
    re.compile(r"^yiwu-sim explore\b"),
)


def commands(page: Path) -> list[str]:
    """Shell commands in the page's ```bash blocks (continuations joined, comments dropped)."""
    out = []
    for block in re.findall(r"```bash\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
        text = re.sub(r"\\\n\s*", " ", block)
        buf: list[str] = []
        heredoc = None  # a here-document stays one command with its body
        for line in text.splitlines():
            if heredoc:
                buf.append(line)
                if line.strip() == heredoc:
                    out.append("\n".join(buf))
                    buf, heredoc = [], None
                continue
            line = re.sub(r"\s+#[^'\"]*$", "", line).strip()
            if not line:
                continue
            m = re.search(r"<<'(\w+)'$", line)
            if m:
                heredoc, buf = m[1], [line]
                continue
            out.append(line)
    return out


def _runnable(cmd: str) -> str | None:
    cmd = re.sub(r"^pip install \S+ && ", "", cmd)  # "pip install . && yiwu-sim run"
    return None if any(p.search(cmd) for p in SKIP) else cmd


@pytest.fixture
def workdir(tmp_path):
    """A fresh project folder per page, as a reader following it would have."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    return tmp_path


def _env():
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_command_on_the_page_runs(page, workdir):
    cmds = [c for c in map(_runnable, commands(page)) if c]
    assert cmds, f"no commands found in {page.name}"
    for cmd in cmds:
        proc = subprocess.run(
            ["bash", "-c", cmd], cwd=workdir, env=_env(), capture_output=True, text=True,
            timeout=600, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, f"{page.name}: `{cmd}` failed:\n{proc.stdout}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr, cmd


def test_the_readme_shows_the_two_setup_commands():
    cmds = commands(ROOT / "README.md")
    assert cmds[0] == "pip install . && yiwu-sim run"
    assert cmds[1] == 'pip install ".[test]" && python -m pytest'
    ci = (ROOT / ".ci" / "run").read_text()
    assert cmds[1] in ci, ".ci/run must run the README's test command"


def test_results_reference_lists_every_column_and_kpi(tmp_path):
    from sim.model import Model
    from sim.world.inputs import load_scenario

    text = (ROOT / "docs" / "results-reference.md").read_text(encoding="utf-8")
    for col in (*ORDER_COLUMNS, *TRAIN_COLUMNS, *BORDER_COLUMNS):
        assert f"`{col}`" in text, col
    r = Model(load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=20"])).run()
    for key in r.summary:
        assert f"`{key}`" in text, f"summary key {key} is not documented"
    from sim.results.analysis import daily_table

    for col in daily_table(r.tables, 20, r.scenario.start):
        if not col.startswith("queue_"):
            assert f"`{col}`" in text, f"daily column {col} is not documented"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_example_notebook_executes():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "docs" / "example.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "docs")}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)
