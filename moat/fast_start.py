"""Keep the app's first page load short: defer the one costly import on its path that nothing on it uses.

``moat.ui`` imports altair up front (see its docstring), altair imports jsonschema, and jsonschema, when the
optional package ``rfc3987_syntax`` is installed, imports it to check the "iri" and "iri-reference" string
formats. Importing it builds a Lark grammar: about 2.5 s of the ~4 s altair import on an idle 2-core machine and
over 10 s on a busy one, paid by the first visitor after ``streamlit run`` (the server imports nothing before).
No chart the app draws carries an IRI, so jsonschema gets a stand-in module whose ``is_valid_syntax`` imports
the real one on its first call: jsonschema registers the same format checkers and checks exactly as before,
and the grammar is only built if an IRI is ever checked. Without the package installed this does nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

GRAMMAR_MODULE = "rfc3987_syntax"


def _is_valid_syntax(syntax: str, value: str) -> bool:
    """The real ``rfc3987_syntax.is_valid_syntax``, imported (and its grammar built) on the first IRI checked."""
    return importlib.import_module(GRAMMAR_MODULE).is_valid_syntax(syntax, value)


def defer_iri_grammar() -> None:
    """Import jsonschema with the IRI grammar deferred to its first use; a no-op once jsonschema is imported."""
    if "jsonschema" in sys.modules or GRAMMAR_MODULE in sys.modules:
        return
    if importlib.util.find_spec(GRAMMAR_MODULE) is None:
        return  # jsonschema will not look for it
    stand_in = types.ModuleType(GRAMMAR_MODULE, "Stand-in while jsonschema imports (moat.fast_start).")
    stand_in.is_valid_syntax = _is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[GRAMMAR_MODULE] = stand_in
    try:
        import jsonschema  # noqa: F401  # registers its format checkers against the stand-in
    finally:
        if sys.modules.get(GRAMMAR_MODULE) is stand_in:
            del sys.modules[GRAMMAR_MODULE]  # the next import of it is the real module
