"""The Python facade for notebooks and scripts: ``moat.open(db_path, user=...)`` -> ``Session``.

Why a facade: data scientists should get the very numbers the app shows — the same DuckDB data, the same
metric SQL (``moat.metrics``), the same permission and policy checks (``moat.governance``) — without learning the
internal module layout. Every method returns a polars ``DataFrame`` (or a path for files written) and acts as
the session's user, so a Viewer's notebook sees what a Viewer's browser sees and every export is audited.

Periods are inclusive ``start``/``end`` dates (``"2026-08-01"``, ``datetime.date`` or a ``Period``); leaving
them out picks the last three calendar months that hold data, as the pages do.

Example (``demo_db`` is a database loaded with ``moat demo --end 2026-10-31``)::

    >>> import moat
    >>> s = moat.open(demo_db)                       # the local operator (os:<login>, admin) without credentials
    >>> prof = s.profitability("2026-08-01", "2026-10-31")
    >>> prof.row(0, named=True)["client_name"]       # worst margin first
    'Meridian Dental Group'
    >>> kpis = s.summary("2026-08-01", "2026-10-31")
    >>> kpis.filter(kpis["metric"] == "clients")["value"].item()
    '40'
    >>> s.sql("SELECT count(*) AS n FROM cur_clients")["n"].item()
    40
    >>> s.close()
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from moat import config as config_mod
from moat import db
from moat.errors import MoatError, NotEnoughData, PermissionDenied
from moat.governance.permissions import User, require
from moat.metrics.periods import Period, default_period

DateLike = str | date | Period | None

SQL_ROW_LIMIT = 1_000_000
SQL_TIMEOUT_S = 60.0


def open(  # ``moat.open`` is the documented entry point, like ``duckdb.connect`` or ``io.open``
    db_path: str | Path | None = None,
    user: str | User | None = None,
    *,
    read_only: bool = False,
    config: str | Path | None = None,
    token: str | None = None,
    password: str | None = None,
) -> Session:
    """Open a MoatMetrics database and act as a proven identity (``moat.governance.identity.resolve``).

    ``db_path``: a file, ``:memory:`` or a DuckDB URL (default: setting ``db_path``).
    ``user``: None for the local operator (the OS account owning the files, recorded as ``os:<login>`` with the
    role of setting ``operator_role``); an account name, which needs ``token=`` (from `moat login NAME --print`,
    or ``MOAT_TOKEN``) or ``password=``; or a ``User``, which only lowers the operator's role (to see what a
    Viewer sees) and keeps the operator's name, so no one can act or be recorded under a name they cannot prove.
    ``read_only``: open without write access (``ingest`` and exports then refuse).

        >>> import moat
        >>> from moat.governance.permissions import User
        >>> viewer = moat.open(demo_db, user=User("vera", "viewer"))
        >>> viewer.user.role, viewer.user.name.startswith("os:")
        ('viewer', True)
        >>> viewer.close()
    """
    cfg = config_mod.load(config, db_path=None if db_path is None else str(db_path))
    remote = _remote(cfg, user, read_only, token=token, password=password)
    if remote is not None:
        return remote
    con = db.connect(cfg.db_path, read_only=read_only)
    try:
        acting = _resolve_user(con, user, cfg, token=token, password=password)
    except BaseException:
        con.close()
        raise
    return Session(con, acting, cfg, read_only=read_only)


def _remote(cfg: config_mod.Config, user: str | User | None, read_only: bool, *, token: str | None,
            password: str | None) -> Any:
    """A ``moat.service.client.RemoteSession`` when another process (the app, `moat serve`) owns the database."""
    from moat.service import client

    ep = client.live_endpoint(cfg.db_path, wait_s=cfg.app_db_wait_s)  # an owner slow to answer is waited for
    if ep is None:
        return None
    creds = client.facade_credentials(user, cfg, token=token, password=password)
    return client.RemoteSession(ep, creds, cfg, read_only=read_only, wait_s=cfg.app_db_wait_s)


def answer_frame(answer: Any) -> pl.DataFrame:
    """The rows of an ``Session.ask`` answer as a polars frame."""
    return pl.DataFrame(answer.rows, schema=answer.columns, orient="row")


def _resolve_user(con: db.Connection, user: str | User | None, cfg: config_mod.Config, *, token: str | None,
                  password: str | None) -> User:
    import os

    from moat.governance import identity
    from moat.governance.permissions import ROLES

    token = token or os.environ.get(identity.TOKEN_ENV) or None
    if isinstance(user, User):
        me = identity.resolve(con, user_name=None, token=token, password=None, cfg=cfg)
        if ROLES.index(user.role) > ROLES.index(me.role):
            raise PermissionDenied(me.name, me.role, f"act with role {user.role}")
        return User(me.name, user.role)
    return identity.resolve(con, user_name=None if user is None else str(user), token=token, password=password, cfg=cfg)


class Session:
    """One user's view of one database. Use as a context manager, or call ``close()``.

    Methods check the user's permission first, exactly as the pages and the CLI do, and raise
    ``moat.errors.PermissionDenied`` (a ``MoatError``) with a hint when the role or a policy refuses.
    """

    remote = False  # True on ``moat.service.client.RemoteSession`` (the database is served by the app)

    def __init__(self, con: db.Connection, user: User, cfg: config_mod.Config, *, read_only: bool = False) -> None:
        self.con = con
        self.user = user
        self.config = cfg
        self.read_only = read_only

    # -- housekeeping -------------------------------------------------------------------------------------------

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        from moat.governance.audit import flush_anchors

        flush_anchors()  # anchor what this session appended to the audit chain (issue 18)
        self.con.close()

    def __repr__(self) -> str:
        return f"<moat.Session {self.config.db_path} as {self.user.name} ({self.user.role})>"

    def period(self, start: DateLike = None, end: DateLike = None) -> Period:
        """The period a method will use: the given dates, or the last three months with data.

            >>> s = moat.open(demo_db)
            >>> str(s.period())
            '2026-08-01..2026-10-31'
            >>> s.close()
        """
        if isinstance(start, Period):
            return start
        if start is not None and end is not None:
            return Period.parse(start, end)
        found = default_period(self.con)
        if found is None:
            raise NotEnoughData("the database holds no activity yet", "load data with session.ingest(path) or `moat demo`")
        return Period.parse(start if start is not None else found.start, end if end is not None else found.end)

    def _client_rows(self, what: str) -> None:
        """Per-client rows: the role table, refined by the admins' policy (viewers may be limited to aggregates)."""
        from moat import access

        access.require_client_rows(self.con, self.user, what, self.config)

    # -- metrics ---------------------------------------------------------------------------------------------

    def profitability(self, start: DateLike = None, end: DateLike = None, *, segment: str | None = None,
                      by: str = "client") -> pl.DataFrame:
        """Revenue, labour/licence/other cost, gross profit and margin, hours and EHR per client (worst margin first).

        ``by="segment"`` rolls clients up per segment: what roles that may not see client rows can have.

            >>> s = moat.open(demo_db)
            >>> p = s.profitability("2026-08-01", "2026-10-31")
            >>> p.columns[:5]
            ['client_key', 'client_name', 'segment', 'agreement_type', 'revenue']
            >>> s.profitability("2026-08-01", "2026-10-31", by="segment")["segment"].n_unique() <= 7
            True
            >>> s.close()
        """
        from moat.metrics import profitability
        from moat.metrics.totals import by_segment

        if by not in ("client", "segment"):
            raise MoatError(f"profitability by {by!r} is not available", "use by='client' or by='segment'")
        from moat import access

        period = self.period(start, end)
        if by == "segment":  # segments of fewer than 3 clients are pooled for roles kept to aggregates
            everyone = profitability(self.con, period)
            if segment is None:
                return access.segment_table(self.con, self.user, period, everyone, self.config)
            access.require_segment(self.con, self.user, everyone, segment, self.config, period)
            # h102: one segment's row under the period rule too (its hours from fewer than 3 technicians are theirs)
            access.require_enough_clients(self.con, self.user, period, f"segment {segment!r}", segment, self.config)
            return by_segment(profitability(self.con, period, segment))
        self._client_rows("profitability per client; by='segment' shows segment totals")
        return profitability(self.con, period, segment)

    def licenses(self, start: DateLike = None, end: DateLike = None, *, by: str = "client") -> pl.DataFrame:
        """Seats bought/assigned/active, utilisation, activity, licence cost and waste per client or per product.

            >>> s = moat.open(demo_db)
            >>> s.licenses("2026-08-01", "2026-10-31").row(0, named=True)["client_name"]   # most waste first
            'Harbor Logistics'
            >>> s.close()
        """
        from moat import access
        from moat.metrics import licenses
        from moat.metrics.licenses import pooled_products

        if by not in ("client", "product"):
            raise MoatError(f"licences by {by!r} are not available", "use by='client' or by='product'")
        if by == "client":
            self._client_rows("licences per client; by='product' shows product totals")
        else:
            require(self.user, "view_results")
        period = self.period(start, end)
        found = licenses(self.con, period, by=by)
        if by == "product" and not access.client_rows_visible(self.con, self.user, self.config):
            return pooled_products(self.con, period, found)  # a product one client buys is that client's figures
        return found

    def utilization(self, start: DateLike = None, end: DateLike = None) -> pl.DataFrame:
        """Available, billable and worked hours and utilisation per technician.

            >>> s = moat.open(demo_db)
            >>> u = s.utilization("2026-08-01", "2026-10-31")
            >>> u.row(0, named=True)["technician_name"]       # most utilised first
            'Priya Shah'
            >>> s.close()
        """
        from moat.metrics import utilization

        self._client_rows("utilisation per technician")
        return utilization(self.con, self.period(start, end))

    def summary(self, start: DateLike = None, end: DateLike = None) -> pl.DataFrame:
        """Company KPIs for the period against its previous period (``Period.previous``: whole months against as many
        whole months before); columns metric, kind, value, previous, change, note (why a change is withheld).

        Values are exact decimal text (money is never rounded before display); ``change`` is relative for amounts
        and absolute (fraction points) for ratios.
        """
        from moat import access
        from moat.metrics import summary

        require(self.user, "view_results")
        period = self.period(start, end)
        access.require_enough_clients(self.con, self.user, period, "company summary", cfg=self.config,
                                      with_previous=True)
        return summary(self.con, period)

    def monthly(self, start: DateLike = None, end: DateLike = None, *, segment: str | None = None) -> pl.DataFrame:
        """Revenue, costs, gross profit and margin per calendar month (company totals: any role may read them; one
        segment's only where the role may see client rows or the segment has 3+ clients, ``moat.access``)."""
        from moat import access
        from moat.metrics import profitability
        from moat.metrics.trends import monthly

        require(self.user, "view_results")
        period = self.period(start, end)
        if segment is not None:  # one small segment's months are its clients' months
            access.require_segment(self.con, self.user, profitability(self.con, period), segment, self.config,
                                   period)
        # a month (or a month cut by the range) in which fewer than 3 clients invoiced is a client's figures
        access.require_enough_clients(self.con, self.user, period, "monthly figures", segment, self.config, by_month=True)
        return monthly(self.con, period, segment)

    def snapshots(self) -> pl.DataFrame:
        """Every upload (snapshot) with its dataset, file, rows loaded and status, newest first."""
        from moat.snapshots import list_snapshots

        require(self.user, "view_results")
        return list_snapshots(self.con)

    def client_risk(self, start: DateLike = None, end: DateLike = None) -> pl.DataFrame:
        """The built-in client risk score (``moat.analytics.risk``) with its reasons, for the period."""
        from moat.analytics import evidence, risk

        self._client_rows("client risk")
        return risk.client_risk(evidence.gather(self.con, self.period(start, end), with_detail=False))

    # -- SQL ---------------------------------------------------------------------------------------------------

    def sql(self, query: str, params: list[Any] | None = None, *, row_limit: int = SQL_ROW_LIMIT,
            timeout_s: float = SQL_TIMEOUT_S) -> pl.DataFrame:
        """Run one read-only SELECT over the current data (``cur_clients``, ``cur_time_entries``, ...).

        The query runs in the same locked sandbox as the question path (``moat.ai.safety``): a private in-memory
        copy of the current data with external access disabled, after a check that it is a single SELECT over
        the ``cur_*`` views using allow-listed functions. Writes, file access and other tables are refused with
        ``moat.errors.UnsafeQuery``. It runs in a child process with hard limits (``moat.isolation``): it is stopped
        after ``timeout_s`` seconds or when it needs more than the setting ``query_memory_mb``, with an
        ``UnsafeQuery`` saying so, and this process is never at risk. Pull rows here and do the rest in polars.

            >>> s = moat.open(demo_db)
            >>> s.sql("SELECT client_name FROM cur_clients WHERE client_name = ?", ["Harbor Logistics"]).height
            1
            >>> s.sql("DELETE FROM cur_clients")
            Traceback (most recent call last):
            ...
            moat.errors.UnsafeQuery: query refused: ...
            >>> s.close()
        """
        from moat import isolation
        from moat.ai import safety

        self._client_rows("raw rows through SQL")
        sandbox = safety.sandbox_for(self.con)
        sandbox.check(query)  # refused before anything runs: writes, files, other tables, unknown functions
        return isolation.run(sandbox, query, params, row_limit=row_limit, timeout_s=timeout_s,
                             memory_mb=int(self.config.query_memory_mb))

    # -- questions, ingest ------------------------------------------------------------------------------------

    def ask(self, question: str, as_of: date | None = None) -> Any:
        """Answer a plain-English question exactly as the Ask page does: intent -> reviewed read-only SQL.

        Returns ``moat.ai.engine.Answer`` (``narrative``, ``sql``, ``confidence``, ``columns``, ``rows``); numbers
        come from SQL, never from the model. ``as_of`` anchors relative periods ("last quarter"; default today).

            >>> s = moat.open(demo_db)
            >>> a = s.ask("least profitable clients", as_of=date(2026, 11, 15))
            >>> answer_frame(a).columns[0]
            'client_name'
            >>> s.close()
        """
        from moat.ai import engine

        require(self.user, "ask")
        return engine.ask(self.con, self.user, question, as_of, config=self.config)

    def ingest(self, path: str | Path, dataset: str | None = None, *, dayfirst: bool | None = None,
               sheet: str | None = None, replace_range: tuple[date, date] | None = None,
               profile: str | Path | None = None) -> dict[str, Any]:
        """Load a CSV/Excel export as a new snapshot, exactly like the Upload page and `moat ingest`.

        ``dataset`` is detected from the headers when left out; ``dayfirst`` settles 03/04 dates; ``replace_range``
        declares the file the full truth for those dates; ``profile`` is a saved mapping file. Returns the load
        report (rows read, loaded, quarantined, snapshot id). Needs permission ``upload``.
        """
        require(self.user, "upload")
        if self.read_only:
            raise MoatError("this session was opened read-only", "open it with moat.open(path, read_only=False)")
        from moat.ingest import Options, ingest_path, load_profile

        options = Options(dataset=dataset, dayfirst=dayfirst, sheet=sheet, replace_range=replace_range,
                          profile=load_profile(profile) if profile is not None else None,
                          base_currency=str(self.config.base_currency), timezone=str(self.config.timezone))
        return ingest_path(self.con, self.user, Path(path), options)

    # -- files out ---------------------------------------------------------------------------------------------

    def export(self, df: pl.DataFrame, path: str | Path, *, client_level: bool = True) -> Path:
        """Write ``df`` as CSV or Excel (by suffix) with formula escaping and number formats; audited.

        ``client_level=False`` declares that the rows are company or segment totals (permission ``export``
        suffices); the default assumes rows name clients (``export_client_level`` and the policy apply).
        """
        from moat.export.tables import export_table

        target = Path(path).expanduser()
        fmt = target.suffix.lstrip(".").lower()
        data = export_table(self.con, self.user, df, target.stem, fmt, client_level=client_level,
                            details={"via": "python", "file": str(target)})
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def export_datasets(self, directory: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write the current data of every dataset to ``directory`` (parquet | csv | xlsx) plus a manifest; audited."""
        from moat.export.datasets import export_datasets

        return export_datasets(self.con, self.user, directory, fmt)

    def report(self, out: str | Path, start: DateLike = None, end: DateLike = None) -> Path:
        """Write the executive report (``.pdf`` or ``.html``) for the period; audited."""
        from moat.export import report_render

        return report_render.write(self.con, self.user, self.period(start, end), out, cfg=self.config)
