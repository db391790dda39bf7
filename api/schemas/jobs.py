"""Upload jobs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from miner.records import ColumnOverrides

ColumnName = Annotated[str | None, Field(default=None, max_length=200, pattern=r"^[^\x00]*$")]


class ColumnChoices(BaseModel):
    """Optional column choices for an upload (form fields); they win over auto-mapping."""

    text_col: list[Annotated[str, Field(max_length=200, pattern=r"^[^\x00]+$")]] = Field(
        default_factory=list, description="Open-text column(s); repeat for several questions"
    )
    id_col: ColumnName = None
    rating_col: ColumnName = None
    nps_col: ColumnName = None
    date_col: ColumnName = None
    source_col: ColumnName = None
    segment_col: ColumnName = None

    def overrides(self) -> ColumnOverrides:
        return ColumnOverrides(
            text=tuple(self.text_col),
            id=self.id_col or None,
            rating=self.rating_col or None,
            nps=self.nps_col or None,
            date=self.date_col or None,
            source=self.source_col or None,
            segment=self.segment_col or None,
        )


class JobAccepted(BaseModel):
    job_id: str
    status: Literal["queued", "running", "succeeded", "failed"]
    status_url: str


class JobOut(BaseModel):
    id: str
    project_id: int
    kind: Literal["upload", "annotate"]
    status: Literal["queued", "running", "succeeded", "failed"]
    step: str = Field(description="The pipeline step running now (read, normalize, ...)")
    progress: float = Field(description="Percent done, 0-100")
    file_name: str
    counts: dict[str, Any] = Field(
        description="records_read, records_added, records_already_stored, units_added, "
        "units_annotated, bad_rows, model_version"
    )
    report: dict[str, Any] = Field(description="The ingest report: format, encoding, bad rows")
    error: str | None
    attempts: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class JobList(BaseModel):
    jobs: list[JobOut]
