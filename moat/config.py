"""Settings: defaults, then ``moat.yaml`` (or ``.streamlit/secrets.toml`` section ``[moat]``), then ``MOAT_*``.

Each setting is declared once in ``SETTINGS`` with its type, default and meaning; the README's configuration
table is generated from the same list (and a test checks it is documented). Unknown keys and bad values fail
at start-up with a ``ConfigError`` naming the key, because a typo in a setting that silently does nothing is
worse than a refusal to start.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from moat.errors import ConfigError

ENV_PREFIX = "MOAT_"
# Environment variables with the prefix that are not settings themselves.
ENV_RESERVED = {"MOAT_CONFIG", "MOAT_TOKEN", "MOAT_AS_OF"}  # MOAT_AS_OF: moat.metrics.periods.today


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true/false, got {value!r}")


def _positive_float(value: Any) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(f"must be > 0, got {value!r}")
    return number


def _fraction(value: Any) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(f"must be between 0 and 1, got {value!r}")
    return number


def _positive_int(value: Any) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(f"must be a positive integer, got {value!r}")
    return number


def _choice(*options: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip()
        if text.lower() not in options and text not in options:
            raise ValueError(f"must be one of {', '.join(options)}, got {value!r}")
        return text.lower() if text.lower() in options else text

    return parse


def _text(value: Any) -> str:
    return str(value)


def _time_zone(value: Any) -> str:
    """An IANA time-zone name (`America/New_York`): the MSP's own day, to date timestamps written with a zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = str(value).strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"must be an IANA time-zone name such as America/New_York or Europe/London, got {value!r}") from None
    return text


@dataclass(frozen=True)
class Setting:
    name: str
    parse: Callable[[Any], Any]
    default: Any
    doc: str


SETTINGS: list[Setting] = [
    Setting("db_path", _text, "data/moat.duckdb", "DuckDB database: a file path, `:memory:` or a DuckDB URL such as `md:mydb`"),
    Setting("log_level", _choice("debug", "info", "warning", "error"), "info", "console and file log level"),
    Setting("log_file", _text, "", "JSON-lines log file; empty = `moat.log.jsonl` beside the database"),
    Setting("mode", _choice("demo", "production"), "demo", "`production` refuses demo accounts and a short or predictable `cookie_key`"),
    Setting("base_currency", _text, "USD", "company currency; rows in another currency need a rate table"),
    Setting("users_file", _text, "", "credentials and roles (bcrypt hashes), kept out of git; empty = `users.yaml` beside the database"),
    Setting("cookie_key", _text, "", "signing key for the login cookie; empty = this install's own random key (`cookie.key` beside the users file, owner-only, made on first start)"),
    Setting("cli_user", _text, "", "account the CLI acts as (`--user` overrides; needs its token or password); empty = local operator"),
    Setting("operator_role", _choice("viewer", "analyst", "admin"), "admin", "role of the local operator (the OS account owning the database, recorded as `os:<login>`) when no credential is given"),
    Setting("audit_key_file", _text, "", "HMAC key of the audit chain (owner-only, created on first use); empty = `audit.key` beside the users file; anchors go in `audit-anchors/` beside it"),
    Setting("file_group", _text, "", "OS group given read access to the database, logs and cache (0640); empty = owner-only (0600). Secrets (cookie.key, audit.key, API token files) stay 0600: whoever reads them could act as someone else"),
    Setting("model_path", _text, "", "local folder with TinyLlama weights (or a populated HF cache); empty = no model"),
    Setting("model_idle_seconds", _positive_float, 600.0, "unload the model after this many idle seconds"),
    Setting("model_min_free_gib", _positive_float, 1.0, "unload the model when free RAM falls below this"),
    Setting("ask_rate_per_minute", _positive_int, 20, "questions per user per minute"),
    Setting("app_db_wait_s", _positive_int, 120, "seconds the app waits, at start, for a command that holds the database (a scheduled `moat ingest`) before it says the database is busy"),
    Setting("remote_cursor_idle_s", _positive_float, 900.0, "seconds a cursor the database's owner holds for another app server may go unused before it is closed (its open transaction rolled back): its app server went away; a page run still using it is told to reload"),
    Setting("query_memory_mb", _positive_int, 1024, "memory one user-written query (`Session.sql`) or question may use, in MB; beyond it the query is stopped"),
    Setting("cache_dir", _text, "", "answer cache folder; empty = `cache/` beside the database"),
    Setting("privacy_budget", _positive_float, 3.0, "total epsilon each client-month may spend over all DP releases that describe it"),
    Setting("privacy_epsilon", _positive_float, 1.0, "default epsilon of one release"),
    Setting("privacy_segments", _text, "", "public segment keys of DP releases, comma-separated; empty = the demo's six (others count as `other`)"),
    Setting("privacy_bounds", _text, "", "DP clipping bounds per client per month, e.g. `revenue=15000,hours=120,license_waste=1000,seats=200,max_clients=10000`"),
    Setting("target_margin", _fraction, 0.30, "gross margin below which repricing is recommended"),
    Setting("utilization_low", _fraction, 0.70, "lower edge of the healthy billable-utilisation band"),
    Setting("utilization_high", _fraction, 0.80, "upper edge of the healthy billable-utilisation band"),
    Setting("inactive_seat_tolerance", _fraction, 0.05, "share of inactive seats tolerated before reclaiming"),
    Setting("review_confidence", _fraction, 0.70, "results below this confidence go to review"),
    Setting("timezone", _time_zone, "UTC", "IANA time zone of the MSP's working day (`America/New_York`): timestamps written with a zone (`2026-04-01T01:30:00Z`, `+02:00`) are dated by their day there"),
    Setting("own_company", _text, "", "the MSP's own company name as its PSA writes it: time on it is internal overhead, not a client"),
    Setting("confirm_new_names", _bool, True, "rows naming a client/technician never seen before wait in the quarantine until confirmed (app; the CLI only when set here or with --confirm-new-names)"),
    Setting("risk_alert_score", _positive_float, 30.0, "client risk score from which a question's \"at risk\" lists a client"),
]
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    """Resolved settings. ``source`` tells, per key, where the value came from (for the System page)."""

    values: dict[str, Any]
    source: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def currency(self) -> str:
        """The base currency every amount is in, as an ISO code ("USD"): what money is written in (setting
        ``base_currency``; pages, analytics sentences and the CLI read it here)."""
        return str(self.values.get("base_currency") or "USD").upper()

    def with_(self, **overrides: Any) -> Config:
        values, source = dict(self.values), dict(self.source)
        for key, value in overrides.items():
            values[key] = _parse(key, value)
            source[key] = "override"
        return Config(values, source)

    @property
    def data_dir(self) -> Path:
        """Folder beside the database for logs and caches (cwd/data for non-file databases)."""
        db = str(self.db_path)
        if db == ":memory:" or db.startswith(("md:", "motherduck:")) or "://" in db:
            return Path("data").resolve()
        return Path(db).expanduser().resolve().parent

    def file_path(self, key: str, default_name: str = "") -> Path:
        """The file or folder a path setting names, never depending on the working folder (h55 / h42 F8).

        Empty: ``default_name`` beside the database (``data_dir``). Relative: against the folder of the settings
        file that set it (``moat.yaml``; the app's folder for ``.streamlit/secrets.toml``), else (environment,
        argument) against the database's folder. So ``moat --db /srv/moat/moat.duckdb ...`` finds the same users
        file, audit key, log and cache from any folder, and a cron job never signs with a second key.
        """
        value = str(self.values.get(key) or "")
        if not value:
            return self.data_dir / default_name
        path = Path(value).expanduser()
        if path.is_absolute():
            return path
        origin = self.source.get(key, "default")
        if origin in ("default", "override", "argument") or origin.startswith("env "):
            return self.data_dir / path
        folder = Path(origin).expanduser().resolve().parent
        if folder.name == ".streamlit":
            folder = folder.parent
        return folder / path

    @property
    def cache_path(self) -> Path:
        """The answer cache folder: setting ``cache_dir``, else ``cache/`` beside the database.

        Here, with the settings, so the question engine and the System page read one rule without importing
        each other.
        """
        return self.file_path("cache_dir", "cache")


