"""The only package in ``moat`` that imports Streamlit: shared widgets, caching and the page registry."""
