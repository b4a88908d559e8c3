"""MoatMetrics: page config, login, and the role-based router. Nothing else lives here."""

import streamlit as st

from moat.ui import auth, nav, state

st.set_page_config(page_title="MoatMetrics", page_icon="static/icon.png", layout="wide")  # local file: no font CDN

with state.page_run():  # the run's database cursors (and their read snapshots) end with it
    user = auth.login()
    if user is None:
        st.stop()
    sections: dict[str, list] = {}
    for spec in nav.pages_for(user):
        sections.setdefault(spec.section, []).append(st.Page(spec.path, title=spec.title, icon=spec.icon))
    st.navigation(sections).run()
