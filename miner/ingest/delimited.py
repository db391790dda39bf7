"""Read CSV / TSV (and ';' or '|' separated) text into a RawTable.

Row numbers are physical line numbers of the line a row starts on, so a quoted field that
spans several lines does not shift the numbers of the rows after it.
"""

from __future__ import annotations

import csv
import io
import re

from miner.ingest.table import RawRow, RawTable, header_names
from miner.records import BadRow, IngestError

DELIMITERS = (",", "\t", ";", "|")
_SEP_HINT = re.compile(r"^\s*sep=(.)\s*$")  # Excel's "sep=;" first line
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_ROWS = 50
_SINGLE_COLUMN = "\x1f"  # ASCII unit separator: splits nothing in a one-column file


def read_delimited(text: str, delimiter: str | None = None) -> RawTable:
    """Parse delimited text; `delimiter` None means detect it among , TAB ; | (or none)."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    lines = io.StringIO(text, newline="").readlines()
    first_line = 0
    hint = _SEP_HINT.match(lines[0]) if lines else None
    if hint and hint.group(1) in DELIMITERS:
        delimiter = hint.group(1)
        first_line = 1
    while first_line < len(lines) and not lines[first_line].strip():
        first_line += 1
    if first_line >= len(lines):
        raise IngestError("file is empty")
    if delimiter is None:
        delimiter = detect_delimiter("".join(lines[first_line : first_line + _SAMPLE_ROWS * 4]))
    reader = csv.reader(lines[first_line:], delimiter=delimiter or _SINGLE_COLUMN)
    header = next(reader)
    table = RawTable(
        format="tsv" if delimiter == "\t" else "csv",
        headers=header_names(header),
        delimiter=delimiter,
        ragged=True,
    )
    consumed = reader.line_num
    while True:
        start = first_line + consumed + 1  # 1-based physical line the next row starts on
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            table.broken.append(BadRow(row=start, reason=f"line cannot be parsed ({exc})"))
            consumed = reader.line_num
            continue
        end = reader.line_num
        if end == len(lines) - first_line and _quote_left_open(lines[start - 1 :], reader.dialect):
            table.broken.append(
                BadRow(
                    row=start,
                    reason=f"quote opened on line {start} is never closed (runs to end of file)",
                )
            )
            break
        consumed = end
        if not any(f.strip() for f in fields):
            continue  # blank line
        table.rows.append(RawRow(number=start, cells=list(fields)))
    return table


def detect_delimiter(sample: str) -> str | None:
    """The delimiter that splits the sample into the most consistent, widest rows.

    None when no candidate splits the header: a one-column file, whose texts may hold
    unquoted commas.
    """
    sample = sample[:_SAMPLE_CHARS]
    best: str | None = None
    best_score = (0.0, 0)
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if r]
        if len(rows) > 2:
            rows = rows[:-1]  # the sample may end inside a row
        rows = rows[:_SAMPLE_ROWS]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistency = sum(1 for r in rows if len(r) == width) / len(rows)
        score = (round(consistency, 2), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _quote_left_open(row_lines: list[str], dialect: csv.Dialect) -> bool:
    """True when the last row of the file ends inside a quoted field."""
    strict = csv.reader(row_lines, dialect, strict=True)
    try:
        for _ in strict:
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False
