"""A CX platform's map filled from feedback it sends (nothing stored): analyze the texts,
then compute the platform stages' emotion and pain-point rows over those units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from miner.analyze import analyze_texts, annotated_units
from miner.classify import JourneyClassifier
from miner.journey_map import PopulatedMap, populate_map
from miner.segment import Segmenter


def populate_from_texts(
    texts: Sequence[str],
    platform_stages: Sequence[Mapping[str, Any]],
    classifier: JourneyClassifier,
    segmenter: Segmenter,
    *,
    max_text_chars: int,
    ratings: Sequence[float | None] | None = None,
    nps: Sequence[int | None] | None = None,
    top_pain_points: int = 5,
) -> PopulatedMap:
    """Rows keyed by the platform's stage ids; negative units are grouped by touchpoint into
    pain points (no clustering over a one-off batch)."""
    results = analyze_texts(
        texts, classifier, segmenter, max_text_chars=max_text_chars, ratings=ratings, nps=nps
    )
    units = annotated_units(results, ratings, nps)
    return populate_map(
        None,
        units,
        platform_stages,
        classifier.encoder,
        taxonomy=classifier.taxonomy,
        top_pain_points=top_pain_points,
    )
