"""Which sheets of a workbook are one table, and never a sheet of data left out without a word (h60 F11).

A workbook kept by hand has a tab per month, and the tabs drift: a user rebuilds February's tab with `Client` first,
or adds a `Notes` column in March. Those are still the same table: the sheets whose headings are the same set (in
any order), or the same but for one column, load together, each column mapped by its heading (never by position).
A visible sheet that holds rows under a header of other columns (a month-end workbook with a `Time` and an
`Invoices` tab, a tab whose `Hrs` heading differs from the others' `Hours`) is another table: the file is refused
naming the sheets and `--sheet`, instead of loading one sheet and dropping the others silently. A visible sheet whose
headings make no dataset (a pivot summary, a lookup list) is left out with a warning naming it.
"""

from __future__ import annotations

from typing import Any

from moat.errors import FileRejected

_MAX_MISSING = 1  # headings a month's tab may lack (or add) and still be the same table


def _named(key: tuple[str, ...]) -> list[str]:
    return [k for k in key if k]


def same_kind(key: tuple[str, ...], best: tuple[str, ...]) -> bool:
    """Whether a sheet of heading ``key`` is the table of heading ``best``: equal, or its headings (unique) are
    ``best``'s in another order, or all but one of them."""
    if key == best:
        return True
    a, b = _named(key), _named(best)
    if len(set(a)) != len(a) or len(set(b)) != len(b) or len(a) < 2:
        return False
    return set(a) <= set(b) and len(set(b) - set(a)) <= _MAX_MISSING


def widest(read: list[Any], best: Any) -> Any:
    """The sheet whose headings hold ``best``'s plus at most one more (March's added `Notes`): its header is the one
    every sheet of the table is mapped onto."""
    if not best.filled:
        return best
    wider = [s for s in read if s.filled and s is not best and len(_named(s.header_key)) > len(_named(best.header_key))
             and same_kind(best.header_key, s.header_key)]
    return max(wider, key=lambda s: (len(_named(s.header_key)), s.score, s.filled)) if wider else best


def aligned(records: list[list[Any]], header_idx: int, key: tuple[str, ...], best: tuple[str, ...],
            best_header: list[Any]) -> list[list[Any]]:
    """The sheet's rows with its columns put in the order of ``best``'s headings (a heading it lacks: empty cells);
    the rows above its header are kept as they are."""
    pos = {k: j for j, k in enumerate(key) if k}
    order = [pos.get(k) if k else None for k in best]

    def pick(rec: list[Any]) -> list[Any]:
        return [(rec[j] if j is not None and j < len(rec) else None) for j in order]

    return [*records[:header_idx], list(best_header[:len(best)]), *(pick(r) for r in records[header_idx + 1:])]


def _a_table(key: tuple[str, ...], loaded: str | None) -> str | None:
    """The dataset a sheet's headings make by the header synonyms (every required column found), else None. A
    clients reading counts only where the loaded sheets are clients too (any sheet with a `Client` column makes one:
    a pivot of hours per client is no client list)."""
    from moat.ingest import mapping

    header = [k for k in key if k]
    for dataset in mapping.DATASETS:
        if dataset == "clients" and loaded != "clients":
            continue
        if not mapping.map_columns(dataset, header).missing:
            return dataset
    return None


def left_out(file_name: str, read: list[Any], same: list[Any], best: Any) -> list[str]:
    """Refuse a workbook whose other visible sheets hold another table of data (their headings make a dataset);
    return a warning naming any other visible sheet with rows that is left out (a summary, a lookup list)."""
    others = [s for s in read if s.filled and s.score >= 1 and all(s is not t for t in same)]
    if not others:
        return []
    loaded = ", ".join(repr(s.name) for s in same)
    ours = _a_table(best.header_key, None)
    left = [s for s in others if _a_table(s.header_key, ours)]
    if not left:
        names = ", ".join(repr(s.name) for s in others)
        return [f"sheet{'s' if len(others) > 1 else ''} {names} {'were' if len(others) > 1 else 'was'} not loaded: "
                f"{'their' if len(others) > 1 else 'its'} headings are not those of {loaded} and make no dataset of their "
                f"own (a summary or a lookup list?); to load one, name it: --sheet {others[0].name!r}"]
    names = ", ".join(repr(s.name) for s in left)
    raise FileRejected(
        file_name, f"sheet{'s' if len(left) > 1 else ''} {names} hold{'' if len(left) > 1 else 's'} rows under other "
        f"headings than {loaded} ({', '.join(h for h in left[0].header_key if h)}), so {'they are' if len(left) > 1 else 'it is'} "
        "another table; loading only some sheets would leave the others out silently, so nothing was loaded",
        f"load each sheet on its own: moat ingest {file_name} --sheet {left[0].name!r} (and --sheet {same[0].name!r}); "
        "or give a month's tab the same headings as the others")


def one_table(file_name: str, read: list[Any], best: Any, named: bool) -> tuple[Any, list[Any], list[str]]:
    """The sheet whose header the table takes and the sheets of that table, their columns put in its order, and
    warnings; a workbook with other sheets of data is refused (unless ``--sheet`` named the one to read)."""
    best = widest(read, best)
    same = [s for s in read if s.filled and same_kind(s.header_key, best.header_key)] if best.filled else [best]
    for s in same:
        if s.header_key != best.header_key:
            s.records = aligned(s.records, s.header_idx, s.header_key, best.header_key, best.records[best.header_idx])
            s.header_key = best.header_key
    return best, same, ([] if named else left_out(file_name, read, same, best))
