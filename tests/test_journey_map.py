"""build_journey_map on a hand-made project (SQLite and PostgreSQL): every number by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_map_data import OLD_VERSION, VERSION, add_project

from miner.journey_map import MAP_CACHE, MapError, MapFilters, build_journey_map, data_version
from miner.journey_map.importance import classify_importance, impact
from miner.store import open_database
from miner.store.schema import PainPointRow, Project, Record, Unit, UnitAnnotation

DEFAULT_STAGES = [
    "awareness",
    "consideration",
    "purchase",
    "post_purchase",
    "loyalty",
    "advocacy",
    "unknown",
]


@pytest.fixture
def shop(database_url):
    sessions = open_database(database_url)
    with sessions.begin() as session:
        made = add_project(session)
    MAP_CACHE.clear()
    yield sessions, made
    sessions.kw["bind"].dispose()


def _map(sessions, made, **kwargs):
    with sessions() as session:
        return build_journey_map(session, made.project_id, **kwargs)


def test_stages_volumes_and_emotion_row(shop):
    sessions, made = shop
    m = _map(sessions, made)
    assert m.model_version == VERSION  # the newest version, not the older one on u1
    assert [s.key for s in m.stages] == DEFAULT_STAGES
    assert m.stage("purchase").name_he == "רכישה / החלטה"
    assert (m.totals.volume.units, m.totals.volume.records) == (10, 5)
    assert m.rating_scale == 5

    aware = m.stage("awareness")
    assert (aware.volume.units, aware.volume.records, aware.volume.unit_share) == (0, 0, 0.0)
    assert aware.emotion.mean_sentiment is None and aware.emotion.dominant_emotion is None

    post = m.stage("post_purchase")
    assert (post.volume.units, post.volume.records) == (5, 4)
    assert post.volume.unit_share == 0.5 and post.volume.record_share == 0.8
    assert post.emotion.mean_sentiment == pytest.approx(-0.31)
    assert post.emotion.sentiment_counts == {"negative": 3, "neutral": 1, "positive": 1}
    assert post.emotion.sentiment_shares == {"negative": 0.6, "neutral": 0.2, "positive": 0.2}
    assert sum(post.emotion.emotion_counts.values()) == 5
    assert post.emotion.emotion_mix["anger"] == 0.2
    # five emotions once each: the first non-neutral one in the taxonomy's order wins
    assert post.emotion.dominant_emotion == "joy"

    purchase = m.stage("purchase")
    assert purchase.emotion.mean_sentiment == pytest.approx(0.15)
    assert purchase.emotion.emotion_counts == {"satisfaction": 1, "frustration": 1}
    assert purchase.emotion.dominant_emotion == "satisfaction"
    assert purchase.emotion.dominant_emotion_share == 0.5

    unknown = m.stage("unknown")
    assert unknown.volume.units == 1
    assert unknown.emotion.dominant_emotion == "neutral"  # only neutral there
    assert m.totals.emotion.mean_sentiment == pytest.approx(-0.155)
    assert m.totals.emotion.dominant_emotion == "frustration"  # 2, tied with disappointment


def test_unknown_stage_only_when_it_has_units(shop):
    sessions, made = shop
    with sessions.begin() as session:
        session.query(UnitAnnotation).filter(
            UnitAnnotation.unit_id == made.units["u5"], UnitAnnotation.model_version == VERSION
        ).update({"stage": "advocacy"})
    MAP_CACHE.clear()  # an in-place update is not a new version: see cache.py
    m = _map(sessions, made)
    assert [s.key for s in m.stages] == DEFAULT_STAGES[:-1]
    assert m.stage("advocacy").volume.units == 1


def test_nps_and_csat_per_stage_and_overall(shop):
    sessions, made = shop
    m = _map(sessions, made)
    post = m.stage("post_purchase").scores
    # R1 nps 10, R2 2, R4 8, R5 6 -> 1 promoter, 1 passive, 2 detractors
    assert (post.nps_n, post.promoters, post.passives, post.detractors) == (4, 1, 1, 2)
    assert post.nps == -25.0
    # ratings R1 5, R2 1, R5 2 -> 1 of 3 satisfied
    assert (post.csat_n, post.satisfied) == (3, 1)
    assert post.csat == pytest.approx(33.33)
    purchase = m.stage("purchase").scores  # R1 (5 stars, nps 10), R3 (4 stars, no nps)
    assert (purchase.nps, purchase.nps_n, purchase.csat, purchase.csat_n) == (100.0, 1, 100.0, 2)
    total = m.totals.scores  # nps: 10, 2, 8, 6; ratings 5, 1, 4, 2
    assert (total.nps, total.nps_n) == (-25.0, 4)
    assert (total.csat, total.csat_n) == (50.0, 4)
    assert m.stage("awareness").scores.nps is None and m.stage("awareness").scores.nps_n == 0


def test_ten_point_ratings_are_read_as_half_stars(shop):
    sessions, made = shop
    with sessions.begin() as session:
        for key, rating in {"R1": 10.0, "R2": 2.0, "R3": 7.0, "R5": 8.0}.items():
            session.get(Record, made.records[key]).rating = rating
    MAP_CACHE.clear()
    m = _map(sessions, made)
    assert m.rating_scale == 10
    # satisfied = rating >= 8 of 10: R1 (10) and R5 (8); R3 (7 = 3.5 stars) is not
    assert (m.totals.scores.satisfied, m.totals.scores.csat_n) == (2, 4)


def test_pain_point_row(shop):
    sessions, made = shop
    m = _map(sessions, made)
    post = m.stage("post_purchase")
    assert [p.id for p in post.pain_points] == [
        f"pp-late-{made.project_id}",
        f"pp-rude-{made.project_id}",
    ]
    late = post.pain_points[0]
    assert (late.label_en, late.label_he, late.severity) == ("Late delivery", "משלוח מאחר", 0.9)
    assert (late.units, late.share, late.units_all_stages) == (2, 0.4, 2)
    assert [q.unit_id for q in late.quotes] == [made.units["u3"], made.units["u9"]]
    assert late.quotes[0].text == "המשלוח איחר בשבועיים"
    assert late.quotes[0].record_id == made.records["R2"]
    rude = m.stage("purchase").pain_points[0]
    assert (rude.units, rude.units_all_stages) == (1, 2)
    assert [q.unit_id for q in rude.quotes] == [made.units["u7"]]
    # loyalty: the dismissed pain point (severity 1.0) is left out
    assert [p.id for p in m.stage("loyalty").pain_points] == [f"pp-price-{made.project_id}"]
    # the whole map: by severity
    assert [p.id.split("-")[1] for p in m.totals.pain_points] == ["late", "price", "rude"]
    top_one = _map(sessions, made, top_pain_points=1)
    assert len(top_one.stage("post_purchase").pain_points) == 1


def test_touchpoints_and_volume_only_importance(shop):
    sessions, made = shop
    post = _map(sessions, made).stage("post_purchase")
    assert [t.key for t in post.touchpoints] == ["delivery", "customer_service"]
    delivery = post.touchpoints[0]
    assert (delivery.units, delivery.records, delivery.share) == (4, 4, 0.8)
    assert delivery.mean_sentiment == pytest.approx(-0.2125)
    assert delivery.negative_share == 0.5
    # scored: R2, R5 with a negative unit there; R1 and R4 (an NPS only) without
    assert (delivery.scored_records_negative, delivery.scored_records_other) == (2, 2)
    assert delivery.impact is None  # fewer than 5 scored records on a side
    assert (delivery.importance, delivery.importance_basis) == ("critical", "volume_only")
    service = post.touchpoints[1]
    assert (service.importance, service.importance_basis) == ("complementary", "volume_only")
    other = _map(sessions, made).stage("unknown").touchpoints[0]
    assert (other.key, other.importance, other.importance_basis) == (
        "other",
        None,
        "not_a_touchpoint",
    )


def test_importance_from_score_impact(database_url):
    """20 delivery records (10 negative rated 1, 10 positive rated 5), 10 product records
    (half negative, all rated 3) and one email record at post-purchase."""
    sessions = open_database(database_url)
    with sessions.begin() as session:
        project = Project(name="impact")
        session.add(project)
        session.flush()
        imp_id = _import(session, project.id)
        plan = (
            [("delivery", "negative", 1.0)] * 10
            + [("delivery", "positive", 5.0)] * 10
            + [("product", "negative", 3.0)] * 5
            + [("product", "positive", 3.0)] * 5
            + [("email", "positive", 4.0)]
        )
        for i, (touchpoint, sentiment, rating) in enumerate(plan):
            _unit_row(
                session, project.id, imp_id, i, "post_purchase", touchpoint, sentiment, rating
            )
        project_id = project.id
    with sessions() as session:
        post = build_journey_map(session, project_id, use_cache=False).stage("post_purchase")
    cells = {t.key: t for t in post.touchpoints}
    delivery = cells["delivery"]
    assert delivery.impact == pytest.approx(2.0)  # mean +1 without negatives, -1 with
    assert (delivery.importance, delivery.importance_basis) == ("critical", "score_impact")
    product = cells["product"]
    assert product.impact == pytest.approx(0.0) and product.share == pytest.approx(0.3226)
    assert (product.importance, product.importance_basis) == ("complementary", "score_impact")
    email = cells["email"]
    assert email.impact is None and email.share == pytest.approx(0.0323)
    assert (email.importance, email.importance_basis) == ("redundant", "volume_only")
    sessions.kw["bind"].dispose()


def _import(session, project_id):
    from miner.store.schema import Import

    imp = Import(project_id=project_id, file_name="x.csv", file_sha256="f" * 64)
    session.add(imp)
    session.flush()
    return imp.id


def _unit_row(session, project_id, import_id, i, stage, touchpoint, sentiment, rating):
    rec = Record(
        project_id=project_id,
        import_id=import_id,
        record_key=f"k{i}",
        row=i,
        text="t",
        language="en",
        rating=rating,
    )
    session.add(rec)
    session.flush()
    unit = Unit(record_id=rec.id, idx=0, text="t", start=0, end=1, language="en")
    session.add(unit)
    session.flush()
    score = {"negative": -0.8, "neutral": 0.0, "positive": 0.8}[sentiment]
    session.add(
        UnitAnnotation(
            unit_id=unit.id,
            model_version="v",
            stage=stage,
            stage_score=1,
            touchpoint=touchpoint,
            touchpoint_score=1,
            sentiment=sentiment,
            sentiment_score=score,
            emotion="neutral",
            emotion_score=1,
        )
    )


def test_importance_rule_thresholds():
    assert impact((5, -5.0), (5, 5.0)) == 2.0
    assert impact((4, -4.0), (5, 5.0)) is None
    assert classify_importance("delivery", 0.10, 0.30) == ("critical", "score_impact")
    assert classify_importance("delivery", 0.09, 0.90) == ("complementary", "score_impact")
    assert classify_importance("delivery", 0.10, 0.29) == ("complementary", "score_impact")
    assert classify_importance("email", 0.04, 0.09) == ("redundant", "score_impact")
    assert classify_importance("email", 0.04, 0.50) == ("complementary", "score_impact")
    assert classify_importance("email", 0.30, None) == ("critical", "volume_only")
    assert classify_importance("email", 0.29, None) == ("complementary", "volume_only")
    assert classify_importance("email", 0.049, None) == ("redundant", "volume_only")
    assert classify_importance("other", 0.9, 1.0) == (None, "not_a_touchpoint")


@pytest.mark.parametrize(
    ("filters", "units", "records"),
    [
        # R2 (15 Feb) and R3 (1 Mar, noon: a date bound covers its whole day); R4 has no date
        (MapFilters(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 3, 1)), 5, 2),
        (MapFilters(date_from=dt.datetime(2026, 3, 1, 13)), 2, 1),  # R5 only
        (MapFilters(source="app_store"), 5, 2),  # R2, R5
        (MapFilters(segment="private"), 6, 3),  # R1, R3, R5
        (MapFilters(language="he"), 5, 2),  # R2, R3
        (MapFilters(language=["he", "mixed"]), 6, 3),  # + R4
        (MapFilters(source="google", language="he"), 2, 1),  # R3
        (MapFilters(source="nowhere"), 0, 0),
    ],
)
def test_filters(shop, filters, units, records):
    sessions, made = shop
    m = _map(sessions, made, filters=filters)
    assert (m.totals.volume.units, m.totals.volume.records) == (units, records)
    assert sum(s.volume.units for s in m.stages) == units
    assert m.filters == filters


def test_filters_reach_pain_points_and_scores(shop):
    sessions, made = shop
    m = _map(sessions, made, filters=MapFilters(source="app_store"))
    post = m.stage("post_purchase")  # u3, u4 (R2), u9 (R5)
    assert [(p.id.split("-")[1], p.units) for p in post.pain_points] == [("late", 2), ("rude", 1)]
    assert m.stage("purchase").pain_points == ()  # u7 is R3's, from google
    assert (post.scores.nps_n, post.scores.detractors) == (2, 2)
    assert post.scores.nps == -100.0


def test_other_model_version(shop):
    sessions, made = shop
    m = _map(sessions, made, model_version=OLD_VERSION)
    assert m.model_version == OLD_VERSION
    assert m.totals.volume.units == 1
    assert m.stage("awareness").volume.units == 1
    assert [s.key for s in m.stages] == DEFAULT_STAGES[:-1]


def test_custom_taxonomy_orders_stages(database_url):
    sessions = open_database(database_url)
    taxonomy = {
        "version": "platform-1",
        "stages": [
            {"key": "discover", "name": {"en": "Discover", "he": "גילוי"}},
            {"key": "buy", "name": {"en": "Buy", "he": "קנייה"}},
            {"key": "use", "name": "Use"},
        ],
    }
    with sessions.begin() as session:
        project = Project(name="custom", taxonomy=taxonomy)
        session.add(project)
        session.flush()
        imp_id = _import(session, project.id)
        for i, stage in enumerate(["use", "legacy", "buy", "use"]):
            _unit_row(session, project.id, imp_id, i, stage, "delivery", "neutral", None)
        project_id = project.id
    with sessions() as session:
        m = build_journey_map(session, project_id)
    # the taxonomy's order, every stage even when empty, then a stage it lacks; no unknown
    assert [s.key for s in m.stages] == ["discover", "buy", "use", "legacy"]
    assert [s.volume.units for s in m.stages] == [0, 1, 2, 1]
    assert m.stage("discover").name_he == "גילוי"
    assert m.taxonomy_version == "platform-1"
    assert m.stage("use").touchpoints[0].name_en == "Delivery / shipping"  # default touchpoints
    sessions.kw["bind"].dispose()


def test_cache_follows_the_data_version(shop):
    sessions, made = shop
    first = _map(sessions, made)
    assert _map(sessions, made) is first  # served from the cache
    assert _map(sessions, made, use_cache=False) is not first
    with sessions() as session:
        before = data_version(session, made.project_id)
    with sessions.begin() as session:  # an analyst dismisses the worst pain point
        pp = session.get(PainPointRow, f"pp-late-{made.project_id}")
        pp.status = "dismissed"
    with sessions() as session:
        assert data_version(session, made.project_id) != before
    second = _map(sessions, made)
    assert second is not first
    assert [p.id.split("-")[1] for p in second.stage("post_purchase").pain_points] == ["rude"]
    with sessions.begin() as session:  # a new annotation version is a new data version
        session.add(
            UnitAnnotation(
                unit_id=made.units["u1"],
                model_version="heads-v3",
                stage="advocacy",
                stage_score=1,
                touchpoint="other",
                touchpoint_score=1,
                sentiment="neutral",
                sentiment_score=0,
                emotion="neutral",
                emotion_score=1,
            )
        )
    third = _map(sessions, made)
    assert third is not second and third.model_version == "heads-v3"


def test_errors_name_the_problem(shop):
    sessions, made = shop
    with pytest.raises(MapError, match="project 999999 does not exist"):
        _map(sessions, type(made)(999999, {}, {}))
    with pytest.raises(MapError, match="top_pain_points"):
        _map(sessions, made, top_pain_points=-1)


def test_project_without_annotations_has_an_empty_map(database_url):
    sessions = open_database(database_url)
    with sessions.begin() as session:
        project = Project(name="empty")
        session.add(project)
        session.flush()
        project_id = project.id
    with sessions() as session:
        m = build_journey_map(session, project_id)
    assert m.model_version is None and m.totals.volume.units == 0
    assert [s.key for s in m.stages] == DEFAULT_STAGES[:-1]
    sessions.kw["bind"].dispose()


def test_json_is_traceable(shop):
    sessions, made = shop
    data = _map(sessions, made).to_dict()
    assert [s["key"] for s in data["stages"]] == DEFAULT_STAGES
    assert data["model_version"] == VERSION
    assert "nps" in data["definitions"] and "importance" in data["definitions"]
    quote = data["stages"][3]["pain_points"][0]["quotes"][0]
    assert quote == {
        "unit_id": made.units["u3"],
        "record_id": made.records["R2"],
        "text": "המשלוח איחר בשבועיים",
        "language": "he",
    }
    filtered = _map(sessions, made, filters=MapFilters(date_from=dt.date(2026, 1, 1)))
    assert filtered.to_dict()["filters"]["date_from"] == "2026-01-01"
