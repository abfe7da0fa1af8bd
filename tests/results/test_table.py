"""Column tables that keep the codes of their text columns give the answers of the text."""

from __future__ import annotations

import pickle

import numpy as np
import pyarrow as pa
import pytest

from sim.results.table import (
    ColumnTable,
    distinct_text,
    first_appearance,
    groups_of,
    masks_of,
    names_in,
    rows_named,
    spelled,
    text_array,
    text_codes,
)


def _table(seed: int = 0, n: int = 500) -> ColumnTable:
    rng = np.random.default_rng(seed)
    t = ColumnTable(x=rng.random(n))
    # several routes share one mode: repeated labels, one of them never used
    t.set_text("mode", rng.integers(0, 4, n), ["sea", "rail", "rail", "road"])
    t.set_text("line", rng.integers(0, 3, n), ["L2", "L10", "L1"])
    return t


def test_set_text_spells_the_labels_of_the_codes() -> None:
    t = ColumnTable()
    t.set_text("mode", np.array([2, 0, 1, 2]), ["sea", "rail", "rail"])
    assert t["mode"].tolist() == ["rail", "sea", "rail", "rail"]
    codes, labels = text_codes(t, "mode")
    assert labels == ["rail", "sea"]  # repeated names merged into one code
    assert [labels[c] for c in codes.tolist()] == t["mode"].tolist()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_groups_by_codes_equal_groups_by_text(seed: int) -> None:
    t = _table(seed)
    plain = dict(t)  # a plain dict: codes come from the text
    rows = t["x"] > 0.3
    for col in ("mode", "line"):
        kept = groups_of(t, col, rows)
        from_text = groups_of(plain, col, rows)
        assert [k for k, _ in kept] == [k for k, _ in from_text]
        assert [k for k, _ in kept] == sorted(set(t[col][rows].tolist()))
        for (name, pos), (_, pos_text) in zip(kept, from_text, strict=True):
            assert np.array_equal(pos, pos_text)
            assert (t[col][rows][pos] == name).all()
            # positions are in row order within the group
            assert np.all(np.diff(pos) > 0)


def test_replacing_a_column_drops_its_codes() -> None:
    t = _table()
    t["mode"] = np.where(t["x"] > 0.5, "air", "sea")
    codes, labels = text_codes(t, "mode")
    assert labels == ["air", "sea"]
    assert [labels[c] for c in codes.tolist()] == t["mode"].tolist()


def test_pickle_keeps_values_and_codes() -> None:
    t = _table()
    back = pickle.loads(pickle.dumps(t))
    assert isinstance(back, ColumnTable)
    assert back.keys() == t.keys()
    assert all(np.array_equal(back[k], t[k]) for k in t)
    assert back.known_codes("mode") is not None
    assert np.array_equal(back.known_codes("mode")[0], t.known_codes("mode")[0])  # type: ignore[index]


def test_reordered_keeps_codes_of_the_columns_kept() -> None:
    t = _table().reordered(["line", "x"])
    assert list(t) == ["line", "x"]
    assert t.known_codes("line") is not None
    assert t.known_codes("mode") is None


def test_first_appearance_matches_a_dictionary_encoder() -> None:
    t = _table(3)
    codes, labels = text_codes(t, "line")
    renumbered, old = first_appearance(codes, len(labels))
    enc = pa.array(t["line"]).dictionary_encode()
    assert [labels[k] for k in old.tolist()] == enc.dictionary.to_pylist()
    assert renumbered.tolist() == enc.indices.to_pylist()


