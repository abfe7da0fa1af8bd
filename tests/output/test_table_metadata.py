"""Self-describing tables: units, time origin and the run in each Parquet file, statistics,
booleans, and the readers researchers use."""

import json
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.experiment.single import run_and_write
from sim.output.results import load_run
from sim.output.table_metadata import (
    BOOL_COLUMNS,
    TABLE_SCHEMA_VERSION,
    read_metadata,
    time_origin,
    with_timestamps,
)
from sim.results.run import SPLIT_COLUMNS, scenario_hash
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    sc = load_scenario(TEACHING, ["days=30", "warmup_days=2"])
    folder = tmp_path_factory.mktemp("r") / "run"
    result = run_and_write(sc, None, folder)
    return folder, result


def test_every_parquet_file_names_its_run_units_and_time_origin(run):
    folder, result = run
    manifest = json.loads((folder / "manifest.json").read_text())
    for stem in ("orders", "trains", "borders", "daily"):
        schema = pq.read_schema(folder / f"{stem}.parquet")
        meta = read_metadata(schema)
        assert meta["schema_version"] == TABLE_SCHEMA_VERSION and meta["table"] == stem
        assert meta["seed"] == result.seed == manifest["seed"]
        assert meta["scenario_sha256"] == manifest["scenario_sha256"]
        assert meta["scenario_sha256"] == scenario_hash(result.scenario)
        assert meta["start"] == "2025-10-01"
        assert meta["time_origin"] == "2025-10-01T00:00:00+08:00"
        assert meta["timezone"] == "Asia/Shanghai"
        assert set(meta["units"]) == set(schema.names)
        for f in schema:  # each column's unit on the column too
            assert f.metadata[b"unit"].decode() == meta["units"][f.name]
    orders = read_metadata(pq.read_schema(folder / "orders.parquet"))
    assert orders["units"]["placed_h"] == "h since time_origin"
    assert orders["units"]["teu"] == "TEU" and orders["units"]["cost_usd"] == "USD"
    assert "delivered_h" in orders["time_columns"] and "teu" not in orders["time_columns"]
    daily = read_metadata(pq.read_schema(folder / "daily.parquet"))
    assert daily["units"]["date"] == "date"


def test_flags_are_booleans_and_columns_have_statistics(run):
    folder, result = run
    orders = pq.read_table(folder / "orders.parquet")
    assert orders.schema.field("backordered").type == pa.bool_()
    assert orders.schema.field("rerouted").type == pa.bool_()
    assert pq.read_schema(folder / "trains.parquet").field("rerouted").type == pa.bool_()
    expected = result.tables["orders"]["backordered"] != 0
    assert np.array_equal(orders["backordered"].to_numpy(zero_copy_only=False), expected)
    assert np.array_equal(load_run(folder).tables["orders"]["backordered"], expected)
    meta = pq.ParquetFile(folder / "orders.parquet").metadata
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    for i, name in enumerate(names):
        stats = meta.row_group(0).column(i).statistics
        assert stats is not None and stats.has_min_max, name
    placed = meta.row_group(0).column(names.index("placed_h")).statistics
    assert placed.min == pytest.approx(float(np.nanmin(result.tables["orders"]["placed_h"])))


def test_csv_flags_read_back_as_booleans(tmp_path):
    sc = load_scenario(TEACHING, ["days=20", "warmup_days=2"])
    run_and_write(sc, None, tmp_path / "csv", fmt="csv")
    head = (tmp_path / "csv" / "trains.csv").read_text().splitlines()
    col = head[0].split(",").index('"rerouted"')
    assert {row.split(",")[col] for row in head[1:]} <= {"true", "false"}
    assert load_run(tmp_path / "csv").tables["departures"]["rerouted"].dtype == bool


