"""Column tables that remember the integer codes of their text columns.

A run's tables are plain dicts of NumPy arrays (a notebook user indexes, slices and hands them to
pandas as they are). The text columns of the orders table (line, mode, destination, category,
channel) hold two million cells at full scale but only a handful of distinct names; the model
knows each cell's name as a small integer code before it spells the names out. A
:class:`ColumnTable` keeps those codes beside the spelled-out column, so that grouping by a name
(:func:`text_codes`, :func:`groups_of`) is an integer sort instead of a sort of the text, and
the Parquet writer stores the codes as the dictionary column directly. A table without the codes
(read from CSV, built by hand, or a column replaced since) gives the same answers, computed from
the text.

Text columns
------------
Every text column of a run's tables (orders, departures, crossings, the container pools'
tables, the monitors), in memory and read back from a results folder (Parquet or CSV), is a
NumPy **object** array whose cells are Python ``str``: one ``str`` object per distinct name,
shared by every row holding it (:func:`spelled`). A cell is equal to the name (``==``,
``tolist()``, pandas) as a fixed-width ``<U`` cell was; the column costs one pointer a row (8
bytes) instead of 4 bytes a character of the longest name (``category`` was ``<U22``, 88 bytes a
row): at full scale, the five text columns of the orders table take 80 MB instead of 300 MB of
fresh memory. A text column of a table a user builds by hand may be either kind; every function
here gives the same answers for both.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

Table = dict[str, np.ndarray]
T = TypeVar("T")


def _small_int(n_labels: int) -> type[np.integer]:
    """The narrowest integer type that holds codes ``0 .. n_labels - 1``."""
    return np.int8 if n_labels <= 127 else np.int16 if n_labels <= 32767 else np.int32


class ColumnTable(dict[str, np.ndarray]):
    """A dict of column arrays that also keeps the codes of its text columns.

    It behaves as a plain dict everywhere; :meth:`set_text`, :meth:`known_codes`,
    :meth:`reordered` and :meth:`remembered` are the additions. The codes of a column are used
    only while the column is the very array they were made with, so replacing a column never
    leaves stale codes behind (editing a name column's cells in place would: replace the
    column instead).
    """

    __slots__ = ("_memo", "_text")

    def __init__(self, *args: object, **kwargs: np.ndarray) -> None:
        super().__init__(*args, **kwargs)
        self._text: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
        self._memo: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}

    def set_text(self, name: str, codes: np.ndarray, labels: Sequence[str]) -> None:
        """Set text column ``name`` to ``labels[codes]``, keeping ``codes`` and ``labels``.

        The column is an object array whose cells are the labels' own ``str`` objects (one per
        distinct name, see the module's notes); the codes kept are renumbered to the sorted
        distinct names.

        Parameters
        ----------
        name
            The column.
        codes
            One index into ``labels`` per row.
        labels
            The name of each code (in any order; repeated or unused names are allowed).
        """
        # labels repeated (several routes of one mode): one code per distinct name
        names, merged = _distinct(labels)
        given = np.asarray(codes)
        small = _small_int(len(names))
        if (
            merged == list(range(len(merged)))
            and given.ndim == 1
            and (not given.size or int(given.min()) >= 0)
        ):
            codes = given.astype(small)  # the labels are the names, sorted: the codes as given
        else:
            codes = gather(np.asarray(merged, dtype=small), given)
        # spelled from the codes as given: NumPy gathers by pointer-sized indices and would
        # first widen the narrow codes kept (twice the time at two million rows)
        values = gather(_cells([names[k] for k in merged]), given)
        self[name] = values
        self._text[name] = (values, codes, names)

    def known_codes(self, name: str) -> tuple[np.ndarray, list[str]] | None:
        """The codes and labels of column ``name``, if they are still those of its array."""
        kept = self._text.get(name)
        if kept is None or self.get(name) is not kept[0]:
            return None
        return kept[1], kept[2]

    def remembered(self, key: Hashable, columns: Sequence[str], make: Callable[[], T]) -> T:
        """``make()``, worked out once for ``key`` while ``columns`` are the very arrays they
        were then (the same rule as the codes: replace a column, do not edit its cells).

        A run's summary and its results folder both ask for the same answers of the orders
        table (the last safe order dates of a full-scale year: 0.07 s each time).
        """
        arrays = tuple(self.get(c) for c in columns)
        kept = self._memo.get(key)
        if kept is not None and all(a is b for a, b in zip(kept[0], arrays, strict=True)):
            value: T = kept[1]
            return value
        value = make()
        self._memo[key] = (arrays, value)
        return value

    def reordered(self, names: Sequence[str]) -> ColumnTable:
        """The columns ``names`` in that order, with their codes."""
        out = ColumnTable({k: self[k] for k in names})
        out._text = {k: v for k, v in self._text.items() if k in out}
        return out

    def __reduce__(self) -> tuple[object, ...]:
        # pickled (to and from worker processes) as a dict whose text columns travel as their
        # codes and names (a byte or two a row) and are spelled out again on arrival, not as
        # millions of references to the names
        columns: dict[str, np.ndarray | None] = {}
        text: dict[str, tuple[np.ndarray, list[str]]] = {}
        for k, v in self.items():
            kept = self.known_codes(k)
            columns[k] = None if kept is not None else v
            if kept is not None:
                text[k] = kept
        return (_rebuild, (columns, text))


def _rebuild(
    columns: dict[str, np.ndarray | None], text: dict[str, tuple[np.ndarray, list[str]]]
) -> ColumnTable:
    table = ColumnTable()
    for k, v in columns.items():  # in the table's order of columns
        if v is None:
            codes, names = text[k]
            values = gather(_cells(names), codes)
            table[k] = values
            table._text[k] = (values, codes, names)
        else:
            table[k] = v
    return table


def _distinct(labels: Sequence[object]) -> tuple[list[str], list[int]]:
    """The sorted distinct names of ``labels`` (each the first ``str`` object given for it) and
    the position of each label's name among them."""
    first: dict[str, str] = {}
    spelled = []
    for x in labels:
        s = str(x)  # a str is its own str: the label's object is kept
        spelled.append(first.setdefault(s, s))
    # Python orders text by code points, as NumPy's sort of fixed-width text did
    names = sorted(first)
    at = {s: k for k, s in enumerate(names)}
    return [first[s] for s in names], [at[s] for s in spelled]


