"""The progress bar in the reader's words: with :class:`BarWords` (what the command line
passes under ``--lang zh``) every word of the bar, its rate included, is Chinese; without them
the bar is tqdm's own, ``run/s`` as before."""

from __future__ import annotations

import argparse
import io
import re

from sim.cli.settings import _progress
from sim.experiment.progress import BarWords, Progress


def _zh() -> BarWords:
    words = _progress(argparse.Namespace(quiet=False, lang="zh"))
    assert isinstance(words, BarWords)
    return words


def _drawn(words: BarWords | None, label: str, seconds: list[float]) -> list[str]:
    """Every state of a bar of ``len(seconds)`` runs taking those seconds (a fake clock)."""
    now = [0.0]

    out = io.StringIO()
    desc = words.desc(label) if words else label
    bar = Progress(total=len(seconds), desc=desc, unit="run", file=out, mininterval=0,
                   miniters=1, words=words, ncols=100)  # fmt: skip
    bar._time = lambda: now[0]  # type: ignore[method-assign]
    bar.start_t = bar.last_print_t = 0.0
    for s in seconds:
        now[0] += s
        bar.update(1)
    bar.close()
    return [s for s in out.getvalue().split("\r") if s.strip()]


def test_the_chinese_bar_has_no_english_words() -> None:
    zh = _zh()
    for label, seconds, rate in (("compare", [0.2, 0.2, 0.2], "每秒"),
                                 ("sweep", [3.0, 3.0], "每次"),
                                 ("sensitivity", [0.5], "每秒")):  # fmt: skip
        lines = _drawn(zh, label, seconds)
        assert lines and all(not re.search("[A-Za-z]", s) for s in lines), lines
        assert "次运行" in lines[-1] and rate in lines[-1] and "已用" in lines[-1]
    assert _drawn(zh, "teaching-small", [1.0])[-1].startswith("teaching-small：")  # a name
    assert zh.rate_text(None) == "速度待测"
    assert zh.rate_text(2.5) == "每秒 2.50 次" and zh.rate_text(0.25) == "每次 4.00 秒"


def test_the_english_bar_is_tqdms_own() -> None:
    assert _progress(argparse.Namespace(quiet=False, lang="en")) is True
    assert _progress(argparse.Namespace(quiet=True, lang="zh")) is False
    last = _drawn(None, "compare", [0.5, 0.5])[-1]
    assert re.fullmatch(r"compare: 100%\|#+\| 2/2 \[00:01<00:00, +[\d.]+run/s\]\s*", last), last
