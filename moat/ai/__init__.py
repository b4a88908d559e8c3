"""Questions in plain English: catalogue, parser, safe SQL, local model, narrative, cache (see ``engine.ask``).

Nothing here imports torch or transformers at import time; the model is loaded lazily by ``model.ModelManager``.
"""
