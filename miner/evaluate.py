"""`miner eval`: score a labelled dataset against the pipeline (normalize -> classify).

A small mapping file (YAML) says how to read the dataset and how its labels map onto the
taxonomy; see `corpora/mappings/README.md`. A gold value mapped to a list accepts any of
those labels (e.g. "Flight Booking Problems" -> [website, checkout]).
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from miner.classify import JourneyClassifier
from miner.metrics import TaskScores, score_by_language
from miner.taxonomy import TASKS

REPO_ROOT = Path(__file__).resolve().parent.parent


class EvalError(ValueError):
    """A dataset or mapping that cannot be used; the message names the file and the field."""


@dataclass
class TaskMapping:
    column: str
    values: dict[str, list[str]]  # dataset value -> accepted taxonomy labels
    restrict_to: list[str] = field(default_factory=list)


@dataclass
class EvalMapping:
    name: str
    dataset: Path | None
    format: str | None
    text_column: str
    language_column: str | None
    filter: dict[str, list[str]]
    tasks: dict[str, TaskMapping]
    read_options: dict[str, Any]


def load_mapping(path: Path) -> EvalMapping:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvalError(f"{path}: cannot read mapping: {exc}") from exc
    if not isinstance(data, dict):
        raise EvalError(f"{path}: a mapping file is a YAML mapping with 'text_column' and 'tasks'")
    tasks = {}
    for task, spec in (data.get("tasks") or {}).items():
        if task not in TASKS:
            raise EvalError(f"{path}: task '{task}' is not one of {', '.join(TASKS)}")
        if not isinstance(spec, dict):
            raise EvalError(f"{path}: tasks.{task} must be a mapping with 'column' and 'map'")
        values = {}
        for raw, mapped in (spec.get("map") or {}).items():
            if mapped is None:
                continue
            values[str(raw)] = [str(m) for m in (mapped if isinstance(mapped, list) else [mapped])]
        if "column" not in spec:
            raise EvalError(f"{path}: tasks.{task} needs a 'column'")
        tasks[task] = TaskMapping(str(spec["column"]), values, list(spec.get("restrict_to") or []))
    if not tasks:
        raise EvalError(f"{path}: no tasks to evaluate")
    dataset = data.get("dataset")
    return EvalMapping(
        name=str(data.get("name") or Path(path).stem),
        dataset=(REPO_ROOT / dataset).resolve() if dataset else None,
        format=data.get("format"),
        text_column=str(data.get("text_column") or "text"),
        language_column=data.get("language_column"),
        filter={
            k: [str(x) for x in (v if isinstance(v, list) else [v])]
            for k, v in (data.get("filter") or {}).items()
        },
        tasks=tasks,
        read_options=dict(data.get("read_options") or {}),
    )


def read_dataset(path: Path, mapping: EvalMapping) -> pd.DataFrame:
    """Read CSV / TSV / JSONL (or SemEval-2014 XML) into a frame of strings."""
    fmt = mapping.format or {".tsv": "tsv", ".jsonl": "jsonl", ".xml": "semeval2014-xml"}.get(
        path.suffix.lower(), "csv"
    )
    if not path.is_file():
        raise EvalError(f"{path}: dataset not found")
    if fmt == "semeval2014-xml":
        return _read_semeval2014(path)
    if fmt == "jsonl":
        return pd.read_json(path, lines=True, dtype=False).astype(str)
    options = {"sep": "\t" if fmt == "tsv" else ",", "dtype": str, "keep_default_na": False}
    if mapping.read_options.get("quoting") == "none":
        options["quoting"] = csv.QUOTE_NONE
    if mapping.read_options.get("header") is False:
        options["header"] = None
    frame = pd.read_csv(path, **options)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _read_semeval2014(path: Path) -> pd.DataFrame:
    """One row per sentence with a single aspect category (`category`, `polarity`)."""
    rows = []
    for sentence in ET.parse(path).getroot().iter("sentence"):
        categories = sentence.findall("./aspectCategories/aspectCategory")
        if len(categories) != 1:
            continue
        rows.append(
            {
                "id": sentence.get("id"),
                "text": sentence.findtext("text") or "",
                "category": categories[0].get("category"),
                "polarity": categories[0].get("polarity"),
            }
        )
    return pd.DataFrame(rows)


def _check_labels(mapping: EvalMapping, classifier: JourneyClassifier, path) -> None:
    """Every mapped or restricted label must be one the classifier can answer."""
    for task, spec in mapping.tasks.items():
        known = set(classifier.heads[task].labels)
        wanted = {lab for labels in spec.values.values() for lab in labels} | set(spec.restrict_to)
        unknown = sorted(wanted - known)
        if unknown:
            raise EvalError(
                f"mapping '{mapping.name}' for {path}: {task} label(s) {', '.join(unknown)} "
                f"are not in the taxonomy ({', '.join(sorted(known))})"
            )


@dataclass
class EvalReport:
    name: str
    dataset: str
    rows: int
    scores: list[TaskScores]

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "dataset": self.dataset,
            "rows": self.rows,
            "scores": [s.to_dict() for s in self.scores],
        }


def evaluate(
    classifier: JourneyClassifier,
    mapping: EvalMapping,
    dataset: Path | None = None,
    *,
    limit: int | None = None,
) -> EvalReport:
    from miner.text import prepare_text

    path = dataset or mapping.dataset
    if path is None:
        raise EvalError(f"mapping '{mapping.name}' names no dataset: pass the data file")
    frame = read_dataset(Path(path), mapping)
    for column in [
        mapping.text_column,
        *mapping.filter,
        *(t.column for t in mapping.tasks.values()),
    ]:
        if column not in frame.columns:
            raise EvalError(f"{path}: no column '{column}' (columns: {', '.join(frame.columns)})")
    for column, allowed in mapping.filter.items():
        frame = frame[frame[column].astype(str).isin(allowed)]
    frame = frame[frame[mapping.text_column].astype(str).str.strip() != ""]
    if limit:
        frame = frame.head(limit)
    frame = frame.reset_index(drop=True)
    _check_labels(mapping, classifier, path)

    prepared = [prepare_text(str(t)) for t in frame[mapping.text_column]]
    texts = [p.text for p in prepared]
    languages = (
        frame[mapping.language_column].astype(str).tolist()
        if mapping.language_column
        else [p.language for p in prepared]
    )
    encoded = classifier.encode(texts)
    predicted = classifier.predict_encoded(encoded)

    scores: list[TaskScores] = []
    for task, spec in mapping.tasks.items():
        gold_values = frame[spec.column].astype(str).tolist()
        keep = [i for i, g in enumerate(gold_values) if g in spec.values]
        if spec.restrict_to:
            labels, proba = classifier.task_proba(task, encoded.take(keep))
            cols = [labels.index(lab) for lab in spec.restrict_to]
            guesses = [spec.restrict_to[j] for j in np.argmax(proba[:, cols], axis=1)]
        else:
            guesses = [getattr(predicted[i], task) for i in keep]
        gold = []
        for i, guess in zip(keep, guesses, strict=True):
            accepted = spec.values[gold_values[i]]
            gold.append(guess if guess in accepted else accepted[0])
        scores += score_by_language(task, gold, guesses, [languages[i] for i in keep])
    return EvalReport(mapping.name, str(path), len(frame), scores)
