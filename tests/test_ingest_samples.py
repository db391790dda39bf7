"""The demo dumps in corpora/samples read cleanly, and the three twins agree record by record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from miner.ingest import read_feedback_file
from miner.records import FeedbackRecord

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"
TWINS = ("feedback_dump.csv", "feedback_dump_cp1255.csv", "feedback_dump.xlsx")
DUMP_ROLES = {"text", "id", "rating", "nps", "date", "source", "segment"}


def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {path} is missing (corpora/samples not written yet)")
    return path


def _comparable(record: FeedbackRecord) -> tuple:
    return (
        record.text,
        record.external_id,
        record.rating,
        record.nps,
        record.date,
        record.source,
        record.segment,
    )


@pytest.mark.parametrize(
    ("name", "encoding", "roles"),
    [
        ("feedback_dump.csv", "utf-8", DUMP_ROLES),
        ("feedback_dump_cp1255.csv", "cp1255", DUMP_ROLES),
        ("feedback_dump.xlsx", None, DUMP_ROLES),
        ("survey_he.csv", "utf-8-sig", {"text"}),
        ("social_mentions.jsonl", "utf-8", {"text", "id", "date", "source"}),
    ],
)
def test_sample_reads_cleanly(name, encoding, roles):
    result = read_feedback_file(_sample(name))
    report = result.report
    assert report.encoding == encoding
    assert roles <= set(report.column_mapping)
    assert result.records, f"{name}: no records"
    skipped = [b for b in report.bad_rows if b.skipped]
    assert len(skipped) <= 0.1 * report.rows_read, f"{name}: {skipped}"
    assert all("\ufffd" not in r.text for r in result.records)


def test_survey_sample_has_several_open_questions():
    result = read_feedback_file(_sample("survey_he.csv"))
    questions = result.report.column_mapping["text"]
    assert isinstance(questions, list) and len(questions) >= 2
    assert {r.question for r in result.records} <= set(questions)
    ids = [r.external_id for r in result.records if r.external_id]
    assert len(ids) == len(set(ids))


def test_twin_dumps_give_identical_records():
    results = [read_feedback_file(_sample(name)) for name in TWINS]
    first, *others = [[_comparable(r) for r in result.records] for result in results]
    assert first
    for name, records in zip(TWINS[1:], others, strict=True):
        assert records == first, f"{name} differs from {TWINS[0]}"
    # CSV rows are physical lines (quoted texts span lines); xlsx rows are sheet rows.
    assert [r.row for r in results[0].records] == [r.row for r in results[1].records]


def _documented_bad_rows() -> list[tuple[int, int, str]]:
    """(row, line, review_id) from the README's 'Deliberate bad rows' table."""
    readme = _sample("README.md").read_text(encoding="utf-8")
    rows = [tuple(m) for m in re.findall(r"^\| (\d+) \| (\d+) \| (NV-\d+) \|", readme, re.M)]
    if not rows:
        pytest.skip("corpora/samples/README.md has no 'Deliberate bad rows' table")
    return [(int(row), int(line), review_id) for row, line, review_id in rows]


def test_documented_bad_rows_are_found_where_a_person_would_look():
    documented = _documented_bad_rows()
    for name in TWINS:
        report = read_feedback_file(_sample(name)).report
        column = 0 if name.endswith(".xlsx") else 1  # sheet row vs physical line
        assert sorted({b.row for b in report.bad_rows}) == sorted(d[column] for d in documented)
