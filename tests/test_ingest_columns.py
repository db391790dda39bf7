"""Column auto-mapping (English and Hebrew), overrides, and multi-question surveys."""

from __future__ import annotations

import datetime as dt

import pytest

from miner.ingest import read_feedback_file
from miner.ingest.columns import head_role, is_question, words
from miner.records import ColumnOverrides, IngestError


def _csv(tmp_path, text: str, name: str = "f.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_english_headers_map_case_and_punctuation_insensitively(tmp_path):
    path = _csv(
        tmp_path,
        "Review ID,Created At,Star Rating,NPS Score,Channel,Customer_Type,Review Text,Author\n"
        "7,2026-03-14,5,10,app store,smb,Fast and friendly,Dana\n",
    )
    result = read_feedback_file(path)
    assert result.report.column_mapping == {
        "text": "Review Text",
        "id": "Review ID",
        "rating": "Star Rating",
        "nps": "NPS Score",
        "date": "Created At",
        "source": "Channel",
        "segment": "Customer_Type",
    }
    [record] = result.records
    assert (record.external_id, record.rating, record.nps, record.source, record.segment) == (
        "7",
        5.0,
        10,
        "app store",
        "smb",
    )
    assert record.metadata == {"Author": "Dana"}


def test_hebrew_headers_map(tmp_path):
    path = _csv(
        tmp_path,
        "מזהה,תאריך,דירוג,ציון NPS,ערוץ,סוג לקוח,חוות דעת,עיר\n"
        "12,14/03/2026,4,8,אתר,עסקי,השירות היה מעולה,חיפה\n",
    )
    result = read_feedback_file(path)
    assert result.report.column_mapping == {
        "text": "חוות דעת",
        "id": "מזהה",
        "rating": "דירוג",
        "nps": "ציון NPS",
        "date": "תאריך",
        "source": "ערוץ",
        "segment": "סוג לקוח",
    }
    [record] = result.records
    assert record.date == dt.datetime(2026, 3, 14)
    assert record.metadata == {"עיר": "חיפה"}


def test_exact_match_wins_over_head_word_match(tmp_path):
    path = _csv(tmp_path, "customer comment,comment\nshort,the real one\n")
    result = read_feedback_file(path)
    assert result.report.column_mapping["text"] == "comment"
    assert result.records[0].metadata == {"customer comment": "short"}


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Customer Comment", "text"),
        ("Review Date", "date"),
        ("Comment ID", "id"),
        ("Date of purchase (DD/MM/YYYY)", "date"),
        ("Review Title", None),
        ("Paid", None),
        ("תאריך יצירה", "date"),
        ("מזהה תגובה", "id"),
        ("Sentiment Score", None),
    ],
)
def test_head_word_rules(header, role):
    assert head_role(header) == role


def test_words_split_camel_case_and_drop_notes():
    assert words("ReviewText (EN)") == ["review", "text"]
    assert words("מס' לקוח") == ["מס", "לקוח"]
    assert is_question("What could we improve?")
    assert is_question("Please tell us about your experience with the delivery")
    assert not is_question("Review Text")


def test_overrides_win_and_accept_loose_names(tmp_path):
    path = _csv(tmp_path, "text,notes,ref,stars\nignored text,the real feedback,A-1,3\n")
    overrides = ColumnOverrides(text=("Notes",), id="ref", rating="stars")
    result = read_feedback_file(path, overrides)
    assert result.report.column_mapping == {"text": "notes", "id": "ref", "rating": "stars"}
    [record] = result.records
    assert (record.text, record.external_id, record.rating) == ("the real feedback", "A-1", 3.0)
    assert record.metadata == {"text": "ignored text"}


def test_override_naming_missing_column_is_an_error_listing_columns(tmp_path):
    path = _csv(tmp_path, "id,text\n1,hi there\n")
    with pytest.raises(IngestError) as caught:
        read_feedback_file(path, ColumnOverrides(rating="score"))
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message and "'score'" in message and "'id', 'text'" in message


def test_no_text_column_lists_headers_and_suggests_text_col(tmp_path):
    path = _csv(tmp_path, "id,when,stars\n1,2026-01-01,4\n")
    with pytest.raises(IngestError) as caught:
        read_feedback_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: no text column")
    assert "'id', 'when', 'stars'" in message and "--text-col" in message


SURVEY = (
    "מזהה,תאריך,כמה סביר שתמליצו עלינו לחבר?,What could we improve?,מה אהבת במיוחד?\n"
    "s1,2026-03-01,9,Faster delivery please,הצוות היה אדיב מאוד\n"
    "s2,2026-03-02,3,,\n"
    "s3,2026-03-03,7,,המחיר\n"
)


def test_survey_open_questions_each_become_records(tmp_path):
    result = read_feedback_file(_csv(tmp_path, SURVEY))
    mapping = result.report.column_mapping
    assert mapping["text"] == ["What could we improve?", "מה אהבת במיוחד?"]
    assert mapping["nps"] == "כמה סביר שתמליצו עלינו לחבר?"
    got = [(r.row, r.external_id, r.question, r.text, r.nps) for r in result.records]
    assert got[:2] == [
        (2, "s1#4", "What could we improve?", "Faster delivery please", 9),
        (2, "s1#5", "מה אהבת במיוחד?", "הצוות היה אדיב מאוד", 9),
    ]
    assert got[2] == (4, "s3#5", "מה אהבת במיוחד?", "המחיר", 7)
    assert [(b.row, b.reason) for b in result.report.bad_rows] == [
        (3, "text is empty (no question answered)")
    ]
    ids = [r.external_id for r in result.records]
    assert len(ids) == len(set(ids))


def test_survey_categorical_question_stays_metadata(tmp_path):
    plans = ["Free", "Pro", "Pro"]
    rows = "".join(f"{i},{plans[i % 3]},Answer number {i} is here\n" for i in range(12))
    result = read_feedback_file(_csv(tmp_path, "id,Which plan are you on?,Anything else?\n" + rows))
    assert result.report.column_mapping["text"] == "Anything else?"
    assert result.records[0].question is None
    assert result.records[0].metadata == {"Which plan are you on?": "Free"}


def test_survey_row_with_no_answers_is_a_bad_row(tmp_path):
    text = "id,What went well?,What went wrong?\n1,,\n2,ok,-\n"
    result = read_feedback_file(_csv(tmp_path, text))
    reasons = [(b.row, b.reason) for b in result.report.bad_rows]
    assert reasons == [
        (2, "text is empty (no question answered)"),
        (3, "What went wrong?: text '-' is a placeholder, not feedback"),
    ]
    assert [(r.row, r.text) for r in result.records] == [(3, "ok")]


def test_override_with_several_text_columns_makes_one_record_per_answer(tmp_path):
    path = _csv(tmp_path, "ref,pros,cons,Anything else?\nA1,cheap,slow courier,nothing more\n")
    result = read_feedback_file(path, ColumnOverrides(text=("pros", "cons"), id="ref"))
    assert result.report.column_mapping == {"text": ["pros", "cons"], "id": "ref"}
    got = [(r.external_id, r.question, r.text) for r in result.records]
    assert got == [("A1#2", "pros", "cheap"), ("A1#3", "cons", "slow courier")]
    assert result.records[0].metadata == {"Anything else?": "nothing more"}
