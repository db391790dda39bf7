"""Benchmark `build_journey_map` on a synthetic 100k-unit project in SQLite (or any URL).

    .venv/bin/python -m benchmarks.bench_map [--units 100000] [--repeats 30] [--url URL]

Builds the project with bulk inserts (records, units, annotations, pain points; label
distributions like a real review dump: most feedback after the purchase, a third negative,
ratings skewed to 1 and 5), then times the map: cold (cache off: the SQL aggregates and the
assembly, every call) and warm (the default: one fingerprint query, then the cached map), each
with and without filters, p50/p95 over `--repeats` calls. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert, text
from sqlalchemy.orm import Session, sessionmaker

from miner.journey_map import MAP_CACHE, MapFilters, build_journey_map
from miner.store import open_database
from miner.store.schema import (
    Import,
    PainPointRow,
    PainPointUnit,
    Project,
    Record,
    Unit,
    UnitAnnotation,
)

GOAL_P95_MS = 200.0
MODEL_VERSION = "bench-heads-1"
STAGES = {  # stage: (share of units, its usual touchpoints)
    "awareness": (0.05, ["advertising", "social_media", "word_of_mouth", "search"]),
    "consideration": (0.10, ["website", "pricing", "review_sites", "sales_rep", "store"]),
    "purchase": (0.15, ["checkout", "website", "mobile_app", "store", "pricing"]),
    "post_purchase": (0.45, ["delivery", "product", "customer_service", "billing", "returns"]),
    "loyalty": (0.10, ["loyalty_program", "pricing", "customer_service", "email"]),
    "advocacy": (0.08, ["review_sites", "word_of_mouth", "social_media"]),
    "unknown": (0.07, ["other"]),
}
EMOTIONS = {
    "negative": ["frustration", "anger", "disappointment", "anxiety", "confusion"],
    "neutral": ["neutral", "curiosity"],
    "positive": ["satisfaction", "joy", "trust"],
}
SOURCES = ["google", "app_store", "survey", "facebook", "zap"]
SEGMENTS = ["private", "business", "student", "senior"]
LANGUAGES = ["he", "en", "mixed"]


def synthetic_project(
    sessions: sessionmaker[Session], units: int = 100_000, seed: int = 7, pain_points: int = 60
) -> int:
    """Insert a project of about `units` annotated units (2 per record on average); its id."""
    rng = np.random.default_rng(seed)
    n_records = max(1, units // 2)
    with sessions.begin() as session:
        project = Project(name=f"bench-{units}-{seed}")
        session.add(project)
        session.flush()
        imp = Import(project_id=project.id, file_name="synthetic.csv", file_sha256="0" * 64)
        session.add(imp)
        session.flush()
        project_id, import_id = project.id, imp.id
        first_record = _insert_records(session, rng, project_id, import_id, n_records)
        _insert_units(session, rng, project_id, first_record, n_records, units, pain_points)
    with sessions.begin() as session:  # planner statistics, as autovacuum would gather them
        session.execute(text("ANALYZE"))
    return project_id


def _insert_records(session, rng, project_id, import_id, n) -> int:
    start = dt.datetime(2025, 1, 1)
    stars = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.22, 0.1, 0.13, 0.2, 0.35])
    has_rating = rng.random(n) < 0.6
    has_nps = rng.random(n) < 0.4
    nps = np.clip(stars * 2 + rng.integers(-2, 1, size=n), 0, 10)
    days = rng.integers(0, 730, size=n)
    langs = rng.choice(len(LANGUAGES), size=n, p=[0.55, 0.35, 0.10])
    rows = [
        {
            "project_id": project_id,
            "import_id": import_id,
            "record_key": f"r{i}",
            "external_id": f"r{i}",
            "row": i + 2,
            "text": "synthetic",
            "language": LANGUAGES[int(langs[i])],
            "rating": float(stars[i]) if has_rating[i] else None,
            "nps": int(nps[i]) if has_nps[i] else None,
            "date": start + dt.timedelta(days=int(days[i])),
            "source": SOURCES[i % len(SOURCES)],
            "segment": SEGMENTS[(i // 3) % len(SEGMENTS)],
            "extra": {},
            "pii_redacted": {},
        }
        for i in range(n)
    ]
    session.execute(insert(Record), rows)
    first = session.query(Record.id).filter_by(project_id=project_id, record_key="r0").scalar()
    return first


def _insert_units(session, rng, project_id, first_record, n_records, n_units, n_pain):
    stage_keys = list(STAGES)
    stage_p = np.array([STAGES[k][0] for k in stage_keys])
    stages = rng.choice(len(stage_keys), size=n_units, p=stage_p / stage_p.sum())
    record_of = np.sort(rng.integers(0, n_records, size=n_units))
    record_of[: min(n_records, n_units)] = np.arange(min(n_records, n_units))  # none unit-less
    record_of.sort()
    sentiment = rng.choice(3, size=n_units, p=[0.35, 0.25, 0.40])
    labels = ["negative", "neutral", "positive"]
    units, annotations, idx = [], [], {}
    for i in range(n_units):
        record_id = first_record + int(record_of[i])
        k = idx.get(record_id, 0)
        idx[record_id] = k + 1
        stage = stage_keys[stages[i]]
        touchpoints = STAGES[stage][1]
        sent = labels[sentiment[i]]
        score = {"negative": -0.6, "neutral": 0.0, "positive": 0.6}[sent] + rng.normal(0, 0.2)
        units.append(
            {
                "record_id": record_id,
                "idx": k,
                "text": f"unit {i}",
                "start": 0,
                "end": 6,
                "language": "he" if i % 2 else "en",
            }
        )
        annotations.append(
            {
                "model_version": MODEL_VERSION,
                "stage": stage,
                "stage_score": 0.8,
                "touchpoint": touchpoints[int(rng.integers(len(touchpoints)))],
                "touchpoint_score": 0.7,
                "sentiment": sent,
                "sentiment_score": float(np.clip(score, -1, 1)),
                "emotion": EMOTIONS[sent][int(rng.integers(len(EMOTIONS[sent])))],
                "emotion_score": 0.6,
            }
        )
    session.execute(insert(Unit), units)
    ids = [
        u
        for (u,) in session.query(Unit.id)
        .join(Record)
        .filter(Record.project_id == project_id)
        .order_by(Unit.id)
    ]
    for unit_id, ann in zip(ids, annotations, strict=True):
        ann["unit_id"] = unit_id
    session.execute(insert(UnitAnnotation), annotations)
    pains = [
        {
            "id": f"pp-{project_id}-{j:03d}",
            "project_id": project_id,
            "model_version": MODEL_VERSION,
            "label_en": f"Problem {j}",
            "label_he": f"בעיה {j}",
            "status": "active" if j % 10 else "dismissed",
            "details": {"severity": round(float(rng.random()), 3), "size": 0},
        }
        for j in range(n_pain)
    ]
    session.execute(insert(PainPointRow), pains)
    negative = [u for u, s in zip(ids, sentiment, strict=True) if s == 0 and rng.random() < 0.7]
    members = [
        {
            "pain_point_id": pains[int(rng.integers(n_pain))]["id"],
            "unit_id": u,
            "similarity": round(float(rng.random()), 4),
        }
        for u in negative
    ]
    session.execute(insert(PainPointUnit), members)


def _time(sessions, project_id, filters, repeats, use_cache) -> list[float]:
    MAP_CACHE.clear()
    times = []
    with sessions() as session:
        build_journey_map(session, project_id, filters, use_cache=use_cache)  # warm-up
        for _ in range(repeats):
            start = time.perf_counter()
            build_journey_map(session, project_id, filters, use_cache=use_cache)
            times.append((time.perf_counter() - start) * 1000)
    return times


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def run(units: int, repeats: int, url: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        url = url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        sessions = open_database(url)
        start = time.perf_counter()
        project_id = synthetic_project(sessions, units)
        build_s = time.perf_counter() - start
        filters = {
            "no filters": MapFilters(),
            "date+source+language": MapFilters(
                date_from=dt.date(2025, 6, 1),
                date_to=dt.date(2026, 5, 31),
                source=["google", "app_store"],
                language="he",
            ),
        }
        rows = []
        for name, flt in filters.items():
            for cached in (False, True):
                times = _time(sessions, project_id, flt, repeats, cached)
                rows.append(
                    {
                        "filters": name,
                        "cache": "warm (default)" if cached else "cold (cache off)",
                        "p50_ms": round(_percentile(times, 50), 1),
                        "p95_ms": round(_percentile(times, 95), 1),
                        "max_ms": round(max(times), 1),
                        "calls": len(times),
                    }
                )
        with sessions() as session:
            stored = session.query(UnitAnnotation).count()
        sessions.kw["bind"].dispose()
    return {
        "units": stored,
        "insert_s": round(build_s, 1),
        "rows": rows,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg": os.getloadavg(),
        "url": url.split("///")[0] if url else "",
    }


def print_table(result: dict) -> None:
    print(
        f"{result['units']} units (inserted in {result['insert_s']} s), "
        f"Python {result['python']}, {result['cpus']} CPUs, load {result['load_avg']}"
    )
    print(f"{'filters':<22} {'cache':<18} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for row in result["rows"]:
        print(
            f"{row['filters']:<22} {row['cache']:<18} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['max_ms']:>8}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--url", help="database URL (default: a temp SQLite file)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if warm p95 > 200 ms")
    args = parser.parse_args(argv)
    result = run(args.units, args.repeats, args.url)
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    warm = [r["p95_ms"] for r in result["rows"] if r["cache"].startswith("warm")]
    if args.check and max(warm) > GOAL_P95_MS:
        print(f"warm p95 {max(warm)} ms is over the {GOAL_P95_MS} ms goal", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
