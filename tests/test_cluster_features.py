"""cluster_features: language-centred vectors joined by the journey heads' probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from miner.cluster.cleaning import remove_language_signal
from miner.cluster.features import JOURNEY_WEIGHTS, cluster_features, journey_probabilities


class FakeClassifier:
    """Touchpoint = which of the first two vector dimensions is larger; emotion is flat."""

    lexical = None

    def task_proba(self, task, encoded):
        vectors = encoded.vectors
        if task == "touchpoint":
            first = (vectors[:, 0] > vectors[:, 1]).astype(float)
            return ["delivery", "billing"], np.column_stack([first, 1 - first])
        return ["anger", "joy", "neutral"], np.full((len(vectors), 3), 1 / 3)


def unit(matrix):
    matrix = np.asarray(matrix, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_without_a_classifier_the_features_are_the_language_centred_vectors():
    rng = np.random.default_rng(0)
    vectors = unit(rng.normal(size=(12, 8)))
    languages = ["he"] * 6 + ["en"] * 6
    features = cluster_features(vectors, languages)
    assert np.allclose(features, remove_language_signal(vectors, languages))


def test_journey_blocks_are_weighted_and_rows_normalised():
    rng = np.random.default_rng(1)
    vectors = unit(rng.normal(size=(10, 8)))
    languages = ["he", "en"] * 5
    texts = ["המשלוח איחר", "late delivery"] * 5
    features = cluster_features(vectors, languages, FakeClassifier(), texts)
    assert features.shape == (10, 8 + 2 + 3) and features.dtype == np.float32
    assert np.allclose(np.linalg.norm(features, axis=1), 1.0, atol=1e-5)
    # before the final normalisation the blocks have norms 1, 0.5 and 0.3
    scale = np.sqrt(1 + sum(w * w for w in JOURNEY_WEIGHTS.values()))
    assert np.allclose(np.linalg.norm(features[:, 8:10], axis=1) * scale, 0.5, atol=1e-5)
    assert np.allclose(np.linalg.norm(features[:, 10:], axis=1) * scale, 0.3, atol=1e-5)
    vectors_only = cluster_features(vectors, languages, FakeClassifier(), texts, weights={})
    assert vectors_only.shape == (10, 8)


def test_units_with_the_same_touchpoint_move_closer():
    rng = np.random.default_rng(2)
    vectors = unit(rng.normal(size=(40, 16)))
    languages = ["he", "en"] * 20
    texts = ["x"] * 40
    plain = cluster_features(vectors, languages)
    joined = cluster_features(vectors, languages, FakeClassifier(), texts)
    same = (vectors[:, 0] > vectors[:, 1])[:, None] == (vectors[:, 0] > vectors[:, 1])[None, :]
    gain = joined @ joined.T - plain @ plain.T
    assert gain[same].mean() > gain[~same].mean()


def test_the_classifier_needs_the_texts_and_one_per_vector():
    vectors = unit(np.eye(4, dtype=np.float32))
    with pytest.raises(ValueError, match="needs the texts"):
        cluster_features(vectors, ["en"] * 4, FakeClassifier())
    with pytest.raises(ValueError, match="4 vectors but 3 texts"):
        journey_probabilities(FakeClassifier(), vectors, ["a", "b", "c"], ["touchpoint"])
    assert cluster_features(np.zeros((0, 4), np.float32), [], FakeClassifier(), []).shape == (0, 4)


def test_probabilities_in_batches_equal_one_pass():
    vectors = unit(np.random.default_rng(3).normal(size=(11, 6)))
    texts = [f"unit {i}" for i in range(11)]
    whole = journey_probabilities(FakeClassifier(), vectors, texts, ["touchpoint", "emotion"])
    batched = journey_probabilities(
        FakeClassifier(), vectors, texts, ["touchpoint", "emotion"], batch=4
    )
    assert whole["touchpoint"].shape == (11, 2) and whole["emotion"].shape == (11, 3)
    for task in whole:
        assert np.array_equal(whole[task], batched[task])
