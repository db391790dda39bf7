"""Each file format reads into the same records: CSV/TSV (any delimiter), JSON, JSONL, XLSX."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from miner.ingest import read_feedback_file
from miner.records import FeedbackRecord

HEADER = ["review_id", "date", "rating", "text"]
ROWS = [
    ["r1", "2026-03-14", "4", "The delivery was late, but support was great"],
    ["r2", "2026-03-15", "2", "המשלוח התעכב; השירות היה מצוין | תודה"],
]


def _key(record: FeedbackRecord) -> tuple:
    return (record.row, record.external_id, record.date, record.rating, record.text)


EXPECTED = [
    (2, "r1", dt.datetime(2026, 3, 14), 4.0, ROWS[0][3]),
    (3, "r2", dt.datetime(2026, 3, 15), 2.0, ROWS[1][3]),
]


def _delimited(delimiter: str) -> str:
    def quote(cell: str) -> str:
        needs = any(ch in cell for ch in (delimiter, '"', "\n"))
        return '"' + cell.replace('"', '""') + '"' if needs else cell

    lines = [delimiter.join(quote(c) for c in row) for row in [HEADER, *ROWS]]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("name", "delimiter"),
    [("f.csv", ","), ("f.csv", ";"), ("f.tsv", "\t"), ("f.csv", "\t"), ("f.csv", "|")],
)
def test_delimited_files_detect_their_delimiter(tmp_path, name, delimiter):
    path = tmp_path / name
    path.write_text(_delimited(delimiter), encoding="utf-8")
    result = read_feedback_file(path)
    assert result.report.delimiter == delimiter
    assert result.report.format == ("tsv" if delimiter == "\t" else "csv")
    assert [_key(r) for r in result.records] == EXPECTED
    assert result.report.bad_rows == []


def test_excel_sep_hint_line_sets_delimiter_and_keeps_row_numbers(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("sep=;\n" + _delimited(";"), encoding="utf-8")
    result = read_feedback_file(path)
    assert result.report.delimiter == ";"
    assert [r.row for r in result.records] == [3, 4]  # physical lines: hint, header, data


def test_txt_file_that_is_really_csv_is_sniffed(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text(_delimited(";"), encoding="utf-8")
    result = read_feedback_file(path)
    assert result.report.format == "csv"
    assert [_key(r) for r in result.records] == EXPECTED


def _objects() -> list[dict]:
    return [dict(zip(HEADER, row, strict=True)) for row in ROWS]


def test_json_array_of_objects(tmp_path):
    path = tmp_path / "f.json"
    path.write_text(json.dumps(_objects(), ensure_ascii=False), encoding="utf-8")
    result = read_feedback_file(path)
    assert result.report.format == "json"
    expected = [(1, *e[1:]) for e in EXPECTED[:1]] + [(2, *e[1:]) for e in EXPECTED[1:]]
    assert [_key(r) for r in result.records] == expected


@pytest.mark.parametrize("key", ["records", "data", "items", "reviews"])
def test_json_object_with_record_list(tmp_path, key):
    path = tmp_path / "f.json"
    path.write_text(json.dumps({"meta": {"n": 2}, key: _objects()}), encoding="utf-8")
    result = read_feedback_file(path)
    assert [r.text for r in result.records] == [ROWS[0][3], ROWS[1][3]]
    assert [r.row for r in result.records] == [1, 2]


def test_json_non_object_item_is_bad_row_and_nested_fields_flatten(tmp_path):
    items = [{"text": "fine", "author": {"name": "Dana", "followers": 3}}, "oops", {"text": "ok"}]
    path = tmp_path / "f.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = read_feedback_file(path)
    assert [(r.row, r.text) for r in result.records] == [(1, "fine"), (3, "ok")]
    assert result.records[0].metadata == {"author.name": "Dana", "author.followers": "3"}
    [bad] = result.report.bad_rows
    assert (bad.row, bad.reason) == (2, "record is a string, not an object")


def test_jsonl_lines_numbered_and_broken_line_reported(tmp_path):
    lines = [
        json.dumps({"id": 1, "created_at": "2026-03-14T08:00:00Z", "text": "love it 😍"}),
        "",
        '{"id": 2, "text": "broken',
        json.dumps([1, 2]),
        json.dumps({"id": 3, "text": "שירות מעולה"}, ensure_ascii=False),
    ]
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_feedback_file(path)
    assert result.report.format == "jsonl"
    assert [(r.row, r.external_id, r.text) for r in result.records] == [
        (1, "1", "love it 😍"),
        (5, "3", "שירות מעולה"),
    ]
    assert result.records[0].date == dt.datetime(2026, 3, 14, 8, 0)
    assert [(b.row, b.skipped) for b in result.report.bad_rows] == [(3, True), (4, True)]
    assert result.report.bad_rows[0].reason.startswith("line is not valid JSON")
    assert result.report.bad_rows[1].reason == "line is an array, not an object"
    assert result.report.rows_read == 4


def test_json_extension_holding_json_lines_is_read_as_jsonl(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"text": "one"}\n{"text": "two"}\n', encoding="utf-8")
    result = read_feedback_file(path)
    assert result.report.format == "jsonl"
    assert [r.text for r in result.records] == ["one", "two"]


def _workbook(path, sheets: dict[str, list[list]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def test_xlsx_keeps_excel_numbers_and_dates(tmp_path):
    path = tmp_path / "f.xlsx"
    rows = [
        ["review_id", "date", "rating", "nps", "text"],
        [1001, dt.datetime(2026, 3, 14, 10, 30), 4, 9, "Great app"],
        [1002, 46096, 4.5, 7.0, "  האפליקציה קורסת  "],  # Excel serial for 2026-03-15
    ]
    _workbook(path, {"Reviews": rows})
    result = read_feedback_file(path)
    assert result.report.format == "xlsx"
    assert result.report.encoding is None
    got = [(r.row, r.external_id, r.date, r.rating, r.nps, r.text) for r in result.records]
    assert got == [
        (2, "1001", dt.datetime(2026, 3, 14, 10, 30), 4.0, 9, "Great app"),
        (3, "1002", dt.datetime(2026, 3, 15), 4.5, 7, "האפליקציה קורסת"),
    ]


def test_xlsx_uses_first_sheet_with_a_text_column(tmp_path):
    path = tmp_path / "f.xlsx"
    _workbook(
        path,
        {
            "Summary": [["total", "mean"], [2, 3.5]],
            "Data": [[], ["id", "comment"], ["a", "too slow"], [], ["b", "works"]],
        },
    )
    result = read_feedback_file(path)
    assert [(r.row, r.text) for r in result.records] == [(3, "too slow"), (5, "works")]
    assert "read sheet 'Data'" in result.report.warnings
    assert result.report.column_mapping == {"text": "comment", "id": "id"}


def test_one_column_file_keeps_unquoted_commas_in_text(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('text\nGreat, fast delivery\nSlow; rude | staff\n"quoted, still fine"\n')
    result = read_feedback_file(path)
    assert result.report.delimiter is None
    assert [r.text for r in result.records] == [
        "Great, fast delivery",
        "Slow; rude | staff",
        "quoted, still fine",
    ]
    assert result.report.bad_rows == []
