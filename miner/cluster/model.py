"""What flows through the pain-point steps: the negative units, and a pain point's description."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class NegativeUnit:
    """A negative opinion unit as the pain-point steps see it."""

    unit_id: int
    record_id: str  # the public record id (records.csv `id`)
    text: str
    language: str
    stage: str
    touchpoint: str
    sentiment_score: float
    date: dt.datetime | None = None


@dataclass
class PainPointDescription:
    """Everything `pain_points.json` says about one pain point (and `PainPointRow.details`,
    which holds the same minus `id` and the labels)."""

    id: str
    label_en: str
    label_he: str
    size: int
    share: float  # of the project's negative units
    severity: float  # 0-100, see miner.cluster.describe.severity
    stages: list[dict] = field(default_factory=list)  # [{"label", "count", "share"}], most first
    touchpoints: list[dict] = field(default_factory=list)
    sentiment_mean: float = 0.0
    quotes: list[dict] = field(default_factory=list)  # [{"unit_id","record_id","text","language"}]
    trend: dict = field(default_factory=dict)  # {"weeks": {"2026-W18": n}, "months": {...}}
    growing: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    def details(self) -> dict:
        """The stored description: every field except the id and the labels."""
        data = self.to_dict()
        for key in ("id", "label_en", "label_he"):
            data.pop(key)
        return data


DETAIL_KEYS = (
    "size",
    "share",
    "severity",
    "stages",
    "touchpoints",
    "sentiment_mean",
    "quotes",
    "trend",
    "growing",
)
