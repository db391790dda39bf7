"""The SQL aggregates behind a journey map (GROUP BY over the annotated units of a project).

Nothing here loads ORM objects: each query returns a few hundred grouped rows at most, whatever
the project's size, and `collect_aggregates` folds them into `MapAggregates`. The same queries
serve the project's own map (grouped by stage) and a platform's map (grouped by the platform's
stage ids through a stage -> group table, see `populate`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Float, String, case, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from miner.journey_map.model import MapFilters, Quote
from miner.journey_map.scores import (
    DETRACTOR_UP_TO,
    PROMOTER_FROM,
    customer_score_sql,
    satisfied_threshold,
)
from miner.store.schema import PainPointRow, PainPointUnit, Record, Unit, UnitAnnotation

ALL = "all"  # the group key of the whole map


@dataclass
class TouchpointAggregates:
    units: int = 0
    score_sum: float = 0.0
    negative_units: int = 0
    records: int = 0
    # customer scores of records with (True) / without (False) a negative unit here: [n, sum]
    scored: dict[bool, list[float]] = field(
        default_factory=lambda: {True: [0, 0.0], False: [0, 0.0]}
    )


@dataclass
class GroupAggregates:
    """Raw counts of one column of the map (a stage, a platform stage, or the whole map)."""

    units: int = 0
    score_sum: float = 0.0
    sentiments: Counter = field(default_factory=Counter)
    emotions: Counter = field(default_factory=Counter)
    records: int = 0
    nps_n: int = 0
    promoters: int = 0
    detractors: int = 0
    rating_n: int = 0
    satisfied: int = 0
    touchpoints: dict[str, TouchpointAggregates] = field(
        default_factory=lambda: defaultdict(TouchpointAggregates)
    )
    pain_points: Counter = field(default_factory=Counter)  # pain point id -> units here


@dataclass
class MapAggregates:
    groups: dict[str, GroupAggregates]
    total: GroupAggregates


def _as_list(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def filter_clauses(filters: MapFilters) -> list[ColumnElement[bool]]:
    """WHERE clauses on `records` for the map's filters (see `MapFilters`)."""
    clauses: list[ColumnElement[bool]] = []
    if filters.date_from is not None:
        start = filters.date_from
        if not isinstance(start, dt.datetime):
            start = dt.datetime(start.year, start.month, start.day)
        clauses.append(Record.date >= start)
    if filters.date_to is not None:
        end = filters.date_to
        if isinstance(end, dt.datetime):
            clauses.append(Record.date <= end)
        else:  # a day: up to its end
            clauses.append(
                Record.date < dt.datetime(end.year, end.month, end.day) + dt.timedelta(1)
            )
    for column, value in (
        (Record.source, filters.source),
        (Record.segment, filters.segment),
        (Record.language, filters.language),
    ):
        if value is not None:
            clauses.append(column.in_(_as_list(value)))
    return clauses


def _stage_group_table(stage_groups: Mapping[str, Sequence[str]]):
    """A (stage, group_key) table: one row per stage and group it belongs to."""
    rows = [
        select(literal(stage, String()).label("stage"), literal(group, String()).label("group_key"))
        for stage, groups in sorted(stage_groups.items())
        for group in groups
    ] or [select(literal("", String()).label("stage"), literal("", String()).label("group_key"))]
    return union_all(*rows).subquery("stage_groups")


def scoped_units(project_id: int, model_version: str, filters: MapFilters) -> Select:
    """One row per unit annotated by `model_version` whose record passes the filters."""
    return (
        select(
            UnitAnnotation.stage,
            UnitAnnotation.touchpoint,
            UnitAnnotation.sentiment,
            UnitAnnotation.sentiment_score,
            UnitAnnotation.emotion,
            Unit.id.label("unit_id"),
            Unit.record_id,
            Record.rating,
            Record.nps,
        )
        .select_from(UnitAnnotation)
        .join(Unit, Unit.id == UnitAnnotation.unit_id)
        .join(Record, Record.id == Unit.record_id)
        .where(
            Record.project_id == project_id,
            UnitAnnotation.model_version == model_version,
            *filter_clauses(filters),
        )
    )


