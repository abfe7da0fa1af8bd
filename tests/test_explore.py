"""The explorer end to end, without a browser: a page's setting downloaded and run by the
command the page prints, the views of a closure at the run's end (the server, the engine and the
digest together), and the ``explore`` command's port and host. Each module's own tests are in
``tests/explore/``."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator

import pytest

from sim.errors import SimError
from sim.explore.server import ExploreServer, check_port, make_server
from tests.explore.test_server import _fetch


@pytest.fixture(scope="module")
def server() -> Iterator[ExploreServer]:
    srv = make_server(None, 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.explorer.stop()
    srv.server_close()


def test_the_downloaded_scenario_run_as_printed_gives_the_pages_numbers(
    server, tmp_path, monkeypatch
):
    """A student's setting (a closure at a crossing and policies that answer back), downloaded,
    validated and run by the command the page prints for it, gives the page's numbers."""
    import shlex
    import time

    from sim.cli import main

    setting = {"closure.start": "2025-12-20", "closure.days": 14, "mode_choice.rule": "live",
               "train_routing": "avoid_closed", "dispatch.rule": "demand",
               "pricing.rule": "live", "replications": 2}  # fmt: skip
    status, body = _fetch(server.url + "api/run", json.dumps(setting).encode())
    assert status == 200
    job = json.loads(body)["job"]
    end = time.monotonic() + 120
    while True:
        state = json.loads(_fetch(f"{server.url}api/job/{job}")[1])
        if (state["status"] == "done" and state["done"] == 2) or time.monotonic() > end:
            break
        time.sleep(0.1)
    assert state["status"] == "done", state["status"]
    assert state["setting"]["closure.days"] == 14  # the views say which setting they are of
    assert " --seed 42 --replications 2 " in state["command"]
    page = {k["key"]: k["cur"] for k in state["views"]["kpis"]}
    status, text = _fetch(f"{server.url}download/scenario.yaml?job={job}")
    (tmp_path / "teaching-small.yaml").write_bytes(text)  # the name the download is saved as
    monkeypatch.chdir(tmp_path)
    printed = shlex.split(state["command_file"])
    assert " ".join(printed) == "yiwu-sim run teaching-small.yaml --seed 42 --replications 2"
    assert main(["validate", "teaching-small.yaml"]) == 0
    out = ["--out", str(tmp_path / "res"), "--jobs", "1", "--no-report", "--quiet"]
    assert main([*printed[1:], *out]) == 0
    agg = json.loads(next((tmp_path / "res").rglob("aggregate.json")).read_text())["kpis"]
    run = {
        "on_time_pct": 100 * agg["on_time.share"]["mean"],
        "lead_rail_days": agg["lead_time_days.by_mode.rail.mean"]["mean"],
        "lead_sea_days": agg["lead_time_days.by_mode.sea.mean"]["mean"],
        "wait_h.MAL": agg["borders.MAL.wait_h_mean"]["mean"],
    }
    for key, value in run.items():
        assert page[key] == pytest.approx(value, rel=1e-3, abs=1e-3), key


def test_the_page_asks_for_its_problems_in_its_own_language():
    """The server says a whole scenario's problems in the language the request names
    (``api/run?lang=zh``); the page's language lives after the ``#``, which a browser never
    sends, so the page must name it in the request."""
    from pathlib import Path

    import sim.explore

    network = Path(sim.explore.__file__).with_name("static") / "network.js"
    assert "fetch(`api/run?lang=${state.lang}`" in network.read_text(encoding="utf-8")


def _finished(server, setting: dict, season: bool = False) -> dict:
    import time

    status, body = _fetch(server.url + "api/run", json.dumps(setting).encode())
    assert status == 200, body
    job = json.loads(body)["job"]
    end = time.monotonic() + 120
    while time.monotonic() < end:
        state = json.loads(_fetch(f"{server.url}api/job/{job}{'?season=1' if season else ''}")[1])
        if state["status"] == "done" and state["done"] == state["total"]:
            return state
        time.sleep(0.1)
    raise AssertionError(f"job {job} did not finish: {state['status']}")


def test_a_closure_in_the_runs_last_days_shows_the_trains_it_holds(server):
    """Małaszewicze closed from 20 February for 14 days, past the run's end (27 February): the
    page showed no change at all (the trains it holds are in no crossings row). Now the views
    count them, with the hours waited so far, and the wait with them included."""
    setting = {"closure.start": "2026-02-20", "closure.days": 14, "replications": 2}
    state = _finished(server, setting, season=True)
    rows = {k["key"]: k for k in state["views"]["kpis"]}
    held, so_far, wait = rows["held.MAL"], rows["held_wait_h.MAL"], rows["wait_held_h.MAL"]
    assert held["base"] == 0 and held["cur"] >= 1 and held["diff"] == held["cur"]
    assert so_far["base"] is None and so_far["cur"] > 24
    assert wait["cur"] > wait["base"] == rows["wait_h.MAL"]["base"]
    # the wait of the trains served alone does not move: the closure came after them
    assert rows["wait_h.MAL"]["cur"] == rows["wait_h.MAL"]["base"]
    said = state["views"]["held"]
    assert said["base"] is None
    cur = said["cur"]
    assert cur["crossing"] == "MAL" and cur["runs"] == cur["n"] == 2
    assert cur["trains"] == held["cur"] and cur["waited_h_mean"] == pytest.approx(so_far["cur"])
    assert cur["waited_h_max"] >= cur["waited_h_mean"]
    assert cur["reopens_h"] == 156 * 24.0 and cur["end_h"] == 150 * 24.0  # 6 March, 00:00
    # who waits at the crossing (the season's run) names them too
    assert state["season"]["waits"]["crossings"]["MAL"]["held"]["trains"] >= 1
    # no closure at the end: no such rows, nothing said
    plain = _finished(server, {"closure.start": "2025-12-20", "closure.days": 14})
    keys = {k["key"] for k in plain["views"]["kpis"]}
    assert not keys & {"held.MAL", "held_wait_h.MAL", "wait_held_h.MAL"}
    assert plain["views"]["held"] == {"base": None, "cur": None}


