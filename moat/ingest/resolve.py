"""Client and technician names -> keys, as DESIGN.md says: exact on the normalised name, never a guess.

For each distinct name in a file (names are few even when rows are a million, so this is per name, not per row):
1. a confirmed alias (``aliases`` table) whose normalised variant equals the name's key -> its target;
2. otherwise a known entity whose key equals the name's key -> that entity;
   if the key points at two different known entities (an alias and a different entity with that key, or two known
   display names that normalise alike under different keys) the name is *ambiguous*: never matched, quarantined;
3. otherwise, if a known entity is close (difflib similarity >= 0.8 on the normalised key, on the lower-cased
   name, or on the key with a misspelt legal suffix removed: "Acme Crop" ~ "Acme Corporation"; or the name is the
   known name followed by more words: "Acme Dental Group", "Acme Dental - Main Office" ~ "Acme Dental") the rows are
   quarantined with "did you mean ...? confirm with `moat aliases add ...`" — a person decides;
4. otherwise the name is a *new* entity, keyed by its normalised name. This is the implicit-creation rule:
   a client first seen in invoices, a technician seen only in time entries (costed by the entry's cost_rate)
   become entities of their own, because a brand-new name with nothing similar is not a typo of anything.

Master files (clients, technicians) declare entities, so for them step 3 does not apply: a name there that is
neither known nor aliased is a new entity, even when it resembles another one.
"Known" means present in the current data of any dataset (clients file or facts), plus alias targets.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import polars as pl

from moat.db import Connection, atomic, rows
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User, require
from moat.names import LEGAL_SUFFIXES, first_last, normalize

KINDS = {"client": "client", "technician": "technician"}
_SOURCES = {
    "client": [("cur_clients", "client_key", "client_name"), ("cur_time_entries", "client_key", "client_name"),
               ("cur_invoices", "client_key", "client_name"), ("cur_costs", "client_key", "client_name"),
               ("cur_licenses", "client_key", "client_name")],
    "technician": [("cur_technicians", "technician_key", "technician_name"), ("cur_time_entries", "technician_key", "technician_name")],
}
CUTOFF = 0.8


@dataclass
class Known:
    """What a kind of entity is already called: key -> display name, and confirmed aliases key -> target key."""

    names: dict[str, str]
    aliases: dict[str, str]
    by_display_key: dict[str, set[str]]  # normalise(display name) -> entity keys (detects ambiguity)


def known(con: Connection, kind: str) -> Known:
    parts = " UNION ALL ".join(
        f"SELECT {key} AS k, any_value({name}) AS n FROM {table} WHERE {key} IS NOT NULL GROUP BY {key}"
        for table, key, name in _SOURCES[kind]
    )
    names: dict[str, str] = {}
    for k, n in rows(con, f"SELECT k, any_value(n) FROM ({parts}) GROUP BY k"):
        names[k] = n
    aliases = {a: t for a, t in rows(con, "SELECT alias_key, target_key FROM aliases WHERE kind = ?", [kind])}
    by_display: dict[str, set[str]] = {}
    for k, n in names.items():
        by_display.setdefault(normalize(n), set()).add(k)
        by_display.setdefault(k, set()).add(k)
    return Known(names, aliases, by_display)


def _without_suffix_typo(key: str) -> str | None:
    """'acme crop' -> 'acme' when the last word is a near-miss of a legal suffix (a typo the normaliser missed)."""
    words = key.split()
    if len(words) < 2:
        return None
    if difflib.get_close_matches(words[-1], [s for s in LEGAL_SUFFIXES if " " not in s and len(s) > 2], n=1, cutoff=0.75):
        return " ".join(words[:-1])
    return None


def _extends(key: str, entity: str) -> bool:
    """'acme dental group' / 'acme dental main office' extend the known 'acme dental' by whole words (a site, a
    division, a "Group"): the same client as likely as not, so a person decides (h41 D6). Similarity alone missed
    them: a short known name plus a suffix word scores under the cutoff. A one-word known name shorter than five
    letters ('acme', 'abc') is too common a start to suggest."""
    if not entity or key == entity or not key.startswith(entity + " "):
        return False
    return " " in entity or len(entity) >= 5


def _shortened(key: str, entity: str) -> bool:
    """'pioneer law' / 'pioneerlaw' (a PSA grid's short name or company identifier) is the start of the known
    'pioneer law partners' by whole words, or with the spaces squeezed out: held for a person to confirm (h69 D14:
    it loaded as a new client "with no similar known name"). The same guard as ``_extends`` for short names."""
    if not key or key == entity:
        return False
    if entity.startswith(key + " "):
        return " " in key or len(key) >= 5
    squeezed = entity.replace(" ", "")
    return " " not in key and len(key) >= 8 and squeezed.startswith(key) and squeezed != key


def suggestions(name: str, k: Known, limit: int = 3) -> list[str]:
    """Display names of known entities close to ``name`` (best first)."""
    if not k.names:  # nothing known yet (a first load): nothing is close, and the suffix check below costs difflib
        return []
    key = normalize(name)
    scored: dict[str, float] = {}
    stripped = _without_suffix_typo(key)
    for entity, display in k.names.items():
        score = max(
            difflib.SequenceMatcher(None, key, entity).ratio(),
            difflib.SequenceMatcher(None, str(name).lower().strip(), str(display).lower().strip()).ratio(),
            1.0 if stripped and stripped == entity else 0.0,
            CUTOFF if _extends(key, entity) or _shortened(key, entity) else 0.0,
        )
        if score >= CUTOFF:
            scored[entity] = score
    best = sorted(scored, key=lambda e: (-scored[e], e))[:limit]
    return [k.names[e] for e in best]


@dataclass
class Resolution:
    key: str | None  # None: not resolved (row quarantined)
    status: str  # alias | exact | new | ambiguous | suggested
    reason: str | None = None


def resolve_name(name: str, kind: str, k: Known, master: bool) -> Resolution:
    key = normalize(name)
    swapped = first_last(name) if kind == "technician" else None
    if swapped is not None and key not in k.aliases and key not in k.by_display_key:
        key = normalize(swapped)  # "Lee, Ann" is Ann Lee (unless "Lee, Ann" itself is known or aliased)
    targets: set[str] = set()
    if key in k.aliases:
        targets.add(k.aliases[key])
    via_alias = bool(targets)
    targets |= k.by_display_key.get(key, set())
    if len(targets) == 1:
        return Resolution(targets.pop(), "alias" if via_alias and key not in k.names else "exact")
    if len(targets) > 1:
        labels = ", ".join(sorted(f"'{k.names.get(t, t)}'" for t in targets))
        return Resolution(None, "ambiguous", f"{kind} '{name}' matches several known {kind}s ({labels}); "
                          f"say which with `moat aliases add \"{name}\" \"<the right one>\" --kind {kind}`")
    if master:
        return Resolution(key, "new")
    close = suggestions(name, k)
    if close:
        return Resolution(None, "suggested", f"unknown {kind} '{name}': did you mean '{close[0]}'? confirm with "
                          f"`moat aliases add \"{name}\" \"{close[0]}\" --kind {kind}` and retry the quarantine")
    return Resolution(key, "new")


def resolve_column(names: pl.Series, kind: str, k: Known, master: bool) -> pl.DataFrame:
    """Per distinct name: (name, key, status, reason) — joined back onto the rows by the pipeline."""
    distinct = [n for n in names.unique().to_list() if n is not None]
    found = [resolve_name(n, kind, k, master) for n in distinct]
    return pl.DataFrame(
        {"name": distinct, "key": [r.key for r in found], "status": [r.status for r in found], "reason": [r.reason for r in found]},
        schema={"name": pl.Utf8, "key": pl.Utf8, "status": pl.Utf8, "reason": pl.Utf8},
    )


# --- aliases ---------------------------------------------------------------------------------------------------


def add_alias(con: Connection, user: User, alias: str, target: str, kind: str = "client") -> dict[str, str]:
    """Confirm that ``alias`` means the known entity ``target``: future uploads and retries resolve it."""
    require(user, "map")
    if kind not in KINDS:
        raise MoatError(f"unknown kind {kind!r}", "use --kind client or --kind technician")
    k = known(con, kind)
    target_key = normalize(target)
    if target_key in k.aliases:
        target_key = k.aliases[target_key]
    if target_key not in k.names:
        close = suggestions(target, k)
        hint = f"did you mean '{close[0]}'?" if close else f"list {kind}s with `moat metrics` or load them first"
        raise MoatError(f"there is no known {kind} '{target}' to point the alias at", hint)
    alias_key = normalize(alias)
    if not alias_key:
        raise MoatError("the alias is empty after normalisation", "give the name as it appears in the file")
    if alias_key == target_key:
        raise MoatError(f"'{alias}' already matches '{k.names[target_key]}' exactly; no alias needed")
    from moat.snapshots import now_utc

    def write() -> None:
        con.execute("DELETE FROM aliases WHERE kind = ? AND alias_key = ?", [kind, alias_key])
        con.execute(
            "INSERT INTO aliases (kind, alias_key, alias_name, target_key, target_name, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [kind, alias_key, alias, target_key, k.names[target_key], user.name, now_utc()],
        )
        audit.append(con, user, "alias_add", f"alias:{kind}:{alias_key}", {"alias": alias, "target": k.names[target_key]})

    atomic(con, write)
    return {"kind": kind, "alias": alias, "alias_key": alias_key, "target": k.names[target_key], "target_key": target_key}


def list_aliases(con: Connection, kind: str | None = None) -> pl.DataFrame:
    from moat.db import frame

    return frame(
        con,
        "SELECT kind, alias_name, alias_key, target_name, target_key, created_by, created_at FROM aliases "
        "WHERE ? IS NULL OR kind = ? ORDER BY kind, alias_key",
        [kind, kind],
    )


def confirm_names(con: Connection, user: User, names: list[str], kind: str = "client") -> list[str]:
    """Confirm new names as real entities (setting ``confirm_new_names``): their rows load on the next retry.

    Stored as an alias of the name to itself, so the name becomes known exactly as an alias target does.
    """
    require(user, "map")
    if kind not in KINDS:
        raise MoatError(f"unknown kind {kind!r}", "use --kind client or --kind technician")
    from moat.snapshots import now_utc

    done: list[str] = []

    def write() -> None:
        for name in names:
            key = normalize(name)
            if not key:
                raise MoatError(f"{name!r} is empty after normalisation", "give the name as it appears in the file")
            con.execute("DELETE FROM aliases WHERE kind = ? AND alias_key = ?", [kind, key])
            con.execute(
                "INSERT INTO aliases (kind, alias_key, alias_name, target_key, target_name, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [kind, key, name, key, name, user.name, now_utc()],
            )
            audit.append(con, user, "name_confirm", f"alias:{kind}:{key}", {"name": name})
            done.append(name)

    atomic(con, write)
    return done
