"""Ask: questions in plain English, answered from the current data with the reading, table, chart and narrative."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from moat import clock
from moat.ai import engine
from moat.errors import MoatError
from moat.formatting import escape_markdown
from moat.ui import auth, downloads, flash, state, widgets
from moat.ui.answer_view import answer_view, ask_label
from moat.views import ask_approval, route_links

user = auth.require_page("ask")
con = state.connection()
cfg = state.settings()

st.title("Ask")
flash.show("ask")
st.caption("Numbers come only from reviewed queries over your data; nothing leaves this machine. "
           "Check the line \"I read this as\" and rephrase when it is not what you meant.")
with st.expander("Options"):
    as_of = st.date_input("Questions refer to dates as of", value=clock.today(), key="ask_as_of")
    fresh = st.checkbox("Recompute (ignore cached answers)", value=False, key="ask_no_cache")

history: list[dict] = st.session_state.setdefault("ask_history", [])


def ask_instead(reading: str) -> None:
    """h134: an alternative's button asks its words (they read back to that reading: ``Answer.alternatives_verified``)."""
    st.session_state["ask_pending"] = reading


question = st.chat_input("e.g. Which 5 clients had the lowest margin last quarter?", key="ask_input") \
    or st.session_state.pop("ask_pending", None)
if question:
    try:
        history.append(engine.ask(con, user, question, as_of, not fresh, config=cfg).to_dict())
    except MoatError as err:
        flash.say("error", err)

if not history:
    st.info("Try: " + " · ".join(engine.narrative_suggestions()))


def route_button(index: int, answer: engine.Answer) -> None:
    """A button opening the page that holds the whole answer on the answer's period and client / technician
    (``route_links``); a plain hint where the page is not in this navigation (a single page run)."""
    link = route_links.route_link(con, answer.route or "", answer.route_scope)
    if st.button(escape_markdown(link.label), key=f"ask_route_{index}"):  # names a client: never Markdown
        st.session_state.update(link.state)
        try:
            st.switch_page(link.path)
        except StreamlitAPIException:  # outside the app's navigation there is no page to switch to
            st.caption(link.label.split(",")[0] + " from the menu.")


for index, item in enumerate(history):
    view = answer_view(item, widgets.currency())
    answer = view.answer
    with st.chat_message("user"):
        st.text(answer.question)  # the user's words, never rendered as Markdown
    with st.chat_message("assistant"):
        if answer.refused:
            st.text(answer.narrative)
            if view.suggestions:
                st.text(view.suggestions)
            continue
        st.markdown("**I read this as:**")
        st.text(answer.interpretation or "")
        if answer.provisional:  # flagged before its numbers, not under them, with its reasons (h125)
            st.warning(ask_approval.provisional_text(user.can("request_approval")), icon=":material/flag:")
            if view.why_flagged:
                st.text(view.why_flagged)  # names clients: plain text
        if answer.ignored:
            st.warning("Partly understood: some words of the question were not used (provisional answer).")
            st.text("Not used: " + ", ".join(answer.ignored))
        for line in view.assumed + view.alternatives:  # the reading's own words: plain text, never Markdown
            st.text(line)
        for n, reading in enumerate(view.asks):  # h134: asks the reading its words name (label escaped: names are data)
            st.button(ask_label(reading), key=f"ask_alt_{index}_{n}", on_click=ask_instead, args=(reading,))
        if answer.route:
            route_button(index, answer)
        if view.table is not None:
            widgets.table(view.table, key=f"ask_table_{index}", kinds=view.kinds)  # human labels, the one formatter
            downloads.download_buttons(view.table, "answer", user, view.names_people, key=f"ask_dl_{index}")
            if view.figure is not None:
                st.altair_chart(view.figure, key=f"ask_chart_{index}")
        st.text(answer.narrative)
        st.caption(view.confidence)
        sent = ask_approval.pending(con, answer)
        if sent is not None:
            st.info(ask_approval.sent_text(sent))
        elif user.can("request_approval") and st.button("Send for approval", key=f"ask_send_{index}"):
            flash.attempt("ask", lambda answer=answer: ask_approval.send(con, user, answer))
            st.rerun()
        with st.expander("How this was computed"):
            st.code(answer.sql or "", language="sql")
            st.text(f"Model: {answer.model}")  # a folder or a setting name: plain text, never Markdown
