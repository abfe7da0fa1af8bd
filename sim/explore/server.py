"""The explorer's web server: the standard library's threading HTTP server on 127.0.0.1.

It answers a fixed set of addresses: the page and its packaged assets, the JSON calls, the
current setting as a scenario file and, when the page names the packaged teaching scenario by its
file name, that file as shipped. Nothing is read from disk after start-up and no path from a
request ever reaches the file system, so no file outside what the server made (or ships) can be
served.
Every failure is answered in words (JSON ``{"error": ...}`` or a short page); tracebacks go to the
log only.

It is safe to leave running on a shared or browsing machine:

* the ``Host`` header must name the loopback (``127.0.0.1``, ``localhost``, ``[::1]``, or a name
  the caller allows), so a web page cannot reach it through DNS rebinding;
* a request that changes state (``POST``) must come from the page itself: its ``Origin`` (when
  the browser sends one) must be the server's own, ``Sec-Fetch-Site`` must not say cross-site,
  and the body must be declared ``application/json`` (which a cross-site form cannot send
  without a preflight the server never grants);
* every connection has a socket timeout (:data:`REQUEST_TIMEOUT_S`), so half-sent requests
  cannot hold threads, and the listen backlog is :data:`BACKLOG`;
* clients that disconnect are dropped quietly; every malformed request gets a 4xx answer.

All addresses in the page are relative, so the page also works under a path prefix (behind
``jupyter-server-proxy``, ``/proxy/<port>/``).
"""

from __future__ import annotations

import errno
import json
import logging
import re
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sim.errors import ScenarioError, SimError
from sim.explore.engine import SHIPPED_NAME, Explorer, said_problems
from sim.explore.i18n import glossary
from sim.output.saying import said

log = logging.getLogger(__name__)

MAX_BODY = 64_000
"""Largest request body accepted (a setting is about 2 kB)."""

MODULES = ("app", "page", "words", "address", "network", "controls", "cards", "charts",
           "geometry", "map", "detail")  # fmt: skip
"""The page's JavaScript modules in sim/explore/static (app.js, the entry, imports the others)."""

ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
    # a module script is refused by the browser unless it comes with a JavaScript type
    **{f"/static/{m}.js": (f"{m}.js", "text/javascript; charset=utf-8") for m in MODULES},
}
"""The only files served, read once from the package."""

_JOB = re.compile(r"^/api/job/([0-9]{1,9})$")

REQUEST_TIMEOUT_S = 10.0
"""Seconds a connection may stay silent before the server drops it (a slow or half-sent request
must not hold a thread)."""

BACKLOG = 256
"""Connections the operating system queues before the server accepts them (the standard
library's default is 5, which resets a burst of 50 requests)."""

LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")
"""Host names a request may carry (with any port)."""

_QUIET = (ConnectionError, TimeoutError, socket.timeout)
"""A client that went away: nothing to report."""


