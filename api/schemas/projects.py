"""Projects and their taxonomy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from api.schemas.common import Name


class ProjectCreate(BaseModel):
    name: Name = Field(description="Unique within the workspace", examples=["mobile-app-reviews"])


class ProjectOut(BaseModel):
    id: int
    name: str
    workspace: str
    created_at: dt.datetime | None = None
    records: int = 0
    units: int = 0
    imports: int = 0
    custom_taxonomy: bool = False


class ProjectList(BaseModel):
    projects: list[ProjectOut]


class LabelIn(BaseModel):
    key: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00]+$")
    name: str | dict[str, str] | None = Field(
        default=None, description="A name, or {'en': ..., 'he': ...}"
    )
    description: str | dict[str, str] | None = Field(
        default=None, description="What the label means, or {'en': ..., 'he': ...}"
    )
    hints: list[str] | dict[str, list[str]] = Field(default_factory=list)
    examples: list[str] | dict[str, list[str]] = Field(
        default_factory=list, description="Feedback-like sentences; they sharpen the label most"
    )


class TaxonomyIn(BaseModel):
    """A custom taxonomy. Sections left out keep the default labels; each given section needs
    at least two labels. Sentiments stay negative / neutral / positive."""

    version: str | None = Field(default=None, max_length=80, pattern=r"^[^\x00]*$")
    stages: list[LabelIn] | None = None
    touchpoints: list[LabelIn] | None = None
    emotions: list[LabelIn] | None = None
    sentiments: list[LabelIn] | None = None

    def to_miner(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class LabelOut(BaseModel):
    key: str
    name: dict[str, str]
    description: dict[str, str]
    hints: list[str]
    examples: list[str]


class TaxonomyOut(BaseModel):
    version: str
    custom: bool
    stages: list[LabelOut]
    touchpoints: list[LabelOut]
    sentiments: list[LabelOut]
    emotions: list[LabelOut]
    job_id: str | None = Field(
        default=None, description="After a replace: the job annotating the project's units again"
    )
