"""sim.figures.folders: the paper figures of a results folder, and saving them."""

from __future__ import annotations

import pytest

from sim.errors import ResultsError
from sim.figures import folder_figures


def test_a_folder_that_is_not_a_results_folder_is_one_clear_error(tmp_path):
    with pytest.raises(ResultsError, match="not a results folder"):
        folder_figures(tmp_path)
    with pytest.raises(ResultsError, match="no such results folder"):
        folder_figures(tmp_path / "missing")
    (tmp_path / "sweep.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ResultsError, match=r"sweep\.json"):
        folder_figures(tmp_path)


def test_save_figures_writes_one_file_per_figure_in_the_format_asked_for(tmp_path):
    """PDF with its fonts embedded (journals ask), PNG and SVG by their magic bytes, and any
    other format refused naming the ones there are; the global style is left as it was."""
    import matplotlib
    from matplotlib.figure import Figure

    from sim.figures.folders import FORMATS, save_figures

    fig = Figure()
    fig.add_subplot().plot([1, 2, 3], [2, 1, 3], label="L01")
    before = dict(matplotlib.rcParams)
    for fmt, magic in (("pdf", b"%PDF-"), ("png", b"\x89PNG"), ("svg", b"<?xml")):
        (path,) = save_figures({"teu_by_line": fig}, tmp_path / fmt, fmt)
        assert path == tmp_path / fmt / f"teu_by_line.{fmt}"
        assert path.read_bytes().startswith(magic)
    assert b"/FontFile2" in (tmp_path / "pdf" / "teu_by_line.pdf").read_bytes()
    assert dict(matplotlib.rcParams) == before
    assert FORMATS == ("pdf", "png", "svg")
    with pytest.raises(ValueError, match="'jpg' is not one of pdf, png, svg"):
        save_figures({"teu_by_line": fig}, tmp_path, "jpg")


def test_a_chinese_figure_falls_back_to_the_first_known_chinese_font_installed(monkeypatch):
    """The fonts are tried in the order of :data:`CJK_FONTS` (Noto before SimHei), whatever
    order matplotlib lists them in; none installed: None (the figures are drawn without)."""
    from types import SimpleNamespace

    from matplotlib import font_manager

    from sim.figures import folders

    def installed(*names):
        fonts = [SimpleNamespace(name=n) for n in names]
        monkeypatch.setattr(font_manager.fontManager, "ttflist", fonts)
        return folders.chinese_font.__wrapped__()  # past the cache of this machine's answer

    assert installed("DejaVu Sans", "SimHei", "Noto Sans SC") == "Noto Sans SC"
    assert installed("DejaVu Sans", "SimHei") == "SimHei"
    assert installed("DejaVu Sans") is None


def test_a_smaller_sets_figure_draws_only_its_own_replications(tmp_path):
    """``yiwu-sim figures`` on a set of 2 run into a folder a set of 3 left rep-002 in drew
    3 dots per KPI beside the interval of 2 ("kept but not counted" by the set's statistics):
    it draws the set's own 2, as a fresh folder of 2 does."""
    from sim.experiment.runs import run_replications
    from sim.figures import replication_figures
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=40"])
    run_replications(sc, 3, out=tmp_path)
    kept = run_replications(sc, 2, out=tmp_path)
    assert (kept.folder / "rep-002").is_dir()

    def dots(folder):
        (ax, *_) = replication_figures(folder)["kpi_intervals"].axes
        return [len(line.get_ydata()) for line in ax.lines if line.get_marker() == "."]

    drawn = dots(kept.folder)
    assert drawn and set(drawn) == {2}, drawn
