"""Turn the rows of a mapped RawTable into FeedbackRecords, and everything wrong into BadRows.

A row is skipped (BadRow, skipped=True) for a broken line or unusable text; a rating, NPS or
date that cannot be read only drops that field (BadRow, skipped=False, field named).

With several text columns (a survey) each non-empty answer is its own record, with
`question` set to the column header and `external_id` "<id>#<column position>" (1-based
position of the question column in the header), so ids stay unique; without an id column
`external_id` is None. Unmapped columns go into `metadata` as strings (blank cells left out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from miner.ingest.columns import ColumnMapping
from miner.ingest.fields import (
    FieldError,
    parse_date,
    parse_nps,
    parse_rating,
    slash_dates_are_month_first,
)
from miner.ingest.table import Cell, RawRow, RawTable, cell_text, is_blank
from miner.ingest.text_checks import text_problem
from miner.records import BadRow, FeedbackRecord

T = TypeVar("T")


@dataclass
class BuiltRows:
    """The records built from a table, the bad rows found on the way, and file-level notes."""

    records: list[FeedbackRecord] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build_records(table: RawTable, mapping: ColumnMapping, max_text_chars: int) -> BuiltRows:
    """Build records row by row; reader-level broken lines are carried into `bad_rows`."""
    built = BuiltRows(bad_rows=list(table.broken))
    month_first = False
    if "date" in mapping.fields:
        date_index = mapping.fields["date"]
        month_first = slash_dates_are_month_first(_cell(r.cells, date_index) for r in table.rows)
        if month_first:
            built.warnings.append("dates like 03/14/2026 read month-first (US order)")
    for row in table.rows:
        cells = _fit_to_header(row, mapping, table.ragged, built.bad_rows)
        if cells is not None:
            _build_row(row.number, cells, mapping, max_text_chars, month_first, built)
    built.bad_rows.sort(key=lambda bad: bad.row)
    return built


def _fit_to_header(
    row: RawRow, mapping: ColumnMapping, ragged: bool, bad_rows: list[BadRow]
) -> list[Cell] | None:
    """Cells padded/trimmed to the header width, or None (and a BadRow) for a broken line.

    Extra cells are fine when empty. Missing trailing cells are fine unless the table is
    `ragged` (delimited text) and a text column is among them.
    """
    width, count = len(mapping.headers), len(row.cells)
    if count == width:
        return row.cells
    if count > width and all(is_blank(c) for c in row.cells[width:]):
        return row.cells[:width]
    if count < width and (not ragged or max(mapping.text) < count):
        return row.cells + [None] * (width - count)
    if ragged:
        reason = f"line has {count} {'field' if count == 1 else 'fields'}, header has {width}"
    else:
        reason = f"row has {count} cells, header has {width}"
    bad_rows.append(BadRow(row=row.number, reason=reason))
    return None


def _build_row(
    number: int,
    cells: list[Cell],
    mapping: ColumnMapping,
    max_text_chars: int,
    month_first: bool,
    built: BuiltRows,
) -> None:
    answers = _answers(number, cells, mapping, max_text_chars, built.bad_rows)
    if not answers:
        return
    field_errors: list[BadRow] = []
    rating = _parse(parse_rating, cells, mapping, "rating", number, field_errors)
    nps = _parse(parse_nps, cells, mapping, "nps", number, field_errors)
    date = _parse(parse_date, cells, mapping, "date", number, field_errors, month_first=month_first)
    built.bad_rows.extend(field_errors)
    external_id = _text_field(cells, mapping, "id")
    metadata = _metadata(cells, mapping)
    several = len(mapping.text) > 1
    for column, text in answers:
        built.records.append(
            FeedbackRecord(
                row=number,
                text=text,
                external_id=f"{external_id}#{column + 1}"
                if several and external_id
                else external_id,
                rating=rating,
                nps=nps,
                date=date,
                source=_text_field(cells, mapping, "source"),
                segment=_text_field(cells, mapping, "segment"),
                question=mapping.headers[column] if several else None,
                metadata=dict(metadata),
            )
        )


def _answers(
    number: int, cells: list[Cell], mapping: ColumnMapping, max_chars: int, bad_rows: list[BadRow]
) -> list[tuple[int, str]]:
    """(column, text) for each usable answer; BadRows for unusable ones."""
    several = len(mapping.text) > 1
    answers: list[tuple[int, str]] = []
    problems: list[BadRow] = []
    for column in mapping.text:
        text = cell_text(_cell(cells, column)).strip()
        if several and not text:
            continue  # an unanswered question
        problem = text_problem(text, max_chars)
        if problem is None:
            answers.append((column, text))
        else:
            reason = f"{mapping.headers[column]}: {problem}" if several else problem
            problems.append(BadRow(row=number, reason=reason, field="text"))
    if several and not answers and not problems:
        problems.append(
            BadRow(row=number, reason="text is empty (no question answered)", field="text")
        )
    bad_rows.extend(problems)
    return answers


def _parse(
    parser: Callable[..., T],
    cells: list[Cell],
    mapping: ColumnMapping,
    role: str,
    number: int,
    errors: list[BadRow],
    **options: bool,
) -> T | None:
    if role not in mapping.fields:
        return None
    try:
        return parser(_cell(cells, mapping.fields[role]), **options)
    except FieldError as exc:
        errors.append(BadRow(row=number, reason=str(exc), field=role, skipped=False))
        return None


def _text_field(cells: list[Cell], mapping: ColumnMapping, role: str) -> str | None:
    if role not in mapping.fields:
        return None
    return cell_text(_cell(cells, mapping.fields[role])).strip() or None


def _metadata(cells: list[Cell], mapping: ColumnMapping) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for index in mapping.unmapped:
        value = _cell(cells, index)
        if is_blank(value):
            continue
        key = mapping.headers[index]
        if key in metadata:
            key = f"{key} (column {index + 1})"
        metadata[key] = cell_text(value)
    return metadata


def _cell(cells: list[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else None
