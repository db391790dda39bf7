"""Workspace isolation: every /v1 endpoint called with another workspace's ids answers 404,
and nothing of that workspace changes (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from api_support import auth, make_app, new_key, sample_slice, wait_for_job
from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow

# A valid body for every operation that takes one, so that the answer is about the ids.
BODIES = {
    ("PUT", "/v1/projects/{project_id}/taxonomy"): {
        "json": {"stages": [{"key": "a", "description": "x"}, {"key": "b", "description": "y"}]}
    },
    ("POST", "/v1/projects/{project_id}/uploads"): {"files": {"file": ("s.csv", b"text\nhi\n")}},
    ("POST", "/v1/projects/{project_id}/feedback"): {"json": {"items": [{"text": "hello"}]}},
    ("PATCH", "/v1/projects/{project_id}/units/{unit_id}"): {"json": {"stage": "purchase"}},
    ("POST", "/v1/maps/populate"): {
        "json": {"stages": [{"id": "s", "name": "Stage"}], "project_id": "{project_id}"}
    },
    ("POST", "/v1/projects/{project_id}/pain-points/merge"): {
        "json": {"sources": ["{pain_point_id}"], "target": "{pain_point_id}"}
    },
    ("POST", "/v1/projects/{project_id}/pain-points/{pain_point_id}/split"): {
        "json": {"unit_ids": ["{unit_id}"]}
    },
    ("PATCH", "/v1/projects/{project_id}/pain-points/{pain_point_id}"): {
        "json": {"label_en": "renamed"}
    },
    ("POST", "/v1/projects/{project_id}/pain-points/{pain_point_id}/dismiss"): {"json": {}},
    ("POST", "/v1/projects/{project_id}/pain-points/{pain_point_id}/units"): {
        "json": {"unit_id": "{unit_id}"}
    },
}
# Operations that name no id of a workspace (nothing to isolate beyond listing).
NO_IDS = {("GET", "/v1/projects"), ("POST", "/v1/projects"), ("POST", "/v1/analyze")}


def _fill(value, ids: dict[str, object]):
    if isinstance(value, str):
        whole = re.fullmatch(r"\{(\w+)\}", value)
        if whole:
            return ids[whole[1]]
        return re.sub(r"\{(\w+)\}", lambda m: str(ids[m[1]]), value)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


@pytest.fixture
def two_workspaces(database_url, tmp_path):
    headers_a = auth(new_key(database_url, "acme"))
    headers_b = auth(new_key(database_url, "globex"))
    with TestClient(make_app(database_url, tmp_path)) as client:
        pid = client.post("/v1/projects", json={"name": "acme-data"}, headers=headers_a).json()[
            "id"
        ]
        job_id = client.post(
            f"/v1/projects/{pid}/uploads",
            files={"file": ("s.csv", sample_slice(60))},
            headers=headers_a,
        ).json()["job_id"]
        assert wait_for_job(client, job_id, headers_a)["status"] == "succeeded"
        unit = client.get(f"/v1/projects/{pid}/units", headers=headers_a).json()["items"][0]
        pain = client.get(f"/v1/projects/{pid}/pain-points", headers=headers_a)
        pain_ids = [p["id"] for p in pain.json()["items"]]
        assert pain_ids, "the slice should give at least one pain point"
        own = client.post("/v1/projects", json={"name": "globex-own"}, headers=headers_b)
        ids = {
            "own_project_id": own.json()["id"],
            "project_id": pid,
            "job_id": job_id,
            "unit_id": unit["id"],
            "pain_point_id": pain_ids[0],
        }
        yield client, headers_a, headers_b, ids


def test_every_endpoint_hides_another_workspaces_ids(two_workspaces):
    client, headers_a, headers_b, ids = two_workspaces
    before = client.get(f"/v1/projects/{ids['project_id']}", headers=headers_a).json()
    operations = [
        (method.upper(), path, operation)
        for path, item in client.app.openapi()["paths"].items()
        if path.startswith("/v1")
        for method, operation in item.items()
    ]
    checked = []
    for method, path, operation in operations:
        if (method, path) in NO_IDS:
            continue
        needs_body = "requestBody" in operation
        assert not needs_body or (method, path) in BODIES, f"add a body for {method} {path}"
        kwargs = _fill(BODIES.get((method, path), {}), ids) if needs_body else {}
        url = _fill(path, ids)
        response = client.request(method, url, headers=headers_b, **kwargs)
        assert response.status_code == 404, (method, path, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        # the owner still gets an answer (the 404 is about the workspace, not the id)
        checked.append((method, path))
    assert len(checked) >= 20, checked
    nested = [(m, p, o) for m, p, o in operations if re.search(r"\{(unit|job|pain_point)_id\}", p)]
    for method, path, operation in nested:  # B's own project, A's unit / pain point ids
        own = {**ids, "project_id": ids["own_project_id"]}
        kwargs = _fill(BODIES.get((method, path), {}), own) if "requestBody" in operation else {}
        response = client.request(method, _fill(path, own), headers=headers_b, **kwargs)
        assert response.status_code == 404, (method, path, response.status_code, response.text)
    listed = client.get("/v1/projects", headers=headers_b).json()["projects"]
    assert [p["name"] for p in listed] == ["globex-own"]
    after = client.get(f"/v1/projects/{ids['project_id']}", headers=headers_a).json()
    assert after == before  # B's DELETE, PUT, uploads and corrections changed nothing
    taxonomy = client.get(f"/v1/projects/{ids['project_id']}/taxonomy", headers=headers_a).json()
    assert taxonomy["custom"] is False
    unit = client.get(
        f"/v1/projects/{ids['project_id']}/units/{ids['unit_id']}", headers=headers_a
    ).json()
    assert unit["corrected"] == []
    pain = client.get(
        f"/v1/projects/{ids['project_id']}/pain-points/{ids['pain_point_id']}", headers=headers_a
    ).json()
    assert pain["status"] == "active" and not pain["label_locked"]
