"""Any Hugging Face encoder by name or local path, with mean pooling (GPU when present).

Needs the `hf` extra (`torch`, `transformers`). With no hub reachable, pass a local folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from miner.encode.base import l2_normalize


class TransformersEncoder:
    """Mean-pooled token embeddings of a transformers model, with configurable prefixes.

    E5-family models want `passage: ` before documents; pass `prefix=""` for models that
    don't. `device` defaults to CUDA when available.
    """

    def __init__(
        self,
        model: str,
        *,
        prefix: str = "passage: ",
        device: str | None = None,
        batch_size: int = 32,
        max_length: int = 256,
    ) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        self._torch = torch
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.tokenizer = AutoTokenizer.from_pretrained(model)
        self.model = AutoModel.from_pretrained(model).to(self.device).eval()
        self.prefix = prefix
        self.batch_size = batch_size
        self.max_length = max_length
        self.dim = int(self.model.config.hidden_size)
        # The name keys the encoding cache: everything that changes the vectors is in it, and a
        # long local path is shortened by a hash to fit the cache's key column.
        name = f"hf:{model}/mean/prefix={prefix!r}/max{max_length}"
        if len(name) > 180:
            name = f"hf:...{model[-80:]}/{hashlib.sha1(name.encode()).hexdigest()[:16]}"
        self.name = name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        torch = self._torch
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        chunks = []
        for i in range(0, len(texts), self.batch_size):
            batch = [self.prefix + t for t in texts[i : i + self.batch_size]]
            tokens = self.tokenizer(
                batch,
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            ).to(self.device)
            with torch.inference_mode():
                hidden = self.model(**tokens).last_hidden_state
            mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            chunks.append(pooled.float().cpu().numpy())
        return l2_normalize(np.vstack(chunks))
