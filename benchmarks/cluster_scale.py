"""Time and peak memory of our clusterer on a large synthetic set of realistic vectors.

100k real texts cannot be encoded in reasonable time on 2 CPU cores, so the set is grown
from real encoder vectors (`build_scale_vectors`): each of the N vectors is a real encoded
unit plus Gaussian noise, re-normalized, so the data keeps the shape of the encoder's space
(its clumps, its anisotropy, near-duplicates) rather than being uniform noise.

The measurement runs in a fresh interpreter (`python -m benchmarks.cluster_scale VECTORS
LANGUAGES`) so that its memory peak is its own: `VmHWM` of /proc/self/status is the peak RSS
of that process's own address space (a new one at exec, unlike `ru_maxrss`, which Linux
carries over from the parent's RSS at fork time); `ru_maxrss` is reported as a cross-check.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NOISE_OF_NN_DISTANCE = 0.5  # a copy lies about half the median nearest-neighbour distance away
NN_SAMPLE = 2000


def median_nn_distance(pool: np.ndarray, sample: int = NN_SAMPLE, seed: int = 0) -> float:
    """Median Euclidean distance from a unit vector of `pool` to its nearest other one
    (over a sample of at most `sample` vectors, against the whole pool)."""
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(pool), size=min(sample, len(pool)), replace=False)
    sims = pool[rows] @ pool.T
    sims[np.arange(len(rows)), rows] = -np.inf  # not itself
    best = np.clip(sims.max(axis=1), -1.0, 1.0)
    return float(np.median(np.sqrt(np.maximum(2.0 - 2.0 * best, 0.0))))


def build_scale_vectors(
    pool: np.ndarray, languages: list[str], n: int, *, seed: int = 0
) -> tuple[np.ndarray, list[str], dict]:
    """`n` vectors grown from the real encoded vectors in `pool` (L2-normalized rows).

    Row i is pool[j] for j = a seeded permutation of (0, 1, ..., n-1) mod len(pool), so every
    real vector is used about n / len(pool) times, plus noise N(0, sigma^2) in every dimension,
    then L2-normalized. sigma = NOISE_OF_NN_DISTANCE * median_nn_distance(pool) / sqrt(dim):
    the noise vector's expected length is half the median distance between a real unit and
    its nearest real neighbour, so copies are paraphrase-like neighbours of their source and
    of each other, not duplicates, and clusters keep their real relative sizes.
    """
    if len(pool) == 0:
        raise ValueError("no real vectors to grow the scale set from")
    rng = np.random.default_rng(seed)
    dim = pool.shape[1]
    nn = median_nn_distance(pool, seed=seed)
    sigma = NOISE_OF_NN_DISTANCE * nn / np.sqrt(dim)
    source = rng.permutation(np.arange(n) % len(pool))
    vectors = pool[source].astype(np.float32)
    vectors += rng.normal(0.0, sigma, size=vectors.shape).astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    info = {
        "n": n,
        "pool": len(pool),
        "copies_per_real_vector": round(n / len(pool), 2),
        "median_nn_distance": round(nn, 4),
        "sigma": round(float(sigma), 5),
        "mean_cosine_to_source": round(float(np.mean(np.sum(vectors * pool[source], axis=1))), 4),
        "seed": seed,
    }
    return vectors, [languages[j] for j in source], info


# --------------------------------------------------------------------------- measurement


def _vmhwm_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def _vmrss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure(vectors_path: Path, languages_path: Path) -> dict:
    """In this (fresh) process: remove the language signal and cluster, timed; memory peaks."""
    from threadpoolctl import threadpool_info

    from benchmarks.cluster_systems import load_our_clusterer, predict_labels
    from miner.cluster.cleaning import remove_language_signal

    factory, system, note = load_our_clusterer()
    vectors = np.load(vectors_path)
    languages = json.loads(languages_path.read_text(encoding="utf-8"))
    baseline = _vmrss_mb()
    started = time.perf_counter()
    cleaned = remove_language_signal(vectors, languages)
    language_seconds = time.perf_counter() - started
    del vectors
    labels = predict_labels(factory(), cleaned)
    seconds = time.perf_counter() - started
    clustered = labels[labels >= 0]
    return {
        "system": system,
        "note": note,
        "n": int(len(labels)),
        "seconds": round(seconds, 2),
        "seconds_language_signal": round(language_seconds, 2),
        "peak_rss_mb": round(_vmhwm_mb() or 0.0, 1),
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_after_load_mb": round(baseline or 0.0, 1),
        "n_clusters": int(len(np.unique(clustered))),
        "unclustered_share": round(float(np.mean(labels < 0)), 4),
        "blas_threads": sorted({i.get("num_threads", 0) for i in threadpool_info()}),
    }


def run_scale(
    pool: np.ndarray, languages: list[str], n: int, *, seed: int = 0, timeout: float = 1800
) -> dict:
    """Build the n-vector set, then measure our clusterer on it in a fresh interpreter."""
    vectors, scale_languages, info = build_scale_vectors(pool, languages, n, seed=seed)
    with tempfile.TemporaryDirectory(prefix="bench-cluster-scale-") as tmp:
        vectors_path, languages_path = Path(tmp) / "vectors.npy", Path(tmp) / "languages.json"
        np.save(vectors_path, vectors)
        languages_path.write_text(json.dumps(scale_languages), encoding="utf-8")
        del vectors
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.cluster_scale",
                str(vectors_path),
                str(languages_path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    if done.returncode != 0:
        raise RuntimeError(f"scale run failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["built"] = info
    return result


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2]))))
