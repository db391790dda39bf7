"""Feedback pushed by a platform, browsing feedback and units, and label corrections."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api.deps import DbSession, Key, State, WorkspaceProject
from api.problems import Problem, problem_responses
from api.schemas.browse import LabelCorrectionIn, RecordPage, UnitOut, UnitPage
from api.schemas.common import CleanStr
from api.schemas.feedback import FeedbackBatchIn, FeedbackBatchOut
from miner.browse import BrowseFilters, CursorError, browse_records, browse_units, get_unit
from miner.corrections import CorrectionError, correct_unit_labels
from miner.feedback_batch import store_feedback_batch
from miner.mine import mine_project

router = APIRouter(prefix="/v1/projects/{project_id}", tags=["feedback and units"])

Label = Annotated[CleanStr | None, Query(max_length=100)]
UnitId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("/feedback", response_model=FeedbackBatchOut, responses=problem_responses(413))
def push_feedback(
    body: FeedbackBatchIn, project: WorkspaceProject, session: DbSession, state: State
) -> FeedbackBatchOut:
    """Store a batch of feedback and annotate its new units (synchronously).

    Idempotent by `id`: an item whose id is stored already is reported `already_stored`.
    Bad items are listed in `errors` (index, field, reason); the rest is stored.
    """
    limit = state.settings.max_batch_items
    if len(body.items) > limit:
        raise Problem(
            413,
            f"{len(body.items)} items in one batch; the limit is {limit} "
            "(MINER_API_MAX_BATCH_ITEMS)",
        )
    session.close()  # the batch is written in its own transaction
    outcome = store_feedback_batch(
        state.sessions,
        project.id,
        [item.model_dump(exclude_unset=True) for item in body.items],
        max_text_chars=state.settings.max_text_chars,
        segmenter=state.segmenter,
    )
    mined = None
    if outcome.added:
        mined = mine_project(state.sessions, project.id, state.classifiers, pain_points=True)
    return FeedbackBatchOut(
        received=outcome.received,
        added=outcome.added,
        already_stored=outcome.already_stored,
        rejected=len(outcome.errors),
        units_annotated=mined.annotated if mined else 0,
        model_version=mined.model_version if mined else None,
        items=[vars(item) for item in outcome.items],
        errors=[vars(error) for error in outcome.errors],
    )


def browse_filters(
    stage: Label = None,
    touchpoint: Label = None,
    sentiment: Label = None,
    emotion: Label = None,
    language: Annotated[
        CleanStr | None, Query(max_length=8, description="he, en, mixed, other")
    ] = None,
    source: Annotated[CleanStr | None, Query(max_length=200)] = None,
    segment: Annotated[CleanStr | None, Query(max_length=200)] = None,
    date_from: Annotated[dt.datetime | None, Query(description="Records dated from (ISO)")] = None,
    date_to: Annotated[dt.datetime | None, Query(description="Records dated up to (ISO)")] = None,
    q: Annotated[CleanStr | None, Query(max_length=200, description="Text contains")] = None,
) -> BrowseFilters:
    def naive(value: dt.datetime | None) -> dt.datetime | None:  # stored dates are naive UTC
        if value is not None and value.tzinfo is not None:
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    return BrowseFilters(
        stage=stage,
        touchpoint=touchpoint,
        sentiment=sentiment,
        emotion=emotion,
        language=language,
        source=source,
        segment=segment,
        date_from=naive(date_from),
        date_to=naive(date_to),
        q=q or None,
    )


Filters = Annotated[BrowseFilters, Depends(browse_filters)]
Cursor = Annotated[CleanStr | None, Query(max_length=200, description="From `next_cursor`")]
Limit = Annotated[int, Query(ge=1, le=500)]


@router.get("/feedback", response_model=RecordPage, responses=problem_responses(400))
def list_feedback(
    project: WorkspaceProject,
    session: DbSession,
    filters: Filters,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> RecordPage:
    """The project's feedback records with their labels and units, oldest first.

    Label filters match a record when one of its units carries the label.
    """
    try:
        page = browse_records(session, project.id, filters, cursor=cursor, limit=limit)
    except CursorError as exc:
        raise Problem(400, str(exc)) from exc
    return RecordPage(
        items=page.items, next_cursor=page.next_cursor, model_version=page.model_version
    )


@router.get("/units", response_model=UnitPage, responses=problem_responses(400))
def list_units(
    project: WorkspaceProject,
    session: DbSession,
    filters: Filters,
    pain_point: Annotated[CleanStr | None, Query(max_length=40)] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> UnitPage:
    """The project's opinion units with their labels (corrections applied), oldest first."""
    filters = BrowseFilters(**{**vars(filters), "pain_point": pain_point})
    try:
        page = browse_units(session, project.id, filters, cursor=cursor, limit=limit)
    except CursorError as exc:
        raise Problem(400, str(exc)) from exc
    return UnitPage(
        items=page.items, next_cursor=page.next_cursor, model_version=page.model_version
    )


@router.get("/units/{unit_id}", response_model=UnitOut)
def unit(unit_id: UnitId, project: WorkspaceProject, session: DbSession) -> UnitOut:
    found = get_unit(session, project.id, unit_id)
    if found is None:
        raise Problem(404, f"unit {unit_id} not found in project {project.id}")
    return UnitOut(**found)


@router.patch("/units/{unit_id}", response_model=UnitOut)
def correct_unit(
    unit_id: UnitId,
    body: LabelCorrectionIn,
    project: WorkspaceProject,
    key: Key,
    session: DbSession,
) -> UnitOut:
    """Correct a unit's labels. Stored as corrections (the model's answer is kept), shown in
    browsing and the map at once, and used by the next `miner train`."""
    try:
        stored = correct_unit_labels(session, project, unit_id, body.labels(), key.actor)
    except CorrectionError as exc:
        raise Problem(422, str(exc)) from exc
    if stored is None:
        raise Problem(404, f"unit {unit_id} not found in project {project.id}")
    session.commit()
    return UnitOut(**get_unit(session, project.id, unit_id))
