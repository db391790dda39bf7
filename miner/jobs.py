"""Background jobs kept in the database: an upload to mine, or a project to annotate again.

A job is `queued` -> `running` -> `succeeded` | `failed`. Any process may run jobs: claiming is
a conditional UPDATE, so two workers never run the same job. A process that dies leaves its
job `running`; at the next start `recover_interrupted_jobs` queues it again (imports are
atomic and idempotent, annotation resumes where it stopped) or, after `max_attempts`, marks
it failed with the reason.
"""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from miner.ingest import NO_OVERRIDES
from miner.mine import ClassifierProvider, MinedProject, mine_file, mine_project
from miner.records import ColumnOverrides, IngestError
from miner.segment import Segmenter
from miner.settings import MinerSettings
from miner.store.schema import Import, Job, Project, Record, Unit, utcnow

log = logging.getLogger(__name__)

STATUSES = ("queued", "running", "succeeded", "failed")
KINDS = ("upload", "annotate")
# Share of the progress bar each pipeline step fills (they sum to 100).
STEP_SPAN = {
    "read": (0, 5),
    "normalize": (5, 20),
    "segment": (20, 30),
    "store": (30, 40),
    "classify": (40, 90),
}
LATER_STEPS_SPAN = (90, 100)  # steps after classification (pain points, ...)
PROGRESS_WRITE_EVERY_S = 0.5


def new_job_id() -> str:
    return f"job-{uuid.uuid4().hex[:16]}"


def create_job(
    session: Session,
    project_id: int,
    *,
    kind: str = "upload",
    file_name: str = "",
    payload: bytes | None = None,
    options: ColumnOverrides = NO_OVERRIDES,
    created_by: str = "",
) -> Job:
    """A queued job; the caller commits (and may then wake the worker)."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(
        id=new_job_id(),
        project_id=project_id,
        kind=kind,
        status="queued",
        file_name=file_name,
        payload=payload,
        options={k: v for k, v in asdict(options).items() if v},
        created_by=created_by,
        counts={},
        report={},
    )
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, workspace: str, job_id: str) -> Job | None:
    """The job if its project belongs to this workspace."""
    return session.scalar(
        select(Job)
        .join(Project, Project.id == Job.project_id)
        .where(Job.id == job_id, Project.workspace == workspace)
    )


def list_jobs(session: Session, workspace: str, project_id: int, limit: int = 100) -> list[Job]:
    return list(
        session.scalars(
            select(Job)
            .join(Project, Project.id == Job.project_id)
            .where(Job.project_id == project_id, Project.workspace == workspace)
            .order_by(Job.created_at.desc(), Job.id)
            .limit(limit)
        )
    )


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Job.status, func.count()).group_by(Job.status))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: n for status, n in rows})
    return counts


def claim_next_job(sessions: sessionmaker[Session]) -> str | None:
    """Mark the oldest queued job running and return its id (None when there is none)."""
    with sessions.begin() as session:
        candidates = session.scalars(
            select(Job.id).where(Job.status == "queued").order_by(Job.created_at, Job.id).limit(5)
        ).all()
        for job_id in candidates:
            claimed = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "queued")
                .values(
                    status="running",
                    attempts=Job.attempts + 1,
                    started_at=utcnow(),
                    step="",
                    progress=0.0,
                    error=None,
                )
            )
            if claimed.rowcount == 1:
                return job_id
    return None


def recover_interrupted_jobs(
    sessions: sessionmaker[Session], max_attempts: int = 2
) -> dict[str, list[str]]:
    """Jobs left `running` by a process that died: queue them again or, after
    `max_attempts` tries, fail them saying so. Call once at startup, before any worker runs."""
    outcome: dict[str, list[str]] = {"requeued": [], "failed": []}
    with sessions.begin() as session:
        for job in session.scalars(select(Job).where(Job.status == "running")):
            if job.attempts < max_attempts:
                job.status = "queued"
                job.step = ""
                job.progress = 0.0
                outcome["requeued"].append(job.id)
            else:
                job.status = "failed"
                job.finished_at = utcnow()
                job.payload = None
                job.error = (
                    f"interrupted {job.attempts} time(s) (the server stopped while it ran); "
                    "nothing half-written was kept: upload the file again to retry"
                )
                outcome["failed"].append(job.id)
    return outcome


class JobProgress:
    """Writes a running job's step and percentage, at most every half second."""

    def __init__(self, sessions: sessionmaker[Session], job_id: str) -> None:
        self.sessions = sessions
        self.job_id = job_id
        self._last_write = 0.0
        self._last_step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        if step == "store":
            # Called inside the import's write transaction: on SQLite a second writer would
            # wait for that very transaction. The next step's write shows the progress.
            return
        low, high = STEP_SPAN.get(step, LATER_STEPS_SPAN)
        percent = low + (high - low) * (done / total if total else 1.0)
        now = time.monotonic()
        if step == self._last_step and now - self._last_write < PROGRESS_WRITE_EVERY_S:
            return
        self._last_write, self._last_step = now, step
        try:
            with self.sessions.begin() as session:
                session.execute(
                    update(Job)
                    .where(Job.id == self.job_id, Job.status == "running")
                    .values(step=step, progress=round(min(percent, 99.0), 1))
                )
        except OperationalError:  # progress is advisory: a busy database must not fail the job
            log.warning("job %s: could not record progress", self.job_id, exc_info=True)


