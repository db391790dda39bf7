"""Stateless analysis."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import CleanStr


class AnalyzeIn(BaseModel):
    texts: list[CleanStr] = Field(min_length=1, description="Up to 256 texts (see limits)")


class UnitLabelsOut(BaseModel):
    stage: str
    stage_score: float
    touchpoint: str
    touchpoint_score: float
    sentiment: str
    sentiment_score: float = Field(description="P(positive) - P(negative), in [-1, 1]")
    emotion: str
    emotion_score: float


class AnalyzedUnitOut(UnitLabelsOut):
    index: int
    text: str
    start: int = Field(description="Offset into the returned (normalized) text")
    end: int
    language: str


class AnalyzedTextOut(BaseModel):
    index: int
    text: str = Field(description="Normalized, PII-redacted text; unit offsets index it")
    language: str
    pii_redacted: dict[str, int]
    sentiment: str
    sentiment_score: float
    stage: str
    touchpoints: list[str]
    emotion: str
    units: list[AnalyzedUnitOut]


class AnalyzeOut(BaseModel):
    model_version: str
    results: list[AnalyzedTextOut]
