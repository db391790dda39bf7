"""Read views of a project's pain points for the API: a filtered list, most severe first, and
one pain point with its quotes, trend and units. The rules for edits live in
`miner.cluster.edits`; what is stored, in `miner.cluster.output` / `miner.store.pain_points`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from miner.cluster.output import pain_point_objects
from miner.store.pain_points import PainPointNotFound, memberships

STATUSES = ("active", "dismissed", "merged", "all")


@dataclass(frozen=True)
class PainPointFilters:
    status: str = "active"
    stage: str | None = None  # pain points with units at this stage
    touchpoint: str | None = None  # ... at this touchpoint
    growing: bool | None = None
    min_size: int = 0
    q: str | None = None  # in the English or Hebrew label


def _labels(mix: list[dict] | None) -> set[str]:
    return {m.get("label") for m in mix or []}


def list_pain_points(
    session: Session,
    project_id: int,
    filters: PainPointFilters = PainPointFilters(),  # noqa: B008
) -> list[dict[str, Any]]:
    """The project's pain points matching `filters`, most severe first."""
    if filters.status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    items = pain_point_objects(session, project_id, status=None)
    q = (filters.q or "").casefold()
    return [
        item
        for item in items
        if (filters.status == "all" or item["status"] == filters.status)
        and (filters.stage is None or filters.stage in _labels(item["stages"]))
        and (filters.touchpoint is None or filters.touchpoint in _labels(item["touchpoints"]))
        and (filters.growing is None or bool(item["growing"]) == filters.growing)
        and (item["size"] or 0) >= filters.min_size
        and (not q or q in item["label_en"].casefold() or q in item["label_he"].casefold())
    ]


def pain_point_detail(session: Session, project_id: int, pain_point_id: str) -> dict[str, Any]:
    """One pain point: labels, numbers, stage/touchpoint mix, quotes, trend, and its units
    (who placed each: the model or an analyst). Raises PainPointNotFound."""
    found = [i for i in pain_point_objects(session, project_id, status=None)]
    item = next((i for i in found if i["id"] == pain_point_id), None)
    if item is None:
        raise PainPointNotFound(f"pain point {pain_point_id!r} not found in project {project_id}")
    units = sorted(
        (uid, m.assigned_by, m.similarity)
        for uid, m in memberships(session, project_id).items()
        if m.pain_point_id == pain_point_id
    )
    item["units"] = [
        {"unit_id": uid, "assigned_by": by, "similarity": sim} for uid, by, sim in units
    ]
    return item
