"""The database schema (SQLAlchemy 2 declarative models).

Every table that holds a model's output carries the `model_version` that wrote it, so a map can
be traced back to the quotes and the model behind it. The Alembic migrations in
`migrations/versions/` create exactly these tables; `tests/test_store.py` checks they agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Project(Base):
    """A body of feedback mined together; belongs to a workspace (the CLI's is "default")."""

    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("workspace", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(200), default="default", index=True)
    name: Mapped[str] = mapped_column(String(200))
    taxonomy: Mapped[dict | None] = mapped_column(JSON)  # None: the default taxonomy
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    imports: Mapped[list[Import]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )


class Import(Base):
    """One file imported into a project. Written in the same transaction as its records."""

    __tablename__ = "imports"
    __table_args__ = (UniqueConstraint("project_id", "file_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="complete")
    records_added: Mapped[int] = mapped_column(Integer, default=0)
    records_already_stored: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="imports")


class Record(Base):
    """One feedback record: normalized, PII-redacted text and the input's fields."""

    __tablename__ = "records"
    __table_args__ = (
        UniqueConstraint("project_id", "record_key"),
        Index("ix_records_project_date", "project_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"), index=True)
    record_key: Mapped[str] = mapped_column(String(200))  # idempotency key within the project
    external_id: Mapped[str | None] = mapped_column(String(200))
    row: Mapped[int] = mapped_column(Integer)
    question: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    rating: Mapped[float | None] = mapped_column(Float)
    nps: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    source: Mapped[str | None] = mapped_column(String(200))
    segment: Mapped[str | None] = mapped_column(String(200))
    extra: Mapped[dict] = mapped_column(JSON, default=dict)  # unmapped input columns
    pii_redacted: Mapped[dict] = mapped_column(JSON, default=dict)  # placeholder type -> count
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id", ondelete="SET NULL")
    )
    duplicate_kind: Mapped[str | None] = mapped_column(String(10))  # "exact" | "near"

    units: Mapped[list[Unit]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Unit.idx"
    )


class Unit(Base):
    """A clause-level opinion unit; `start`/`end` index the record's stored text."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("record_id", "idx"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))

    record: Mapped[Record] = relationship(back_populates="units")


class UnitAnnotation(Base):
    """Stage, touchpoint, sentiment and emotion of a unit, as one model version saw it."""

    __tablename__ = "unit_annotations"
    __table_args__ = (UniqueConstraint("unit_id", "model_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    model_version: Mapped[str] = mapped_column(String(100))
    stage: Mapped[str] = mapped_column(String(100))
    stage_score: Mapped[float] = mapped_column(Float)
    touchpoint: Mapped[str] = mapped_column(String(100))
    touchpoint_score: Mapped[float] = mapped_column(Float)
    sentiment: Mapped[str] = mapped_column(String(20))
    sentiment_score: Mapped[float] = mapped_column(Float)
    emotion: Mapped[str] = mapped_column(String(100))
    emotion_score: Mapped[float] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RecordAnnotation(Base):
    """Record-level roll-up of its units' annotations (sentiment informed by rating/NPS)."""

    __tablename__ = "record_annotations"
    __table_args__ = (UniqueConstraint("record_id", "model_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    model_version: Mapped[str] = mapped_column(String(100))
    sentiment: Mapped[str] = mapped_column(String(20))
    sentiment_score: Mapped[float] = mapped_column(Float)
    stage: Mapped[str] = mapped_column(String(100))
    touchpoints: Mapped[list] = mapped_column(JSON, default=list)
    emotion: Mapped[str] = mapped_column(String(100))


class LabelCorrection(Base):
    """An analyst's correction of a unit's label; used the next time heads are retrained."""

    __tablename__ = "label_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20))  # stage | touchpoint | sentiment | emotion
    value: Mapped[str] = mapped_column(String(100))
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PainPointRow(Base):
    """A recurring pain point of a project (a cluster of negative units)."""

    __tablename__ = "pain_points"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # stable id, e.g. "pp-7f3a9c"
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    model_version: Mapped[str] = mapped_column(String(100))
    label_en: Mapped[str] = mapped_column(Text, default="")
    label_he: Mapped[str] = mapped_column(Text, default="")
    label_locked: Mapped[bool] = mapped_column(default=False)  # renamed by an analyst
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | dismissed | merged
    merged_into: Mapped[str | None] = mapped_column(String(40))
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 vector
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # computed description
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class PainPointUnit(Base):
    __tablename__ = "pain_point_units"

    pain_point_id: Mapped[str] = mapped_column(
        ForeignKey("pain_points.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    assigned_by: Mapped[str] = mapped_column(String(20), default="model")  # model | analyst
    similarity: Mapped[float | None] = mapped_column(Float)


class AuditEntry(Base):
    """Who changed what and when (analyst edits of pain points and labels)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CachedEncoding(Base):
    """Encoder output cached by (encoder, text hash), so a text is never encoded twice."""

    __tablename__ = "encoding_cache"

    encoder: Mapped[str] = mapped_column(String(200), primary_key=True)
    text_sha1: Mapped[str] = mapped_column(String(40), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class ApiKey(Base):
    """An HTTP API key of a workspace. Only the SHA-256 of the secret is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(200), index=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)  # public part, for lookup
    secret_sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Job(Base):
    """A background job (an upload to mine); its state lives here, not in a worker's memory."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status", "status"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="upload")
    # queued | running | succeeded | failed
    status: Mapped[str] = mapped_column(String(20), default="queued")
    step: Mapped[str] = mapped_column(String(40), default="")
    progress: Mapped[float] = mapped_column(Float, default=0.0)  # percent, 0-100
    file_name: Mapped[str] = mapped_column(String(500), default="")
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # the uploaded file
    options: Mapped[dict] = mapped_column(JSON, default=dict)  # column choices (text_col, ...)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    report: Mapped[dict] = mapped_column(JSON, default=dict)  # the ingest report
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
