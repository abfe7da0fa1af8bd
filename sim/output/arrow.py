"""The tables of a run folder as files: Arrow columns, Parquet and CSV, written and read back.

Names become dictionary columns, dates dates, amounts 32-bit floats and a stage not reached a
null; each file carries its units and its run in its metadata (:mod:`sim.output.table_metadata`).
:func:`read_table` gives back the NumPy columns the analysis works on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from sim.errors import ResultsError
from sim.output.table_metadata import BOOL_COLUMNS, describe
from sim.results.run import (
    DATE_COLUMNS,
    DELTA_COLUMNS,
    FLOAT32_COLUMNS,
    FORMATS,
    INT_COLUMNS,
    INT_PREFIXES,
    SPLIT_COLUMNS,
    TEXT_COLUMNS,
)
from sim.results.table import ColumnTable, Table, encode_text, first_appearance, spelled


def _names(values: np.ndarray) -> pa.Array:
    """A column of names as a dictionary column (indices into the distinct names, in order of
    first appearance, as Arrow's dictionary encoder gives them).

    The distinct names come from the column's cells as NumPy holds them (an object column's
    shared ``str`` objects, or one sort of fixed-width text: no Arrow string per cell;
    converting two million cells first took most of a full-scale year's writing time), and are
    then put in order of first appearance. Arrow's own encoder (``dictionary_encode``) would
    import ``pyarrow.compute``, 0.03 s of every run's writing.
    """
    text = np.asarray(values)
    if text.size == 0:
        return _dictionary(_numbers(np.zeros(0, dtype=np.int32), pa.int32()), [])
    if text.dtype.kind not in "UO":  # numbers in a text column: written as their text
        text = text.astype(str)
    if text.dtype.itemsize == 0:  # fixed-width text of empty names only
        text = text.astype("<U1")
    codes, distinct = encode_text(text)
    return _coded_names(codes.reshape(-1), distinct)


def _dictionary(indices: pa.Array, names: list[str]) -> pa.Array:
    """A dictionary column of int32 ``indices`` into ``names`` (``DictionaryArray.from_arrays``
    would import pandas, see :func:`_numbers`)."""
    kind = pa.dictionary(pa.int32(), pa.string())
    return pa.DictionaryArray.from_buffers(kind, len(indices), indices.buffers(), _strings(names))


def _strings(words: list[str]) -> pa.Array:
    """A few words as an Arrow string array, from their UTF-8 bytes and offsets (``pa.array``
    of a list imports pandas too, see :func:`_numbers`)."""
    data = [w.encode("utf-8") for w in words]
    offsets = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in data], out=offsets[1:])
    return pa.StringArray.from_buffers(
        len(data), pa.py_buffer(offsets), pa.py_buffer(b"".join(data))
    )


def _coded_names(codes: np.ndarray, labels: list[str]) -> pa.Array:
    """A text column the model kept as integer codes, as the same dictionary column
    :func:`_names` makes of its text (names in order of first appearance), without the text."""
    indices, old = first_appearance(codes, len(labels))
    return _dictionary(_numbers(indices, pa.int32()), [labels[k] for k in old.tolist()])


NUMPY_OF = {pa.int32(): np.int32, pa.int64(): np.int64, pa.float32(): np.float32,
            pa.float64(): np.float64, pa.date32(): np.int32}  # fmt: skip
"""The NumPy type holding the values of each Arrow type written (a date32 is days since 1970)."""


def _numbers(values: np.ndarray, kind: pa.DataType, missing: np.ndarray | None = None) -> pa.Array:
    """A NumPy column as an Arrow array of type ``kind`` over its memory (``missing``: null).

    ``pa.array`` of a NumPy array asks pandas whether it is one of its own types, and imports
    pandas to ask when it is installed (0.2-0.3 s in every process that writes a run); the
    buffers are handed over as they are instead."""
    if kind == pa.bool_():  # Arrow packs booleans in bits
        data = np.packbits(np.asarray(values, dtype=bool), bitorder="little")
    else:
        with np.errstate(over="ignore"):  # an amount beyond float32 (3.4e38) is stored as inf
            data = np.ascontiguousarray(values, dtype=NUMPY_OF[kind])
    validity, nulls = None, 0
    if missing is not None and missing.any():
        validity = pa.py_buffer(np.packbits(~missing, bitorder="little"))
        nulls = int(missing.sum())
    return pa.Array.from_buffers(kind, len(values), [validity, pa.py_buffer(data)], nulls)


def _arrow_column(name: str, values: np.ndarray, table: Table | None = None) -> pa.Array:
    """One column as an Arrow array of its documented type: names as dictionary columns, dates
    as dates, NaN in a float column as null (a stage not reached)."""
    kept = table.known_codes(name) if isinstance(table, ColumnTable) else None
    if kept is not None:
        return _coded_names(*kept)
    if name in DATE_COLUMNS:
        days = np.asarray(values).astype("datetime64[D]").astype(np.int64)
        return _numbers(days, pa.date32())
    if name in BOOL_COLUMNS:  # 0/1 flags of the model, written as what they are
        return _numbers(np.asarray(values) != 0, pa.bool_())
    if name in TEXT_COLUMNS or values.dtype.kind in "UO":
        return _names(values)
    if values.dtype.kind == "f":  # NaN (a stage not reached) as null
        kind = pa.float32() if name in FLOAT32_COLUMNS else pa.float64()
        return _numbers(values, kind, np.isnan(values))
    if values.dtype.kind == "b":
        return _numbers(values, pa.bool_())
    return _numbers(values, pa.int64())


def arrow_table(table: Table, columns: tuple[str, ...] | None = None) -> pa.Table:
    """A column table (NumPy arrays) as an Arrow table with typed columns."""
    cols = columns or tuple(table)
    return pa.table({c: _arrow_column(c, np.asarray(table[c]), table) for c in cols})


PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": -1,
    # min/max statistics of every column: DuckDB, polars and pyarrow skip the files and row
    # groups a filter excludes when a query spans many runs (they cost some of the writing)
    "write_statistics": True,
    # written the same way on every machine: the bytes of a file depend on the data and the
    # pyarrow version only (tests/output/test_results.py checks two runs of a seed give equal files)
    "data_page_version": "2.0",
    "version": "2.6",
}
"""How Parquet files are written: zstd at level -1, its fastest for these tables (the
full-scale year's orders table in 0.66 s and 92.9 MB, against 0.72 s and 91.8 MB at level 1;
levels -3 and -7 were no faster and larger; higher levels shrank it by under 2 % and took
longer; measured on 6 Dec 2026 with ``pq.write_table`` of the year's table, best of 3)."""


def write_table(
    path: Path,
    table: Table,
    columns: tuple[str, ...] | None = None,
    fmt: str = "parquet",
    run: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write a column table as Parquet or CSV.

    CSV cells hold every number exactly (the shortest text that reads back as the same float),
    an empty cell for a stage not reached, dates as ``YYYY-MM-DD``, and quote text. A Parquet
    file carries its units, time origin and ``run`` (:func:`run_metadata`) in its metadata
    (:mod:`sim.output.table_metadata`).

    Returns
    -------
    dict
        ``{"rows": ..., "sha256": ...}`` of what was written, for the manifest.
    """
    at = arrow_table(table, columns)
    if fmt == "parquet":
        at = describe(at, path.name.partition(".")[0], run)
        encoding = {c: "BYTE_STREAM_SPLIT" for c in at.column_names if c in SPLIT_COLUMNS}
        encoding |= {c: "DELTA_BINARY_PACKED" for c in at.column_names if c in DELTA_COLUMNS}
        pq.write_table(
            at,
            path,
            column_encoding=encoding or None,
            use_dictionary=[c for c in at.column_names if c not in encoding],
            **PARQUET_OPTIONS,
        )
    elif fmt == "csv":
        # Arrow's CSV writer spells a dictionary column's names out itself (the same text as
        # the column cast to strings, without importing pyarrow.compute for the cast)
        pa_csv.write_csv(at, path, pa_csv.WriteOptions(quoting_style="needed"))
    else:
        raise ResultsError(f"unknown table format {fmt!r}; use one of {', '.join(FORMATS)}")
    return {"rows": at.num_rows, "sha256": file_sha256(path)}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _csv_type(name: str) -> pa.DataType:
    if name in BOOL_COLUMNS:
        return pa.bool_()
    if name in TEXT_COLUMNS:
        return pa.dictionary(pa.int32(), pa.string())
    if name in DATE_COLUMNS:
        return pa.date32()
    if name in INT_COLUMNS or name.startswith(INT_PREFIXES):
        return pa.int64()
    return pa.float32() if name in FLOAT32_COLUMNS else pa.float64()


def _numpy(col: pa.ChunkedArray) -> np.ndarray:
    """An Arrow column as the NumPy array the analysis works on: text as an object array of
    ``str`` (one object per distinct name, :mod:`sim.results.table`), dates as
    ``datetime64[D]``, null floats as NaN."""
    if pa.types.is_dictionary(col.type):
        arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
        words = ["" if w is None else str(w) for w in arr.dictionary.to_pylist()]
        at = arr.indices.to_numpy(zero_copy_only=False)
        if arr.null_count:  # a null name (only in a file someone edited) reads as no name
            at = np.where(np.isnan(at), len(words), at).astype(np.intp)
            words.append("")
        return spelled(at, words)
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        cells = ["" if w is None else str(w) for w in col.to_pylist()]
        return spelled(np.arange(len(cells)), cells)
    if pa.types.is_date(col.type):
        return col.to_numpy().astype("datetime64[D]")
    if pa.types.is_floating(col.type):  # float32 amounts widen exactly to float64
        return col.to_numpy().astype(float)
    if col.null_count:  # an integer column with gaps: only in a file someone edited
        return col.to_numpy().astype(float)
    return col.to_numpy()


def read_arrow(path: Path, expected_rows: int | None = None) -> pa.Table:
    """Read a table file (``.parquet`` or ``.csv``) as an Arrow table with typed columns.

    With ``expected_rows`` (from the manifest), a file holding another number of rows is
    refused: a file cut at a row boundary parses cleanly and would otherwise be reported from.
    """
    try:
        if path.suffix == ".parquet":
            at = pq.read_table(path)
        elif path.suffix == ".csv":
            with path.open("rb") as fh:
                header = fh.readline().decode("utf-8").strip()
            if not header:
                raise ResultsError(f"{path}: empty file (no header)")
            names = [n.strip('"') for n in header.split(",")]
            at = pa_csv.read_csv(
                path,
                convert_options=pa_csv.ConvertOptions(
                    column_types={n: _csv_type(n) for n in names}, strings_can_be_null=False
                ),
            )
        else:
            raise ResultsError(f"{path}: not a table file (.parquet or .csv)")
    except FileNotFoundError:
        raise ResultsError(f"{path}: file is missing") from None
    except (pa.ArrowException, OSError, UnicodeDecodeError, ValueError) as exc:
        raise ResultsError(f"{path}: unreadable ({str(exc).splitlines()[0][:200]})") from None
    if expected_rows is not None and at.num_rows != expected_rows:
        raise ResultsError(
            f"{path}: holds {at.num_rows:,} rows but the manifest lists {expected_rows:,} "
            "(cut short or edited)"
        )
    return at


def read_table(path: Path, expected_rows: int | None = None) -> Table:
    """Read a table file (``.parquet`` or ``.csv``) back into NumPy column arrays: text as
    object arrays of ``str`` sharing one object per name (as the run made them, see
    :mod:`sim.results.table`), dates as ``datetime64[D]``, a stage not reached as NaN."""
    at = read_arrow(Path(path), expected_rows)
    out = ColumnTable()
    for name, col in zip(at.column_names, at.columns):
        if pa.types.is_dictionary(col.type) and len(col) and not col.null_count:
            # keep the file's codes: grouping by them needs no sort of the text
            arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
            words = [str(w) for w in arr.dictionary.to_pylist()]
            out.set_text(name, arr.indices.to_numpy(zero_copy_only=False), words)
        else:
            out[name] = _numpy(col)
    return out
