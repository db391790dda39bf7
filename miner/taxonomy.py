"""The journey taxonomy: stages, touchpoints, sentiments and emotions, in Hebrew and English.

The default lives in `corpora/taxonomy.yaml`; a project may replace it with its own (for
example a CX platform's stage names). A label needs only a key and a description; hints and
examples make its prototype sharper (see `miner.classify.prototypes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parent.parent / "corpora" / "taxonomy.yaml"
TASKS = ("stage", "touchpoint", "sentiment", "emotion")
_SECTION = {
    "stage": "stages",
    "touchpoint": "touchpoints",
    "sentiment": "sentiments",
    "emotion": "emotions",
}
# The answer a task gives when nothing is confident enough.
FALLBACK = {"stage": "unknown", "touchpoint": "other", "sentiment": "neutral", "emotion": "neutral"}


class TaxonomyError(ValueError):
    """A taxonomy file or object that is not usable; the message names the section and label."""


@dataclass(frozen=True)
class Label:
    key: str
    name_en: str
    name_he: str = ""
    description_en: str = ""
    description_he: str = ""
    hints: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def prototype_texts(self) -> list[str]:
        """Texts whose vectors describe this label (name, descriptions, hints, examples)."""
        texts = [t for t in (self.description_en, self.description_he) if t]
        texts += list(self.hints) + list(self.examples)
        return texts or [self.name_en or self.key]


@dataclass(frozen=True)
class Taxonomy:
    version: str
    labels: dict[str, tuple[Label, ...]] = field(default_factory=dict)

    def keys(self, task: str) -> list[str]:
        return [label.key for label in self.labels[task]]

    def label(self, task: str, key: str) -> Label | None:
        return next((lab for lab in self.labels[task] if lab.key == key), None)

    def fallback(self, task: str) -> str | None:
        key = FALLBACK[task]
        return key if key in self.keys(task) else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": self.version}
        for task in TASKS:
            out[_SECTION[task]] = [
                {
                    "key": lab.key,
                    "name": {"en": lab.name_en, "he": lab.name_he},
                    "description": {"en": lab.description_en, "he": lab.description_he},
                    "hints": list(lab.hints),
                    "examples": list(lab.examples),
                }
                for lab in self.labels[task]
            ]
        return out


def _bilingual(value: Any) -> tuple[str, str]:
    if isinstance(value, dict):
        return str(value.get("en") or ""), str(value.get("he") or "")
    return (str(value), "") if value else ("", "")


def _flat(value: Any) -> tuple[str, ...]:
    if isinstance(value, dict):
        return tuple(str(v) for part in value.values() for v in (part or []))
    return tuple(str(v) for v in (value or []))


def taxonomy_from_dict(data: dict[str, Any], *, base: Taxonomy | None = None) -> Taxonomy:
    """Build a taxonomy; sections missing from `data` are taken from `base` (the default)."""
    if not isinstance(data, dict):
        raise TaxonomyError(
            "taxonomy must be a mapping with stages/touchpoints/sentiments/emotions"
        )
    labels: dict[str, tuple[Label, ...]] = {}
    for task in TASKS:
        section = _SECTION[task]
        items = data.get(section)
        if items is None:
            if base is None:
                raise TaxonomyError(f"taxonomy has no '{section}' section")
            labels[task] = base.labels[task]
            continue
        parsed = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not str(item.get("key") or "").strip():
                raise TaxonomyError(f"{section}[{i}]: every label needs a 'key'")
            name_en, name_he = _bilingual(item.get("name") or item["key"])
            desc_en, desc_he = _bilingual(item.get("description"))
            parsed.append(
                Label(
                    key=str(item["key"]).strip(),
                    name_en=name_en or str(item["key"]),
                    name_he=name_he,
                    description_en=desc_en,
                    description_he=desc_he,
                    hints=_flat(item.get("hints")),
                    examples=_flat(item.get("examples")),
                )
            )
        keys = [lab.key for lab in parsed]
        if len(set(keys)) != len(keys):
            raise TaxonomyError(
                f"{section}: duplicate keys {sorted({k for k in keys if keys.count(k) > 1})}"
            )
        if len(parsed) < 2:
            raise TaxonomyError(f"{section}: needs at least two labels")
        labels[task] = tuple(parsed)
    return Taxonomy(version=str(data.get("version") or "custom"), labels=labels)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read a taxonomy YAML/JSON file (default: `corpora/taxonomy.yaml`)."""
    path = path or DEFAULT_TAXONOMY_PATH
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"{path}: cannot read taxonomy: {exc}") from exc
    base = None if path == DEFAULT_TAXONOMY_PATH else load_taxonomy()
    return taxonomy_from_dict(data, base=base)
