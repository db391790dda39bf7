"""What one API process holds: settings, the database, loaded models, limiter, metrics, worker.

Loaded once per process and shared by every request (`request.app.state.miner`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from api.metrics import ApiMetrics
from api.rate_limit import TokenBucketLimiter
from api.settings import ApiSettings
from api.worker import JobWorker
from miner.classifier_pool import ClassifierPool
from miner.jobs import count_by_status, recover_interrupted_jobs, run_job
from miner.segment import Segmenter

log = logging.getLogger("api")


class SharedSegmenter:
    """One Segmenter (spaCy pipelines) shared by request threads, one caller at a time."""

    def __init__(self) -> None:
        self._inner: Segmenter | None = None
        self._lock = threading.Lock()

    def segment_many(self, texts, languages, **kwargs):
        with self._lock:
            if self._inner is None:
                self._inner = Segmenter()
            return self._inner.segment_many(texts, languages, **kwargs)


@dataclass
class ApiState:
    settings: ApiSettings
    sessions: sessionmaker[Session]
    classifiers: ClassifierPool
    limiter: TokenBucketLimiter
    metrics: ApiMetrics = field(default_factory=ApiMetrics)
    worker: JobWorker | None = None
    model_error: str | None = None  # why the classifier could not be loaded
    segmenter: SharedSegmenter = field(default_factory=lambda: SharedSegmenter())

    def load_models(self) -> None:
        """Load the encoder and default classifier (run in the background at startup)."""
        try:
            self.classifiers.for_taxonomy(None)
            self.classifiers.stateless()
            self.model_error = None
        except Exception as exc:  # noqa: BLE001 - reported by /readyz, not fatal to the process
            log.exception("could not load the classifier")
            self.model_error = str(exc)

    @property
    def model_ready(self) -> bool:
        return self.classifiers.loaded and self.model_error is None

    def database_ready(self) -> bool:
        try:
            with self.sessions() as session:
                session.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means: not ready
            log.exception("database not reachable")
            return False

    def run_job(self, job_id: str) -> str:
        status = run_job(
            self.sessions,
            job_id,
            settings=self.settings.miner,
            classifier_for=self.classifiers,
        )
        self.metrics.jobs_finished.labels(status).inc()
        return status

    def start_worker(self) -> None:
        recovered = recover_interrupted_jobs(self.sessions, self.settings.job_attempts)
        if recovered["requeued"] or recovered["failed"]:
            log.warning("interrupted jobs: requeued %s, failed %s", *recovered.values())
        self.worker = JobWorker(self.sessions, self.run_job)
        self.worker.start()

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def wake_worker(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    def refresh_job_gauge(self) -> None:
        with self.sessions() as session:
            for status, n in count_by_status(session).items():
                self.metrics.jobs.labels(status).set(n)
