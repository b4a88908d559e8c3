"""What each page shows, computed without Streamlit: one module per page (``pages/<name>.py`` -> ``moat.views.<name>``).

A page reads its widgets, makes one call here and draws what comes back; the figures, the shaping of tables, the
sentences of outcomes and the choices offered live here, where a unit test reaches them without a browser. The
layer sits just below the entry points (``moat.ui``, ``moat.cli``, ``moat.api``) and may use every feature below it;
it never imports Streamlit (an import-linter contract in ``pyproject.toml``).
"""
