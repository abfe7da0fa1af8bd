"""The explorer's server (sim.explore.server): the page and its modules served from 127.0.0.1
and nothing else, bad posts answered in words, the download of the current setting; and hostile
requests: other sites, bursts, half-sent requests, clients that vanish and malformed input.
Every loop is bounded and stays on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from sim.errors import SimError
from sim.explore.engine import TEACHING
from sim.explore.server import BACKLOG, MODULES, ExploreServer, check_port
from tests.conftest import ROOT
from tests.explore.serving import start as _start
from tests.explore.serving import stop as _stop


@pytest.fixture(scope="module")
def server() -> Iterator[ExploreServer]:
    srv = _start(timeout=1.0)
    yield srv
    _stop(srv)


def _request(srv: ExploreServer, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict]:  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=30)
    try:
        conn.request(method, path, body, headers or {})
        r = conn.getresponse()
        raw = r.read()
        is_json = r.getheader("Content-Type") == "application/json"
        return r.status, json.loads(raw) if is_json else {}
    finally:
        conn.close()


def _latest(srv: ExploreServer) -> int:
    job = srv.explorer.latest()
    return job.id if job else 0


JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "192.168.1.5", ""])  # fmt: skip
def test_a_foreign_host_is_refused(server, host):
    """DNS rebinding: a page on another name that resolves to 127.0.0.1 reads nothing."""
    for path in ("/", "/api/init", "/download/scenario.yaml"):
        status, body = _request(server, "GET", path, headers={"Host": host})
        assert status == 421 and "not allowed" in body["error"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:8000", "LOCALHOST", "[::1]:5"])
def test_loopback_names_are_served(server, host):
    status, _ = _request(server, "GET", "/static/app.css", headers={"Host": host})
    assert status == 200


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "http://evil.example", **JSON}, 403),
        ({"Origin": "null", **JSON}, 403),
        ({"Origin": "http://127.0.0.1:1", **JSON}, 403),  # another service on this computer
        ({"Origin": "http://localhost", **JSON}, 403),
        ({"Sec-Fetch-Site": "cross-site", **JSON}, 403),
        ({"Origin": "http://evil.example", "Content-Type": "text/plain"}, 403),
        ({"Content-Type": "text/plain"}, 415),
        ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ({}, 415),
    ],
)
def test_a_cross_site_post_starts_nothing(server, headers, status):
    before = _latest(server)
    got, body = _request(server, "POST", "/api/run", json.dumps({"seed": 7}).encode(), headers)
    assert got == status and body["error"]
    assert _latest(server) == before  # the student's run is not cancelled


def test_the_page_itself_may_post(server):
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        status, body = _request(
            server,
            "POST",
            "/api/run",
            b"{}",
            {"Host": host, "Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin", **JSON},
        )
        assert status == 200 and body["ok"]
    status, _ = _request(server, "POST", "/api/run", b"{}",
                         {"Host": f"localhost:{port}", "Origin": f"http://127.0.0.1:{port}",
                          **JSON})  # fmt: skip
    assert status == 403  # another origin, although the same computer


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        ("POST", "/api/run", b"[" * 60_000, JSON, 400),
        ("POST", "/api/run", b'{"seed": ' + b"[" * 5000 + b"]" * 5000 + b"}", JSON, 400),
        ("POST", "/api/run", b'{"seed": {"a": 1}}', JSON, 400),
        ("POST", "/api/run", b"[1, 2]", JSON, 400),
        ("POST", "/api/run", b"\xff\xfe", JSON, 400),
        ("POST", "/api/run", b"{}", {**JSON, "Content-Length": "9" * 5000}, 413),
        ("POST", "/api/run", b"{}", {**JSON, "Content-Length": "1e3"}, 400),
        ("POST", "/api/run", b"{}", {**JSON, "Content-Length": "-3"}, 400),
        ("GET", "/api/job/" + "9" * 5000, None, {}, 404),
        ("GET", "/api/job/-1", None, {}, 404),
        ("PUT", "/api/run", b"{}", JSON, 405),
        ("DELETE", "/", None, {}, 405),
        ("OPTIONS", "/api/run", None, {"Origin": "http://evil.example"}, 405),
    ],
)
def test_bad_requests_are_4xx_in_words(server, caplog, method, path, body, headers, status):
    with caplog.at_level(logging.DEBUG, logger="sim.explore"):
        got, answer = _request(server, method, path, body, headers)
    assert got == status and answer["error"] and "Traceback" not in answer["error"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_two_hundred_requests_at_once_are_all_answered():
    """The listen backlog holds a burst (the standard library's 5 reset a burst of 50)."""
    srv = _start()
    try:
        assert srv.request_queue_size == BACKLOG >= 128
        port, n = srv.server_address[1], 200
        gate = threading.Barrier(n)
        results: list[object] = [None] * n

        def one(i: int) -> None:
            gate.wait()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                    s.sendall(b"GET /static/app.css HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              b"Connection: close\r\n\r\n")  # fmt: skip
                    data = b""
                    while chunk := s.recv(65536):
                        data += chunk
                results[i] = data.split(b"\r\n", 1)[0]
            except OSError as exc:
                results[i] = exc

        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert results == [b"HTTP/1.0 200 OK"] * n
    finally:
        _stop(srv)


def test_half_open_connections_are_released_by_the_timeout():
    """1,000 connections that never finish their request hold nothing after the timeout."""
    timeout = 0.5
    srv = _start(timeout=timeout)
    socks: list[socket.socket] = []
    try:
        port = srv.server_address[1]
        threads_before = threading.active_count()
        for _ in range(1000):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: never finished
            socks.append(s)
        # the server closes each (an empty read) once it has been silent for the timeout
        deadline = time.monotonic() + 30
        for s in socks:
            s.settimeout(max(0.1, deadline - time.monotonic()))
            assert s.recv(1024) == b""
        end = time.monotonic() + 10
        while threading.active_count() > threads_before + 5 and time.monotonic() < end:
            time.sleep(0.05)
        assert threading.active_count() <= threads_before + 5
        status, _ = _request(srv, "GET", "/static/app.css")
        assert status == 200
    finally:
        for s in socks:
            s.close()
        _stop(srv)


def test_clients_that_disconnect_leave_no_traceback(server, capfd, caplog):
    port = server.server_address[1]
    with caplog.at_level(logging.DEBUG, logger="sim.explore"):
        for i in range(300):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            if i % 3 == 0:  # half a body, then gone
                s.sendall(
                    b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"
                )
            elif i % 3 == 1:  # asks for a large answer and leaves before reading it
                s.sendall(b"GET /static/app.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()  # with linger 0: a reset, as a closed browser tab gives
        time.sleep(1.5)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert _request(server, "GET", "/static/app.css")[0] == 200


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"NONSENSE\r\n\r\n", 400),
        (b"BREW /pot HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 405),
        (b"GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 400),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 120 + b"\r\n", 431),
    ],
)
def test_malformed_requests_are_4xx_in_words(server, raw, status):
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as s:
        s.sendall(raw)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == str(status).encode(), head
    assert json.loads(body)["error"] and b"Traceback" not in body


@pytest.mark.parametrize("port", [-1, 65536, 99999, "80", 1.5, True])
def test_an_invalid_port_is_one_line(port):
    with pytest.raises(SimError, match=r"^--port .*: a port is a whole number from 0 to 65535"):
        check_port(port)


def test_a_scenario_problem_is_answered_in_the_language_the_request_asks(server, monkeypatch):
    from sim.errors import ScenarioError
    from sim.problems import problem

    def refuse(overrides):
        raise ScenarioError([problem("scn:unknown_node", at="disruptions[0].target",
                                     name="'XYZ'"), problem("scn:missing", at="days")],
                            "page")  # fmt: skip

    monkeypatch.setattr(server.explorer.controls, "scenario_for", refuse)
    body = json.dumps({"seed": 7}).encode()
    status, en = _request(server, "POST", "/api/run", body, JSON)
    assert status == 422
    assert en["problems"][""] == (  # English as before
        "disruptions[0].target: unknown node 'XYZ'; days: required key is missing"
    )
    status, zh = _request(server, "POST", "/api/run?lang=zh", body, JSON)
    assert status == 422
    assert zh["problems"][""] == "disruptions[0].target：未知的节点 'XYZ'；days：缺少必需的键"
    _, other = _request(server, "POST", "/api/run?lang=xx", body, JSON)
    assert other["problems"][""] == en["problems"][""]  # a language it does not know: English


# ------------------------------------------------------------------ the page and its API


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


def test_outside_a_checkout_the_page_names_and_offers_the_packaged_file(server, tmp_path,
                                                                        monkeypatch):  # fmt: skip
    """Started outside a checkout, the page's heading and its command name
    ``teaching_small.yaml``, not the installation's path, and the page serves that file to
    save beside the command; in a checkout (the module's server) it names
    ``scenarios/teaching_small.yaml`` and has no such download."""
    monkeypatch.chdir(tmp_path)
    srv = _start()
    try:
        status, body = _fetch(srv.url + "api/init")
        init = json.loads(body)
        assert status == 200 and (init["source"], init["shipped"]) == ("teaching_small.yaml", True)
        status, body = _fetch(srv.url + "download/teaching_small.yaml")
        assert status == 200 and body == TEACHING.read_bytes()
        status, body = _fetch(srv.url + f"api/job/{_latest(srv)}")
        command = json.loads(body)["command"]
        assert command.startswith("yiwu-sim run teaching_small.yaml --seed 42"), command
        status, page = _fetch(srv.url)
        assert b'id="download-shipped"' in page
    finally:
        _stop(srv)
    status, body = _fetch(server.url + "api/init")
    init = json.loads(body)
    assert (init["source"], init["shipped"]) == ("scenarios/teaching_small.yaml", False)
    status, body = _fetch(server.url + "download/teaching_small.yaml")
    assert status == 404 and set(json.loads(body)) == {"error"}


def test_the_page_is_told_the_scenarios_own_chinese_description(server):
    """The Chinese description came from the explorer's own words for one scenario name
    (``description.teaching-small``), none for any other file: it is the scenario's
    ``description_zh``, and the page has the words that say an English one is the author's."""
    from sim.world.inputs import load_scenario

    _, body = _fetch(server.url + "api/init")
    init = json.loads(body)
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml")
    assert (init["description"], init["description_zh"]) == (sc.description, sc.description_zh)
    assert not any(k.startswith("description.") for k in init["i18n"])
    assert init["i18n"]["author_description"]["zh"] == "（情景作者的英文说明，未翻译）{text}"
