"""The mining pipeline, step by step: ingest -> normalize -> segment -> store.

Each step lives in its own module; this one only runs them in order and reports progress.
Later steps (classify, cluster, map) run over what is stored, so every figure can be traced
back to stored rows.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from miner.ingest import NO_OVERRIDES, read_feedback_file
from miner.records import (
    ColumnOverrides,
    FeedbackRecord,
    IngestReport,
    PreparedRecord,
)
from miner.segment import Segmenter
from miner.settings import MinerSettings
from miner.store import ImportOutcome, find_import, get_or_create_project, store_import
from miner.store.imports import stored_texts
from miner.text import find_duplicates, prepare_text

# progress(step, done, total): steps are "read", "normalize", "segment", "store"
ProgressCallback = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_keys(records: Sequence[FeedbackRecord]) -> list[str]:
    """Idempotency keys: the input's id when it has one, else a hash of the record's content.

    Content keys count repeats ("great!" posted by two people is two records) so the same
    file imported twice, or a later export that repeats old rows, adds nothing new.
    """
    keys: list[str] = []
    seen: Counter[str] = Counter()
    for rec in records:
        if rec.external_id:
            keys.append(f"id:{rec.external_id}")
            continue
        content = "\x1f".join(
            str(v) for v in (rec.question, rec.text, rec.date, rec.source, rec.rating, rec.nps)
        )
        digest = hashlib.sha1(content.encode("utf-8")).hexdigest()
        seen[digest] += 1
        keys.append(f"sha1:{digest}:{seen[digest]}")
    return keys


def prepare_records(
    records: Sequence[FeedbackRecord],
    segmenter: Segmenter,
    *,
    stored_ids: Sequence[int] = (),
    stored: Sequence[str] = (),
    progress: ProgressCallback = _no_progress,
) -> list[PreparedRecord]:
    """Normalize, redact and segment records and flag duplicates (also against stored texts)."""
    total = len(records)
    texts = []
    for i, rec in enumerate(records):
        texts.append(prepare_text(rec.text))
        if i % 200 == 0:
            progress("normalize", i, total)
    progress("normalize", total, total)

    units = segmenter.segment_many([t.text for t in texts], [t.language for t in texts])
    progress("segment", total, total)

    duplicates = find_duplicates([*stored, *(t.text for t in texts)])[len(stored) :]
    keys = record_keys(records)
    prepared = []
    for rec, key, text, rec_units, dup in zip(records, keys, texts, units, duplicates, strict=True):
        item = PreparedRecord(source=rec, key=key, text=text, units=rec_units)
        if dup is not None:
            item.duplicate_kind = dup.kind
            if dup.index < len(stored):
                item.duplicate_of_record_id = stored_ids[dup.index]
            else:
                item.duplicate_of_index = dup.index - len(stored)
        prepared.append(item)
    return prepared


def import_file(
    sessions: sessionmaker[Session],
    path: Path,
    *,
    project: str,
    workspace: str = "default",
    overrides: ColumnOverrides = NO_OVERRIDES,
    settings: MinerSettings,
    segmenter: Segmenter | None = None,
    progress: ProgressCallback = _no_progress,
) -> tuple[ImportOutcome, IngestReport]:
    """Read, prepare and store one feedback file in a project. Idempotent; atomic per file."""
    path = Path(path)
    sha = file_sha256(path) if path.is_file() else ""
    result = read_feedback_file(path, overrides, max_text_chars=settings.max_text_chars)
    progress("read", 1, 1)

    with sessions() as session:
        proj = get_or_create_project(session, project, workspace)
        session.commit()
        previous = find_import(session, proj.id, sha)
        if previous is not None:
            return (
                ImportOutcome(proj.id, previous.id, 0, previous.records_added, True),
                result.report,
            )
        stored_ids, stored = stored_texts(session, proj.id)

    prepared = prepare_records(
        result.records,
        segmenter or Segmenter(),
        stored_ids=stored_ids,
        stored=stored,
        progress=progress,
    )
    outcome = store_import(
        sessions,
        project_name=project,
        workspace=workspace,
        file_name=path.name,
        file_sha256=sha,
        report=result.report,
        prepared=prepared,
        on_progress=lambda done, total: progress("store", done, total),
    )
    return outcome, result.report
