import json
import re

import numpy as np
import pyarrow as pa
import pytest

import sim.results.run as core
from sim.errors import ResultsError
from sim.model import Model
from sim.output import results
from sim.output.results import load_run, write_run
from sim.results.run import RUN_FILES
from sim.world.inputs import validate_data


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


@pytest.mark.parametrize("name", ["summary.json", "orders.parquet"])
def test_damaged_folder_names_the_file(result, tmp_path, name):
    folder = write_run(result, tmp_path / "run")
    (folder / name).write_text("{not json" if name.endswith("json") else "order_id,teu\n1,abc\n")
    with pytest.raises(ResultsError, match=re.escape(name)):
        load_run(folder)


def test_missing_file_names_the_file(result, tmp_path):
    folder = write_run(result, tmp_path / "run")
    (folder / "trains.parquet").unlink()
    with pytest.raises(ResultsError, match=re.escape("trains.parquet")):
        load_run(folder)


def _same(a, b):
    """Two column tables hold the same values (NaN where a stage was not reached)."""
    assert list(a) == list(b)
    for col in a:
        x, y = a[col], b[col]
        assert x.dtype == y.dtype, col
        if x.dtype.kind == "f":
            assert np.array_equal(x, y, equal_nan=True), col
        else:
            assert x.tolist() == y.tolist(), col


def test_parquet_and_csv_hold_the_same_values(result, tmp_path):
    pq_run = load_run(write_run(result, tmp_path / "pq"))
    csv_run = load_run(write_run(result, tmp_path / "csv", fmt="csv"))
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(core.run_files("csv"))
    assert set(pq_run.tables) == {"orders", "departures", "crossings", "daily"}
    for name, table in pq_run.tables.items():
        _same(table, csv_run.tables[name])
    # and the values the model made: times exactly, amounts to float32 (7 digits)
    for name, key in (("orders", "orders"), ("departures", "departures")):
        made, back = result.tables[key], pq_run.tables[name]
        for col, values in back.items():
            want = made[col]
            if col in core.FLOAT32_COLUMNS:
                assert np.array_equal(want.astype(np.float32), values.astype(np.float32),
                                      equal_nan=True), col  # fmt: skip
            elif values.dtype.kind == "f":
                assert np.array_equal(want, values, equal_nan=True), col
            else:
                assert want.tolist() == values.tolist(), col


def test_parquet_columns_are_typed(result, tmp_path):
    import pyarrow.parquet as pq

    folder = write_run(result, tmp_path / "run")
    orders = pq.read_schema(folder / "orders.parquet")
    assert pa.types.is_dictionary(orders.field("line").type)
    assert pa.types.is_dictionary(orders.field("category").type)
    assert orders.field("order_id").type == pa.int64()
    assert orders.field("delivered_h").type == pa.float64()
    assert orders.field("teu").type == pa.float32()
    daily = pq.read_schema(folder / "daily.parquet")
    assert daily.field("date").type == pa.date32()
    # a stage not reached is null in the file (NaN once read into NumPy)
    table = pq.read_table(folder / "orders.parquet")
    back = load_run(folder).tables["orders"]["delivered_h"]
    assert table.column("delivered_h").null_count == int(np.isnan(back).sum())
    assert load_run(folder).tables["daily"]["date"].dtype == np.dtype("datetime64[D]")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_tables_are_byte_stable_for_a_seed(result, tmp_path, fmt):
    a = write_run(result, tmp_path / "a", fmt=fmt)
    b = write_run(result, tmp_path / "b", fmt=fmt)
    for name in core.run_files(fmt):
        if name != "manifest.json":
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_a_run_that_keeps_only_summaries_has_its_daily_table(result, tmp_path):
    folder = write_run(result, tmp_path / "run", summaries_only=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        core.run_files("parquet", core.SUMMARY_TABLES)
    )
    back = load_run(folder)
    assert list(back.tables) == ["daily"] and not results.has_tables(folder)
    assert back.summary == json.loads(json.dumps(result.summary))


