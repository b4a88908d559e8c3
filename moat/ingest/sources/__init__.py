"""Declared sources: one small declaration per vendor export, read by ``moat.ingest.recognise`` and ``shaping``.

Add a source by adding a ``Source(...)`` to one of the modules below (and its fixture under
``tests/fixtures/sources/<id>/``); the pipeline is not touched.
"""

from __future__ import annotations

from moat.ingest.sources import accounting, generic, licences, psa, time_trackers
from moat.ingest.sources.model import Billable, Documents, Lookup, PerUserSeats, Source, States

SOURCES: list[Source] = [*psa.SOURCES, *time_trackers.SOURCES, *accounting.SOURCES, *licences.SOURCES, *generic.SOURCES]
BY_ID: dict[str, Source] = {s.id: s for s in SOURCES}
assert len(BY_ID) == len(SOURCES), "source ids must be unique"


def get(source_id: str) -> Source:
    return BY_ID[source_id]


__all__ = ["BY_ID", "SOURCES", "Billable", "Documents", "Lookup", "PerUserSeats", "Source", "States", "get"]
