"""Mine a project's pain points: discover, keep ids stable, respect the analyst's edits.

`mine_pain_points(sessions, project_id, encoder, mode=..., classifier=...)`:

- `full` (the first run, or asked for): every negative unit not placed by an analyst is
  clustered afresh; each new cluster is matched to a stored pain point (centroid similarity +
  unit overlap, Hungarian; `miner.cluster.stability`) and keeps its id; the report maps each
  old id to its new cluster's id (None when nothing matched).
- `incremental` (the default once a project has pain points): units already in a pain point
  stay there; each new negative unit joins the pain point with the nearest centroid when its
  similarity reaches that pain point's floor (the 5% quantile of its members' similarities),
  else it is left unassigned; when enough units are unassigned, they alone are clustered and
  clusters of at least the minimum size become new pain points.

Analyst state always survives: units an analyst placed (`assigned_by="analyst"`) never move;
renamed (label-locked), dismissed and merged pain points keep their id and state; units that
land on a merged pain point go to the one it was merged into. A pain point without analyst
state that ends up with no unit is deleted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from miner.cluster.discover import PainPointClusterer, assign_to_centroids
from miner.cluster.model import PainPointDescription
from miner.cluster.refresh import Assignments, clustering_vectors, refresh_pain_points
from miner.cluster.stability import match_clusters, new_pain_point_id
from miner.store.pain_points import (
    audit,
    centroid_bytes,
    centroid_of,
    latest_model_version,
    memberships,
    negative_units,
    pain_points,
)
from miner.store.schema import PainPointRow

MODES = ("auto", "full", "incremental")
FLOOR_QUANTILE = 0.05


@dataclass
class MiningReport:
    mode: str
    negative_units: int = 0
    assigned: int = 0
    unassigned: int = 0
    new_ids: list[str] = field(default_factory=list)
    mapping: dict[str, str | None] = field(default_factory=dict)  # full: old id -> new id
    deleted: list[str] = field(default_factory=list)
    pain_points: list[PainPointDescription] = field(default_factory=list)


def resolve_merged(rows: dict[str, PainPointRow], pp: str) -> str:
    """The pain point `pp` was (transitively) merged into, or `pp` itself."""
    seen = set()
    while rows[pp].status == "merged" and rows[pp].merged_into in rows and pp not in seen:
        seen.add(pp)
        pp = rows[pp].merged_into
    return pp


def has_analyst_state(row: PainPointRow, analyst_rows: set[str]) -> bool:
    return row.label_locked or row.status != "active" or row.id in analyst_rows


def mine_pain_points(
    sessions: sessionmaker[Session],
    project_id: int,
    encoder,
    *,
    model_version: str | None = None,
    mode: str = "auto",
    clusterer: PainPointClusterer | None = None,
    brands: tuple[str, ...] = (),
    actor: str = "miner",
    classifier=None,
) -> MiningReport:
    """Cluster (or assign) the project's negative units and store the pain points.

    With the project's `classifier` (whose encoder is `encoder`), units are clustered on
    their vectors plus its touchpoint / emotion probabilities (`miner.cluster.features`).
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    clusterer = clusterer or PainPointClusterer()
    with sessions.begin() as session:
        version = model_version or latest_model_version(session, project_id)
        units = negative_units(session, project_id, version) if version else []
        vectors = clustering_vectors(units, encoder, brands, classifier)
        rows = {row.id: row for row in pain_points(session, project_id)}
        if mode == "auto":
            mode = "incremental" if rows else "full"
        report = MiningReport(mode=mode, negative_units=len(units))
        current = memberships(session, project_id)
        unit_ids = [u.unit_id for u in units]
        if mode == "full":
            assignments = _full(
                session, project_id, unit_ids, vectors, rows, current, clusterer, report
            )
        else:
            assignments = _incremental(
                session, project_id, unit_ids, vectors, rows, current, clusterer, report
            )
        report.assigned = len(assignments)
        report.unassigned = len(units) - len(assignments)
        analyst_rows = {pp for pp, by, _ in assignments.values() if by == "analyst"}
        used = {pp for pp, _, _ in assignments.values()}
        for pp, row in list(rows.items()):
            if pp not in used and not has_analyst_state(row, analyst_rows):
                session.delete(row)
                report.deleted.append(pp)
                del rows[pp]
        for row in rows.values():
            row.model_version = version or ""
        session.flush()
        report.pain_points = refresh_pain_points(session, project_id, units, vectors, assignments)
        if mode == "full" and report.mapping:
            audit(
                session,
                project_id,
                actor,
                "recluster",
                {"mapping": report.mapping, "new": report.new_ids, "deleted": report.deleted},
            )
    return report


