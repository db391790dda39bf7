"""Decide whether a feedback text is Hebrew, English, Hebrew mixed with English, or other.

Rules, in order:
- URLs, e-mails, @handles, #hashtags, PII placeholders, digits and emoji are ignored.
- No letters left (empty, emoji-only, numbers-only) -> "other".
- Letters of another script (Arabic, Cyrillic, ...) outnumber Hebrew + Latin ones -> "other".
- Hebrew words present: "mixed" when the text also holds a real English phrase (at least
  two common English words, brand-like Title Case runs and acronyms not counted), else "he";
  an English text holding a single Hebrew word (a name) stays "en".
- Latin script only: py3langid restricted to common Latin-script languages, backed by a list
  of common English words so that very short reviews ("meh", "ok", "love it!!") stay "en"
  unless the model confidently names another language.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from miner.text.english_words import ENGLISH_WORDS

# Latin-script languages langid may choose between; fewer candidates = fewer wild guesses.
_LATIN_CANDIDATES = (
    "en",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "tr",
    "sv",
    "da",
    "no",
    "ro",
    "id",
    "cs",
    "hu",
)
_CONFIDENT = 0.7  # langid probability above which a non-English verdict on 3+ words stands

_IGNORED = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[@#]\w+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|il|gov|edu|app|ly)\b\S*"
    r"|\[(?:EMAIL|PHONE|CARD|ID_NUMBER|URL)\]"
)
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea]+(?:['\"][\u05d0-\u05ea]+)*")
_LATIN_WORD = rf"[{_LATIN}]+(?:'[{_LATIN}]+)?"
_LATIN_RUN = re.compile(rf"{_LATIN_WORD}(?:[ \-]{_LATIN_WORD})*")
_LATIN_WORD_RE = re.compile(_LATIN_WORD)
_OTHER_LETTERS = re.compile(rf"[^\W\d_\u05d0-\u05ea{_LATIN}]+")


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(_LATIN_CANDIDATES))
    return identifier


def _english_word_count(latin_runs: list[str]) -> int:
    """Common English words in Latin runs, not counting names ("Best Buy") or acronyms."""
    count = 0
    for run in latin_runs:
        words = _LATIN_WORD_RE.findall(run)
        if len(words) >= 2 and all(w[0].isupper() for w in words):
            continue  # Title Case run inside Hebrew: a brand or product name
        for word in words:
            if word.isupper() and len(word) <= 4 and len(word) > 1:
                continue
            if word.lower() in ENGLISH_WORDS:
                count += 1
    return count


def _latin_language(text: str, words: list[str]) -> str:
    """English or not, for text written in Latin script only."""
    lang, prob = _identifier().classify(text)
    if lang == "en":
        return "en"
    if len(words) >= 3 and prob >= _CONFIDENT:
        return "other"
    # One- and two-letter words ("me", "no", "a") are shared with other languages, so they
    # only count when the text has nothing longer ("ok").
    counted = [w for w in words if len(w) > 2] or words
    hits = sum(w.lower() in ENGLISH_WORDS for w in counted)
    return "en" if hits * 2 >= len(counted) else "other"


def detect_language(text: str) -> str:
    """Return "he", "en", "mixed" or "other" for `text` (see the module docstring)."""
    cleaned = _IGNORED.sub(" ", text)
    hebrew = _HEBREW_WORD.findall(cleaned)
    latin_runs = _LATIN_RUN.findall(cleaned)
    latin_words = [w for run in latin_runs for w in _LATIN_WORD_RE.findall(run)]
    he_letters = sum(map(len, hebrew))
    latin_letters = sum(map(len, latin_words))
    other_letters = sum(map(len, _OTHER_LETTERS.findall(cleaned)))
    if he_letters + latin_letters == 0 or other_letters > he_letters + latin_letters:
        return "other"
    if not hebrew:
        return _latin_language(cleaned, latin_words)
    english = _english_word_count(latin_runs)
    if len(hebrew) == 1 and latin_letters > 3 * he_letters and english >= 2:
        return "en"
    return "mixed" if english >= 2 else "he"
