"""Describe a pain point from its units: mix, severity, quotes, trend, growing.

Severity (0-100) = 100 x sqrt(share) x negativity x (0.5 + 0.5 x recency), where
- share: the pain point's units / the project's negative units (sqrt, so a problem one unit
  in fifty reports still registers beside the biggest one);
- negativity: mean over its units of max(0, -sentiment_score), in [0, 1];
- recency: mean over its units of 2^(-age / 90 days), age counted back from the newest dated
  unit of the project; an undated unit counts 0.5. A pain point nobody reported for a year
  keeps half its weight.

Growing: the pain point has at least `GROWING_MIN_RECENT` units in the last 28 days before the
project's newest date, and its share of the project's negative units in those 28 days is at
least 1.5 x its share in the 56 days before them (in which the project has dated negative
units). Shares, not counts, so a bigger export is not mistaken for a growing problem.

Quotes: up to 5 units picked by maximal marginal relevance (similarity to the centroid,
minus `1 - MMR_LAMBDA` x the similarity to quotes already picked; near-copies skipped), and
when the pain point has units in both Hebrew and English, both languages are quoted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from miner.cluster.model import NegativeUnit

HALF_LIFE_DAYS = 90.0
RECENT_DAYS = 28
BEFORE_DAYS = 56
GROWING_RATIO = 1.5
GROWING_MIN_RECENT = 3
MMR_LAMBDA = 0.7
NEAR_COPY = 0.97
MAX_QUOTES = 5


def mix(values: Sequence[str]) -> list[dict]:
    """[{"label", "count", "share"}], most frequent first (ties by label)."""
    counts = Counter(values)
    total = max(1, len(values))
    return [
        {"label": label, "count": n, "share": round(n / total, 4)}
        for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def severity(
    size: int,
    total_negative: int,
    sentiment_scores: Sequence[float],
    dates: Sequence[dt.datetime | None],
    newest: dt.datetime | None,
) -> float:
    """The documented severity formula (module docstring), rounded to 0.1."""
    if size == 0 or total_negative == 0:
        return 0.0
    share = size / total_negative
    negativity = (
        float(np.mean([max(0.0, -s) for s in sentiment_scores])) if sentiment_scores else 0.0
    )
    weights = [
        0.5
        if d is None or newest is None
        else 2 ** (-max(0.0, (newest - d).total_seconds() / 86400) / HALF_LIFE_DAYS)
        for d in dates
    ]
    recency = float(np.mean(weights)) if weights else 0.5
    return round(100 * math.sqrt(share) * negativity * (0.5 + 0.5 * recency), 1)


def trend(dates: Sequence[dt.datetime | None]) -> dict:
    """Units per ISO week ("2026-W18") and per month ("2026-05"), oldest first."""
    weeks: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for d in dates:
        if d is None:
            continue
        year, week, _ = d.isocalendar()
        weeks[f"{year}-W{week:02d}"] += 1
        months[f"{d.year}-{d.month:02d}"] += 1
    return {"weeks": dict(sorted(weeks.items())), "months": dict(sorted(months.items()))}


def is_growing(
    dates: Sequence[dt.datetime | None], project_dates: Sequence[dt.datetime | None]
) -> bool:
    """The documented growing rule (module docstring) over the pain point's and the
    project's negative units' dates."""
    known = [d for d in project_dates if d is not None]
    if not known:
        return False
    newest = max(known)
    recent_from = newest - dt.timedelta(days=RECENT_DAYS)
    before_from = recent_from - dt.timedelta(days=BEFORE_DAYS)

    def window(values):
        recent = sum(1 for d in values if d is not None and d > recent_from)
        before = sum(1 for d in values if d is not None and before_from < d <= recent_from)
        return recent, before

    mine_recent, mine_before = window(dates)
    all_recent, all_before = window(known)
    if mine_recent < GROWING_MIN_RECENT or all_before == 0 or all_recent == 0:
        return False
    return mine_recent / all_recent >= GROWING_RATIO * (mine_before / all_before)


def representative_quotes(
    units: Sequence[NegativeUnit],
    vectors: np.ndarray,
    centroid: np.ndarray,
    limit: int = MAX_QUOTES,
) -> list[dict]:
    """Up to `limit` quotes that are central and differ from each other (MMR), in both Hebrew
    and English where the units have both."""
    if not units:
        return []
    relevance = vectors @ centroid
    order = _mmr(vectors, relevance, limit)
    languages = {u.language for u in units} & {"he", "en"}
    picked = {units[i].language for i in order}
    for language in sorted(languages - picked):
        candidates = [i for i in range(len(units)) if units[i].language == language]
        best = max(candidates, key=lambda i: relevance[i])
        if len(order) >= limit:
            order[-1] = best
        else:
            order.append(best)
    return [_quote(units[i]) for i in order]


def quotes_by_similarity(
    units: Sequence[NegativeUnit], similarities: Sequence[float | None], limit: int = MAX_QUOTES
) -> list[dict]:
    """Quotes without vectors at hand: the most central units by stored similarity, distinct
    texts, both Hebrew and English where the units have both."""
    order = sorted(range(len(units)), key=lambda i: (-(similarities[i] or 0.0), units[i].unit_id))
    chosen: list[int] = []
    seen: set[str] = set()
    for i in order:
        if units[i].text.casefold() not in seen:
            chosen.append(i)
            seen.add(units[i].text.casefold())
    picked = chosen[:limit]
    for language in sorted(
        ({u.language for u in units} & {"he", "en"}) - {units[i].language for i in picked}
    ):
        best = next(i for i in chosen if units[i].language == language)
        if len(picked) >= limit:
            picked[-1] = best
        else:
            picked.append(best)
    return [_quote(units[i]) for i in picked]


def _quote(unit: NegativeUnit) -> dict:
    return {
        "unit_id": unit.unit_id,
        "record_id": unit.record_id,
        "text": unit.text,
        "language": unit.language,
    }


def _mmr(vectors: np.ndarray, relevance: np.ndarray, limit: int) -> list[int]:
    chosen: list[int] = []
    closest = np.full(len(vectors), -np.inf, dtype=np.float32)  # max similarity to chosen
    available = np.ones(len(vectors), dtype=bool)
    while len(chosen) < limit and available.any():
        penalty = np.where(np.isfinite(closest), closest, 0.0)
        score = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * penalty
        score[~available] = -np.inf
        pick = int(np.argmax(score))
        chosen.append(pick)
        sims = vectors @ vectors[pick]
        closest = np.maximum(closest, sims)
        available &= sims < NEAR_COPY  # drops the pick itself and its near-copies
    return chosen
