"""The clusterers `bench_cluster` compares, each run on the same cleaned texts and vectors.

- ours: `miner.cluster.discover.PainPointClusterer` (or, only while that module does not
  exist yet, a clearly labelled sklearn MiniBatchKMeans stand-in so the harness still runs);
- BERTopic as users run it: defaults (UMAP + HDBSCAN, `min_topic_size=10`), the precomputed
  vectors passed as `embeddings` and no embedding model, so nothing is downloaded;
- BERTopic defaults followed by `reduce_outliers(strategy="embeddings")`, which puts every
  outlier into its nearest topic (what a user does who wants no unclustered units);
- BERTopic with `min_topic_size` tuned on the gold labels (an oracle: the value with the best
  V-measure from `TUNED_SIZES`, on one shared UMAP projection).

BERTopic is imported only here and only when asked for; it lives in `.venv-bench`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

OURS = "ours: PainPointClusterer"
STAND_IN = "STAND-IN KMeans (not ours)"
BERTOPIC_DEFAULT = "BERTopic defaults"
BERTOPIC_NO_OUTLIERS = "BERTopic + reduce_outliers"
BERTOPIC_TUNED = "BERTopic tuned (oracle)"
TUNED_SIZES = (5, 10, 15, 25, 40, 60, 100)

# No hub at run time: a library that tries to download a model must fail at once, not hang.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@dataclass
class SystemRun:
    """One clusterer's labels on one dataset (`labels` is None when it was skipped)."""

    system: str
    labels: np.ndarray | None
    seconds: float = 0.0
    note: str = ""
    skipped: str = ""
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- ours


class StandInClusterer:
    """sklearn MiniBatchKMeans with k = sqrt(n / 2): only a placeholder for the harness's own
    tests while `miner.cluster.discover` is missing. Never reported as our result."""

    def fit_predict(self, vectors: np.ndarray) -> np.ndarray:
        from sklearn.cluster import MiniBatchKMeans

        k = max(2, min(len(vectors), round((len(vectors) / 2) ** 0.5)))
        model = MiniBatchKMeans(n_clusters=k, n_init=3, random_state=0, batch_size=2048)
        return model.fit_predict(vectors)


def load_our_clusterer() -> tuple[Callable[[], object], str, str]:
    """(factory, system name, note): the real PainPointClusterer, else the stand-in."""
    try:
        from miner.cluster.discover import PainPointClusterer
    except ImportError as exc:
        return StandInClusterer, STAND_IN, f"miner.cluster.discover not importable: {exc}"
    return PainPointClusterer, OURS, ""


def predict_labels(clusterer, vectors: np.ndarray) -> np.ndarray:
    """Labels from `fit_predict`, or from `fit(...).labels` for a clusterer without it."""
    if hasattr(clusterer, "fit_predict"):
        labels = clusterer.fit_predict(vectors)
    else:
        labels = clusterer.fit(vectors).labels
    labels = np.asarray(labels)
    if labels.shape != (len(vectors),):
        raise ValueError(f"clusterer returned {labels.shape} labels for {len(vectors)} vectors")
    return labels.astype(int)


def run_ours(vectors: np.ndarray) -> SystemRun:
    factory, name, note = load_our_clusterer()
    started = time.perf_counter()
    labels = predict_labels(factory(), vectors)
    return SystemRun(name, labels, time.perf_counter() - started, note)


# --------------------------------------------------------------------------- BERTopic


def bertopic_missing() -> str:
    """Why BERTopic cannot run here ("" when it can)."""
    try:
        import bertopic  # noqa: F401
    except ImportError as exc:
        return (
            f"BERTopic is not importable ({exc}); it is installed only in .venv-bench: "
            "run `make bench-cluster`"
        )
    return ""


def bertopic_version() -> str:
    import bertopic

    return bertopic.__version__


def warm_up_bertopic(dim: int, sizes: Sequence[int] = (300, 4200)) -> float:
    """Fit on random vectors first so numba's JIT compilation is not counted in the first
    dataset's time: UMAP finds neighbours exactly below 4,096 points and with pynndescent
    from 4,096 on, and each path compiles on first use. Returns the seconds it took."""
    from bertopic import BERTopic

    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for n in sizes:
        vectors = rng.normal(size=(n, dim)).astype(np.float32)
        docs = [f"warm up document {i % 7} text {i % 11}" for i in range(n)]
        BERTopic(embedding_model=None, verbose=False).fit_transform(docs, embeddings=vectors)
    return time.perf_counter() - started


