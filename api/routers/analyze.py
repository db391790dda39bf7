"""Stateless analysis of texts: nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Key, State
from api.problems import Problem, problem_responses
from api.schemas.analyze import AnalyzeIn, AnalyzeOut
from miner.analyze import AnalyzeError, analyze_texts, check_text_lengths
from miner.classifier_pool import ClassifierUnavailable

router = APIRouter(prefix="/v1", tags=["analyze"])


@router.post("/analyze", response_model=AnalyzeOut, responses=problem_responses(413, 503))
def analyze(body: AnalyzeIn, key: Key, state: State) -> AnalyzeOut:
    """Opinion units of each text with stage, touchpoint, sentiment, emotion and scores.

    Synchronous; nothing is stored (not even encoder vectors). Unit offsets index the
    returned normalized text (PII such as emails and phone numbers is redacted first).
    """
    limit = state.settings.max_analyze_texts
    if len(body.texts) > limit:
        raise Problem(
            413,
            f"{len(body.texts)} texts in one request; the limit is {limit} "
            "(MINER_API_MAX_ANALYZE_TEXTS)",
        )
    try:
        check_text_lengths(body.texts, state.settings.max_text_chars)
    except AnalyzeError as exc:
        raise Problem(413, str(exc)) from exc
    try:
        classifier = state.classifiers.stateless()
    except ClassifierUnavailable as exc:
        raise Problem(503, f"the classifier is not available: {exc}") from exc
    try:
        results = analyze_texts(
            body.texts, classifier, state.segmenter, max_text_chars=state.settings.max_text_chars
        )
    except AnalyzeError as exc:
        raise Problem(413, str(exc)) from exc
    return AnalyzeOut(model_version=classifier.version, results=[r.to_dict() for r in results])
