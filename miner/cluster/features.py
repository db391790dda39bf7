"""What pain points are clustered on: language-centred vectors plus the journey heads' view.

`cluster_features(vectors, languages, classifier=None, texts=None)` builds one L2-normalised
row per unit:

    [ language-centred encoder vector ; w_t * touchpoint probabilities ; w_e * emotion ... ]

each block L2-normalised before it is weighted. The encoder vector says what the text is
about but also carries style, addressee and language; the journey classifier's probability
vectors (`JourneyClassifier.task_proba`) say what a complaint is *about* in a space that is
the same for Hebrew and English (lost bag -> delivery, rude agent -> customer_service) and how
it is voiced (anger at a delay vs. confusion about a rule). Computing them costs one linear
head pass over vectors the pipeline already has (under a second for 3k units).

`vectors` are the encoder's raw (not centred) vectors of the cleaned `texts`, since the heads
were trained on raw vectors; without a classifier the result is the centred vectors alone, so
every caller works with or without trained heads. See `miner.cluster.discover` for the
measurements behind `JOURNEY_WEIGHTS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from miner.cluster.cleaning import remove_language_signal

# Measured on the airline negatives (miner.cluster.discover): touchpoint 0.5 + emotion 0.3
# beat touchpoint alone, stage (nearly always post_purchase there) and larger weights.
JOURNEY_WEIGHTS: dict[str, float] = {"touchpoint": 0.5, "emotion": 0.3}


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


def journey_probabilities(
    classifier,
    vectors: np.ndarray,
    texts: Sequence[str],
    tasks: Sequence[str],
    batch: int = 4096,
) -> dict[str, np.ndarray]:
    """Each task's (n, labels) probabilities from the classifier's heads, for raw `vectors`."""
    from miner.classify.classifier import Encoded

    if len(texts) != len(vectors):
        raise ValueError(f"{len(vectors)} vectors but {len(texts)} texts")
    lexical = getattr(classifier, "lexical", None)
    vectors = np.asarray(vectors, dtype=np.float32)
    parts: dict[str, list[np.ndarray]] = {task: [] for task in tasks}
    # in batches: the heads' sparse [vector | n-gram] rows of 100k units would take ~1 GB
    for start in range(0, len(vectors), batch):
        block, block_texts = vectors[start : start + batch], list(texts[start : start + batch])
        features = lexical.combine(block, block_texts) if lexical is not None else block
        encoded = Encoded(block, features)
        for task in tasks:
            parts[task].append(np.asarray(classifier.task_proba(task, encoded)[1]))
    return {task: np.vstack(chunks) for task, chunks in parts.items()}


def cluster_features(
    vectors: np.ndarray,
    languages: Sequence[str],
    classifier=None,
    texts: Sequence[str] | None = None,
    *,
    weights: Mapping[str, float] = JOURNEY_WEIGHTS,
) -> np.ndarray:
    """The rows `PainPointClusterer` clusters (see the module docstring)."""
    centred = remove_language_signal(np.asarray(vectors, dtype=np.float32), languages)
    tasks = [task for task, weight in weights.items() if weight > 0]
    if classifier is None or not tasks or len(centred) == 0:
        return centred
    if texts is None:
        raise ValueError("cluster_features needs the texts when a classifier is given")
    probabilities = journey_probabilities(classifier, vectors, texts, tasks)
    blocks = [centred] + [weights[task] * unit_rows(probabilities[task]) for task in tasks]
    return unit_rows(np.hstack(blocks))