def _parse(key: str, value: Any) -> Any:
    setting = _BY_NAME.get(key)
    if setting is None:
        known = ", ".join(sorted(_BY_NAME))
        raise ConfigError(key, "unknown setting", f"known settings are: {known}")
    try:
        return setting.parse(value)
    except (TypeError, ValueError) as err:
        raise ConfigError(key, f"bad value: {err}") from err


def _file_values(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(str(path), f"cannot read: {err}") from err
    if path.suffix == ".toml":
        data = tomllib.loads(text).get("moat", {})
    else:
        data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "must be a mapping of setting: value")
    return data


def load(path: str | Path | None = None, env: dict[str, str] | None = None, **overrides: Any) -> Config:
    """Resolve settings. ``path`` (or ``MOAT_CONFIG``, else ``./moat.yaml`` if present) is the YAML file."""
    env = dict(os.environ if env is None else env)
    values = {s.name: s.default for s in SETTINGS}
    source = {s.name: "default" for s in SETTINGS}

    files: list[Path] = []
    secrets = Path(".streamlit/secrets.toml")
    if secrets.exists():
        files.append(secrets)
    chosen = path or env.get("MOAT_CONFIG")
    if chosen:
        files.append(Path(chosen))
    elif Path("moat.yaml").exists():
        files.append(Path("moat.yaml"))
    for file in files:
        for key, value in _file_values(file).items():
            values[key] = _parse(str(key), value)
            source[key] = str(file)

    for name, value in env.items():
        if not name.startswith(ENV_PREFIX) or name in ENV_RESERVED:
            continue
        key = name[len(ENV_PREFIX):].lower()
        if key not in _BY_NAME:
            raise ConfigError(name, "unknown environment setting", f"remove it or use one of MOAT_{', MOAT_'.join(k.upper() for k in sorted(_BY_NAME))}")
        values[key] = _parse(key, value)
        source[key] = f"env {name}"

    for key, value in overrides.items():
        if value is None:
            continue
        values[key] = _parse(key, value)
        source[key] = "argument"
    return Config(values, source)


# The settings of the command running in this process (`moat --config FILE ...`): code that is handed no Config
# (the audit trail's append, reached from every module) takes this one rather than loading ./moat.yaml on its own,
# which would miss `--config` (h70). None outside a command: such code loads the settings as before.
_ACTIVE: Config | None = None


def activate(cfg: Config | None) -> None:
    """Make ``cfg`` the settings of the running command (None: no command is running)."""
    global _ACTIVE
    _ACTIVE = cfg


def active() -> Config | None:
    """The running command's settings, or None."""
    return _ACTIVE


def current() -> Config:
    """The running command's settings (`--config`), else the settings loaded as ``load()`` finds them: for code
    handed no Config (h70)."""
    return _ACTIVE if _ACTIVE is not None else load()
