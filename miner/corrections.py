"""Analysts' corrections of a unit's labels: stored, audited, and fed to the next training.

A correction never overwrites the model's annotation; it is its own row (newest wins), so the
model's answer and every change stay traceable. `correction_training_rows` turns them into
labelled rows for `miner train` (only labels the trained heads know; other tasks left empty).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from miner.projects import project_taxonomy
from miner.store.schema import AuditEntry, LabelCorrection, Project, Record, Unit
from miner.taxonomy import Taxonomy

LABEL_FIELDS = ("stage", "touchpoint", "sentiment", "emotion")


class CorrectionError(ValueError):
    """A correction naming an unknown field or a label the project's taxonomy lacks."""


def correct_unit_labels(
    session: Session, project: Project, unit_id: int, labels: dict[str, str], actor: str
) -> list[LabelCorrection] | None:
    """Store corrections of one unit's labels (field -> new label); None when the unit is
    not in the project. Every label is checked before anything is written."""
    unit = session.scalar(
        select(Unit)
        .join(Record, Record.id == Unit.record_id)
        .where(Unit.id == unit_id, Record.project_id == project.id)
    )
    if unit is None:
        return None
    if not labels:
        raise CorrectionError(f"give at least one of {', '.join(LABEL_FIELDS)}")
    taxonomy = project_taxonomy(project)
    for field, value in labels.items():
        if field not in LABEL_FIELDS:
            raise CorrectionError(f"{field!r} is not a label field ({', '.join(LABEL_FIELDS)})")
        allowed = taxonomy.keys(field)
        if value not in allowed:
            raise CorrectionError(
                f"{field} {value!r} is not in the project's taxonomy ({', '.join(allowed)})"
            )
    rows = [
        LabelCorrection(unit_id=unit_id, field=field, value=value, actor=actor)
        for field, value in labels.items()
    ]
    session.add_all(rows)
    session.add(
        AuditEntry(
            project_id=project.id,
            actor=actor,
            action="correct_unit_labels",
            payload={"unit_id": unit_id, "labels": dict(labels)},
        )
    )
    session.flush()
    return rows


def correction_training_rows(session: Session, taxonomy: Taxonomy) -> pd.DataFrame:
    """One training row per corrected unit: its text, language and newest corrected labels.

    Tasks a unit was not corrected on are left empty (the trainer skips them); labels outside
    `taxonomy` (a project's own stages, say) are skipped, since the heads do not know them.
    """
    rows = session.execute(
        select(Unit.id, Unit.text, Unit.language, LabelCorrection.field, LabelCorrection.value)
        .join(LabelCorrection, LabelCorrection.unit_id == Unit.id)
        .order_by(LabelCorrection.id)
    )
    by_unit: dict[int, dict] = {}
    for unit_id, text, language, field, value in rows:
        if field not in LABEL_FIELDS or value not in taxonomy.keys(field):
            continue
        row = by_unit.setdefault(
            unit_id,
            {
                "id": f"correction-{unit_id}",
                "source_id": f"correction-{unit_id}",
                "text": text,
                "lang": language if language in ("he", "en") else "mixed",
                "file": "label_corrections",
                **dict.fromkeys(LABEL_FIELDS),
            },
        )
        row[field] = value  # ordered by id: the newest correction wins
    columns = ["id", "source_id", "text", "lang", "file", *LABEL_FIELDS]
    return pd.DataFrame(list(by_unit.values()), columns=columns)
