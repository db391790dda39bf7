"""Classification scores per language and per label (precision, recall, F1, confusion)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from sklearn.metrics import confusion_matrix, precision_recall_fscore_support


@dataclass
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class TaskScores:
    task: str
    language: str  # "all", "he", "en", "mixed", ...
    n: int
    accuracy: float
    macro_f1: float
    labels: list[LabelScore] = field(default_factory=list)
    confusion_labels: list[str] = field(default_factory=list)
    confusion: list[list[int]] = field(default_factory=list)  # rows: gold, columns: predicted

    def to_dict(self) -> dict:
        return asdict(self)


def score_task(
    task: str,
    language: str,
    gold: Sequence[str],
    predicted: Sequence[str],
    labels: Sequence[str] | None = None,
) -> TaskScores:
    """Scores over the labels that occur in gold (macro-F1 averages those)."""
    gold, predicted = list(gold), list(predicted)
    present = [lab for lab in (labels or sorted(set(gold))) if lab in set(gold)]
    shown = present + sorted(set(predicted) - set(present))
    if not gold:
        return TaskScores(task, language, 0, 0.0, 0.0)
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=present, zero_division=0)
    per_label = [
        LabelScore(lab, round(float(pi), 4), round(float(ri), 4), round(float(fi), 4), int(si))
        for lab, pi, ri, fi, si in zip(present, p, r, f, s, strict=True)
    ]
    accuracy = sum(g == q for g, q in zip(gold, predicted, strict=True)) / len(gold)
    macro = sum(x.f1 for x in per_label) / len(per_label) if per_label else 0.0
    matrix = confusion_matrix(gold, predicted, labels=shown).tolist()
    return TaskScores(
        task, language, len(gold), round(accuracy, 4), round(macro, 4), per_label, shown, matrix
    )


def score_by_language(
    task: str,
    gold: Sequence[str],
    predicted: Sequence[str],
    languages: Sequence[str],
    labels: Sequence[str] | None = None,
) -> list[TaskScores]:
    """Scores over all rows, then per language (in order of frequency)."""
    out = [score_task(task, "all", gold, predicted, labels)]
    counts = Counter(languages)
    for lang in sorted(counts, key=lambda x: (-counts[x], x)):
        idx = [i for i, lg in enumerate(languages) if lg == lang]
        if len(set(languages)) > 1 and idx:
            out.append(
                score_task(task, lang, [gold[i] for i in idx], [predicted[i] for i in idx], labels)
            )
    return out
