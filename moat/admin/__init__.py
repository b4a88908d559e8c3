"""Looking after an installation: backup and restore (``backup``), what this installation is and whether it is
healthy (``system``).
"""
