import csv
import io
import json
import re

import numpy as np
import pytest

from sim.errors import ResultsError
from sim.model import Model
from sim.output import results
from sim.output.results import RUN_FILES, load_run, write_run
from sim.world.inputs import validate_data
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def result():
    from tests.conftest import TINY

    return Model(validate_data(dict(TINY), "test")).run()


def test_run_folder_holds_every_file(result, tmp_path):
    folder = write_run(result, tmp_path / "tiny" / "seed-7")
    assert sorted(p.name for p in folder.iterdir()) == sorted(RUN_FILES)
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["schema_version"] == 1
    manifest = json.loads((folder / "manifest.json").read_text())
    assert (
        manifest["seed"] == 7 and manifest["events"] > 0 and len(manifest["scenario_sha256"]) == 64
    )
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]


def test_round_trip(result, tmp_path):
    folder = write_run(result, tmp_path / "run")
    back = load_run(folder)
    assert back.summary == json.loads(json.dumps(result.summary))
    assert back.scenario == result.scenario
    assert len(back.tables["orders"]["placed_h"]) == len(result.tables["orders"]["placed_h"])


def test_existing_folder_is_kept_without_force(result, tmp_path):
    folder = write_run(result, tmp_path / "run")
    (folder / "note.txt").write_text("mine")
    with pytest.raises(ResultsError, match="exists already"):
        write_run(result, folder)
    assert (folder / "note.txt").read_text() == "mine"
    write_run(result, folder, force=True)
    assert not (folder / "note.txt").exists()


def test_failed_write_leaves_nothing(result, tmp_path, monkeypatch):
    import sim.output.results as res

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(res, "_write_json", boom)
    with pytest.raises(ResultsError, match="run: cannot write"):
        write_run(result, tmp_path / "run")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["summary.json", "orders.csv"])
def test_damaged_folder_names_the_file(result, tmp_path, name):
    folder = write_run(result, tmp_path / "run")
    (folder / name).write_text("{not json" if name.endswith("json") else "order_id,teu\n1,abc\n")
    with pytest.raises(ResultsError, match=re.escape(name)):
        load_run(folder)


def test_missing_file_names_the_file(result, tmp_path):
    folder = write_run(result, tmp_path / "run")
    (folder / "trains.csv").unlink()
    with pytest.raises(ResultsError, match=re.escape("trains.csv")):
        load_run(folder)


def _csv_module_reference(table):
    """The file Python's csv writer makes of the same cells, row by row (the old writer)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(table))
    for row in zip(*(table[c].tolist() for c in table)):
        cells = []
        for c, v in zip(table, row):
            kind = table[c].dtype.kind
            cells.append(str(v) if kind == "U" else str(v) if kind == "i" else
                         "" if v != v else f"{v:.4f}")  # fmt: skip
        w.writerow(cells)
    return buf.getvalue()


def test_csv_cells_are_written_as_pythons_csv_writer_would_in_any_chunking(tmp_path, monkeypatch):
    table = {
        "line": np.array(["L01", "with,comma", 'q"uote', "", "two\nlines", " space", "L01"]),
        "departure_id": np.array([1, -1, 3, 0, 2**40, 6, 7]),
        "teu": np.array([0.5, np.nan, -1e-5, 1e9, np.inf, 2.00005, 1 / 3]),
    }
    want = _csv_module_reference(table)
    for chunk in (1, 3, 50_000):
        monkeypatch.setattr(results, "CSV_CHUNK_ROWS", chunk)
        path = tmp_path / f"t{chunk}.csv"
        results.write_csv(path, table)
        assert path.read_text(encoding="utf-8") == want
        back = results.read_csv(path)
        assert back["line"].tolist() == table["line"].tolist()
        assert back["departure_id"].tolist() == table["departure_id"].tolist()
        assert np.allclose(back["teu"], table["teu"], atol=5e-5, equal_nan=True)


def test_a_table_without_rows_keeps_its_header_and_types(tmp_path):
    path = tmp_path / "empty.csv"
    results.write_csv(path, {"border": np.array([], str), "wait_h": np.zeros(0)})
    assert path.read_text(encoding="utf-8") == "border,wait_h\n"
    back = results.read_csv(path)
    assert back["border"].size == 0 and back["wait_h"].dtype == float


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork here"
)
def test_a_csv_formatted_by_forked_workers_has_the_same_bytes(tmp_path):
    # in a fresh interpreter, where no other thread runs, so the workers are really forked
    code = f"""
import numpy as np
from pathlib import Path
from sim.output import forking, results
forking.os.cpu_count = lambda: 2
results.CSV_CHUNK_ROWS = 7
rng = np.random.default_rng(3)
table = {{"line": rng.choice(["L01", "a,b", 'q"'], 100), "id": np.arange(100),
         "h": np.where(rng.random(100) < 0.2, np.nan, rng.lognormal(3, 2, 100))}}
assert forking.fork_workers(15) == 2
results.write_csv(Path({str(tmp_path / "forked.csv")!r}), table)
forking.fork_workers = lambda pieces: 0
results.write_csv(Path({str(tmp_path / "here.csv")!r}), table)
print("ok")
"""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip() == "ok", out.stderr
    forked = (tmp_path / "forked.csv").read_bytes()
    assert forked == (tmp_path / "here.csv").read_bytes()
    assert forked.count(b"\n") == 101
