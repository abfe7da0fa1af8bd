"""The explorer inside a notebook: Jupyter, JupyterLab, JupyterHub or Binder.

:func:`show` starts the explorer's server in a background thread of the notebook's kernel and
returns a display object that embeds its page in an ``<iframe>``. Nothing is installed beyond
IPython (which every Jupyter kernel has): the page is the same one ``yiwu-sim explore`` serves.

On a computer of one's own, the iframe loads ``http://127.0.0.1:<port>/`` directly. On a
JupyterHub or Binder the browser is elsewhere, so the page is reached through
``jupyter-server-proxy`` at ``<base>/proxy/<port>/``; the page's addresses are relative, so it
works under that prefix. The proxy forwards the browser's ``Host`` header, which the server
refuses unless it is named in ``allow_hosts`` (the hub's host name): the explorer still answers
no other site.

Example
-------
>>> from sim.explore.notebook import show   # doctest: +SKIP
>>> view = show()                           # the teaching scenario, a free port
>>> view                                    # the page, in the notebook
>>> view.stop()                             # when done (or restart the kernel)
"""

from __future__ import annotations

import html
import os
import threading
from pathlib import Path
from typing import Any

from sim.explore.server import ExploreServer, make_server


class ExplorerView:
    """A running explorer and the iframe that shows it.

    Parameters
    ----------
    server
        The bound server (already serving).
    src
        The address the iframe loads.
    width, height
        The iframe's size (CSS lengths or pixels).
    """

    def __init__(self, server: ExploreServer, src: str, width: str | int, height: int) -> None:
        self.server = server
        self.src = src
        self.width = width
        self.height = height

    @property
    def url(self) -> str:
        """The page's direct address on this computer."""
        return self.server.url

    def _repr_html_(self) -> str:
        w = f"{self.width}px" if isinstance(self.width, int) else self.width
        return (
            f'<iframe src="{html.escape(self.src)}" title="yiwu-sim explorer" '
            f'style="width:{html.escape(w)};height:{int(self.height)}px;border:1px solid #ccc">'
            "</iframe>"
        )

    def __repr__(self) -> str:
        return f"<yiwu-sim explorer on {self.server.url}; in a notebook it shows as the page>"

    def stop(self) -> None:
        """Stop the server and the explorer's worker."""
        self.server.shutdown()
        self.server.explorer.stop()
        self.server.server_close()


def proxy_prefix() -> str | None:
    """The path jupyter-server-proxy serves under on a JupyterHub or Binder, else None."""
    base = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    return None if base is None else base.rstrip("/") + "/proxy/"


def show(
    scenario: str | Path | None = None,
    *,
    port: int = 0,
    proxy: bool | str | None = None,
    allow_hosts: tuple[str, ...] = (),
    width: str | int = "100%",
    height: int = 900,
    lang: str | None = None,
    **server_options: Any,
) -> ExplorerView:
    """Start the explorer and return its page for the notebook to display.

    Parameters
    ----------
    scenario
        A scenario file; ``None`` for the teaching scenario.
    port
        The port on 127.0.0.1 (0: a free one).
    proxy
        How the browser reaches the server: ``False`` directly (``http://127.0.0.1:<port>/``);
        ``True`` through jupyter-server-proxy under the hub's prefix (``/proxy/<port>/`` on a
        single-user Jupyter); a string is the proxy's path prefix itself. ``None`` (default):
        through the proxy when running on a JupyterHub or Binder, else directly.
    allow_hosts
        Host names the server accepts besides the loopback names: the hub's host name when the
        page is reached through its proxy.
    width, height
        The iframe's size.
    lang
        ``"zh"`` or ``"en"`` to open the page in that language (else the browser's choice).
    **server_options
        Passed to :func:`sim.explore.server.make_server` (``request_timeout``).

    Returns
    -------
    ExplorerView
        Displays as the page; ``.stop()`` ends the server.
    """
    server = make_server(scenario, port, allow_hosts=allow_hosts, **server_options)
    threading.Thread(target=server.serve_forever, name="explore-http", daemon=True).start()
    p = server.server_address[1]
    if proxy is None:
        proxy = proxy_prefix() is not None
    if proxy is False:
        src = server.url
    else:
        prefix = proxy if isinstance(proxy, str) else (proxy_prefix() or "/proxy/")
        src = f"{prefix.rstrip('/')}/{p}/"
    if lang is not None:
        src += f"#lang={lang}"
    return ExplorerView(server, src, width, height)
