"""The explorer in a notebook: the documented cells run in a Jupyter kernel, and the page works
under a path prefix behind a proxy that forwards the Host header (as jupyter-server-proxy does).
"""

from __future__ import annotations

import http.client
import os
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sim.explore.notebook import ExplorerView, show
from tests.conftest import ROOT
from tests.test_explore_browser import _done, _severe, browser  # noqa: F401 (fixture)

DOC = ROOT / "docs" / "explorer.md"


def _cells() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## In a notebook") :]
    section = section[: section.index("\n## ", 4)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_documented_cells_run_in_a_kernel(monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    cells = _cells()
    assert len(cells) == 2 and "show()" in cells[0] and "view.stop()" in cells[1]
    # the kernel imports this checkout's package
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    probe = (
        "import urllib.request\n"
        "with urllib.request.urlopen(view.url) as r:\n"
        "    print(r.status, 'static/app.js' in r.read().decode())"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(cells[0]), nbformat.v4.new_code_cell(probe),
                nbformat.v4.new_code_cell(cells[1])]  # fmt: skip
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    shown = nb.cells[0].outputs
    assert shown and shown[0]["output_type"] == "execute_result"
    html = shown[0]["data"]["text/html"]
    assert re.search(r'<iframe src="http://127\.0\.0\.1:\d+/"', html)
    assert nb.cells[1].outputs[0]["text"].strip() == "200 True"
    assert not [o for c in nb.cells for o in c.outputs if o["output_type"] == "error"]


def test_show_picks_the_address_the_browser_can_reach(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    view = show(proxy=False, lang="zh", height=700)
    try:
        port = view.server.server_address[1]
        assert view.src == f"http://127.0.0.1:{port}/#lang=zh"
        assert "height:700px" in view._repr_html_()
        assert "yiwu-sim explorer on http://127.0.0.1:" in repr(view)
    finally:
        view.stop()
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/student4/")
    view = show(allow_hosts=("hub.example.org",))
    try:
        port = view.server.server_address[1]
        assert view.src == f"/user/student4/proxy/{port}/"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/static/app.css", headers={"Host": "hub.example.org"})
        assert conn.getresponse().status == 200  # the hub's name, allowed by the caller
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/static/app.css", headers={"Host": "evil.example"})
        assert conn.getresponse().status == 421  # and still no other
        conn.close()
    finally:
        view.stop()


class _PrefixProxy(BaseHTTPRequestHandler):
    """``/proxy/<port>/<path>`` -> ``127.0.0.1:<port>/<path>``, headers (Host too) as they came."""

    def _forward(self) -> None:
        m = re.match(r"^/proxy/(\d+)(/.*)$", self.path)
        if not m:
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        conn = http.client.HTTPConnection("127.0.0.1", int(m[1]), timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
        conn.request(self.command, m[2], body or None, headers)
        r = conn.getresponse()
        data = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("connection", "transfer-encoding", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = _forward

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def proxied(monkeypatch) -> Iterator[tuple[ExplorerView, str]]:
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    view = show(proxy=True)
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _PrefixProxy)
    proxy.daemon_threads = True
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        yield view, f"http://127.0.0.1:{proxy.server_address[1]}{view.src}"
    finally:
        proxy.shutdown()
        proxy.server_close()
        view.stop()


def test_the_page_works_under_a_proxy_prefix(proxied, browser):  # noqa: F811
    _view, url = proxied
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/proxy/\d+/", url)
    browser.get(url + "#lang=en")
    _done(browser)  # the page loaded its script and style, ran the baseline, drew the views
    assert browser.find_elements("css selector", "#map .outline path")
    assert browser.current_url.startswith(url)
    assert _severe(browser) == []
