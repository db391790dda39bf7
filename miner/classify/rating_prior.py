"""How a record's star rating or NPS score informs sentiment (the documented rule).

1. The score becomes a prior over (negative, neutral, positive):
   - stars on a 1-5 scale: 1-2 -> negative, 3 -> neutral, 4-5 -> positive
     (a 0-10 scale is read the same way after dividing by 2);
   - NPS 0-10: 0-6 detractor -> negative, 7-8 passive -> neutral, 9-10 promoter -> positive.
   The prior puts PRIOR_MASS on that class and splits the rest evenly.
2. Unit level: p(unit) is proportional to p_text(unit) * prior ** PRIOR_WEIGHT. A confident
   text reading survives ("the delivery was late" in a 4-star review stays negative); an
   uncertain one leans the way the customer scored.
3. Record level: the record's score is the mean of its units' scores, averaged with the
   score's own value ((stars-3)/2, or (nps-7.5)/2.5, clipped to [-1, 1], so the value agrees
   with the classes above) with weight RECORD_WEIGHT.
"""

from __future__ import annotations

import numpy as np

SENTIMENT_ORDER = ("negative", "neutral", "positive")
PRIOR_MASS = 0.6
PRIOR_WEIGHT = 1.0
RECORD_WEIGHT = 0.4


def score_class(rating: float | None, nps: int | None) -> int | None:
    """0/1/2 for negative/neutral/positive, or None when the record has no score."""
    if rating is not None and not np.isnan(rating):
        stars = rating / 2 if rating > 5 else rating
        return 0 if stars < 2.5 else 1 if stars < 3.5 else 2
    if nps is not None and not np.isnan(nps):
        return 0 if nps <= 6 else 1 if nps <= 8 else 2
    return None


def score_value(rating: float | None, nps: int | None) -> float | None:
    """The score itself on [-1, 1]."""
    if rating is not None and not np.isnan(rating):
        stars = rating / 2 if rating > 5 else rating
        return float(np.clip((stars - 3) / 2, -1, 1))
    if nps is not None and not np.isnan(nps):
        # centred between passives (7-8): 6 -> -0.6, 7 -> -0.2, 8 -> +0.2, 9 -> +0.6, 10 -> +1
        return float(np.clip((nps - 7.5) / 2.5, -1, 1))
    return None


def apply_prior(proba: np.ndarray, classes: list[int | None]) -> np.ndarray:
    """Re-weight (n, 3) sentiment probabilities (ordered as SENTIMENT_ORDER) by each row's prior."""
    out = proba.copy()
    for i, cls in enumerate(classes):
        if cls is None:
            continue
        prior = np.full(3, (1 - PRIOR_MASS) / 2)
        prior[cls] = PRIOR_MASS
        weighted = proba[i] * prior**PRIOR_WEIGHT
        out[i] = weighted / weighted.sum()
    return out


def record_score(unit_scores: list[float], rating: float | None, nps: int | None) -> float:
    text = float(np.mean(unit_scores)) if unit_scores else 0.0
    value = score_value(rating, nps)
    if value is None:
        return text
    return (1 - RECORD_WEIGHT) * text + RECORD_WEIGHT * value
