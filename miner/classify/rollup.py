"""A record's labels from its units' labels."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from miner.classify.labels import RecordLabels, UnitLabels
from miner.classify.rating_prior import record_score

POSITIVE_ABOVE = 0.2
NEGATIVE_BELOW = -0.2


def sentiment_of_score(score: float) -> str:
    return (
        "positive"
        if score > POSITIVE_ABOVE
        else "negative"
        if score < NEGATIVE_BELOW
        else "neutral"
    )


def roll_up_record(
    units: Sequence[UnitLabels], rating: float | None = None, nps: int | None = None
) -> RecordLabels:
    """Record sentiment = mean unit score blended with rating/NPS (see rating_prior); stage =
    the stage with the most confidence mass (unknown only when nothing else); touchpoints =
    every touchpoint named, most confident first (other only when nothing else); emotion =
    the emotion of the most strongly felt unit (largest |sentiment_score|)."""
    if not units:
        score = record_score([], rating, nps)
        return RecordLabels(sentiment_of_score(score), round(score, 4), "unknown", (), "neutral")
    score = record_score([u.sentiment_score for u in units], rating, nps)

    stage_mass: dict[str, float] = defaultdict(float)
    for u in units:
        stage_mass[u.stage] += u.stage_score
    known = {k: v for k, v in stage_mass.items() if k != "unknown"}
    stage = max(known or stage_mass, key=lambda k: (known or stage_mass)[k])

    tp_mass: Counter[str] = Counter()
    for u in units:
        tp_mass[u.touchpoint] += u.touchpoint_score
    named = [k for k, _ in tp_mass.most_common() if k != "other"]
    touchpoints = tuple(named or [k for k, _ in tp_mass.most_common()])

    strongest = max(units, key=lambda u: abs(u.sentiment_score))
    return RecordLabels(
        sentiment_of_score(score), round(score, 4), stage, touchpoints, strongest.emotion
    )