def test_an_empty_text_column() -> None:
    t = ColumnTable()
    t.set_text("mode", np.zeros(0, dtype=np.int64), ["rail"])
    assert t["mode"].size == 0
    assert groups_of(t, "mode") == []


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_table_read_back_keeps_codes_and_values(tmp_path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from sim.output.arrow import read_table, write_table

    t = _table(4)
    path = tmp_path / f"t.{fmt}"
    write_table(path, t, ("line", "mode", "x"), fmt=fmt)
    back = read_table(path)
    assert isinstance(back, ColumnTable)
    for col in ("line", "mode"):
        assert back[col].tolist() == t[col].tolist()
        assert back.known_codes(col) is not None
        assert [k for k, _ in groups_of(back, col)] == [k for k, _ in groups_of(t, col)]


def test_an_answer_is_remembered_while_its_columns_are_the_same_arrays():
    t = _table()
    calls = []

    def make():
        calls.append(1)
        return float(t["x"].sum())

    first = t.remembered("total", ["x"], make)
    assert t.remembered("total", ["x"], make) == first and len(calls) == 1
    t["x"] = t["x"] * 2  # a column replaced: worked out again
    assert t.remembered("total", ["x"], make) == 2 * first and len(calls) == 2
    assert t.remembered("other", ["x"], make) == 2 * first and len(calls) == 3  # its own key
    again = pickle.loads(pickle.dumps(t))  # a copy sent to a worker forgets (and recomputes)
    assert again.remembered("total", ["x"], lambda: -1.0) == -1.0


@pytest.mark.parametrize("n_names", [1, 2, 5, 12, 40])
def test_a_few_names_and_many_give_the_same_groups(n_names: int, monkeypatch) -> None:
    """Comparing the codes once per name and sorting them find the same positions."""
    import sim.results.table as table

    rng = np.random.default_rng(n_names)
    t = ColumnTable(x=rng.random(3000))
    t.set_text("dest", rng.integers(0, n_names, 3000), [f"D{i:02d}" for i in range(n_names)])
    rows = t["x"] > 0.4
    monkeypatch.setattr(table, "FEW_NAMES", 10**6)
    compared = groups_of(t, "dest", rows)
    monkeypatch.setattr(table, "FEW_NAMES", 0)
    sorted_ = groups_of(t, "dest", rows)
    assert [k for k, _ in compared] == [k for k, _ in sorted_]
    for (_, a), (_, b) in zip(compared, sorted_, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def _spelled_as_fixed_width(codes: np.ndarray, labels: list[str]) -> np.ndarray:
    """The column as set_text spelled it before text columns were objects (``<U``)."""
    distinct, merged = np.unique(np.asarray(labels, dtype=str), return_inverse=True)
    return distinct[merged[codes]]


def test_set_text_gives_objects_that_are_the_labels_own_strings() -> None:
    rng = np.random.default_rng(5)
    # built at run time (not literals), so that equal names are distinct objects
    labels = ["".join(["christmas", "_goods"]), "toys", "".join(["to", "ys"]), "义乌", ""]
    codes = rng.integers(0, len(labels), 2000)
    t = ColumnTable()
    t.set_text("category", codes, labels)
    col = t["category"]
    assert col.dtype == object and col.shape == (2000,)
    assert all(type(x) is str for x in col.tolist())
    # every cell is one of the labels' own objects, one object per distinct name
    assert {id(x) for x in col.tolist()} <= {id(x) for x in labels}
    assert len({id(x) for x in col.tolist()}) == len(set(labels))
    assert col[codes == 2][0] is labels[1]  # a repeated name: the first object given for it
    # the same values as the fixed-width column of before, cell for cell
    old = _spelled_as_fixed_width(codes, labels)
    assert old.dtype.kind == "U" and col.tolist() == old.tolist()
    assert (col == old).all() and (col == "toys").sum() == (old == "toys").sum()
    codes_kept, names = text_codes(t, "category")
    assert names == sorted(set(labels)) and [names[c] for c in codes_kept.tolist()] == col.tolist()


def test_pickled_tables_travel_as_codes_and_names() -> None:
    n = 200_000
    t = _table(6, n)
    t["after"] = t["x"] * 2  # a column after the text columns: the order of columns is kept
    t["plain"] = np.where(t["x"] > 0.5, "air", "sea").astype(object)  # no codes: as it is
    data = pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(data)
    assert isinstance(back, ColumnTable) and list(back) == list(t)
    for col in t:
        assert back[col].dtype == t[col].dtype and back[col].tolist() == t[col].tolist(), col
    for col in ("mode", "line"):
        kept, again = t.known_codes(col), back.known_codes(col)
        assert kept is not None and again is not None
        assert np.array_equal(kept[0], again[0]) and again[0].dtype == kept[0].dtype
        assert again[1] == kept[1]
        # spelled out again on arrival from the names: one object per name
        assert len({id(x) for x in back[col].tolist()}) == len(kept[1])
    assert back.known_codes("plain") is None
    # a byte a row for each coded text column (int8 codes), not a reference per cell
    numbers = 2 * 8 * n  # the two float columns
    text = pickle.dumps(dict(t), protocol=pickle.HIGHEST_PROTOCOL)
    assert len(data) < numbers + 2 * n + len(pickle.dumps(t["plain"])) + 10_000
    assert len(data) < len(text) - n


def test_codes_of_object_and_fixed_width_text_agree() -> None:
    rng = np.random.default_rng(8)
    for n_names in (1, 3, 8, 9, 40):
        names = [f"D{i:02d}" if i % 3 else f"名{i}" for i in range(n_names)]
        fixed = np.asarray(names, dtype=str)[rng.integers(0, n_names, 3000)]
        objects = fixed.astype(object)
        assert objects.dtype == object
        c_fixed, l_fixed = text_codes({"d": fixed}, "d")
        c_obj, l_obj = text_codes({"d": objects}, "d")
        assert l_obj == l_fixed and np.array_equal(c_obj, c_fixed) and c_obj.dtype == c_fixed.dtype
        assert distinct_text(objects) == distinct_text(fixed) == l_fixed
        assert distinct_text(objects[:0]) == []


def test_spelled_columns_share_one_object_per_name() -> None:
    labels = ["".join(["B", "RE"]), "MAL", "".join(["BR", "E"])]
    col = spelled(np.array([0, 1, 2, 2, 0]), labels)
    assert col.dtype == object and col.tolist() == ["BRE", "MAL", "BRE", "BRE", "BRE"]
    assert all(x is labels[0] for x in col[[0, 2, 3, 4]])
    assert text_array([]).dtype == object and text_array([]).size == 0


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_text_read_back_is_objects_whatever_was_written(tmp_path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """Read back, every text column is an object column of shared names, as in memory; a
    hand-built table's fixed-width text is written the same way as its object text."""
    from sim.output.arrow import read_table, write_table

    t = _table(7)
    hand = {"line": t["line"].astype(str), "mode": t["mode"].astype(str), "x": t["x"]}
    for name, table in (("kept", t), ("hand", hand)):
        (tmp_path / name).mkdir()
        path = tmp_path / name / f"t.{fmt}"  # the file's name is in its metadata
        write_table(path, table, ("line", "mode", "x"), fmt=fmt)
        back = read_table(path)
        for col in ("line", "mode"):
            assert back[col].dtype == object and back[col].tolist() == t[col].tolist()
            assert len({id(x) for x in back[col].tolist()}) == len(set(t[col].tolist()))
    assert (tmp_path / "kept" / f"t.{fmt}").read_bytes() == (
        tmp_path / "hand" / f"t.{fmt}"
    ).read_bytes()


@pytest.mark.parametrize("seed", [0, 1])
def test_rows_named_and_names_in_answer_as_the_text_does(seed: int) -> None:
    t = _table(seed)
    rows = t["x"] > 0.6
    for table in (t, dict(t), {k: v.astype(str) if v.dtype == object else v for k, v in t.items()}):
        for col, names in (("mode", "rail"), ("mode", {"sea", "air"}), ("line", ["L1", "L10"])):
            wanted = {names} if isinstance(names, str) else set(names)
            expect = np.array([x in wanted for x in t[col].tolist()])
            assert np.array_equal(rows_named(table, col, names), expect), (col, names)
        assert names_in(table, "line", rows) == sorted(set(t["line"][rows].tolist()))
        assert names_in(table, "mode") == [
            "rail",
            "road",
            "sea",
        ]  # sorted, the repeated "rail" once
    assert names_in(t, "line", np.zeros(t["x"].size, dtype=bool)) == []
    assert rows_named(t, "mode", []).sum() == 0


def test_masks_of_each_name_are_those_of_the_text() -> None:
    t = _table(9)
    for table in (t, dict(t), {"line": t["line"].astype(str)}):
        got = list(masks_of(table, "line"))
        names = sorted(set(t["line"].tolist()))
        assert [b for b, _ in got] == names
        for b, m in got:
            assert np.array_equal(m, t["line"] == b)
    assert list(masks_of({"line": np.zeros(0, dtype=object)}, "line")) == []