def run_bertopic_default(texts: Sequence[str], vectors: np.ndarray) -> tuple[SystemRun, object]:
    """BERTopic() with its defaults; the fitted model is returned for reduce_outliers."""
    from bertopic import BERTopic

    model = BERTopic(embedding_model=None, verbose=False)
    started = time.perf_counter()
    topics, _ = model.fit_transform(list(texts), embeddings=vectors)
    seconds = time.perf_counter() - started
    note = "UMAP(15 nbrs, 5 dims, cosine) + HDBSCAN(min 10); time includes c-TF-IDF words"
    return SystemRun(BERTOPIC_DEFAULT, np.asarray(topics), seconds, note), model


def run_bertopic_reduce_outliers(
    model, texts: Sequence[str], vectors: np.ndarray, default: SystemRun
) -> SystemRun:
    started = time.perf_counter()
    topics = model.reduce_outliers(
        list(texts), list(default.labels), strategy="embeddings", embeddings=vectors
    )
    seconds = default.seconds + time.perf_counter() - started
    return SystemRun(
        BERTOPIC_NO_OUTLIERS,
        np.asarray(topics),
        seconds,
        "outliers moved to the nearest topic by embedding similarity",
    )


def run_bertopic_tuned(
    texts: Sequence[str],
    vectors: np.ndarray,
    score: Callable[[np.ndarray], float],
    sizes: Sequence[int] = TUNED_SIZES,
) -> SystemRun:
    """BERTopic with the `min_topic_size` whose labels score best (`score`, e.g. V-measure
    against the gold labels). UMAP runs once with BERTopic's default settings and every size
    clusters that projection, exactly as `BERTopic(min_topic_size=m)` would; the time is the
    UMAP time plus the chosen size's BERTopic fit."""
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction
    from hdbscan import HDBSCAN
    from umap import UMAP

    started = time.perf_counter()
    reduced = UMAP(
        n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", low_memory=False
    ).fit_transform(vectors)
    umap_seconds = time.perf_counter() - started
    best: SystemRun | None = None
    tried = {}
    for size in sizes:
        if size >= len(vectors):
            continue
        hdbscan_model = HDBSCAN(
            min_cluster_size=size,
            metric="euclidean",
            cluster_selection_method="eom",
            prediction_data=True,
        )
        model = BERTopic(
            embedding_model=None,
            umap_model=BaseDimensionalityReduction(),
            hdbscan_model=hdbscan_model,
            min_topic_size=size,
            verbose=False,
        )
        started = time.perf_counter()
        topics, _ = model.fit_transform(list(texts), embeddings=reduced)
        seconds = umap_seconds + time.perf_counter() - started
        labels = np.asarray(topics)
        tried[size] = round(score(labels), 4)
        if best is None or tried[size] > tried[best.extra["min_topic_size"]]:
            best = SystemRun(BERTOPIC_TUNED, labels, seconds, extra={"min_topic_size": size})
    if best is None:
        return SystemRun(BERTOPIC_TUNED, None, skipped="too few units for any min_topic_size")
    best.extra["v_measure_by_size"] = tried
    best.note = (
        f"min_topic_size={best.extra['min_topic_size']}, best V-measure of "
        f"{'/'.join(map(str, tried))}"
    )
    return best


def run_bertopic_all(
    texts: Sequence[str],
    vectors: np.ndarray,
    score: Callable[[np.ndarray], float],
    *,
    tune: bool = True,
) -> list[SystemRun]:
    default, model = run_bertopic_default(texts, vectors)
    runs = [default, run_bertopic_reduce_outliers(model, texts, vectors, default)]
    if tune:
        runs.append(run_bertopic_tuned(texts, vectors, score))
    return runs


def skipped_bertopic_runs(reason: str, *, tune: bool = True) -> list[SystemRun]:
    names = [BERTOPIC_DEFAULT, BERTOPIC_NO_OUTLIERS] + ([BERTOPIC_TUNED] if tune else [])
    return [SystemRun(name, None, skipped=reason) for name in names]
