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
import time
from pathlib import Path
from typing import Any

from moat import errors
from moat.service import endpoint, wire
from moat.service.identity import Credentials

# How long a client waits for an owner that is alive but does not answer (stopped, overloaded) when the caller
# gives no bound: the default of the setting ``app_db_wait_s``. The CLI passes ``--wait`` or that setting.
DEFAULT_OWNER_WAIT_S = 120.0
_ATTEMPT_S = 5.0  # one connect or ping attempt; a silent owner is tried again until the wait runs out


class OwnerNotAnswering(errors.DatabaseBusy):
    """The process that owns the database is alive but did not answer within the wait (exit 4, nothing was run)."""

    def __init__(self, ep: endpoint.Endpoint, waited_s: float) -> None:
        super().__init__(
            f"the database {ep.database} is held by {ep.describe()}, which is alive but did not answer for "
            f"{waited_s:.0f} s (stopped or overloaded); nothing was run",
            "try again when it answers, or wait longer (`moat --wait SECONDS`; notebooks and app servers: the "
            "setting app_db_wait_s); if it stays silent, restart that process",
        )
        self.endpoint = ep


class _NoAnswer(errors.MoatError):
    """A request was sent but its answer never came (the owner died or dropped the connection): it may have run."""


def live_endpoint(db_path: str | Path, *, wait_s: float | None = None) -> endpoint.Endpoint | None:
    """The endpoint of the service that owns ``db_path``; None when there is none (work locally, as before).

    None when there is no endpoint file, or it is stale: its pid is gone or another account's, or nothing listens
    on its port (connection refused). An owner whose pid is alive but that does not answer (stopped, swamped: its
    listen backlog full, so connects time out) is still the owner: opening the file here would only be refused as
    busy, so this waits for it, probing with backoff, up to ``wait_s`` seconds (default ``DEFAULT_OWNER_WAIT_S``),
    then raises ``OwnerNotAnswering`` (a ``DatabaseBusy``, exit 4) naming it.
    """
    wait = DEFAULT_OWNER_WAIT_S if wait_s is None else max(0.0, float(wait_s))
    started = time.monotonic()
    deadline = started + wait
    pause = 0.2
    while True:
        ep = endpoint.read(db_path)
        if ep is None or ep.pid == os.getpid() or not endpoint.pid_ours(ep.pid):
            return None
        remaining = deadline - time.monotonic()
        found = endpoint.probe(ep, timeout=max(1.0, min(_ATTEMPT_S, remaining)))
        if found == endpoint.ANSWERED:
            return ep
        if found == endpoint.REFUSED and endpoint.read(db_path) == ep:
            return None  # the file names a pid that no longer serves: stale, as if the pid were gone
        if time.monotonic() >= deadline:
            raise OwnerNotAnswering(ep, time.monotonic() - started)
        time.sleep(max(0.0, min(pause, deadline - time.monotonic())))
        pause = min(pause * 2, 2.0)


def _connect(ep: endpoint.Endpoint, wait_s: float) -> http.client.HTTPConnection:
    """A connection to the owner, before anything is sent (so retrying is safe for writes too): connect attempts
    that time out (owner stalled, backlog full) are retried with backoff while its pid lives, up to ``wait_s``."""
    started = time.monotonic()
    deadline = started + max(0.0, wait_s)
    pause = 0.2
    while True:
        remaining = deadline - time.monotonic()
        conn = http.client.HTTPConnection(ep.host, ep.port, timeout=max(1.0, min(_ATTEMPT_S, remaining)))
        try:
            conn.connect()
            conn.sock.settimeout(None)  # connected: a forwarded ingest may take minutes to answer
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # headers and body: no 40 ms wait
            return conn
        except ConnectionRefusedError as err:
            conn.close()
            raise errors.MoatError(f"the MoatMetrics service of {ep.database} ({ep.describe()}) has stopped: {err}; "
                                   "nothing was run", "try again: the command then finds the new owner or runs on "
                                   "its own") from err
        except OSError as err:
            conn.close()
            if not endpoint.pid_ours(ep.pid):
                raise errors.MoatError(f"the MoatMetrics service of {ep.database} ({ep.describe()}) has stopped: "
                                       f"{err}; nothing was run", "try again: the command then finds the new owner "
                                       "or runs on its own") from err
            if time.monotonic() >= deadline:
                raise OwnerNotAnswering(ep, time.monotonic() - started) from err
        time.sleep(max(0.0, min(pause, deadline - time.monotonic())))
        pause = min(pause * 2, 2.0)


