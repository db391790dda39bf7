"""Every bad-row reason, with the row number a person would find in the file."""

from __future__ import annotations

import json

from miner.ingest import read_feedback_file
from miner.records import BadRow


def _read(tmp_path, text: str, name: str = "f.csv", **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_feedback_file(path, **options)


def test_bad_rows_are_numbered_by_physical_line_after_multiline_field(tmp_path):
    text = (
        "id,rating,nps,date,text\n"  # line 1
        '1,4,9,2026-03-14,"first line\nsecond line\nthird line"\n'  # lines 2-4
        "2,abc,9,2026-03-14,rating is bad\n"  # line 5
        "3,5,11,2026-03-14,nps out of range\n"  # line 6
        "4,5,7,someday,date is bad\n"  # line 7
        "5,5,7,2026-03-14,\n"  # line 8
        "6,5,7,2026-03-14,N/A\n"  # line 9
        "7,5,7,2026-03-14,12345\n"  # line 10
        "8,5,7,2026-03-14,extra,field,here\n"  # line 11
        "9,5\n"  # line 12
        "10,5,7,2026-03-14,😡\n"  # line 13
        '11,5,7,2026-03-14,"never closed\nstill open\n'  # lines 14-15
    )
    result = _read(tmp_path, text)
    assert [(r.row, r.external_id) for r in result.records] == [
        (2, "1"),
        (5, "2"),
        (6, "3"),
        (7, "4"),
        (13, "10"),
    ]
    assert result.records[0].text == "first line\nsecond line\nthird line"
    assert result.records[-1].text == "😡"
    assert result.records[1].rating is None and result.records[1].nps == 9
    assert result.report.bad_rows == [
        BadRow(5, "rating 'abc' is not a number", "rating", skipped=False),
        BadRow(6, "nps '11' is outside 0-10", "nps", skipped=False),
        BadRow(7, "date 'someday' is not a recognised date", "date", skipped=False),
        BadRow(8, "text is empty", "text"),
        BadRow(9, "text 'N/A' is a placeholder, not feedback", "text"),
        BadRow(10, "text '12345' has no words (only digits, punctuation or symbols)", "text"),
        BadRow(11, "line has 7 fields, header has 5"),
        BadRow(12, "line has 2 fields, header has 5"),
        BadRow(14, "quote opened on line 14 is never closed (runs to end of file)"),
    ]
    assert result.report.rows_read == 11
    assert result.report.records == 5


def test_too_long_text_is_skipped_with_its_length(tmp_path):
    long_text = "א" * 7412
    result = _read(tmp_path, f"id,text\n1,{long_text}\n2,short one\n")
    assert [r.external_id for r in result.records] == ["2"]
    assert result.report.bad_rows == [BadRow(2, "text is 7,412 characters (limit 5,000)", "text")]


def test_max_text_chars_is_configurable(tmp_path):
    result = _read(tmp_path, "text\nabcdefghijk\nabc\n", max_text_chars=10)
    assert [r.text for r in result.records] == ["abc"]
    assert result.report.bad_rows[0].reason == "text is 11 characters (limit 10)"


def test_placeholders_and_punctuation_only_are_not_feedback(tmp_path):
    values = ["n/a", "NULL", "nan", "#VALUE!", "לא רלוונטי", "-", "...", "!!!", "4/5"]
    result = _read(tmp_path, "text\n" + "\n".join(values) + "\n")
    assert result.records == []
    assert [b.row for b in result.report.bad_rows] == list(range(2, 2 + len(values)))


def test_emoji_only_and_emoticons_are_kept(tmp_path):
    values = ["👍👍", "😡", "❤️", ":)", "🙁 :(", "ok"]
    result = _read(tmp_path, "text\n" + "\n".join(values) + "\n")
    assert [r.text for r in result.records] == values
    assert result.report.bad_rows == []


def test_missing_trailing_fields_and_extra_empty_fields_are_fine(tmp_path):
    text = "id,text,rating,date,segment\n1,only two fields\n2,extra empties,4,,smb,,,\n"
    result = _read(tmp_path, text)
    assert [(r.external_id, r.text, r.rating, r.segment) for r in result.records] == [
        ("1", "only two fields", None, None),
        ("2", "extra empties", 4.0, "smb"),
    ]
    assert result.report.bad_rows == []


def test_blank_lines_are_skipped_without_a_bad_row(tmp_path):
    result = _read(tmp_path, "id,text\n\n1,hello\n\n\n2,world\n")
    assert [(r.row, r.text) for r in result.records] == [(3, "hello"), (6, "world")]
    assert result.report.bad_rows == []
    assert result.report.rows_read == 2


def test_surrounding_whitespace_is_stripped_but_text_is_not_normalized(tmp_path):
    result = _read(tmp_path, 'text\n"   Visit https://x.co  — call 050-1234567\t "\n')
    assert result.records[0].text == "Visit https://x.co  — call 050-1234567"


def test_json_record_with_empty_text_and_bad_rating(tmp_path):
    items = [{"text": "   ", "rating": 3}, {"text": "fine", "rating": "five"}]
    result = _read(tmp_path, json.dumps(items), name="f.json")
    assert [r.text for r in result.records] == ["fine"]
    assert result.report.bad_rows == [
        BadRow(1, "text is empty", "text"),
        BadRow(2, "rating 'five' is not a number", "rating", skipped=False),
    ]