def _cells(names: Sequence[str]) -> np.ndarray:
    """The names as a one-dimensional object array (to be indexed by codes)."""
    out = np.empty(len(names), dtype=object)
    out[:] = list(names)
    return out


def text_array(cells: Sequence[object]) -> np.ndarray:
    """``cells`` as a text column as the run's tables hold text: an object array of ``str``
    with one object per distinct name (equal cells share the first one's object)."""
    names, merged = _distinct(cells)
    return _cells(names)[np.asarray(merged, dtype=np.intp)]


def gather(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``values[codes]`` (both one-dimensional) into a new array of ``values``' type, a block
    of rows at a time (a text column spelled out from its codes, a number per code).

    The indexing expression faults in twice or three times the column's memory at two million
    rows: NumPy widens narrow codes to pointer-sized ones for the whole column, and ``take``
    into an array first copies it (to leave it untouched when a code is out of range); the
    codes are checked once here instead, and each block's widened codes are small.
    """
    codes = np.asarray(codes)
    k = len(values)
    if (
        codes.ndim != 1
        or values.ndim != 1
        or codes.dtype.kind not in "iu"
        or (codes.size and (int(codes.min()) < -k or int(codes.max()) >= k))
    ):
        return values[codes]  # NumPy's own indexing (and its IndexError)
    out = np.empty(codes.size, dtype=values.dtype)
    for at in range(0, codes.size, ROW_BLOCK):
        block = slice(at, at + ROW_BLOCK)
        # "wrap": a negative code counts from the end, as in indexing (checked above)
        np.take(values, codes[block], out=out[block], mode="wrap")
    return out


ROW_BLOCK = 1 << 16
"""Rows of a run's order-level columns worked on at a time after the run (:func:`gather`, the
stage times of :func:`sim.model.order_stage_times`, :func:`sim.results.costs.add_costs`): a
block's temporaries are memory freed by the block before, not fresh pages."""


def spelled(codes: np.ndarray, labels: Sequence[object]) -> np.ndarray:
    """Text column ``labels[codes]`` as the run's tables hold text (:func:`text_array`: one
    ``str`` object per distinct name, repeated labels sharing it).

    For a table that does not keep codes (a :class:`ColumnTable` keeps them with
    :meth:`ColumnTable.set_text`).
    """
    return gather(text_array(labels), np.asarray(codes))


def text_codes(table: Mapping[str, np.ndarray], name: str) -> tuple[np.ndarray, list[str]]:
    """Integer codes and labels of text column ``name`` (``labels[codes]`` is the column).

    From a :class:`ColumnTable` that kept them, at no cost; otherwise from the text (sorted
    distinct names).
    """
    if isinstance(table, ColumnTable):
        kept = table.known_codes(name)
        if kept is not None:
            return kept
    return encode_text(table[name])


