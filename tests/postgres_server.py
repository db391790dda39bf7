"""Where the test PostgreSQL server is (a plain module: `conftest` names clash across folders)."""

from __future__ import annotations

import os

POSTGRES_URL = os.environ.get(
    "MINER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
