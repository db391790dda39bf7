"""Decide whether a cell holds feedback text: not empty, not a placeholder, not too long.

Text counts as feedback when it has at least one letter (any script) or one pictographic
symbol, so emoji-only answers ("👍👍", "😡") and emoticons (":)") are kept, while "12345",
"---" or "N/A" are not. Text is never changed here beyond stripping surrounding whitespace.
"""

from __future__ import annotations

import re
import unicodedata

PLACEHOLDERS = frozenset(
    {
        "n/a", "na", "n.a.", "none", "null", "nil", "nan", "undefined", "-", "--", "?",
        "#value!", "#n/a", "#ref!", "#name?", "#div/0!", "#null!", "#num!",
        "לא רלוונטי", "ל\"ר", "ל/ר",
    }
)  # fmt: skip
_EMOTICON = r"(?:[:;=8xX][-'^]?[()\[\]DPpOo/\\|*3]+|<3)"
_EMOTICONS = re.compile(rf"^{_EMOTICON}(?:\s+{_EMOTICON})*$")


def text_problem(text: str, max_chars: int) -> str | None:
    """The reason `text` (already stripped) is not usable feedback, or None when it is."""
    if not text:
        return "text is empty"
    if text.casefold() in PLACEHOLDERS:
        return f"text {_quote(text)} is a placeholder, not feedback"
    if len(text) > max_chars:
        return f"text is {len(text):,} characters (limit {max_chars:,})"
    if not _has_words_or_emoji(text) and not _EMOTICONS.match(text):
        return f"text {_quote(text)} has no words (only digits, punctuation or symbols)"
    return None


def _has_words_or_emoji(text: str) -> bool:
    for ch in text:
        category = unicodedata.category(ch)
        if category.startswith("L") or category == "So":
            return True
    return False


def _quote(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
