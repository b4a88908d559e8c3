"""Compilation of catalogue intents into calls of the reviewed metric SQL (``compile.sql``)."""
