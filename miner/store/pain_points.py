"""Reads and writes of pain points: the project's negative units, pain-point rows, memberships."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from miner.cluster.model import NegativeUnit
from miner.store.schema import (
    AuditEntry,
    PainPointRow,
    PainPointUnit,
    Record,
    Unit,
    UnitAnnotation,
)


class PainPointNotFound(LookupError):
    """A pain-point id that the project does not have."""


def latest_model_version(session: Session, project_id: int) -> str | None:
    """The model version of the project's newest unit annotation."""
    return session.scalar(
        select(UnitAnnotation.model_version)
        .join(Unit, Unit.id == UnitAnnotation.unit_id)
        .join(Record, Record.id == Unit.record_id)
        .where(Record.project_id == project_id)
        .order_by(UnitAnnotation.id.desc())
        .limit(1)
    )


def negative_units(session: Session, project_id: int, model_version: str) -> list[NegativeUnit]:
    """The project's units annotated negative by `model_version`, by unit id."""
    from miner.export import public_record_ids

    records = list(
        session.scalars(select(Record).where(Record.project_id == project_id).order_by(Record.id))
    )
    public = public_record_ids(records)
    dates = {r.id: r.date for r in records}
    rows = session.execute(
        select(Unit, UnitAnnotation)
        .join(UnitAnnotation, UnitAnnotation.unit_id == Unit.id)
        .join(Record, Record.id == Unit.record_id)
        .where(
            Record.project_id == project_id,
            UnitAnnotation.model_version == model_version,
            UnitAnnotation.sentiment == "negative",
        )
        .order_by(Unit.id)
    )
    return [
        NegativeUnit(
            unit_id=u.id,
            record_id=public[u.record_id],
            text=u.text,
            language=u.language,
            stage=a.stage,
            touchpoint=a.touchpoint,
            sentiment_score=a.sentiment_score,
            date=dates.get(u.record_id),
        )
        for u, a in rows
    ]


def pain_points(session: Session, project_id: int) -> list[PainPointRow]:
    return list(
        session.scalars(
            select(PainPointRow)
            .where(PainPointRow.project_id == project_id)
            .order_by(PainPointRow.created_at, PainPointRow.id)
        )
    )


def get_pain_point(session: Session, project_id: int, pain_point_id: str) -> PainPointRow:
    row = session.get(PainPointRow, pain_point_id)
    if row is None or row.project_id != project_id:
        raise PainPointNotFound(f"pain point {pain_point_id!r} not found in project {project_id}")
    return row


def memberships(session: Session, project_id: int) -> dict[int, PainPointUnit]:
    """unit id -> its membership, for every unit in one of the project's pain points."""
    rows = session.scalars(
        select(PainPointUnit)
        .join(PainPointRow, PainPointRow.id == PainPointUnit.pain_point_id)
        .where(PainPointRow.project_id == project_id)
    )
    return {m.unit_id: m for m in rows}


def replace_memberships(
    session: Session, project_id: int, assignments: dict[int, tuple[str, str, float | None]]
) -> None:
    """Store unit id -> (pain point id, assigned_by, similarity) as the project's memberships."""
    ids = select(PainPointRow.id).where(PainPointRow.project_id == project_id)
    session.execute(delete(PainPointUnit).where(PainPointUnit.pain_point_id.in_(ids)))
    session.add_all(
        PainPointUnit(
            pain_point_id=pp,
            unit_id=unit_id,
            assigned_by=by,
            similarity=None if sim is None else float(sim),
        )
        for unit_id, (pp, by, sim) in sorted(assignments.items())
    )


def centroid_of(row: PainPointRow) -> np.ndarray | None:
    if not row.centroid:
        return None
    return np.frombuffer(row.centroid, dtype=np.float32).copy()


def centroid_bytes(vector: np.ndarray | None) -> bytes | None:
    return None if vector is None else np.asarray(vector, dtype=np.float32).tobytes()


def audit(session: Session, project_id: int, actor: str, action: str, payload: dict) -> None:
    session.add(
        AuditEntry(
            project_id=project_id,
            actor=actor,
            action=action,
            payload=payload,
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
    )


def audit_entries(session: Session, project_id: int) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.project_id == project_id).order_by(AuditEntry.id)
        )
    )


def active_unit_pain_points(session: Session, project_id: int) -> dict[int, tuple[int, str]]:
    """unit id -> (record id, pain point id) for units in an active pain point."""
    rows = session.execute(
        select(PainPointUnit.unit_id, Unit.record_id, PainPointUnit.pain_point_id)
        .join(PainPointRow, PainPointRow.id == PainPointUnit.pain_point_id)
        .join(Unit, Unit.id == PainPointUnit.unit_id)
        .where(PainPointRow.project_id == project_id, PainPointRow.status == "active")
    )
    return {unit_id: (record_id, pp) for unit_id, record_id, pp in rows}
