"""The clusterer picks its Leiden resolution per data set (silhouette over a grid)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from miner.cluster.discover import RESOLUTION_GRID, PainPointClusterer


def noisy_groups(n_groups: int, n: int = 1600, dim: int = 32, seed: int = 0):
    """(unit vectors, group of each): `n_groups` random directions, each blurred enough that
    the kNN graph links neighbouring groups."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_groups, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    truth = rng.integers(0, n_groups, n)
    points = centres[truth] + rng.normal(size=(n, dim)) / np.sqrt(dim)
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32), truth


@pytest.mark.parametrize("seed", [0, 1])
def test_few_broad_groups_keep_the_coarsest_resolution(seed):
    vectors, truth = noisy_groups(5, seed=seed)
    result = PainPointClusterer(random_state=seed).fit(vectors)
    assert result.resolution == RESOLUTION_GRID[0]
    assert result.labels.max() + 1 == 5
    assert adjusted_rand_score(truth, result.labels) > 0.95


@pytest.mark.parametrize("seed", [0, 1])
def test_many_groups_get_a_finer_resolution_than_the_fixed_one(seed):
    vectors, truth = noisy_groups(40, seed=seed)
    result = PainPointClusterer(random_state=seed).fit(vectors)
    fixed = PainPointClusterer(resolution=0.9, random_state=seed).fit(vectors)
    assert result.resolution >= 2.5
    assert 35 <= result.labels.max() + 1 <= 45
    assert adjusted_rand_score(truth, result.labels) > 0.95
    # the coarse default merges groups that the chosen resolution keeps apart
    assert fixed.labels.max() + 1 < result.labels.max() + 1
    assert adjusted_rand_score(truth, fixed.labels) < adjusted_rand_score(truth, result.labels)


def test_an_explicit_resolution_is_used_as_given():
    vectors, _ = noisy_groups(40)
    result = PainPointClusterer(resolution=0.9).fit(vectors)
    assert result.resolution == 0.9
    assert np.array_equal(result.labels, PainPointClusterer(resolution=0.9).fit_predict(vectors))


def test_choice_is_reproducible():
    vectors, _ = noisy_groups(40, seed=2)
    first = PainPointClusterer(random_state=3).fit(vectors)
    second = PainPointClusterer(random_state=3).fit(vectors)
    assert first.resolution == second.resolution
    assert np.array_equal(first.labels, second.labels)
