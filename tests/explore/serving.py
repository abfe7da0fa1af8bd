"""An explorer server for a test: started on a free port of 127.0.0.1 in a thread of its own,
and stopped with its runs (shared by the server's tests and the page's)."""

from __future__ import annotations

import threading

from sim.explore.server import ExploreServer, make_server


def start(timeout: float = 10.0) -> ExploreServer:
    """A server on a free port, serving in a daemon thread (``timeout``: seconds a request
    may take to arrive)."""
    srv = make_server(None, 0, request_timeout=timeout)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def stop(srv: ExploreServer) -> None:
    """Stop serving, stop the explorer's runs and close the socket."""
    srv.shutdown()
    srv.explorer.stop()
    srv.server_close()
