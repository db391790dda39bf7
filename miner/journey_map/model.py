"""What a journey map is made of: plain frozen dataclasses, serialisable with `to_dict()`.

Every number names what it counts (see `DEFINITIONS`), and every quote carries the ids of the
unit and record it comes from, so a cell of the map can be traced back to stored units.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

DEFINITIONS: dict[str, str] = {
    "units": "opinion units annotated by `model_version` whose record passes the filters",
    "records": "distinct records with at least one such unit (at this stage, or at all)",
    "unit_share": "units at this stage / units at all stages",
    "record_share": "records with a unit at this stage / all records (a record can be at several)",
    "mean_sentiment": "mean unit sentiment_score, P(positive) - P(negative), in [-1, 1]",
    "sentiment_shares": "units of each sentiment label / units at this stage",
    "emotion_mix": "units of each emotion / units at this stage",
    "dominant_emotion": "the most frequent emotion other than neutral (neutral when no unit has "
    "another); ties go to the taxonomy's order",
    "pain_points": "active pain points with units at this stage, by severity (details.severity) "
    "then units at this stage; `units` = its units at this stage, `share` = units / stage units, "
    "`units_all_stages` = its units at any stage (same filters)",
    "quotes": "up to 3 of the pain point's units at this stage, most similar to its centre first",
    "touchpoints": "units at this stage by touchpoint; `share` = units / stage units",
    "impact": "mean customer score of records whose units at (stage, touchpoint) are all "
    "non-negative minus that of records with a negative unit there; customer score = "
    "(stars - 3) / 2, else (nps - 7.5) / 2.5, clipped to [-1, 1]; needs >= 5 scored records "
    "on each side",
    "importance": "critical / complementary / redundant by the rule in "
    "miner/journey_map/importance.py (README: journey map)",
    "nps": "(promoters 9-10 - detractors 0-6) / records with an NPS score x 100, in [-100, 100]",
    "csat": "records rated 4-5 of 5 / records with a rating x 100; ratings on a 0-10 scale "
    "(any rating in the project above 5) count as stars = rating / 2",
}


@dataclass(frozen=True)
class MapFilters:
    """Which records a map covers. Dates are inclusive (a `date` as `date_to` covers that whole
    day); `source`, `segment` and `language` (the record's: he, en, mixed, other) take one value
    or several. Records without a date are left out when a date bound is set."""

    date_from: dt.date | dt.datetime | None = None
    date_to: dt.date | dt.datetime | None = None
    source: str | Sequence[str] | None = None
    segment: str | Sequence[str] | None = None
    language: str | Sequence[str] | None = None

    def key(self) -> tuple:
        """A hashable form, for the map cache."""
        return tuple(_freeze(getattr(self, f.name)) for f in dataclasses.fields(self))

    def is_empty(self) -> bool:
        return all(v is None for v in self.key())


def _freeze(value: Any) -> Any:
    if value is None or isinstance(value, str | dt.date):
        return value
    return tuple(sorted(str(v) for v in value))


@dataclass(frozen=True)
class Volume:
    units: int
    records: int
    unit_share: float
    record_share: float


@dataclass(frozen=True)
class EmotionRow:
    """The emotional curve's point for a stage (or the whole map)."""

    mean_sentiment: float | None
    sentiment_counts: dict[str, int]
    sentiment_shares: dict[str, float]
    emotion_counts: dict[str, int]
    emotion_mix: dict[str, float]
    dominant_emotion: str | None
    dominant_emotion_share: float


@dataclass(frozen=True)
class Quote:
    unit_id: int
    record_id: int
    text: str
    language: str


@dataclass(frozen=True)
class PainPointCell:
    id: str
    label_en: str
    label_he: str
    severity: float
    units: int
    share: float
    units_all_stages: int
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class TouchpointCell:
    key: str
    name_en: str
    name_he: str
    units: int
    records: int
    share: float
    mean_sentiment: float
    negative_share: float
    impact: float | None
    scored_records_negative: int
    scored_records_other: int
    importance: str | None  # critical | complementary | redundant; None for `other`
    importance_basis: str  # score_impact | volume_only | not_a_touchpoint


@dataclass(frozen=True)
class Scores:
    """NPS and CSAT of the records at a stage (or of all records in the map)."""

    nps: float | None
    nps_n: int
    promoters: int
    passives: int
    detractors: int
    csat: float | None
    csat_n: int
    satisfied: int


@dataclass(frozen=True)
class StageColumn:
    key: str
    name_en: str
    name_he: str
    volume: Volume
    emotion: EmotionRow
    pain_points: tuple[PainPointCell, ...]
    touchpoints: tuple[TouchpointCell, ...]
    scores: Scores


@dataclass(frozen=True)
class JourneyMap:
    project_id: int
    project_name: str
    model_version: str | None
    taxonomy_version: str
    filters: MapFilters
    rating_scale: int  # 5 or 10: how stored ratings were read for CSAT and customer scores
    data_version: str  # changes whenever the units, annotations or pain points behind it change
    totals: StageColumn  # key "all": every stage together (pain points: the top overall)
    stages: tuple[StageColumn, ...]
    definitions: dict[str, str] = field(default_factory=lambda: dict(DEFINITIONS))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, tuples as lists."""
        return _jsonable(dataclasses.asdict(self))

    def stage(self, key: str) -> StageColumn | None:
        return next((s for s in self.stages if s.key == key), None)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
