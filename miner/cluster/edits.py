"""An analyst's edits of pain points: rename, merge, split, dismiss, move a unit.

The one place these rules live (the CLI and the HTTP API both call these functions). Each edit
runs in one transaction, writes an `AuditEntry` (actor, action, payload, time), and leaves
state that re-mining keeps (see `miner.cluster.mine`): a renamed pain point's label is locked;
a dismissed or merged one keeps its status; units an analyst split off or moved are
`assigned_by="analyst"` and never moved by the model again.

Bad ids raise `PainPointNotFound` (a LookupError) or `ValueError`, naming the id.
When `encoder` is given, centroids and quotes are recomputed from the vectors (the encoding
cache makes that cheap); without it the description is recomputed from the stored units and
similarities. Splitting needs vectors, so it needs the encoder.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from miner.cluster.discover import PainPointClusterer
from miner.cluster.refresh import Assignments, clustering_vectors, refresh_pain_points
from miner.cluster.stability import new_pain_point_id
from miner.store.pain_points import (
    PainPointNotFound,
    audit,
    centroid_bytes,
    get_pain_point,
    latest_model_version,
    memberships,
    negative_units,
    pain_points,
)
from miner.store.schema import PainPointRow

__all__ = [
    "PainPointNotFound",
    "dismiss_pain_point",
    "merge_pain_points",
    "move_unit",
    "rename_pain_point",
    "split_pain_point",
]


def _current(session: Session, project_id: int) -> Assignments:
    return {
        uid: (m.pain_point_id, m.assigned_by, m.similarity)
        for uid, m in memberships(session, project_id).items()
    }


def _refresh(session: Session, project_id: int, assignments: Assignments, encoder) -> None:
    version = latest_model_version(session, project_id)
    units = negative_units(session, project_id, version) if version else []
    vectors = clustering_vectors(units, encoder) if encoder is not None else None
    refresh_pain_points(session, project_id, units, vectors, assignments)


def rename_pain_point(
    sessions: sessionmaker[Session],
    project_id: int,
    pain_point_id: str,
    *,
    label_en: str | None = None,
    label_he: str | None = None,
    actor: str,
) -> PainPointRow:
    """Set the English and/or Hebrew label; the labels are locked against re-labelling."""
    if label_en is None and label_he is None:
        raise ValueError("rename needs a new English or Hebrew label")
    with sessions.begin() as session:
        row = get_pain_point(session, project_id, pain_point_id)
        before = {"label_en": row.label_en, "label_he": row.label_he}
        if label_en is not None:
            row.label_en = label_en.strip()
        if label_he is not None:
            row.label_he = label_he.strip()
        row.label_locked = True
        audit(
            session,
            project_id,
            actor,
            "rename",
            {
                "pain_point": pain_point_id,
                "before": before,
                "after": {"label_en": row.label_en, "label_he": row.label_he},
            },
        )
    return row


def merge_pain_points(
    sessions: sessionmaker[Session],
    project_id: int,
    source_ids: list[str],
    target_id: str,
    *,
    actor: str,
    encoder=None,
) -> None:
    """Merge `source_ids` into `target_id`: their units move to the target and future units
    that resemble them go to the target too."""
    sources = list(dict.fromkeys(source_ids))
    if not sources:
        raise ValueError("merge needs at least one pain point to merge")
    if target_id in sources:
        raise ValueError(f"cannot merge pain point {target_id!r} into itself")
    with sessions.begin() as session:
        target = get_pain_point(session, project_id, target_id)
        if target.status == "merged":
            raise ValueError(f"pain point {target_id!r} was merged into {target.merged_into!r}")
        rows = [get_pain_point(session, project_id, pp) for pp in sources]
        assignments = _current(session, project_id)
        moved = 0
        for uid, (pp, by, sim) in list(assignments.items()):
            if pp in sources:
                assignments[uid] = (target_id, by, sim)
                moved += 1
        for row in rows:
            row.status, row.merged_into = "merged", target_id
        for row in pain_points(session, project_id):  # earlier merges into a source follow it
            if row.merged_into in sources:
                row.merged_into = target_id
        _refresh(session, project_id, assignments, encoder)
        audit(
            session,
            project_id,
            actor,
            "merge",
            {"sources": sources, "target": target_id, "units_moved": moved},
        )


def dismiss_pain_point(
    sessions: sessionmaker[Session],
    project_id: int,
    pain_point_id: str,
    *,
    actor: str,
    restore: bool = False,
) -> PainPointRow:
    """Mark a pain point "not a pain point" (or, with `restore`, active again). Its units stay
    with it, so re-mining does not hand them to another pain point."""
    with sessions.begin() as session:
        row = get_pain_point(session, project_id, pain_point_id)
        if row.status == "merged":
            raise ValueError(f"pain point {pain_point_id!r} was merged into {row.merged_into!r}")
        row.status = "active" if restore else "dismissed"
        audit(
            session,
            project_id,
            actor,
            "restore" if restore else "dismiss",
            {"pain_point": pain_point_id},
        )
    return row


def move_unit(
    sessions: sessionmaker[Session],
    project_id: int,
    unit_id: int,
    target_id: str,
    *,
    actor: str,
    encoder=None,
) -> None:
    """Put a negative unit in `target_id`; it stays there through re-mining."""
    with sessions.begin() as session:
        target = get_pain_point(session, project_id, target_id)
        if target.status == "merged":
            raise ValueError(f"pain point {target_id!r} was merged into {target.merged_into!r}")
        version = latest_model_version(session, project_id)
        units = (
            {u.unit_id for u in negative_units(session, project_id, version)} if version else set()
        )
        if unit_id not in units:
            raise ValueError(f"unit {unit_id} is not a negative unit of project {project_id}")
        assignments = _current(session, project_id)
        before = assignments.get(unit_id, (None, None, None))[0]
        assignments[unit_id] = (target_id, "analyst", None)
        _refresh(session, project_id, assignments, encoder)
        audit(
            session, project_id, actor, "move", {"unit": unit_id, "from": before, "to": target_id}
        )


def split_pain_point(
    sessions: sessionmaker[Session],
    project_id: int,
    pain_point_id: str,
    *,
    actor: str,
    encoder,
    unit_ids: list[int] | None = None,
    clusterer: PainPointClusterer | None = None,
) -> list[str]:
    """Split a pain point: `unit_ids` become a new pain point, or, without them, its units are
    clustered again and every cluster after the largest becomes a new pain point. The units
    of the new pain points are analyst-placed. Returns the new ids."""
    if encoder is None:
        raise ValueError("split needs the encoder (to compute the new pain points' centres)")
    with sessions.begin() as session:
        row = get_pain_point(session, project_id, pain_point_id)
        if row.status == "merged":
            raise ValueError(f"pain point {pain_point_id!r} was merged into {row.merged_into!r}")
        assignments = _current(session, project_id)
        members = sorted(uid for uid, (pp, _, _) in assignments.items() if pp == pain_point_id)
        if unit_ids is not None:
            chosen = list(dict.fromkeys(unit_ids))
            missing = [u for u in chosen if u not in members]
            if missing:
                raise ValueError(f"units {missing} are not in pain point {pain_point_id!r}")
            if not chosen or len(chosen) == len(members):
                raise ValueError("a split must leave units on both sides")
            groups = [chosen]
        else:
            groups = _subclusters(session, project_id, members, encoder, clusterer)
            if not groups:
                raise ValueError(f"pain point {pain_point_id!r} does not split into clusters")
        taken = {r.id for r in pain_points(session, project_id)}
        new_ids = []
        for group in groups:
            pp = new_pain_point_id(project_id, group, taken)
            taken.add(pp)
            session.add(
                PainPointRow(
                    id=pp,
                    project_id=project_id,
                    model_version=row.model_version,
                    centroid=centroid_bytes(None),
                    details={},
                )
            )
            for uid in group:
                assignments[uid] = (pp, "analyst", None)
            new_ids.append(pp)
        session.flush()
        _refresh(session, project_id, assignments, encoder)
        audit(
            session,
            project_id,
            actor,
            "split",
            {
                "pain_point": pain_point_id,
                "new": new_ids,
                "units": {pp: sorted(g) for pp, g in zip(new_ids, groups, strict=True)},
                "by": "units" if unit_ids is not None else "reclustering",
            },
        )
    return new_ids


def _subclusters(session, project_id, members, encoder, clusterer) -> list[list[int]]:
    version = latest_model_version(session, project_id)
    units = [u for u in negative_units(session, project_id, version) if u.unit_id in set(members)]
    if len(units) < 4:
        return []
    vectors = clustering_vectors(units, encoder)
    labels = (clusterer or PainPointClusterer(min_cluster_size=2)).fit_predict(vectors)
    found = [c for c in sorted(set(labels.tolist()) - {-1})]
    found.sort(key=lambda c: -int((labels == c).sum()))
    return [[units[i].unit_id for i in range(len(units)) if labels[i] == c] for c in found[1:]]
