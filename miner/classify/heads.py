"""Linear classifier heads over encoder vectors (multinomial logistic regression).

Trained with scikit-learn; saved as plain arrays (`.npz`) plus JSON metadata, so loading a
model never unpickles code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class LinearHead:
    """Scores labels for vectors: softmax(X @ coef.T + intercept)."""

    labels: list[str]
    coef: np.ndarray  # (n_labels, dim)
    intercept: np.ndarray  # (n_labels,)

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        return softmax(vectors @ self.coef.T + self.intercept)

    @classmethod
    def fit(
        cls,
        vectors: np.ndarray,
        labels: list[str],
        *,
        c: float = 4.0,
        class_weight: str | None = "balanced",
        sample_weight: np.ndarray | None = None,
    ) -> LinearHead:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
        model.fit(vectors, labels, sample_weight=sample_weight)
        classes = [str(c) for c in model.classes_]
        coef, intercept = model.coef_, model.intercept_
        if len(classes) == 2:  # sklearn stores one row for binary problems
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        return cls(classes, coef.astype(np.float32), intercept.astype(np.float32))