def encode_text(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a text column and its sorted distinct names (``names[codes]``).

    An object column is encoded from its distinct cells (a set of the cells, whose hashes the
    shared ``str`` objects keep), not by sorting it (NumPy sorts an object array by comparing
    Python objects, pair by pair: seconds for two million rows); fixed-width text by NumPy's
    sort.
    """
    a = np.asarray(values).reshape(-1)
    if a.dtype.kind != "O":
        names, codes = np.unique(a, return_inverse=True)
        return codes.reshape(-1).astype(_small_int(names.size), copy=False), [str(x) for x in names]
    cells = a.tolist()
    distinct = set(cells)
    labels, merged = _distinct(list(distinct))
    kind = _small_int(len(labels))
    if len(distinct) <= FEW_NAMES and all(type(x) is str for x in distinct):
        # a few names: one comparison of the column per name (equal objects compare at once)
        codes = np.zeros(a.size, dtype=kind)
        for x, k in zip(distinct, merged, strict=True):
            if k:
                codes[a == x] = k
        return codes, labels
    code_of = dict(zip(distinct, merged, strict=True))
    return np.fromiter(map(code_of.__getitem__, cells), dtype=kind, count=a.size), labels


def distinct_text(values: np.ndarray) -> list[str]:
    """Sorted distinct names of a text column (or of a selection of its rows)."""
    a = np.asarray(values)
    if a.dtype.kind == "O":
        return sorted({str(x) for x in set(a.reshape(-1).tolist())})
    return [str(x) for x in np.unique(a)]


def rows_named(
    table: Mapping[str, np.ndarray], name: str, names: str | Iterable[str]
) -> np.ndarray:
    """Whether each row's text column ``name`` holds ``names`` (one name or several).

    A lookup of the column's codes when the table keeps them (2 ms for two million orders;
    comparing an object column with a name takes about 20 ms, fixed-width text about 13 ms);
    else a comparison of the text per name.
    """
    wanted = {names} if isinstance(names, str) else set(names)
    kept = table.known_codes(name) if isinstance(table, ColumnTable) else None
    if kept is None:
        col = np.asarray(table[name])
        out = np.zeros(col.shape, dtype=bool)
        for x in sorted(wanted):
            out |= col == x
        return out
    codes, labels = kept
    hit = np.array([x in wanted for x in labels], dtype=bool)
    return hit[codes] if hit.size else np.zeros(codes.shape, dtype=bool)


def names_in(
    table: Mapping[str, np.ndarray], name: str, rows: np.ndarray | None = None
) -> list[str]:
    """Sorted distinct names of text column ``name`` among ``rows`` (a boolean mask or
    positions; None: all rows), counted from its codes (:func:`text_codes`)."""
    codes, labels = text_codes(table, name)
    if rows is not None:
        codes = codes[rows]
    if not codes.size:
        return []
    counts = np.bincount(codes, minlength=len(labels))
    return sorted(labels[k] for k in np.flatnonzero(counts).tolist())


def masks_of(table: Mapping[str, np.ndarray], name: str) -> Iterator[tuple[str, np.ndarray]]:
    """Each distinct name of text column ``name``, sorted, with a boolean mask of its rows.

    The masks compare the column's small integer codes (:func:`text_codes`), not its text (an
    object column compares a name about 1.4 times as slowly as fixed-width text did: the
    crossings of a full-scale year by border, 23 ms against 17 ms).
    """
    codes, labels = text_codes(table, name)
    if not codes.size:
        return
    counts = np.bincount(codes, minlength=len(labels))
    for k in sorted(np.flatnonzero(counts).tolist(), key=labels.__getitem__):
        yield labels[k], codes == k


def groups_of(
    table: Mapping[str, np.ndarray], name: str, rows: np.ndarray | None = None
) -> list[tuple[str, np.ndarray]]:
    """Each distinct name of text column ``name`` among ``rows`` (a boolean mask or positions;
    None: all rows), sorted by name, with the positions (within ``rows``) holding it, in order.

    One stable sort of the small integer codes instead of a sort of the text; for a few names
    (modes, categories) one comparison per name, which finds the same positions sooner (2 ms
    instead of 15 ms for two million orders by mode).
    """
    codes, labels = text_codes(table, name)
    if rows is not None:
        codes = codes[rows]
    by_name = sorted(range(len(labels)), key=lambda i: labels[i])
    if len(labels) <= FEW_NAMES:
        found = ((labels[k], np.flatnonzero(codes == k)) for k in by_name)
        return [(label, at) for label, at in found if at.size]
    order = np.argsort(codes, kind="stable")
    # each name's run in the sorted codes (a count of the codes would first widen all of them
    # to pointer-sized integers: 16 MB for two million orders)
    bounds = np.searchsorted(codes[order], np.arange(len(labels) + 1), side="left")
    return [
        (labels[k], order[bounds[k] : bounds[k + 1]]) for k in by_name if bounds[k + 1] > bounds[k]
    ]


FEW_NAMES = 8
"""Up to this many names, :func:`groups_of` compares the codes once per name instead of sorting
them (measured on two million orders: 2 names 2 ms against 15 ms, 8 about even)."""


def first_appearance(codes: np.ndarray, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes renumbered in order of first appearance, and the old code of each new one (the
    order a dictionary encoder would give the names)."""
    seen = np.flatnonzero(np.bincount(codes, minlength=n_labels)) if codes.size else np.zeros(0)
    # a few names: one comparison of the column per name finds where each first appears
    first = np.array([int(np.argmax(codes == k)) for k in seen.tolist()], dtype=np.int64)
    old = seen.astype(np.int64)[np.argsort(first, kind="stable")]
    renumber = np.zeros(max(n_labels, 1), dtype=np.int32)
    renumber[old] = np.arange(old.size, dtype=np.int32)
    return renumber[codes], old
