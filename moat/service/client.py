"""The client side: find the service that owns a database, forward a command line or a facade call to it.

Used by ``moat.cli.main`` (a command against a database the app holds runs in the app's process) and by
``moat.open`` (a notebook gets a ``RemoteSession`` with the same methods as ``moat.api.Session``).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

from moat import errors
from moat.service import endpoint, wire
from moat.service.identity import Credentials


def live_endpoint(db_path: str | Path) -> endpoint.Endpoint | None:
    """The endpoint of a service that owns ``db_path`` and answers; None when there is none (work locally)."""
    ep = endpoint.read(db_path)
    if ep is None or ep.pid == os.getpid() or not endpoint.reachable(ep):
        return None
    return ep


def _post(ep: endpoint.Endpoint, route: str, payload: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps(payload).encode("utf-8")
    conn = http.client.HTTPConnection(ep.host, ep.port, timeout=None)  # a forwarded ingest may take minutes
    try:
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # headers and body: two writes, no 40 ms wait
        conn.request("POST", route, body=body, headers={"X-Moat-Secret": ep.secret, "Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
    except OSError as err:
        raise errors.MoatError(f"the MoatMetrics service of {ep.database} ({ep.describe()}) did not answer: {err}",
                               "try again; if the app was stopped, the command then runs on its own") from err
    finally:
        conn.close()
    try:
        reply = json.loads(data)
    except ValueError as err:
        raise errors.MoatError(f"the MoatMetrics service answered HTTP {resp.status} with no JSON") from err
    if resp.status == 403:
        raise errors.MoatError(f"the MoatMetrics service refused the request: {reply.get('error')}")
    return reply


def raise_remote(err: dict[str, Any]) -> None:
    """A service-side MoatError raised again here, as the same class where there is one (same exit code)."""
    cls = getattr(errors, str(err.get("type")), None)
    message, hint = str(err.get("message")), err.get("hint") or None
    if isinstance(cls, type) and issubclass(cls, errors.MoatError):
        try:
            exc = cls.__new__(cls)
            errors.MoatError.__init__(exc, message, hint)
            raise exc
        except TypeError:
            pass
    exc = errors.MoatError(message, hint)
    exc.exit_code = int(err.get("exit_code") or 1)
    raise exc


def facade_credentials(user: Any, cfg: Any, *, token: str | None = None, password: str | None = None) -> Credentials:
    """``moat.open``'s ``user`` as credentials: a name (with ``MOAT_TOKEN``/``token`` or ``password``), or a ``User``,
    which may only lower the proven user's role (to see what a Viewer sees), or None for the local operator."""
    import getpass

    from moat.governance.permissions import User

    try:
        who = getpass.getuser()
    except Exception:  # no login name in some containers
        who = "local"
    token = token or os.environ.get("MOAT_TOKEN") or _stored_token()
    if isinstance(user, User):
        return Credentials(token=token, local_name=who, lower_role=user.role)
    return Credentials(user_name=None if user is None else str(user), token=token, password=password, local_name=who)


def _stored_token() -> str | None:
    """The API token `moat login` kept for this OS account, when the identity module that writes it is present."""
    try:
        from moat.governance import identity as identity_mod
    except ImportError:
        return None
    stored = getattr(identity_mod, "stored_token", None)
    return stored() if stored is not None else None


def ping(ep: endpoint.Endpoint) -> dict[str, Any]:
    """The service's own account of itself (pid, database, owner, requests and failures served so far)."""
    conn = http.client.HTTPConnection(ep.host, ep.port, timeout=30)
    try:
        conn.request("GET", "/v1/ping", headers={"X-Moat-Secret": ep.secret})
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def forward_cli(ep: endpoint.Endpoint, argv: list[str], creds: Credentials, stdin: bytes | None = None,
                captured: list[str] | None = None) -> int:
    """Run ``moat ARGV`` in the service; its output is written here (stdout into ``captured`` when given)."""
    reply = _post(ep, "/v1/cli", {
        "argv": argv, "cwd": str(Path.cwd()), "identity": creds.as_json(),
        "stdin": base64.b64encode(stdin or b"").decode("ascii"),
    })
    if "error" in reply:
        err = reply["error"]
        sys.stderr.write(f"error: {err.get('message')}\n")
        return int(err.get("exit_code") or 1)
    if captured is not None:
        captured.append(reply.get("stdout", ""))
        sys.stderr.write(reply.get("stderr", ""))
        return int(reply.get("code", 1))
    sys.stdout.write(reply.get("stdout", ""))
    sys.stderr.write(reply.get("stderr", ""))
    sys.stdout.flush()
    return int(reply.get("code", 1))


class RemoteSession:
    """``moat.open()`` on a database another process serves: the ``Session`` methods, run by the service.

    Each call is one request: the service checks the credential, runs ``Session.<method>`` on its own cursor
    (same permission checks, audit rows and transactions) and sends the value back (frames as Arrow).
    """

    def __init__(self, ep: endpoint.Endpoint, creds: Credentials, cfg: Any, *, read_only: bool = False) -> None:
        self.endpoint = ep
        self.credentials = creds
        self.config = cfg
        self.read_only = read_only
        self.remote = True
        from moat.governance.permissions import User

        self.user = User(**self._call("whoami"))

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        reply = _post(self.endpoint, "/v1/call", {
            "method": method, "args": wire.encode(list(args)), "kwargs": wire.encode(kwargs),
            "identity": self.credentials.as_json(), "read_only": self.read_only,
        })
        if "error" in reply:
            raise_remote(reply["error"])
        return wire.decode(reply.get("value"))

    def __enter__(self) -> RemoteSession:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: every call was one request."""

    def __repr__(self) -> str:
        return (f"<moat.RemoteSession {self.endpoint.database} via {self.endpoint.describe()} "
                f"as {self.user.name} ({self.user.role})>")


# Which positional argument of a method is a file path: relative paths mean this process's folder.
_PATH_ARG = {"ingest": 0, "export": 1, "export_datasets": 0, "report": 0}


def _method(name: str) -> Any:
    def call(self: RemoteSession, *args: Any, **kwargs: Any) -> Any:
        index = _PATH_ARG.get(name)
        if index is not None and len(args) > index:
            args = (*args[:index], Path(args[index]).expanduser().absolute(), *args[index + 1:])
        if kwargs.get("profile") is not None:
            kwargs["profile"] = Path(kwargs["profile"]).expanduser().absolute()
        return self._call(name, *args, **kwargs)

    from moat.api import Session

    call.__name__ = name
    call.__doc__ = getattr(Session, name).__doc__
    return call


for _name in ("profitability", "licenses", "utilization", "summary", "monthly", "sql", "period", "ask", "ingest",
              "export", "export_datasets", "report", "snapshots", "client_risk"):
    setattr(RemoteSession, _name, _method(_name))
