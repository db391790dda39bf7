"""Lexical features beside the encoder's vectors: TF-IDF over character n-grams (inside word
boundaries, so Hebrew prefix letters ו ה ב ל מ ש כ still share n-grams with the bare word) and
over words. The vocabulary and IDF weights are saved as plain arrays, never pickled."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

CHAR_FEATURES = 20000
WORD_FEATURES = 8000
EMBEDDING_WEIGHT = 2.0  # scales the dense vector so it is not drowned by thousands of n-grams


def _char_vectorizer(**kw) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True, **kw
    )


def _word_vectorizer(**kw) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        sublinear_tf=True,
        lowercase=True,
        token_pattern=r"(?u)\b\w+\b",
        **kw,
    )


class LexicalFeatures:
    def __init__(self, char: TfidfVectorizer, word: TfidfVectorizer) -> None:
        self.char = char
        self.word = word

    @classmethod
    def fit(cls, texts: Sequence[str]) -> LexicalFeatures:
        char = _char_vectorizer(min_df=2, max_features=CHAR_FEATURES).fit(texts)
        word = _word_vectorizer(min_df=2, max_features=WORD_FEATURES).fit(texts)
        return cls(char, word)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        if len(texts) == 0:  # sklearn's vectorizers refuse an empty batch
            return sp.csr_matrix((0, len(self.char.vocabulary_) + len(self.word.vocabulary_)))
        return sp.hstack([self.char.transform(texts), self.word.transform(texts)]).tocsr()

    def combine(self, vectors: np.ndarray, texts: Sequence[str]) -> sp.csr_matrix:
        """The feature matrix the heads score: [weighted embedding | char n-grams | words]."""
        return sp.hstack([sp.csr_matrix(vectors * EMBEDDING_WEIGHT), self.transform(texts)]).tocsr()

    def to_arrays(self) -> dict[str, np.ndarray]:
        out = {}
        for name, vec in (("char", self.char), ("word", self.word)):
            terms = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
            out[f"lexical_{name}_terms"] = np.array(terms, dtype=object).astype(str)
            out[f"lexical_{name}_idf"] = vec.idf_.astype(np.float64)
        return out

    @classmethod
    def from_arrays(cls, arrays) -> LexicalFeatures:
        parts = []
        for name, make in (("char", _char_vectorizer), ("word", _word_vectorizer)):
            terms = [str(t) for t in arrays[f"lexical_{name}_terms"]]
            vec = make(vocabulary={t: i for i, t in enumerate(terms)})
            vec.idf_ = np.asarray(arrays[f"lexical_{name}_idf"])
            parts.append(vec)
        return cls(*parts)
