"""How important a touchpoint is at a stage: critical, complementary or redundant.

Two measures per (stage, touchpoint):

- `share`: the touchpoint's units / the stage's units (how often customers meet it there);
- `impact`: how much it moves the customer's own score: the mean customer score (see
  `scores.py`, in [-1, 1]) of records whose units at this stage and touchpoint are all
  non-negative, minus that of records with a negative unit there. Known only when both sides
  have at least `MIN_SCORED_RECORDS` records with a rating or NPS.

The rule (`importance_basis` says which branch decided):

| basis | critical | redundant | complementary |
|---|---|---|---|
| `score_impact` | share >= 10 % and impact >= 0.30 | share < 5 % and impact < 0.10 | otherwise |
| `volume_only` (impact unknown) | share >= 30 % | share < 5 % | otherwise |

The touchpoint `other` ("no channel named") gets no importance (`not_a_touchpoint`).
An impact of 0.30 is 0.6 stars on a 5-point scale, or 0.75 NPS points.
"""

from __future__ import annotations

MIN_SCORED_RECORDS = 5
CRITICAL_SHARE = 0.10
CRITICAL_IMPACT = 0.30
REDUNDANT_SHARE = 0.05
REDUNDANT_IMPACT = 0.10
CRITICAL_SHARE_VOLUME_ONLY = 0.30
NOT_A_TOUCHPOINT = frozenset({"other"})


def impact(
    negative: tuple[int, float], other: tuple[int, float], min_scored: int = MIN_SCORED_RECORDS
) -> float | None:
    """Mean score without a negative unit minus mean score with one; `(n, score_sum)` each."""
    (n_neg, sum_neg), (n_other, sum_other) = negative, other
    if n_neg < min_scored or n_other < min_scored:
        return None
    return round(sum_other / n_other - sum_neg / n_neg, 4)


def classify_importance(
    key: str, share: float, impact_value: float | None
) -> tuple[str | None, str]:
    """(importance, basis) for a touchpoint at a stage, by the rule in this module's docstring."""
    if key in NOT_A_TOUCHPOINT:
        return None, "not_a_touchpoint"
    if impact_value is None:
        if share >= CRITICAL_SHARE_VOLUME_ONLY:
            return "critical", "volume_only"
        if share < REDUNDANT_SHARE:
            return "redundant", "volume_only"
        return "complementary", "volume_only"
    if share >= CRITICAL_SHARE and impact_value >= CRITICAL_IMPACT:
        return "critical", "score_impact"
    if share < REDUNDANT_SHARE and impact_value < REDUNDANT_IMPACT:
        return "redundant", "score_impact"
    return "complementary", "score_impact"
