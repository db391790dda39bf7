"""Zero-/few-shot label scoring from the taxonomy itself: a label's prototype is the mean
vector of its descriptions, hints and examples; more examples make it sharper.

Used for any task whose labels the trained heads do not know (a project's own taxonomy).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from miner.classify.heads import softmax
from miner.encode.base import Encoder, l2_normalize
from miner.taxonomy import Label

EXAMPLE_WEIGHT = 2.0  # examples are written like feedback, so they count more than descriptions


@dataclass
class PrototypeHead:
    labels: list[str]
    prototypes: np.ndarray  # (n_labels, dim), L2-normalized
    temperature: float = 0.02

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        return softmax((vectors @ self.prototypes.T) / self.temperature)

    @classmethod
    def from_labels(cls, labels: tuple[Label, ...], encoder: Encoder) -> PrototypeHead:
        rows = []
        for label in labels:
            described = [t for t in (label.description_en, label.description_he, *label.hints) if t]
            described = described or [label.name_en or label.key]
            centre = encoder.encode(described).mean(axis=0)
            if label.examples:
                centre = centre + EXAMPLE_WEIGHT * encoder.encode(list(label.examples)).mean(axis=0)
            rows.append(centre)
        return cls([lab.key for lab in labels], l2_normalize(np.vstack(rows)))
