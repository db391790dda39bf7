"""Projects of the caller's workspace, and their taxonomy."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import DbSession, Key, State, WorkspaceProject
from api.problems import Problem, problem_responses
from api.schemas.projects import ProjectCreate, ProjectList, ProjectOut, TaxonomyIn, TaxonomyOut
from miner.jobs import create_job
from miner.projects import (
    ProjectExists,
    TaxonomyError,
    create_project,
    delete_project,
    project_summary,
    project_taxonomy,
    replace_taxonomy,
    workspace_projects,
)
from miner.store.schema import Project

router = APIRouter(prefix="/v1/projects", tags=["projects"])


def _project_out(project: Project, summary) -> ProjectOut:
    return ProjectOut(
        id=project.id,
        name=project.name,
        workspace=project.workspace,
        created_at=project.created_at,
        records=summary.records,
        units=summary.units,
        imports=summary.imports,
        custom_taxonomy=bool(project.taxonomy),
    )


def _project_with_counts(session, project: Project) -> ProjectOut:
    return _project_out(project, project_summary(session, project.workspace, project.id))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ProjectOut,
    responses=problem_responses(409),
)
def create(body: ProjectCreate, key: Key, session: DbSession, response: Response) -> ProjectOut:
    """Create an empty project in the key's workspace."""
    try:
        project = create_project(session, key.workspace, body.name)
        session.commit()
    except ProjectExists as exc:
        session.rollback()
        raise Problem(409, str(exc)) from exc
    response.headers["Location"] = f"/v1/projects/{project.id}"
    return _project_with_counts(session, project)


@router.get("", response_model=ProjectList)
def list_(key: Key, session: DbSession) -> ProjectList:
    """The workspace's projects with their record, unit and import counts."""
    return ProjectList(
        projects=[
            _project_out(project, s) for project, s in workspace_projects(session, key.workspace)
        ]
    )


@router.get("/{project_id}", response_model=ProjectOut)
def get(project: WorkspaceProject, session: DbSession) -> ProjectOut:
    return _project_with_counts(session, project)


@router.delete("/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(project: WorkspaceProject, key: Key, session: DbSession) -> Response:
    """Delete the project and everything stored under it (records, units, jobs, maps)."""
    delete_project(session, key.workspace, project.id)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _taxonomy_out(project: Project, job_id: str | None = None) -> TaxonomyOut:
    taxonomy = project_taxonomy(project)
    return TaxonomyOut(custom=bool(project.taxonomy), job_id=job_id, **taxonomy.to_dict())


@router.get("/{project_id}/taxonomy", response_model=TaxonomyOut)
def get_taxonomy(project: WorkspaceProject) -> TaxonomyOut:
    """The project's stages, touchpoints, sentiments and emotions (default or its own)."""
    return _taxonomy_out(project)


def _replace(project, data, key, session, state) -> TaxonomyOut:
    try:
        replace_taxonomy(project, data)
    except TaxonomyError as exc:
        raise Problem(422, f"taxonomy: {exc}") from exc
    job = None
    if project_summary(session, key.workspace, project.id).units:
        job = create_job(session, project.id, kind="annotate", created_by=key.actor)
    session.commit()
    state.wake_worker()
    return _taxonomy_out(project, job.id if job else None)


@router.put("/{project_id}/taxonomy", response_model=TaxonomyOut)
def put_taxonomy(
    body: TaxonomyIn, project: WorkspaceProject, key: Key, session: DbSession, state: State
) -> TaxonomyOut:
    """Replace the project's taxonomy with its own stages / touchpoints / emotions.

    Labels the trained heads do not know are scored by prototypes built from their
    descriptions, hints and examples. When the project has units, a job annotates them again
    (its id is in `job_id`).
    """
    return _replace(project, body.to_miner(), key, session, state)


@router.delete("/{project_id}/taxonomy", response_model=TaxonomyOut)
def reset_taxonomy(
    project: WorkspaceProject, key: Key, session: DbSession, state: State
) -> TaxonomyOut:
    """Go back to the default taxonomy."""
    return _replace(project, None, key, session, state)
