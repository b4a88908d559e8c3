"""Chart builders, one module per thing charted: ``profitability`` (monthly trend, margin map), ``licenses``
(licence waste), ``utilization`` (utilisation against the target band), ``forecast`` (a series and its forecast),
``margin_gap`` (the Explain waterfall) and ``benchmarks`` (peers' DP intervals); ``style`` holds what they share.

Each returns an Altair chart and never imports Streamlit, so pages, notebooks and the report draw the same pictures.
"""
