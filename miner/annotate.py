"""Classify a project's stored units and roll the labels up to records.

Only units without an annotation from the current model version are classified, so re-running
on an already-mined project costs a lookup; vectors come from the encoding cache.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from miner.classify import JourneyClassifier, UnitLabels, roll_up_record
from miner.store.schema import Record, RecordAnnotation, Unit, UnitAnnotation

BATCH = 256


def annotate_project(
    sessions: sessionmaker[Session],
    project_id: int,
    classifier: JourneyClassifier,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Annotate the project's units this model version has not seen; returns how many."""
    version = classifier.version
    with sessions() as session:
        todo = session.execute(
            select(Unit.id, Unit.text, Record.rating, Record.nps)
            .join(Record, Record.id == Unit.record_id)
            .where(Record.project_id == project_id)
            .where(
                ~exists().where(
                    UnitAnnotation.unit_id == Unit.id, UnitAnnotation.model_version == version
                )
            )
            .order_by(Unit.id)
        ).all()
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        labels = classifier.predict(
            [row.text for row in batch],
            ratings=[row.rating for row in batch],
            nps=[row.nps for row in batch],
        )
        with sessions.begin() as session:
            session.add_all(
                UnitAnnotation(unit_id=row.id, model_version=version, **lab.to_dict())
                for row, lab in zip(batch, labels, strict=True)
            )
        if progress:
            progress("classify", min(start + BATCH, len(todo)), len(todo))
    _roll_up_records(sessions, project_id, version)
    return len(todo)


def _roll_up_records(sessions: sessionmaker[Session], project_id: int, version: str) -> None:
    with sessions.begin() as session:
        pending = session.execute(
            select(Record.id, Record.rating, Record.nps)
            .where(Record.project_id == project_id)
            .where(
                ~exists().where(
                    RecordAnnotation.record_id == Record.id,
                    RecordAnnotation.model_version == version,
                )
            )
        ).all()
        if not pending:
            return
        wanted = {row.id: row for row in pending}
        by_record: dict[int, list[UnitLabels]] = defaultdict(list)
        rows = session.execute(
            select(Unit.record_id, UnitAnnotation)
            .join(UnitAnnotation, UnitAnnotation.unit_id == Unit.id)
            .join(Record, Record.id == Unit.record_id)
            .where(Record.project_id == project_id, UnitAnnotation.model_version == version)
            .order_by(Unit.record_id, Unit.idx)
        )
        for record_id, ann in rows:
            if record_id in wanted:
                by_record[record_id].append(unit_labels(ann))
        for record_id, row in wanted.items():
            rolled = roll_up_record(by_record.get(record_id, []), row.rating, row.nps)
            session.add(
                RecordAnnotation(
                    record_id=record_id,
                    model_version=version,
                    sentiment=rolled.sentiment,
                    sentiment_score=rolled.sentiment_score,
                    stage=rolled.stage,
                    touchpoints=list(rolled.touchpoints),
                    emotion=rolled.emotion,
                )
            )


def unit_labels(ann: UnitAnnotation) -> UnitLabels:
    return UnitLabels(
        ann.stage,
        ann.stage_score,
        ann.touchpoint,
        ann.touchpoint_score,
        ann.sentiment,
        ann.sentiment_score,
        ann.emotion,
        ann.emotion_score,
    )
