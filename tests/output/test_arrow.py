"""sim.output.arrow: a results table written as Parquet or CSV and read back, and its hash."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

import sim.output.arrow as arrow


def test_text_with_commas_quotes_and_newlines_survives_csv(tmp_path):
    table = {
        "line": np.array(["L01", "with,comma", 'q"uote', "", "two\nlines", " space", "L01"]),
        "departure_id": np.array([1, -1, 3, 0, 2**40, 6, 7]),
        "teu": np.array([0.5, np.nan, -1e-5, 1e9, np.inf, 2.00005, 1 / 3]),
        "wait_h": np.array([0.1 + 0.2, np.nan, -1e-300, 1e300, 5e-324, 2.0, 1 / 3]),
    }
    for fmt in ("csv", "parquet"):
        path = tmp_path / f"t.{fmt}"
        info = arrow.write_table(path, table, fmt=fmt)
        assert info["rows"] == 7 and info["sha256"] == arrow.file_sha256(path)
        back = arrow.read_table(path, expected_rows=7)
        assert back["line"].tolist() == table["line"].tolist()
        assert back["departure_id"].tolist() == table["departure_id"].tolist()
        assert np.array_equal(back["wait_h"], table["wait_h"], equal_nan=True)  # every bit
        assert np.array_equal(back["teu"], table["teu"].astype(np.float32), equal_nan=True)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_table_without_rows_keeps_its_header_and_types(tmp_path, fmt):
    path = tmp_path / f"empty.{fmt}"
    arrow.write_table(path, {"border": np.array([], str), "wait_h": np.zeros(0)}, fmt=fmt)
    back = arrow.read_table(path)
    assert list(back) == ["border", "wait_h"]
    assert back["border"].size == 0 and back["wait_h"].dtype == float


def test_names_are_encoded_from_numpy_text_as_they_are():
    values = np.array(["L01", "", "义乌", "christmas_goods", "L01", "义乌", " a,b"])
    fast = arrow._names(values)
    assert fast.to_pylist() == values.tolist()
    assert fast.dictionary.to_pylist() == ["L01", "", "义乌", "christmas_goods", " a,b"]
    assert arrow._names(values.astype(object)).to_pylist() == values.tolist()
    assert arrow._names(np.array([], dtype=str)).to_pylist() == []


@pytest.mark.parametrize(
    "values",
    [
        ["BRE", "MAL", "BRE", "ZBK", "MAL", "ALA"],
        ["", "", ""],
        ["只", "a", "只", "b\u00e9", "a"],
        ["x"],
    ],
)
def test_names_are_the_dictionary_arrows_encoder_makes(values):
    """The same dictionary (names in order of first appearance) and indices as Arrow's own
    ``dictionary_encode``, which is not used because it imports ``pyarrow.compute``."""
    text = np.array(values)
    ours = arrow._names(text)
    theirs = pa.array(values, type=pa.string()).dictionary_encode()
    assert ours.type == theirs.type == pa.dictionary(pa.int32(), pa.string())
    assert ours.equals(theirs)
    assert arrow._names(text.astype(object)).equals(theirs)
