"""NPS, CSAT and the customer score: how stored ratings and NPS answers are read.

- Ratings are stored as given (0-10, see `miner.ingest.fields.parse_rating`). A project whose
  ratings never exceed 5 is on a 5-point scale; one with any rating above 5 is on a 10-point
  scale, read as stars = rating / 2. The scale is decided over the whole project (not the
  filtered part), so filtering never changes how a rating is read.
- CSAT = share of rated records with stars >= 4 (4-5 of 5; 8-10 of 10), in percent.
- NPS = % promoters (9-10) - % detractors (0-6) of records with an NPS answer, in [-100, 100].
- Customer score (for touchpoint impact): (stars - 3) / 2, else (nps - 7.5) / 2.5, clipped to
  [-1, 1] -- the same values `miner.classify.rating_prior.score_value` gives.
"""

from __future__ import annotations

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, case

from miner.store.schema import Record

SATISFIED_STARS = 4.0
PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6


def rating_scale(session: Session, project_id: int) -> int:
    """5, or 10 when any of the project's ratings is above 5."""
    top = session.scalar(select(func.max(Record.rating)).where(Record.project_id == project_id))
    return 10 if top is not None and top > 5 else 5


def satisfied_threshold(scale: int) -> float:
    """The lowest stored rating that counts as satisfied on this scale."""
    return SATISFIED_STARS * scale / 5


def customer_score_sql(rating, nps, scale: int) -> ColumnElement:
    stars = rating * (5.0 / scale)
    from_stars = (stars - 3.0) / 2.0
    from_nps = (nps - 7.5) / 2.5
    return case(
        (rating.is_not(None), case((from_stars < -1.0, literal(-1.0)), else_=from_stars)),
        (nps.is_not(None), case((from_nps < -1.0, literal(-1.0)), else_=from_nps)),
        else_=None,
    )


def customer_score(rating: float | None, nps: int | None, scale: int) -> float | None:
    """The Python twin of `customer_score_sql` (for maps built from in-memory units)."""
    if rating is not None:
        return max(-1.0, min(1.0, (rating * 5.0 / scale - 3.0) / 2.0))
    if nps is not None:
        return max(-1.0, min(1.0, (nps - 7.5) / 2.5))
    return None


def nps_value(promoters: int, detractors: int, n: int) -> float | None:
    return None if n == 0 else round(100.0 * (promoters - detractors) / n, 2)


def csat_value(satisfied: int, n: int) -> float | None:
    return None if n == 0 else round(100.0 * satisfied / n, 2)
