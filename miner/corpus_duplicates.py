"""Near paraphrases across the corpus's splits: a unit whose encoder vector is almost the same
as one in another split lets the test split score what training already saw.

    python -m miner.corpus_duplicates        # lists the pairs (cosine >= NEAR_DUPLICATE)

The pair's later unit (by file order, then line) is the one to drop; see corpora/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NEAR_DUPLICATE = 0.955  # e5 cosine; at 0.95 and above pairs read as one scenario written twice


@dataclass(frozen=True)
class NearDuplicate:
    kept_id: str
    dropped_id: str
    cosine: float


def cross_split_near_duplicates(
    corpus: pd.DataFrame, vectors: np.ndarray, threshold: float = NEAR_DUPLICATE
) -> list[NearDuplicate]:
    """Units (rows of `corpus`, with `id` and `split`) too close to an earlier unit of another
    split; `vectors` are their L2-normalized encodings, row for row. Greedy in row order."""
    kept: dict[str, list[int]] = {}
    found: list[NearDuplicate] = []
    for i, split in enumerate(corpus["split"]):
        best, best_row = -1.0, -1
        for other, rows in kept.items():
            if other == split or not rows:
                continue
            sims = vectors[rows] @ vectors[i]
            j = int(np.argmax(sims))
            if sims[j] > best:
                best, best_row = float(sims[j]), rows[j]
        if best >= threshold:
            found.append(
                NearDuplicate(corpus["id"].iat[best_row], corpus["id"].iat[i], round(best, 4))
            )
            continue
        kept.setdefault(split, []).append(i)
    return found


def main() -> None:
    from miner.classify.classifier import text_for_encoding
    from miner.components import build_encoder
    from miner.corpus import load_corpus
    from miner.settings import MinerSettings
    from miner.store import open_database

    settings = MinerSettings.from_env()
    encoder = build_encoder(settings, open_database(settings.database_url))
    corpus = load_corpus()
    vectors = encoder.encode([text_for_encoding(t) for t in corpus["text"]])
    pairs = cross_split_near_duplicates(corpus, vectors)
    text = dict(zip(corpus["id"], corpus["text"], strict=True))
    for pair in pairs:
        print(
            f"{pair.cosine:.3f}\t{pair.dropped_id}\t{text[pair.dropped_id]}\t~ {text[pair.kept_id]}"
        )
    print(f"{len(pairs)} near duplicates across splits (cosine >= {NEAR_DUPLICATE})")


if __name__ == "__main__":
    main()
