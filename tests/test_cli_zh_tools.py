"""The tool commands in Chinese: ``collect``, ``events``, ``warmup``, ``figures``, ``network``
and ``sensitivity`` take ``--lang zh`` like ``run`` does, and every line they print (heads,
units, place names, warnings, the results layer's refusals) is then Chinese; without it the
English is as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sim.cli import main
from tests.conftest import ROOT

SMALL = ROOT / "scenarios" / "teaching_small.yaml"


def _han(text: str) -> bool:
    return bool(re.search("[\u4e00-\u9fff]", text))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One teaching run of 40 days, with its tables."""
    out = tmp_path_factory.mktemp("zh-tools")
    args = ["run", str(SMALL), "--out", str(out), "--no-report", "--quiet", "--days", "40"]
    assert main(args) == 0
    return out / "teaching-small" / "seed-42"


def test_collect_speaks_chinese_and_its_duplicate_warning_too(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy" / run.name
    shutil.copytree(run, copy)
    table = tmp_path / "k.csv"
    assert main(["collect", str(run), str(copy.parent), "--out", str(table), "--lang", "zh"]) == 0
    out, err = capsys.readouterr()
    first, second = out.strip().splitlines()
    assert first.startswith("已按运行清单核对 1 次运行；") and "变动的参数：无" in first
    assert second == f"表格：{table}"
    assert err.startswith("警告：1 次运行与另一次运行的情景和随机种子相同，只计一次：")
    assert "repeat" not in err and "counted once" not in err
    assert main(["collect", str(run), str(copy.parent), "--out", str(table)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("1 run checked against its manifest;") and "varied: none" in out
    assert err.startswith("warning: 1 run repeats the scenario and seed of another run, counted")


def test_the_results_layers_refusals_are_said_in_chinese(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The results layer words its refusals in English (a notebook reads them); the command
    line reads them back and says them in Chinese, the path as it is."""
    nowhere = tmp_path / "nowhere"
    up = run.parent.parent
    # exit 1: the work could not be done; exit 2: the input is wrong (README: exit codes)
    cases = [
        (["collect", str(nowhere)], f"错误：{nowhere}：不是结果文件夹", 1),
        (["collect", str(run), "--out", "k.txt"], "错误：k.txt：表格文件名必须以 .parquet", 2),
        (["events", str(nowhere)], f"错误：{nowhere}：不是结果文件夹", 1),
        (["events", str(up)], f"错误：{up}：包含 1 次运行，而不是一次；请指定其中一次", 1),
        (["warmup", str(run), "--series", "nope"], "错误：--series：没有任何运行的每日明细表", 2),
        (["figures", str(nowhere)], f"错误：{nowhere}：没有这个结果文件夹", 1),
        (["figures", str(tmp_path)], f"错误：{tmp_path}：不是结果文件夹（没有 summary.json", 1),
    ]  # fmt: skip
    for args, said, code in cases:
        assert main([*args, "--lang", "zh"]) == code, args
        err = capsys.readouterr().err
        assert err.startswith(said), err
        assert len(err.strip().splitlines()) == 1, err
        assert main(args) == code
        assert capsys.readouterr().err.startswith("error: "), args


def test_events_says_what_it_wrote_in_chinese(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for entities, word in (("trains", "班列"), ("orders", "订单")):
        path = tmp_path / f"{entities}.csv"
        args = ["events", str(run), "--entities", entities, "--out", str(path)]
        assert main([*args, "--lang", "zh"]) == 0
        out = capsys.readouterr().out.strip()
        assert re.fullmatch(
            rf"[\d,]+ 条{word}事件（vidigi 事件日志格式）：{re.escape(str(path))}", out
        )
        assert main(args) == 0
        assert (
            f"events of {entities} (vidigi's event log layout): {path}" in capsys.readouterr().out
        )


def test_warmup_speaks_chinese_and_names_the_crossings(
    run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["warmup", str(run), "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "按每日序列计算 MSER-5（取所找到各次运行的平均），单位：天"
    assert lines[1].split() == ["序列", "预热期", "所用天数（整批，每批", "5", "天）"]
    assert lines[2].startswith("teu_waiting_yiwu（义乌待发 TEU）")
    assert any(x.startswith("queue_MAL（马拉舍维奇排队列车）") for x in lines)
    assert lines[-1].startswith(("建议：--set warmup_days=", "无法建议预热期："))
    for english in ("constant", "series", "suggested", "warm-up", "days used"):
        assert english not in "\n".join(lines)
    assert main(["warmup", str(run)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "MSER-5 on the daily series (averaged over the runs found), in days:"
    assert lines[1].split()[:4] == ["series", "warm-up", "days", "used"]
    assert "queue_MAL " in "\n".join(lines) and "（" not in "\n".join(lines)


def test_network_names_its_lines_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["network", "--lang", "zh", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "线路" in out.splitlines()[0] and "模型天数" in out.splitlines()[0]
    assert "义乌—马德里" in out and "Yiwu-Madrid" not in out
    assert "31-35 港到港" in out and "port-to-port" not in out
    assert "MAL 马拉舍维奇" in out  # the codes in the table, named once below it
    assert f"已写出 {tmp_path / 'network.graphml'} 和" in out
    assert not re.search(r"\b(model d|sourced|wrote|running time)\b", out)
    assert main(["network"]) == 0
    out = capsys.readouterr().out
    assert "L01   Yiwu-Madrid                     13,225    20.0" in out
    assert out.splitlines()[0].startswith("line  name") and not _han(out)


def test_the_chinese_network_table_lines_its_columns_up(capsys: pytest.CaptureFixture[str]):
    """A Chinese name takes two columns a character: the km column starts at one column."""
    import unicodedata

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    assert main(["network", "--lang", "zh"]) == 0
    rows = [x for x in capsys.readouterr().out.splitlines() if re.match(r"[LS]\d\d ", x)]
    ends = {columns(re.match(r"^(.*?\d,\d{3})", x).group(1)) for x in rows}  # type: ignore[union-attr]
    assert len(rows) == 18 and len(ends) == 1, rows


def test_figures_says_what_it_wrote_in_chinese(
    run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "figs"
    assert main(["figures", str(run), "--format", "svg", "--out", str(out), "--lang", "zh"]) == 0
    said = capsys.readouterr().out.strip()
    assert said.startswith(f"12 张图（svg）已写入 {out}：network, ") and "figures (" not in said
    svg = (out / "on_time.svg").read_text(encoding="utf-8")
    assert "截止日前送达" in svg and ">late<" not in svg
    dates = (out / "teu_by_line.svg").read_text(encoding="utf-8")  # 10月, 11月, not Oct, Nov
    assert "11月" in dates and "Nov" not in dates


def test_sensitivity_speaks_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sensitivity", str(SMALL), "--vary", "buyers.visits_per_day=*0.8..1.2",
            "--vary", "logistics.lines.L01.trains_per_week=1..2", "--trajectories", "2",
            "--replications", "1", "--set", "days=30", "--jobs", "1", "--quiet",
            "--out", str(tmp_path), "--kpi", "lead_time_days.overall.mean",
            "--kpi", "on_time.share"]  # fmt: skip
    assert main([*args, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert lines[0].startswith("morris：2 个输入，6 个点 × 每点 1 次重复（公共随机数）= 6 次运行")
    assert lines[1] == "平均交货周期（天）（lead_time_days.overall.mean）"
    assert lines[2].split()[:3] == ["输入", "mu_star", "95%"]
    assert "注：on_time.share：6 次运行没有数值，未作分析" in out  # no deadline in 30 days
    assert lines[-1].startswith("结果：")
    assert not re.search(r"\b(inputs|points|runs|note|results|interval|noise)\b", out)
    (svg,) = tmp_path.glob("teaching-small/sensitivity-morris-*/sensitivity.svg")
    figure = svg.read_text(encoding="utf-8")  # the figure in Chinese too
    assert "Morris 筛选" in figure and "平均交货周期（天）" in figure
    assert not re.search(r"\b(bootstrap|interval|noise|orange|tick|bar)\b", figure)
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Morris: mu* (bar) with 95 % bootstrap interval" in svg.read_text(encoding="utf-8")
    assert out.startswith("morris: 2 inputs, 6 points x 1 replication with common random")
    assert "note: on_time.share: no value in 6 runs, not analysed" in out
    assert main(["sensitivity", str(SMALL), "--trajectories", "1", "--lang", "zh"]) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert (
        last == "yiwu-sim sensitivity：错误：参数 --trajectories：应为不小于 2 的整数，给出的是 '1'"
    )


# ------------------------------------------------------------------ units and "ok"


def test_the_run_summary_says_hours_and_seconds_and_validate_says_ok_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``h`` and ``s`` were left after the numbers of the Chinese summary, and ``validate``
    said ``ok``."""
    from tests.conftest import write_closed_teaching

    closed = write_closed_teaching(tmp_path)
    args = ["run", str(closed), "--out", str(tmp_path), "--no-report", "--quiet", "--lang", "zh"]
    assert main(args) == 0
    out = capsys.readouterr().out
    wait = next(x for x in out.splitlines() if "口岸平均等待最长" in x)
    assert re.search(r"（[A-Z]{3}） [\d,.]+ / [\d,.]+ 小时$", wait), wait
    assert re.search(r"模拟事件数 / 用时 +[\d,]+ / [\d.]+ 秒$", out, re.M), out
    assert main(["validate", str(closed), "--lang", "zh"]) == 0
    assert capsys.readouterr().out.strip() == f"{closed}：检查通过"
    assert main(["validate", str(closed)]) == 0
    assert capsys.readouterr().out.strip() == f"{closed}: ok"


def test_explore_opens_its_page_in_chinese_and_says_where(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page reads its language from the address (``#lang=zh``); the line that gives the
    address is Chinese too."""
    import sim.explore.server

    class Server:
        url = "http://127.0.0.1:8765/"

        class explorer:
            @staticmethod
            def stop() -> None:
                pass

        def serve_forever(self) -> None:
            pass

        def server_close(self) -> None:
            pass

    monkeypatch.setattr(sim.explore.server, "serve", lambda *a: Server())
    assert main(["explore", "--lang", "zh"]) == 0
    said = "yiwu-sim 探索页面：http://127.0.0.1:8765/#lang=zh（离线运行；按 Ctrl-C 停止）"
    assert capsys.readouterr().out.strip() == said
    assert main(["explore"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == "yiwu-sim explorer on http://127.0.0.1:8765/ (offline; Ctrl-C stops it)"


@pytest.mark.filterwarnings("ignore:Glyph")  # the boxes the warning is about
def test_figures_warns_when_no_chinese_font_is_installed(
    run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    import sim.figures.folders

    monkeypatch.setattr(sim.figures.folders, "chinese_font", lambda: None)
    args = ["figures", str(run), "--format", "svg", "--out", str(tmp_path), "--lang", "zh"]
    assert main(args) == 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("警告：没有找到可用于图的中文字体") and "Noto Sans CJK SC" in err


def test_what_the_system_says_went_wrong_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An OSError's words (here: a folder asked for below a file) were English under
    ``--lang zh``; the path stays as it is, and the command says it cannot write there, as
    ``run`` does."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out = tmp_path / "file" / "net"
    assert main(["network", "--out", str(out), "--lang", "zh"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：") and err.endswith("：无法写入（不是目录）")
    assert str(tmp_path) in err
    assert main(["network", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip().endswith(": cannot write (Not a directory)")


def test_the_progress_bar_of_replications_speaks_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sim.experiment.executor as executor

    class Shown(executor.Progress):  # drawn at once (the real bar waits 2 s before it shows)
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **{**kwargs, "delay": 0})

    monkeypatch.setattr(executor, "Progress", Shown)
    args = ["run", str(SMALL), "--replications", "2", "--jobs", "1", "--days", "20",
            "--no-report", "--out", str(tmp_path)]  # fmt: skip
    assert main([*args, "--lang", "zh"]) == 0
    bar = [s for s in capsys.readouterr().err.split("\r") if "%|" in s]
    assert bar and all("次运行" in s and "已用" in s for s in bar), bar
    assert not [s for s in bar if re.search(r"run/s|s/run|it/s|\[\d\d:\d\d<", s)]
    assert main([*args, "--force"]) == 0  # English: tqdm's own bar
    bar = [s for s in capsys.readouterr().err.split("\r") if "%|" in s]
    assert bar and all(s.startswith("teaching-small: ") for s in bar), bar
    assert re.search(r"2/2 \[\d\d:\d\d<00:00, +[\d.]+(run/s|s/run)\]", bar[-1]), bar
