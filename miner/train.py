"""`miner train`: fit the classifier heads on the project's own corpus, reproducibly.

Each head is a multinomial logistic regression over the encoder's vector joined with TF-IDF
character and word n-grams (see `miner.classify.lexical`). Its regularisation C and its
fallback threshold (stage -> unknown, touchpoint -> other) are `HYPERPARAMETERS`, chosen on the
dev split by `search=True` (`miner train --search`, minutes: a grid of fits per task); a plain
`miner train` fits each head once with them (seconds). The shipped head is fitted on
train+dev and scored once on the untouched test split (per language and per label) for the
model card.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from miner.classify.classifier import HEADS_FILE, META_FILE, JourneyClassifier, text_for_encoding
from miner.classify.heads import LinearHead
from miner.classify.lexical import LexicalFeatures
from miner.corpus import CORPUS_DIR, corpus_version, load_corpus
from miner.encode.base import Encoder
from miner.metrics import TaskScores, score_by_language, score_task
from miner.taxonomy import TASKS, Taxonomy, load_taxonomy

C_GRID = (1.0, 2.0, 4.0, 10.0)
# Sentiment must carry over to feedback unlike the corpus (tweets, news comments): stronger
# regularisation generalises better there (measured with `miner eval` on public dev sets).
SENTIMENT_C_GRID = (0.5, 1.0, 2.0)
THRESHOLD_GRID = (0.0, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
THRESHOLD_TASKS = ("stage", "touchpoint")
# Settings whose dev macro-F1 is within this of the best count as ties, and the simplest of them
# wins (no fallback threshold, then the smaller C): a fallback threshold bought +0.004 on dev
# while it sent real feedback that names its touchpoint to `other` (public sets' recall fell).
SELECTION_MARGIN = 0.005
# Below the confidence where a head's dev answers are right less than one time in four, a stage
# or touchpoint is a guess: the fallback (unknown / other) answers instead.
ABSTAIN_BELOW_ACCURACY = 0.25
# The last `miner train --search` on the current corpus (recorded in the model card).
HYPERPARAMETERS: dict[str, dict[str, float]] = {
    "stage": {"C": 1.0, "threshold": 0.0},
    "touchpoint": {"C": 4.0, "threshold": 0.2},
    "sentiment": {"C": 0.5, "threshold": 0.0},
    "emotion": {"C": 1.0, "threshold": 0.0},
}


@dataclass
class TrainResult:
    models_dir: Path
    version: str
    test_scores: list[TaskScores]
    settings: dict


def _fit_task(
    x_train,
    y_train: list[str],
    x_dev,
    y_dev: list[str],
    task: str,
    taxonomy: Taxonomy,
) -> tuple[float, float]:
    """C and fallback threshold on dev by macro-F1: the simplest setting (lowest threshold,
    then lowest C) within `SELECTION_MARGIN` of the best; the threshold is raised to the
    abstention floor (`abstention_floor`) of the chosen head where the task has a fallback."""
    grid_c = SENTIMENT_C_GRID if task == "sentiment" else C_GRID
    scored: list[tuple[float, float, float]] = []  # (threshold, C, macro-F1)
    dev_proba: dict[float, tuple[list[str], np.ndarray]] = {}
    for c in grid_c:
        head = LinearHead.fit(x_train, y_train, c=c)
        proba = head.predict_proba(x_dev)
        dev_proba[c] = (head.labels, proba)
        grid = THRESHOLD_GRID if task in THRESHOLD_TASKS else (0.0,)
        for threshold in grid:
            pred = _decide(head.labels, proba, threshold, taxonomy.fallback(task))
            scored.append((threshold, c, score_task(task, "all", y_dev, pred).macro_f1))
    c, threshold = pick_setting(scored)
    if task in THRESHOLD_TASKS and taxonomy.fallback(task):
        threshold = max(threshold, abstention_floor(*dev_proba[c], y_dev))
    return c, threshold


def pick_setting(scored: list[tuple[float, float, float]]) -> tuple[float, float]:
    """(C, threshold) from (threshold, C, macro-F1) rows: the simplest within the margin."""
    best = max(f1 for _, _, f1 in scored)
    threshold, c, _ = min(s for s in scored if s[2] >= best - SELECTION_MARGIN)
    return c, threshold


def abstention_floor(labels: list[str], proba: np.ndarray, gold: list[str]) -> float:
    """The highest grid threshold below which the head's dev answers are right less than
    `ABSTAIN_BELOW_ACCURACY` of the time: there the fallback (unknown / other) is the honest
    answer, whatever macro-F1 says."""
    confidence = proba.max(axis=1)
    right = np.array([labels[j] for j in proba.argmax(axis=1)]) == np.asarray(gold)
    floor = 0.0
    for threshold in THRESHOLD_GRID:
        below = confidence < threshold
        if below.any() and right[below].mean() < ABSTAIN_BELOW_ACCURACY:
            floor = threshold
    return floor


def _decide(
    labels: list[str], proba: np.ndarray, threshold: float, fallback: str | None
) -> list[str]:
    idx = proba.argmax(axis=1)
    out = [labels[j] for j in idx]
    if fallback and threshold > 0:
        out = [
            fallback if proba[i, j] < threshold else lab
            for i, (j, lab) in enumerate(zip(idx, out, strict=True))
        ]
    return out


def train_heads(
    encoder: Encoder,
    models_dir: Path,
    *,
    corpus_dir: Path = CORPUS_DIR,
    taxonomy: Taxonomy | None = None,
    extra: pd.DataFrame | None = None,
    search: bool = False,
) -> TrainResult:
    """Train, score and save the four heads; `extra` adds labelled rows (analyst corrections).

    An `extra` row may leave a task empty (None): that task's head does not see the row.
    Extra rows only ever join the training split, and they change the heads' version.
    `search` chooses C and the fallback thresholds on the dev split instead of using
    `HYPERPARAMETERS`.
    """
    taxonomy = taxonomy or load_taxonomy()
    corpus = load_corpus(corpus_dir, taxonomy)
    suffix = ""
    if extra is not None and len(extra):
        corpus = pd.concat([corpus, extra.assign(split="train")], ignore_index=True)
        digest = hashlib.sha256(extra.to_json(orient="records").encode("utf-8")).hexdigest()
        suffix = f"+corrections.{len(extra)}.{digest[:8]}"
    with threadpool_limits(1):  # BLAS threads oversubscribe 2 cores: 10-50x slower fits
        return _train(encoder, models_dir, corpus, corpus_dir, taxonomy, suffix, search)


def _train(
    encoder: Encoder,
    models_dir: Path,
    corpus: pd.DataFrame,
    corpus_dir: Path,
    taxonomy: Taxonomy,
    version_suffix: str = "",
    search: bool = False,
) -> TrainResult:
    texts = [text_for_encoding(t) for t in corpus["text"]]
    vectors = encoder.encode(texts)
    masks = {s: (corpus["split"] == s).to_numpy() for s in ("train", "dev", "test")}
    fit_mask = masks["train"] | masks["dev"]
    # The n-gram vocabulary comes from train+dev only; the test split stays unseen.
    lexical = LexicalFeatures.fit([t for t, keep in zip(texts, fit_mask, strict=True) if keep])
    features = lexical.combine(vectors, texts)

    arrays: dict[str, np.ndarray] = dict(lexical.to_arrays())
    labels: dict[str, list[str]] = {}
    settings: dict[str, dict] = {}
    for task in TASKS:
        y = corpus[task].tolist()
        labelled = corpus[task].notna().to_numpy()  # corrections may leave a task unlabelled
        train, dev, fit = masks["train"] & labelled, masks["dev"] & labelled, fit_mask & labelled
        if search:
            c, threshold = _fit_task(
                features[train],
                [y[i] for i in np.flatnonzero(train)],
                features[dev],
                [y[i] for i in np.flatnonzero(dev)],
                task,
                taxonomy,
            )
        else:
            c, threshold = HYPERPARAMETERS[task]["C"], HYPERPARAMETERS[task]["threshold"]
        head = LinearHead.fit(features[fit], [y[i] for i in np.flatnonzero(fit)], c=c)
        arrays[f"{task}_coef"], arrays[f"{task}_intercept"] = head.coef, head.intercept
        labels[task] = head.labels
        settings[task] = {"C": c, "threshold": threshold, "searched": search}

    version = f"journey-heads-1+corpus.{corpus_version(corpus_dir)}{version_suffix}"
    models_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(models_dir / HEADS_FILE, **arrays)
    meta = {
        "version": version,
        "encoder": encoder.name,
        "lexical": True,
        "corpus_version": corpus_version(corpus_dir),
        "taxonomy_version": taxonomy.version,
        "labels": labels,
        "thresholds": {t: s["threshold"] for t, s in settings.items()},
        "hyperparameters": settings,
        "corpus_counts": {
            split: {
                lang: int(((corpus["split"] == split) & (corpus["lang"] == lang)).sum())
                for lang in sorted(corpus["lang"].unique())
            }
            for split in ("train", "dev", "test")
        },
    }
    (models_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")

    classifier = JourneyClassifier.load(models_dir, encoder, taxonomy)
    test = corpus[masks["test"]].reset_index(drop=True)
    predicted = classifier.predict(test["text"].tolist())
    scores: list[TaskScores] = []
    for task in TASKS:
        scores += score_by_language(
            task, test[task].tolist(), [getattr(p, task) for p in predicted], test["lang"].tolist()
        )
    result = TrainResult(models_dir, version, scores, settings)
    (models_dir / "test_scores.json").write_text(
        json.dumps([s.to_dict() for s in scores], ensure_ascii=False, indent=1) + "\n"
    )
    return result
