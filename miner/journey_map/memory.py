"""The same raw counts as `queries.collect_aggregates`, from annotated units held in memory.

Used to map feedback a CX platform sends without storing it (`populate_map` on units), and by
the tests as an independent check of the SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from miner.journey_map.model import Quote
from miner.journey_map.queries import ALL, GroupAggregates, MapAggregates
from miner.journey_map.scores import (
    DETRACTOR_UP_TO,
    PROMOTER_FROM,
    customer_score,
    satisfied_threshold,
)


@dataclass(frozen=True)
class AnnotatedUnit:
    """One opinion unit with its labels and its record's scores (e.g. from `/v1/analyze`)."""

    unit_id: int | str
    record_id: int | str
    text: str
    stage: str
    touchpoint: str
    sentiment: str
    sentiment_score: float
    emotion: str
    language: str = ""
    rating: float | None = None
    nps: int | None = None
    pain_point_id: str | None = None


def rating_scale_of(units: Iterable[AnnotatedUnit]) -> int:
    return 10 if any(u.rating is not None and u.rating > 5 for u in units) else 5


def aggregate_units(
    units: Sequence[AnnotatedUnit],
    scale: int,
    stage_groups: Mapping[str, Sequence[str]] | None = None,
) -> MapAggregates:
    """Per group (its stage, or the groups `stage_groups` maps it to) and for the whole map."""
    groups: dict[str, GroupAggregates] = defaultdict(GroupAggregates)
    for key, members in _by_group(units, stage_groups).items():
        _fill(groups[key], members, scale)
    total = GroupAggregates()
    _fill(total, list(units), scale)
    return MapAggregates(groups=dict(groups), total=total)


def _by_group(units, stage_groups) -> dict[str, list[AnnotatedUnit]]:
    out: dict[str, list[AnnotatedUnit]] = defaultdict(list)
    for unit in units:
        keys = [unit.stage] if stage_groups is None else stage_groups.get(unit.stage, ())
        for key in keys:
            out[key].append(unit)
    return out


def _fill(agg: GroupAggregates, units: list[AnnotatedUnit], scale: int) -> None:
    records: dict[object, AnnotatedUnit] = {}
    at_touchpoint: dict[tuple[str, object], list[AnnotatedUnit]] = defaultdict(list)
    for u in units:
        agg.units += 1
        agg.score_sum += u.sentiment_score
        agg.sentiments[u.sentiment] += 1
        agg.emotions[u.emotion] += 1
        tp = agg.touchpoints[u.touchpoint]
        tp.units += 1
        tp.score_sum += u.sentiment_score
        tp.negative_units += u.sentiment == "negative"
        if u.pain_point_id:
            agg.pain_points[u.pain_point_id] += 1
        records.setdefault(u.record_id, u)
        at_touchpoint[(u.touchpoint, u.record_id)].append(u)
    agg.records = len(records)
    for r in records.values():
        if r.nps is not None:
            agg.nps_n += 1
            agg.promoters += r.nps >= PROMOTER_FROM
            agg.detractors += r.nps <= DETRACTOR_UP_TO
        if r.rating is not None:
            agg.rating_n += 1
            agg.satisfied += r.rating >= satisfied_threshold(scale)
    for (touchpoint, _), members in at_touchpoint.items():
        tp = agg.touchpoints[touchpoint]
        tp.records += 1
        score = customer_score(members[0].rating, members[0].nps, scale)
        if score is not None:
            side = tp.scored[any(m.sentiment == "negative" for m in members)]
            side[0] += 1
            side[1] += score


def unit_quotes(
    units: Sequence[AnnotatedUnit],
    wanted: Sequence[tuple[str, str]],
    stage_groups: Mapping[str, Sequence[str]] | None = None,
    per_cell: int = 3,
) -> dict[tuple[str, str], list[Quote]]:
    """Up to `per_cell` units per (pain point, group), most negative first."""
    wanted_set = set(wanted)
    found: dict[tuple[str, str], list[AnnotatedUnit]] = defaultdict(list)
    for key, members in _by_group(units, stage_groups).items():
        for u in members:
            if u.pain_point_id and (u.pain_point_id, key) in wanted_set:
                found[(u.pain_point_id, key)].append(u)
    for u in units:
        if u.pain_point_id and (u.pain_point_id, ALL) in wanted_set:
            found[(u.pain_point_id, ALL)].append(u)
    return {
        cell: [
            Quote(u.unit_id, u.record_id, u.text, u.language)  # type: ignore[arg-type]
            for u in sorted(members, key=lambda m: m.sentiment_score)[:per_cell]
        ]
        for cell, members in found.items()
    }
