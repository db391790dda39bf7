"""Uploads (a file to mine, run as a background job) and the jobs' status."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Response, UploadFile, status

from api.body_limit import too_large_detail
from api.deps import DbSession, Key, State, WorkspaceProject
from api.problems import Problem, problem_responses
from api.schemas.jobs import ColumnChoices, JobAccepted, JobList, JobOut
from miner.jobs import create_job, get_job, list_jobs
from miner.store.schema import Job

router = APIRouter(prefix="/v1", tags=["uploads and jobs"])
CHUNK = 1 << 20


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.id,
        project_id=job.project_id,
        kind=job.kind,
        status=job.status,
        step=job.step,
        progress=job.progress,
        file_name=job.file_name,
        counts=job.counts or {},
        report=job.report or {},
        error=job.error,
        attempts=job.attempts,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def _read_limited(upload: UploadFile, limit: int) -> bytes:
    parts, size = [], 0
    while chunk := upload.file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise Problem(413, f"file {upload.filename!r}: {too_large_detail(limit)}")
        parts.append(chunk)
    return b"".join(parts)


@router.post(
    "/projects/{project_id}/uploads",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobAccepted,
    responses=problem_responses(413),
)
def upload(
    file: Annotated[UploadFile, File(description="CSV, TSV, JSON, JSONL or XLSX feedback dump")],
    project: WorkspaceProject,
    columns: Annotated[ColumnChoices, Form()],
    key: Key,
    session: DbSession,
    state: State,
    response: Response,
) -> JobAccepted:
    """Queue a feedback dump to be mined into the project; poll `GET /v1/jobs/{job_id}`.

    The same file uploaded twice adds nothing the second time; records already stored (by id,
    else by content) are counted, not stored again.
    """
    payload = _read_limited(file, state.settings.max_upload_bytes)
    if not payload:
        raise Problem(422, f"file {file.filename!r} is empty")
    name = (file.filename or "upload").replace("\x00", "")[-500:] or "upload"
    job = create_job(
        session,
        project.id,
        kind="upload",
        file_name=name,
        payload=payload,
        options=columns.overrides(),
        created_by=key.actor,
    )
    session.commit()
    state.wake_worker()
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return JobAccepted(job_id=job.id, status="queued", status_url=f"/v1/jobs/{job.id}")


@router.get("/jobs/{job_id}", response_model=JobOut)
def get(
    job_id: Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_-]+$")],
    key: Key,
    session: DbSession,
) -> JobOut:
    """A job's status (queued, running, succeeded, failed), progress, counts and report."""
    job = get_job(session, key.workspace, job_id)
    if job is None:
        raise Problem(404, f"job {job_id!r} not found")
    return job_out(job)


@router.get("/projects/{project_id}/jobs", response_model=JobList)
def project_jobs(
    project: WorkspaceProject,
    key: Key,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> JobList:
    """The project's jobs, newest first."""
    return JobList(jobs=[job_out(j) for j in list_jobs(session, key.workspace, project.id, limit)])
