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
from miner.store.schema import Record, Unit

RECORD_COLUMNS = [
    "id", "row", "language", "text", "rating", "nps", "date", "source", "segment", "question",
    "duplicate_of", "duplicate_kind", "pii_redacted",
]
UNIT_COLUMNS = ["record_id", "unit", "text", "start", "end", "language"]


def public_record_ids(records: list[Record]) -> dict[int, str]:
    """The `id` shown in outputs: the input's own id, else `row-<n>`; made unique per project."""
    base = {r.id: r.external_id or f"row-{r.row}" for r in records}
    counts = Counter(base.values())
    return {
        rid: (name if counts[name] == 1 else f"{name}@import{r.import_id}")
        for (rid, name), r in zip(base.items(), records, strict=True)
    }


def records_frame(session: Session, project_id: int) -> tuple[pd.DataFrame, dict[int, str]]:
    records = list(
        session.scalars(select(Record).where(Record.project_id == project_id).order_by(Record.id))
    )
    ids = public_record_ids(records)
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
        }
        for r in records
    ]
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    frame["nps"] = frame["nps"].astype("Int64")
    return frame, ids


def units_frame(session: Session, project_id: int, ids: dict[int, str]) -> pd.DataFrame:
    query = (
        select(Unit)
        .join(Record, Record.id == Unit.record_id)
        .where(Record.project_id == project_id)
        .order_by(Unit.record_id, Unit.idx)
    )
    rows = [
        {
            "record_id": ids[u.record_id],
            "unit": u.idx,
            "text": u.text,
            "start": u.start,
            "end": u.end,
            "language": u.language,
        }
        for u in session.scalars(query)
    ]
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def write_mine_outputs(
    session: Session, project_id: int, outdir: Path, report: IngestReport
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
    records, ids = records_frame(session, project_id)
    records.to_csv(paths["records"], index=False, encoding="utf-8-sig")
    units_frame(session, project_id, ids).to_csv(paths["units"], index=False, encoding="utf-8-sig")
    return paths
