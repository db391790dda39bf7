"""How well pain-point clusters agree with a human issue label.

`score_clustering(gold, predicted)` gives V-measure, ARI and NMI (scikit-learn) plus the share
of units left unclustered and the number of clusters. Unclustered units (label -1) are kept
in the metrics as one group of their own, "-1", the way BERTopic's outlier topic is usually
scored: leaving a unit out is not free, since that group mixes every issue and so lowers
homogeneity, and dropping the units instead would reward a clusterer for leaving hard cases
out. `n_clusters` does not count the -1 group.

`evaluate_clusters_file(path, text_column, label_column, ...)` reads a CSV/TSV/JSONL/XLSX,
cleans and encodes the texts, builds the same features as mining (`cluster_features`),
clusters them with `PainPointClusterer` and scores the result;
`miner eval-clusters` (see `miner.cluster.cli_commands`) is a thin wrapper around it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from sklearn import metrics

from miner.cluster.cleaning import text_for_clustering
from miner.cluster.discover import PainPointClusterer
from miner.cluster.features import cluster_features

UNCLUSTERED = -1


@dataclass(frozen=True)
class ClusterScores:
    v_measure: float
    ari: float
    nmi: float
    unclustered_share: float
    n_clusters: int
    n_units: int = 0
    n_gold_labels: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def score_clustering(gold_labels: Sequence, predicted_labels: Sequence[int]) -> ClusterScores:
    """Scores of `predicted_labels` (ints, -1 = unclustered) against `gold_labels`."""
    gold = np.asarray([str(g) for g in gold_labels], dtype=object)
    predicted = np.asarray(predicted_labels)
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predicted labels")
    if len(gold) == 0:
        return ClusterScores(0.0, 0.0, 0.0, 0.0, 0)
    return ClusterScores(
        v_measure=float(metrics.v_measure_score(gold, predicted)),
        ari=float(metrics.adjusted_rand_score(gold, predicted)),
        nmi=float(metrics.normalized_mutual_info_score(gold, predicted)),
        unclustered_share=float(np.mean(predicted == UNCLUSTERED)),
        n_clusters=len(set(predicted.tolist()) - {UNCLUSTERED}),
        n_units=len(gold),
        n_gold_labels=len(set(gold.tolist())),
    )


@dataclass
class ClusterEvaluation:
    """What `evaluate_clusters_file` measured, and on what."""

    path: str
    text_column: str
    label_column: str
    scores: ClusterScores
    rows_read: int
    rows_used: int
    seconds_encode: float
    seconds_cluster: float
    label_counts: dict[str, int] = field(default_factory=dict)
    cluster_sizes: list[int] = field(default_factory=list)
    features: str = "vectors"  # or "vectors+journey" (the classifier's probabilities joined)

    def to_dict(self) -> dict:
        return asdict(self)


def _read_table(path: Path):
    import pandas as pd

    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return pd.read_csv(
            path, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False
        )
    if suffix in (".jsonl", ".ndjson"):
        return pd.read_json(path, lines=True, dtype=False)
    if suffix == ".json":
        return pd.read_json(path, dtype=False)
    if suffix in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    raise ValueError(f"{path}: unknown table format {suffix!r} (csv, tsv, jsonl, json, xlsx)")


def evaluate_clusters_file(
    path: str | Path,
    text_column: str,
    label_column: str,
    *,
    encoder,
    where: dict[str, str] | None = None,
    exclude_labels: Sequence[str] = (),
    brands: Sequence[str] = (),
    language_column: str | None = None,
    clusterer: PainPointClusterer | None = None,
    detect_language: Callable[[str], str] | None = None,
    classifier=None,
) -> ClusterEvaluation:
    """Cluster the texts of a labelled file and score the clusters against its label column.

    `where` keeps rows whose column equals the value (e.g. {"airline_sentiment": "negative"});
    rows whose label is empty or in `exclude_labels` are dropped ("Can't Tell"). Texts are
    cleaned with `text_for_clustering(brands=...)`; the language signal is removed using
    `language_column`, or `detect_language` (default `miner.text.detect_language`). With a
    `classifier` (whose encoder is `encoder`), its journey probabilities join the vectors,
    exactly as when mining (`miner.cluster.features.cluster_features`).
    """
    path = Path(path)
    table = _read_table(path)
    rows_read = len(table)
    wanted = [text_column, label_column, *(where or {})] + (
        [language_column] if language_column else []
    )
    for column in wanted:
        if column not in table.columns:
            raise ValueError(f"{path}: no column {column!r} (columns: {', '.join(table.columns)})")
    for column, value in (where or {}).items():
        table = table[table[column].astype(str) == str(value)]
    labels = table[label_column].astype(str).str.strip()
    table = table[(labels != "") & (labels != "nan") & ~labels.isin(list(exclude_labels))]
    texts = [text_for_clustering(str(t), brands) or str(t) for t in table[text_column]]
    gold = table[label_column].astype(str).str.strip().tolist()
    if not texts:
        raise ValueError(f"{path}: no rows left to cluster after the filters")
    if language_column:
        languages = table[language_column].astype(str).tolist()
    else:
        if detect_language is None:
            from miner.text import detect_language
        languages = [detect_language(t) for t in texts]

    started = time.perf_counter()
    vectors = encoder.encode(texts)
    seconds_encode = time.perf_counter() - started
    started = time.perf_counter()
    vectors = cluster_features(vectors, languages, classifier, texts)
    labels = (clusterer or PainPointClusterer()).fit_predict(vectors)
    seconds_cluster = time.perf_counter() - started

    scores = score_clustering(gold, labels)
    sizes = np.bincount(labels[labels >= 0]) if scores.n_clusters else []
    counts: dict[str, int] = {}
    for label in gold:
        counts[label] = counts.get(label, 0) + 1
    return ClusterEvaluation(
        path=str(path),
        text_column=text_column,
        label_column=label_column,
        scores=scores,
        rows_read=rows_read,
        rows_used=len(texts),
        seconds_encode=round(seconds_encode, 2),
        seconds_cluster=round(seconds_cluster, 2),
        label_counts=dict(sorted(counts.items(), key=lambda kv: -kv[1])),
        cluster_sizes=sorted((int(s) for s in sizes), reverse=True),
        features="vectors+journey" if classifier is not None else "vectors",
    )
