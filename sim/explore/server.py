"""The explorer's web server: the standard library's threading HTTP server on 127.0.0.1.

It answers a fixed set of addresses: the page and its two packaged assets, four JSON calls, and
the current setting as a scenario file. Nothing is read from disk after start-up and no path from
a request ever reaches the file system, so no file outside what the server made can be served.
Every failure is answered in words (JSON ``{"error": ...}`` or a short page); tracebacks go to the
log only.
"""

from __future__ import annotations

import json
import logging
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sim.errors import ScenarioError
from sim.explore.engine import Explorer

log = logging.getLogger(__name__)

MAX_BODY = 64_000
"""Largest request body accepted (a setting is about 2 kB)."""

ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
}
"""The only files served, read once from the package."""

_JOB = re.compile(r"^/api/job/([0-9]{1,9})$")


def _assets() -> dict[str, tuple[bytes, str]]:
    root = resources.files("sim.explore") / "static"
    return {url: ((root / name).read_bytes(), ctype) for url, (name, ctype) in ASSETS.items()}


class Handler(BaseHTTPRequestHandler):
    """One request; the explorer and the assets hang on the server."""

    server: ExploreServer
    server_version = "yiwu-sim-explore"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None
              ) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
        )
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, obj: Any, status: int = 200) -> None:
        from sim.output.results import finite_json  # strict JSON: NaN, inf as null

        body = json.dumps(finite_json(obj), allow_nan=False).encode()
        self._send(status, body, "application/json")

    def _error(self, status: int, words: str) -> None:
        self._json({"error": words}, status)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None
                   ) -> None:  # fmt: skip
        # the base class would answer malformed requests with its own HTML page
        self._error(code, message or HTTPStatus(code).phrase)

    def do_GET(self) -> None:
        """Serve the page, its assets, a job's state or the scenario file."""
        try:
            self._get()
        except Exception:
            log.exception("explorer: GET %s failed", self.path[:200])
            self._error(500, "the explorer could not answer; the terminal's log says why")

    def do_HEAD(self) -> None:
        """As GET, without the body."""
        self.do_GET()

    def do_POST(self) -> None:
        """A new setting from the page."""
        try:
            self._post()
        except Exception:
            log.exception("explorer: POST %s failed", self.path[:200])
            self._error(500, "the explorer could not answer; the terminal's log says why")

    def _get(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        ex = self.server.explorer
        if url.path in self.server.assets:
            body, ctype = self.server.assets[url.path]
            self._send(200, body, ctype)
        elif url.path == "/api/init":
            c = ex.controls
            self._json({
                "scenario": c.scenario.name,
                "description": c.scenario.description,
                "source": c.source,
                "controls": [x.to_json() for x in c.controls],
                "setting": c.baseline(),
                "crossings": {b: ex.network.nodes[b].name for b in c.crossings},
                "map": ex.map,
            })  # fmt: skip
        elif m := _JOB.match(url.path):
            state = ex.state(int(m.group(1)), with_season=query.get("season") == ["1"])
            if state is None:
                self._error(404, "no such run (the explorer keeps the last 50 changes)")
            else:
                self._json(state)
        elif url.path == "/download/scenario.yaml":
            job = ex.latest()
            raw = query.get("job", [""])[0]
            if raw.isdigit():
                state = ex.state(int(raw))
                job = None if state is None else ex._jobs.get(int(raw))
            if job is None:
                self._error(404, "no such run to download")
                return
            name = f"{job.scenario.name}.yaml"
            from sim.scenario.yaml_write import keep_comments, scenario_source

            # the loaded file's comments (each figure's source) and key order are kept
            source = scenario_source(ex.path)
            text = keep_comments(source.text if source else None, ex.scenario_text(job.overrides))
            self._send(200, text.encode(), "application/x-yaml",
                       {"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
        else:
            self._error(404, "the explorer has no such page")

    def _post(self) -> None:
        if urlsplit(self.path).path != "/api/run":
            self._error(404, "the explorer has no such page")
            return
        try:
            n = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            n = -1
        if not 0 < n <= MAX_BODY:
            self._error(413 if n > MAX_BODY else 400, "a setting is a JSON object of a few kB")
            return
        try:
            setting = json.loads(self.rfile.read(n))
        except (ValueError, UnicodeDecodeError):
            self._error(400, "the setting is not valid JSON")
            return
        try:
            answer = self.server.explorer.submit(setting)
        except ScenarioError as exc:
            answer = {"ok": False, "problems": {"": "; ".join(exc.problems)}}
        self._json(answer, 200 if answer.get("ok") else 422)


class ExploreServer(ThreadingHTTPServer):
    """The HTTP server, holding the explorer and the packaged assets."""

    daemon_threads = True

    def __init__(self, explorer: Explorer, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.explorer = explorer
        self.assets = _assets()

    @property
    def url(self) -> str:
        """The page's address."""
        return f"http://127.0.0.1:{self.server_address[1]}/"


def make_server(scenario: str | Path | None = None, port: int = 0) -> ExploreServer:
    """Load the scenario, start the worker and bind the server (port 0: a free one).

    Raises
    ------
    ScenarioError
        When the scenario file cannot be read or is not valid.
    OSError
        When the port is taken.
    """
    explorer = Explorer(scenario)
    server = ExploreServer(explorer, port)
    explorer.start()
    return server


def serve(scenario: str | Path | None = None, port: int = 0) -> ExploreServer:
    """Bind the server; the caller prints ``server.url`` and calls ``serve_forever()``."""
    return make_server(Path(scenario) if scenario else None, port)
