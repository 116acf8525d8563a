"""A typed number outside its range is answered with a message naming the range, and the
caller gets None (runs nothing); the last accepted value is kept."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from ui import inputs
    v = inputs.number("Budget", key="_w_b", state_key="b", default=1000, lo=0, hi=10_000,
                      lang=st.session_state.get("lang", "en"))
    st.write(f"value={v} kept={st.session_state['b']}")


def test_out_of_range_value_gets_a_message_and_is_not_taken():
    at = AppTest.from_function(_app).run()
    assert "value=1000" in at.markdown[0].value
    at.number_input[0].set_value(99_999_999_999).run()
    assert not at.exception
    assert "must be from 0 to 10,000" in at.error[0].value
    assert "value=None kept=1000" in at.markdown[0].value
    at.number_input[0].set_value(500).run()
    assert "value=500 kept=500" in at.markdown[0].value and not at.error


def test_the_message_is_in_chinese():
    at = AppTest.from_function(_app)
    at.session_state["lang"] = "zh"
    at.run()
    at.number_input[0].set_value(-5).run()
    assert "须在 0 至 10,000 之间" in at.error[0].value
