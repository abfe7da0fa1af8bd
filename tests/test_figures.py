"""sim.figures: matplotlib figures of saved folders (never a simulation), and `yiwu-sim figures`."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import matplotlib
import pytest
from matplotlib.figure import Figure

from sim.cli import main
from sim.experiment import compare, run_replications, sweep
from sim.figures import (
    comparison_figures,
    folder_figures,
    replication_figures,
    run_figures,
    save_figures,
    sweep_figures,
)
from sim.figures.experiments import KPIS
from sim.output.colours import line_colour
from sim.scenario import read_scenario_file
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
RUN_FIGURES = {
    "network", "last_safe_order", "teu_by_line", "trains_per_week", "lead_time", "stages",
    "border_queues", "orders_by_category", "on_time", "border_waits", "load_factor", "buyers",
}  # fmt: skip


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """A replication set (whose first replication is a run folder), a comparison and a sweep of
    the teaching world, 40 days each."""
    out = tmp_path_factory.mktemp("figures")
    sc = load_scenario(TEACHING, ["days=40"])
    reps = run_replications(sc, 2, out=out / "reps")
    busy = load_scenario(TEACHING, ["days=40", "buyers.visits_per_day=2400", "name=busy"])
    comp = compare([sc, busy], 2, out=out / "cmp")
    base = read_scenario_file(TEACHING)
    base["days"] = 40
    vary = {"logistics.lines.L01.trains_per_week": [1, 3]}
    sw = sweep(base, vary, 2, source=str(TEACHING), out=out / "sweep")
    return {
        "run": reps.folder / "rep-000",
        "replications": reps.folder,
        "comparison": comp.folder,
        "sweep": sw.folder,
    }


def _no_simulation(monkeypatch):
    """Building figures must not run the model: make any attempt fail loudly."""
    import sim.model

    def refuse(*args, **kwargs):
        raise AssertionError("a figure ran a simulation")

    monkeypatch.setattr(sim.model.Model, "run", refuse)


def test_a_run_folder_gives_the_report_s_figures_in_its_colours(folders, monkeypatch):
    _no_simulation(monkeypatch)
    before = dict(matplotlib.rcParams)
    figs = run_figures(folders["run"])
    assert set(figs) == RUN_FIGURES
    assert all(isinstance(f, Figure) and f.axes for f in figs.values())
    assert all(f.canvas.manager is None for f in figs.values())  # not registered with pyplot
    assert dict(matplotlib.rcParams) == before  # the global style is untouched
    teu = figs["teu_by_line"].axes[0]
    drawn = {ln.get_label(): ln.get_color() for ln in teu.get_lines()}
    assert drawn and all(c == line_colour(lid) for lid, c in drawn.items())


def test_a_replication_set_shows_each_kpi_with_its_interval_and_replications(folders):
    (fig,) = replication_figures(folders["replications"]).values()
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert "lead time mean, days" in titles and "CO2e, t" in titles
    ax = fig.axes[titles.index("lead time mean, days")]
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "."]
    assert len(dots[0].get_xdata()) == 2  # both replications' values are drawn


def test_a_comparison_shows_intervals_and_paired_differences(folders):
    figs = comparison_figures(folders["comparison"])
    assert set(figs) == {"kpi_intervals", "paired_differences"}
    ax = figs["paired_differences"].axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["busy"]
    assert "teaching-small" in figs["paired_differences"].get_suptitle()
    ax = figs["kpi_intervals"].axes[0]  # each scenario's replications, from its sub-folder
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "."]
    assert [len(d.get_xdata()) for d in dots] == [2, 2]


def test_every_run_folder_of_an_experiment_keeps_the_scenario_file_s_comments(folders):
    for kind, runs in (("replications", 2), ("sweep", 4)):
        paths = sorted(folders[kind].glob("**/rep-*/scenario.yaml"))
        assert len(paths) == runs
        for path in paths:
            assert path.read_text(encoding="utf-8").startswith("# Question (for students)"), path


def test_a_sweep_shows_each_kpi_against_the_swept_value(folders):
    fig = sweep_figures(folders["sweep"])["kpi_vs_parameter"]
    ax = fig.axes[0]
    assert ax.get_xlabel() == "logistics.lines.L01.trains_per_week"
    assert list(ax.get_lines()[0].get_xdata()) == [1.0, 3.0]


def test_a_sweep_shows_each_points_paired_difference_against_the_first(folders):
    """A sweep's paper figures drew each point's own interval only (bands that overlap where
    the common seeds make the difference plain); they draw the paired differences of
    sweep.json too, each point named as in the intervals' figure, the first in the title."""
    import json

    figs = sweep_figures(folders["sweep"])
    assert set(figs) == {"kpi_vs_parameter", "paired_differences"}
    fig = figs["paired_differences"]
    assert "trains_per_week=1" in fig.get_suptitle()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["trains_per_week=3"]
    spec = json.loads((folders["sweep"] / "sweep.json").read_text(encoding="utf-8"))
    d = spec["paired_differences"]["logistics.lines.L01.trains_per_week=3"]
    (bar,) = [c for c in ax.containers]  # the one point's error bar
    assert bar.lines[0].get_ydata()[0] == pytest.approx(d["lead_time_days.overall.mean"]["mean"])
    zh = sweep_figures(folders["sweep"], lang="zh")["paired_differences"]
    assert "配对差值" in zh.get_suptitle()


