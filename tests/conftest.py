"""Shared fixtures: databases on SQLite (always) and PostgreSQL (when its server answers)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from postgres_server import POSTGRES_URL

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "corpora" / "samples"


def _postgres_schema_url() -> str:
    """A fresh schema on the test PostgreSQL server, or skip saying why."""
    try:
        import psycopg  # noqa: F401
        from sqlalchemy import create_engine, text
    except ImportError as exc:  # pragma: no cover
        pytest.skip(f"PostgreSQL driver not installed: {exc}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means: no server here
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}: {exc}")
    finally:
        engine.dispose()
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}", schema


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """A migrated-on-open, empty database URL: SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'miner.db'}"
        return
    url, schema = _postgres_schema_url()
    yield url
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def miner_env(tmp_path, monkeypatch):
    """Point the CLI at a throw-away data folder."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("MINER_DATA_DIR", str(data_dir))
    monkeypatch.delenv("MINER_DATABASE_URL", raising=False)
    return data_dir
