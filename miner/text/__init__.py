"""The normalize step: clean text, redact PII, detect language, find duplicates."""

from __future__ import annotations

from miner.records import NormalizedText
from miner.text.duplicates import DuplicateOf, find_duplicates
from miner.text.language import detect_language
from miner.text.normalize import normalize_text
from miner.text.pii import redact_pii

__all__ = [
    "DuplicateOf",
    "detect_language",
    "find_duplicates",
    "normalize_text",
    "prepare_text",
    "redact_pii",
]


def prepare_text(raw: str) -> NormalizedText:
    """Normalize `raw`, redact PII, then detect the language of the redacted text."""
    redacted, counts = redact_pii(normalize_text(raw))
    return NormalizedText(text=redacted, language=detect_language(redacted), pii=counts)
