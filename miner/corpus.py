"""The project's own labelled corpus (`corpora/labelled/*.jsonl`) and its fixed split."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from miner.taxonomy import TASKS, Taxonomy

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpora" / "labelled"
REQUIRED = ("id", "source_id", "text", "lang", *TASKS)


def split_of(source_id: str) -> str:
    """train / dev / test (70 / 15 / 15) from a hash of the source text's id: fixed forever."""
    bucket = int(hashlib.sha1(source_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def load_corpus(directory: Path = CORPUS_DIR, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """All labelled units with a `split` column; a missing field or unknown label raises."""
    rows = []
    for path in sorted(Path(directory).glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path.name} line {n}: not JSON ({exc.msg})") from exc
                missing = [f for f in REQUIRED if not row.get(f)]
                if missing:
                    raise ValueError(f"{path.name} line {n}: missing {', '.join(missing)}")
                if taxonomy is not None:
                    for task in TASKS:
                        if row[task] not in taxonomy.keys(task):
                            raise ValueError(
                                f"{path.name} line {n}: {task} '{row[task]}' is not in the taxonomy"
                            )
                row["file"] = path.name
                rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        raise ValueError(f"no labelled units found in {directory}")
    frame["split"] = frame["source_id"].map(split_of)
    return frame


def corpus_version(directory: Path = CORPUS_DIR) -> str:
    """A short content hash of the corpus files, recorded in model cards."""
    digest = hashlib.sha256()
    for path in sorted(Path(directory).glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
