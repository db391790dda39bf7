"""Feedback pushed by a platform as a JSON batch: validate each item, store the new ones.

Idempotent: an item with an `id` is stored once per project however often it is sent (the
record key is `id:<id>`, as in file imports); an item without one is keyed by its content.
A bad item is reported by its index, field and reason; the rest of the batch is stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from miner.ingest.fields import FieldError, parse_date, parse_nps, parse_rating
from miner.ingest.text_checks import text_problem
from miner.pipeline import prepare_records, record_keys
from miner.records import BadRow, FeedbackRecord, IngestReport
from miner.segment import Segmenter
from miner.store import store_import
from miner.store.imports import stored_texts
from miner.store.schema import Project, Record

FIELDS = ("text", "id", "rating", "nps", "date", "source", "segment", "metadata")
MAX_ID_CHARS = 200
MAX_LABEL_CHARS = 200  # source, segment
KEY_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class ItemError:
    index: int
    field: str | None
    reason: str


@dataclass(frozen=True)
class ItemResult:
    index: int
    id: str | None
    status: str  # "added" | "already_stored"
    record_id: int | None


@dataclass
class BatchOutcome:
    received: int
    added: int = 0
    already_stored: int = 0
    items: list[ItemResult] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)


def _short_text(value: Any, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(f"{name} must be a string")
    text = str(value).strip()
    if "\x00" in text:
        raise FieldError(f"{name} contains a NUL character")
    if len(text) > limit:
        raise FieldError(f"{name} is {len(text)} characters (limit {limit})")
    return text or None


def _metadata(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FieldError("metadata must be an object of names to values")
    out = {}
    for key, item in value.items():
        if item is not None and not isinstance(item, str | int | float | bool):
            raise FieldError(f"metadata '{key}' must be a string, number or boolean")
        if "\x00" in str(key) or "\x00" in str(item):
            raise FieldError(f"metadata {str(key)!r} contains a NUL character")
        if item is not None:
            out[str(key)] = str(item)
    return out


def parse_item(index: int, item: Any, max_text_chars: int) -> FeedbackRecord:
    """A FeedbackRecord from one batch item; raises ItemError naming the field."""
    if not isinstance(item, Mapping):
        raise _Rejected(ItemError(index, None, "item must be an object with at least 'text'"))
    unknown = sorted(set(item) - set(FIELDS))
    if unknown:
        raise _Rejected(
            ItemError(index, unknown[0], f"unknown field '{unknown[0]}' (put extras in metadata)")
        )
    raw_text = item.get("text")
    if not isinstance(raw_text, str):
        raise _Rejected(ItemError(index, "text", "text is required and must be a string"))
    if "\x00" in raw_text:
        raise _Rejected(ItemError(index, "text", "text contains a NUL character"))
    problem = text_problem(raw_text.strip(), max_text_chars)
    if problem:
        raise _Rejected(ItemError(index, "text", problem))
    parsers = {
        "id": lambda v: _short_text(v, "id", MAX_ID_CHARS),
        "rating": parse_rating,
        "nps": parse_nps,
        "date": parse_date,
        "source": lambda v: _short_text(v, "source", MAX_LABEL_CHARS),
        "segment": lambda v: _short_text(v, "segment", MAX_LABEL_CHARS),
        "metadata": _metadata,
    }
    values: dict[str, Any] = {}
    for name, parse in parsers.items():
        try:
            values[name] = parse(item.get(name))
        except FieldError as exc:
            raise _Rejected(ItemError(index, name, str(exc))) from exc
    return FeedbackRecord(
        row=index,
        text=raw_text.strip(),
        external_id=values["id"],
        rating=values["rating"],
        nps=values["nps"],
        date=values["date"],
        source=values["source"],
        segment=values["segment"],
        metadata=values["metadata"],
    )


class _Rejected(Exception):
    def __init__(self, error: ItemError) -> None:
        super().__init__(error.reason)
        self.error = error


def _stored_keys(session: Session, project_id: int, keys: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(keys))
    for i in range(0, len(unique), KEY_LOOKUP_CHUNK):
        rows = session.execute(
            select(Record.record_key, Record.id).where(
                Record.project_id == project_id,
                Record.record_key.in_(unique[i : i + KEY_LOOKUP_CHUNK]),
            )
        )
        found.update({key: rid for key, rid in rows})
    return found


def store_feedback_batch(
    sessions: sessionmaker[Session],
    project_id: int,
    items: Sequence[Any],
    *,
    max_text_chars: int,
    segmenter: Segmenter | None = None,
) -> BatchOutcome:
    """Validate, normalize, segment and store the batch's new items (one transaction)."""
    outcome = BatchOutcome(received=len(items))
    valid: list[tuple[int, FeedbackRecord]] = []
    first_index_of_id: dict[str, int] = {}
    for index, item in enumerate(items):
        try:
            record = parse_item(index, item, max_text_chars)
        except _Rejected as rejected:
            outcome.errors.append(rejected.error)
            continue
        if record.external_id is not None:
            first = first_index_of_id.setdefault(record.external_id, index)
            if first != index:
                outcome.errors.append(
                    ItemError(index, "id", f"id {record.external_id!r} repeats item {first}")
                )
                continue
        valid.append((index, record))

    keys = record_keys([record for _, record in valid])
    with sessions() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise ValueError(f"project {project_id} does not exist")
        project_name, workspace = project.name, project.workspace
        stored = _stored_keys(session, project_id, keys)
        new = [(i, r, k) for (i, r), k in zip(valid, keys, strict=True) if k not in stored]
        stored_ids, stored_text = stored_texts(session, project_id) if new else ([], [])

    if new:
        prepared = prepare_records(
            [r for _, r, _ in new],
            segmenter or Segmenter(),
            stored_ids=stored_ids,
            stored=stored_text,
        )
        for item, (_, _, key) in zip(prepared, new, strict=True):
            item.key = key  # keys count content repeats across the whole batch
        report = IngestReport(
            file="api batch",
            format="json",
            rows_read=len(items),
            records=len(valid),
            bad_rows=[BadRow(e.index, e.reason, e.field) for e in outcome.errors],
        )
        new_keys = "\n".join(sorted(k for _, _, k in new))
        store_import(
            sessions,
            project_name=project_name,
            workspace=workspace,
            file_name="api batch",
            file_sha256="batch:" + hashlib.sha256(new_keys.encode("utf-8")).hexdigest()[:58],
            report=report,
            prepared=prepared,
        )
        with sessions() as session:
            stored_now = _stored_keys(session, project_id, [k for _, _, k in new])
    else:
        stored_now = {}

    new_keys_set = {k for _, _, k in new}
    for (index, record), key in zip(valid, keys, strict=True):
        status = "added" if key in new_keys_set else "already_stored"
        record_id = stored.get(key) or stored_now.get(key)
        outcome.items.append(ItemResult(index, record.external_id, status, record_id))
    outcome.added = sum(1 for r in outcome.items if r.status == "added")
    outcome.already_stored = len(outcome.items) - outcome.added
    return outcome
