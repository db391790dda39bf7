"""Files that cannot be read at all raise one IngestError line that names the file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from miner.ingest import read_feedback_bytes, read_feedback_file
from miner.records import IngestError


def _error(path) -> str:
    with pytest.raises(IngestError) as caught:
        read_feedback_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message


def test_missing_file(tmp_path):
    assert _error(tmp_path / "nope.csv").endswith("file not found")


def test_directory(tmp_path):
    assert "is a directory" in _error(tmp_path)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_empty_files(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert _error(path).endswith("file is empty")


def test_binary_file_with_csv_name(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x00\x01\x02\x03\x04binary\x00\xff\x00\x00\x00\x10" * 20)
    assert "binary" in _error(path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", b"%PDF-1.7\n...", "a PDF document"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
        ("fake.xlsx", b"id,text\n1,hello\n", "not an Excel workbook"),
    ],
)
def test_unknown_or_unsupported_formats(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in _error(path)


def test_zip_that_is_not_xlsx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    path = tmp_path / "dump.zip"
    path.write_bytes(buffer.getvalue())
    assert "zip archive" in _error(path)


def test_broken_json_names_line_and_column(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('[{"text": "a"},\n {"text": "b",}]', encoding="utf-8")
    assert "not valid JSON" in _error(path) and "line 2" in _error(path)


def test_header_only_file_reads_with_a_warning(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("id,text\n", encoding="utf-8")
    result = read_feedback_file(path)
    assert result.records == [] and result.report.rows_read == 0
    assert "no data rows" in result.report.warnings


def test_read_feedback_bytes_names_the_upload_in_errors():
    with pytest.raises(IngestError, match=r"^upload\.csv: no text column"):
        read_feedback_bytes(b"a,b\n1,2\n", "upload.csv")
    result = read_feedback_bytes(b"text\nhello\n", "upload.csv")
    assert result.report.file == "upload.csv" and result.records[0].text == "hello"


def test_us_month_first_dates_are_detected_per_file(tmp_path):
    path = tmp_path / "us.csv"
    path.write_text("date,text\n03/14/2026,a b c\n04/01/2026,d e f\n", encoding="utf-8")
    result = read_feedback_file(path)
    assert [r.date for r in result.records] == [dt.datetime(2026, 3, 14), dt.datetime(2026, 4, 1)]
    assert any("month-first" in w for w in result.report.warnings)


def test_corrupt_workbook(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<nope")
        archive.writestr("xl/workbook.xml", "<not really xml")
    path = tmp_path / "broken.xlsx"
    path.write_bytes(buffer.getvalue())
    assert "cannot open the Excel workbook" in _error(path)
