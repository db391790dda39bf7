"""Decide which reader a file needs: by extension first, then by sniffing its content."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import PurePath

from miner.records import IngestError

SUPPORTED = ".csv, .tsv, .txt, .json, .jsonl, .xlsx"
_BY_EXTENSION = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls / .doc
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"PAR1": "a Parquet file",
    b"SQLite format 3": "an SQLite database",
}


def detect_binary_format(name: str, data: bytes) -> str | None:
    """'xlsx' for an Excel workbook, None for what may be text; raise for other binaries."""
    if data.startswith(b"PK\x03\x04"):
        if _is_xlsx(data):
            return "xlsx"
        raise IngestError("a zip archive, not an .xlsx workbook")
    if data.startswith(_OLE_SIGNATURE):
        raise IngestError("an old Excel .xls (or Office 97) file; save it as .xlsx or CSV")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise IngestError(f"{what}, not a feedback table ({SUPPORTED})")
    if PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
        raise IngestError("named .xlsx but is not an Excel workbook")
    return None


def detect_text_format(name: str, text: str) -> str:
    """'csv', 'tsv', 'json' or 'jsonl': by extension, else (or for JSON vs JSONL) by content."""
    by_extension = _BY_EXTENSION.get(PurePath(name).suffix.lower())
    sniffed = sniff_text_format(text)
    if by_extension in ("json", "jsonl") and sniffed in ("json", "jsonl"):
        return sniffed  # a .json file holding JSON lines, or the other way round
    if by_extension in ("csv", "tsv", "json", "jsonl"):
        return by_extension
    return sniffed


def sniff_text_format(text: str) -> str:
    """Guess from content: JSON document, JSON lines, or delimited text."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("[", "{"):
        try:
            json.loads(stripped)
            return "json"
        except json.JSONDecodeError:
            pass
        lines = [line.strip() for line in stripped.split("\n")[:20] if line.strip()]
        if lines and sum(line.startswith("{") for line in lines) >= 0.8 * len(lines):
            return "jsonl"
        if stripped[:1] == "[":
            return "json"  # a broken JSON array: let the JSON reader report where
    return "csv"


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
