"""moat.ui.flash: an action's outcome kept for the next run of its page, shown there once, per page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def page(name: str = "demo") -> None:
    """A page with a button whose callback succeeds or is refused, drawing what flash kept for it."""
    import streamlit as st

    from moat.errors import MoatError
    from moat.ui import flash

    def act(ok: bool) -> None:
        def change() -> str:
            if not ok:
                raise MoatError("refused", "do this instead")
            st.session_state["done"] = st.session_state.get("done", 0) + 1
            return "Saved."

        st.session_state["result"] = flash.attempt(name, change)

    flash.show(name)
    st.button("Good", key="good", on_click=act, args=(True,))
    st.button("Bad", key="bad", on_click=act, args=(False,))


def test_success_shows_once_on_the_next_run() -> None:
    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.success and not at.error
    at.button(key="good").click().run()
    assert [s.value for s in at.success] == ["Saved."] and at.session_state["result"] is True
    at.run()
    assert not at.success and at.session_state["done"] == 1


def test_a_refusal_shows_its_message_and_what_to_do() -> None:
    at = AppTest.from_function(page, default_timeout=60).run()
    at.button(key="bad").click().run()
    assert [e.value for e in at.error] == ["refused  \nHint: do this instead"] and not at.success
    assert at.session_state["result"] is False and "done" not in at.session_state
    at.run()
    assert not at.error


def test_messages_are_kept_per_page() -> None:
    other = AppTest.from_function(page, args=("other",), default_timeout=60)
    other.session_state["demo_flash"] = ("success", "not mine")
    other.run()
    assert not other.success and other.session_state["demo_flash"] == ("success", "not mine")


def test_later_keeps_any_kind() -> None:
    def script() -> None:
        import streamlit as st

        from moat.ui import flash

        if st.session_state.get("first", True):
            st.session_state["first"] = False
            flash.later("x", "Careful.", "warning")
        else:
            flash.show("x")

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.warning
    at.run()
    assert [w.value for w in at.warning] == ["Careful."]
