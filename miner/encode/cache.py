"""Encoding cache keyed by (encoder name, SHA-1 of the text).

`CachedEncoder` wraps any encoder: it looks every text up first, encodes only the misses
(each distinct text once, even when a batch repeats it) and stores what it computed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from miner.encode.base import Encoder
from miner.store.schema import CachedEncoding

LOOKUP_CHUNK = 500


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EncodingCache(Protocol):
    def get_many(self, encoder: str, keys: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, encoder: str, items: Iterable[tuple[str, np.ndarray]]) -> None: ...


class MemoryEncodingCache:
    """In-process cache (tests, stateless API calls)."""

    def __init__(self) -> None:
        self._store: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, encoder: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {k: self._store[(encoder, k)] for k in keys if (encoder, k) in self._store}

    def put_many(self, encoder: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        for key, vector in items:
            self._store[(encoder, key)] = vector


class SqlEncodingCache:
    """Cache in the project database (`encoding_cache` table), shared by every run."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def get_many(self, encoder: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        with self.sessions() as session:
            for i in range(0, len(unique), LOOKUP_CHUNK):
                rows = session.execute(
                    select(CachedEncoding.text_sha1, CachedEncoding.vector).where(
                        CachedEncoding.encoder == encoder,
                        CachedEncoding.text_sha1.in_(unique[i : i + LOOKUP_CHUNK]),
                    )
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, encoder: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        rows = {
            key: np.asarray(vector, dtype=np.float32).tobytes() for key, vector in items
        }  # one row per key, whatever the caller repeats
        if not rows:
            return
        values = [{"encoder": encoder, "text_sha1": k, "vector": v} for k, v in rows.items()]
        with self.sessions.begin() as session:
            insert = _upsert(session)
            if insert is None:  # another database: one merge per row
                for row in values:
                    session.merge(CachedEncoding(**row))
                return
            # Multi-row INSERT ... ON CONFLICT DO UPDATE: one statement per chunk instead of a
            # SELECT + INSERT per row; an existing entry is overwritten, as merge did.
            for i in range(0, len(values), LOOKUP_CHUNK):
                session.execute(insert, values[i : i + LOOKUP_CHUNK])


def _upsert(session: Session):
    """An INSERT into `encoding_cache` that overwrites existing keys, or None where the
    database has no such statement in SQLAlchemy (then rows are merged one by one)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        return None
    statement = insert(CachedEncoding)
    return statement.on_conflict_do_update(
        index_elements=["encoder", "text_sha1"], set_={"vector": statement.excluded.vector}
    )


class CachedEncoder:
    """An encoder that never encodes the same (encoder, text) twice."""

    def __init__(self, encoder: Encoder, cache: EncodingCache) -> None:
        self.inner = encoder
        self.cache = cache
        self.name = encoder.name
        self.dim = encoder.dim
        self.encoded_texts = 0  # how many texts reached the inner encoder (for tests/benchmarks)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        found = self.cache.get_many(self.name, keys)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if missing:
            vectors = self.inner.encode(list(missing.values()))
            self.encoded_texts += len(missing)
            new = dict(zip(missing.keys(), vectors, strict=True))
            self.cache.put_many(self.name, new.items())
            found.update(new)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)
