"""Render `MODEL_CARD.md` for the classifier heads from the files `miner train` and
`miner eval --record` leave beside them (heads.json, test_scores.json, external_scores.json)."""

from __future__ import annotations

import json
from pathlib import Path

CARD = "MODEL_CARD.md"
EXTERNAL = "external_scores.json"


def _scores_table(scores: list[dict]) -> list[str]:
    lines = ["| task | language | n | accuracy | macro-F1 |", "|---|---|---:|---:|---:|"]
    for s in scores:
        lines.append(
            f"| {s['task']} | {s['language']} | {s['n']} | {s['accuracy']:.3f} | {s['macro_f1']:.3f} |"
        )
    return lines


def _label_tables(scores: list[dict]) -> list[str]:
    lines = []
    for s in scores:
        if s["language"] == "all":
            continue
        lines += [
            "",
            f"**{s['task']} / {s['language']}** (n={s['n']})",
            "",
            "| label | precision | recall | F1 | support |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {x['label']} | {x['precision']:.3f} | {x['recall']:.3f} | {x['f1']:.3f} | {x['support']} |"
            for x in s["labels"]
        ]
    return lines


def record_external(models_dir: Path, report: dict) -> None:
    """Keep the latest `miner eval` result for a dataset beside the heads, then re-render the card."""
    path = models_dir / EXTERNAL
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data[report["name"]] = report
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    render_model_card(models_dir)


def render_model_card(models_dir: Path) -> Path:
    meta = json.loads((models_dir / "heads.json").read_text(encoding="utf-8"))
    test = json.loads((models_dir / "test_scores.json").read_text(encoding="utf-8"))
    external_path = models_dir / EXTERNAL
    external = (
        json.loads(external_path.read_text(encoding="utf-8")) if external_path.is_file() else {}
    )
    lines = [
        "# Model card: journey classifier heads",
        "",
        f"- **Version**: `{meta['version']}`",
        f"- **Encoder**: `{meta['encoder']}` (vectors are L2-normalized; URLs removed, @handles -> `@user`)",
        "- **Heads**: one multinomial logistic regression per task (scikit-learn), stored as arrays in `heads.npz`",
        f"- **Training data**: the project's own corpus `corpora/labelled/` version `{meta['corpus_version']}`"
        " (written for this project; no public dataset was used for training)",
        f"- **Taxonomy**: `{meta['taxonomy_version']}`",
        "- **Selection**: C and the fallback threshold (stage -> unknown, touchpoint -> other) chosen on the dev"
        " split by macro-F1 (`miner train --search`; settings within 0.005 of the best count as ties and the"
        " simplest wins: no threshold, then the smaller C; the threshold is then raised to the confidence"
        " below which the head's dev answers are right less than one time in four); the shipped heads are"
        " refitted on train+dev; the test split is scored once.",
        "- **Rebuild**: `miner train` (deterministic: same corpus and encoder give the same heads; it fits each"
        " head once with the searched hyperparameters, `--search` searches them again)",
        "",
        "Hyperparameters: "
        + ", ".join(
            f"{t}: C={v['C']}, threshold={v['threshold']}"
            for t, v in meta["hyperparameters"].items()
        ),
        "",
        "Corpus units per split and language: "
        + "; ".join(
            f"{split} " + ", ".join(f"{lang} {n}" for lang, n in langs.items())
            for split, langs in meta["corpus_counts"].items()
        ),
        "",
        "## Corpus test split (held out from training and selection)",
        "",
        *_scores_table(test),
        "",
        "### Per language and label",
        *_label_tables(test),
        "",
        "## Public development datasets (`miner eval`, never trained on)",
        "",
    ]
    if not external:
        lines.append("Not measured yet: run `make eval`.")
    for name, report in sorted(external.items()):
        lines += [
            f"### {name}",
            "",
            f"Dataset: `{Path(report['dataset']).name}`, {report['rows']} rows.",
            "",
            *_scores_table(report["scores"]),
            *_label_tables(report["scores"]),
            "",
        ]
    path = models_dir / CARD
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_model_card(result) -> Path:
    return render_model_card(result.models_dir)
