"""The loopback HTTP service run by the process that owns the database (the app, or ``moat serve``).

Plain ``http.server`` on 127.0.0.1 with one thread per request: no new dependency, and every request is one
forwarded command or facade call that runs to its end. Each request must carry the endpoint file's secret
(``X-Moat-Secret``, compared in constant time); the body is JSON. Routes: ``GET /v1/ping``, ``POST /v1/cli``
(argv, cwd, stdin, credentials -> exit code, stdout, stderr), ``POST /v1/call`` (a facade method -> its value;
frames as Arrow IPC inside the JSON, see ``wire``), ``POST /v1/db`` (another app server's cursors: one statement
per request, results as Arrow IPC; see ``remote_db`` and ``cursors``).
"""

from __future__ import annotations

import atexit
import base64
import hmac
import json
import logging
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from moat import config as config_mod
from moat import db
from moat.errors import MoatError
from moat.service import endpoint, identity, runner, streams, wire
from moat.service.cursors import Cursors
from moat.service.remote_db import ROUTE as DB_ROUTE
from moat.service.remote_db import pack, unpack

log = logging.getLogger(__name__)

MAX_BODY = 1 << 30  # a forwarded frame (facade export) may be large; a command line never is


class Service:
    """One database's service: the owner's connection, the listening socket and the endpoint file."""

    def __init__(self, con: db.Connection, target: str | Path, *, owner: str, host: str = "127.0.0.1",
                 port: int = 0, cursor_idle_s: float | None = None) -> None:
        """``cursor_idle_s``: how long a cursor held for another app server may go unused before it is closed;
        None = the setting ``remote_cursor_idle_s`` as this process resolves its settings (the app's own way)."""
        self.con = con
        self.cursor_idle_s = float(cursor_idle_s if cursor_idle_s is not None
                                   else config_mod.load().remote_cursor_idle_s)
        self.target = str(Path(str(target)).expanduser().resolve())
        self.owner = owner
        self.secret = endpoint.new_secret()
        self.requests = 0
        self.failures = 0
        self._httpd = _Server((host, port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.service = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None
        self.cursors: Cursors | None = None  # other app servers' cursors, from the first one opened

    def remote_cursors(self) -> Cursors:
        with _BACKGROUND_LOCK:
            if self.cursors is None:
                self.cursors = Cursors(self.con, idle_s=self.cursor_idle_s)
            return self.cursors

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    def start(self) -> Service:
        streams.install()
        db.register_owner(self.target, self.con)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="moat-service", daemon=True)
        self._thread.start()
        host, port = self.address
        endpoint.write(self.target, host, port, self.secret, self.owner)
        atexit.register(self.stop)
        log.info("data service for %s listening on %s:%s", self.target, host, port)
        return self

    def stop(self) -> None:
        endpoint.remove(self.target)
        if self.cursors is not None:
            self.cursors.close_all()
        db.unregister_owner(self.target)
        if self._thread is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread = None

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()


class _Server(ThreadingHTTPServer):
    """http.server's listen backlog is 5: while the owner is busy or stopped, a sixth client's connect was dropped
    and it concluded no owner served the file (issue 16). The kernel caps this at ``net.core.somaxconn``."""

    request_queue_size = 128


_BACKGROUND: dict[str, Service] = {}
_BACKGROUND_LOCK = threading.Lock()


def serve_in_background(con: db.Connection, target: str | Path, *, owner: str) -> Service | None:
    """Start (once per process and database) the service beside an owner's connection; None for non-files.

    The app calls this where it opens its process-wide connection, so every `moat` command and notebook can
    work while it serves users. A failure to listen is logged, never fatal: the app works as before.
    """
    if not db.is_local_file(str(target)):
        return None
    key = str(Path(str(target)).expanduser().resolve())
    with _BACKGROUND_LOCK:
        if key in _BACKGROUND:
            return _BACKGROUND[key]
        try:
            service = Service(con, key, owner=owner).start()
        except OSError as err:
            log.warning("could not start the data service for %s: %s", key, err)
            return None
        _BACKGROUND[key] = service
        return service


def stop_background(target: str | Path) -> None:
    """Stop the background service of ``target`` started by this process (tests; the app stops at exit)."""
    key = str(Path(str(target)).expanduser().resolve())
    with _BACKGROUND_LOCK:
        service = _BACKGROUND.pop(key, None)
    if service is not None:
        service.stop()


class _Handler(BaseHTTPRequestHandler):
    server_version = "MoatMetrics"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK wait between them

    @property
    def service(self) -> Service:
        return self.server.service  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # the base class's name
        log.debug("service request: " + format, *args)

    def _authorised(self) -> bool:
        given = self.headers.get("X-Moat-Secret", "")
        if hmac.compare_digest(given.encode("utf-8"), self.service.secret.encode("utf-8")):
            return True
        self._reply(403, {"error": "wrong or missing secret: read it from the endpoint file beside the database"})
        return False

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict[str, Any] | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY:
            self._reply(413, {"error": "request too large"})
            return None
        try:
            return json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self._reply(400, {"error": "the body is not JSON"})
            return None

    def do_GET(self) -> None:  # http.server's name
        if not self._authorised():
            return
        if self.path != "/v1/ping":
            self._reply(404, {"error": "unknown route"})
            return
        self._reply(200, {"pid": os.getpid(), "database": self.service.target, "owner": self.service.owner,
                          "requests": self.service.requests, "failures": self.service.failures,
                          "remote_cursors": 0 if self.service.cursors is None else len(self.service.cursors),
                          "remote_statements": 0 if self.service.cursors is None else self.service.cursors.statements})

    def do_POST(self) -> None:  # http.server's name
        if not self._authorised():
            return
        if self.path == DB_ROUTE:
            self._db_request()
            return
        data = self._body()
        if data is None:
            return
        service = self.service
        service.requests += 1
        creds = identity.Credentials.from_json(data.get("identity"))
        try:
            if self.path == "/v1/cli":
                stdin = base64.b64decode(data.get("stdin") or b"").decode("utf-8", errors="replace")
                result = runner.run_cli([str(a) for a in data.get("argv", [])], cwd=str(data.get("cwd") or "."),
                                        creds=creds, stdin=stdin, target=service.target, con=service.con)
                if result.code not in (0, 2, 3):
                    service.failures += 1
                self._reply(200, {"code": result.code, "stdout": result.stdout, "stderr": result.stderr})
            elif self.path == "/v1/call":
                value = runner.run_facade(str(data.get("method")), wire.decode(data.get("args") or []),
                                          wire.decode(data.get("kwargs") or {}), creds=creds,
                                          read_only=bool(data.get("read_only")), target=service.target,
                                          con=service.con)
                self._reply(200, {"value": wire.encode(value)})
            else:
                self._reply(404, {"error": "unknown route"})
        except MoatError as err:
            self._reply(200, {"error": {"type": type(err).__name__, "message": err.message, "hint": err.hint,
                                        "exit_code": err.exit_code}})
        except Exception as err:  # reported to the client; the traceback goes to the log
            service.failures += 1
            log.exception("service request failed")
            self._reply(500, {"error": {"type": type(err).__name__, "message": str(err), "hint": "", "exit_code": 1}})

    def _db_request(self) -> None:
        """One statement (or open/close/register) on a cursor held for another app server (``cursors``)."""
        length = int(self.headers.get("Content-Length") or 0)
        if length < 4 or length > MAX_BODY:
            self._reply(413 if length > MAX_BODY else 400, {"error": "bad request size"})
            return
        try:
            meta, payload = unpack(self.rfile.read(length))
        except Exception:  # a truncated frame (struct.error) or bad JSON (ValueError)
            self._reply(400, {"error": "the body is not a MoatMetrics message"})
            return
        client = self.headers.get("X-Moat-Client", "an app server")[:80]
        try:
            reply, data = self.service.remote_cursors().handle(meta, payload, client)
        except Exception as err:  # reported to the client; the traceback goes to the log
            self.service.failures += 1
            log.exception("remote cursor request failed")
            reply, data = {"error": {"type": "Error", "message": f"{type(err).__name__}: {err}"}}, b""
        body = pack(reply, data)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
