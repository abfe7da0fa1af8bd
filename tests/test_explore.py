"""The explorer without a browser: controls from the schema, overrides, and a server that
answers bad requests in words and serves nothing but its own files."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sim.explore.controls import Controls
from sim.explore.engine import TEACHING
from sim.explore.server import MODULES, ExploreServer, make_server
from sim.scenario import read_scenario_file
from sim.world.inputs import load_scenario
from sim.world.network import load_network

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_teaching_scenario_is_the_one_in_scenarios():
    assert TEACHING.read_text() == (ROOT / "scenarios" / "teaching_small.yaml").read_text()


@pytest.fixture(scope="module")
def controls() -> Controls:
    return Controls(read_scenario_file(TEACHING), "scenarios/teaching_small.yaml", load_network())


def test_every_control_is_labelled_with_unit_and_range(controls):
    for c in controls.controls:
        assert c.label
        if c.kind in ("number", "integer"):
            assert c.min is not None and c.max is not None and c.min <= c.value <= c.max, c
    servers = controls.by_key["borders.MAL.servers"]
    assert (servers.min, servers.unit) == (1, "trains")  # the schema's bound ge=1
    assert controls.by_key["mode_choice.rule"].choices == ["share", "fastest", "cheapest",
                                                          "deadline", "live"]  # fmt: skip


def test_a_setting_is_the_command_it_prints(controls):
    s = controls.baseline()
    assert controls.overrides(s) == []
    s.update({"lines.L01.trains_per_week": 0.5, "borders.MAL.servers": 4, "closure.days": 7,
              "closure.start": "2025-12-01", "consolidation.loading": "earliest_deadline",
              "closure_offset.start": -6})  # fmt: skip
    clean, problems = controls.check(s)
    assert problems == {}
    sets = controls.overrides(clean)
    _data, sc = controls.scenario_for(sets)
    # the same --set strings through the command line's loader give the same scenario
    assert load_scenario(TEACHING, sets) == sc
    assert sc.disruptions[-1].servers_factor == 0 and sc.disruptions[-1].id == "MAL"
    assert sc.logistics.borders["MAL"].servers == 4
    cmd = controls.command(clean, sets)
    assert cmd.startswith("yiwu-sim run scenarios/teaching_small.yaml --seed 42 --replications 3")


def test_the_policies_that_answer_back_are_controls_that_run(controls):
    """Roll-over, dispatch, prices and sailings are choices on the page: each sets its rule in
    the scenario the page runs, as the printed command does, and reads in Chinese as it means
    for that policy (``fixed`` is a timetable for dispatch, a way of waiting for trains)."""
    from sim.explore.i18n import glossary

    want = {"consolidation.rollover": ("live", "consolidation.rollover.rule"),
            "dispatch.rule": ("demand", "dispatch.rule"),
            "pricing.rule": ("live", "pricing.rule"),
            "sailings.rule": ("carriers", "sailings.rule")}  # fmt: skip
    s = controls.baseline()
    for key, (value, _) in want.items():
        c = controls.by_key[key]
        assert c.kind == "choice" and c.group == "Policies" and value in c.choices
        assert c.label_zh and c.help_zh and c.label_zh != c.label
        s[key] = value
    clean, problems = controls.check(s)
    assert problems == {}
    sets = controls.overrides(clean)
    _data, sc = controls.scenario_for(sets)
    assert load_scenario(TEACHING, sets) == sc
    for key, (value, path) in want.items():
        node = sc.logistics
        for part in path.split("."):
            node = getattr(node, part)
        assert node == value, key
    words = glossary()
    assert words["choice.dispatch.rule.fixed"]["zh"] != words["choice.fixed"]["zh"]
    for c in controls.controls:  # every choice has a name in both languages
        for x in c.choices or []:
            entry = words.get(f"choice.{c.key}.{x}") or words[f"choice.{x}"]
            assert entry["en"] and entry["zh"], (c.key, x)


def test_bad_values_are_answered_in_words(controls):
    _clean, problems = controls.check(
        {
            "seed": "x",
            "replications": 50,
            "crossing": "NOPE",
            "closure.start": "2030-01-01",
            "mode_choice.rule": "magic",
            "buyers.visits_per_day": float("nan"),
            "other": 1,
        }
    )
    assert problems["seed"] == "Seed: a number, not 'x'"
    assert "from 1 to 20" in problems["replications"]
    assert problems["crossing"].startswith("choose one of")
    assert "a day of the run" in problems["closure.start"]
    assert "choose one of share" in problems["mode_choice.rule"]
    assert "finite" in problems["buyers.visits_per_day"]
    assert problems["other"] == "not a control of this page"


@pytest.fixture(scope="module")
def server() -> Iterator[ExploreServer]:
    srv = make_server(None, 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.explorer.stop()
    srv.server_close()


def _fetch(url: str, data: bytes | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_server_binds_localhost_and_serves_its_page(server):
    assert server.server_address[0] == "127.0.0.1"
    status, body = _fetch(server.url)
    assert status == 200 and b'src="static/app.js"' in body  # relative: works under a prefix
    assert b'"/' not in body
    assert b"http" not in body.replace(b'xmlns="http', b"")  # nothing from the internet
    assert b'<script type="module" src="static/app.js">' in body
    page = b""
    for name in MODULES:
        status, js = _fetch(server.url + f"static/{name}.js")
        assert status == 200 and b"https://" not in js
        page += js
    assert b"http://www.w3.org/2000/svg" in page


def test_every_module_of_the_page_is_served_as_javascript(server):
    """A module script comes with a JavaScript type or the browser refuses it; a module on disk
    that the server does not list, or an import of a file it does not serve, breaks the page."""
    static = ROOT / "sim" / "explore" / "static"
    assert sorted(p.stem for p in static.glob("*.js")) == sorted(MODULES)
    for name in MODULES:
        js = (static / f"{name}.js").read_text(encoding="utf-8")
        for imported in re.findall(r'^import [^;]* from "\./(\w+)\.js";$', js, re.M):
            assert imported in MODULES, (name, imported)
        req = urllib.request.Request(server.url + f"static/{name}.js")
        with urllib.request.urlopen(req) as r:
            assert r.headers["Content-Type"] == "text/javascript; charset=utf-8"
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            # the policy lets the page load its own scripts and no other
            assert "default-src 'self'" in r.headers["Content-Security-Policy"]
            assert "script-src" not in r.headers["Content-Security-Policy"]
    # every module but the entry is imported by another: none is left behind unused
    imported = set()
    for name in MODULES:
        js = (static / f"{name}.js").read_text(encoding="utf-8")
        imported |= set(re.findall(r' from "\./(\w+)\.js";', js))
    assert imported == set(MODULES) - {"app"}


@pytest.mark.parametrize(
    "path",
    ["../../etc/passwd", "static/../engine.py", "static/%2e%2e/engine.py", "static/app.js/..",
     "api/job/abc", "api/job/99999", "explore/teaching_small.yaml", "download/x"],
)  # fmt: skip
def test_nothing_else_is_served_and_errors_are_words(server, path):
    status, body = _fetch(server.url + path)
    assert status == 404
    answer = json.loads(body)
    assert set(answer) == {"error"} and "Traceback" not in answer["error"]


def test_bad_posts_are_answered_in_words(server):
    status, body = _fetch(server.url + "api/run", b"not json")
    assert status == 400 and json.loads(body)["error"].startswith("the setting is not valid JSON")
    status, body = _fetch(server.url + "api/run", b"[1, 2]")
    assert status == 400 and "flat JSON object" in json.loads(body)["error"]
    status, body = _fetch(server.url + "api/run", b"x" * 70_000)
    assert status == 413
    status, body = _fetch(server.url + "api/run", json.dumps({"seed": -1}).encode())
    assert status == 422 and "from 0 to" in json.loads(body)["problems"]["seed"]


def test_download_is_the_current_setting(server):
    status, body = _fetch(
        server.url + "api/run", json.dumps({"lines.L12.capacity_teu": 60}).encode()
    )
    job = json.loads(body)["job"]
    status, text = _fetch(f"{server.url}download/scenario.yaml?job={job}")
    assert status == 200
    data = read_scenario_file_text(text.decode())
    assert data["logistics"]["lines"]["L12"]["capacity_teu"] == 60
    # the loaded file's comments (the sources of its figures) and key order are kept
    source = TEACHING.read_text(encoding="utf-8")
    assert text.decode().startswith(source.split("\nname:")[0] + "\nname: teaching-small\n")


def read_scenario_file_text(text: str) -> dict:
    from sim.scenario import parse_yaml

    return parse_yaml(text, "download")


def test_the_seed_control_takes_every_seed_a_page_holds_and_says_its_range_in_full():
    from sim.explore.controls import MAX_SEED

    data = read_scenario_file(TEACHING)
    data["seed"] = 4091952314  # a replication's seed, above 2^31
    controls = Controls(data, "t", load_network())
    clean, problems = controls.check(controls.baseline())
    assert not problems and clean["seed"] == 4091952314
    _, problems = controls.check({"seed": MAX_SEED + 1})
    assert problems["seed"] == f"Seed: from 0 to {MAX_SEED:,}"


def test_a_world_without_a_border_crossing_is_refused_in_words():
    from sim.errors import ScenarioError

    data = read_scenario_file(TEACHING)
    data["buyers"]["destinations"] = {"RTM": 1.0}
    data["logistics"] = {"only_lines": ["S01"]}
    with pytest.raises(ScenarioError, match=r"no line of this scenario crosses a border \(S01\)"):
        Controls(data, "t", load_network())


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


def test_the_printed_command_names_a_file_that_exists_from_any_folder(tmp_path, monkeypatch):
    """``yiwu-sim explore`` started outside a checkout prints the packaged teaching file's path,
    not ``scenarios/teaching_small.yaml``, which is not there."""
    import shlex

    from sim.explore.engine import Explorer

    monkeypatch.chdir(tmp_path)
    ex = Explorer(None, load_network())
    command = ex.controls.command(ex.controls.baseline(), [])
    assert Path(shlex.split(command)[2]).is_file(), command
    monkeypatch.chdir(ROOT)  # in a checkout, the short name of the same file
    ex = Explorer(None, load_network())
    assert ex.controls.source == "scenarios/teaching_small.yaml"


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