def _pinned(current, unit_ids, rows) -> Assignments:
    """Units an analyst placed, where their pain point still exists (merges followed)."""
    wanted = set(unit_ids)
    return {
        uid: (resolve_merged(rows, m.pain_point_id), "analyst", m.similarity)
        for uid, m in current.items()
        if m.assigned_by == "analyst" and uid in wanted and m.pain_point_id in rows
    }


def _add_rows(session, project_id, members_by_cluster, centroids, rows, report) -> list[str]:
    ids = []
    for members, centroid in zip(members_by_cluster, centroids, strict=True):
        pp = new_pain_point_id(project_id, members, set(rows))
        row = PainPointRow(
            id=pp,
            project_id=project_id,
            model_version="",
            centroid=centroid_bytes(centroid),
            details={},
        )
        session.add(row)
        rows[pp] = row
        report.new_ids.append(pp)
        ids.append(pp)
    session.flush()
    return ids


def _clusters(clusterer, vectors, pool):
    result = clusterer.fit(vectors[pool]) if len(pool) else None
    if result is None or not len(result.centroids):
        return [], np.zeros((0, vectors.shape[1]), np.float32), None
    members = [pool[result.labels == c] for c in range(len(result.centroids))]
    return members, result.centroids, result


def _full(session, project_id, unit_ids, vectors, rows, current, clusterer, report) -> Assignments:
    assignments = _pinned(current, unit_ids, rows)
    pool = np.array([i for i, uid in enumerate(unit_ids) if uid not in assignments], dtype=int)
    members, centroids, result = _clusters(clusterer, vectors, pool)
    member_ids = [{unit_ids[i] for i in m} for m in members]
    old_ids = list(rows)
    previous = defaultdict(set)
    for uid, m in current.items():
        if m.assigned_by == "model":
            previous[m.pain_point_id].add(uid)
    matches = match_clusters(
        centroids,
        member_ids,
        [centroid_of(rows[pp]) for pp in old_ids],
        [previous[pp] for pp in old_ids],
    )
    target = {c: resolve_merged(rows, old_ids[j]) for c, j in matches.items()}
    unmatched = [c for c in range(len(members)) if c not in target]
    fresh = _add_rows(
        session, project_id, [member_ids[c] for c in unmatched], centroids[unmatched], rows, report
    )
    target.update(zip(unmatched, fresh, strict=True))
    report.mapping = {pp: None for pp in old_ids}
    for c, j in matches.items():
        report.mapping[old_ids[j]] = target[c]
    for c, m in enumerate(members):
        for i, sim in zip(m, result.similarities[result.labels == c], strict=True):
            assignments[unit_ids[i]] = (target[c], "model", float(sim))
    return assignments


def _incremental(
    session, project_id, unit_ids, vectors, rows, current, clusterer, report
) -> Assignments:
    position = {uid: i for i, uid in enumerate(unit_ids)}
    assignments: Assignments = {
        uid: (resolve_merged(rows, m.pain_point_id), m.assigned_by, m.similarity)
        for uid, m in current.items()
        if uid in position and m.pain_point_id in rows
    }
    targets = [pp for pp, row in rows.items() if row.status != "merged"]
    groups = defaultdict(list)
    for uid, (pp, _, _) in assignments.items():
        groups[pp].append(position[uid])
    centroids, floors, usable = [], [], []
    for pp in targets:
        idx = groups.get(pp)
        if idx:
            centroid = vectors[idx].mean(axis=0)
            centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
            floor = float(np.quantile(vectors[idx] @ centroid, FLOOR_QUANTILE))
        else:
            centroid = centroid_of(rows[pp])
            if centroid is None or centroid.shape[0] != vectors.shape[1]:
                continue
            floor = 0.5
        centroids.append(centroid.astype(np.float32))
        floors.append(floor)
        usable.append(pp)
    todo = np.array([i for i, uid in enumerate(unit_ids) if uid not in assignments], dtype=int)
    if len(todo) and usable:
        labels, sims = assign_to_centroids(vectors[todo], np.vstack(centroids), np.array(floors))
        for i, label, sim in zip(todo, labels, sims, strict=True):
            if label >= 0:
                assignments[unit_ids[i]] = (usable[label], "model", float(sim))
    pool = np.array([i for i in todo if unit_ids[i] not in assignments], dtype=int)
    min_size = clusterer.min_cluster_size or 5
    if len(pool) >= 2 * min_size:
        members, new_centroids, result = _clusters(clusterer, vectors, pool)
        keep = [c for c, m in enumerate(members) if len(m) >= min_size]
        fresh = _add_rows(
            session,
            project_id,
            [{unit_ids[i] for i in members[c]} for c in keep],
            new_centroids[keep],
            rows,
            report,
        )
        for c, pp in zip(keep, fresh, strict=True):
            for i, sim in zip(members[c], result.similarities[result.labels == c], strict=True):
                assignments[unit_ids[i]] = (pp, "model", float(sim))
    return assignments
