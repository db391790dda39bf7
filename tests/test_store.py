"""Storage on SQLite and PostgreSQL: migrations, atomic idempotent imports, project listing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select

from miner.records import FeedbackRecord, IngestReport, NormalizedText, OpinionUnit, PreparedRecord
from miner.store import list_projects, open_database, store_import
from miner.store.schema import Base, Import, Record, Unit


def _prepared(n: int, *, prefix: str = "r") -> list[PreparedRecord]:
    items = []
    for i in range(n):
        text = f"המשלוח איחר אבל השירות היה מעולה {i}" if i % 2 else f"delivery was late but ok {i}"
        cut = text.index("אבל") if i % 2 else text.index("but")
        items.append(
            PreparedRecord(
                source=FeedbackRecord(
                    row=i + 2,
                    text=text,
                    external_id=f"{prefix}{i}",
                    rating=4.0,
                    date=dt.datetime(2026, 5, 1, 12, 0),
                ),
                key=f"id:{prefix}{i}",
                text=NormalizedText(text=text, language="he" if i % 2 else "en"),
                units=[
                    OpinionUnit(0, text[:cut].strip(), 0, len(text[:cut].strip()), "he"),
                    OpinionUnit(1, text[cut:], cut, len(text), "he"),
                ],
            )
        )
    return items


def _store(sessions, prepared, sha="abc", project="demo"):
    return store_import(
        sessions,
        project_name=project,
        workspace="default",
        file_name="f.csv",
        file_sha256=sha,
        report=IngestReport(file="f.csv", format="csv"),
        prepared=prepared,
    )


def test_migrations_create_every_model_table(database_url):
    sessions = open_database(database_url)
    tables = set(inspect(sessions.kw["bind"]).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    open_database(database_url)  # re-opening an up-to-date database is a no-op


def test_store_import_writes_records_units_and_hebrew_text(database_url):
    sessions = open_database(database_url)
    outcome = _store(sessions, _prepared(6))
    assert (outcome.records_added, outcome.already_imported) == (6, False)
    with sessions() as s:
        assert s.scalar(select(func.count(Record.id))) == 6
        assert s.scalar(select(func.count(Unit.id))) == 12
        rec = s.scalar(select(Record).where(Record.external_id == "r1"))
        assert rec.text.startswith("המשלוח איחר")
        assert [u.text for u in rec.units][1].startswith("אבל")


def test_same_file_twice_adds_nothing(database_url):
    sessions = open_database(database_url)
    _store(sessions, _prepared(4))
    again = _store(sessions, _prepared(4))
    assert again.already_imported and again.records_added == 0
    with sessions() as s:
        assert s.scalar(select(func.count(Record.id))) == 4
        assert s.scalar(select(func.count(Import.id))) == 1


def test_overlapping_file_adds_only_new_records(database_url):
    sessions = open_database(database_url)
    _store(sessions, _prepared(4))
    outcome = _store(sessions, _prepared(6), sha="other-file")
    assert (outcome.records_added, outcome.records_already_stored) == (2, 4)


def test_failed_import_leaves_nothing_half_written(database_url):
    sessions = open_database(database_url)
    _store(sessions, _prepared(3), sha="first")
    bad = _prepared(5, prefix="x")
    bad[3].source.row = None  # NOT NULL column: the database refuses the 4th record
    with pytest.raises(Exception):  # noqa: B017 - any database error
        _store(sessions, bad, sha="second")
    with sessions() as s:
        assert s.scalar(select(func.count(Import.id))) == 1
        assert s.scalar(select(func.count(Record.id))) == 3  # the earlier import is intact
    assert _store(sessions, _prepared(5, prefix="x"), sha="second").records_added == 5


def test_list_projects_counts(database_url):
    sessions = open_database(database_url)
    _store(sessions, _prepared(3), project="a")
    _store(sessions, _prepared(2), project="b", sha="b")
    with sessions() as s:
        summaries = {p.name: p for p in list_projects(s)}
    assert (summaries["a"].records, summaries["a"].units, summaries["a"].imports) == (3, 6, 1)
    assert summaries["b"].records == 2
