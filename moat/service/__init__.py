"""The MoatMetrics data service: one process owns the DuckDB file, every other process is its client.

DuckDB lets one process hold a database file (readers in other processes are locked out too). So the process
that owns the file (the app, or ``moat serve``) also listens on a loopback port and writes an owner-only
endpoint file beside the database (``endpoint``); a ``moat`` command or ``moat.open()`` that finds it forwards
its work there (``client``), proving it can read the endpoint's secret (the same trust as opening the file) and
passing the user's credential, which the service checks (``identity``). The service runs the very same CLI code
or facade method in-process on its own cursor (``runner``), so writes keep their transactions, conflict retries
and audit rows. Only operations that must have the file to themselves (restore) still refuse, naming the holder.
See docs/deployment.md, "Several processes", for the choice against DuckDB's Quack protocol.
"""

from moat.service.server import Service, serve_in_background

__all__ = ["Service", "serve_in_background"]
