"""Pain-point building blocks without a database: words, labels, quotes, severity, trend,
growing, id matching, the clusterer on synthetic data, and the scores."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from miner.cluster.cleaning import remove_language_signal, text_for_clustering
from miner.cluster.describe import (
    is_growing,
    mix,
    quotes_by_similarity,
    representative_quotes,
    severity,
    trend,
)
from miner.cluster.discover import PainPointClusterer, assign_to_centroids
from miner.cluster.evaluation import score_clustering
from miner.cluster.keywords import (
    base_form,
    content_words,
    phrase_tokens,
    tokenize,
    unit_phrases,
    vocabulary,
)
from miner.cluster.labels import cluster_labels, fallback_labels
from miner.cluster.model import NegativeUnit
from miner.cluster.stability import match_clusters, new_pain_point_id


def test_hebrew_prefixes_fold_into_one_word():
    vocab = vocabulary(["המשלוח איחר", "במשלוח היה נזק", "שהמשלוח לא הגיע", "משלוח יקר"])
    assert {base_form(w, vocab) for w in ("המשלוח", "במשלוח", "שהמשלוח", "משלוח")} == {"משלוח"}


def test_hebrew_first_letters_that_are_not_prefixes_stay():
    # "מטוס" starts with מ, "ביטול" with ב, "שירות" with ש: no shorter word is seen, so they stay
    vocab = vocabulary(["המטוס איחר", "ביטול הטיסה", "שירות גרוע", "מטוס ישן", "טוס"])
    assert base_form("מטוס", vocab) == "מטוס"  # "טוס" is known but rarer and only 3 letters
    assert base_form("ביטול", vocab) == "ביטול"
    assert base_form("שירות", vocab) == "שירות"
    assert base_form("המטוס", vocab) == "מטוס"


def test_english_plurals_and_stopwords():
    vocab = vocabulary(["my bag is lost", "bags lost again", "delays and delay"])
    assert base_form("bags", vocab) == "bag"
    assert base_form("delays", vocab) == "delay"
    assert base_form("class", vocab) == "class"
    assert content_words("My bags were lost!", vocab) == ["bag", "lost"]
    assert tokenize("Don't") == ["dont"]


def test_labels_name_the_problem_in_each_language():
    clusters = {
        "delivery": [
            ("המשלוח איחר בשבוע", "he"),
            ("עיכוב במשלוח של ההזמנה", "he"),
            ("שהמשלוח יגיע כבר, עיכוב מטורף", "he"),
            ("עיכוב במשלוח שוב", "he"),
            ("the delivery was late again", "en"),
            ("late delivery, nobody called", "en"),
            ("my delivery is late by a week", "en"),
        ],
        "billing": [
            ("חייבו אותי פעמיים בכרטיס", "he"),
            ("חיוב כפול בכרטיס האשראי", "he"),
            ("חיוב כפול בחשבונית", "he"),
            ("I was charged twice for one order", "en"),
            ("charged twice again, refund please", "en"),
            ("double charge on my card", "en"),
        ],
        "english only": [("the app crashes on login", "en"), ("app crashes every time", "en")],
    }
    labels = cluster_labels(clusters)
    assert labels["delivery"]["en"] in ("delivery is late", "delivery was late")
    assert "משלוח" in labels["delivery"]["he"]  # the base form, not "המשלוח" / "במשלוח"
    assert "charged twice" in labels["billing"]["en"]
    assert "חיוב כפול" in labels["billing"]["he"]
    assert "crash" in labels["english only"]["en"] and labels["english only"]["he"] == ""


def test_text_for_clustering_keeps_numbers_and_the_problem():
    text = "@united delayed 80 minutes :( http://t.co/x #LostBag 😡 באל על"
    assert text_for_clustering(text, ["United", "אל על"]) == "delayed 80 minutes Lost Bag"


def test_remove_language_signal_centres_each_language():
    rng = np.random.default_rng(0)
    he = rng.normal(size=(20, 8)) + 5 * np.eye(8)[0]
    en = rng.normal(size=(20, 8)) + 5 * np.eye(8)[1]
    centred = remove_language_signal(
        np.vstack([he, en]).astype(np.float32), ["he"] * 20 + ["en"] * 20
    )
    assert np.allclose(np.linalg.norm(centred, axis=1), 1, atol=1e-5)
    assert abs(centred[:20].mean(axis=0)[0]) < 0.2 and abs(centred[20:].mean(axis=0)[1]) < 0.2
    with pytest.raises(ValueError, match="3 vectors but 2 languages"):
        remove_language_signal(np.zeros((3, 8), np.float32), ["he", "en"])


def _unit(i, text, language="en", score=-0.8, date=None, stage="post_purchase"):
    return NegativeUnit(i, f"r{i}", text, language, stage, "delivery", score, date)


def test_quotes_differ_and_cover_both_languages():
    base = np.eye(6, dtype=np.float32)
    vectors = np.vstack(
        [base[0]] * 4
        + [0.8 * base[0] + 0.6 * base[1]]
        + [0.8 * base[0] + 0.6 * base[2]]
        + [0.7 * base[0] + 0.7 * base[3]]
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    units = [_unit(i, f"copy {i}") for i in range(4)] + [
        _unit(4, "other angle"),
        _unit(5, "third angle"),
        _unit(6, "בעברית", "he"),
    ]
    quotes = representative_quotes(units, vectors, base[0], limit=4)
    ids = [q["unit_id"] for q in quotes]
    assert len(ids) == 4 and len(set(ids) & {0, 1, 2, 3}) == 1  # one of the four copies only
    assert {q["language"] for q in quotes} == {"en", "he"}
    by_sim = quotes_by_similarity(units, [0.9, 0.9, 0.9, 0.9, 0.5, 0.4, 0.1], limit=3)
    assert [q["language"] for q in by_sim][-1] == "he" and len(by_sim) == 3


def test_severity_formula():
    now = dt.datetime(2026, 6, 1)
    # share 0.25 -> sqrt 0.5; negativity 0.8; all dated today -> recency 1
    assert severity(25, 100, [-0.8] * 25, [now] * 25, now) == pytest.approx(40.0)
    # a year old: recency 2^-4 -> factor 0.53125
    old = now - dt.timedelta(days=360)
    assert severity(25, 100, [-0.8] * 25, [old] * 25, now) == pytest.approx(21.25, abs=0.06)
    assert severity(25, 100, [-0.8] * 25, [None] * 25, now) == pytest.approx(30.0)
    assert severity(0, 100, [], [], now) == 0.0


def test_trend_and_growing():
    d = dt.datetime
    dates = [d(2026, 5, 4), d(2026, 5, 5), d(2026, 6, 1)]
    assert trend(dates + [None]) == {
        "weeks": {"2026-W19": 2, "2026-W23": 1},
        "months": {"2026-05": 2, "2026-06": 1},
    }
    project = [d(2026, 3, 1) + dt.timedelta(days=i) for i in range(120)]  # one a day
    newest = max(project)
    recent = [newest - dt.timedelta(days=i) for i in range(6)]
    early = [d(2026, 4, 1), d(2026, 4, 20)]
    assert is_growing(recent + early, project)
    steady = [x for x in project if x.day % 5 == 0]
    assert not is_growing(steady, project)
    assert not is_growing(recent, recent)  # nothing before the window to compare with
    assert not is_growing([], [])


def test_mix_counts_and_shares():
    assert mix(["a", "b", "a"]) == [
        {"label": "a", "count": 2, "share": 0.6667},
        {"label": "b", "count": 1, "share": 0.3333},
    ]


def _blobs(n_per=60, k=4, dim=32, seed=0, spread=0.35):
    rng = np.random.default_rng(seed)
    centres = np.linalg.qr(rng.normal(size=(dim, dim)))[0][:k]
    x = np.vstack([c + spread * rng.normal(size=(n_per, dim)) / np.sqrt(dim) for c in centres])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), np.repeat(np.arange(k), n_per)


def test_clusterer_finds_blobs_and_leaves_few_out():
    vectors, gold = _blobs()
    labels = PainPointClusterer().fit_predict(vectors)
    scores = score_clustering(gold, labels)
    assert scores.v_measure > 0.9 and scores.n_clusters == 4
    assert scores.unclustered_share <= 0.10
    assert np.array_equal(labels, PainPointClusterer().fit_predict(vectors))  # deterministic


def test_clusterer_sample_then_assign_and_tiny_inputs():
    vectors, gold = _blobs(n_per=150)
    result = PainPointClusterer(max_sample=200).fit(vectors)
    assert score_clustering(gold, result.labels).ari > 0.85
    assert (result.labels == -1).mean() <= 0.10
    far = -result.centroids[:1]  # opposite of a centroid: below every floor
    assert assign_to_centroids(far, result.centroids, result.floors)[0][0] == -1
    assert PainPointClusterer().fit_predict(np.zeros((0, 8), np.float32)).shape == (0,)
    assert (PainPointClusterer().fit_predict(vectors[:2]) == -1).all()


def test_match_clusters_keeps_ids_and_names_new_ones():
    eye = np.eye(4, dtype=np.float32)
    matches = match_clusters(
        eye[[1, 0, 3]], [{10, 11}, {1, 2, 3}, {50}], [eye[0], eye[1], None], [{1, 2}, {10}, {7}]
    )
    assert matches == {0: 1, 1: 0}  # the third new cluster is new
    a = new_pain_point_id(1, [3, 1, 2], set())
    assert a == new_pain_point_id(1, [1, 2, 3], set()) and a.startswith("pp-")
    assert new_pain_point_id(1, [1, 2, 3], {a}) == f"{a}-2"


def test_score_clustering_counts_unclustered():
    scores = score_clustering(["a", "a", "b", "b"], [0, 0, 1, -1])
    assert scores.unclustered_share == 0.25 and scores.n_clusters == 2
    with pytest.raises(ValueError):
        score_clustering(["a"], [0, 1])


def _other_clusters():
    """Background clusters, so c-TF-IDF has something to compare with."""
    return {
        "billing": [
            ("חייבו אותי פעמיים בכרטיס", "he"),
            ("חיוב כפול בכרטיס האשראי", "he"),
            ("I was charged twice for one order", "en"),
            ("charged twice again on my card", "en"),
        ],
        "support": [
            ("חיכיתי שעה על הקו ואף אחד לא ענה", "he"),
            ("שעה בהמתנה בטלפון", "he"),
            ("an hour on hold with customer service", "en"),
            ("waited on hold for ages, nobody answered the phone", "en"),
        ],
    }


def test_labels_keep_the_negation():
    clusters = {
        "ordering": [
            ("לא מצליח להזמין באתר", "he"),
            ("אני לא מצליח להזמין כבר יומיים", "he"),
            ("ניסיתי שוב ולא מצליח להזמין", "he"),
            ("האתר תקוע, לא מצליח להזמין מוצר", "he"),
            ("I can't log in to the app", "en"),
            ("still can't log in after the reset", "en"),
            ("Can't log in since yesterday", "en"),
            ("the app says error when I try", "en"),
        ],
        **_other_clusters(),
    }
    labels = cluster_labels(clusters)
    assert labels["ordering"]["he"].startswith("לא מצליח להזמין")
    assert labels["ordering"]["en"].startswith("can't log in")


def test_a_shared_phrase_beats_a_keyword_pair():
    clusters = {
        "luggage": [
            ("my bag was lost on the way to Boston", "en"),
            ("lost bag, nobody at the desk knows where it is", "en"),
            ("second lost bag this month, the baggage claim was closed", "en"),
            ("the bag never arrived and the claim desk ignores me", "en"),
            ("bag damaged, handle broken", "en"),
            ("where is my bag? three days now", "en"),
        ],
        **_other_clusters(),
    }
    label = cluster_labels(clusters)["luggage"]["en"]
    assert label.startswith("lost bag") and "," not in label  # not "bag, lost"


def test_hebrew_prefixes_merge_in_labels():
    clusters = {
        "delivery": [
            ("המשלוח לא הגיע", "he"),
            ("שהמשלוח לא הגיע עד היום", "he"),
            ("המשלוח לא הגיע אחרי שבועיים", "he"),
            ("עיכוב במשלוח", "he"),
            ("משלוח יקר מדי", "he"),
        ],
        **_other_clusters(),
    }
    label = cluster_labels(clusters)["delivery"]["he"]
    # three units say it behind two different prefixes; a lone ש is not shown at the start
    assert label == "המשלוח לא הגיע"


def test_labels_are_stable_under_unit_order_and_ignore_handles():
    clusters = {
        "delays": [
            ("@united flight delayed again http://t.co/abc", "en"),
            ("@united my flight delayed 3 hours", "en"),
            ("flight delayed, missed my connection @united", "en"),
            ("@united the crew was late", "en"),
            ("העיכוב בטיסה היה נוראי", "he"),
            ("עיכוב בטיסה של שלוש שעות", "he"),
        ],
        **_other_clusters(),
    }
    forward = cluster_labels(clusters)
    backward = cluster_labels(
        {key: list(reversed(units)) for key, units in reversed(clusters.items())}
    )
    assert forward == backward
    assert forward["delays"]["en"] == "flight delayed" and "united" not in forward["delays"]["en"]
    assert forward["delays"]["he"] in ("עיכוב בטיסה", "העיכוב בטיסה")


def test_weights_pull_labels_to_central_units():
    units = [
        ("the app crashes at checkout", "en"),
        ("app crashes every time I pay", "en"),
        ("the screen is too small", "en"),
        ("the screen is too small again", "en"),
        ("screen too small to read", "en"),
    ]
    clusters = {"app": units, **_other_clusters()}
    assert cluster_labels(clusters)["app"]["en"].startswith("screen is too small")
    central = cluster_labels(clusters, weights={"app": [1.0, 1.0, 0.1, 0.1, 0.1]})
    assert central["app"]["en"].startswith("app crashes")


def test_phrases_never_drop_a_negation():
    vocab = vocabulary(["לא מצליח להזמין", "I can't log in", "זה לא עובד"])
    hebrew = unit_phrases(phrase_tokens("שוב לא מצליח להזמין, אין מענה", vocab, hebrew=True))
    assert "לא מצליח להזמין" in hebrew.values() and "אין מענה" in hebrew.values()
    assert not {"מצליח", "מצליח להזמין", "מענה"} & set(hebrew.values())
    english = unit_phrases(phrase_tokens("I can't log in. Never again!", vocab, hebrew=False))
    assert "can't log in" in english.values() and "log in" not in english.values()
    assert all(not p.endswith(("in.", "never")) for p in english.values())
    mixed = unit_phrases(phrase_tokens("האפליקציה לא עובדת on iOS", vocab, hebrew=True))
    assert set(mixed.values()) == {"האפליקציה", "האפליקציה לא עובדת", "לא עובדת"}


def test_a_cluster_with_no_shared_phrase_gets_a_named_fallback_label():
    texts = ["Sneaky.", "Second time.", "Unbelievable", "Really?", "Never again.."]
    texts += ["מה זה הבדיחה הזאת", "תתקנו את זה", "חבל", "ביזיון", "נו באמת"]
    vague = {"v": [(t, "he" if t[0] >= "\u0590" else "en") for t in texts]}
    assert cluster_labels(vague) == {"v": {"en": "", "he": ""}}
    # The fallback names the most frequent touchpoint in both languages, in parentheses.
    named = fallback_labels(["mobile_app", "mobile_app", "other"])
    assert named["en"].startswith("(") and "app" in named["en"].lower()
    assert "תלונות כלליות" in named["he"] and named["he"] != "(תלונות כלליות)"
    general = fallback_labels(["other", "other", "billing"])
    assert general == {"en": "(general complaints)", "he": "(תלונות כלליות)"}
    assert fallback_labels([]) == general
