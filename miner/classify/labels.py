"""What the classifiers answer for one unit and for one record."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class UnitLabels:
    """Journey labels of one opinion unit; each `*_score` is the model's confidence in [0, 1],
    except `sentiment_score`, which is P(positive) - P(negative) in [-1, 1]."""

    stage: str
    stage_score: float
    touchpoint: str
    touchpoint_score: float
    sentiment: str
    sentiment_score: float
    emotion: str
    emotion_score: float

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RecordLabels:
    """A record's roll-up: sentiment (informed by rating/NPS), main stage, touchpoints, emotion."""

    sentiment: str
    sentiment_score: float
    stage: str
    touchpoints: tuple[str, ...]
    emotion: str
