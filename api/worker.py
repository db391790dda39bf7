"""The in-process job worker: one thread that runs queued jobs one at a time.

Job state lives in the database (miner.jobs), so the worker only claims and runs: a job
queued by any process is found within `poll_s`, at once when this process queued it (`wake`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from miner.jobs import claim_next_job, run_job

log = logging.getLogger("api.worker")


class JobWorker:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        run: Callable[[str], str],
        *,
        poll_s: float = 1.0,
    ) -> None:
        self.sessions = sessions
        self.run = run
        self.poll_s = poll_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="miner-job-worker", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the worker to stop after the job it is running (a job is never cut short)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                job_id = claim_next_job(self.sessions)
            except Exception:  # noqa: BLE001 - a database hiccup must not kill the worker
                log.exception("could not claim a job")
                job_id = None
            if job_id is None:
                self._wake.wait(self.poll_s)
                self._wake.clear()
                continue
            self.run(job_id)


__all__ = ["JobWorker", "run_job"]
