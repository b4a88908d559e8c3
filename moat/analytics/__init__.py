"""Analytics that explain themselves: how sure (confidence), why (explain), what to do (insights), where it goes
(trends, anomalies, risk), what if (whatif), and which rows (drilldown). ``run`` stores it all in ``results``.

Every module here reads the same metric functions as the pages (``moat.metrics``) plus a few aggregate queries
gathered once per period by ``moat.analytics.evidence``, so a full run over 1M time entries is a handful of
scans, not one query per client.
"""
