"""Chart builders: one module per thing charted, each returning Altair charts and never importing Streamlit,
so pages, notebooks and the report draw the same pictures.
"""
