"""Column tables that keep the codes of their text columns give the answers of the text."""

from __future__ import annotations

import pickle

import numpy as np
import pyarrow as pa
import pytest

from sim.results.table import ColumnTable, first_appearance, groups_of, text_codes


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