def grouped(scope, stage_groups: Mapping[str, Sequence[str]] | None = None, *, whole: bool = False):
    """The scope with a `group_key`: its stage, the groups its stage maps to (a unit appears
    once per group), or `all` (`whole=True`)."""
    if whole:
        return select(scope, literal(ALL, String()).label("group_key")).subquery()
    if stage_groups is None:
        return select(scope, scope.c.stage.label("group_key")).subquery()
    table = _stage_group_table(stage_groups)
    return select(scope, table.c.group_key).join(table, table.c.stage == scope.c.stage).subquery()


# Every aggregate is one branch of a single UNION ALL over the scope (a CTE, so the join is
# computed once): (kind, group_key, k1..k3, v1..v6), keys as text, values as numbers.
_KEYS, _VALUES = 3, 6


def _branch(kind: str, group, keys: Sequence, values: Sequence) -> Select:
    keys = [cast(k, String()) for k in keys] + [null()] * (_KEYS - len(keys))
    values = [cast(v, Float()) for v in values] + [null()] * (_VALUES - len(values))
    return select(
        literal(kind, String()).label("kind"),
        cast(group, String()).label("group_key"),
        *(k.label(f"k{i}") for i, k in enumerate(keys)),
        *(v.label(f"v{i}") for i, v in enumerate(values)),
    )


def _unit_branch(g) -> Select:
    return _branch(
        "units",
        g.c.group_key,
        [g.c.touchpoint, g.c.sentiment, g.c.emotion],
        [func.count(), func.sum(g.c.sentiment_score)],
    ).group_by(g.c.group_key, g.c.touchpoint, g.c.sentiment, g.c.emotion)


def _record_branch(g, scale: int) -> Select:
    """Records, NPS and CSAT counts per group: each record counted once per group."""
    r = (
        select(
            g.c.group_key,
            g.c.record_id,
            func.max(g.c.rating).label("rating"),
            func.max(g.c.nps).label("nps"),
        )
        .group_by(g.c.group_key, g.c.record_id)
        .subquery()
    )
    one = literal(1)
    return _branch(
        "records",
        r.c.group_key,
        [],
        [
            func.count(),
            func.count(r.c.nps),
            func.sum(case((r.c.nps >= PROMOTER_FROM, one), else_=0)),
            func.sum(case((r.c.nps <= DETRACTOR_UP_TO, one), else_=0)),
            func.count(r.c.rating),
            func.sum(case((r.c.rating >= satisfied_threshold(scale), one), else_=0)),
        ],
    ).group_by(r.c.group_key)


def _impact_branch(g, scale: int) -> Select:
    """Per (group, touchpoint, has a negative unit there): records and their customer scores."""
    negative = case((g.c.sentiment == "negative", literal(1)), else_=0)
    r = (
        select(
            g.c.group_key,
            g.c.touchpoint,
            func.max(negative).label("negative"),
            func.max(customer_score_sql(g.c.rating, g.c.nps, scale)).label("score"),
        )
        .group_by(g.c.group_key, g.c.touchpoint, g.c.record_id)
        .subquery()
    )
    return _branch(
        "impact",
        r.c.group_key,
        [r.c.touchpoint, r.c.negative],
        [func.count(), func.count(r.c.score), func.sum(r.c.score)],
    ).group_by(r.c.group_key, r.c.touchpoint, r.c.negative)


def _pain_branch(g, project_id: int) -> Select:
    return (
        _branch("pain", g.c.group_key, [PainPointUnit.pain_point_id], [func.count()])
        .select_from(g)
        .join(PainPointUnit, PainPointUnit.unit_id == g.c.unit_id)
        .join(PainPointRow, PainPointRow.id == PainPointUnit.pain_point_id)
        .where(PainPointRow.project_id == project_id, PainPointRow.status == "active")
        .group_by(g.c.group_key, PainPointUnit.pain_point_id)
    )


def collect_aggregates(
    session: Session,
    project_id: int,
    model_version: str,
    filters: MapFilters,
    rating_scale: int,
    stage_groups: Mapping[str, Sequence[str]] | None = None,
) -> MapAggregates:
    """Every count a map needs, per group and for the whole map (group `all`), in one query.

    Unit and pain-point counts of the whole map are sums over the groups when each unit is in
    one group (the project's own map); with `stage_groups` they are counted directly.
    """
    scope = scoped_units(project_id, model_version, filters).cte("scope")
    by_group, whole = grouped(scope, stage_groups), grouped(scope, whole=True)
    branches = [
        _unit_branch(by_group),
        _record_branch(by_group, rating_scale),
        _impact_branch(by_group, rating_scale),
        _pain_branch(by_group, project_id),
        _record_branch(whole, rating_scale),
        _impact_branch(whole, rating_scale),
    ]
    if stage_groups is not None:
        branches += [_unit_branch(whole), _pain_branch(whole, project_id)]
    groups: dict[str, GroupAggregates] = defaultdict(GroupAggregates)
    for row in session.execute(union_all(*branches)):
        _fold(row, groups)
    total = groups.pop(ALL, None) or GroupAggregates()
    if stage_groups is None:
        _add_units(total, groups.values())
    return MapAggregates(groups=dict(groups), total=total)


