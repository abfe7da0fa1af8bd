"""Robustness, round three (issue 29): never delete a user's files, no traceback from any input.

One test (or more) per numbered case of the issue, each failing on the code before the fix;
the property-based fuzzing of distributions, dates, seeds, sweep grids and ``collect`` inputs
is in ``tests/test_robustness_fuzz.py``.
"""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path

import pytest

import sim.output.results as res
from sim.cli import main
from sim.errors import ResultsError
from sim.model import Model
from sim.output.results import load_run, write_run
from sim.world.inputs import validate_data
from tests.conftest import ROOT, TINY

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["--days", "20", "--set", "warmup_days=2", "--no-report"]


@pytest.fixture(scope="module")
def result():
    return Model(validate_data(copy.deepcopy(TINY), "test")).run()


def _fresh(result):
    return res.RunResult(
        result.scenario, result.seed, result.tables, copy.deepcopy(result.summary),
        copy.deepcopy(result.manifest),
    )  # fmt: skip


def _strict(path: Path) -> object:
    """Parse a JSON file refusing NaN and Infinity, as strict JSON readers do."""

    def refuse(text: str) -> object:
        raise ValueError(f"{text} is not JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


# --------------------------------------------------------------------------- case 1


def test_force_never_deletes_a_folder_that_is_not_a_run(tmp_path, capsys):
    """``R --force`` onto a folder of the user's at the run's path: refused, file kept."""
    folder = tmp_path / "teaching-small" / "seed-42"
    folder.mkdir(parents=True)
    (folder / "thesis.tex").write_text("my thesis")
    code = main(["run", str(TEACHING), *SHORT, "--out", str(tmp_path), "--force"])
    err = capsys.readouterr().err
    assert code == 1
    assert "not a yiwu-sim run folder" in err and str(folder) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert (folder / "thesis.tex").read_text() == "my thesis"
    assert sorted(p.name for p in folder.parent.iterdir()) == ["seed-42"]


def test_force_refuses_a_folder_whose_manifest_is_not_yiwu_sims(result, tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"package": "something-else"}')
    (folder / "data.csv").write_text("1,2\n")
    with pytest.raises(ResultsError, match="not a yiwu-sim run folder"):
        write_run(_fresh(result), folder, force=True)
    assert (folder / "data.csv").read_text() == "1,2\n"
    # a file at the run's path is not replaced either
    plain = tmp_path / "plain"
    plain.write_text("notes")
    with pytest.raises(ResultsError, match="is a file"):
        write_run(_fresh(result), plain, force=True)
    assert plain.read_text() == "notes"


def test_force_still_replaces_a_complete_or_partial_run(result, tmp_path):
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    (folder / "orders.parquet").unlink()  # damaged, but a run: its manifest says so
    write_run(_fresh(result), folder, force=True)
    assert load_run(folder).summary == result.summary
    partial = tmp_path / "partial"  # a partial run: holds the writer's marker
    partial.mkdir()
    (partial / res.TMP_MARKER).write_text("x")
    (partial / "orders.parquet").write_bytes(b"cut")
    write_run(_fresh(result), partial, force=True)
    assert load_run(partial).summary == result.summary
    assert not (partial / res.TMP_MARKER).exists()  # a complete run folder holds no marker


def test_the_folder_is_checked_again_when_it_is_replaced(result, tmp_path, monkeypatch):
    """The run's path is a run folder when the writer starts, a user's folder by the end."""
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    writer = res.RunWriter(folder, force=True)
    for p in folder.iterdir():
        p.unlink()
    (folder / "thesis.tex").write_text("mine")
    with pytest.raises(ResultsError, match="not a yiwu-sim run folder"):
        writer.finish(_fresh(result))
    assert [p.name for p in folder.iterdir()] == ["thesis.tex"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_folder_named_like_a_temporary_one_is_not_removed_without_the_marker(result, tmp_path):
    mine = tmp_path / ".run.tmp-999999999-notes"  # a dead pid, but the user's folder
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    write_run(_fresh(result), tmp_path / "run")
    assert (mine / "notes.txt").read_text() == "keep"


# --------------------------------------------------------------------------- case 13


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the cost overflows, on purpose
def test_non_finite_kpis_are_written_as_null_not_infinity(tmp_path):
    code = main(["run", str(TEACHING), *SHORT, "--out", str(tmp_path),
                 "--set", "logistics.costs.rail_usd_per_teu=1e308"])  # fmt: skip
    assert code == 0
    folder = tmp_path / "teaching-small" / "seed-42"
    summary = _strict(folder / "summary.json")
    assert isinstance(summary, dict) and summary["emissions_cost"]["cost_usd_total"] is None
    _strict(folder / "manifest.json")
    assert load_run(folder).summary == summary  # and it reads back


def test_every_json_writer_refuses_nan_and_infinity(tmp_path):
    data = {"a": float("nan"), "b": [float("inf"), -float("inf"), 1.5], "c": {"d": 2}}
    text = res.json_text(data)
    assert json.loads(text) == {"a": None, "b": [None, None, 1.5], "c": {"d": 2}}
    assert "NaN" not in text and "Infinity" not in text
    from sim.experiment.runs import _write_json

    _write_json(tmp_path / "aggregate.json", data)
    assert _strict(tmp_path / "aggregate.json") == json.loads(text)


def test_a_results_json_file_holding_nan_is_refused_naming_it(result, tmp_path):
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    text = (folder / "summary.json").read_text().replace('"days": 30', '"days": NaN', 1)
    (folder / "summary.json").write_text(text)
    with pytest.raises(ResultsError, match=r"summary\.json"):
        res._read_json(folder / "summary.json")


# --------------------------------------------------------------------------- case 16


def test_run_folders_follow_the_umask(result, tmp_path):
    old = os.umask(0o002)
    try:
        write_run(_fresh(result), tmp_path / "run")
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "run").stat().st_mode)
    assert mode == 0o775, oct(mode)
    old = os.umask(0o077)
    try:
        write_run(_fresh(result), tmp_path / "private")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o700
