"""Browsing feedback and units; label corrections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from api.schemas.common import CleanStr


class UnitOut(BaseModel):
    id: int
    record_id: int
    index: int
    text: str
    start: int
    end: int
    language: str
    stage: str | None
    stage_score: float | None
    touchpoint: str | None
    touchpoint_score: float | None
    sentiment: str | None
    sentiment_score: float | None
    emotion: str | None
    emotion_score: float | None
    corrected: list[str] = Field(description="Labels set by an analyst (they win over the model)")


class UnitRowOut(UnitOut):
    record_external_id: str | None
    date: dt.datetime | None
    source: str | None
    segment: str | None
    rating: float | None
    nps: int | None


class RecordOut(BaseModel):
    id: int
    external_id: str | None
    import_id: int
    row: int
    text: str
    language: str
    rating: float | None
    nps: int | None
    date: dt.datetime | None
    source: str | None
    segment: str | None
    metadata: dict[str, Any]
    duplicate_of: int | None
    duplicate_kind: str | None
    sentiment: str | None
    sentiment_score: float | None
    stage: str | None
    touchpoints: list[str]
    emotion: str | None
    units: list[UnitOut]


class RecordPage(BaseModel):
    items: list[RecordOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null: last")
    model_version: str | None


class UnitPage(BaseModel):
    items: list[UnitRowOut]
    next_cursor: str | None
    model_version: str | None


class LabelCorrectionIn(BaseModel):
    """New labels for a unit (at least one); each must be in the project's taxonomy."""

    stage: CleanStr | None = None
    touchpoint: CleanStr | None = None
    sentiment: CleanStr | None = None
    emotion: CleanStr | None = None

    def labels(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True)
