"""sim.output.jsonio: strict JSON, written without NaN or Infinity and read within limits."""

from __future__ import annotations

import json

import sim.output.jsonio as jsonio
from tests.test_robustness_round3 import _strict


def test_every_json_writer_refuses_nan_and_infinity(tmp_path):
    data = {"a": float("nan"), "b": [float("inf"), -float("inf"), 1.5], "c": {"d": 2}}
    text = jsonio.json_text(data)
    assert json.loads(text) == {"a": None, "b": [None, None, 1.5], "c": {"d": 2}}
    assert "NaN" not in text and "Infinity" not in text
    from sim.experiment.result_sets import _write_json

    _write_json(tmp_path / "aggregate.json", data)
    assert _strict(tmp_path / "aggregate.json") == json.loads(text)


def test_a_results_json_file_is_read_within_its_limits_or_refused_naming_it(tmp_path):
    """A JSON object is read back; NaN, a 20-digit integer, a list, deep nesting, a file too
    large and a folder are each one error naming the file."""
    import pytest

    from sim.errors import ResultsError

    good = tmp_path / "summary.json"
    good.write_text(jsonio.json_text({"days": 30, "share": 0.5, "kpis": {"a": [1, None]}}))
    assert jsonio.read_json(good) == {"days": 30, "share": 0.5, "kpis": {"a": [1, None]}}
    bad = {
        "nan.json": ('{"a": NaN}', "not JSON"),
        "big.json": ('{"seed": 123456789012345678901}', "more than 19 digits"),
        "list.json": ("[1, 2]", "a JSON object was expected, got list"),
        "deep.json": ('{"a": ' + "[" * 70 + "]" * 70 + "}", "nested more than 64"),
    }
    for name, (text, why) in bad.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(ResultsError, match=why) as got:
            jsonio.read_json(tmp_path / name)
        assert str(got.value).startswith(f"{tmp_path / name}: ")
    with pytest.raises(ResultsError, match="larger than 10 bytes"):
        jsonio.read_json(good, limit=10)
    with pytest.raises(ResultsError, match="not a regular file"):
        jsonio.read_json(tmp_path)
    assert jsonio.json_depth({"a": [{"b": 1}]}) == 3 and jsonio.json_depth(5) == 0
