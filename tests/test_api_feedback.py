"""POST /v1/projects/{id}/feedback (a platform's JSON batch) and POST /v1/analyze, on SQLite
and PostgreSQL: idempotency by id, bad items reported per index, Hebrew/English/mixed/emoji."""

from __future__ import annotations

import pytest
from api_support import auth, make_app, new_key
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from miner.store import open_database
from miner.store.schema import CachedEncoding, Record, Unit, UnitAnnotation

pytestmark = pytest.mark.slow

BATCH = [
    {
        "id": "T-1",
        "text": "המשלוח איחר בשבוע אבל השליח היה אדיב מאוד",
        "rating": 3,
        "date": "2026-06-01T10:00:00+03:00",
        "source": "app_store",
        "segment": "vip",
        "metadata": {"order": "A-17", "channel_id": 4},
    },
    {"id": "T-2", "text": "Checkout kept failing, I gave up and bought elsewhere.", "nps": 2},
    {"id": 3, "text": "האפליקציה super slow, ה-checkout נתקע כל פעם 😡"},
    {"text": "😍😍😍"},
    {"id": "T-5", "text": ""},  # 4: empty text
    {"id": "T-6", "text": "ok", "rating": "lots"},  # 5: bad rating
    {"id": "T-7", "text": "fine", "nps": 11},  # 6: nps out of range
    {"id": "T-8", "text": "fine", "date": "yesterday-ish"},  # 7: bad date
    {"id": "T-9", "text": "fine", "colour": "red"},  # 8: unknown field
    {"id": "T-1", "text": "the same id again in one batch"},  # 9: repeated id
    {"id": "T-11"},  # 10: no text
    {"id": "T-12", "text": "fine", "metadata": {"nested": {"no": 1}}},  # 11: bad metadata
]


@pytest.fixture
def api(database_url, tmp_path):
    app = make_app(database_url, tmp_path, start_worker=False)
    headers = auth(new_key(database_url, "acme"))
    client = TestClient(app)
    pid = client.post("/v1/projects", json={"name": "platform"}, headers=headers).json()["id"]
    return client, headers, pid, database_url


def test_batch_stores_good_items_reports_bad_ones_and_is_idempotent(api):
    client, headers, pid, url = api
    first = client.post(f"/v1/projects/{pid}/feedback", json={"items": BATCH}, headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["received"], body["added"], body["already_stored"], body["rejected"]) == (
        12,
        4,
        0,
        8,
    )
    errors = {e["index"]: (e["field"], e["reason"]) for e in body["errors"]}
    assert errors[4][0] == "text" and "empty" in errors[4][1]
    assert errors[5][0] == "rating" and "lots" in errors[5][1]
    assert errors[6][0] == "nps" and "0-10" in errors[6][1]
    assert errors[7][0] == "date"
    assert errors[8][0] == "colour" and "metadata" in errors[8][1]
    assert errors[9][0] == "id" and "repeats item 0" in errors[9][1]
    assert errors[10][0] == "text"
    assert errors[11][0] == "metadata"
    assert [(i["index"], i["status"]) for i in body["items"]] == [
        (0, "added"),
        (1, "added"),
        (2, "added"),
        (3, "added"),
    ]
    # 2 + 1 + 1 units; an emoji-only text is stored but has no opinion unit (see segment.py)
    assert body["units_annotated"] == 4 and body["model_version"]

    sessions = open_database(url)
    with sessions() as session:
        assert session.scalar(select(func.count(Record.id))) == 4
        stored = session.scalar(select(Record).where(Record.external_id == "T-1"))
        assert stored.id == body["items"][0]["record_id"]
        assert stored.text.startswith("המשלוח איחר")
        assert (stored.rating, stored.source, stored.segment) == (3.0, "app_store", "vip")
        assert stored.date.isoformat() == "2026-06-01T07:00:00"  # naive UTC
        assert stored.extra == {"order": "A-17", "channel_id": "4"}
        units = session.scalar(select(func.count(Unit.id)))
        annotated = session.scalar(select(func.count(UnitAnnotation.id)))
        assert units == annotated == body["units_annotated"]

    again = client.post(
        f"/v1/projects/{pid}/feedback", json={"items": BATCH[:4]}, headers=headers
    ).json()
    assert (again["added"], again["already_stored"], again["units_annotated"]) == (0, 4, 0)
    assert [i["record_id"] for i in again["items"]] == [i["record_id"] for i in body["items"]]
    overlap = [{"id": "T-2", "text": "changed text, same id"}, {"id": "T-99", "text": "חדש"}]
    mixed = client.post(
        f"/v1/projects/{pid}/feedback", json={"items": overlap}, headers=headers
    ).json()
    assert [i["status"] for i in mixed["items"]] == ["already_stored", "added"]
    with sessions() as session:
        assert session.scalar(select(func.count(Record.id))) == 5

    page = client.get(
        f"/v1/projects/{pid}/feedback", params={"segment": "vip"}, headers=headers
    ).json()
    assert [r["external_id"] for r in page["items"]] == ["T-1"]
    assert page["items"][0]["metadata"] == {"order": "A-17", "channel_id": "4"}
    assert len(page["items"][0]["units"]) == 2  # "... but the courier was very kind"


