"""Read the sheets of an .xlsx workbook into RawTables (real Excel numbers and dates kept).

Row numbers are Excel's own row numbers, so the header is usually row 1 and data starts at 2.
Short rows are padded; cells right of the header are kept, so the row builder can report a
row that spills past the header as broken.
"""

from __future__ import annotations

import io

import openpyxl

from miner.ingest.table import RawRow, RawTable, header_names, is_blank
from miner.records import IngestError


def read_xlsx_sheets(data: bytes) -> list[RawTable]:
    """One RawTable per non-empty sheet, in workbook order; first non-empty row = header."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise IngestError(f"cannot open the Excel workbook ({type(exc).__name__}: {exc})") from None
    tables = []
    try:
        for sheet in workbook.worksheets:
            table = _read_sheet(sheet)
            if table is not None:
                tables.append(table)
    except Exception as exc:
        raise IngestError(f"cannot read the Excel workbook ({type(exc).__name__}: {exc})") from None
    finally:
        workbook.close()
    if not tables:
        raise IngestError("file is empty (no sheet has any cells)")
    return tables


def _read_sheet(sheet) -> RawTable | None:
    table: RawTable | None = None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(values)
        if all(is_blank(v) for v in cells):
            continue
        if table is None:
            while cells and is_blank(cells[-1]):
                cells.pop()
            table = RawTable(format="xlsx", headers=header_names(cells), sheet=sheet.title)
            continue
        while len(cells) > len(table.headers) and is_blank(cells[-1]):
            cells.pop()
        padding = [None] * (len(table.headers) - len(cells))
        table.rows.append(RawRow(number=number, cells=cells + padding))
    return table