def _host_name(value: str) -> str:
    """The host part of a ``Host`` header or an origin's authority, lower case, without port."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _assets() -> dict[str, tuple[bytes, str]]:
    root = resources.files("sim.explore") / "static"
    return {url: ((root / name).read_bytes(), ctype) for url, (name, ctype) in ASSETS.items()}


class Handler(BaseHTTPRequestHandler):
    """One request; the explorer and the assets hang on the server."""

    server: ExploreServer
    server_version = "yiwu-sim-explore"
    sys_version = ""

    def setup(self) -> None:
        """Apply the server's socket timeout before the request is read."""
        super().setup()
        self.connection.settimeout(self.server.request_timeout)

    def handle(self) -> None:
        """Serve the connection; a client that disconnects or times out is dropped quietly."""
        try:
            super().handle()
        except _QUIET:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _host_ok(self) -> bool:
        """The ``Host`` header names the loopback or an allowed name (no DNS rebinding)."""
        host = self.headers.get("Host")
        if host is None or _host_name(host) not in self.server.allowed_hosts:
            name = _host_name(host or "")[:60]
            self._error(
                421,
                f"the explorer answers only on this computer: host {name!r} is not allowed "
                "(behind a proxy, start it with --allow-host NAME)",
            )
            return False
        return True

    def _same_origin(self) -> bool:
        """The request comes from the explorer's own page, not from another site."""
        if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            self._error(403, "the explorer takes changes only from its own page")
            return False
        origin = self.headers.get("Origin")
        if origin is not None:
            # same origin: the page's own host and port, as the request addresses the server
            # (behind a proxy both are the proxy's), not another service on this computer
            url = urlsplit(origin)
            host = self.headers.get("Host", "").strip().lower()
            if url.scheme not in ("http", "https") or url.netloc.lower() != host:
                self._error(403, "the explorer takes changes only from its own page")
                return False
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            self._error(415, "a setting is sent as application/json")
            return False
        return True

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
        from sim.output.jsonio import finite_json

        body = json.dumps(finite_json(obj), allow_nan=False).encode()
        self._send(status, body, "application/json")

    def _error(self, status: int, words: str) -> None:
        self._json({"error": words}, status)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None
                   ) -> None:  # fmt: skip
        # the base class would answer malformed requests with its own HTML page, and an unknown
        # method (501) or HTTP version (505) with a 5xx: they are the client's mistakes
        if code >= 500:
            code, message = (405, "the explorer answers GET, HEAD and POST only") if code == 501 \
                else (400, "the explorer speaks HTTP/1.0 and HTTP/1.1")  # fmt: skip
        self.close_connection = True
        self.request_version = "HTTP/1.0"  # a status line and headers even to a garbled request
        self._error(code, message or HTTPStatus(code).phrase)

    def do_GET(self) -> None:
        """Serve the page, its assets, a job's state or the scenario file."""
        if not self._host_ok():
            return
        try:
            self._get()
        except _QUIET:
            self.close_connection = True
        except Exception:
            log.exception("explorer: GET %s failed", self.path[:200])
            self._error(500, "the explorer could not answer; the terminal's log says why")

    def do_HEAD(self) -> None:
        """As GET, without the body."""
        self.do_GET()

    def _refuse(self) -> None:
        self._error(405, "the explorer answers GET, HEAD and POST only")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def do_POST(self) -> None:
        """A new setting from the page."""
        if not (self._host_ok() and self._same_origin()):
            self.close_connection = True
            return
        try:
            self._post()
        except _QUIET:
            self.close_connection = True
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
                "shipped": ex.shipped,  # the packaged file, named without its path
                "controls": [x.to_json() for x in c.controls],
                "setting": c.baseline(),
                "start": c.scenario.start.isoformat(),
                "description_zh": c.scenario.description_zh,  # None: the page says so
                "crossings": {b: ex.network.nodes[b].name for b in c.crossings},
                "map": ex.map,
                "i18n": glossary(),
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
        elif url.path == f"/download/{SHIPPED_NAME}" and ex.shipped_text is not None:
            # the packaged teaching scenario the printed command names, for a user who has
            # installed yiwu-sim and has no checkout (its path is deep in the installation)
            saved_as = {"Content-Disposition": f'attachment; filename="{SHIPPED_NAME}"'}
            self._send(200, ex.shipped_text, "application/x-yaml", saved_as)
        else:
            self._error(404, "the explorer has no such page")

    def _post(self) -> None:
        if urlsplit(self.path).path != "/api/run":
            self._error(404, "the explorer has no such page")
            return
        raw = self.headers.get("Content-Length", "0").strip()
        # digits only, and never int() of thousands of them: too long is simply too large
        if not (raw.isascii() and raw.isdigit()):
            n = -1
        else:
            n = MAX_BODY + 1 if len(raw) > 9 else int(raw)
        if not 0 < n <= MAX_BODY:
            self._error(413 if n > MAX_BODY else 400, "a setting is a JSON object of a few kB")
            return
        try:
            setting = json.loads(self.rfile.read(n))
        except (ValueError, UnicodeDecodeError, RecursionError):
            self._error(400, "the setting is not valid JSON (a flat object of values)")
            return
        if not isinstance(setting, dict) or any(
            isinstance(v, dict | list) for v in setting.values()
        ):
            self._error(400, "a setting is a flat JSON object {control: value}")
            return
        # the page's language, which only the page knows (it is in the address's #fragment)
        lang = parse_qs(urlsplit(self.path).query).get("lang", ["en"])[0]
        lang = lang if lang in ("en", "zh") else "en"
        try:
            answer = self.server.explorer.submit(setting, lang)
        except ScenarioError as exc:
            answer = {"ok": False, "problems": {"": said_problems(exc.problems, lang)}}
        self._json(answer, 200 if answer.get("ok") else 422)


class ExploreServer(ThreadingHTTPServer):
    """The HTTP server, holding the explorer and the packaged assets."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, explorer: Explorer, port: int = 0, *,
                 request_timeout: float = REQUEST_TIMEOUT_S,
                 allow_hosts: tuple[str, ...] = ()) -> None:  # fmt: skip
        super().__init__(("127.0.0.1", check_port(port)), Handler)
        self.explorer = explorer
        self.assets = _assets()
        self.request_timeout = request_timeout
        self.allowed_hosts = frozenset(LOOPBACK) | {_host_name(h) for h in allow_hosts}

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is not an error; anything else goes to the log, once."""
        import sys

        if isinstance(sys.exc_info()[1], _QUIET):
            return
        log.exception("explorer: request from %s failed", client_address)

    @property
    def url(self) -> str:
        """The page's address."""
        return f"http://127.0.0.1:{self.server_address[1]}/"


def check_port(port: Any) -> int:
    """The port as an int, or a one-line error naming the value and what is allowed.

    Raises
    ------
    SimError
        When ``port`` is not a whole number from 0 to 65535.
    """
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise SimError(said("cmd:port_range", port=port))
    return port


def make_server(scenario: str | Path | None = None, port: int = 0, *,
                request_timeout: float = REQUEST_TIMEOUT_S,
                allow_hosts: tuple[str, ...] = ()) -> ExploreServer:  # fmt: skip
    """Load the scenario, start the worker and bind the server (port 0: a free one).

    Parameters
    ----------
    scenario
        A scenario file; ``None`` for the teaching scenario.
    port
        The port on 127.0.0.1 (0: a free one).
    request_timeout
        Seconds a connection may stay silent before it is dropped.
    allow_hosts
        Host names accepted besides the loopback names (e.g. the name a reverse proxy forwards).

    Raises
    ------
    SimError
        When the port is not one (0 to 65535), or is taken.
    ScenarioError
        When the scenario file cannot be read or is not valid.
    """
    check_port(port)
    explorer = Explorer(scenario)
    try:
        server = ExploreServer(explorer, port, request_timeout=request_timeout,
                               allow_hosts=allow_hosts)  # fmt: skip
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        # (said by its glossary key: under --lang zh the line was English after "错误：")
        raise SimError(said("cmd:port_in_use", port=port)) from None
    explorer.start()
    return server


def serve(scenario: str | Path | None = None, port: int = 0, allow_hosts: tuple[str, ...] = ()
          ) -> ExploreServer:  # fmt: skip
    """Bind the server; the caller prints ``server.url`` and calls ``serve_forever()``."""
    return make_server(Path(scenario) if scenario else None, port, allow_hosts=allow_hosts)
