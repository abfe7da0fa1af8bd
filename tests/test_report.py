import shutil
import tempfile

import pytest

from sim.errors import ResultsError
from sim.experiment.runs import compare, run_replications, sweep
from sim.model import Model
from sim.output import plots, report
from sim.output.report import build_report
from sim.output.results import write_run
from sim.scenario import read_scenario_file
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    sc = load_scenario(TEACHING, ["name=evil", "description=<script>alert(1)</script> & more"])
    return write_run(Model(sc).run(), tmp_path_factory.mktemp("report") / "run")


def test_report_is_rebuilt_without_simulating(run_folder, monkeypatch):
    def no_sim(*a, **k):
        raise AssertionError("the report must not simulate")

    monkeypatch.setattr(Model, "run", no_sim)
    path = build_report(run_folder)
    html = path.read_text()
    assert html.count("<img ") == len(list((run_folder / "figures").glob("*.png"))) >= 12
    assert "data:image/png;base64," in html
    assert (run_folder / "report.md").read_text().startswith("# yiwu-sim report: evil")


def test_scenario_text_is_escaped(run_folder):
    html = build_report(run_folder).read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_chinese_without_a_cjk_font_says_so(run_folder, monkeypatch):
    monkeypatch.setattr(plots, "cjk_font", lambda: None)
    html = build_report(run_folder, lang="zh").read_text()
    assert "no CJK font is installed" in html


def test_not_a_results_folder(tmp_path):
    with pytest.raises(ResultsError, match="not a results folder"):
        build_report(tmp_path)


def test_replication_comparison_and_sweep_reports(tmp_path):
    sc = load_scenario(TEACHING, ["days=40", "warmup_days=5"])
    rs = run_replications(sc, 2, out=tmp_path)
    assert "replications of" in build_report(rs.folder).read_text()
    comp = compare([sc, sc], 2, out=tmp_path)
    assert "paired against" in build_report(comp.folder).read_text()
    base = read_scenario_file(TEACHING)
    base.update(days=40, warmup_days=5)
    sw = sweep(base, {"logistics.lines.L01.trains_per_week": [0.5, 1.0]}, 2, out=tmp_path)
    html = build_report(sw.folder).read_text()
    assert html.count("<img ") == len(report.HEADLINE) - 2


def _chrome():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("headless browser check needs Debian's chromium and chromium-driver packages")
    webdriver = pytest.importorskip("selenium.webdriver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    profile = tempfile.mkdtemp()
    # no background networking: this machine's network is closed, and the profile is a fresh one
    args = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    args += "--disable-background-networking --disable-component-update --disable-sync "
    args += "--disable-dev-shm-usage"
    for arg in [*args.split(), f"--user-data-dir={profile}"]:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=driver)
    return webdriver.Chrome(options=opts, service=service), profile


def test_report_opens_in_headless_chromium(run_folder):
    path = build_report(run_folder)
    browser, profile = _chrome()
    try:
        browser.get(path.resolve().as_uri())
        images = browser.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth]);"
        )
        assert len(images) >= 12
        assert all(done and width > 0 for done, width in images), images
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        assert browser.title == "yiwu-sim report: evil"
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _figures(n=3):
    from matplotlib.figure import Figure

    out = []
    for i in range(n):
        fig = Figure(figsize=(3, 2), layout="constrained")
        ax = fig.add_subplot()
        ax.plot([0, 1, 2], [i, i + 1, i * i])
        ax.set_title(f"figure {i}")
        out.append(fig)
    return out


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork here"
)
def test_figures_drawn_by_worker_processes_are_the_same_bytes():
    # in a fresh interpreter: this one may run threads left by other tests, and then the
    # report rightly draws in-process
    code = """
import concurrent.futures
from sim.output import forking, report
from tests.test_report import _figures
started = []
class Spy(concurrent.futures.ProcessPoolExecutor):
    def __init__(self, *a, **k):
        started.append(1)
        super().__init__(*a, **k)
forking.ProcessPoolExecutor = Spy
forking.os.cpu_count = lambda: 2
pngs = report.render_pngs(_figures())
assert started == [1], started
assert pngs == [report._png(f) for f in _figures()]
assert all(p.startswith(b"\\x89PNG") for p in pngs)
print("ok")
"""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip() == "ok", out.stderr


def test_an_interrupted_report_leaves_no_half_made_figures_folder(run_folder, monkeypatch):
    before = build_report(run_folder).read_bytes()

    def interrupted(figures):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "render_pngs", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_report(run_folder)
    assert not list(run_folder.glob(".figures.tmp-*"))
    assert (run_folder / "report.html").read_bytes() == before  # the last report is intact
