"""Words of a cluster, in Hebrew and English: tokens, base forms, stopwords, c-TF-IDF terms.

Hebrew glues the prefix letters ו ה ב ל מ ש כ to the next word, so "המשלוח", "במשלוח" and
"שהמשלוח" are one word ("משלוח") behind different prefixes. A prefix is stripped only when
what is left is a word seen in the same vocabulary (the cluster's or the corpus's), at least
three letters long, and, for a three-letter remainder, more frequent than the full form:
"מטוס" stays "מטוס" even where the rare "טוס" occurs, while "בבית" becomes "בית". English
plurals and possessives get the same treatment ("delays" -> "delay" when "delay" is seen).

`class_terms` scores unigrams and bigrams (stopwords dropped first, so "lost my bag" gives
"lost bag") with c-TF-IDF: a term's share of a cluster's units, times log(1 + A / f) where f
is how often the term occurs in all clusters and A the mean number of terms per cluster.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from spacy.lang.he.stop_words import STOP_WORDS as HEBREW_STOP_WORDS

HEBREW_PREFIXES = frozenset("והבלמשכ")
MAX_PREFIX_LETTERS = 3  # e.g. "וכשה"... three is the most a real word carries in practice
_TOKEN = re.compile(r"[^\W\d_]+(?:['\"׳״][^\W\d_]+)*")
_HEBREW_LETTER = re.compile(r"[\u05d0-\u05ea]")
# Words every complaint uses whatever its problem; they would crowd out the problem's words.
_EXTRA_ENGLISH = set(
    """amp im ive dont didnt cant wont thanks thank pls please just like really got get getting
    need want know going today guys ur u yes ok okay lol hey hi oh did does let way time said
    say tell told make made right good great bad worst terrible horrible awful ridiculous
    disappointed fail sucks hate seriously ever still yet already now even day""".split()
)
_EXTRA_HEBREW = set(
    """כבר עוד ממש היום אתמול פשוט בכלל סתם שלכם אתכם לכם אותכם היה הייתה יהיה זו אחד אחת
    שום דבר כלום שלא שזה גרוע נורא איום מאוכזב מאוכזבת בושה חבל תודה בבקשה אפילו עדיין שוב
    פעם פעמים מישהו אף טוב רע הכי יותר פחות""".split()
)
STOPWORDS = frozenset(ENGLISH_STOP_WORDS) | _EXTRA_ENGLISH | HEBREW_STOP_WORDS | _EXTRA_HEBREW


def is_hebrew(word: str) -> bool:
    return bool(_HEBREW_LETTER.search(word))


def tokenize(text: str) -> list[str]:
    """Letter-only words, English lower-cased; "ה-" and "'s" glue are dropped."""
    words = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if not is_hebrew(word):
            word = word.lower()
            word = re.sub(r"'s$", "", word).replace("'", "")
        words.append(word)
    return words


def base_form(word: str, vocabulary: Mapping[str, int]) -> str:
    """`word` without Hebrew prefix letters or an English plural -s, when the vocabulary
    (word -> count) shows the shorter word exists; otherwise `word` itself."""
    if is_hebrew(word):
        best = word
        for k in range(1, MAX_PREFIX_LETTERS + 1):
            if len(word) - k < 3 or word[k - 1] not in HEBREW_PREFIXES:
                break
            rest = word[k:]
            if _known(rest, word, vocabulary):
                best = rest  # keep going: "שהמשלוח" -> "המשלוח" -> "משלוח"
        return best
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        for rest in (word[:-1], word[:-2] if word.endswith("es") else ""):
            if len(rest) >= 3 and vocabulary.get(rest, 0):  # "bags" -> "bag"
                return rest
    return word


def _known(rest: str, word: str, vocabulary: Mapping[str, int]) -> bool:
    count = vocabulary.get(rest, 0)
    if not count:
        return False
    return len(rest) >= 4 or count > vocabulary.get(word, 0)


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """Word -> count over `texts` (the base forms are looked up in it)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokenize(text))
    return counts


def content_words(text: str, vocab: Mapping[str, int], *, hebrew: bool | None = None) -> list[str]:
    """Base forms of the non-stopwords of `text`; `hebrew` keeps only that script's words."""
    words = []
    for word in tokenize(text):
        if hebrew is not None and is_hebrew(word) != hebrew:
            continue
        form = base_form(word, vocab)
        if len(form) < 2 or word in STOPWORDS or form in STOPWORDS:
            continue
        words.append(form)
    return words


def unit_terms(words: Sequence[str]) -> set[str]:
    """The unigrams and adjacent bigrams of one unit's content words (each once)."""
    terms = set(words)
    terms.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a != b)
    return terms


def class_terms(
    clusters: Mapping[str, Sequence[set[str]]], *, top: int = 10
) -> dict[str, list[tuple[str, float, float]]]:
    """c-TF-IDF per cluster over units' term sets: (term, score, share of the cluster's units
    that use it), best first. Each unit counts a term once, so one long rant cannot label a
    cluster."""
    per_cluster = {
        key: Counter(t for terms in units for t in terms) for key, units in clusters.items()
    }
    overall: Counter[str] = Counter()
    for counts in per_cluster.values():
        overall.update(counts)
    mean_terms = sum(overall.values()) / max(1, len(per_cluster))
    result = {}
    for key, counts in per_cluster.items():
        n_units = max(1, len(clusters[key]))
        scored = [
            (term, n / n_units * math.log(1 + mean_terms / overall[term]), n / n_units)
            for term, n in counts.items()
            if n >= 2 or n_units < 4
        ]
        scored.sort(key=lambda item: (-item[1], item[0]))
        result[key] = scored[:top]
    return result