def test_other_kpis_can_be_asked_for(folders):
    (fig,) = replication_figures(folders["replications"], kpis=["lines.L01.load_factor"]).values()
    assert [ax.get_title() for ax in fig.axes] == ["lines.L01.load_factor"]
    assert KPIS[0][0] == "lead_time_days.overall.mean"


def _pdf_pages(path) -> int:
    """Pages of a PDF file, read by a PDF reader when one is installed; else checked by its
    structure: the header, the end marker, and the cross-reference table where the trailer
    says it is."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
    try:
        import pypdf
    except ImportError:
        offset = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
        assert data[offset : offset + 4] == b"xref", path
        return len(re.findall(rb"/Type\s*/Page(?!s)", data))
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("kind", ["run", "comparison", "sweep", "replications"])
def test_the_command_writes_pdf_files_that_open(folders, kind, tmp_path, capsys):
    out = tmp_path / kind
    assert main(["figures", str(folders[kind]), "--out", str(out)]) == 0
    said = capsys.readouterr().out  # "1 figure (pdf) in" for a set of one figure
    assert "figures (pdf) in" in said or said.startswith("1 figure (pdf) in")
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs and {p.stem for p in pdfs} == set(folder_figures(folders[kind]))
    for pdf in pdfs:
        assert _pdf_pages(pdf) == 1
        assert b"/FontFile2" in pdf.read_bytes()  # TrueType fonts embedded (journals ask)


def test_png_and_svg_and_the_default_folder(folders, tmp_path):
    figs = comparison_figures(folders["comparison"])
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml")):
        for path in save_figures(figs, tmp_path / fmt, fmt):
            assert path.read_bytes().startswith(magic)
    with pytest.raises(ValueError, match="pdf, png, svg"):
        save_figures(figs, tmp_path, "jpg")
    assert main(["figures", str(folders["sweep"]), "--format", "png"]) == 0
    assert (folders["sweep"] / "figures-png" / "kpi_vs_parameter.png").is_file()


def test_without_matplotlib_the_command_says_what_to_install(folders, capsys):
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from sim.cli import main\n"
        f"raise SystemExit(main(['figures', {str(folders['sweep'])!r}]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "error: yiwu-sim figures needs matplotlib: pip install 'yiwu-sim[figures]'"
    ]
    code = "import sys; sys.modules['matplotlib'] = None\nimport sim.figures\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert "pip install 'yiwu-sim[figures]'" in out.stderr and out.returncode == 1


def test_a_run_does_not_import_matplotlib(tmp_path):
    code = (
        "import sys\n"
        "from sim.cli import main\n"
        f"args = ['run', {str(TEACHING)!r}, '--days', '10', '--out', {str(tmp_path)!r}]\n"
        "assert main(args) == 0\n"
        "assert 'matplotlib' not in sys.modules, 'the run or its report imported matplotlib'\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("kind", ["run", "comparison", "sweep", "replications"])
def test_chinese_figures_have_chinese_words_in_a_font_that_has_them(folders, kind, tmp_path):
    """``--lang zh`` figures: titles, labels and legends in Chinese, set with a Chinese font
    behind the usual one (no glyph is missing: matplotlib's warning would fail the test)."""
    from sim.figures.folders import chinese_font

    if chinese_font() is None:
        pytest.skip("no Chinese font installed")
    figs = folder_figures(folders[kind], "zh")
    words = []
    for fig in figs.values():
        words += [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert any(re.search("[\u4e00-\u9fff]", w) for w in words)
    for english in ("replications", "difference", "Sweep", "Paired", "late", "mean"):
        assert english not in words
    save_figures(figs, tmp_path, "png")  # warnings are errors: a missing glyph fails here
    en = folder_figures(folders[kind])
    words = [t.get_text() for f in en.values() for t in f.findobj(matplotlib.text.Text)]
    assert not any(re.search("[\u4e00-\u9fff]", w) for w in words)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_border_figures_of_a_run_where_no_train_waited_say_so(folders, lang):
    """The teaching world's trains never wait at a crossing. Its border figures used to be empty
    axes: the queues over 1 Jan 1970, 00:00 to 24:00 (no date was ever plotted), the waits on a
    -0.05 to 0.05 hour axis. Now the queues span the run's dates from zero trains and name the
    crossings without a queue, and the waits start at zero hours and say no train waited."""
    import matplotlib.dates as mdates

    from sim.output.glossary import term
    from sim.output.labels import label

    figs = folder_figures(folders["run"], lang)
    ax = figs["border_queues"].axes[0]
    lo, hi = (mdates.num2date(x).date().isoformat() for x in ax.get_xlim())
    assert (lo, hi) == ("2025-10-01", "2025-11-10")  # the run's 40 days from 1 October
    assert ax.get_ylim()[0] == 0
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith(label("no_queue", lang)) and "MAL" in t for t in texts), texts
    waits = figs["border_waits"].axes[0]
    assert waits.get_ylim()[0] == 0 and waits.get_ylim()[1] >= 1
    assert term("no_wait", lang) in [t.get_text() for t in waits.texts]


def test_border_queues_shade_a_disrupted_crossing(tmp_path):
    """A closure's run: the queue figure shades the closed crossing's window in its colour."""
    from datetime import date

    import matplotlib.dates as mdates

    from sim.model import Model
    from sim.output.results import write_run

    closure = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
               "servers_factor: 0}]")  # fmt: skip
    folder = write_run(Model(load_scenario(TEACHING, [closure])).run(), tmp_path / "run")
    ax = folder_figures(folder)["border_queues"].axes[0]
    spans = [p.get_x() for p in ax.patches]
    assert [mdates.num2date(x).date() for x in spans] == [date(2025, 12, 1)]
    assert abs(ax.patches[0].get_width() - 14) < 1e-9  # 1 to 14 December, both included


