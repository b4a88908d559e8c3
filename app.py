"""MoatMetrics: page config, login, and the role-based router. Nothing else lives here."""

import streamlit as st

from moat import fast_start

fast_start.defer_iri_grammar()  # before moat.ui imports altair -> jsonschema: ~2.5-10 s off the first page load

from moat.ui import auth, failures, nav, state  # noqa: E402  # after the deferral above, on purpose

st.set_page_config(page_title="MoatMetrics", page_icon="static/icon.png", layout="wide")  # local file: no font CDN

# The run's database cursors (and their read snapshots) end with it; a busy or failing database shows one
# sentence and what to do (moat.ui.failures), never a traceback or a server path.
with state.page_run(), failures.shown_as_messages():
    user = auth.login()
    if user is None:
        st.stop()
    sections = {heading: [st.Page(s.path, title=s.title, icon=s.icon) for s in specs]
                for heading, specs in nav.sections_for(user).items()}
    st.navigation(sections, expanded=True).run()  # every page in sight, no "View N more"
