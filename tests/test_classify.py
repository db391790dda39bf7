"""JourneyClassifier with the shipped heads, the rating/NPS prior, the record roll-up, custom
taxonomies (prototype heads), fallbacks and taxonomy validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fixtures_models import SHIPPED_HEADS, CountingEncoder, shipped_classifier, single_threaded

from miner.classify import JourneyClassifier, UnitLabels, roll_up_record, text_for_encoding
from miner.classify.heads import LinearHead
from miner.classify.prototypes import PrototypeHead
from miner.classify.rating_prior import (
    PRIOR_MASS,
    PRIOR_WEIGHT,
    RECORD_WEIGHT,
    SENTIMENT_ORDER,
    apply_prior,
    record_score,
    score_class,
    score_value,
)
from miner.classify.rollup import sentiment_of_score
from miner.taxonomy import TASKS, TaxonomyError, load_taxonomy, taxonomy_from_dict


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with single_threaded():
        yield


@pytest.fixture(scope="module")
def classifier() -> JourneyClassifier:
    return shipped_classifier()


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


# --- shipped heads on obvious units -----------------------------------------------------------

OBVIOUS = [
    # text, touchpoint, sentiment, stage (None: not asserted)
    (
        "The courier never showed up and the package is lost",
        "delivery",
        "negative",
        "post_purchase",
    ),
    ("השליח לא הגיע והחבילה נעלמה", "delivery", "negative", "post_purchase"),
    ("המחיר מעולה, הכי זול בשוק", "pricing", "positive", None),
    ("Great price, the cheapest on the market", "pricing", "positive", None),
    ("I waited 40 minutes on hold with customer service", "customer_service", "negative", None),
    ("The app keeps crashing when I try to log in", "mobile_app", "negative", "post_purchase"),
    ("האפליקציה קורסת כל פעם שאני מנסה להתחבר", "mobile_app", "negative", "post_purchase"),
    ("I will definitely recommend you to all my friends", "word_of_mouth", "positive", "advocacy"),
    ("אמליץ עליכם לכל החברים שלי", "word_of_mouth", "positive", "advocacy"),
    ("They charged my credit card twice", "billing", "negative", None),
    ("חייבו אותי פעמיים בכרטיס האשראי", "billing", "negative", None),
    ("ההזמנה הגיעה מהר, תודה רבה!", "delivery", "positive", "post_purchase"),
    ("The delivery was super fast, thank you!", "delivery", "positive", "post_purchase"),
    # mixed Hebrew + English
    ("The delivery was late, השליח לא ענה לטלפון", "delivery", "negative", "post_purchase"),
    ("שירות הלקוחות של ה-support היה גרוע", "customer_service", "negative", None),
    ("ה-checkout באתר נתקע כל פעם", "checkout", "negative", "purchase"),
    ("ה-refund לא הגיע כבר חודש", "returns", "negative", None),
    ("ה-app קורס כל הזמן, ממש frustrating", "mobile_app", "negative", None),
    # got wrong by the heads of the first corpus (xfail then), right since the corpus grew
    ("חיכיתי 40 דקות על הקו לשירות לקוחות", "customer_service", "negative", None),
    ("ה-delivery היה ממש מהיר, אחלה service", "delivery", "positive", None),
]


PASSING_TEXTS = [row[0] for row in OBVIOUS if not hasattr(row, "marks")]


@pytest.fixture(scope="module")
def obvious_predictions(classifier) -> dict[str, UnitLabels]:
    texts = [getattr(row, "values", row)[0] for row in OBVIOUS]
    return dict(zip(texts, classifier.predict(texts), strict=True))


@pytest.mark.parametrize(("text", "touchpoint", "sentiment", "stage"), OBVIOUS)
def test_obvious_units(obvious_predictions, text, touchpoint, sentiment, stage):
    got = obvious_predictions[text]
    assert (got.touchpoint, got.sentiment) == (touchpoint, sentiment), got
    if stage is not None:
        assert got.stage == stage, got
    if sentiment == "negative":
        assert got.sentiment_score < 0
    elif sentiment == "positive":
        assert got.sentiment_score > 0


def test_shipped_heads_are_linear_for_the_default_taxonomy(classifier):
    assert all(isinstance(classifier.heads[t], LinearHead) for t in TASKS)
    assert "prototypes" not in classifier.version
    assert classifier.version.startswith("journey-heads-")
    assert classifier.lexical is not None


def test_batch_predictions_equal_single_predictions(classifier, obvious_predictions):
    for text in (PASSING_TEXTS[1], PASSING_TEXTS[-1]):
        got = obvious_predictions[text]
        (single,) = classifier.predict([text])
        assert single.touchpoint == got.touchpoint and single.sentiment == got.sentiment
        assert math.isclose(single.sentiment_score, got.sentiment_score, abs_tol=1e-3)


ODD_TEXTS = [
    "",
    "!!!",
    "ok",
    "😡😡😡",
    "https://example.com/order/123",
    "@QuickBite_help ???",
    "תודה",
    "meh",
    "ה-app",
    "The product is fine I guess",
    "זה מה יש",
    "x" * 600,
    "המשלוח " * 100,
]


def test_scores_are_in_range_and_labels_in_taxonomy(classifier, taxonomy):
    texts = ODD_TEXTS + PASSING_TEXTS
    encoded = classifier.encode(texts)
    ratings = ([None, 1, 3, 5, 10, 2.5, float("nan")] * 10)[: len(texts)]
    nps = [i % 11 for i in range(len(texts))]
    for kwargs in ({}, {"ratings": ratings}, {"nps": nps}, {"ratings": ratings, "nps": nps}):
        predicted = classifier.predict_encoded(encoded, **kwargs)
        assert len(predicted) == len(texts)
        for got in predicted:
            for task in ("stage", "touchpoint", "emotion"):
                assert getattr(got, task) in taxonomy.keys(task)
                assert 0.0 <= getattr(got, f"{task}_score") <= 1.0
            assert got.sentiment in SENTIMENT_ORDER
            assert -1.0 <= got.sentiment_score <= 1.0
            assert set(got.to_dict()) == {
                "stage",
                "stage_score",
                "touchpoint",
                "touchpoint_score",
                "sentiment",
                "sentiment_score",
                "emotion",
                "emotion_score",
            }


def test_task_proba_rows_are_distributions(classifier):
    encoded = classifier.encode(["השליח לא הגיע", "great price", "ה-app קורס"])
    for task in TASKS:
        labels, proba = classifier.task_proba(task, encoded)
        assert proba.shape == (3, len(labels))
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
        assert (proba >= 0).all()


def test_shipped_thresholds_send_contentless_units_to_fallbacks(classifier):
    (got,) = classifier.predict(["ok"])
    assert got.stage == "unknown"
    assert got.touchpoint == "other"
    assert got.sentiment == "neutral"


def test_text_for_encoding_drops_urls_and_neutralises_handles(classifier):
    assert text_for_encoding("@QuickBite_help the courier never came https://t.co/x1") == (
        "@user the courier never came"
    )
    assert text_for_encoding("שלחתי ל-@support_il ולא ענו") == "שלחתי ל-@user ולא ענו"
    # an e-mail address is not a handle
    assert text_for_encoding("write to me@example.com") == "write to me@example.com"
    # a unit that is only a URL keeps its text rather than becoming empty
    assert text_for_encoding("https://example.com/x") == "https://example.com/x"
    a, b = classifier.predict(
        ["@QuickBite_help the courier never came", "@OtherBrand the courier never came www.x.com"]
    )
    assert a == b


def test_predict_no_units(classifier):
    # with lexical features, an empty batch must not reach TfidfVectorizer.transform([])
    assert classifier.predict([]) == []
    assert classifier.predict([], ratings=[], nps=[]) == []
    assert classifier.encode([]).vectors.shape == (0, 384)


def test_predict_encoded_no_units(classifier):
    encoded = classifier.encode([])
    assert classifier.predict_encoded(encoded) == []
    for task in TASKS:
        labels, proba = classifier.task_proba(task, encoded)
        assert proba.shape == (0, len(labels))


def test_load_rejects_heads_of_another_encoder():
    with pytest.raises(ValueError, match="miner train") as info:
        JourneyClassifier.load(SHIPPED_HEADS, CountingEncoder("fake/other", dim=384))
    assert "fake/other" in str(info.value)


# --- rating / NPS prior ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "nps", "cls", "value"),
    [
        (1, None, 0, -1.0),
        (2, None, 0, -0.5),
        (3, None, 1, 0.0),
        (4, None, 2, 0.5),
        (5, None, 2, 1.0),
        (2.4, None, 0, -0.3),
        (3.5, None, 2, 0.25),
        # a 0-10 rating is read after dividing by 2
        (10, None, 2, 1.0),
        (6, None, 1, 0.0),
        (8, None, 2, 0.5),
        # NPS: 0-6 detractor, 7-8 passive, 9-10 promoter; the value is centred on the
        # passives so its sign agrees with the class
        *[(None, n, 0, max(-1.0, (n - 7.5) / 2.5)) for n in range(0, 7)],
        (None, 6, 0, -0.6),
        (None, 7, 1, -0.2),
        (None, 8, 1, 0.2),
        (None, 9, 2, 0.6),
        (None, 10, 2, 1.0),
        (None, float("nan"), None, None),
        # the star rating wins over NPS; a NaN rating counts as missing
        (5, 0, 2, 1.0),
        (float("nan"), 9, 2, 0.6),
        (None, None, None, None),
        (float("nan"), None, None, None),
    ],
)
def test_score_class_and_value(rating, nps, cls, value):
    assert score_class(rating, nps) == cls
    got = score_value(rating, nps)
    assert got == value if value is None else math.isclose(got, value, abs_tol=1e-9)


def test_apply_prior_is_the_documented_rule():
    proba = np.array([[0.3, 0.4, 0.3], [0.05, 0.15, 0.8], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
    out = apply_prior(proba, [0, 0, None, 2])
    rest = (1 - PRIOR_MASS) / 2
    expected = proba[0] * np.array([PRIOR_MASS, rest, rest]) ** PRIOR_WEIGHT
    np.testing.assert_allclose(out[0], expected / expected.sum())
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    assert out[0].argmax() == 0  # ambiguous unit leans to the score's class
    assert out[1].argmax() == 2  # confident unit keeps its reading
    np.testing.assert_array_equal(out[2], proba[2])  # no score: untouched
    assert out[3, 2] > proba[3, 2]
    np.testing.assert_array_equal(proba[0], [0.3, 0.4, 0.3])  # input not modified


# Units the shipped heads read as ambiguous (no class above 0.5), to test the prior. Known
# misses of the shipped heads: "the delivery took a while" leans positive (0.42), and
# "לקח להם יומיים לענות" (took them two days to answer) reads positive (0.72).
AMBIGUOUS = ["קיבלתי את ההזמנה אחרי כמה ימים", "the delivery took a few days"]


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_ambiguous_unit_leans_to_the_score(classifier, text):
    _, proba = classifier.task_proba("sentiment", classifier.encode([text]))
    assert proba.max() < 0.5, f"precondition: {text!r} should be ambiguous, got {proba}"
    (plain,) = classifier.predict([text])
    low, high = classifier.predict([text, text], ratings=[1, 5])
    assert (low.sentiment, high.sentiment) == ("negative", "positive")
    assert low.sentiment_score < plain.sentiment_score < high.sentiment_score
    detractor, passive, promoter = classifier.predict([text] * 3, nps=[3, 8, 10])
    assert (detractor.sentiment, promoter.sentiment) == ("negative", "positive")
    assert detractor.sentiment_score < passive.sentiment_score < promoter.sentiment_score
    # a 0-10 star scale works the same way
    (ten,) = classifier.predict([text], ratings=[10])
    assert ten.sentiment_score == pytest.approx(high.sentiment_score, abs=1e-4)


def test_confident_units_survive_the_score(classifier):
    negatives = [
        "השליח לא הגיע והחבילה נעלמה",
        "The app keeps crashing when I try to log in",
        "ה-refund לא הגיע כבר חודש",
    ]
    for got in classifier.predict(negatives, ratings=[5, 5, 5]):
        assert got.sentiment == "negative" and got.sentiment_score < 0
    for got in classifier.predict(negatives, nps=[10, 10, 10]):
        assert got.sentiment == "negative"
    positives = ["אמליץ עליכם לכל החברים שלי", "The delivery was super fast, thank you!"]
    for got in classifier.predict(positives, ratings=[1, 1]):
        assert got.sentiment == "positive"


def test_prior_applies_per_unit(classifier):
    text = AMBIGUOUS[0]
    plain, scored = classifier.predict([text, text], ratings=[None, 1])
    (alone,) = classifier.predict([text])
    assert plain.sentiment_score == pytest.approx(alone.sentiment_score, abs=1e-4)
    assert scored.sentiment_score < plain.sentiment_score
    # the prior touches sentiment only
    assert (plain.stage, plain.touchpoint, plain.emotion) == (
        scored.stage,
        scored.touchpoint,
        scored.emotion,
    )
    with pytest.raises(ValueError):
        classifier.predict([text, text], ratings=[5])


def test_record_score_blends_units_with_the_score():
    units = [-0.6, 0.0]
    assert record_score(units, None, None) == pytest.approx(-0.3)
    assert record_score(units, 5, None) == pytest.approx((1 - RECORD_WEIGHT) * -0.3 + RECORD_WEIGHT)
    assert record_score(units, None, 0) == pytest.approx((1 - RECORD_WEIGHT) * -0.3 - RECORD_WEIGHT)
    assert record_score([], 4, None) == pytest.approx(RECORD_WEIGHT * 0.5)
    assert record_score([], None, None) == 0.0


# --- roll-up ----------------------------------------------------------------------------------


def _unit(
    stage="post_purchase",
    stage_score=0.5,
    touchpoint="delivery",
    touchpoint_score=0.5,
    sentiment_score=0.0,
    emotion="neutral",
) -> UnitLabels:
    sentiment = sentiment_of_score(sentiment_score)
    return UnitLabels(
        stage, stage_score, touchpoint, touchpoint_score, sentiment, sentiment_score, emotion, 0.5
    )


def test_roll_up_stage_ignores_unknown_unless_nothing_else():
    units = [
        _unit("unknown", 0.95),
        _unit("post_purchase", 0.3),
        _unit("purchase", 0.5),
        _unit("post_purchase", 0.25),
    ]
    assert roll_up_record(units).stage == "post_purchase"  # 0.55 of mass beats 0.5
    assert roll_up_record([_unit("unknown", 0.9), _unit("unknown", 0.2)]).stage == "unknown"
    assert roll_up_record([_unit("unknown", 0.9), _unit("advocacy", 0.1)]).stage == "advocacy"


def test_roll_up_touchpoints_ordered_and_other_dropped():
    units = [
        _unit(touchpoint=tp, touchpoint_score=score)
        for tp, score in [
            ("other", 0.99),
            ("delivery", 0.5),
            ("pricing", 0.8),
            ("delivery", 0.4),
            ("mobile_app", 0.1),
        ]
    ]
    assert roll_up_record(units).touchpoints == ("delivery", "pricing", "mobile_app")
    only_other = [_unit(touchpoint="other", touchpoint_score=0.3)] * 2
    assert roll_up_record(only_other).touchpoints == ("other",)


def test_roll_up_emotion_of_the_strongest_unit():
    units = [
        _unit(sentiment_score=0.3, emotion="joy"),
        _unit(sentiment_score=-0.8, emotion="anger"),
        _unit(sentiment_score=0.5, emotion="satisfaction"),
    ]
    assert roll_up_record(units).emotion == "anger"
    units[1] = _unit(sentiment_score=-0.4, emotion="anger")
    assert roll_up_record(units).emotion == "satisfaction"


def test_roll_up_sentiment_blends_rating_and_nps():
    units = [_unit(sentiment_score=-0.6), _unit(sentiment_score=0.0)]
    plain = roll_up_record(units)
    assert (plain.sentiment, plain.sentiment_score) == ("negative", -0.3)
    five = roll_up_record(units, rating=5)
    assert five.sentiment == "positive" and five.sentiment_score == pytest.approx(0.22)
    assert roll_up_record(units, rating=4).sentiment == "neutral"
    assert roll_up_record(units, nps=9).sentiment == "neutral"  # -0.18 + 0.32
    assert roll_up_record(units, nps=10).sentiment == "positive"
    assert roll_up_record(units, nps=0).sentiment_score == pytest.approx(-0.58)


def test_roll_up_of_no_units():
    empty = roll_up_record([])
    got = (empty.sentiment, empty.sentiment_score, empty.stage, empty.touchpoints, empty.emotion)
    assert got == ("neutral", 0.0, "unknown", (), "neutral")
    assert roll_up_record([], rating=5).sentiment == "positive"
    assert roll_up_record([], rating=1).sentiment == "negative"
    assert roll_up_record([], rating=3).sentiment == "neutral"
    assert roll_up_record([], nps=7).sentiment == "neutral"
    assert roll_up_record([], nps=10).sentiment == "positive"
    assert roll_up_record([], nps=2).sentiment == "negative"


def test_roll_up_of_predicted_mixed_record(classifier):
    units = classifier.predict(
        [
            "The delivery was super fast, thank you!",
            "האפליקציה קורסת כל פעם שאני מנסה להתחבר",
        ]
    )
    record = roll_up_record(units, rating=4)
    assert set(record.touchpoints) == {"delivery", "mobile_app"}
    assert record.stage == "post_purchase"
    strongest = max(units, key=lambda u: abs(u.sentiment_score))
    assert record.emotion == strongest.emotion
    assert -1 <= record.sentiment_score <= 1


# --- custom taxonomy: prototype heads ----------------------------------------------------------

BORDERLINE = ["the box came dented but the thing inside works", "הקופסה הגיעה מעוכה אבל המוצר עובד"]


def _shop_taxonomy(*, examples: bool = True, extra: tuple[str, ...] = ()):
    def ex(*texts):
        return list(texts) if examples else []

    stages = [
        {
            "key": "browse",
            "name": {"en": "Browsing", "he": "גלישה"},
            "description": {
                "en": "Looking around the catalogue, comparing products and reading "
                "about them before ordering",
                "he": "מסתכלים בקטלוג, משווים מוצרים וקוראים עליהם לפני הזמנה",
            },
            "examples": ex(
                "I spent an hour comparing models on the site", "השוויתי בין כמה דגמים באתר"
            ),
        },
        {
            "key": "order",
            "name": {"en": "Ordering", "he": "הזמנה"},
            "description": {
                "en": "Placing the order and paying for it at checkout",
                "he": "ביצוע ההזמנה ותשלום בקופה",
            },
            "examples": ex(
                "The payment page failed when I tried to pay",
                "התשלום נכשל כשניסיתי לסיים את ההזמנה",
            ),
        },
        {
            "key": "after_sales",
            "name": {"en": "After sales", "he": "אחרי המכירה"},
            "description": {
                "en": "Delivery, using the product, support and returns after the purchase",
                "he": "משלוח, שימוש במוצר, תמיכה והחזרות אחרי הקנייה",
            },
            "examples": ex(
                "The package arrived broken and support ignored me",
                "החבילה הגיעה שבורה והתמיכה לא ענתה",
            )
            + list(extra),
        },
    ]
    return taxonomy_from_dict({"version": "shop-1", "stages": stages}, base=load_taxonomy())


@pytest.fixture(scope="module")
def shop_classifier(classifier):
    return JourneyClassifier.load(SHIPPED_HEADS, classifier.encoder, _shop_taxonomy())


def test_custom_stages_use_prototypes(shop_classifier):
    assert isinstance(shop_classifier.heads["stage"], PrototypeHead)
    assert shop_classifier.heads["stage"].labels == ["browse", "order", "after_sales"]
    for task in ("touchpoint", "sentiment", "emotion"):
        assert isinstance(shop_classifier.heads[task], LinearHead)
    assert "prototypes" in shop_classifier.version
    assert "stage:shop-1" in shop_classifier.version


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("I compared three laptops on your website before deciding", "browse"),
        ("השוויתי שלושה מחשבים ניידים באתר שלכם לפני שהחלטתי", "browse"),
        ("My credit card was declined at checkout", "order"),
        ("הכרטיס שלי נדחה בתשלום", "order"),
        ("The courier never showed up and the package is lost", "after_sales"),
        ("השליח לא הגיע והחבילה נעלמה", "after_sales"),
    ],
)
def test_custom_stage_predictions(shop_classifier, text, stage):
    (got,) = shop_classifier.predict([text])
    assert got.stage == stage, got
    assert 0 < got.stage_score <= 1
    # the other tasks still come from the trained heads
    assert got.touchpoint in load_taxonomy().keys("touchpoint")


def test_examples_sharpen_a_prototype(classifier, shop_classifier):
    encoder = classifier.encoder
    vectors = encoder.encode(BORDERLINE)
    # what the classifier's prototype head says equals a head built straight from the labels
    labels, proba = shop_classifier.task_proba("stage", shop_classifier.encode(BORDERLINE))
    direct = PrototypeHead.from_labels(_shop_taxonomy().labels["stage"], encoder)
    np.testing.assert_allclose(direct.predict_proba(vectors), proba, atol=1e-5)

    def p_after_sales(taxonomy):
        head = PrototypeHead.from_labels(taxonomy.labels["stage"], encoder)
        return head.predict_proba(vectors)[:, head.labels.index("after_sales")]

    bare = p_after_sales(_shop_taxonomy(examples=False))
    with_examples = p_after_sales(_shop_taxonomy())
    more = p_after_sales(_shop_taxonomy(extra=("The parcel arrived dented", "החבילה הגיעה מעוכה")))
    assert (with_examples > bare).all(), (bare, with_examples)
    assert (more > with_examples).all(), (with_examples, more)
    assert (more > 0.5).all()


def test_prototype_head_from_labels_with_fake_encoder():
    taxonomy = _shop_taxonomy()
    head = PrototypeHead.from_labels(taxonomy.labels["stage"], CountingEncoder(dim=16))
    assert head.prototypes.shape == (3, 16)
    np.testing.assert_allclose(np.linalg.norm(head.prototypes, axis=1), 1.0, atol=1e-5)
    proba = head.predict_proba(head.prototypes)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(proba.argmax(axis=1)) == [0, 1, 2]  # each prototype is closest to itself


def test_custom_taxonomy_from_yaml_file(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(
        "version: cx-2\nstages:\n"
        "  - key: discover\n    name: {en: Discover, he: גילוי}\n"
        "    description: {en: finding us}\n"
        "  - key: buy\n    description: {he: קנייה}\n"
        "    examples: [קניתי באתר, I bought it online]\n",
        encoding="utf-8",
    )
    taxonomy = load_taxonomy(path)
    assert taxonomy.version == "cx-2"
    assert taxonomy.keys("stage") == ["discover", "buy"]
    assert taxonomy.label("stage", "discover").name_he == "גילוי"
    assert taxonomy.label("stage", "buy").name_en == "buy"
    assert taxonomy.label("stage", "buy").examples == ("קניתי באתר", "I bought it online")
    default = load_taxonomy()
    for task in ("touchpoint", "sentiment", "emotion"):
        assert taxonomy.keys(task) == default.keys(task)
    assert taxonomy.fallback("stage") is None  # no `unknown` among the custom stages
    assert taxonomy.fallback("touchpoint") == "other"


# --- fallbacks -------------------------------------------------------------------------------


def test_high_threshold_falls_back(classifier):
    texts = [
        "The courier never showed up and the package is lost",
        "המחיר מעולה, הכי זול בשוק",
        "ה-checkout באתר נתקע כל פעם",
    ]
    normal = classifier.predict(texts)
    strict = JourneyClassifier(
        classifier.encoder,
        classifier.taxonomy,
        classifier.heads,
        lexical=classifier.lexical,
        thresholds={"stage": 0.9999, "touchpoint": 0.9999, "emotion": 0.9999},
    ).predict(texts)
    for before, after in zip(normal, strict, strict=True):
        assert (after.stage, after.touchpoint, after.emotion) == ("unknown", "other", "neutral")
        # the confidence reported is still the best label's
        assert after.stage_score == before.stage_score < 0.9999
        assert after.touchpoint_score == before.touchpoint_score
        assert after.sentiment == before.sentiment
        assert after.sentiment_score == before.sentiment_score
    lenient = JourneyClassifier(
        classifier.encoder,
        classifier.taxonomy,
        classifier.heads,
        lexical=classifier.lexical,
        thresholds={},
    ).predict(texts)
    assert [u.touchpoint for u in lenient] == ["delivery", "pricing", "checkout"]


def test_no_fallback_without_a_fallback_label(shop_classifier):
    strict = JourneyClassifier(
        shop_classifier.encoder,
        shop_classifier.taxonomy,
        shop_classifier.heads,
        lexical=shop_classifier.lexical,
        thresholds={"stage": 0.9999},
    )
    (got,) = strict.predict(["הכרטיס שלי נדחה בתשלום"])
    assert got.stage == "order"  # custom stages have no `unknown` to fall back to


# --- taxonomy validation --------------------------------------------------------------------


def _sections(**override):
    default = load_taxonomy().to_dict()
    data = {k: v for k, v in default.items()}
    data.update(override)
    return data


def test_default_taxonomy_round_trips():
    default = load_taxonomy()
    again = taxonomy_from_dict(default.to_dict())
    for task in TASKS:
        assert again.keys(task) == default.keys(task)
    assert again.label("stage", "post_purchase").name_he
    assert "unknown" in default.keys("stage") and "other" in default.keys("touchpoint")


@pytest.mark.parametrize(
    ("override", "section", "fragment"),
    [
        ({"stages": [{"name": "no key"}, {"key": "b"}]}, "stages[0]", "key"),
        ({"touchpoints": [{"key": "a"}, {"key": "  "}]}, "touchpoints[1]", "key"),
        ({"emotions": ["joy", "anger"]}, "emotions[0]", "key"),
        ({"touchpoints": [{"key": "a"}, {"key": "b"}, {"key": "a"}]}, "touchpoints", "duplicate"),
        ({"sentiments": [{"key": "good"}]}, "sentiments", "at least two"),
        ({"stages": []}, "stages", "at least two"),
    ],
)
def test_bad_taxonomies(override, section, fragment):
    with pytest.raises(TaxonomyError) as info:
        taxonomy_from_dict(_sections(**override))
    message = str(info.value)
    assert message.startswith(section), message
    assert fragment in message
    assert isinstance(info.value, ValueError)


def test_duplicate_keys_are_named():
    with pytest.raises(TaxonomyError, match=r"touchpoints: duplicate keys \['a'\]"):
        taxonomy_from_dict(_sections(touchpoints=[{"key": "a"}, {"key": "b"}, {"key": "a"}]))


def test_missing_section_without_base():
    data = _sections()
    del data["sentiments"]
    with pytest.raises(TaxonomyError, match="sentiments"):
        taxonomy_from_dict(data)
    assert taxonomy_from_dict(data, base=load_taxonomy()).keys("sentiment") == list(SENTIMENT_ORDER)
    with pytest.raises(TaxonomyError):
        taxonomy_from_dict(["stages"])


def test_unreadable_taxonomy_file_names_the_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stages: [unclosed\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="bad.yaml"):
        load_taxonomy(bad)
    with pytest.raises(TaxonomyError, match="missing.yaml"):
        load_taxonomy(tmp_path / "missing.yaml")
