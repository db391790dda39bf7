"""Read a feedback dump (CSV/TSV/JSON/JSONL/XLSX, any common encoding) into FeedbackRecords.

`read_feedback_file` raises IngestError (one line, naming the file) only when the file cannot
be read at all; every problem with a row or a field goes into `IngestReport.bad_rows` and the
rest of the file is read.

- Format: by extension, falling back to the content (a .txt that is CSV, a .json holding
  JSON lines); delimiter detected among , TAB ; | (formats.py, delimited.py).
- Encoding: BOM, BOM-less UTF-16, strict UTF-8, Windows-1255 Hebrew, charset-normalizer
  (encoding.py).
- Row numbers: CSV/TSV - the physical line the row starts on (header on line 1); XLSX - the
  sheet row; JSON - 1-based record index; JSONL - 1-based line number.
- Columns: see columns.py; rows and bad rows: rows.py; field values: fields.py;
  what counts as text: text_checks.py.
"""

from __future__ import annotations

from pathlib import Path

from miner.ingest.columns import ColumnMapping, map_columns
from miner.ingest.delimited import read_delimited
from miner.ingest.encoding import decode_text
from miner.ingest.formats import detect_binary_format, detect_text_format
from miner.ingest.json_records import read_json, read_jsonl
from miner.ingest.rows import build_records
from miner.ingest.table import RawTable
from miner.ingest.xlsx import read_xlsx_sheets
from miner.records import ColumnOverrides, IngestError, IngestReport, IngestResult

__all__ = ["DEFAULT_MAX_TEXT_CHARS", "NO_OVERRIDES", "read_feedback_bytes", "read_feedback_file"]

DEFAULT_MAX_TEXT_CHARS = 5000
NO_OVERRIDES = ColumnOverrides()


def read_feedback_file(
    path: str | Path,
    overrides: ColumnOverrides = NO_OVERRIDES,
    *,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
) -> IngestResult:
    """Read one feedback file; raise IngestError('<file>: <why>') if it cannot be read at all."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise IngestError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return read_feedback_bytes(data, str(path), overrides, max_text_chars=max_text_chars)


def read_feedback_bytes(
    data: bytes,
    name: str,
    overrides: ColumnOverrides = NO_OVERRIDES,
    *,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
) -> IngestResult:
    """Read an uploaded file's bytes; `name` gives the extension and names the file in errors."""
    try:
        table, mapping = _read_table(data, name, overrides)
    except IngestError as exc:
        one_line = " ".join(str(exc).splitlines())
        raise IngestError(f"{name}: {one_line}") from None
    built = build_records(table, mapping, max_text_chars)
    warnings = list(table.warnings) + built.warnings
    if not table.rows and not table.broken:
        warnings.append("no data rows")
    report = IngestReport(
        file=name,
        format=table.format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        column_mapping=mapping.report(),
        rows_read=len(table.rows) + len(table.broken),
        records=len(built.records),
        bad_rows=built.bad_rows,
        warnings=warnings,
    )
    return IngestResult(records=built.records, report=report)


def _read_table(
    data: bytes, name: str, overrides: ColumnOverrides
) -> tuple[RawTable, ColumnMapping]:
    if not data:
        raise IngestError("file is empty")
    if detect_binary_format(name, data) == "xlsx":
        return _first_sheet_with_text(read_xlsx_sheets(data), overrides)
    decoded = decode_text(data)
    text = decoded.text.lstrip("\ufeff")
    if not text.strip():
        raise IngestError("file is empty")
    fmt = detect_text_format(name, text)
    if fmt == "json":
        table = read_json(text)
    elif fmt == "jsonl":
        table = read_jsonl(text)
    else:
        first_line = text.split("\n", 1)[0]
        table = read_delimited(text, "\t" if fmt == "tsv" and "\t" in first_line else None)
    table.encoding = decoded.encoding
    table.warnings[:0] = decoded.warnings
    return table, map_columns(table, overrides)


def _first_sheet_with_text(
    tables: list[RawTable], overrides: ColumnOverrides
) -> tuple[RawTable, ColumnMapping]:
    first_error: IngestError | None = None
    for table in tables:
        try:
            mapping = map_columns(table, overrides)
        except IngestError as exc:
            first_error = first_error or exc
            continue
        if len(tables) > 1:
            table.warnings.append(f"read sheet {table.sheet!r}")
        return table, mapping
    sheet = f"sheet {tables[0].sheet!r}: " if len(tables) > 1 else ""
    raise IngestError(f"{sheet}{first_error}")