def _post(ep: endpoint.Endpoint, route: str, payload: dict[str, Any], *,
          wait_s: float = DEFAULT_OWNER_WAIT_S) -> dict[str, Any]:
    """One request. Raises ``OwnerNotAnswering`` when no connection could be made (nothing was sent, nothing ran)
    and ``_NoAnswer`` when the request went out but no answer came back (it may have run)."""
    body = json.dumps(payload).encode("utf-8")
    conn = _connect(ep, wait_s)
    try:
        conn.request("POST", route, body=body, headers={"X-Moat-Secret": ep.secret, "Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
    except (OSError, http.client.HTTPException) as err:
        raise _NoAnswer(f"the MoatMetrics service of {ep.database} ({ep.describe()}) took the request but stopped "
                        f"answering ({err}); it may or may not have run",
                        "check before running a change again (`moat audit list`, or read the data); a read can "
                        "simply be run again") from err
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
    conn = _connect(ep, DEFAULT_OWNER_WAIT_S)
    try:
        conn.sock.settimeout(30)
        conn.request("GET", "/v1/ping", headers={"X-Moat-Secret": ep.secret})
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def forward_cli(ep: endpoint.Endpoint, argv: list[str], creds: Credentials, stdin: bytes | None = None,
                captured: list[str] | None = None, *, wait_s: float = DEFAULT_OWNER_WAIT_S) -> int:
    """Run ``moat ARGV`` in the service; its output is written here (stdout into ``captured`` when given).

    Sent once: a command line may write, and one whose answer was lost may have run, so it is never sent again
    (``_NoAnswer`` says so); only connecting is retried, within ``wait_s``, because nothing was sent yet."""
    reply = _post(ep, "/v1/cli", {
        "argv": argv, "cwd": str(Path.cwd()), "identity": creds.as_json(),
        "stdin": base64.b64encode(stdin or b"").decode("ascii"),
    }, wait_s=wait_s)
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

    def __init__(self, ep: endpoint.Endpoint, creds: Credentials, cfg: Any, *, read_only: bool = False,
                 wait_s: float | None = None) -> None:
        """``wait_s``: how long a call waits for an owner that is alive but silent (default: the setting
        ``app_db_wait_s`` of ``cfg``) before ``OwnerNotAnswering``."""
        self.endpoint = ep
        self.credentials = creds
        self.config = cfg
        self.read_only = read_only
        self.wait_s = float(wait_s if wait_s is not None else getattr(cfg, "app_db_wait_s", DEFAULT_OWNER_WAIT_S))
        self.remote = True
        from moat.governance.permissions import User

        self.user = User(**self._call("whoami"))

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """One request. A read whose answer was lost is asked again (of the owner found anew, with backoff); a
        write (``ingest``, exports, ``ask``, which records the question) is never sent twice: see ``_NoAnswer``."""
        payload = {"method": method, "args": wire.encode(list(args)), "kwargs": wire.encode(kwargs),
                   "identity": self.credentials.as_json(), "read_only": self.read_only}
        attempt = 0
        while True:
            try:
                reply = _post(self.endpoint, "/v1/call", payload, wait_s=self.wait_s)
                break
            except _NoAnswer:
                attempt += 1
                if method not in _READS or attempt >= 3:
                    raise
                time.sleep(0.5 * attempt)
                found = live_endpoint(self.endpoint.database, wait_s=self.wait_s)
                if found is None:
                    raise
                self.endpoint = found
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


# Facade methods that only read (the same request twice gives the same answer and changes nothing): retried.
_READS = frozenset({"whoami", "profitability", "licenses", "utilization", "summary", "monthly", "sql", "period",
                    "snapshots", "client_risk"})

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
