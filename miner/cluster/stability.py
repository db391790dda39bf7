"""Keep pain-point ids stable: match new clusters to stored pain points, name new ones.

A full re-cluster finds clusters afresh; each is matched one-to-one to a stored pain point by
the Hungarian method (scipy `linear_sum_assignment`) on score = (cosine of centroids +
Jaccard overlap of their units) / 2. A pair counts as "the same pain point" when the centroids'
cosine is at least `MIN_CENTROID_SIMILARITY` or the units overlap (Jaccard) at least
`MIN_OVERLAP`; the cluster then takes the stored id. Clusters left over get new ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

MIN_CENTROID_SIMILARITY = 0.85
MIN_OVERLAP = 0.3


def jaccard(a: Collection[int], b: Collection[int]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a or b else 0.0


def match_clusters(
    new_centroids: np.ndarray,
    new_members: Sequence[Collection[int]],
    old_centroids: Sequence[np.ndarray | None],
    old_members: Sequence[Collection[int]],
    *,
    min_similarity: float = MIN_CENTROID_SIMILARITY,
    min_overlap: float = MIN_OVERLAP,
) -> dict[int, int]:
    """{new cluster index: old pain point index} for the pairs judged the same."""
    n_new, n_old = len(new_members), len(old_members)
    if n_new == 0 or n_old == 0:
        return {}
    cosine = np.zeros((n_new, n_old), dtype=np.float64)
    for j, centroid in enumerate(old_centroids):
        if (
            centroid is not None
            and len(new_centroids)
            and centroid.shape[0] == new_centroids.shape[1]
        ):
            cosine[:, j] = new_centroids @ centroid
    overlap = np.array(
        [[jaccard(new, old) for old in old_members] for new in new_members], dtype=np.float64
    )
    score = (cosine + overlap) / 2
    rows, cols = linear_sum_assignment(-score)
    return {
        int(i): int(j)
        for i, j in zip(rows, cols, strict=True)
        if cosine[i, j] >= min_similarity or overlap[i, j] >= min_overlap
    }


def new_pain_point_id(project_id: int, unit_ids: Iterable[int], taken: Collection[str]) -> str:
    """ "pp-" + 10 hex digits of a hash of the project and the cluster's units; deterministic,
    and never one of `taken`."""
    digest = hashlib.sha1(f"{project_id}:".encode())
    for unit_id in sorted(unit_ids):
        digest.update(f"{unit_id},".encode())
    base = f"pp-{digest.hexdigest()[:10]}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
