"""Read JSON (an array of objects, or an object holding one) and JSONL into a RawTable.

Nested objects are flattened to dotted keys ("author.name"); lists stay as JSON text.
"""

from __future__ import annotations

import json
from typing import Any

from miner.ingest.table import RawRow, RawTable
from miner.records import BadRow, IngestError

RECORD_LIST_KEYS = ("records", "data", "items", "reviews", "results", "feedback", "responses")


def read_json(text: str) -> RawTable:
    """Parse a JSON document whose records are a top-level array or sit under a known key."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    items, warnings = _record_list(document)
    objects: list[tuple[int, dict[str, Any]]] = []
    broken: list[BadRow] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            objects.append((number, flatten(item)))
        else:
            broken.append(BadRow(row=number, reason=f"record is {_json_type(item)}, not an object"))
    table = _table_from_objects("json", objects)
    table.broken = broken
    table.warnings.extend(warnings)
    return table


def read_jsonl(text: str) -> RawTable:
    """Parse one JSON object per line; a line that is not a JSON object is a bad row."""
    objects: list[tuple[int, dict[str, Any]]] = []
    broken: list[BadRow] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            broken.append(
                BadRow(row=number, reason=f"line is not valid JSON ({exc.msg}, column {exc.colno})")
            )
            continue
        if not isinstance(item, dict):
            broken.append(BadRow(row=number, reason=f"line is {_json_type(item)}, not an object"))
            continue
        objects.append((number, flatten(item)))
    if not objects and not broken:
        raise IngestError("file is empty")
    table = _table_from_objects("jsonl", objects)
    table.broken = broken
    return table


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{'author': {'name': 'x'}} -> {'author.name': 'x'}; other values as they are."""
    flat: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, prefix=f"{name}."))
        else:
            flat[name] = value
    return flat


def _record_list(document: Any) -> tuple[list[Any], list[str]]:
    if isinstance(document, list):
        return document, []
    if not isinstance(document, dict):
        raise IngestError(f"JSON top level is {_json_type(document)}, expected an array or object")
    for key in RECORD_LIST_KEYS:
        if isinstance(document.get(key), list):
            return document[key], [f"records read from the '{key}' list"]
    lists = [k for k, v in document.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
    if len(lists) == 1:
        return document[lists[0]], [f"records read from the '{lists[0]}' list"]
    if lists:
        raise IngestError(f"JSON object has several record lists ({', '.join(lists)})")
    return [document], ["JSON object read as a single record"]


def _table_from_objects(fmt: str, objects: list[tuple[int, dict[str, Any]]]) -> RawTable:
    headers: dict[str, None] = {}
    for _, obj in objects:
        headers.update(dict.fromkeys(obj))
    names = list(headers)
    rows = [RawRow(number=n, cells=[_cell(obj.get(h)) for h in names]) for n, obj in objects]
    return RawTable(format=fmt, headers=names, rows=rows, encoding=None)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)
