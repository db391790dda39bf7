"""Schemathesis against the API's own OpenAPI schema: generated requests (valid and invalid)
to every operation never get a 5xx, on SQLite and (when its server answers) PostgreSQL, which
refuses some text SQLite takes (NUL characters). Bounded: a few examples per operation, small
limits so the model runs on little text."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import schemathesis
from api_support import auth, make_app, new_key
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from postgres_server import POSTGRES_URL
from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.slow

LIMITS = {
    "start_worker": False,
    "max_analyze_texts": 3,
    "max_batch_items": 3,
    "max_upload_bytes": 20_000,
    "rate_burst": 1_000_000,
    "rate_per_minute": 1_000_000,
}
FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def _postgres_url() -> str | None:
    """A fresh schema on the test PostgreSQL server, or None when it does not answer."""
    import uuid

    from sqlalchemy import create_engine, text

    schema_name = f"t_fuzz_{uuid.uuid4().hex[:10]}"
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    except Exception:  # noqa: BLE001 - no server here: fuzz SQLite only
        return None
    finally:
        engine.dispose()
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema_name}"


# Built at import (schemathesis reads the schema to make one test per operation); the apps
# load no model until a request needs one.
_BASE = Path(tempfile.mkdtemp(prefix="miner-schemathesis-"))
URLS = {"sqlite": f"sqlite:///{_BASE / 'miner.db'}"}
if (_pg := _postgres_url()) is not None:
    URLS["postgres"] = _pg
APPS = {name: make_app(url, _BASE, **LIMITS) for name, url in URLS.items()}


def _schema_of(app):
    """The app's OpenAPI schema, read without starting the app: `from_asgi` would run its
    lifespan, whose model-loading thread then runs beside the collection, and CPython 3.11
    keeps one AST-conversion state per process, so hypothesis' `ast.parse` of lambdas and
    that thread's imports can trip "AST constructor recursion depth mismatch"."""
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(app.openapi())))
    schema.app = app  # cases are still sent through the ASGI app
    schema.location = "/openapi.json"
    return schema


SCHEMAS = {name: _schema_of(app) for name, app in APPS.items()}


def _seeded_headers(name: str) -> dict[str, str]:
    """A key, and a project with stored, annotated feedback for generated ids to land on."""
    headers = auth(new_key(URLS[name], "fuzz"))
    client = TestClient(APPS[name])
    pid = client.post("/v1/projects", json={"name": "seed"}, headers=headers).json()["id"]
    seeded = client.post(
        f"/v1/projects/{pid}/feedback",
        json={"items": [{"id": "1", "text": "המשלוח איחר אבל השירות מעולה", "rating": 4}]},
        headers=headers,
    )
    assert seeded.status_code == 200, seeded.text
    return headers


@pytest.fixture(scope="module")
def sqlite_headers():
    return _seeded_headers("sqlite")


@pytest.fixture(scope="module")
def postgres_headers():
    if "postgres" not in APPS:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    return _seeded_headers("postgres")


@SCHEMAS["sqlite"].parametrize()
@settings(FUZZ, max_examples=20)
def test_no_server_errors_sqlite(case, sqlite_headers):
    case.call_and_validate(headers=sqlite_headers, checks=[not_a_server_error])


if "postgres" in SCHEMAS:

    @SCHEMAS["postgres"].parametrize()
    @settings(FUZZ, max_examples=10)
    @pytest.mark.postgres
    def test_no_server_errors_postgres(case, postgres_headers):
        case.call_and_validate(headers=postgres_headers, checks=[not_a_server_error])
