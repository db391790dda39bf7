"""Words of a cluster, in Hebrew and English: tokens, base forms, stopwords, label phrases.

Hebrew glues the prefix letters ו ה ב ל מ ש כ to the next word, so "המשלוח", "במשלוח" and
"שהמשלוח" are one word ("משלוח") behind different prefixes. A prefix is stripped only when
what is left is a word seen in the same vocabulary (the cluster's or the corpus's), at least
three letters long, and, for a three-letter remainder, more frequent than the full form:
"מטוס" stays "מטוס" even where the rare "טוס" occurs, while "בבית" becomes "בית". English
plurals and possessives get the same treatment ("delays" -> "delay" when "delay" is seen).

`unit_phrases` gives the candidate label phrases of one unit: runs of 1-3 words (4 when the
first is a negation) that start with a content word or a negation and end with a content
word (or a particle: "log in"), up to two stopwords inside, never across punctuation. A run
right after a negation is not a candidate on its own, so "לא מצליח להזמין" never yields
"מצליח להזמין" and "can't log in" never yields "log in": the negation carries the problem.
"""

from __future__ import annotations

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
# Tokens as `tokenize` writes them ("can't" -> "cant"); Hebrew ones also behind ו/ש ("שלא").
NEGATIONS = frozenset(
    """not no never cant cannot dont doesnt didnt wont wouldnt couldnt isnt arent wasnt werent
    havent hasnt hadnt shouldnt nobody nothing without unable
    לא אין אף בלי אינו אינה אינם""".split()
)
# English words that may end a phrase after a content word: "log in", "picked up", "sold out".
PARTICLES = frozenset("in up out on off back down".split())
_PHRASE_BREAK = re.compile(r"[.,;:!?()\[\]\n|/…]")
# @handles and links say whom a post is addressed to, not what went wrong.
_ADDRESS = re.compile(r"@\w+|https?://\S+|www\.\S+")
MAX_PHRASE_WORDS = 3  # words that are not stopwords
MAX_INNER_STOPS = 2  # "screen is too small"


def is_hebrew(word: str) -> bool:
    return bool(_HEBREW_LETTER.search(word))


def tokenize(text: str) -> list[str]:
    """Letter-only words, English lower-cased; "ה-" and "'s" glue are dropped."""
    words = []
    for word in _TOKEN.findall(text):
        if not ("\u05d0" <= word[0] <= "\u05ea" or is_hebrew(word)):  # first letter: fast path
            word = word.lower()
            if "'" in word:
                word = word.removesuffix("'s").replace("'", "")
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


def negation_form(word: str) -> str | None:
    """The negation `word` is ("שלא" -> "לא", "ולא" -> "לא"), or None."""
    if word in NEGATIONS:
        return word
    if is_hebrew(word):
        for k in (1, 2):
            if len(word) > k and all(c in "וש" for c in word[:k]) and word[k:] in NEGATIONS:
                return word[k:]
    return None


def _surface(word: str) -> str:
    """How a word is shown in a label: English lower-cased with its apostrophe."""
    return word if is_hebrew(word) else word.lower().replace("’", "'")


def phrase_tokens(
    text: str, vocab: Mapping[str, int], *, hebrew: bool, cache: dict | None = None
) -> list[list[tuple[str, str, str]]]:
    """Runs of `text`'s words in one script, split at punctuation and at the other script:
    each word as (base form, surface form, kind), kind one of "negation", "stop", "content"."""
    cache = {} if cache is None else cache
    text = _ADDRESS.sub(" | ", text)
    runs: list[list[tuple[str, str, str]]] = [[]]
    end = 0
    for match in _TOKEN.finditer(text):
        if _PHRASE_BREAK.search(text, end, match.start()) and runs[-1]:
            runs.append([])
        end = match.end()
        raw = match.group(0)
        if is_hebrew(raw) != hebrew:
            if runs[-1]:
                runs.append([])
            continue
        token = cache.get(raw)
        if token is None:
            word = tokenize(raw)[0] if tokenize(raw) else raw
            negation = negation_form(word)
            if negation:
                token = (negation, _surface(raw) if not hebrew else negation, "negation")
            else:
                form = base_form(word, vocab)
                stop = len(form) < 2 or word in STOPWORDS or form in STOPWORDS
                token = (form, _surface(raw), "stop" if stop else "content")
            cache[raw] = token
        runs[-1].append(token)
    return [run for run in runs if run]


def unit_phrases(runs: Sequence[Sequence[tuple[str, str, str]]]) -> dict[str, str]:
    """Candidate phrases of one unit (see the module docstring): base-form phrase -> the
    words as written."""
    phrases: dict[str, str] = {}
    for run in runs:
        for start, (_, _, kind) in enumerate(run):
            if kind == "stop" or (start and run[start - 1][2] == "negation" and kind != "negation"):
                continue
            most_words = MAX_PHRASE_WORDS + (kind == "negation")
            words_in = 0
            for stop in range(start + 1, min(len(run), start + most_words + MAX_INNER_STOPS) + 1):
                last = run[stop - 1]
                words_in += last[2] != "stop"
                if words_in > most_words:
                    break
                ends_well = last[2] == "content" or (
                    last[0] in PARTICLES and stop - start >= 2 and run[stop - 2][2] == "content"
                )
                if not ends_well:
                    continue
                words = run[start:stop]
                # inner stopwords are left out of the key: "delivery is late" and "delivery
                # was late" are one phrase, shown as most often written
                key = " ".join(w[0] for w in words if w[2] != "stop" or w is last)
                phrases.setdefault(key, " ".join(w[1] for w in words))
    return phrases
