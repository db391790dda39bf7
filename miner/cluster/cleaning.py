"""What a complaint is about, not who it is addressed to or which language it is in.

Two cleanings before clustering:

- `text_for_clustering(text, brands=...)`: the text the encoder sees. Social posts are
  dominated by who they address (@handles, brand names), links and tags; two tweets to the
  same airline about different problems look closer to each other than two tweets about
  lost luggage sent to different airlines. So @handles, URLs, e-mail addresses, HTML
  entities, emoji and ASCII emoticons are removed, hashtags keep their word ("#NoAir" ->
  "No Air") and the given brand names are removed (Hebrew ones also behind a prefix letter:
  "באל על" with brand "אל על").
- `remove_language_signal(vectors, languages)`: multilingual sentence vectors carry a
  language component, so Hebrew complaints sit nearer to other Hebrew complaints than to the
  English ones about the same problem. Each language group is centred on its own mean vector
  (computed over the batch, or taken from `means` computed over a reference set), then the
  vectors are L2-normalized again. Groups smaller than `min_group` are centred on the mean of
  all units instead. Centring also removes whatever topic mix sets one language's units
  apart from the other's, which is the price of letting a Hebrew and an English complaint
  about the same problem meet (tests/test_cluster_discover.py checks that they do).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

_URL = re.compile(
    r"https?://\S+|www\.\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|il|ly|gov|edu|app|me)\b(?:/\S*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_RETWEET = re.compile(r"^\s*RT\b:?", re.IGNORECASE)
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U00002300-\U000023ff\U00002b00-\U00002bff"
    "\U0000fe00-\U0000fe0f\U0000200d\U000020e3\U0001f1e6-\U0001f1ff\U000e0020-\U000e007f]+"
)
# Digits are left alone ("8)" or "x3" as faces would also eat "80 minutes" and "x3 bags").
_EMOTICON = re.compile(
    r"(?<!\S)(?:[:;=][-'^o]?[()\[\]{}dDpP/\\|*oO$@]+|[xX][-']?[dDpP]+|<3+|\^_*\^)(?!\S)"
)
_HEBREW_PREFIX = "(?:[ושהבלמכ]{1,2})?"
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.!?;:])")


def _hashtag_words(match: re.Match[str]) -> str:
    return _CAMEL.sub(" ", match.group(1).replace("_", " "))


def _brand_pattern(brands: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for brand in sorted({b.strip() for b in brands if b and b.strip()}, key=len, reverse=True):
        escaped = r"\s+".join(re.escape(word) for word in brand.split())
        prefix = _HEBREW_PREFIX if "\u05d0" <= brand[0] <= "\u05ea" else ""
        parts.append(rf"(?<!\w){prefix}{escaped}(?:'s)?(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def text_for_clustering(text: str, brands: Sequence[str] = ()) -> str:
    """The text a complaint's topic is read from: no handles, links, emoji, tags or brands.

    Returns an empty string when nothing is left (a tweet that is only "@united"); callers
    decide whether such a unit is clustered at all.
    """
    cleaned = html.unescape(text)
    cleaned = _RETWEET.sub(" ", cleaned)
    cleaned = _URL.sub(" ", _EMAIL.sub(" ", cleaned))
    cleaned = _HANDLE.sub(" ", cleaned)
    cleaned = _HASHTAG.sub(_hashtag_words, cleaned)
    cleaned = _EMOTICON.sub(" ", _EMOJI.sub(" ", cleaned))
    pattern = _brand_pattern(brands)
    if pattern is not None:
        cleaned = pattern.sub(" ", cleaned)
    cleaned = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", cleaned))
    return cleaned.strip(" \t-–—:,")


def language_means(
    vectors: np.ndarray, languages: Sequence[str], *, min_group: int = 5
) -> dict[str, np.ndarray]:
    """Mean vector of each language with at least `min_group` units, and "*" for all units."""
    languages = np.asarray(languages, dtype=object)
    means = {"*": vectors.mean(axis=0)} if len(vectors) else {}
    for language in np.unique(languages) if len(languages) else []:
        rows = languages == language
        if rows.sum() >= min_group:
            means[str(language)] = vectors[rows].mean(axis=0)
    return means


def remove_language_signal(
    vectors: np.ndarray,
    languages: Sequence[str],
    *,
    means: Mapping[str, np.ndarray] | None = None,
    min_group: int = 5,
) -> np.ndarray:
    """Centre each language group on its own mean, then L2-normalize again.

    `means` (from `language_means` over a reference set) makes the result independent of the
    batch; without it the means are the batch's own. A language without a mean of its own is
    centred on the "*" (all units) mean.
    """
    if len(vectors) != len(languages):
        raise ValueError(f"{len(vectors)} vectors but {len(languages)} languages")
    if len(vectors) == 0:
        return np.asarray(vectors, dtype=np.float32)
    means = (
        dict(means)
        if means is not None
        else language_means(vectors, languages, min_group=min_group)
    )
    overall = means.get("*", vectors.mean(axis=0))
    centred = np.asarray(vectors, dtype=np.float32).copy()
    for language in set(languages):
        rows = np.fromiter((lang == language for lang in languages), bool, len(languages))
        centred[rows] -= means.get(language, overall).astype(np.float32)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return (centred / np.maximum(norms, 1e-12)).astype(np.float32)
