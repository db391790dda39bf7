"""Mining pain points into the database: stable ids, incremental assignment, full re-cluster
mapping, analyst edits that survive re-clustering, audit entries, the JSON and CSV outputs.
Runs on SQLite and PostgreSQL (`database_url`); a keyword encoder keeps it fast and exact."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from miner.cluster.edits import (
    dismiss_pain_point,
    merge_pain_points,
    move_unit,
    rename_pain_point,
    split_pain_point,
)
from miner.cluster.mine import mine_pain_points
from miner.cluster.model import DETAIL_KEYS
from miner.cluster.output import pain_point_objects, write_pain_points_json
from miner.export import write_mine_outputs
from miner.records import IngestReport
from miner.store import get_or_create_project, open_database
from miner.store.pain_points import PainPointNotFound, audit_entries, memberships, pain_points
from miner.store.schema import Import, PainPointRow, Record, Unit, UnitAnnotation

VERSION = "test-heads"
TOPICS = {
    "late": 0,
    "איחר": 0,
    "charged": 1,
    "חייבו": 1,
    "crash": 2,
    "קורס": 2,
    "rude": 3,
    "גס": 3,
}
TEXTS = {
    0: ["the delivery was late {}", "המשלוח איחר {}"],
    1: ["I was charged twice {}", "חייבו אותי פעמיים {}"],
    2: ["the app keeps crashing {}", "האפליקציה קורסת כל הזמן {}"],
    3: ["the agent was rude {}", "הנציג היה גס רוח {}"],
}


class KeywordEncoder:
    """Vectors from topic keywords plus a little text-seeded noise: deterministic and fast."""

    name = "keyword-test-encoder"
    dim = 16

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
            out[i] = 0.12 * np.random.default_rng(seed).normal(size=self.dim)
            topics = {t for word, t in TOPICS.items() if word in text}
            if any(w in text for w in ("crash", "קורס")):
                topics = {2}
            for topic in topics:
                out[i, topic] += 1.0
            if not topics:
                out[i, 8 + seed % 8] += 1.0  # a topic of its own
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _add(sessions, project, items, start=0):
    """Add one record + negative unit per (topic, n, date); returns their unit ids."""
    unit_ids = []
    with sessions.begin() as session:
        proj = get_or_create_project(session, project)
        imp = Import(project_id=proj.id, file_name=f"f{start}", file_sha256=f"{start:064d}")
        session.add(imp)
        session.flush()
        for k, (topic, text, date) in enumerate(items):
            language = "he" if any("\u05d0" <= c <= "\u05ea" for c in text) else "en"
            rec = Record(
                project_id=proj.id,
                import_id=imp.id,
                record_key=f"k{start + k}",
                external_id=f"r{start + k}",
                row=k + 2,
                text=text,
                language=language,
                date=date,
            )
            session.add(rec)
            session.flush()
            unit = Unit(
                record_id=rec.id, idx=0, text=text, start=0, end=len(text), language=language
            )
            session.add(unit)
            session.flush()
            session.add(
                UnitAnnotation(
                    unit_id=unit.id,
                    model_version=VERSION,
                    stage="post_purchase",
                    stage_score=0.9,
                    touchpoint=f"tp{topic}",
                    touchpoint_score=0.9,
                    sentiment="negative",
                    sentiment_score=-0.7,
                    emotion="anger",
                    emotion_score=0.8,
                )
            )
            unit_ids.append(unit.id)
        return proj.id, unit_ids


def _items(topics, per_topic, offset=0, date=dt.datetime(2026, 5, 1)):
    items = []
    for topic in topics:
        for i in range(per_topic):
            template = TEXTS[topic][i % 2]
            items.append(
                (topic, template.format(f"#{offset + i}"), date + dt.timedelta(days=i % 20))
            )
    return items


@pytest.fixture
def mined(database_url):
    sessions = open_database(database_url)
    project_id, units = _add(sessions, "pp", _items([0, 1, 2], 24))
    report = mine_pain_points(sessions, project_id, KeywordEncoder(), model_version=VERSION)
    return sessions, project_id, units, report


def _by_topic(sessions, project_id, units, per_topic=24):
    """Pain point id that holds most of each topic's units."""
    with sessions() as session:
        members = memberships(session, project_id)
    found = {}
    for topic in range(len(units) // per_topic):
        ids = [
            members[u].pain_point_id
            for u in units[topic * per_topic : (topic + 1) * per_topic]
            if u in members
        ]
        found[topic] = max(set(ids), key=ids.count)
    return found


def test_first_mine_finds_bilingual_pain_points(mined):
    sessions, project_id, units, report = mined
    assert report.mode == "full" and report.unassigned <= 0.1 * len(units)
    topics = _by_topic(sessions, project_id, units)
    assert len(set(topics.values())) == 3
    with sessions() as session:
        members = memberships(session, project_id)
        objects = pain_point_objects(session, project_id)
    for topic, pp in topics.items():  # Hebrew and English of one problem together
        block = units[topic * 24 : (topic + 1) * 24]
        assert sum(members[u].pain_point_id == pp for u in block if u in members) >= 22
    assert [o["severity"] for o in objects] == sorted(
        (o["severity"] for o in objects), reverse=True
    )
    for o in objects:
        assert set(o) == {"id", "label_en", "label_he", *DETAIL_KEYS}
        assert o["label_en"] and o["label_he"]
        assert {q["language"] for q in o["quotes"]} == {"he", "en"}
        assert o["share"] == pytest.approx(o["size"] / len(units), abs=1e-4)
        assert o["trend"]["months"] == {"2026-05": o["size"]}


def test_incremental_keeps_ids_assigns_new_units_and_opens_new_pain_points(mined):
    sessions, project_id, units, _ = mined
    before = _by_topic(sessions, project_id, units)
    new_project, added = _add(sessions, "pp", _items([0, 1], 4, offset=100), start=1000)
    report = mine_pain_points(sessions, project_id, KeywordEncoder(), model_version=VERSION)
    assert report.mode == "incremental" and report.new_ids == []
    assert _by_topic(sessions, project_id, units) == before
    with sessions() as session:
        members = memberships(session, project_id)
    assert [members[u].pain_point_id for u in added] == [before[0]] * 4 + [before[1]] * 4
    # units about a new problem: unassigned while few, a new pain point once there are enough
    _, rude = _add(sessions, "pp", _items([3], 3, offset=200), start=2000)
    report = mine_pain_points(sessions, project_id, KeywordEncoder(), model_version=VERSION)
    assert report.unassigned >= 3 and report.new_ids == []
    _, more = _add(sessions, "pp", _items([3], 14, offset=300), start=3000)
    report = mine_pain_points(sessions, project_id, KeywordEncoder(), model_version=VERSION)
    assert report.new_ids and _by_topic(sessions, project_id, units) == before
    with sessions() as session:
        members = memberships(session, project_id)
    placed = [members[u].pain_point_id for u in rude + more if u in members]
    assert len(placed) >= 15 and set(placed) <= set(report.new_ids)


def test_full_recluster_maps_old_ids(mined):
    sessions, project_id, units, _ = mined
    before = _by_topic(sessions, project_id, units)
    _add(sessions, "pp", _items([0, 1, 2, 3], 20, offset=500), start=5000)
    report = mine_pain_points(
        sessions, project_id, KeywordEncoder(), model_version=VERSION, mode="full"
    )
    assert report.mode == "full"
    assert {old: report.mapping[old] for old in before.values()} == {
        pp: pp for pp in before.values()
    }
    assert len(report.new_ids) == 1  # the "rude agent" problem
    with sessions() as session:
        entries = [e for e in audit_entries(session, project_id) if e.action == "recluster"]
    assert entries and entries[-1].payload["new"] == report.new_ids


def test_edits_persist_across_reclustering_with_audit(mined):
    sessions, project_id, units, _ = mined
    encoder = KeywordEncoder()
    topics = _by_topic(sessions, project_id, units)
    late, charged, crash = topics[0], topics[1], topics[2]

    rename_pain_point(
        sessions, project_id, late, label_en="Late delivery", label_he="איחור במשלוח", actor="dana"
    )
    dismiss_pain_point(sessions, project_id, crash, actor="dana")
    chosen = units[24:27]  # three "charged twice" units
    (split_id,) = split_pain_point(
        sessions, project_id, charged, unit_ids=chosen, actor="dana", encoder=encoder
    )
    moved = units[30]
    move_unit(sessions, project_id, moved, late, actor="dana", encoder=encoder)

    for mode in ("full", "incremental", "full"):
        mine_pain_points(sessions, project_id, encoder, model_version=VERSION, mode=mode)
        with sessions() as session:
            rows = {r.id: r for r in pain_points(session, project_id)}
            members = memberships(session, project_id)
        assert (rows[late].label_en, rows[late].label_he) == ("Late delivery", "איחור במשלוח")
        assert rows[late].label_locked
        assert rows[crash].status == "dismissed"
        assert {u for u, m in members.items() if m.pain_point_id == split_id} == set(chosen)
        assert all(members[u].assigned_by == "analyst" for u in chosen)
        assert members[moved].pain_point_id == late and members[moved].assigned_by == "analyst"

    merge_pain_points(sessions, project_id, [split_id], charged, actor="omer", encoder=encoder)
    mine_pain_points(sessions, project_id, encoder, model_version=VERSION, mode="full")
    with sessions() as session:
        rows = {r.id: r for r in pain_points(session, project_id)}
        members = memberships(session, project_id)
        entries = audit_entries(session, project_id)
        active = {o["id"] for o in pain_point_objects(session, project_id)}
    assert rows[split_id].status == "merged" and rows[split_id].merged_into == charged
    assert all(members[u].pain_point_id == charged for u in chosen)
    assert active == {late, charged}
    actions = [(e.actor, e.action) for e in entries if e.actor != "miner"]
    assert actions == [
        ("dana", "rename"),
        ("dana", "dismiss"),
        ("dana", "split"),
        ("dana", "move"),
        ("omer", "merge"),
    ]
    assert all(e.created_at is not None for e in entries)
    assert entries[0].payload["after"]["label_en"] == "Late delivery"


def test_split_by_reclustering_and_bad_ids(mined):
    sessions, project_id, units, _ = mined
    encoder = KeywordEncoder()
    # make one pain point hold two problems, then split it by clustering inside it
    late = _by_topic(sessions, project_id, units)[0]
    for unit in units[48:60]:  # twelve "crash" units join "late"
        move_unit(sessions, project_id, unit, late, actor="dana", encoder=encoder)
    new = split_pain_point(sessions, project_id, late, actor="dana", encoder=encoder)
    assert len(new) == 1
    with sessions() as session:
        members = memberships(session, project_id)
    split_units = {u for u, m in members.items() if m.pain_point_id == new[0]}
    assert split_units == set(units[48:60]) or split_units == set(units[:24])

    with pytest.raises(PainPointNotFound, match="pp-nope"):
        rename_pain_point(sessions, project_id, "pp-nope", label_en="x", actor="dana")
    with pytest.raises(PainPointNotFound, match="pp-nope"):
        merge_pain_points(sessions, project_id, ["pp-nope"], late, actor="dana")
    with pytest.raises(ValueError, match="into itself"):
        merge_pain_points(sessions, project_id, [late], late, actor="dana")
    with pytest.raises(ValueError, match="not a negative unit"):
        move_unit(sessions, project_id, 10**9, late, actor="dana")
    with pytest.raises(ValueError, match="not in pain point"):
        split_pain_point(
            sessions, project_id, late, unit_ids=[10**9], actor="dana", encoder=encoder
        )
    with pytest.raises(ValueError, match="needs the encoder"):
        split_pain_point(sessions, project_id, late, actor="dana", encoder=None)
    with pytest.raises(ValueError, match="new English or Hebrew label"):
        rename_pain_point(sessions, project_id, late, actor="dana")
    with pytest.raises(PainPointNotFound):  # another project's id is not found either
        other, _ = _add(sessions, "other", _items([0], 2), start=9000)
        dismiss_pain_point(sessions, other, late, actor="dana")


def test_outputs_carry_pain_points(mined, tmp_path):
    sessions, project_id, units, _ = mined
    with sessions() as session:
        path = write_pain_points_json(session, project_id, tmp_path)
        write_mine_outputs(
            session,
            project_id,
            tmp_path,
            IngestReport(file="x", format="csv"),
            model_version=VERSION,
        )
        stored = {r.id: r.details for r in session.scalars(select(PainPointRow))}
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data and all(set(stored[o["id"]]) == set(DETAIL_KEYS) for o in data)
    assert all(stored[o["id"]]["severity"] == o["severity"] for o in data)
    units_csv = pd.read_csv(
        tmp_path / "units.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    records_csv = pd.read_csv(
        tmp_path / "records.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    ids = {o["id"] for o in data}
    assert set(units_csv["pain_point"]) - {""} == ids
    assert (units_csv["pain_point"] != "").mean() >= 0.9
    assert set(records_csv["pain_points"]) - {""} <= ids
