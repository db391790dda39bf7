"""Pain-point labels from the clusters' own words, in English and in Hebrew.

Each language is labelled from its own units (English from `en` and `mixed` units, Hebrew from
`he` and `mixed` ones, each from its own script's words), so a cluster with no Hebrew text gets
an empty Hebrew label. Terms are scored by c-TF-IDF against the other clusters
(`miner.cluster.keywords.class_terms`). The label is the best bigram ("late flight",
"lost luggage", "עיכוב משלוח") when it scores at least `BIGRAM_RATIO` of the best unigram and
is used by at least `MIN_BIGRAM_SHARE` of the cluster's units; otherwise the two best unigrams
("refund, money").
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

from miner.cluster.keywords import class_terms, content_words, unit_terms, vocabulary

BIGRAM_RATIO = 0.5
MIN_BIGRAM_SHARE = 0.06
LANGUAGES = {"en": ("en", "mixed"), "he": ("he", "mixed")}


def cluster_labels(
    clusters: Mapping[Hashable, Sequence[tuple[str, str]]],
    corpus_texts: Sequence[str] = (),
) -> dict[Hashable, dict[str, str]]:
    """{cluster: {"en": label, "he": label}} for clusters of (text, language) units.

    `corpus_texts` (e.g. all the project's units) widens the vocabulary that decides which
    Hebrew prefixes are real prefixes; the clusters' own texts are always in it.
    """
    vocab = vocabulary([*corpus_texts, *(t for units in clusters.values() for t, _ in units)])
    labels: dict[Hashable, dict[str, str]] = {key: {"en": "", "he": ""} for key in clusters}
    for language, accepted in LANGUAGES.items():
        hebrew = language == "he"
        term_sets = {
            key: [
                unit_terms(content_words(text, vocab, hebrew=hebrew))
                for text, lang in units
                if lang in accepted
            ]
            for key, units in clusters.items()
        }
        term_sets = {key: sets for key, sets in term_sets.items() if any(sets)}
        scored = class_terms(term_sets, top=20)
        chosen = distinct_labels({k: label_from_terms(t) for k, t in scored.items()}, scored)
        for key, label in chosen.items():
            labels[key][language] = label
    return labels


def label_from_terms(terms: Sequence[tuple[str, float, float]]) -> str:
    """A short label from (term, score, share) c-TF-IDF terms, best first."""
    unigrams = [t for t in terms if " " not in t[0]]
    bigrams = [t for t in terms if " " in t[0] and t[2] >= MIN_BIGRAM_SHARE]
    if not unigrams:
        return bigrams[0][0] if bigrams else ""
    best = unigrams[0]
    if bigrams and bigrams[0][1] >= BIGRAM_RATIO * best[1]:
        return bigrams[0][0]
    second = unigrams[1] if len(unigrams) > 1 else None
    if second is None:
        return best[0]
    joined = {f"{best[0]} {second[0]}", f"{second[0]} {best[0]}"}
    together = next((t[0] for t in bigrams if t[0] in joined), None)
    return together or f"{best[0]}, {second[0]}"


def distinct_labels(
    labels: dict[Hashable, str], terms: Mapping[Hashable, Sequence[tuple[str, float, float]]]
) -> dict[Hashable, str]:
    """Clusters that got the same label get their best other word after it ("customer
    service: hold"), so no two pain points read alike."""
    seen: dict[str, list[Hashable]] = {}
    for key, label in labels.items():
        if label:
            seen.setdefault(label, []).append(key)
    result = dict(labels)
    for label, keys in seen.items():
        if len(keys) < 2:
            continue
        for key in keys:
            used = set(label.replace(",", " ").split())
            extra = next((t[0] for t in terms.get(key, ()) if not set(t[0].split()) & used), None)
            if extra:
                result[key] = f"{label}: {extra}"
    return result
