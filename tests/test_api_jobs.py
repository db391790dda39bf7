"""End to end through HTTP on the sample dump: upload -> job -> succeeded -> browse ->
corrections; taxonomy replace re-annotates; bad files fail with a reason; a job interrupted
by a crash is run again (or failed after too many tries)."""

from __future__ import annotations

import datetime as dt

import pytest
from api_support import SAMPLE, auth, make_app, new_key, sample_slice, wait_for_job
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from miner.jobs import claim_next_job
from miner.store import open_database
from miner.store.schema import AuditEntry, Job, LabelCorrection, Record, Unit

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mined(tmp_path_factory):
    """The sample dump uploaded and mined through the API (SQLite, in-process worker)."""
    base = tmp_path_factory.mktemp("api-e2e")
    url = f"sqlite:///{base / 'miner.db'}"
    key = new_key(url, "acme")
    headers = auth(key)
    with TestClient(make_app(url, base)) as client:
        pid = client.post("/v1/projects", json={"name": "sample"}, headers=headers).json()["id"]
        with SAMPLE.open("rb") as fh:
            accepted = client.post(
                f"/v1/projects/{pid}/uploads",
                files={"file": ("feedback_dump.csv", fh, "text/csv")},
                headers=headers,
            )
        assert accepted.status_code == 202, accepted.text
        assert accepted.headers["location"] == f"/v1/jobs/{accepted.json()['job_id']}"
        job = wait_for_job(client, accepted.json()["job_id"], headers)
        yield client, headers, pid, job, url


