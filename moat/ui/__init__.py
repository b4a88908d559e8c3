"""The only package in ``moat`` that imports Streamlit: shared widgets, caching and the page registry.

Importing it also imports the heavy libraries pages use (pandas, pyarrow, altair) once, up front. Every
Streamlit session runs in its own thread; left lazy, the first sessions import pandas at the same moment, and
altair, which looks pandas up in ``sys.modules``, then meets a half-initialised module ("partially initialized
module 'pandas' has no attribute 'Timestamp'") and the page fails.
"""

import altair  # noqa: F401
import pandas  # noqa: F401
import pyarrow  # noqa: F401
