"""Write `miner mine` outputs from stored rows: records.csv, units.csv, ingest_report.json.

CSV files are UTF-8 with a BOM so Excel shows Hebrew correctly; every column is documented in
the README ("Output contract").
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from miner.records import IngestReport
from miner.store.pain_points import active_unit_pain_points
from miner.store.schema import Record, RecordAnnotation, Unit, UnitAnnotation

RECORD_COLUMNS = [
    "id",
    "row",
    "language",
    "text",
    "rating",
    "nps",
    "date",
    "source",
    "segment",
    "question",
    "duplicate_of",
    "duplicate_kind",
    "pii_redacted",
]
RECORD_LABEL_COLUMNS = [
    "sentiment",
    "sentiment_score",
    "stage",
    "touchpoints",
    "emotion",
    "pain_points",
]
UNIT_COLUMNS = ["record_id", "unit", "text", "start", "end", "language"]
UNIT_LABEL_COLUMNS = [
    "stage",
    "stage_score",
    "touchpoint",
    "touchpoint_score",
    "sentiment",
    "sentiment_score",
    "emotion",
    "emotion_score",
    "pain_point",
]


def public_record_ids(records: list[Record]) -> dict[int, str]:
    """The `id` shown in outputs: the input's own id, else `row-<n>`; made unique per project."""
    base = {r.id: r.external_id or f"row-{r.row}" for r in records}
    counts = Counter(base.values())
    return {
        rid: (name if counts[name] == 1 else f"{name}@import{r.import_id}")
        for (rid, name), r in zip(base.items(), records, strict=True)
    }


def records_frame(
    session: Session, project_id: int, model_version: str | None = None
) -> tuple[pd.DataFrame, dict[int, str]]:
    records = list(
        session.scalars(select(Record).where(Record.project_id == project_id).order_by(Record.id))
    )
    ids = public_record_ids(records)
    labels: dict[int, RecordAnnotation] = {}
    record_pain_points: dict[int, list[str]] = {}
    for record_id, pp in sorted(active_unit_pain_points(session, project_id).values()):
        if pp not in record_pain_points.setdefault(record_id, []):
            record_pain_points[record_id].append(pp)
    if model_version:
        labels = {
            a.record_id: a
            for a in session.scalars(
                select(RecordAnnotation)
                .join(Record, Record.id == RecordAnnotation.record_id)
                .where(
                    Record.project_id == project_id, RecordAnnotation.model_version == model_version
                )
            )
        }
    rows = [
        {
            "id": ids[r.id],
            "row": r.row,
            "language": r.language,
            "text": r.text,
            "rating": r.rating,
            "nps": r.nps,
            "date": r.date.isoformat(sep=" ") if r.date else None,
            "source": r.source,
            "segment": r.segment,
            "question": r.question,
            "duplicate_of": ids.get(r.duplicate_of_id) if r.duplicate_of_id else None,
            "duplicate_kind": r.duplicate_kind,
            "pii_redacted": ";".join(f"{k}:{v}" for k, v in sorted(r.pii_redacted.items())) or None,
            **_record_labels(labels.get(r.id)),
            "pain_points": ";".join(record_pain_points.get(r.id, [])),
        }
        for r in records
    ]
    columns = RECORD_COLUMNS + (RECORD_LABEL_COLUMNS if model_version else [])
    frame = pd.DataFrame(rows, columns=columns)
    frame["nps"] = frame["nps"].astype("Int64")
    return frame, ids


def _record_labels(ann: RecordAnnotation | None) -> dict:
    if ann is None:
        return {}
    return {
        "sentiment": ann.sentiment,
        "sentiment_score": ann.sentiment_score,
        "stage": ann.stage,
        "touchpoints": ";".join(ann.touchpoints),
        "emotion": ann.emotion,
    }


def units_frame(
    session: Session, project_id: int, ids: dict[int, str], model_version: str | None = None
) -> pd.DataFrame:
    query = (
        select(Unit, UnitAnnotation)
        .join(Record, Record.id == Unit.record_id)
        .outerjoin(
            UnitAnnotation,
            (UnitAnnotation.unit_id == Unit.id)
            & (UnitAnnotation.model_version == (model_version or "")),
        )
        .where(Record.project_id == project_id)
        .order_by(Unit.record_id, Unit.idx)
    )
    pain = active_unit_pain_points(session, project_id)
    rows = [
        {
            "record_id": ids[u.record_id],
            "unit": u.idx,
            "text": u.text,
            "start": u.start,
            "end": u.end,
            "language": u.language,
            **(
                {k: getattr(ann, k) for k in UNIT_LABEL_COLUMNS if k != "pain_point"}
                if ann is not None
                else {}
            ),
            "pain_point": pain.get(u.id, (None, None))[1],
        }
        for u, ann in session.execute(query)
    ]
    return pd.DataFrame(rows, columns=UNIT_COLUMNS + (UNIT_LABEL_COLUMNS if model_version else []))


def write_mine_outputs(
    session: Session,
    project_id: int,
    outdir: Path,
    report: IngestReport,
    model_version: str | None = None,
) -> dict[str, Path]:
    """Write the output files of `miner mine` for a project and return their paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths = {
        "ingest_report": outdir / "ingest_report.json",
        "records": outdir / "records.csv",
        "units": outdir / "units.csv",
    }
    paths["ingest_report"].write_text(
        json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    records, ids = records_frame(session, project_id, model_version)
    records.to_csv(paths["records"], index=False, encoding="utf-8-sig")
    units = units_frame(session, project_id, ids, model_version)
    units.to_csv(paths["units"], index=False, encoding="utf-8-sig")
    return paths
