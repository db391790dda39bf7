"""`OUTDIR/pain_points.json`: the project's active pain points, most severe first."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from miner.cluster.model import DETAIL_KEYS
from miner.store.pain_points import pain_points


def pain_point_objects(session: Session, project_id: int, *, status: str | None = "active"):
    """One dict per pain point (`id`, `label_en`, `label_he`, then the stored details), most
    severe first; `status=None` lists every status, with `status` and `merged_into` added."""
    objects = []
    for row in pain_points(session, project_id):
        if status is not None and row.status != status:
            continue
        details = row.details or {}
        item = {"id": row.id, "label_en": row.label_en or "", "label_he": row.label_he or ""}
        item.update({key: details.get(key) for key in DETAIL_KEYS})
        if status is None:
            item.update(
                status=row.status, merged_into=row.merged_into, label_locked=row.label_locked
            )
        objects.append(item)
    objects.sort(key=lambda o: (-(o["severity"] or 0), -(o["size"] or 0), o["id"]))
    return objects


def write_pain_points_json(session: Session, project_id: int, outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / "pain_points.json"
    path.write_text(
        json.dumps(pain_point_objects(session, project_id), ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    return path
