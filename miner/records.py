"""Plain data that flows between the pipeline steps.

ingest -> FeedbackRecord (+ IngestReport) -> text.normalize -> NormalizedRecord
-> segment -> OpinionUnit. Later steps add annotations and pain points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


class IngestError(Exception):
    """A file that cannot be read at all (missing, unknown format, undecodable, no text column)."""


@dataclass(frozen=True)
class ColumnOverrides:
    """Explicit column choices that win over auto-mapping. `text` may name several columns."""

    text: tuple[str, ...] = ()
    id: str | None = None
    rating: str | None = None
    nps: str | None = None
    date: str | None = None
    source: str | None = None
    segment: str | None = None


@dataclass
class FeedbackRecord:
    """One piece of feedback as read from a dump (text not yet normalized).

    `row` is the row number a person sees in the file: in CSV/TSV/XLSX the header is row 1
    and the first data row is row 2; in JSON/JSONL it is the 1-based record/line number.
    """

    row: int
    text: str
    external_id: str | None = None
    rating: float | None = None
    nps: int | None = None
    date: dt.datetime | None = None
    source: str | None = None
    segment: str | None = None
    question: str | None = None  # the text column this answer came from, when a file has several
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class BadRow:
    """A row that was skipped (or a field that was dropped), with where and why."""

    row: int
    reason: str
    field: str | None = None
    skipped: bool = True  # False: the record was kept but this field was dropped


@dataclass
class IngestReport:
    """What reading a file found: format, encoding, the column mapping and every bad row."""

    file: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    column_mapping: dict[str, str | list[str]] = field(default_factory=dict)
    rows_read: int = 0
    records: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class IngestResult:
    records: list[FeedbackRecord]
    report: IngestReport


@dataclass(frozen=True)
class NormalizedText:
    """Text after normalization and PII redaction, with what was found on the way."""

    text: str
    language: str  # "he" | "en" | "mixed" | "other"
    pii: dict[str, int] = field(default_factory=dict)  # placeholder type -> count redacted


@dataclass(frozen=True)
class OpinionUnit:
    """A clause-level opinion cut from a record; offsets index the record's normalized text."""

    index: int
    text: str
    start: int
    end: int
    language: str


@dataclass
class PreparedRecord:
    """A record ready to store: normalized text, its units, its idempotency key and duplicates."""

    source: FeedbackRecord
    key: str
    text: NormalizedText
    units: list[OpinionUnit]
    duplicate_of_index: int | None = None  # an earlier record of the same batch
    duplicate_of_record_id: int | None = None  # a record already stored in the project
    duplicate_kind: str | None = None  # "exact" | "near"
