"""Recognition phase: which source a table is, its row rules applied, and the mapping the pipeline then uses.

Order: a mapping profile (a user-defined source) is applied as written; else the declared sources are matched
(``moat.ingest.recognise``); else the header synonyms of ``moat.ingest.mapping`` try (source ``generic``), unless
a declared source nearly matched and its dataset differs (then the file is refused naming the missing fields:
never loaded as a dataset its content contradicts); a file nothing fits is refused naming the nearest source's
missing fields.
"""

from __future__ import annotations

from typing import Any

from moat.errors import FileRejected
from moat.ingest import mapping, readers, recognise, shaping
from moat.ingest.readers import Table


def _lookups(options: Any) -> list[Table]:
    out = []
    for name, data in options.lookups:
        out.append(readers.read(data, name, is_known=mapping.is_known_header))
    return out


def recognise_table(con: Any, table: Table, options: Any) -> tuple[Table, mapping.Detection, Any]:
    from moat.ingest.pipeline import Recognised

    name = table.file_name
    if options.profile is not None:
        det = mapping.detect(table.header, name, options.profile, options.dataset)
        label = getattr(options.profile, "name", None) or "mapping profile"
        used = sum(1 for t in det.columns.values() if t != mapping.IGNORE)
        return table, det, Recognised(f"mapping:{label}" if label != "mapping profile" else "mapping", f"user-defined ({label})",
                                      f"user-defined ({label}): {used} of {len(table.header)} headers mapped",
                                      {h: t for h, t in det.columns.items() if t != mapping.IGNORE})
    found = recognise.recognise(table.header, name, dataset=options.dataset, source_id=options.source)
    if found is None:
        return _generic(table, options)
    ctx = shaping.Context(client=options.client, lookups=_lookups(options) if options.lookups else [],
                          own_company=options.own_company, file_name=name)
    shaped = shaping.shape(found.source, found, table, ctx, con)
    new_table = Table(name, table.kind, shaped.header, shaped.rows, table.encoding, table.delimiter, table.sheet, table.sheets,
                      table.header_row)
    det = mapping.Detection(found.source.dataset, dict(shaped.columns), [h for h in shaped.header if h not in shaped.columns], [],
                            {found.source.dataset: found.hits})
    shown = {h: f for f, h in found.columns.items()}
    recognised = Recognised(found.source.id, found.source.name, found.confidence, shown, shaped.rules, shaped.skipped,
                            table.rows.height)
    if options.client and not found.source.needs_client:
        recognised.rules["client_option_ignored"] = f"{found.source.name} names its clients; --client was not used"
    return new_table, det, recognised


def _generic(table: Table, options: Any) -> tuple[Table, mapping.Detection, Any]:
    from moat.ingest.pipeline import Recognised

    name = table.file_name
    near = recognise.near_miss(table.header, options.dataset)
    try:
        det = mapping.detect(table.header, name, None, options.dataset)
    except FileRejected:
        if near:
            raise recognise.refusal(name, near, table.header, table.rows) from None
        raise
    if near and near.source.dataset != det.dataset:
        raise recognise.refusal(name, near, table.header, table.rows)
    used = sum(1 for t in det.columns.values() if t != mapping.IGNORE)
    return table, det, Recognised("generic", f"generic {det.dataset} (header synonyms)",
                                  f"generic {det.dataset} by header synonyms: {used} of {len(table.header)} headers", dict(det.columns))
