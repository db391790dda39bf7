"""A small in-process cache of built maps, keyed by the project's data version.

The data version is a fingerprint read in one cheap query (no join over units): the project's
record count and largest record id (units are written and deleted with their records), the
largest id of `unit_annotations` and the count and largest id of `label_corrections` (whole
tables: any annotation written anywhere changes it; annotations are only removed with their
units), and the project's pain points (count, active count,
latest `updated_at`) plus the size of `pain_point_units`. Whatever changes the units, their
annotations or the pain points behind a map changes the version, so a cached map is never
served stale -- provided a writer that edits rows in place also touches a counted column
(the pain-point steps update the pain point's `updated_at` whenever its units change).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from miner.store.schema import LabelCorrection, PainPointRow, PainPointUnit, Record, UnitAnnotation

T = TypeVar("T")
MAX_ENTRIES = 64


def data_version(session: Session, project_id: int) -> str:
    """The fingerprint of everything a map of `project_id` is computed from."""
    is_active = case((PainPointRow.status == "active", 1), else_=0)
    mine = PainPointRow.project_id == project_id
    parts = [
        select(func.count()).select_from(Record).where(Record.project_id == project_id),
        select(func.max(Record.id)).where(Record.project_id == project_id),
        select(func.max(UnitAnnotation.id)),
        select(func.count()).select_from(LabelCorrection),
        select(func.max(LabelCorrection.id)),
        select(func.count()).select_from(PainPointRow).where(mine),
        select(func.sum(is_active)).where(mine),
        select(func.max(PainPointRow.updated_at)).where(mine),
        select(func.count()).select_from(PainPointUnit),
    ]
    row = session.execute(select(*(part.scalar_subquery() for part in parts))).one()
    return "-".join("" if v is None else str(v) for v in row)


class MapCache:
    """Least-recently-used maps; thread-safe (the API serves from several threads)."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]  # type: ignore[return-value]
            self.misses += 1
        value = build()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


MAP_CACHE = MapCache()
