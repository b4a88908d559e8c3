"""``moat.fast_start`` defers jsonschema's IRI grammar (built by ``rfc3987_syntax`` at import) off the app's first
page load, without changing what jsonschema checks. Each check runs in a fresh interpreter: the test process may
have imported jsonschema already. No timings here (those are in the report, measured on an idle machine)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def probe(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_app_imports_altair_without_building_the_iri_grammar_and_still_checks_iris() -> None:
    found = probe(
        "import json, sys\n"
        "from moat import fast_start\n"
        "fast_start.defer_iri_grammar()\n"
        "import altair\n"
        "grammar_at_start = 'rfc3987_syntax.syntax_helpers' in sys.modules\n"
        "from jsonschema import Draft202012Validator\n"
        "checker = Draft202012Validator.FORMAT_CHECKER\n"
        "result = {'grammar_at_start': grammar_at_start, 'iri_checked': 'iri' in checker.checkers,\n"
        "          'good': checker.conforms('https://example.org/caf\\u00e9', 'iri'),\n"
        "          'bad': checker.conforms('not an iri with spaces', 'iri'),\n"
        "          'grammar_after_check': 'rfc3987_syntax.syntax_helpers' in sys.modules}\n"
        "print(json.dumps(result))\n")
    assert found == {"grammar_at_start": False, "iri_checked": True, "good": True, "bad": False,
                     "grammar_after_check": True}


def test_without_the_deferral_the_same_checks_give_the_same_answers() -> None:
    found = probe(
        "import json, sys\n"
        "import altair\n"
        "grammar_at_start = 'rfc3987_syntax.syntax_helpers' in sys.modules\n"
        "from jsonschema import Draft202012Validator\n"
        "checker = Draft202012Validator.FORMAT_CHECKER\n"
        "print(json.dumps({'grammar_at_start': grammar_at_start,\n"
        "                  'good': checker.conforms('https://example.org/caf\\u00e9', 'iri'),\n"
        "                  'bad': checker.conforms('not an iri with spaces', 'iri')}))\n")
    assert found == {"grammar_at_start": True, "good": True, "bad": False}  # what the deferral saves, and keeps


def test_app_py_defers_before_it_imports_moat_ui() -> None:
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert source.index("fast_start.defer_iri_grammar()") < source.index("from moat.ui import")
