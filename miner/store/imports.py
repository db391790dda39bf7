"""Write an import (its records and units) atomically; read projects and their imports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from miner.records import IngestReport, PreparedRecord
from miner.store.schema import Import, Project, Record, Unit

WRITE_BATCH = 500


@dataclass(frozen=True)
class ImportOutcome:
    project_id: int
    import_id: int
    records_added: int
    records_already_stored: int
    already_imported: bool  # the very same file was imported before: nothing was added


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    name: str
    workspace: str
    records: int
    units: int
    imports: int


def get_or_create_project(session: Session, name: str, workspace: str = "default") -> Project:
    project = session.scalar(
        select(Project).where(Project.workspace == workspace, Project.name == name)
    )
    if project is None:
        project = Project(name=name, workspace=workspace)
        session.add(project)
        session.flush()
    return project


def find_import(session: Session, project_id: int, file_sha256: str) -> Import | None:
    return session.scalar(
        select(Import).where(Import.project_id == project_id, Import.file_sha256 == file_sha256)
    )


def stored_texts(session: Session, project_id: int) -> tuple[list[int], list[str]]:
    """Ids and texts of a project's stored records, oldest first (for duplicate detection)."""
    rows = session.execute(
        select(Record.id, Record.text).where(Record.project_id == project_id).order_by(Record.id)
    ).all()
    return [r.id for r in rows], [r.text for r in rows]


def store_import(
    sessions: sessionmaker[Session],
    *,
    project_name: str,
    workspace: str,
    file_name: str,
    file_sha256: str,
    report: IngestReport,
    prepared: Sequence[PreparedRecord],
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportOutcome:
    """Store one import in ONE transaction: the import row, its new records and their units.

    If the process dies half-way nothing of this import is visible and re-running it stores it
    whole. Records whose key is already stored in the project are counted, not written again.
    """
    with sessions.begin() as session:
        project = get_or_create_project(session, project_name, workspace)
        existing = find_import(session, project.id, file_sha256)
        if existing is not None:
            return ImportOutcome(project.id, existing.id, 0, existing.records_added, True)

        stored_keys = set(
            session.scalars(select(Record.record_key).where(Record.project_id == project.id))
        )
        imp = Import(
            project_id=project.id,
            file_name=file_name,
            file_sha256=file_sha256,
            status="complete",
            report=report.to_dict(),
        )
        session.add(imp)
        session.flush()

        added = already = 0
        db_ids: list[int | None] = [None] * len(prepared)
        pending: list[tuple[int, Record]] = []
        for i, item in enumerate(prepared):
            if item.key in stored_keys:
                already += 1
                continue
            stored_keys.add(item.key)
            pending.append((i, _record_row(project.id, imp.id, item, db_ids)))
            added += 1
            if len(pending) >= WRITE_BATCH:
                _flush(session, pending, db_ids)
                if on_progress:
                    on_progress(i + 1, len(prepared))
        _flush(session, pending, db_ids)
        imp.records_added = added
        imp.records_already_stored = already
        if on_progress:
            on_progress(len(prepared), len(prepared))
        return ImportOutcome(project.id, imp.id, added, already, False)


def _record_row(
    project_id: int, import_id: int, item: PreparedRecord, db_ids: list[int | None]
) -> Record:
    src = item.source
    duplicate_of = item.duplicate_of_record_id
    if duplicate_of is None and item.duplicate_of_index is not None:
        duplicate_of = db_ids[item.duplicate_of_index]
    record = Record(
        project_id=project_id,
        import_id=import_id,
        record_key=item.key,
        external_id=src.external_id,
        row=src.row,
        question=src.question,
        text=item.text.text,
        language=item.text.language,
        rating=src.rating,
        nps=src.nps,
        date=src.date,
        source=src.source,
        segment=src.segment,
        extra=dict(src.metadata),
        pii_redacted=dict(item.text.pii),
        duplicate_of_id=duplicate_of,
        duplicate_kind=item.duplicate_kind,
    )
    record.units = [
        Unit(idx=u.index, text=u.text, start=u.start, end=u.end, language=u.language)
        for u in item.units
    ]
    return record


def _flush(session: Session, pending: list[tuple[int, Record]], db_ids: list[int | None]) -> None:
    """Write a batch inside the open transaction and remember the new ids (for duplicate links)."""
    if not pending:
        return
    session.add_all(record for _, record in pending)
    session.flush()
    for i, record in pending:
        db_ids[i] = record.id
    pending.clear()


def list_projects(session: Session, workspace: str | None = None) -> list[ProjectSummary]:
    """Every project (of one workspace, if given) with its record, unit and import counts."""
    records = (
        select(Record.project_id, func.count(Record.id).label("n"))
        .group_by(Record.project_id)
        .subquery()
    )
    units = (
        select(Record.project_id, func.count(Unit.id).label("n"))
        .join(Unit, Unit.record_id == Record.id)
        .group_by(Record.project_id)
        .subquery()
    )
    imports = (
        select(Import.project_id, func.count(Import.id).label("n"))
        .group_by(Import.project_id)
        .subquery()
    )
    query = (
        select(Project, records.c.n, units.c.n, imports.c.n)
        .outerjoin(records, records.c.project_id == Project.id)
        .outerjoin(units, units.c.project_id == Project.id)
        .outerjoin(imports, imports.c.project_id == Project.id)
        .order_by(Project.workspace, Project.name)
    )
    if workspace is not None:
        query = query.where(Project.workspace == workspace)
    return [
        ProjectSummary(p.id, p.name, p.workspace, n_rec or 0, n_units or 0, n_imp or 0)
        for p, n_rec, n_units, n_imp in session.execute(query)
    ]
