"""Turn raw counts (`MapAggregates`) into map columns: shares, means, the dominant emotion,
the top pain points, touchpoint importance and scores. Pure Python over a few hundred numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from miner.journey_map.importance import classify_importance, impact
from miner.journey_map.model import (
    EmotionRow,
    PainPointCell,
    Quote,
    Scores,
    StageColumn,
    TouchpointCell,
    Volume,
)
from miner.journey_map.queries import ALL, GroupAggregates
from miner.journey_map.scores import csat_value, nps_value
from miner.taxonomy import Taxonomy

UNKNOWN_STAGE = "unknown"
NEUTRAL_EMOTION = "neutral"
SENTIMENTS = ("negative", "neutral", "positive")
ALL_NAMES = ("All stages", "כל השלבים")


@dataclass(frozen=True)
class PainPointInfo:
    id: str
    label_en: str
    label_he: str
    severity: float


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def stage_order(taxonomy: Taxonomy, groups: Mapping[str, GroupAggregates]) -> list[str]:
    """The taxonomy's stages in order (every one, even empty), then stages the data has but the
    taxonomy lacks (an older taxonomy's), then `unknown` when it has units."""
    known = [k for k in taxonomy.keys("stage") if k != UNKNOWN_STAGE]
    extra = sorted(
        k for k, agg in groups.items() if k not in known and k != UNKNOWN_STAGE and agg.units
    )
    tail = [UNKNOWN_STAGE] if groups.get(UNKNOWN_STAGE) and groups[UNKNOWN_STAGE].units else []
    return known + extra + tail


def emotion_row(agg: GroupAggregates, emotion_order: Sequence[str]) -> EmotionRow:
    rank = {key: i for i, key in enumerate(emotion_order)}
    counts = sorted(
        ((e, n) for e, n in agg.emotions.items() if n),
        key=lambda item: (-item[1], rank.get(item[0], len(rank)), item[0]),
    )
    felt = [(e, n) for e, n in counts if e != NEUTRAL_EMOTION]
    dominant = (felt or counts or [(None, 0)])[0]
    sentiments = {s: int(agg.sentiments.get(s, 0)) for s in SENTIMENTS}
    sentiments.update({s: int(n) for s, n in agg.sentiments.items() if s not in sentiments})
    return EmotionRow(
        mean_sentiment=round(agg.score_sum / agg.units, 4) if agg.units else None,
        sentiment_counts=sentiments,
        sentiment_shares={s: _ratio(n, agg.units) for s, n in sentiments.items()},
        emotion_counts=dict(counts),
        emotion_mix={e: _ratio(n, agg.units) for e, n in counts},
        dominant_emotion=dominant[0],
        dominant_emotion_share=_ratio(dominant[1], agg.units),
    )


def top_pain_points(
    agg: GroupAggregates, info: Mapping[str, PainPointInfo], limit: int
) -> list[tuple[str, int]]:
    """(pain point id, units here), by severity, then units here, then id."""
    ranked = sorted(
        ((pp, n) for pp, n in agg.pain_points.items() if pp in info and n),
        key=lambda item: (-info[item[0]].severity, -item[1], item[0]),
    )
    return ranked[:limit]


def pain_point_cells(
    group: str,
    agg: GroupAggregates,
    total: GroupAggregates,
    info: Mapping[str, PainPointInfo],
    limit: int,
    quotes: Mapping[tuple[str, str], Sequence[Quote]],
) -> tuple[PainPointCell, ...]:
    return tuple(
        PainPointCell(
            id=pp,
            label_en=info[pp].label_en,
            label_he=info[pp].label_he,
            severity=info[pp].severity,
            units=n,
            share=_ratio(n, agg.units),
            units_all_stages=int(total.pain_points.get(pp, n)),
            quotes=tuple(quotes.get((pp, group), ())),
        )
        for pp, n in top_pain_points(agg, info, limit)
    )


def touchpoint_cells(agg: GroupAggregates, taxonomy: Taxonomy) -> tuple[TouchpointCell, ...]:
    order = {key: i for i, key in enumerate(taxonomy.keys("touchpoint"))}
    cells = []
    for key, tp in agg.touchpoints.items():
        if not tp.units:
            continue
        share = _ratio(tp.units, agg.units)
        neg, other = tp.scored[True], tp.scored[False]
        moved = impact((int(neg[0]), neg[1]), (int(other[0]), other[1]))
        importance, basis = classify_importance(key, share, moved)
        label = taxonomy.label("touchpoint", key)
        cells.append(
            TouchpointCell(
                key=key,
                name_en=label.name_en if label else key,
                name_he=label.name_he if label else "",
                units=tp.units,
                records=tp.records,
                share=share,
                mean_sentiment=round(tp.score_sum / tp.units, 4),
                negative_share=_ratio(tp.negative_units, tp.units),
                impact=moved,
                scored_records_negative=int(neg[0]),
                scored_records_other=int(other[0]),
                importance=importance,
                importance_basis=basis,
            )
        )
    cells.sort(key=lambda c: (-c.units, order.get(c.key, len(order)), c.key))
    return tuple(cells)


def scores(agg: GroupAggregates) -> Scores:
    return Scores(
        nps=nps_value(agg.promoters, agg.detractors, agg.nps_n),
        nps_n=agg.nps_n,
        promoters=agg.promoters,
        passives=agg.nps_n - agg.promoters - agg.detractors,
        detractors=agg.detractors,
        csat=csat_value(agg.satisfied, agg.rating_n),
        csat_n=agg.rating_n,
        satisfied=agg.satisfied,
    )


def column(
    key: str,
    names: tuple[str, str],
    agg: GroupAggregates,
    total: GroupAggregates,
    taxonomy: Taxonomy,
    pain_info: Mapping[str, PainPointInfo],
    top: int,
    quotes: Mapping[tuple[str, str], Sequence[Quote]],
) -> StageColumn:
    return StageColumn(
        key=key,
        name_en=names[0],
        name_he=names[1],
        volume=Volume(
            units=agg.units,
            records=agg.records,
            unit_share=_ratio(agg.units, total.units),
            record_share=_ratio(agg.records, total.records),
        ),
        emotion=emotion_row(agg, taxonomy.keys("emotion")),
        pain_points=pain_point_cells(key, agg, total, pain_info, top, quotes),
        touchpoints=touchpoint_cells(agg, taxonomy),
        scores=scores(agg),
    )


def stage_names(taxonomy: Taxonomy, key: str) -> tuple[str, str]:
    if key == ALL:
        return ALL_NAMES
    label = taxonomy.label("stage", key)
    return (label.name_en, label.name_he) if label else (key, "")