def test_trains_per_week_draws_the_run_s_last_days_as_a_narrower_bar(folders):
    """40 days are 5 weeks and 5 days: the last bar covers those 5 days (it was a full week's
    bar centred on the week's first day, reading as a week with fewer trains)."""
    from datetime import date

    import matplotlib.dates as mdates

    ax = folder_figures(folders["run"])["trains_per_week"].axes[0]
    bars = ax.patches
    assert len(bars) == 6
    assert abs(bars[-1].get_width() / bars[0].get_width() - 5 / 7) < 1e-6
    first_left = mdates.num2date(bars[0].get_x()).date()
    last_right = mdates.num2date(bars[-1].get_x() + bars[-1].get_width()).date()
    assert date(2025, 10, 1) <= first_left and last_right <= date(2025, 11, 10)  # inside the run


def test_the_on_time_figure_says_it_pools_the_deadlines_in_percent(tmp_path):
    """The paper figure draws ``on_time.by_destination`` of summary.json, every deadline
    together: its title said "each deadline apart" (the report's figure, one panel a deadline),
    its key repeated the title for the bars in time, and its axis ran 0 to 1 beside the
    report's percentages. (The whole teaching season: its festival goods are judged.)"""
    assert main(["run", str(TEACHING), "--out", str(tmp_path), "--no-report", "--quiet"]) == 0
    folder = tmp_path / "teaching-small" / "seed-42"
    ax = run_figures(folder)["on_time"].axes[0]
    assert ax.get_title() == "Delivered by the deadline, by destination (every deadline together)"
    assert ax.get_ylim() == (0, 100) and ax.get_ylabel() == "share on time, %"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["in time", "late"]
    zh = run_figures(folder, "zh")["on_time"].axes[0]
    assert zh.get_title() == "截止日前送达率（按目的地，各截止日合计）"
