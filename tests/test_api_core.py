"""The HTTP API without running jobs: keys, projects, taxonomy, errors, limits, rate limit,
health and metrics (SQLite and PostgreSQL where storage matters)."""

from __future__ import annotations

import pytest
from api_support import auth, make_app, new_key, sample_slice
from fastapi.testclient import TestClient

from miner.store import open_database
from miner.store.api_keys import revoke_api_key, verify_api_key
from miner.store.schema import ApiKey

PROBLEM = "application/problem+json"


@pytest.fixture
def client(database_url, tmp_path):
    """An app without its worker or lifespan (no model is loaded) and a key of 'acme'."""
    app = make_app(database_url, tmp_path, start_worker=False)
    key = new_key(database_url, "acme")
    return TestClient(app), auth(key), database_url


def _assert_problem(response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:journey-miner:problem:")
    assert body["title"] and body["detail"]
    for word in words:
        assert word in body["detail"], body
    return body


def _v1_routes(app):
    """Every documented /v1 operation as (method, path template)."""
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/v1"):
            for method in operations:
                yield method.upper(), path


def test_keys_are_stored_hashed_and_verified(database_url):
    key = new_key(database_url, "acme")
    sessions = open_database(database_url)
    with sessions() as session:
        row = session.query(ApiKey).one()
        assert key.split("_", 2)[2] not in (row.secret_sha256, row.prefix)
        assert len(row.secret_sha256) == 64
        assert verify_api_key(session, key).workspace == "acme"
        assert verify_api_key(session, key[:-1] + ("A" if key[-1] != "A" else "B")) is None
        assert verify_api_key(session, "jm_nope_nope") is None
        assert verify_api_key(session, "garbage") is None
    with sessions.begin() as session:
        assert revoke_api_key(session, row.prefix)
    with sessions() as session:
        assert verify_api_key(session, key) is None


def test_every_v1_endpoint_needs_a_valid_key(client):
    http, headers, url = client
    routes = list(_v1_routes(http.app))
    assert len(routes) >= 12
    revoked = new_key(url, "acme")
    with open_database(url).begin() as session:
        revoke_api_key(session, revoked.split("_")[1])
    for method, path in routes:
        concrete = path.replace("{project_id}", "1").replace("{job_id}", "job-x")
        concrete = concrete.replace("{unit_id}", "1").replace("{pain_point_id}", "pp-x")
        for bad in ({}, auth("jm_abc_def"), {"Authorization": "Basic abc"}, auth(revoked)):
            response = http.request(method, concrete, headers=bad)
            body = _assert_problem(response, 401)
            assert response.headers["www-authenticate"] == "Bearer", (method, path, body)


def test_projects_create_list_get_delete(client):
    http, headers, _ = client
    created = http.post("/v1/projects", json={"name": "  חנות-אונליין "}, headers=headers)
    assert created.status_code == 201, created.text
    project = created.json()
    assert project["name"] == "חנות-אונליין" and project["workspace"] == "acme"
    assert created.headers["location"] == f"/v1/projects/{project['id']}"
    _assert_problem(
        http.post("/v1/projects", json={"name": "חנות-אונליין"}, headers=headers), 409, "exists"
    )
    http.post("/v1/projects", json={"name": "app-reviews"}, headers=headers)
    names = [p["name"] for p in http.get("/v1/projects", headers=headers).json()["projects"]]
    assert sorted(names) == sorted(["חנות-אונליין", "app-reviews"])
    got = http.get(f"/v1/projects/{project['id']}", headers=headers).json()
    assert got["records"] == got["units"] == 0 and got["custom_taxonomy"] is False
    assert http.delete(f"/v1/projects/{project['id']}", headers=headers).status_code == 204
    _assert_problem(http.get(f"/v1/projects/{project['id']}", headers=headers), 404, "not found")
    _assert_problem(http.delete(f"/v1/projects/{project['id']}", headers=headers), 404)


def test_errors_are_problem_json(client):
    http, headers, _ = client
    _assert_problem(http.get("/v1/nothing-here", headers=headers), 404, "no such endpoint")
    body = _assert_problem(http.post("/v1/projects", json={"nam": "x"}, headers=headers), 422)
    assert body["errors"][0]["loc"] == "body.name"
    _assert_problem(
        http.post(
            "/v1/projects",
            content=b"{not json",
            headers=headers | {"content-type": "application/json"},
        ),
        422,
    )
    _assert_problem(http.get("/v1/projects/0", headers=headers), 422)
    _assert_problem(http.put("/v1/projects", headers=headers), 405)
    _assert_problem(http.post("/v1/projects", json={"name": "a\x00b"}, headers=headers), 422)


def test_taxonomy_get_replace_validate_reset(client):
    http, headers, _ = client
    pid = http.post("/v1/projects", json={"name": "p"}, headers=headers).json()["id"]
    default = http.get(f"/v1/projects/{pid}/taxonomy", headers=headers).json()
    assert default["custom"] is False
    assert "post_purchase" in [s["key"] for s in default["stages"]]
    custom = {
        "version": "bank-journey",
        "stages": [
            {
                "key": "open_account",
                "name": {"en": "Open an account", "he": "פתיחת חשבון"},
                "description": "Applying for and opening a new account",
                "examples": [
                    "פתחתי חשבון באפליקציה תוך עשר דקות",
                    "the account opening took weeks",
                ],
            },
            {
                "key": "daily_banking",
                "name": "Daily banking",
                "description": {"en": "Transfers, cards and payments", "he": "העברות וכרטיסים"},
                "hints": ["transfer", "העברה"],
            },
        ],
    }
    replaced = http.put(f"/v1/projects/{pid}/taxonomy", json=custom, headers=headers)
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert body["custom"] is True and body["job_id"] is None  # no units yet: nothing to redo
    assert [s["key"] for s in body["stages"]] == ["open_account", "daily_banking"]
    assert body["stages"][0]["name"] == {"en": "Open an account", "he": "פתיחת חשבון"}
    assert body["stages"][0]["examples"][0] == "פתחתי חשבון באפליקציה תוך עשר דקות"
    assert body["version"].startswith("bank-journey.")
    assert body["touchpoints"] == default["touchpoints"]  # sections left out keep the default
    again = http.get(f"/v1/projects/{pid}/taxonomy", headers=headers).json()
    assert again == body
    assert http.get(f"/v1/projects/{pid}", headers=headers).json()["custom_taxonomy"] is True

    one_stage = {"stages": [{"key": "only"}]}
    _assert_problem(
        http.put(f"/v1/projects/{pid}/taxonomy", json=one_stage, headers=headers),
        422,
        "at least two",
    )
    dup = {"stages": [{"key": "a"}, {"key": "a"}]}
    _assert_problem(
        http.put(f"/v1/projects/{pid}/taxonomy", json=dup, headers=headers), 422, "duplicate"
    )
    sentiments = {"sentiments": [{"key": "good"}, {"key": "bad"}]}
    _assert_problem(
        http.put(f"/v1/projects/{pid}/taxonomy", json=sentiments, headers=headers),
        422,
        "sentiments",
    )
    reset = http.delete(f"/v1/projects/{pid}/taxonomy", headers=headers).json()
    assert reset["custom"] is False and reset["stages"] == default["stages"]


def test_rate_limit_per_key(database_url, tmp_path):
    app = make_app(database_url, tmp_path, start_worker=False, rate_burst=3, rate_per_minute=6)
    http = TestClient(app)
    first, second = auth(new_key(database_url, "acme")), auth(new_key(database_url, "acme"))
    for _ in range(3):
        assert http.get("/v1/projects", headers=first).status_code == 200
    limited = http.get("/v1/projects", headers=first)
    _assert_problem(limited, 429, "rate limit")
    assert 1 <= int(limited.headers["retry-after"]) <= 10
    assert http.get("/v1/projects", headers=second).status_code == 200  # buckets are per key


def test_limits_on_upload_batch_and_texts(database_url, tmp_path):
    app = make_app(
        database_url, tmp_path, start_worker=False, max_upload_bytes=2000,
        max_batch_items=2, max_analyze_texts=2,
    )  # fmt: skip
    http = TestClient(app)
    headers = auth(new_key(database_url, "acme"))
    pid = http.post("/v1/projects", json={"name": "p"}, headers=headers).json()["id"]
    small = sample_slice(3)
    assert len(small) < 2000
    accepted = http.post(
        f"/v1/projects/{pid}/uploads", files={"file": ("s.csv", small)}, headers=headers
    )
    assert accepted.status_code == 202, accepted.text
    big = sample_slice(60)
    _assert_problem(
        http.post(f"/v1/projects/{pid}/uploads", files={"file": ("b.csv", big)}, headers=headers),
        413,
        "limit",
    )

    def chunked():  # no Content-Length: counted as it arrives
        yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\n\r\n'
        for _ in range(10):
            yield b"x" * 10_000

    multipart = headers | {"content-type": "multipart/form-data; boundary=xyz"}
    _assert_problem(
        http.post(f"/v1/projects/{pid}/uploads", content=chunked(), headers=multipart),
        413,
        "limit",
    )
    items = [{"text": "fine"}] * 3
    _assert_problem(
        http.post(f"/v1/projects/{pid}/feedback", json={"items": items}, headers=headers),
        413,
        "MINER_API_MAX_BATCH_ITEMS",
    )
    _assert_problem(
        http.post("/v1/analyze", json={"texts": ["a", "b", "c"]}, headers=headers),
        413,
        "MINER_API_MAX_ANALYZE_TEXTS",
    )
    _assert_problem(
        http.post("/v1/analyze", json={"texts": ["ok", "x" * 6000]}, headers=headers),
        413,
        "texts[1]",
    )


def test_empty_upload_is_refused(client):
    http, headers, _ = client
    pid = http.post("/v1/projects", json={"name": "p"}, headers=headers).json()["id"]
    _assert_problem(
        http.post(f"/v1/projects/{pid}/uploads", files={"file": ("e.csv", b"")}, headers=headers),
        422,
        "empty",
    )
    _assert_problem(http.post(f"/v1/projects/{pid}/uploads", headers=headers), 422, "file")


def test_health_and_metrics(client):
    http, headers, _ = client
    assert http.get("/healthz").json() == {"status": "ok"}
    not_ready = http.get("/readyz")  # no lifespan here: the model was never loaded
    assert not_ready.status_code == 503
    assert not_ready.json()["checks"]["database"] == "ok"
    http.get("/v1/projects", headers=headers)
    http.get("/v1/projects/999", headers=headers)
    text = http.get("/metrics").text
    assert 'miner_http_requests_total{method="GET",route="/v1/projects",status="200"} 1.0' in text
    assert 'route="/v1/projects/{project_id}",status="404"' in text
    assert "miner_http_request_duration_seconds_bucket" in text
    assert 'miner_jobs{status="queued"} 0.0' in text


def test_openapi_documents_problems_and_auth(client):
    http, _, _ = client
    schema = http.get("/openapi.json").json()
    assert "/v1/projects/{project_id}/uploads" in schema["paths"]
    upload = schema["paths"]["/v1/projects/{project_id}/uploads"]["post"]
    assert "application/problem+json" in upload["responses"]["413"]["content"]
    assert "application/problem+json" in upload["responses"]["401"]["content"]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert http.get("/docs").status_code == 200
