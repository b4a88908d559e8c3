"""Numbered SQL migrations, applied in order by ``moat.db.upgrade``."""