def _fold(row, groups: dict[str, GroupAggregates]) -> None:
    kind, agg = row.kind, groups[row.group_key]
    if kind == "units":
        n, score_sum = int(row.v0), float(row.v1 or 0.0)
        agg.units += n
        agg.score_sum += score_sum
        agg.sentiments[row.k1] += n
        agg.emotions[row.k2] += n
        tp = agg.touchpoints[row.k0]
        tp.units += n
        tp.score_sum += score_sum
        tp.negative_units += n if row.k1 == "negative" else 0
    elif kind == "records":
        agg.records, agg.nps_n, agg.promoters = int(row.v0), int(row.v1), int(row.v2 or 0)
        agg.detractors, agg.rating_n, agg.satisfied = (
            int(row.v3 or 0),
            int(row.v4),
            int(row.v5 or 0),
        )
    elif kind == "impact":
        tp = agg.touchpoints[row.k0]
        tp.records += int(row.v0)
        tp.scored[row.k1 in ("1", "1.0", "true")] = [int(row.v1), float(row.v2 or 0.0)]
    elif kind == "pain":
        agg.pain_points[row.k0] += int(row.v0)


def _add_units(total: GroupAggregates, groups) -> None:
    for agg in groups:
        total.units += agg.units
        total.score_sum += agg.score_sum
        total.sentiments.update(agg.sentiments)
        total.emotions.update(agg.emotions)
        total.pain_points.update(agg.pain_points)
        for key, tp in agg.touchpoints.items():
            mine = total.touchpoints[key]
            mine.units += tp.units
            mine.score_sum += tp.score_sum
            mine.negative_units += tp.negative_units


def pain_point_quotes(
    session: Session,
    project_id: int,
    model_version: str,
    filters: MapFilters,
    wanted: Sequence[tuple[str, str]],
    stage_groups: Mapping[str, Sequence[str]] | None = None,
    per_cell: int = 3,
    *,
    by_stage: bool = True,
) -> dict[tuple[str, str], list[Quote]]:
    """Up to `per_cell` quotes for each wanted (pain point id, group): its units in that group,
    most similar to the pain point's centre first (then by unit id)."""
    if not wanted:
        return {}
    ids = sorted({pp for pp, _ in wanted})
    scope = scoped_units(project_id, model_version, filters).subquery("scope")
    u = grouped(scope, stage_groups, whole=not by_stage)
    ranked = (
        select(
            PainPointUnit.pain_point_id,
            u.c.group_key,
            u.c.unit_id,
            u.c.record_id,
            func.row_number()
            .over(
                partition_by=(PainPointUnit.pain_point_id, u.c.group_key),
                order_by=(PainPointUnit.similarity.desc().nulls_last(), u.c.unit_id),
            )
            .label("rank"),
        )
        .select_from(u)
        .join(PainPointUnit, PainPointUnit.unit_id == u.c.unit_id)
        .where(PainPointUnit.pain_point_id.in_(ids))
        .subquery("ranked")
    )
    rows = session.execute(
        select(
            ranked.c.pain_point_id,
            ranked.c.group_key,
            ranked.c.unit_id,
            ranked.c.record_id,
            Unit.text,
            Unit.language,
        )
        .join(Unit, Unit.id == ranked.c.unit_id)
        .where(ranked.c.rank <= per_cell)
        .order_by(ranked.c.pain_point_id, ranked.c.group_key, ranked.c.rank)
    )
    wanted_set = set(wanted)
    quotes: dict[tuple[str, str], list[Quote]] = defaultdict(list)
    for pp, group, unit_id, record_id, text, language in rows:
        if (pp, group) in wanted_set:
            quotes[(pp, group)].append(Quote(unit_id, record_id, text, language))
    return dict(quotes)