def test_batch_shape_errors_are_problems(api):
    client, headers, pid, _ = api
    empty = client.post(f"/v1/projects/{pid}/feedback", json={"items": []}, headers=headers)
    assert empty.status_code == 422
    assert empty.headers["content-type"].startswith("application/problem+json")
    wrong = client.post(f"/v1/projects/{pid}/feedback", json=[{"text": "x"}], headers=headers)
    assert wrong.status_code == 422


def _check_offsets(result):
    for unit in result["units"]:
        assert result["text"][unit["start"] : unit["end"]] == unit["text"]
        assert -1.0 <= unit["sentiment_score"] <= 1.0
        for name in ("stage_score", "touchpoint_score", "emotion_score"):
            assert 0.0 <= unit[name] <= 1.0


def test_analyze_hebrew_english_mixed_emoji_and_stores_nothing(api):
    client, headers, _, url = api
    texts = [
        "המשלוח איחר בשבוע אבל השירות היה מעולה",
        "The app keeps crashing at checkout. Support never answered my email.",
        "האפליקציה super slow ו-customer service לא עונים",
        "שירות לקוחות גרוע 😡😡",
        "😍😍😍",
        "כתבו לי ל-dana@example.com או 052-1234567, תודה",
        "",
    ]
    response = client.post("/v1/analyze", json={"texts": texts}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model_version"].startswith("journey-heads-1")
    results = body["results"]
    assert [r["index"] for r in results] == list(range(len(texts)))
    hebrew, english, mixed, emoji, emoji_only, pii, empty = results
    assert hebrew["language"] == "he" and len(hebrew["units"]) == 2
    assert hebrew["units"][0]["text"] == "המשלוח איחר בשבוע"  # never reversed
    assert hebrew["units"][0]["touchpoint"] == "delivery"
    assert hebrew["units"][0]["sentiment"] == "negative"
    assert hebrew["units"][1]["sentiment"] == "positive"
    assert english["language"] == "en" and len(english["units"]) == 2
    assert english["sentiment"] == "negative"
    assert {u["touchpoint"] for u in english["units"]} & {
        "mobile_app",
        "checkout",
        "customer_service",
    }
    assert mixed["language"] == "mixed" and mixed["units"]
    assert emoji["units"][0]["text"] == "שירות לקוחות גרוע 😡😡"  # the emoji stay in the unit
    assert emoji["units"][0]["sentiment"] == "negative"
    assert emoji_only["units"] == [] and emoji_only["text"] == "😍😍😍"
    assert "dana@example.com" not in pii["text"] and pii["pii_redacted"]
    assert empty["units"] == [] and empty["stage"] == "unknown"
    for result in results:
        _check_offsets(result)

    with open_database(url)() as session:
        for table in (Record, Unit, UnitAnnotation, CachedEncoding):
            assert session.scalar(select(func.count()).select_from(table)) == 0, table