def run_job(
    sessions: sessionmaker[Session],
    job_id: str,
    *,
    settings: MinerSettings,
    classifier_for: ClassifierProvider,
    segmenter: Segmenter | None = None,
    on_finish: Callable[[str], None] | None = None,
) -> str:
    """Run a claimed job to its end and record the outcome; returns the final status.

    Never raises for a job's own failure: a bad file (IngestError) or any other error is
    stored on the job as its `error`.
    """
    with sessions() as session:
        job = session.get(Job, job_id)
        if job is None:
            return "failed"
        project = session.get(Project, job.project_id)
        kind, file_name, payload = job.kind, job.file_name, job.payload
        overrides = _overrides(job.options or {})
        project_name, workspace = project.name, project.workspace
    progress = JobProgress(sessions, job_id)
    try:
        if kind == "upload":
            counts, report = _run_upload(
                sessions,
                file_name,
                payload or b"",
                project_name,
                workspace,
                overrides=overrides,
                settings=settings,
                classifier_for=classifier_for,
                segmenter=segmenter,
                progress=progress,
            )
        else:
            mined = mine_project(
                sessions, job.project_id, classifier_for, progress, pain_points=True
            )
            counts = {
                "units_annotated": mined.annotated,
                "model_version": mined.model_version,
                **_pain_point_counts(mined),
            }
            report = {}
    except IngestError as exc:
        status = _finish(sessions, job_id, "failed", error=str(exc))
    except Exception as exc:  # noqa: BLE001 - the job records any failure; the worker goes on
        log.exception("job %s failed", job_id)
        status = _finish(sessions, job_id, "failed", error=f"{type(exc).__name__}: {exc}")
    else:
        status = _finish(sessions, job_id, "succeeded", counts=counts, report=report)
    if on_finish:
        on_finish(status)
    return status


def _run_upload(
    sessions, file_name, payload, project_name, workspace, **kwargs
) -> tuple[dict, dict]:
    # Readers detect the format from the name, so the temporary file keeps it.
    safe_name = Path(file_name).name or "upload"
    with tempfile.TemporaryDirectory(prefix="miner-job-") as folder:
        path = Path(folder) / safe_name
        path.write_bytes(payload)
        try:
            result = mine_file(sessions, path, project=project_name, workspace=workspace, **kwargs)
        except IngestError as exc:  # name the upload, not the temporary copy
            message = str(exc).replace(str(path), safe_name).replace("--text-col", "text_col")
            raise IngestError(message) from exc
    outcome = result.outcome
    result.report.file = safe_name  # the upload's name, not the temporary copy's path
    with sessions.begin() as session:
        units = session.scalar(
            select(func.count(Unit.id))
            .join(Record, Record.id == Unit.record_id)
            .where(Record.import_id == outcome.import_id)
        )
        imported = session.get(Import, outcome.import_id)
        if imported is not None and not outcome.already_imported:
            imported.report = {**(imported.report or {}), "file": safe_name}
    counts = {
        "records_read": result.report.records,
        "records_added": outcome.records_added,
        "records_already_stored": outcome.records_already_stored,
        "already_imported": outcome.already_imported,
        "units_added": 0 if outcome.already_imported else int(units or 0),
        "units_annotated": result.mined.annotated,
        "bad_rows": len(result.report.bad_rows),
        "model_version": result.mined.model_version,
        **_pain_point_counts(result.mined),
    }
    return counts, result.report.to_dict()


def _pain_point_counts(mined: MinedProject) -> dict:
    report = mined.pain_points
    if report is None:
        return {}
    return {"pain_points": len(report.pain_points), "pain_points_new": len(report.new_ids)}


def _overrides(options: dict) -> ColumnOverrides:
    return ColumnOverrides(**{**options, "text": tuple(options.get("text") or ())})


def _finish(sessions, job_id: str, status: str, *, error=None, counts=None, report=None) -> str:
    values = {
        "status": status,
        "finished_at": utcnow(),
        "payload": None,  # the file is mined (or unusable): no need to keep its bytes
        "error": error,
    }
    if status == "succeeded":
        values["progress"] = 100.0
        values["step"] = "done"
    if counts is not None:
        values["counts"] = counts
    if report is not None:
        values["report"] = report
    with sessions.begin() as session:
        session.execute(update(Job).where(Job.id == job_id).values(**values))
    return status
