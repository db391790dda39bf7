"""A project's pain points: list (most severe first), detail, and the analyst's edits
(rename, merge, split, dismiss, move a unit), over `miner.cluster.edits`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import DbSession, Key, State, WorkspaceProject
from api.problems import Problem
from api.schemas.pain_points import (
    DismissIn,
    MergeIn,
    MoveUnitIn,
    PainPointDetailOut,
    PainPointList,
    RenameIn,
    SplitIn,
    SplitOut,
)
from miner.cluster.edits import (
    dismiss_pain_point,
    merge_pain_points,
    move_unit,
    rename_pain_point,
    split_pain_point,
)
from miner.pain_point_views import PainPointFilters, list_pain_points, pain_point_detail
from miner.projects import project_taxonomy
from miner.store.pain_points import PainPointNotFound

router = APIRouter(prefix="/v1/projects/{project_id}/pain-points", tags=["pain points"])
PainPointPath = Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_.:-]+$")]
Filter = Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00]*$")]


def _encoder(state, project):
    """The project's encoder (vectors cached in the database), for recomputing centres."""
    return state.classifiers.for_taxonomy(project_taxonomy(project)).encoder


def _detail(session, project_id: int, pain_point_id: str) -> PainPointDetailOut:
    # The edit was written through its own session: end this one's transaction, whose
    # snapshot (SQLite) predates it, before reading.
    session.rollback()
    return PainPointDetailOut(**pain_point_detail(session, project_id, pain_point_id))


def _edit(call):
    try:
        return call()
    except PainPointNotFound as exc:
        raise Problem(404, str(exc.args[0]) if exc.args else str(exc)) from exc
    except ValueError as exc:
        raise Problem(422, str(exc)) from exc


@router.get("", response_model=PainPointList)
def list_(
    project: WorkspaceProject,
    session: DbSession,
    status: Annotated[str, Query(pattern="^(active|dismissed|merged|all)$")] = "active",
    stage: Filter = None,
    touchpoint: Filter = None,
    growing: bool | None = None,
    min_size: Annotated[int, Query(ge=0, le=10**9)] = 0,
    q: Filter = None,
) -> PainPointList:
    """The project's pain points, most severe first (severity, then size)."""
    filters = PainPointFilters(status, stage, touchpoint, growing, min_size, q)
    return PainPointList(items=list_pain_points(session, project.id, filters))


@router.get("/{pain_point_id}", response_model=PainPointDetailOut)
def detail(
    pain_point_id: PainPointPath, project: WorkspaceProject, session: DbSession
) -> PainPointDetailOut:
    """One pain point with its quotes, trend (units per week and month) and units."""
    return _edit(lambda: _detail(session, project.id, pain_point_id))


@router.patch("/{pain_point_id}", response_model=PainPointDetailOut)
def rename(
    pain_point_id: PainPointPath,
    body: RenameIn,
    project: WorkspaceProject,
    key: Key,
    session: DbSession,
    state: State,
) -> PainPointDetailOut:
    """Rename (English and/or Hebrew label); the label is then kept through re-mining."""
    _edit(
        lambda: rename_pain_point(
            state.sessions,
            project.id,
            pain_point_id,
            label_en=body.label_en,
            label_he=body.label_he,
            actor=key.actor,
        )
    )
    return _detail(session, project.id, pain_point_id)


@router.post("/merge", response_model=PainPointDetailOut)
def merge(
    body: MergeIn, project: WorkspaceProject, key: Key, session: DbSession, state: State
) -> PainPointDetailOut:
    """Merge `sources` into `target`: their units move, and later units like theirs follow."""
    _edit(
        lambda: merge_pain_points(
            state.sessions,
            project.id,
            body.sources,
            body.target,
            actor=key.actor,
            encoder=_encoder(state, project),
        )
    )
    return _detail(session, project.id, body.target)


@router.post("/{pain_point_id}/split", response_model=SplitOut)
def split(
    pain_point_id: PainPointPath,
    body: SplitIn,
    project: WorkspaceProject,
    key: Key,
    state: State,
) -> SplitOut:
    """Split off `unit_ids` as a new pain point (or let clustering split it)."""
    new_ids = _edit(
        lambda: split_pain_point(
            state.sessions,
            project.id,
            pain_point_id,
            actor=key.actor,
            encoder=_encoder(state, project),
            unit_ids=body.unit_ids,
        )
    )
    return SplitOut(new_ids=new_ids)


@router.post("/{pain_point_id}/dismiss", response_model=PainPointDetailOut)
def dismiss(
    pain_point_id: PainPointPath,
    body: DismissIn,
    project: WorkspaceProject,
    key: Key,
    session: DbSession,
    state: State,
) -> PainPointDetailOut:
    """Not a pain point (or, with `restore`, active again). Its units stay with it."""
    _edit(
        lambda: dismiss_pain_point(
            state.sessions, project.id, pain_point_id, actor=key.actor, restore=body.restore
        )
    )
    return _detail(session, project.id, pain_point_id)


@router.post("/{pain_point_id}/units", response_model=PainPointDetailOut)
def move(
    pain_point_id: PainPointPath,
    body: MoveUnitIn,
    project: WorkspaceProject,
    key: Key,
    session: DbSession,
    state: State,
) -> PainPointDetailOut:
    """Move a negative unit into this pain point; it stays there through re-mining."""
    _edit(
        lambda: move_unit(
            state.sessions,
            project.id,
            body.unit_id,
            pain_point_id,
            actor=key.actor,
            encoder=_encoder(state, project),
        )
    )
    return _detail(session, project.id, pain_point_id)
