import json
import re

import pytest

from sim.errors import ResultsError
from sim.model import Model
from sim.results import RUN_FILES, load_run, write_run
from sim.scenario import validate_data


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
    import sim.results as res

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(res, "_write_json", boom)
    with pytest.raises(OSError):
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
