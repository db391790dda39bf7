"""JourneyClassifier: stage, touchpoint, sentiment and emotion for opinion units.

Trained linear heads answer for tasks whose labels they know; a project's own labels are
scored by prototypes built from the taxonomy (descriptions, hints, examples). A label whose
confidence is below the task's threshold gives way to the task's fallback (`unknown` stage,
`other` touchpoint).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from miner.classify.heads import LinearHead
from miner.classify.labels import UnitLabels
from miner.classify.lexical import LexicalFeatures
from miner.classify.prototypes import PrototypeHead
from miner.classify.rating_prior import SENTIMENT_ORDER, apply_prior, score_class
from miner.encode.base import Encoder
from miner.taxonomy import TASKS, Taxonomy, load_taxonomy

HEADS_FILE = "heads.npz"
META_FILE = "heads.json"
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_SPACES = re.compile(r"\s+")


def text_for_encoding(text: str) -> str:
    """The unit text as the encoder should see it: no URLs, @handles as a neutral '@user'."""
    cleaned = _HANDLE.sub("@user", _URL.sub(" ", text))
    return _SPACES.sub(" ", cleaned).strip() or text


@dataclass(frozen=True)
class Encoded:
    vectors: np.ndarray  # (n, dim) encoder vectors
    features: object  # what linear heads score: vectors, or [vectors | lexical] sparse matrix

    def take(self, rows: Sequence[int]) -> Encoded:
        rows = list(rows)
        return Encoded(self.vectors[rows], self.features[rows])


class JourneyClassifier:
    def __init__(
        self,
        encoder: Encoder,
        taxonomy: Taxonomy,
        heads: dict[str, LinearHead | PrototypeHead],
        *,
        lexical: LexicalFeatures | None = None,
        thresholds: dict[str, float] | None = None,
        version: str = "untrained",
    ) -> None:
        self.encoder = encoder
        self.lexical = lexical
        self.taxonomy = taxonomy
        self.heads = heads
        self.thresholds = thresholds or {}
        self.version = version

    @classmethod
    def load(
        cls, models_dir: Path, encoder: Encoder, taxonomy: Taxonomy | None = None
    ) -> JourneyClassifier:
        """Trained heads from `models_dir`; tasks whose labels differ use prototypes."""
        taxonomy = taxonomy or load_taxonomy()
        meta = json.loads((models_dir / META_FILE).read_text(encoding="utf-8"))
        if meta["encoder"] != encoder.name:
            raise ValueError(
                f"heads in {models_dir} were trained on encoder {meta['encoder']!r}, "
                f"not {encoder.name!r}: run `miner train` with this encoder"
            )
        arrays = np.load(models_dir / HEADS_FILE)
        heads: dict[str, LinearHead | PrototypeHead] = {}
        prototype_tasks = []
        for task in TASKS:
            trained = LinearHead(
                list(meta["labels"][task]), arrays[f"{task}_coef"], arrays[f"{task}_intercept"]
            )
            if set(trained.labels) == set(taxonomy.keys(task)):
                heads[task] = trained
            else:
                heads[task] = PrototypeHead.from_labels(taxonomy.labels[task], encoder)
                prototype_tasks.append(task)
        version = meta["version"]
        if prototype_tasks:
            version += f"+prototypes({','.join(prototype_tasks)}:{taxonomy.version})"
        lexical = LexicalFeatures.from_arrays(arrays) if meta.get("lexical") else None
        return cls(
            encoder,
            taxonomy,
            heads,
            lexical=lexical,
            thresholds=meta.get("thresholds"),
            version=version,
        )

    def encode(self, texts: Sequence[str]) -> Encoded:
        """Vectors (and lexical features) of unit texts, for `task_proba` / `predict_encoded`."""
        cleaned = [text_for_encoding(t) for t in texts]
        vectors = self.encoder.encode(cleaned)
        lexical = self.lexical.combine(vectors, cleaned) if self.lexical is not None else vectors
        return Encoded(vectors, lexical)

    def task_proba(self, task: str, encoded: Encoded) -> tuple[list[str], np.ndarray]:
        head = self.heads[task]
        features = encoded.vectors if isinstance(head, PrototypeHead) else encoded.features
        return head.labels, np.asarray(head.predict_proba(features))

    def predict_encoded(
        self,
        encoded: Encoded,
        *,
        ratings: Sequence[float | None] | None = None,
        nps: Sequence[int | None] | None = None,
    ) -> list[UnitLabels]:
        """Labels for encoded units; ratings/NPS (per unit, from its record) inform sentiment."""
        n = len(encoded.vectors)
        picked: dict[str, tuple[list[str], np.ndarray]] = {}
        for task in ("stage", "touchpoint", "emotion"):
            picked[task] = self.task_proba(task, encoded)
        sentiment_labels, sentiment_proba = self.task_proba("sentiment", encoded)
        has_three = set(SENTIMENT_ORDER) == set(sentiment_labels)
        if has_three:
            order = [sentiment_labels.index(k) for k in SENTIMENT_ORDER]
            sentiment_proba = sentiment_proba[:, order]
            sentiment_labels = list(SENTIMENT_ORDER)
            classes = [
                score_class(r, s)
                for r, s in zip(ratings or [None] * n, nps or [None] * n, strict=True)
            ]
            sentiment_proba = apply_prior(sentiment_proba, classes)

        out = []
        for i in range(n):
            chosen = {task: self._choose(task, *picked[task], i) for task in picked}
            s_idx = int(np.argmax(sentiment_proba[i]))
            if has_three:
                s_score = float(sentiment_proba[i, 2] - sentiment_proba[i, 0])
            else:
                s_score = float(sentiment_proba[i, s_idx])
            out.append(
                UnitLabels(
                    stage=chosen["stage"][0],
                    stage_score=chosen["stage"][1],
                    touchpoint=chosen["touchpoint"][0],
                    touchpoint_score=chosen["touchpoint"][1],
                    sentiment=sentiment_labels[s_idx],
                    sentiment_score=round(s_score, 4),
                    emotion=chosen["emotion"][0],
                    emotion_score=chosen["emotion"][1],
                )
            )
        return out

    def predict(
        self,
        texts: Sequence[str],
        *,
        ratings: Sequence[float | None] | None = None,
        nps: Sequence[int | None] | None = None,
    ) -> list[UnitLabels]:
        """Encode and label unit texts."""
        if not texts:
            return []
        return self.predict_encoded(self.encode(texts), ratings=ratings, nps=nps)

    def _choose(self, task: str, labels: list[str], proba: np.ndarray, i: int) -> tuple[str, float]:
        j = int(np.argmax(proba[i]))
        score = float(proba[i, j])
        fallback = self.taxonomy.fallback(task)
        if fallback and score < self.thresholds.get(task, 0.0):
            return fallback, round(score, 4)
        return labels[j], round(score, 4)
