"""The journey map and a platform's map populated by ours."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator

from api.schemas.common import CleanStr

Text100 = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00]+$")]
LongText = Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")]


class MapOut(BaseModel):
    """A project's journey map: `stages` in order, each with volume, the emotion row, the
    pain-point row, touchpoints and scores; `totals` for the whole map. Field definitions:
    `definitions`."""

    model_config = {"extra": "allow"}
    stages: list[dict[str, Any]]


class PlatformTouchpointIn(BaseModel):
    id: Text100
    name: Text100
    description: LongText = ""


class PlatformStageIn(BaseModel):
    id: Text100 = Field(description="The platform's own stage id; rows come back keyed by it")
    name: Text100
    description: LongText = ""
    touchpoints: list[PlatformTouchpointIn] = Field(default_factory=list, max_length=50)
    stages: list[Text100] = Field(
        default_factory=list, description="Our stage keys it covers (else matched by meaning)"
    )


class PopulateFeedbackIn(BaseModel):
    text: CleanStr
    rating: float | None = Field(default=None, ge=0, le=10)
    nps: int | None = Field(default=None, ge=0, le=10)


class PopulateIn(BaseModel):
    """The platform's stages plus exactly one of: `project_id` (a stored project of the
    key's workspace), `texts`, or `feedback` (texts with rating / NPS)."""

    stages: list[PlatformStageIn] = Field(min_length=1, max_length=50)
    project_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    texts: list[CleanStr] | None = Field(default=None, min_length=1)
    feedback: list[PopulateFeedbackIn] | None = Field(default=None, min_length=1)
    date_from: dt.date | dt.datetime | None = Field(default=None, description="project only")
    date_to: dt.date | dt.datetime | None = Field(default=None, description="project only")
    source: list[Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]] | None = None
    segment: list[Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]] | None = None
    language: list[Annotated[str, Field(max_length=8, pattern=r"^[^\x00]*$")]] | None = None
    top_pain_points: int = Field(default=5, ge=0, le=20)

    @model_validator(mode="after")
    def _one_source(self) -> PopulateIn:
        given = [n for n in ("project_id", "texts", "feedback") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of project_id, texts or feedback")
        return self


class PopulatedOut(BaseModel):
    """Rows keyed by the platform's stage ids: `stages[].id`, what each was matched to
    (`matched`), and its `column` (volume, emotion row, pain-point row, touchpoints, scores)."""

    model_config = {"extra": "allow"}
    stages: list[dict[str, Any]]
