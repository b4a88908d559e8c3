"""Tests of moat.ui: the Streamlit helpers shared by the pages."""
