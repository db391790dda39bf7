"""Browse a project's stored feedback and opinion units: filters and cursor pagination.

Labels are those of the project's newest model version, with analysts' corrections applied
(the newest correction of a field wins). A record matches a label filter when one of its units
carries that label. Pages are ordered by id; the cursor is opaque to callers.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from miner.journey_map import latest_model_version
from miner.store.schema import (
    LabelCorrection,
    PainPointUnit,
    Record,
    RecordAnnotation,
    Unit,
    UnitAnnotation,
)

LABEL_FIELDS = ("stage", "touchpoint", "sentiment", "emotion")
MAX_LIMIT = 500


class CursorError(ValueError):
    """A cursor that was not made by this API (or for another listing)."""


@dataclass(frozen=True)
class BrowseFilters:
    stage: str | None = None
    touchpoint: str | None = None
    sentiment: str | None = None
    emotion: str | None = None
    language: str | None = None
    source: str | None = None
    segment: str | None = None
    date_from: dt.datetime | None = None
    date_to: dt.datetime | None = None
    q: str | None = None  # case-insensitive substring of the text
    pain_point: str | None = None  # units only: members of this pain point


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None
    model_version: str | None


def encode_cursor(kind: str, last_id: int) -> str:
    raw = json.dumps({"k": kind, "after": last_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        after = data["after"]
        if data["k"] != kind or not isinstance(after, int):
            raise ValueError
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise CursorError(f"cursor {cursor[:40]!r} is not a cursor of this {kind} listing") from exc
    return after


def _like(column, q: str) -> ColumnElement[bool]:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def effective_label(field: str, unit_id_column, model_column) -> ColumnElement:
    """The newest correction of `field` for the unit, else the model's label."""
    latest = (
        select(LabelCorrection.value)
        .where(LabelCorrection.unit_id == unit_id_column, LabelCorrection.field == field)
        .order_by(LabelCorrection.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(latest, model_column)


def _record_clauses(filters: BrowseFilters) -> list[ColumnElement[bool]]:
    clauses = []
    for name in ("source", "segment"):
        value = getattr(filters, name)
        if value is not None:
            clauses.append(getattr(Record, name) == value)
    if filters.date_from is not None:
        clauses.append(Record.date >= filters.date_from)
    if filters.date_to is not None:
        clauses.append(Record.date <= filters.date_to)
    return clauses


def _unit_label_clauses(
    filters: BrowseFilters, unit_id_column, annotation
) -> list[ColumnElement[bool]]:
    return [
        effective_label(name, unit_id_column, getattr(annotation, name)) == getattr(filters, name)
        for name in LABEL_FIELDS
        if getattr(filters, name) is not None
    ]


def _corrections(session: Session, unit_ids: list[int]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = defaultdict(dict)
    if not unit_ids:
        return found
    rows = session.execute(
        select(LabelCorrection.unit_id, LabelCorrection.field, LabelCorrection.value)
        .where(LabelCorrection.unit_id.in_(unit_ids))
        .order_by(LabelCorrection.id)
    )
    for unit_id, field, value in rows:
        found[unit_id][field] = value  # ordered by id: the newest wins
    return found


def _unit_dict(unit: Unit, ann: UnitAnnotation | None, corrected: dict[str, str]) -> dict:
    item: dict[str, Any] = {
        "id": unit.id,
        "record_id": unit.record_id,
        "index": unit.idx,
        "text": unit.text,
        "start": unit.start,
        "end": unit.end,
        "language": unit.language,
    }
    for name in LABEL_FIELDS:
        item[name] = corrected.get(name, getattr(ann, name) if ann is not None else None)
        score = f"{name}_score"
        item[score] = getattr(ann, score) if ann is not None else None
    item["corrected"] = sorted(corrected)
    return item


def browse_units(
    session: Session,
    project_id: int,
    filters: BrowseFilters = BrowseFilters(),  # noqa: B008 - frozen, never mutated
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> Page:
    """One page of the project's units, with their record's fields and effective labels."""
    limit = max(1, min(limit, MAX_LIMIT))
    version = latest_model_version(session, project_id)
    query = (
        select(Unit, UnitAnnotation, Record)
        .join(Record, Record.id == Unit.record_id)
        .outerjoin(
            UnitAnnotation,
            and_(UnitAnnotation.unit_id == Unit.id, UnitAnnotation.model_version == version),
        )
        .where(Record.project_id == project_id, *_record_clauses(filters))
        .where(*_unit_label_clauses(filters, Unit.id, UnitAnnotation))
        .order_by(Unit.id)
        .limit(limit + 1)
    )
    if filters.language is not None:
        query = query.where(Unit.language == filters.language)
    if filters.q:
        query = query.where(_like(Unit.text, filters.q))
    if filters.pain_point is not None:
        query = query.where(
            exists().where(
                PainPointUnit.unit_id == Unit.id, PainPointUnit.pain_point_id == filters.pain_point
            )
        )
    if cursor:
        query = query.where(Unit.id > decode_cursor("units", cursor))
    rows = session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    corrections = _corrections(session, [unit.id for unit, _, _ in rows])
    items = []
    for unit, ann, record in rows:
        item = _unit_dict(unit, ann, corrections.get(unit.id, {}))
        item.update(
            record_external_id=record.external_id,
            date=record.date,
            source=record.source,
            segment=record.segment,
            rating=record.rating,
            nps=record.nps,
        )
        items.append(item)
    next_cursor = encode_cursor("units", rows[-1][0].id) if more and rows else None
    return Page(items, next_cursor, version)


def browse_records(
    session: Session,
    project_id: int,
    filters: BrowseFilters = BrowseFilters(),  # noqa: B008 - frozen, never mutated
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> Page:
    """One page of the project's feedback records, each with its units and labels."""
    limit = max(1, min(limit, MAX_LIMIT))
    version = latest_model_version(session, project_id)
    query = (
        select(Record, RecordAnnotation)
        .outerjoin(
            RecordAnnotation,
            and_(
                RecordAnnotation.record_id == Record.id, RecordAnnotation.model_version == version
            ),
        )
        .where(Record.project_id == project_id, *_record_clauses(filters))
        .order_by(Record.id)
        .limit(limit + 1)
    )
    if filters.language is not None:
        query = query.where(Record.language == filters.language)
    if filters.q:
        query = query.where(_like(Record.text, filters.q))
    unit = aliased(Unit)
    label_clauses = _unit_label_clauses(filters, unit.id, UnitAnnotation)
    if label_clauses:
        query = query.where(
            select(unit.id)
            .join(
                UnitAnnotation,
                and_(UnitAnnotation.unit_id == unit.id, UnitAnnotation.model_version == version),
            )
            .where(unit.record_id == Record.id, *label_clauses)
            .exists()
        )
    if cursor:
        query = query.where(Record.id > decode_cursor("feedback", cursor))
    rows = session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    units_by_record = _units_of(session, [record.id for record, _ in rows], version)
    items = []
    for record, ann in rows:
        items.append(
            {
                "id": record.id,
                "external_id": record.external_id,
                "import_id": record.import_id,
                "row": record.row,
                "text": record.text,
                "language": record.language,
                "rating": record.rating,
                "nps": record.nps,
                "date": record.date,
                "source": record.source,
                "segment": record.segment,
                "metadata": record.extra or {},
                "duplicate_of": record.duplicate_of_id,
                "duplicate_kind": record.duplicate_kind,
                "sentiment": ann.sentiment if ann else None,
                "sentiment_score": ann.sentiment_score if ann else None,
                "stage": ann.stage if ann else None,
                "touchpoints": list(ann.touchpoints) if ann else [],
                "emotion": ann.emotion if ann else None,
                "units": units_by_record.get(record.id, []),
            }
        )
    next_cursor = encode_cursor("feedback", rows[-1][0].id) if more and rows else None
    return Page(items, next_cursor, version)


def _units_of(session: Session, record_ids: list[int], version: str | None) -> dict[int, list]:
    if not record_ids:
        return {}
    rows = session.execute(
        select(Unit, UnitAnnotation)
        .outerjoin(
            UnitAnnotation,
            and_(UnitAnnotation.unit_id == Unit.id, UnitAnnotation.model_version == version),
        )
        .where(Unit.record_id.in_(record_ids))
        .order_by(Unit.record_id, Unit.idx)
    ).all()
    corrections = _corrections(session, [unit.id for unit, _ in rows])
    out: dict[int, list] = defaultdict(list)
    for unit, ann in rows:
        out[unit.record_id].append(_unit_dict(unit, ann, corrections.get(unit.id, {})))
    return out


def get_unit(session: Session, project_id: int, unit_id: int) -> dict[str, Any] | None:
    """One unit of the project with its effective labels (None when not in the project)."""
    row = session.execute(
        select(Unit)
        .join(Record, Record.id == Unit.record_id)
        .where(Unit.id == unit_id, Record.project_id == project_id)
    ).scalar_one_or_none()
    if row is None:
        return None
    version = latest_model_version(session, project_id)
    ann = session.scalar(
        select(UnitAnnotation).where(
            UnitAnnotation.unit_id == unit_id, UnitAnnotation.model_version == version
        )
    )
    return _unit_dict(row, ann, _corrections(session, [unit_id]).get(unit_id, {}))
