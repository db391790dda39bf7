"""Find exact and near-duplicate feedback texts in a batch, in near-linear time.

- exact: equal after NFKC, casefold, dropping marks (niqqud, emoji variation selectors) and
  apostrophes, and folding other punctuation and whitespace to single spaces.
- near: the same text give or take emoji, symbols and small spelling edits. Candidates come
  from MinHash LSH over character 3-shingles (numpy, 64 permutations, 16 bands of 4 rows,
  so pairs with Jaccard >= ~0.6 almost always meet); each candidate is then verified with
  rapidfuzz's normalized Indel similarity on the folded texts (>= `near_threshold`), and
  rejected if a word was swapped for a different word ("love" -> "hate") or a negation was
  added, removed or turned into a real word ("can't" -> "can"). Texts shorter than 20
  characters or 3 words are only exact candidates.

Every duplicate points to a text that is not itself a duplicate: the first occurrence.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from miner.text.english_words import ENGLISH_WORDS

_NUM_PERM = 64
_BANDS = 16
_ROWS = _NUM_PERM // _BANDS
_SHINGLE = 3
_MIN_NEAR_CHARS = 20
_MIN_NEAR_WORDS = 3
_MAX_BUCKET = 32  # originals kept per LSH bucket; bounds the work on templated text
_MAX_CANDIDATES = 16  # candidates verified per text, most shared bands first
_CHUNK = 1024  # texts hashed at once (bounds the shingle x permutation matrix)
_WORD_TYPO_RATIO = 70.0  # a replaced word must stay this similar to count as a spelling edit
_NEGATIONS = frozenset(
    "not no never nothing nobody none don't dont doesn't doesnt didn't didnt isn't isnt wasn't "
    "wasnt won't wont can't cant cannot couldn't couldnt לא אין אל בלי ללא מעולם שום אינו אינה "
    "אינם".split()
)

_rng = np.random.default_rng(20240531)  # fixed: signatures must not change between runs
_PERM_A = _rng.integers(1, 2**63, size=_NUM_PERM, dtype=np.uint64) | np.uint64(1)
_PERM_B = _rng.integers(0, 2**63, size=_NUM_PERM, dtype=np.uint64)
_BAND_MIX = _rng.integers(1, 2**63, size=_ROWS, dtype=np.uint64) | np.uint64(1)


@dataclass(frozen=True)
class DuplicateOf:
    """Text `index` is the first occurrence this text duplicates; similarity in [0, 1]."""

    index: int
    kind: Literal["exact", "near"]
    similarity: float


@cache
def _fold_tables() -> tuple[dict[int, str | None], dict[int, str | None]]:
    """str.translate tables: (exact folding, extra folding for near matching)."""
    exact: dict[int, str | None] = {}
    near: dict[int, str | None] = {}
    for cp in list(range(0x20000)) + list(range(0xE0000, 0xE0080)):
        cat = unicodedata.category(chr(cp))
        if cat.startswith("M"):
            exact[cp] = None
        elif cat.startswith("P"):
            exact[cp] = " "
        elif cat.startswith("S") or cat == "Cf":
            near[cp] = " "
        elif cat.startswith("Z") or cat == "Cc":
            exact[cp] = " "
    for apostrophe in "'\"\u2019\u05f3\u05f4`":
        exact[ord(apostrophe)] = None
    return exact, near


def _exact_key(text: str, table: dict[int, str | None]) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(table).split())


def _signatures(keys: list[str]) -> np.ndarray:
    """MinHash signatures (len(keys) x _NUM_PERM, uint32) of character shingles."""
    out = np.empty((len(keys), _NUM_PERM), dtype=np.uint32)
    for lo in range(0, len(keys), _CHUNK):
        chunk = keys[lo : lo + _CHUNK]
        codes = [np.frombuffer(k.encode("utf-32-le"), dtype=np.uint32) for k in chunk]
        lengths = np.fromiter((len(c) for c in codes), dtype=np.int64, count=len(codes))
        cps = np.concatenate(codes).astype(np.uint64)
        h = cps[: len(cps) - 2] * np.uint64(0x9E3779B97F4A7C15)
        h = (h ^ cps[1 : len(cps) - 1]) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ cps[2:]) * np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
        # Keep only shingles that lie inside one text (each text has len - 2 of them).
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        counts = lengths - (_SHINGLE - 1)
        offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
        index = np.repeat(starts - offsets, counts) + np.arange(counts.sum())
        # permutations x shingles, so that reduceat runs over contiguous rows
        hashed = (_PERM_A[:, None] * h[index] + _PERM_B[:, None]) >> np.uint64(32)
        out[lo : lo + len(chunk)] = np.minimum.reduceat(hashed, offsets, axis=1).T
    return out


def _band_keys(signatures: np.ndarray) -> list[list[int]]:
    bands = signatures.reshape(len(signatures), _BANDS, _ROWS).astype(np.uint64)
    return (bands * _BAND_MIX).sum(axis=2, dtype=np.uint64).tolist()


def _same_words(a: str, b: str) -> bool:
    """No word replaced by a different word and no negation added or dropped."""
    wa, wb = a.split(), b.split()
    for tag, a0, a1, b0, b1 in Levenshtein.opcodes(wa, wb).as_list():
        if tag == "equal":
            continue
        old, new = wa[a0:a1], wb[b0:b1]
        if tag != "replace":
            if any(w in _NEGATIONS for w in old + new):
                return False
            continue
        if fuzz.ratio(" ".join(old), " ".join(new)) < _WORD_TYPO_RATIO:
            return False
        negated_old = any(w in _NEGATIONS for w in old)
        if negated_old != any(w in _NEGATIONS for w in new):
            # "never" -> "nevr" is a typo, "cant" -> "can" is not: the other side must be
            # a misspelling, i.e. not a known English word.
            plain = new if negated_old else old
            if all(w in ENGLISH_WORDS or not w.isascii() for w in plain):
                return False
    return True


def find_duplicates(
    texts: Sequence[str], *, near_threshold: float = 0.9
) -> list[DuplicateOf | None]:
    """For each text, the earlier text it duplicates, or None (see the module docstring)."""
    exact_table, near_table = _fold_tables()
    result: list[DuplicateOf | None] = [None] * len(texts)
    first_by_key: dict[str, int] = {}
    originals: list[int] = []
    near_keys: dict[int, str] = {}
    for i, text in enumerate(texts):
        key = _exact_key(text, exact_table)
        if not key:
            continue
        first = first_by_key.setdefault(key, i)
        if first != i:
            result[i] = DuplicateOf(first, "exact", 1.0)
        else:
            originals.append(i)
            near_keys[i] = " ".join(key.translate(near_table).split())
    eligible = [
        i
        for i in originals
        if len(near_keys[i]) >= _MIN_NEAR_CHARS and near_keys[i].count(" ") + 1 >= _MIN_NEAR_WORDS
    ]
    if eligible:
        bands = _band_keys(_signatures([near_keys[i] for i in eligible]))
        buckets: list[dict[int, list[int]]] = [{} for _ in range(_BANDS)]
        cutoff = near_threshold * 100
        for i, row in zip(eligible, bands, strict=True):
            met: list[int] = []
            for band, h in enumerate(row):
                bucket = buckets[band].get(h)
                if bucket:
                    met.extend(bucket)
            best = sorted(c for c, _ in Counter(met).most_common(_MAX_CANDIDATES)) if met else []
            for c in best:
                score = fuzz.ratio(near_keys[i], near_keys[c], score_cutoff=cutoff)
                if score and _same_words(near_keys[i], near_keys[c]):
                    result[i] = DuplicateOf(c, "near", round(score / 100, 4))
                    break
            else:
                for band, h in enumerate(row):
                    bucket = buckets[band].setdefault(h, [])
                    if len(bucket) < _MAX_BUCKET:
                        bucket.append(i)

    # Exact copies of a near duplicate point to its original too.
    for i, dup in enumerate(result):
        if dup is not None and dup.kind == "exact":
            root = result[dup.index]
            if root is not None:
                result[i] = root
    return result
