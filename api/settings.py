"""The API's limits and switches, read from the environment (`MINER_API_*`) once.

| variable | default | what |
| --- | --- | --- |
| `MINER_API_MAX_UPLOAD_BYTES` | 52428800 (50 MiB) | largest upload; larger gets 413 |
| `MINER_API_MAX_BATCH_ITEMS` | 1000 | items in one POST .../feedback |
| `MINER_API_MAX_ANALYZE_TEXTS` | 256 | texts in one POST /v1/analyze |
| `MINER_MAX_TEXT_CHARS` | 5000 | one text (MinerSettings) |
| `MINER_API_RATE_PER_MINUTE` | 600 | sustained requests per minute per key |
| `MINER_API_RATE_BURST` | 60 | requests a key may send at once |
| `MINER_API_JOB_ATTEMPTS` | 2 | runs of a job interrupted by a crash before it is failed |
| `MINER_API_WORKER` | 1 | 0: this process runs no jobs (another one does) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from miner.settings import MinerSettings


def _int(env, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a whole number") from exc


@dataclass(frozen=True)
class ApiSettings:
    miner: MinerSettings = field(default_factory=MinerSettings)
    max_upload_bytes: int = 50 * 1024 * 1024
    max_batch_items: int = 1000
    max_analyze_texts: int = 256
    rate_per_minute: int = 600
    rate_burst: int = 60
    job_attempts: int = 2
    run_worker: bool = True

    @property
    def max_text_chars(self) -> int:
        return self.miner.max_text_chars

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ApiSettings:
        env = os.environ if environ is None else environ
        return cls(
            miner=MinerSettings.from_env(dict(env)),
            max_upload_bytes=_int(env, "MINER_API_MAX_UPLOAD_BYTES", 50 * 1024 * 1024),
            max_batch_items=_int(env, "MINER_API_MAX_BATCH_ITEMS", 1000),
            max_analyze_texts=_int(env, "MINER_API_MAX_ANALYZE_TEXTS", 256),
            rate_per_minute=_int(env, "MINER_API_RATE_PER_MINUTE", 600),
            rate_burst=_int(env, "MINER_API_RATE_BURST", 60),
            job_attempts=_int(env, "MINER_API_JOB_ATTEMPTS", 2),
            run_worker=env.get("MINER_API_WORKER", "1") not in ("0", "false", "no"),
        )
