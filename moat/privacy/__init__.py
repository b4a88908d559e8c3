"""Differential privacy: OpenDP releases (``releases``, ``mechanism``), the persistent budget (``ledger``),
declared bounds and public keys (``bounds``), and peer benchmark packs (``packs``). Only this package imports
``opendp``, and only ``mechanism`` does, lazily from the functions that release."""
