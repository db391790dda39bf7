"""Recompute what a pain point says about itself from its current units, and store it.

Run after mining and after every analyst edit: centroids and unit similarities (when vectors
are given), labels (unless an analyst renamed the pain point), and the description in
`PainPointRow.details` (see `miner.cluster.model.PainPointDescription`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from miner.cluster.cleaning import text_for_clustering
from miner.cluster.describe import (
    is_growing,
    mix,
    quotes_by_similarity,
    representative_quotes,
    severity,
    trend,
)
from miner.cluster.features import cluster_features
from miner.cluster.labels import cluster_labels, fallback_labels
from miner.cluster.model import NegativeUnit, PainPointDescription
from miner.store.pain_points import centroid_bytes, centroid_of, pain_points, replace_memberships

# unit id -> (pain point id, assigned_by, similarity)
Assignments = dict[int, tuple[str, str, float | None]]


def clustering_vectors(
    units: Sequence[NegativeUnit], encoder, brands: Sequence[str] = (), classifier=None
) -> np.ndarray:
    """Vectors of what the units are about: cleaned texts, encoded, centred per language, and
    with a `classifier` its journey probabilities appended (`miner.cluster.features`)."""
    if not units:
        return np.zeros((0, getattr(encoder, "dim", 0)), dtype=np.float32)
    texts = [text_for_clustering(u.text, brands) or u.text for u in units]
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    return cluster_features(vectors, [u.language for u in units], classifier, texts)


def normalised_mean(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)


def refresh_pain_points(
    session: Session,
    project_id: int,
    units: Sequence[NegativeUnit],
    vectors: np.ndarray | None,
    assignments: Assignments,
) -> list[PainPointDescription]:
    """Store `assignments` and recompute every pain point of the project from its units.

    Returns the descriptions of all the project's pain points, most severe first.
    """
    position = {u.unit_id: i for i, u in enumerate(units)}
    assignments = {uid: a for uid, a in assignments.items() if uid in position}
    groups: dict[str, list[int]] = defaultdict(list)
    for unit_id, (pp, _, _) in sorted(assignments.items()):
        groups[pp].append(position[unit_id])
    rows = {row.id: row for row in pain_points(session, project_id)}
    for pp, idx in groups.items():
        if vectors is None or pp not in rows:
            continue
        centroid = normalised_mean(vectors[idx])
        rows[pp].centroid = centroid_bytes(centroid)
        for i, sim in zip(idx, vectors[idx] @ centroid, strict=True):
            uid = units[i].unit_id
            assignments[uid] = (pp, assignments[uid][1], round(float(sim), 4))

    # Weighting each unit by its similarity to the centroid makes both languages' labels
    # speak of the cluster's core, not of a side topic one language happens to dwell on.
    labels = cluster_labels(
        {pp: [(units[i].text, units[i].language) for i in idx] for pp, idx in groups.items()},
        [u.text for u in units],
        weights={pp: [assignments[units[i].unit_id][2] for i in idx] for pp, idx in groups.items()},
    )
    total = len(units)
    all_dates = [u.date for u in units]
    newest = max((d for d in all_dates if d is not None), default=None)
    descriptions = []
    for pp, row in rows.items():
        idx = groups.get(pp, [])
        members = [units[i] for i in idx]
        if not row.label_locked and pp in labels:
            named = labels[pp]
            if not (named["en"] or named["he"]):
                named = fallback_labels([u.touchpoint for u in members])
            row.label_en, row.label_he = named["en"], named["he"]
        centroid = centroid_of(row)
        if vectors is not None and centroid is not None and members:
            quotes = representative_quotes(members, vectors[idx], centroid)
        else:
            quotes = quotes_by_similarity(members, [assignments[u.unit_id][2] for u in members])
        dates = [u.date for u in members]
        scores = [u.sentiment_score for u in members]
        description = PainPointDescription(
            id=pp,
            label_en=row.label_en or "",
            label_he=row.label_he or "",
            size=len(members),
            share=round(len(members) / total, 4) if total else 0.0,
            severity=severity(len(members), total, scores, dates, newest),
            stages=mix([u.stage for u in members]),
            touchpoints=mix([u.touchpoint for u in members]),
            sentiment_mean=round(float(np.mean(scores)), 4) if scores else 0.0,
            quotes=quotes,
            trend=trend(dates),
            growing=is_growing(dates, all_dates),
        )
        row.details = description.details()
        if row.status == "active":
            descriptions.append(description)
    replace_memberships(session, project_id, assignments)
    session.flush()
    descriptions.sort(key=lambda d: (-d.severity, -d.size, d.id))
    return descriptions