def test_the_trains_still_waiting_when_the_run_ends_are_drawn_and_told_apart(server):
    """Małaszewicze closed from 1 February for 25 days: open again on the 26th, two days
    before the run ends, with a backlog still queued then (every server busy). Those trains
    were counted nowhere; the views now count them apart from the trains a closure holds, add
    them to the wait counting every train still waiting, and give the daily queue chart the
    part still waiting when the run ended (the season's animation gets each of them)."""
    setting = {"closure.start": "2026-02-01", "closure.days": 25, "replications": 2}
    state = _finished(server, setting, season=True)
    v = state["views"]
    rows = {k["key"]: k for k in v["kpis"]}
    assert "held.MAL" not in rows  # no closure in force at the end
    queued, wait = rows["queued.MAL"], rows["wait_held_h.MAL"]
    assert queued["base"] == 0 and queued["cur"] >= 1
    assert "still queued at Malaszewicze when the run ends (open" in queued["label"]
    assert "still waiting when the run ends" in wait["label"]
    assert wait["cur"] > rows["wait_h.MAL"]["cur"]
    said = v["queued"]
    assert said["base"] is None and v["held"] == {"base": None, "cur": None}
    assert said["cur"]["trains"] == queued["cur"] and "reopens_h" not in said["cur"]
    assert v["queued_trains"] == {"MAL": queued["cur"]}
    # the queue chart's part still waiting: the mean of the runs, none in the baseline
    q = v["queue"]
    assert len(q["cur_waiting"]) == len(q["cur"]) == 150 and not any(q["base_waiting"])
    assert q["cur_waiting"][-1] == queued["cur"] and not any(q["cur_waiting"][:140])
    w = state["season"]["waits"]["crossings"]["MAL"]
    assert w["queued"]["trains"] == len(w["waiting_at_end"]) and w["held"] is None
    ids = {r[0] for r in w["waiting_at_end"]}
    moving = {m["id"]: m["waits_at_end"] for m in state["season"]["moves"] if "waits_at_end" in m}
    assert set(moving) == ids and {x[2] for x in moving.values()} == {"queued"}
    # the closure past the end: its trains held, drawn in the queue chart's part too
    late = _finished(server, {"closure.start": "2026-02-20", "closure.days": 14})
    assert late["views"]["queue"]["cur_waiting"][-1] == late["views"]["held"]["cur"]["trains"]
    assert "queued.MAL" not in {k["key"] for k in late["views"]["kpis"]}


# ------------------------------------------------------------------ the explore command


def test_cli_refuses_an_invalid_port_in_one_line(capsys):
    from sim.cli import main

    assert main(["explore", "--port", "99999"]) != 0
    err = capsys.readouterr().err
    # argparse's usage lines, then the one line that says what is wrong (exit 2, as every
    # usage error: docs/robustness.md)
    lines = [x for x in err.splitlines() if not x.startswith(("usage:", " "))]
    assert len(lines) == 1 and "99999" in lines[0] and "Traceback" not in err


def test_a_port_in_use_is_named_in_one_line(capsys):
    """A second explorer on the first one's port: the port and what to do, not 'Address
    already in use' alone (exit code 1: the work could not be done)."""
    from sim.cli import main

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        assert main(["explore", "--port", str(port)]) == 1
    finally:
        taken.close()
    err = capsys.readouterr().err.strip()
    assert err == (
        f"error: port {port} on 127.0.0.1 is in use (another explorer?): choose another with "
        "--port, or leave --port out for a free one"
    )


def test_a_port_in_use_is_said_in_chinese_under_lang_zh(capsys):
    """``yiwu-sim --lang zh explore --port N`` on a taken port printed "错误：" and then the
    English line: the refusal is said from its glossary entry, the port as given."""
    from sim.cli import main

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        assert main(["--lang", "zh", "explore", "--port", str(port)]) == 1
    finally:
        taken.close()
    err = capsys.readouterr().err.strip()
    assert err == (
        f"错误：127.0.0.1 的端口 {port} 已被占用（另一个探索页面？）：用 --port 另选一个，"
        "或不加 --port 自动选用空闲端口"
    )
    from sim.output.saying import in_lang

    with pytest.raises(SimError) as info:
        check_port(70000)
    assert in_lang(info.value.args[0], "zh") == (
        "--port 70000：端口应为 0 到 65535 之间的整数（0：自动选用空闲端口）"
    )


def test_cli_allow_host_lets_a_proxy_name_in(tmp_path):
    """``yiwu-sim explore --allow-host NAME`` behind a hub's proxy: that name, and no other."""
    import os
    import re
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "explore", "--allow-host", "hub.example.org"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", proc.stdout.readline())[1])
        for host, status in (("hub.example.org", 200), ("evil.example", 421)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/static/app.css", headers={"Host": host})
            r = conn.getresponse()
            body = r.read()
            conn.close()
            assert r.status == status, host
        assert b"--allow-host" in body and b"evil.example" in body
    finally:
        proc.terminate()
        proc.wait(10)
        for f in (proc.stdout, proc.stderr):
            if f is not None:
                f.close()