def test_timestamps_from_the_files_own_metadata(run):
    folder, result = run
    table = with_timestamps(pq.read_table(folder / "orders.parquet"))
    names = table.column_names
    assert names.index("placed_at") == names.index("placed_h") + 1
    hours = result.tables["orders"]["placed_h"]
    origin = datetime(2025, 10, 1, tzinfo=timezone(timedelta(hours=8)))
    for i in (0, len(hours) // 2, len(hours) - 1):
        stamp = table["placed_at"][i].as_py()
        assert stamp.utcoffset() == timedelta(hours=8)
        assert abs((stamp - origin) - timedelta(hours=float(hours[i]))) < timedelta(milliseconds=1)
    delivered = table["delivered_at"]
    assert delivered.null_count == int(np.isnan(result.tables["orders"]["delivered_h"]).sum())
    assert time_origin(date(2025, 10, 1)) == "2025-10-01T00:00:00+08:00"
    with pytest.raises(ValueError, match="start"):
        with_timestamps(pa.table({"placed_h": [1.0]}))


def test_polars_duckdb_pandas_read_every_table(run):
    folder, result = run
    polars = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    n = len(result.tables["orders"]["order_id"])
    for stem in ("orders", "trains", "borders", "daily"):
        path = str(folder / f"{stem}.parquet")
        assert polars.read_parquet(path).height == pd.read_parquet(path).shape[0]
        assert duckdb.sql(f"select count(*) from '{path}'").fetchall()[0][0] > 0
    orders = str(folder / "orders.parquet")
    assert duckdb.sql(f"select count(*) from '{orders}'").fetchall()[0][0] == n
    assert str(polars.read_parquet(orders)["rerouted"].dtype) == "Boolean"
    kv = dict(duckdb.sql(f"select key, value from parquet_kv_metadata('{orders}')").fetchall())
    assert json.loads(kv[b"yiwu_sim"])["seed"] == result.seed


def test_fastparquet_reads_what_it_can_decode(run):
    """fastparquet decodes no byte-stream-split column (the amounts and the per-order times;
    docs/results-reference.md says so): it reads the borders and daily tables whole, and the
    other columns of orders and trains."""
    folder, _ = run
    fastparquet = pytest.importorskip("fastparquet")
    for stem in ("borders", "daily"):
        with (folder / f"{stem}.parquet").open("rb") as fh:  # fastparquet leaves its own open
            assert len(fastparquet.ParquetFile(fh).to_pandas()) > 0
    for stem in ("orders", "trains"):
        with (folder / f"{stem}.parquet").open("rb") as fh:
            pf = fastparquet.ParquetFile(fh)
            other = [c for c in pf.columns if c not in SPLIT_COLUMNS]
            frame = pf.to_pandas(columns=other)
        assert list(frame.columns) == other and len(frame) > 0


def test_columns_are_encoded_as_the_results_reference_says(run):
    """docs/results-reference.md: amounts and per-order times byte-stream-split, the ids
    delta-encoded, flags as bits, every other column a dictionary; the ids read back."""
    folder, result = run
    for stem, key in (("orders", "orders"), ("trains", "departures"), ("borders", "crossings")):
        pf = pq.ParquetFile(folder / f"{stem}.parquet")
        group = pf.metadata.row_group(0)
        for i in range(group.num_columns):
            chunk = group.column(i)
            name, encodings = chunk.path_in_schema, set(chunk.encodings)
            if name in SPLIT_COLUMNS:
                assert "BYTE_STREAM_SPLIT" in encodings, (stem, name, encodings)
            elif name in {"order_id", "merchant", "departure_id"}:
                assert "DELTA_BINARY_PACKED" in encodings, (stem, name, encodings)
                assert chunk.statistics is not None and chunk.statistics.has_min_max
            elif name in BOOL_COLUMNS:
                assert encodings == {"RLE"}, (stem, name, encodings)
            else:
                assert encodings & {"RLE_DICTIONARY", "PLAIN_DICTIONARY"}, (stem, name)
        table = result.tables[key]
        for name in {"order_id", "merchant", "departure_id"} & set(pf.schema_arrow.names):
            got = pf.read(columns=[name]).column(name).to_numpy()
            assert np.array_equal(got, np.asarray(table[name])), (stem, name)
