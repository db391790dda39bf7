"""Pain points: list, detail and the analyst's edits."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

PainPointId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.:-]+$")]
Label = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\x00]+$")]


class PainPointOut(BaseModel):
    """A pain point: labels (en/he), size, share of negative units, severity (0-100), stage
    and touchpoint mix, mean sentiment, quotes, trend (per week / month) and `growing`."""

    model_config = {"extra": "allow"}
    id: str
    label_en: str
    label_he: str
    status: str
    merged_into: str | None = None
    label_locked: bool = False
    size: int | None = None
    share: float | None = None
    severity: float | None = None
    stages: list[dict[str, Any]] | None = None
    touchpoints: list[dict[str, Any]] | None = None
    sentiment_mean: float | None = None
    quotes: list[dict[str, Any]] | None = None
    trend: dict[str, Any] | None = None
    growing: bool | None = None


class PainPointUnitOut(BaseModel):
    unit_id: int
    assigned_by: str = Field(description="model | analyst (analyst-placed units never move)")
    similarity: float | None


class PainPointDetailOut(PainPointOut):
    units: list[PainPointUnitOut]


class PainPointList(BaseModel):
    items: list[PainPointOut]


class RenameIn(BaseModel):
    label_en: Label | None = None
    label_he: Label | None = None


class MergeIn(BaseModel):
    sources: list[PainPointId] = Field(min_length=1, max_length=50)
    target: PainPointId


class SplitIn(BaseModel):
    unit_ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] | None = Field(
        default=None,
        description="These units become a new pain point; without them the pain point's "
        "units are clustered again and every cluster after the largest becomes a new one",
    )


class SplitOut(BaseModel):
    new_ids: list[str]


class DismissIn(BaseModel):
    restore: bool = Field(default=False, description="true: make it active again")


class MoveUnitIn(BaseModel):
    unit_id: int = Field(ge=1, le=2**31 - 1)
