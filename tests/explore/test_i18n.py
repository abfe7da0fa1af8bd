"""The explorer's sentences that count (trains held, days closed, runs done): a count of one in
the singular, verb included, as the report's glossary says it; Chinese unchanged. The page's
own ``t()`` (``static/words.js``) is run in Node on the same glossary the server sends."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from sim.explore.i18n import TEXT, glossary, text
from sim.output.glossary import PLURAL_KEYS

HELD = dict(who="", end="19 Jan 2026", name="Malaszewicze", reopens="it reopens on 20 Jan 2026",
            yiwu="1", runs="", mean="30", max="30",
            mean_unit="hours", max_unit="hours")  # fmt: skip


def test_an_entry_that_counts_has_its_form_for_one_and_the_same_fields() -> None:
    counting = {k: e for k, e in glossary().items() if "count" in e}
    assert {"tip_held", "tip_queued", "sum_held", "detail_held", "others_waiting"} <= set(counting)
    for key, entry in glossary().items():
        assert set(entry) - set(PLURAL_KEYS) == {"en", "zh"}, key
        assert ("en_one" in entry) == ("count" in entry), key
        if "en_one" in entry:
            fields = set(re.findall(r"\{(\w+)\}", entry["en"]))
            assert set(re.findall(r"\{(\w+)\}", entry["en_one"])) <= fields, key


def test_the_sentences_that_count_trains_say_one_in_the_singular() -> None:
    one = text("sum_held", "en", n="1", **HELD)
    assert "holds 1 train (1 from Yiwu): it is not in the wait" in one and "trains (" not in one
    two = text("sum_held", "en", n="2", **HELD)
    assert "holds 2 trains (1 of them from Yiwu): they are not in the wait" in two
    assert text("sum_held", "zh", n="1", **HELD) == TEXT["sum_held"]["zh"].format(n="1", **HELD)
    assert text("tip_held", "en", n="1") == "1 train still held when the run ends (closed)"
    assert text("tip_held", "en", n="2") == "2 trains still held when the run ends (closed)"
    assert text("tip_queued", "en", n=1).startswith("1 train still queued")
    assert text("tip_held", "zh", n="1") == "运行结束时仍有 1 列滞留（口岸关闭）"
    assert text("others_waiting", "en", n="1").startswith("and 1 train of another operator,")
    assert text("others_waiting", "en", n="3").startswith("and 3 trains of other operators,")
    q = {k: v for k, v in HELD.items() if k != "reopens"}
    assert " 1 train (1 from Yiwu) still queues here " in text("detail_queued", "en", n="1", **q)
    assert " 2 trains (1 of them from Yiwu) still queue " in text("detail_queued", "en", n=2, **q)
    assert text("sum_closure", "en", name="MAL", start="1 Dec", days=1).endswith("for 1 day")
    assert text("sum_closure", "en", name="MAL", start="1 Dec", days=14).endswith("14 days")
    assert text("under_way", "en", n=1) == "1 train or sailing under way"
    assert text("done", "en", total=1).startswith("Done: 1 replication of the baseline")
    assert text("done", "en", total=3).startswith("Done: 3 replications of the baseline")


SCRIPT = """
import { state } from "./page.js";
import { t, unit } from "./words.js";
state.init = { i18n: JSON.parse(process.argv[2]) };
const out = [];
for (const lang of ["en", "zh"]) {
  state.lang = lang;
  for (const n of [1, "1", 2, "2", "1.0"]) {
    out.push(t("tip_held", { n }), t("held_runs", { n }), unit("days", n));
    out.push(t("sum_closure", { name: "MAL", start: "1 Dec", days: n }));
  }
}
console.log(JSON.stringify(out));
"""


def test_the_page_chooses_the_same_form_as_the_server(tmp_path: Path) -> None:
    """``t()`` of ``words.js``, run in Node against a stand-in for the page's state, picks the
    form for one exactly where :func:`sim.explore.i18n.text` does."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs Node to run the page's words.js")
    static = resources.files("sim.explore") / "static"
    (tmp_path / "words.js").write_text((static / "words.js").read_text(encoding="utf-8"))
    (tmp_path / "page.js").write_text("export const state = { init: null, lang: 'en' };\n")
    (tmp_path / "run.js").write_text(SCRIPT)
    (tmp_path / "package.json").write_text('{"type": "module"}')
    got = json.loads(
        subprocess.run(
            [node, "run.js", json.dumps(glossary())],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    want = []
    for lang in ("en", "zh"):
        for n in (1, "1", 2, "2", "1.0"):
            want += [text("tip_held", lang, n=n), text("held_runs", lang, n=n),
                     text("unit.days", lang, n=n),
                     text("sum_closure", lang, name="MAL", start="1 Dec", days=n)]  # fmt: skip
    assert got == want
    assert got[:4] == ["1 train still held when the run ends (closed)", "; means over 1 run",
                       "day", "MAL closed from 1 Dec for 1 day"]  # fmt: skip
    assert got[8:12] == ["2 trains still held when the run ends (closed)", "; means over 2 runs",
                         "days", "MAL closed from 1 Dec for 2 days"]  # fmt: skip
    assert got[16] == "1.0 trains still held when the run ends (closed)"  # "1.0" is not one


def test_the_note_under_the_kpis_says_a_shares_difference_is_in_points() -> None:
    """trial18: the on-time row's difference ("+0.71 [-1.5, 3]", a share in %) read as a
    relative change; the reports and the command line say percentage points, the page too."""
    assert text("colour_note", "en").endswith("A share's difference (%) is in percentage points.")
    assert text("colour_note", "zh").endswith("比例（%）的差值以百分点计。")