def _all_pages(client, path, headers, **params):
    items, cursor, pages = [], None, 0
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        page = client.get(path, params=query, headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages


def test_upload_job_succeeds_with_counts_and_report(mined):
    client, headers, pid, job, url = mined
    assert job["status"] == "succeeded", job
    assert job["progress"] == 100.0 and job["error"] is None and job["attempts"] == 1
    counts = job["counts"]
    with open_database(url)() as session:
        records = session.scalar(select(func.count(Record.id)))
        units = session.scalar(select(func.count(Unit.id)))
    assert counts["records_added"] == counts["records_read"] == records > 300
    assert counts["units_added"] == counts["units_annotated"] == units > records
    assert counts["model_version"].startswith("journey-heads-1")
    report = job["report"]
    assert report["file"] == "feedback_dump.csv" and report["format"] == "csv"
    assert counts["bad_rows"] == len(report["bad_rows"]) > 0
    assert any(b["row"] == 31 and b["field"] == "text" for b in report["bad_rows"])
    project = client.get(f"/v1/projects/{pid}", headers=headers).json()
    assert (project["records"], project["units"], project["imports"]) == (records, units, 1)
    listed = client.get(f"/v1/projects/{pid}/jobs", headers=headers).json()["jobs"]
    assert [j["id"] for j in listed] == [job["id"]]


def test_same_file_again_adds_nothing(mined):
    client, headers, pid, first, _ = mined
    accepted = client.post(
        f"/v1/projects/{pid}/uploads",
        files={"file": ("again.csv", SAMPLE.read_bytes(), "text/csv")},
        headers=headers,
    )
    job = wait_for_job(client, accepted.json()["job_id"], headers)
    assert job["status"] == "succeeded"
    assert job["counts"]["already_imported"] is True
    assert job["counts"]["records_added"] == 0 and job["counts"]["units_annotated"] == 0


def test_browse_units_pages_and_filters(mined):
    client, headers, pid, job, _ = mined
    path = f"/v1/projects/{pid}/units"
    units, pages = _all_pages(client, path, headers, limit=100)
    assert len(units) == job["counts"]["units_added"] and pages == -(-len(units) // 100)
    ids = [u["id"] for u in units]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(u["stage"] and u["sentiment"] in ("negative", "neutral", "positive") for u in units)

    negative, _ = _all_pages(client, path, headers, sentiment="negative", limit=500)
    assert 0 < len(negative) < len(units)
    assert negative == [u for u in units if u["sentiment"] == "negative"]
    hebrew, _ = _all_pages(client, path, headers, language="he", limit=500)
    assert hebrew and all(u["language"] == "he" for u in hebrew)
    found, _ = _all_pages(client, path, headers, q="משלוח", limit=500)
    assert found and all("משלוח" in u["text"] for u in found)
    mixed = {"sentiment": "negative", "touchpoint": "delivery", "source": "google_reviews"}
    both, _ = _all_pages(client, path, headers, limit=500, **mixed)
    assert both == [u for u in units if all(u[k] == v for k, v in mixed.items())]
    may = {"date_from": "2026-05-01T00:00:00", "date_to": "2026-05-31T23:59:59"}
    in_may, _ = _all_pages(client, path, headers, limit=500, **may)
    assert in_may and all(u["date"].startswith("2026-05") for u in in_may)
    assert len(in_may) < len(units)

    bad = client.get(path, params={"cursor": "not-a-cursor"}, headers=headers)
    assert bad.status_code == 400 and "cursor" in bad.json()["detail"]
    feedback_cursor = client.get(
        f"/v1/projects/{pid}/feedback", params={"limit": 1}, headers=headers
    ).json()["next_cursor"]
    assert client.get(path, params={"cursor": feedback_cursor}, headers=headers).status_code == 400


def test_browse_feedback_records_with_units(mined):
    client, headers, pid, job, _ = mined
    path = f"/v1/projects/{pid}/feedback"
    records, _ = _all_pages(client, path, headers, limit=200)
    assert len(records) == job["counts"]["records_added"]
    record = next(r for r in records if len(r["units"]) > 1)
    for unit in record["units"]:
        assert record["text"][unit["start"] : unit["end"]] == unit["text"]
    assert record["sentiment"] in ("negative", "neutral", "positive")
    delivery, _ = _all_pages(client, path, headers, touchpoint="delivery", limit=500)
    assert delivery and all(
        any(u["touchpoint"] == "delivery" for u in r["units"]) for r in delivery
    )
    segment, _ = _all_pages(client, path, headers, segment="club_member", language="en")
    assert segment and all(r["segment"] == "club_member" and r["language"] == "en" for r in segment)


def test_correcting_a_unit_is_stored_shown_and_audited(mined):
    client, headers, pid, _, url = mined
    unit = client.get(
        f"/v1/projects/{pid}/units", params={"touchpoint": "delivery", "limit": 1}, headers=headers
    ).json()["items"][0]
    new_emotion = "anger" if unit["emotion"] != "anger" else "joy"
    corrected = client.patch(
        f"/v1/projects/{pid}/units/{unit['id']}",
        json={"touchpoint": "billing", "emotion": new_emotion},
        headers=headers,
    )
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["touchpoint"] == "billing" and body["emotion"] == new_emotion
    assert body["corrected"] == ["emotion", "touchpoint"]
    assert body["stage"] == unit["stage"]  # uncorrected labels stay the model's
    billing = client.get(
        f"/v1/projects/{pid}/units", params={"touchpoint": "billing", "limit": 500}, headers=headers
    ).json()["items"]
    assert unit["id"] in [u["id"] for u in billing]
    still_delivery = client.get(
        f"/v1/projects/{pid}/units",
        params={"touchpoint": "delivery", "limit": 500},
        headers=headers,
    ).json()["items"]
    assert unit["id"] not in [u["id"] for u in still_delivery]
    single = client.get(f"/v1/projects/{pid}/units/{unit['id']}", headers=headers).json()
    assert single == body

    bad = client.patch(
        f"/v1/projects/{pid}/units/{unit['id']}", json={"stage": "nirvana"}, headers=headers
    )
    assert bad.status_code == 422 and "nirvana" in bad.json()["detail"]
    empty = client.patch(f"/v1/projects/{pid}/units/{unit['id']}", json={}, headers=headers)
    assert empty.status_code == 422
    missing = client.patch(
        f"/v1/projects/{pid}/units/999999", json={"stage": "purchase"}, headers=headers
    )
    assert missing.status_code == 404
    with open_database(url)() as session:
        rows = session.scalars(select(LabelCorrection)).all()
        assert {(r.unit_id, r.field, r.value) for r in rows} == {
            (unit["id"], "touchpoint", "billing"),
            (unit["id"], "emotion", new_emotion),
        }
        assert all(r.actor.startswith("acme/key-") for r in rows)
        audit = session.scalars(select(AuditEntry)).one()
        assert audit.action == "correct_unit_labels" and audit.project_id == pid


def test_bad_file_fails_the_job_with_a_reason(mined):
    client, headers, pid, _, _ = mined
    bad = client.post(
        f"/v1/projects/{pid}/uploads",
        files={"file": ("numbers.csv", b"a,b\n1,2\n3,4\n", "text/csv")},
        headers=headers,
    )
    job = wait_for_job(client, bad.json()["job_id"], headers)
    assert job["status"] == "failed"
    assert "numbers.csv" in job["error"] and "text column" in job["error"]
    assert "/tmp" not in job["error"] and "miner-job" not in job["error"]


def test_column_choices_are_applied(mined):
    client, headers, pid, _, _ = mined
    dump = "comment,stars\nhello the courier was rude,1\nשירות מעולה,5\n".encode()
    accepted = client.post(
        f"/v1/projects/{pid}/uploads",
        files={"file": ("custom.csv", dump, "text/csv")},
        data={"text_col": "comment", "rating_col": "stars"},
        headers=headers,
    )
    job = wait_for_job(client, accepted.json()["job_id"], headers)
    assert job["status"] == "succeeded", job
    assert job["report"]["column_mapping"]["text"] in ("comment", ["comment"])
    assert job["report"]["column_mapping"]["rating"] == "stars"


def test_taxonomy_replace_reannotates_the_project(tmp_path):
    url = f"sqlite:///{tmp_path / 'miner.db'}"
    headers = auth(new_key(url, "acme"))
    with TestClient(make_app(url, tmp_path)) as client:
        pid = client.post("/v1/projects", json={"name": "bank"}, headers=headers).json()["id"]
        accepted = client.post(
            f"/v1/projects/{pid}/uploads",
            files={"file": ("slice.csv", sample_slice(12))},
            headers=headers,
        )
        assert wait_for_job(client, accepted.json()["job_id"], headers)["status"] == "succeeded"
        stages = {
            "stages": [
                {"key": "buying", "description": "choosing and paying for a product",
                 "examples": ["I ordered it online", "הזמנתי באתר ושילמתי"]},
                {"key": "after_sale", "description": "delivery, installation, repairs, support",
                 "examples": ["the courier was late", "הטכנאי הגיע באיחור"]},
            ]
        }  # fmt: skip
        replaced = client.put(f"/v1/projects/{pid}/taxonomy", json=stages, headers=headers)
        assert replaced.status_code == 200, replaced.text
        job = wait_for_job(client, replaced.json()["job_id"], headers)
        assert job["status"] == "succeeded" and job["kind"] == "annotate"
        assert "prototypes(stage:" in job["counts"]["model_version"]
        page = client.get(f"/v1/projects/{pid}/units", headers=headers).json()
        assert page["model_version"] == job["counts"]["model_version"]
        assert page["items"] and {u["stage"] for u in page["items"]} <= {"buying", "after_sale"}


def test_interrupted_job_is_run_again_at_startup(tmp_path):
    url = f"sqlite:///{tmp_path / 'miner.db'}"
    headers = auth(new_key(url, "acme"))
    client = TestClient(make_app(url, tmp_path, start_worker=False))  # no lifespan: no worker
    pid = client.post("/v1/projects", json={"name": "p"}, headers=headers).json()["id"]
    job_id = client.post(
        f"/v1/projects/{pid}/uploads", files={"file": ("s.csv", sample_slice(8))}, headers=headers
    ).json()["job_id"]
    sessions = open_database(url)
    assert claim_next_job(sessions) == job_id  # a worker took it ... and its process died
    assert client.get(f"/v1/jobs/{job_id}", headers=headers).json()["status"] == "running"

    with TestClient(make_app(url, tmp_path)) as restarted:
        job = wait_for_job(restarted, job_id, headers)
    assert job["status"] == "succeeded" and job["attempts"] == 2
    assert job["counts"]["records_added"] == 8
    with sessions() as session:
        assert session.scalar(select(func.count(Record.id))) == 8  # stored once, not twice
        assert session.get(Job, job_id).payload is None  # the upload's bytes are let go


def test_job_interrupted_too_often_is_failed_with_the_reason(tmp_path):
    url = f"sqlite:///{tmp_path / 'miner.db'}"
    headers = auth(new_key(url, "acme"))
    client = TestClient(make_app(url, tmp_path, start_worker=False))
    pid = client.post("/v1/projects", json={"name": "p"}, headers=headers).json()["id"]
    job_id = client.post(
        f"/v1/projects/{pid}/uploads", files={"file": ("s.csv", sample_slice(3))}, headers=headers
    ).json()["job_id"]
    claim_next_job(open_database(url))
    with TestClient(make_app(url, tmp_path, job_attempts=1)) as restarted:
        job = restarted.get(f"/v1/jobs/{job_id}", headers=headers).json()
    assert job["status"] == "failed" and "interrupted" in job["error"]
    assert dt.datetime.fromisoformat(job["finished_at"]) >= dt.datetime.fromisoformat(
        job["started_at"]
    )
    assert client.get(f"/v1/projects/{pid}", headers=headers).json()["records"] == 0


def test_map_of_the_mined_project_as_json_csv_and_html(mined):
    client, headers, pid, job, _ = mined
    response = client.get(f"/v1/projects/{pid}/map", headers=headers)
    assert response.status_code == 200, response.text
    journey = response.json()
    assert journey["project_id"] == pid
    keys = [s["key"] for s in journey["stages"]]
    assert "post_purchase" in keys and len(keys) == len(set(keys))
    assert journey["totals"]["volume"]["units"] == sum(
        s["volume"]["units"] for s in journey["stages"]
    )
    project = client.get(f"/v1/projects/{pid}", headers=headers).json()
    assert journey["totals"]["volume"]["units"] == project["units"]
    post = next(s for s in journey["stages"] if s["key"] == "post_purchase")
    assert -1 <= post["emotion"]["mean_sentiment"] <= 1 and post["touchpoints"]

    google = client.get(
        f"/v1/projects/{pid}/map", params={"source": "google_reviews"}, headers=headers
    ).json()
    assert 0 < google["totals"]["volume"]["records"] < journey["totals"]["volume"]["records"]

    csv_answer = client.get(f"/v1/projects/{pid}/map", params={"format": "csv"}, headers=headers)
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.content.startswith("\ufeff".encode())
    assert "post_purchase" in csv_answer.text or "Post-purchase" in csv_answer.text

    html = client.get(
        f"/v1/projects/{pid}/map", params={"format": "html", "lang": "he"}, headers=headers
    )
    assert html.headers["content-type"].startswith("text/html")
    assert "<svg" in html.text and 'dir="rtl"' in html.text
    bad = client.get(f"/v1/projects/{pid}/map", params={"format": "pdf"}, headers=headers)
    assert bad.status_code == 422


PLATFORM_STAGES = [
    {"id": "disc", "name": "Discover", "description": "customers hear about us and compare"},
    {
        "id": "get",
        "name": "Get it home",
        "description": "delivery, installation and the first days with the product",
        "touchpoints": [{"id": "courier", "name": "Courier", "description": "delivery driver"}],
    },
    {"id": "help", "name": "Get help", "description": "support, repairs, returns and refunds"},
]


def test_populate_a_platform_map_from_a_project_and_from_texts(mined):
    client, headers, pid, _, _ = mined
    from_project = client.post(
        "/v1/maps/populate", json={"stages": PLATFORM_STAGES, "project_id": pid}, headers=headers
    )
    assert from_project.status_code == 200, from_project.text
    body = from_project.json()
    assert [s["id"] for s in body["stages"]] == ["disc", "get", "help"]
    get_stage = body["stages"][1]
    assert get_stage["matched"] and get_stage["column"]["volume"]["units"] > 0
    assert "emotion" in get_stage["column"] and "pain_points" in get_stage["column"]
    assert get_stage["touchpoints"][0]["id"] == "courier"

    texts = {
        "stages": PLATFORM_STAGES,
        "feedback": [
            {"text": "השליח הגיע באיחור של שלושה ימים והמקרר שרוט", "rating": 1},
            {"text": "The installer was great, fridge works perfectly", "rating": 5},
            {"text": "שירות הלקוחות לא עונה כבר שבוע", "nps": 0},
        ],
    }
    from_texts = client.post("/v1/maps/populate", json=texts, headers=headers)
    assert from_texts.status_code == 200, from_texts.text
    rows = {s["id"]: s for s in from_texts.json()["stages"]}
    assert set(rows) == {"disc", "get", "help"}
    assert sum(r["column"]["volume"]["units"] for r in rows.values()) >= 3

    neither = client.post("/v1/maps/populate", json={"stages": PLATFORM_STAGES}, headers=headers)
    assert neither.status_code == 422 and "exactly one" in neither.json()["detail"]
    both = {"stages": PLATFORM_STAGES, "project_id": pid, "texts": ["x"]}
    assert client.post("/v1/maps/populate", json=both, headers=headers).status_code == 422
    dup = {"stages": [PLATFORM_STAGES[0], PLATFORM_STAGES[0]], "texts": ["fine"]}
    answer = client.post("/v1/maps/populate", json=dup, headers=headers)
    assert answer.status_code == 422 and "unique" in answer.json()["detail"]


def _pain_points(client, pid, headers, **params):
    answer = client.get(f"/v1/projects/{pid}/pain-points", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_pain_points_listed_by_severity_with_detail(mined):
    client, headers, pid, job, _ = mined
    assert job["counts"]["pain_points"] >= 2
    items = _pain_points(client, pid, headers)
    assert len(items) == job["counts"]["pain_points"]
    severities = [p["severity"] for p in items]
    assert severities == sorted(severities, reverse=True)
    top = items[0]
    assert top["label_en"] and top["size"] > 0 and top["status"] == "active"
    stage = top["stages"][0]["label"]
    by_stage = _pain_points(client, pid, headers, stage=stage)
    assert top["id"] in [p["id"] for p in by_stage]
    assert all(stage in [s["label"] for s in p["stages"]] for p in by_stage)
    big = _pain_points(client, pid, headers, min_size=top["size"] + 1)
    assert all(p["size"] > top["size"] for p in big)

    detail = client.get(f"/v1/projects/{pid}/pain-points/{top['id']}", headers=headers).json()
    assert detail["quotes"] and {"text", "unit_id"} <= set(detail["quotes"][0])
    assert set(detail["trend"]) >= {"weeks", "months"}
    assert len(detail["units"]) == detail["size"]
    members = client.get(
        f"/v1/projects/{pid}/units", params={"pain_point": top["id"], "limit": 500}, headers=headers
    ).json()["items"]
    assert sorted(u["id"] for u in members) == [u["unit_id"] for u in detail["units"]]
    journey = client.get(f"/v1/projects/{pid}/map", headers=headers).json()
    on_map = {pp["id"] for s in journey["stages"] for pp in s["pain_points"]}
    assert on_map and on_map <= {p["id"] for p in items}
    missing = client.get(f"/v1/projects/{pid}/pain-points/pp-nothing", headers=headers)
    assert missing.status_code == 404


def test_pain_point_edits_rename_dismiss_move_split_merge(mined):
    client, headers, pid, _, url = mined
    first, second = _pain_points(client, pid, headers)[:2]
    base = f"/v1/projects/{pid}/pain-points"

    renamed = client.patch(
        f"{base}/{first['id']}",
        json={"label_en": "Late deliveries", "label_he": "משלוחים באיחור"},
        headers=headers,
    )
    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["label_en"], renamed.json()["label_he"]) == (
        "Late deliveries",
        "משלוחים באיחור",
    )
    assert renamed.json()["label_locked"] is True

    dismissed = client.post(f"{base}/{second['id']}/dismiss", json={}, headers=headers).json()
    assert dismissed["status"] == "dismissed"
    assert second["id"] not in [p["id"] for p in _pain_points(client, pid, headers)]
    assert [p["id"] for p in _pain_points(client, pid, headers, status="dismissed")] == [
        second["id"]
    ]
    restored = client.post(
        f"{base}/{second['id']}/dismiss", json={"restore": True}, headers=headers
    ).json()
    assert restored["status"] == "active"

    outsider = second["units"] if "units" in second else None
    detail_second = client.get(f"{base}/{second['id']}", headers=headers).json()
    moved_unit = detail_second["units"][0]["unit_id"]
    moved = client.post(
        f"{base}/{first['id']}/units", json={"unit_id": moved_unit}, headers=headers
    ).json()
    placed = {u["unit_id"]: u["assigned_by"] for u in moved["units"]}
    assert placed[moved_unit] == "analyst"
    assert outsider is None

    detail_first = client.get(f"{base}/{first['id']}", headers=headers).json()
    part = [u["unit_id"] for u in detail_first["units"][:2]]
    split = client.post(f"{base}/{first['id']}/split", json={"unit_ids": part}, headers=headers)
    assert split.status_code == 200, split.text
    (new_id,) = split.json()["new_ids"]
    new_detail = client.get(f"{base}/{new_id}", headers=headers).json()
    assert sorted(u["unit_id"] for u in new_detail["units"]) == sorted(part)
    everything = [u["unit_id"] for u in new_detail["units"]]
    refused = client.post(f"{base}/{new_id}/split", json={"unit_ids": everything}, headers=headers)
    assert refused.status_code == 422 and "both sides" in refused.json()["detail"]

    merged = client.post(
        f"{base}/merge", json={"sources": [new_id], "target": first["id"]}, headers=headers
    )
    assert merged.status_code == 200, merged.text
    assert set(part) <= {u["unit_id"] for u in merged.json()["units"]}
    gone = client.get(f"{base}/{new_id}", headers=headers).json()
    assert gone["status"] == "merged" and gone["merged_into"] == first["id"]
    itself = client.post(
        f"{base}/merge", json={"sources": [first["id"]], "target": first["id"]}, headers=headers
    )
    assert itself.status_code == 422
    with open_database(url)() as session:
        actions = [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert {"rename", "dismiss", "restore", "move", "split", "merge"} <= set(actions)


def test_windows_1255_twin_decodes_to_the_records_already_stored(mined):
    """The sample saved as Windows-1255 (what Excel writes for Hebrew) decodes to exactly the
    stored Hebrew, English and mixed texts: every readable record is recognised as stored."""
    client, headers, pid, first, _ = mined
    twin = SAMPLE.with_name("feedback_dump_cp1255.csv").read_bytes()
    accepted = client.post(
        f"/v1/projects/{pid}/uploads",
        files={"file": ("feedback_dump_cp1255.csv", twin, "text/csv")},
        headers=headers,
    )
    job = wait_for_job(client, accepted.json()["job_id"], headers)
    assert job["status"] == "succeeded", job
    assert job["report"]["encoding"].lower() in ("cp1255", "windows-1255")
    assert job["counts"]["records_added"] == 0
    assert job["counts"]["records_already_stored"] == first["counts"]["records_added"]
    path = f"/v1/projects/{pid}/feedback"
    hebrew, _ = _all_pages(client, path, headers, language="he", q="משלוח")
    assert hebrew and all("משלוח" in item["text"] for item in hebrew)
