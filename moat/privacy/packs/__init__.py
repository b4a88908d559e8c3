"""Benchmark packs: the file a release becomes (``format``), its strict validation on import (``validation``),
peers' packs and past releases as stored (``store``), and the comparison of the MSP's exact values with peers'
noisy ones (``comparison``). Callers use the names below (``packs.import_pack``, ``packs.compare``...).

A pack holds only what a release produced (noisy values and their intervals) and the public parameters needed
to read them: epsilon, alpha, period, segment keys, clipping ranges, metric definitions, schema version. There
is no field for a client name or id, and import rejects unknown fields, so a pack cannot carry one either.
"""

from moat.privacy.packs.comparison import compare, display_rows, sentence, value_text, verdict
from moat.privacy.packs.format import CSV_COLUMNS, SCHEMA, SCHEMA_VERSION, TOP_KEYS, VALUE_KEYS, build, to_csv, to_json, write
from moat.privacy.packs.store import AlreadyImported, import_pack, list_packs, list_releases, peer_values, release_pack
from moat.privacy.packs.validation import validate

__all__ = [
    "CSV_COLUMNS", "SCHEMA", "SCHEMA_VERSION", "TOP_KEYS", "VALUE_KEYS", "AlreadyImported", "build", "compare",
    "display_rows", "import_pack", "list_packs", "list_releases", "peer_values", "release_pack", "sentence", "to_csv",
    "to_json", "validate", "value_text", "verdict", "write",
]
