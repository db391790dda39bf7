"""Feedback pushed by a platform (JSON batch)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FeedbackItemIn(BaseModel):
    """One piece of feedback. Items are checked one by one: a bad item is reported (index,
    field, reason) and the rest is stored."""

    # Optional here so that an item without text is reported by index, not the whole batch.
    text: Any = Field(
        default=None, description="The feedback text (required)", examples=["המשלוח איחר"]
    )
    id: Any = Field(default=None, description="Your id: the same id is stored once")
    rating: Any = Field(default=None, description="Star rating, 0-10 (e.g. 4 or '4/5')")
    nps: Any = Field(default=None, description="NPS answer, a whole number 0-10")
    date: Any = Field(default=None, description="ISO 8601 date or date-time")
    source: Any = Field(default=None, description="Channel, e.g. app_store")
    segment: Any = Field(default=None, description="Customer segment or persona")
    metadata: Any = Field(default=None, description="Other fields: names to values")

    model_config = {"extra": "allow"}


class FeedbackBatchIn(BaseModel):
    items: list[FeedbackItemIn] = Field(min_length=1)


class ItemErrorOut(BaseModel):
    index: int
    field: str | None
    reason: str


class ItemResultOut(BaseModel):
    index: int
    id: str | None
    status: str = Field(description="added | already_stored")
    record_id: int | None


class FeedbackBatchOut(BaseModel):
    received: int
    added: int
    already_stored: int
    rejected: int
    units_annotated: int
    model_version: str | None
    items: list[ItemResultOut]
    errors: list[ItemErrorOut]
