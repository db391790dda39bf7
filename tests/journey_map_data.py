"""A hand-made project for the journey-map tests: every number of its map is worked out by hand
in the tests (records R1-R5, units u1-u10, pain points), inserted as rows directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from miner.store.schema import (
    Import,
    PainPointRow,
    PainPointUnit,
    Project,
    Record,
    Unit,
    UnitAnnotation,
)

VERSION = "heads-v2"
OLD_VERSION = "heads-v1"
SCRIPT = "<script>alert('x')</script>"

# key: (rating, nps, date, source, segment, language)
RECORDS = {
    "R1": (5.0, 10, dt.datetime(2026, 1, 10, 9), "google", "private", "en"),
    "R2": (1.0, 2, dt.datetime(2026, 2, 15, 9), "app_store", "business", "he"),
    "R3": (4.0, None, dt.datetime(2026, 3, 1, 12), "google", "private", "he"),
    "R4": (None, 8, None, "survey", None, "mixed"),
    "R5": (2.0, 6, dt.datetime(2026, 3, 20, 9), "app_store", "private", "en"),
}
# key: (record, text, stage, touchpoint, sentiment, score, emotion)
UNITS = {
    "u1": ("R1", "Checkout was quick", "purchase", "checkout", "positive", 0.8, "satisfaction"),
    "u2": ("R1", "and it arrived early", "post_purchase", "delivery", "positive", 0.6, "joy"),
    "u3": ("R2", "המשלוח איחר בשבועיים", "post_purchase", "delivery", "negative", -0.9, "anger"),
    "u4": (
        "R2",
        f"{SCRIPT} the agent was rude",
        "post_purchase",
        "customer_service",
        "negative",
        -0.7,
        "frustration",
    ),
    "u5": ("R2", "שלום", "unknown", "other", "neutral", 0.0, "neutral"),
    "u6": ("R3", "השוויתי מחירים", "consideration", "pricing", "neutral", 0.1, "curiosity"),
    "u7": ("R3", "התשלום נכשל פעמיים", "purchase", "checkout", "negative", -0.5, "frustration"),
    "u8": ("R4", "the package came, ok", "post_purchase", "delivery", "neutral", 0.05, "neutral"),
    "u9": ("R5", "Late again", "post_purchase", "delivery", "negative", -0.6, "disappointment"),
    "u10": (
        "R5",
        "Too expensive to renew",
        "loyalty",
        "pricing",
        "negative",
        -0.4,
        "disappointment",
    ),
}
# id: (label_en, label_he, severity, status, [(unit, similarity)])
PAIN_POINTS = {
    "pp-late": ("Late delivery", "משלוח מאחר", 0.9, "active", [("u3", 0.9), ("u9", 0.8)]),
    "pp-rude": (f"Rude agent {SCRIPT}", "נציג גס", 0.5, "active", [("u4", 0.7), ("u7", 0.6)]),
    "pp-price": ("Renewal price", "מחיר חידוש", 0.7, "active", [("u10", 0.95)]),
    "pp-gone": ("Dismissed one", "נדחה", 1.0, "dismissed", [("u10", 0.5)]),
}


@dataclass
class HandMadeProject:
    project_id: int
    records: dict[str, int]
    units: dict[str, int]


def add_project(session, name: str = "shop", taxonomy: dict | None = None) -> HandMadeProject:
    """Insert the hand-made project (annotations of VERSION, and one older one on u1)."""
    project = Project(name=name, taxonomy=taxonomy)
    session.add(project)
    session.flush()
    imp = Import(project_id=project.id, file_name="hand.csv", file_sha256=name.ljust(64, "0"))
    session.add(imp)
    session.flush()
    records = {}
    for i, (key, (rating, nps, date, source, segment, language)) in enumerate(RECORDS.items()):
        rec = Record(
            project_id=project.id,
            import_id=imp.id,
            record_key=key,
            external_id=key,
            row=i + 2,
            text=" ".join(u[1] for u in UNITS.values() if u[0] == key),
            language=language,
            rating=rating,
            nps=nps,
            date=date,
            source=source,
            segment=segment,
        )
        session.add(rec)
        session.flush()
        records[key] = rec.id
    units, position = {}, {}
    for key, (record, text, *_rest) in UNITS.items():
        idx = position.get(record, 0)
        position[record] = idx + 1
        unit = Unit(
            record_id=records[record], idx=idx, text=text, start=0, end=len(text), language="he"
        )
        session.add(unit)
        session.flush()
        units[key] = unit.id
    session.add(  # an older model version saw u1 differently; it must not leak into the map
        UnitAnnotation(
            unit_id=units["u1"],
            model_version=OLD_VERSION,
            stage="awareness",
            stage_score=0.5,
            touchpoint="advertising",
            touchpoint_score=0.5,
            sentiment="positive",
            sentiment_score=0.5,
            emotion="curiosity",
            emotion_score=0.5,
        )
    )
    session.flush()
    for key, (_, _, stage, touchpoint, sentiment, score, emotion) in UNITS.items():
        session.add(
            UnitAnnotation(
                unit_id=units[key],
                model_version=VERSION,
                stage=stage,
                stage_score=0.9,
                touchpoint=touchpoint,
                touchpoint_score=0.8,
                sentiment=sentiment,
                sentiment_score=score,
                emotion=emotion,
                emotion_score=0.7,
            )
        )
    for pp, (en, he, severity, status, members) in PAIN_POINTS.items():
        session.add(
            PainPointRow(
                id=f"{pp}-{project.id}",
                project_id=project.id,
                model_version=VERSION,
                label_en=en,
                label_he=he,
                status=status,
                details={"severity": severity, "size": len(members)},
            )
        )
        session.flush()
        for unit, similarity in members:
            session.add(
                PainPointUnit(
                    pain_point_id=f"{pp}-{project.id}", unit_id=units[unit], similarity=similarity
                )
            )
    session.flush()
    return HandMadeProject(project.id, records, units)
