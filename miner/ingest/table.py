"""The raw table every reader produces: headers plus numbered rows of cell values."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

from miner.records import BadRow

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None


@dataclass
class RawRow:
    """One data row: the row number a person would find, and its cells in header order.

    Delimited files keep the fields exactly as read (they may be more or fewer than the
    headers); the row builder decides whether that is a broken line.
    """

    number: int
    cells: list[Cell]


@dataclass
class RawTable:
    """Headers and rows read from one file (or one sheet), before column mapping."""

    format: str
    headers: list[str]
    rows: list[RawRow] = field(default_factory=list)
    broken: list[BadRow] = field(default_factory=list)  # lines that never became rows
    encoding: str | None = None
    delimiter: str | None = None
    warnings: list[str] = field(default_factory=list)
    ragged: bool = False  # delimited files: a short row may be a broken line
    sheet: str | None = None  # XLSX sheet title

    def column_values(self, index: int, limit: int = 200) -> list[Cell]:
        """The first `limit` non-empty values of one column, for content-based mapping."""
        values: list[Cell] = []
        for row in self.rows:
            if index < len(row.cells) and not is_blank(row.cells[index]):
                values.append(row.cells[index])
                if len(values) >= limit:
                    break
        return values


def is_blank(value: Cell) -> bool:
    """True for a missing cell, an empty/whitespace string, or a float NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def cell_text(value: Cell | dict | list) -> str:
    """A cell as the string a person would read: 1001.0 -> '1001', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def header_names(raw: list[Cell]) -> list[str]:
    """Header cells as strings; blank ones become 'column N' (1-based position)."""
    headers = []
    for position, value in enumerate(raw, start=1):
        name = cell_text(value).strip()
        headers.append(name or f"column {position}")
    return headers