def test_a_folder_of_the_csv_era_is_still_read(result, tmp_path):
    """Folders written before Parquet: CSV tables and a manifest without format or tables."""
    folder = write_run(result, tmp_path / "run", fmt="csv")
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["format"], manifest["tables"]
    path.write_text(json.dumps(manifest))
    assert len(load_run(folder).tables["orders"]["order_id"]) == len(
        result.tables["orders"]["order_id"]
    )


def test_an_unknown_format_is_refused(result, tmp_path):
    with pytest.raises(ResultsError, match="unknown table format 'xlsx'"):
        write_run(result, tmp_path / "run", fmt="xlsx")
    assert not (tmp_path / "run").exists()


def test_writing_a_run_does_not_import_pandas(tmp_path):
    """pyarrow imports pandas (0.2-0.3 s) when it converts a NumPy array or a list."""
    pytest.importorskip("pandas")  # only then could it be imported
    from tests.conftest import run_python

    code = (
        "import sys\n"
        "from sim.experiment.single import run_and_write\n"
        "from sim.world.inputs import load_scenario\n"
        "sc = load_scenario('scenarios/teaching_small.yaml', ['days=30'])\n"
        f"run_and_write(sc, None, __import__('pathlib').Path({str(tmp_path / 'run')!r}))\n"
        "print('pandas' in sys.modules)\n"
    )
    out = run_python(code)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_a_summaries_only_folder_holds_the_plain_scenario(tmp_path):
    """An experiment's replication keeps its scenario's values, written plain (no comments to
    carry over in every one of thousands of runs); a full folder keeps the user's comments."""
    from pathlib import Path

    from sim.experiment.single import simulate_into
    from sim.output.results import RunWriter
    from sim.scenario.yaml_io import parse_yaml
    from sim.world.inputs import load_scenario

    path = Path(__file__).resolve().parents[2] / "scenarios" / "teaching_small.yaml"
    sc = load_scenario(path, ["days=20", "warmup_days=2"])
    texts = {}
    for name, brief in (("full", False), ("brief", True)):
        writer = RunWriter(tmp_path / name, summaries_only=brief)
        run = simulate_into(writer, sc, 3, None)
        texts[name] = (tmp_path / name / "scenario.yaml").read_text()
    assert "# " in texts["full"] and "# " not in texts["brief"]
    assert texts["brief"] == run.scenario.to_yaml()
    assert parse_yaml(texts["full"], "scenario") == parse_yaml(texts["brief"], "scenario")


def _text_columns(tables):
    """(table, column, values) of every text column (object or fixed-width) of the tables."""
    return [(name, col, v) for name, t in tables.items() for col, v in t.items()
            if v.dtype.kind in "OU"]  # fmt: skip


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_text_is_the_same_kind_of_column_in_memory_and_read_back(result, tmp_path, fmt):
    """Every text column of a run is an object array of ``str`` (one object per name), as the
    run made it and as a results folder gives it back (sim.results.table)."""
    made = _text_columns(result.tables)
    names = ("channel", "category", "destination", "mode", "line")
    assert {(n, c) for n, c, _ in made} >= {("orders", c) for c in names} | {
        ("departures", "line"), ("departures", "kind"), ("crossings", "border")}  # fmt: skip
    back = load_run(write_run(result, tmp_path / "run", fmt=fmt)).tables
    for name, col, values in made + _text_columns(back):
        assert values.dtype == object, (name, col)
        cells = values.tolist()
        assert all(type(x) is str for x in cells), (name, col)
        assert len({id(x) for x in cells}) == len(set(cells)), (name, col)
    assert {(n, c) for n, c, _ in _text_columns(back)} >= {(n, c) for n, c, _ in made if n in back}
    for name, col, values in _text_columns(back):
        if name in result.tables:  # the daily table is made when written
            assert values.tolist() == result.tables[name][col].tolist(), (name, col)
