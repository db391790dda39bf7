"""Stateless analysis: texts in, opinion units with their journey labels out; nothing stored.

The same steps as mining (normalize + redact, segment, classify, roll up), over texts held in
memory. Unit offsets index the returned (normalized, PII-redacted) text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from miner.classify import JourneyClassifier, roll_up_record
from miner.classify.labels import UnitLabels
from miner.journey_map.memory import AnnotatedUnit
from miner.records import NormalizedText, OpinionUnit
from miner.segment import Segmenter
from miner.text import prepare_text


class AnalyzeError(ValueError):
    """Input that cannot be analyzed; the message names the text by its index."""


@dataclass(frozen=True)
class AnalyzedUnit:
    index: int
    text: str
    start: int
    end: int
    language: str
    labels: UnitLabels


@dataclass(frozen=True)
class AnalyzedText:
    index: int
    text: str  # normalized and PII-redacted; unit offsets index this
    language: str
    pii_redacted: dict[str, int]
    units: list[AnalyzedUnit]
    sentiment: str  # the record-level roll-up
    sentiment_score: float
    stage: str
    touchpoints: tuple[str, ...]
    emotion: str

    def to_dict(self) -> dict:
        """Plain data; each unit's labels flattened into the unit."""
        out = asdict(self)
        out["units"] = [
            {**{k: v for k, v in asdict(u).items() if k != "labels"}, **u.labels.to_dict()}
            for u in self.units
        ]
        return out


def check_text_lengths(texts: Sequence[str], max_text_chars: int) -> None:
    """Raise AnalyzeError naming the first text over the limit."""
    for i, text in enumerate(texts):
        if len(text) > max_text_chars:
            raise AnalyzeError(
                f"texts[{i}] is {len(text):,} characters (limit {max_text_chars:,}, "
                "MINER_MAX_TEXT_CHARS)"
            )


def analyze_texts(
    texts: Sequence[str],
    classifier: JourneyClassifier,
    segmenter: Segmenter,
    *,
    max_text_chars: int,
    ratings: Sequence[float | None] | None = None,
    nps: Sequence[int | None] | None = None,
) -> list[AnalyzedText]:
    """Label every opinion unit of every text; an empty text gives no units. A text's rating
    or NPS (when given, one per text) informs its units' sentiment, as in mining."""
    check_text_lengths(texts, max_text_chars)
    ratings = list(ratings) if ratings is not None else [None] * len(texts)
    nps = list(nps) if nps is not None else [None] * len(texts)
    prepared: list[NormalizedText] = [prepare_text(t) for t in texts]
    units: list[list[OpinionUnit]] = segmenter.segment_many(
        [p.text for p in prepared], [p.language for p in prepared]
    )
    owner = [i for i, text_units in enumerate(units) for _ in text_units]
    flat = [u.text for text_units in units for u in text_units]
    labels = iter(
        classifier.predict(flat, ratings=[ratings[i] for i in owner], nps=[nps[i] for i in owner])
    )
    out = []
    for i, (norm, text_units) in enumerate(zip(prepared, units, strict=True)):
        analyzed = [
            AnalyzedUnit(u.index, u.text, u.start, u.end, u.language, next(labels))
            for u in text_units
        ]
        rolled = roll_up_record([u.labels for u in analyzed], ratings[i], nps[i])
        out.append(
            AnalyzedText(
                index=i,
                text=norm.text,
                language=norm.language,
                pii_redacted=dict(norm.pii),
                units=analyzed,
                sentiment=rolled.sentiment,
                sentiment_score=rolled.sentiment_score,
                stage=rolled.stage,
                touchpoints=tuple(rolled.touchpoints),
                emotion=rolled.emotion,
            )
        )
    return out


def annotated_units(
    results: Sequence[AnalyzedText],
    ratings: Sequence[float | None] | None = None,
    nps: Sequence[int | None] | None = None,
) -> list[AnnotatedUnit]:
    """Analyzed texts as the journey map's in-memory units (record id = the text's index)."""
    return [
        AnnotatedUnit(
            unit_id=f"{result.index}.{unit.index}",
            record_id=result.index,
            text=unit.text,
            stage=unit.labels.stage,
            touchpoint=unit.labels.touchpoint,
            sentiment=unit.labels.sentiment,
            sentiment_score=unit.labels.sentiment_score,
            emotion=unit.labels.emotion,
            language=unit.language,
            rating=ratings[result.index] if ratings is not None else None,
            nps=nps[result.index] if nps is not None else None,
        )
        for result in results
        for unit in result.units
    ]
