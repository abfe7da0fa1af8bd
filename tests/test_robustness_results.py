"""Results under concurrency, faults and a full disk; results read back are verified.

Issue 17, items 3-7: two writers aiming at one run folder, forked workers outliving a
killed parent, a full disk while writing a run or its report, damaged or edited results files,
and ``--force`` onto a folder that is a symbolic link.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import threading
from pathlib import Path

import pytest

import sim.output.arrow as arrow
import sim.output.install as install
import sim.output.results as res
import sim.results.run as core
from sim.errors import ResultsError
from sim.model import Model
from sim.output.report import build_report
from sim.output.results import load_run, write_run
from sim.world.inputs import validate_data
from tests.conftest import ROOT, TINY
from tests.conftest import fresh_result as _fresh


@pytest.fixture(scope="module")
def result():
    return Model(validate_data(copy.deepcopy(TINY), "test")).run()


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


# --------------------------------------------------------------------------- item 3


def _race(result, folder, force, monkeypatch):
    """Writer A stops inside its write; writer B writes the same folder completely; then A
    goes on. Returns what each writer ended with."""
    real = res.write_table
    a_inside, b_done = threading.Event(), threading.Event()
    first = threading.get_ident

    def slow(path, table, *args, **kwargs):
        if threading.get_ident() == owner[0] and not a_inside.is_set():
            a_inside.set()
            assert b_done.wait(30)
        return real(path, table, *args, **kwargs)

    owner = [0]
    monkeypatch.setattr(res, "write_table", slow)
    outcome: dict[str, object] = {}

    def writer(name):
        if name == "A":
            owner[0] = first()
        try:
            write_run(_fresh(result), folder, force=force)
            outcome[name] = "written"
        except ResultsError as exc:
            outcome[name] = exc
        except Exception as exc:  # the failure of issue 17: a traceback
            outcome[name] = exc
        finally:
            if name == "B":
                b_done.set()

    a = threading.Thread(target=writer, args=("A",))
    a.start()
    assert a_inside.wait(30)
    writer("B")
    a.join(60)
    return outcome


@pytest.mark.parametrize("force", [False, True])
def test_two_writers_of_one_folder_never_break_each_other(result, tmp_path, force, monkeypatch):
    folder = tmp_path / "tiny" / "seed-7"
    outcome = _race(result, folder, force, monkeypatch)
    assert outcome["B"] == "written"
    if force:
        assert outcome["A"] == "written"
    else:  # A finds B's folder at the rename: refused in one line, B's run untouched
        assert isinstance(outcome["A"], ResultsError), outcome["A"]
        assert "written by another run meanwhile" in str(outcome["A"])
    assert load_run(folder).summary == result.summary
    assert _leftovers(folder.parent) == []


def test_a_live_writers_temporary_folder_is_never_removed(result, tmp_path):
    folder = tmp_path / "run"
    mine = tmp_path / f".run.tmp-{os.getpid()}-live"
    mine.mkdir()
    dead = tmp_path / ".run.tmp-999999999-dead"  # no such process
    dead.mkdir()
    for tmp in (mine, dead):  # the marker every writer puts in its temporary folder
        (tmp / install.TMP_MARKER).write_text("x")
    write_run(_fresh(result), folder)
    assert mine.is_dir() and not dead.exists()


# --------------------------------------------------------------------------- item 4

# Forked figure workers are gone (the report draws SVG in this process); that experiment pool
# workers die with a killed command is tested in tests/output/test_forking.py.


# --------------------------------------------------------------------------- item 5


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_writing_a_run_is_one_line_and_leaves_nothing(
    result, tmp_path, monkeypatch
):
    monkeypatch.setattr(res, "write_table", _enospc)
    with pytest.raises(ResultsError) as info:
        write_run(_fresh(result), tmp_path / "run")
    msg = str(info.value)
    assert "\n" not in msg and "No space left on device" in msg and "run" in msg
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_on_the_command_line_exits_1_without_a_traceback(tmp_path, capsys, monkeypatch):
    from sim.cli import main

    monkeypatch.setattr(res, "write_table", _enospc)
    code = main(["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--days", "10",
                 "--out", str(tmp_path), "--no-report"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not any(p.name.startswith(".") for p in (tmp_path / "teaching-small").iterdir())


def test_a_report_that_runs_out_of_space_leaves_no_temporary_folders(result, tmp_path, monkeypatch):

    folder = write_run(_fresh(result), tmp_path / "run")
    real_write_bytes = Path.write_bytes

    def full(self, data):
        if ".figures.tmp-" in str(self):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    for _ in range(3):  # one more temporary folder per retry, before the fix
        with pytest.raises(ResultsError, match="No space left on device"):
            build_report(folder)
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    assert not (folder / "report.html").exists()


# --------------------------------------------------------------------------- item 6


@pytest.mark.parametrize("keep", ["rows", "header"])
def test_a_csv_cut_at_a_row_boundary_is_refused_naming_the_file(result, tmp_path, keep):
    folder = write_run(_fresh(result), tmp_path / "run", fmt="csv")
    path = folder / "orders.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) > 3
    path.write_text("".join(lines[: len(lines) // 2] if keep == "rows" else lines[:1]))
    with pytest.raises(ResultsError, match=r"orders\.csv"):
        load_run(folder)


def test_a_parquet_file_cut_short_is_refused_naming_the_file(result, tmp_path):
    folder = write_run(_fresh(result), tmp_path / "run")
    path = folder / "orders.parquet"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ResultsError, match=r"orders\.parquet"):
        load_run(folder)


def test_a_table_edited_with_its_hash_updated_is_refused_by_its_row_count(result, tmp_path):
    folder = write_run(_fresh(result), tmp_path / "run")
    import pyarrow.parquet as pq

    path = folder / "orders.parquet"
    pq.write_table(pq.read_table(path).slice(0, 3), path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["orders.parquet"]["sha256"] = arrow.file_sha256(path)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ResultsError, match=r"orders\.parquet: holds 3 rows but the manifest"):
        load_run(folder)


@pytest.mark.parametrize(
    "manifest",
    [
        "[]",
        '"x"',
        "{}",
        '{"files": 3}',
        '{"files": {"orders.parquet": []}}',
        '{"files": {}, "format": "xlsx"}',
        '{"files": {}, "tables": ["secrets"]}',
    ],
)
def test_a_malformed_manifest_names_the_manifest(result, tmp_path, manifest):
    folder = write_run(_fresh(result), tmp_path / "run")
    (folder / "manifest.json").write_text(manifest)
    with pytest.raises(ResultsError, match=r"manifest\.json"):
        load_run(folder)


def test_a_malformed_summary_names_the_file_and_the_key(result, tmp_path):
    bad = _fresh(result)
    bad.summary["orders"] = 3  # written with a matching manifest: only the key is wrong
    folder = write_run(bad, tmp_path / "run")
    with pytest.raises(ResultsError, match=r"summary.json: key 'orders' must be dict"):
        load_run(folder)


def test_every_value_from_summary_json_is_escaped_in_the_report(result, tmp_path, monkeypatch):

    hostile = "<script>alert(1)</script>"
    run = _fresh(result)
    for v in run.summary["lines"].values():
        v["departures"] = hostile
    folder = write_run(run, tmp_path / "run")
    build_report(folder, run=run)
    text = (folder / "report.html").read_text(encoding="utf-8")
    assert hostile not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_manifest_lists_every_file_with_rows_and_hash(result, tmp_path):
    folder = write_run(_fresh(result), tmp_path / "run")
    files = json.loads((folder / "manifest.json").read_text())["files"]
    assert sorted(files) == sorted(core.LISTED_FILES)
    assert files["orders.parquet"]["rows"] == len(result.tables["orders"]["order_id"])
    for name, entry in files.items():
        assert entry["sha256"] == arrow.file_sha256(folder / name)


# --------------------------------------------------------------------------- item 7


def test_force_onto_a_symbolic_link_is_refused_and_leaves_no_link_behind(result, tmp_path):
    target = write_run(_fresh(result), tmp_path / "elsewhere" / "run")
    parent = tmp_path / "results" / "tiny"
    parent.mkdir(parents=True)
    (parent / "seed-7").symlink_to(target, target_is_directory=True)
    with pytest.raises(ResultsError, match="symbolic link"):
        write_run(_fresh(result), parent / "seed-7", force=True)
    assert sorted(p.name for p in parent.iterdir()) == ["seed-7"]
    assert (parent / "seed-7").is_symlink()
    assert load_run(target).summary == result.summary  # the link's target is untouched
