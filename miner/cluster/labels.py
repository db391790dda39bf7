"""Pain-point labels from the clusters' own words, in English and in Hebrew.

Each language is labelled from its own units (English from `en` and `mixed` units, Hebrew from
`he` and `mixed` ones, each from its own script's words), so a cluster with no Hebrew text gets
an empty Hebrew label.

Candidates are the units' phrases of 1-3 words (`miner.cluster.keywords.unit_phrases`: they
keep their negations, "לא מצליח להזמין", "can't log in", and never start or end on a
stopword), counted once per unit on base forms, so "במשלוח" and "המשלוח" are one word. A
phrase scores

    coverage x log(1 + A / f) x (1 + LENGTH_BONUS x (words - 1))

where coverage is the (centrality-weighted) share of the cluster's units that use it, f the
number of units using it in all clusters and A the mean cluster size (class-based TF-IDF);
words counts its non-stopwords, up to 3. A phrase must be used by at least
`MIN_PHRASE_UNITS` units (a single word: one, in a cluster of fewer than four). The label is
the best phrase, shown as most often written, widened to a longer phrase that contains it
(`_extend`: "bag" -> "lost bag"), followed by ", second phrase" when a phrase with no word of
it scores at least `SECOND_RATIO` of it and mostly covers other units (a lone word follows
only a lone word: the keyword fallback "app, update").
With `weights` (each unit's similarity to the cluster's centroid), both languages are drawn
to the units nearest the centroid, so the English and the Hebrew label describe the same
core problem.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from miner.cluster.keywords import phrase_tokens, unit_phrases, vocabulary
from miner.taxonomy import Taxonomy, load_taxonomy

LENGTH_BONUS = 0.5
MIN_PHRASE_UNITS = 2
SECOND_RATIO = 0.6
EXTEND_RATIO = 0.5
TOP_KEYWORDS = 5
STEM_LETTERS = 5
SECOND_NEW_SHARE = 0.5  # the second phrase's units not already covered by the first
LANGUAGES = {"en": ("en", "mixed"), "he": ("he", "mixed")}


@dataclass
class _Candidate:
    key: str  # base forms, space-separated
    score: float
    units: frozenset[int]
    shown: str  # the phrase as most often written


@dataclass
class _ClusterPhrases:
    weights: list[float] = field(default_factory=list)
    units_of: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    written: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    content: dict[str, int] = field(default_factory=dict)


def cluster_labels(
    clusters: Mapping[Hashable, Sequence[tuple[str, str]]],
    corpus_texts: Sequence[str] = (),
    weights: Mapping[Hashable, Sequence[float | None]] | None = None,
) -> dict[Hashable, dict[str, str]]:
    """{cluster: {"en": label, "he": label}} for clusters of (text, language) units.

    `corpus_texts` (e.g. all the project's units) widens the vocabulary that decides which
    Hebrew prefixes are real prefixes; the clusters' own texts are always in it. `weights`
    (per cluster, one per unit: its similarity to the centroid) favours central units.
    """
    vocab = vocabulary([*corpus_texts, *(t for units in clusters.values() for t, _ in units)])
    labels: dict[Hashable, dict[str, str]] = {key: {"en": "", "he": ""} for key in clusters}
    for language, accepted in LANGUAGES.items():
        gathered = _gather(clusters, vocab, accepted, language == "he", weights or {})
        ranked = _rank(gathered)
        chosen = {key: _label(candidates) for key, candidates in ranked.items()}
        for key, label in distinct_labels(chosen, ranked).items():
            labels[key][language] = label
    return labels


def _gather(clusters, vocab, accepted, hebrew, weights) -> dict[Hashable, _ClusterPhrases]:
    cache: dict = {}
    gathered = {}
    for key, units in clusters.items():
        unit_weights = list(weights.get(key, ())) or [1.0] * len(units)
        phrases = _ClusterPhrases()
        for (text, lang), weight in zip(units, unit_weights, strict=False):
            if lang not in accepted:
                continue
            runs = phrase_tokens(text, vocab, hebrew=hebrew, cache=cache)
            if not runs:
                continue
            index = len(phrases.weights)
            phrases.weights.append(max(0.05, float(weight if weight is not None else 1.0)))
            for base, written in unit_phrases(runs).items():
                phrases.units_of[base].append(index)
                phrases.written[base][_tidy(written, base)] += 1
            for run in runs:
                for base, _, kind in run:
                    phrases.content.setdefault(base, kind != "stop")
        if phrases.weights:
            gathered[key] = phrases
    return gathered


def _tidy(written: str, base: str) -> str:
    """Drop a Hebrew "ו"/"ש"/"כש" glued to the phrase's first word ("שהמשלוח לא הגיע" ->
    "המשלוח לא הגיע"): it joins the phrase to a sentence that is not in the label."""
    first, _, rest = written.partition(" ")
    stem = base.partition(" ")[0]
    while first[:1] in ("ו", "ש", "כ") and len(first) - 1 >= len(stem) and first.endswith(stem):
        if first[0] == "כ" and first[1:2] != "ש":
            break
        first = first[1:]
    return f"{first} {rest}".strip()


def _rank(gathered: Mapping[Hashable, _ClusterPhrases]) -> dict[Hashable, list[_Candidate]]:
    overall: Counter[str] = Counter()
    for phrases in gathered.values():
        overall.update({base: len(units) for base, units in phrases.units_of.items()})
    mean_size = sum(len(p.weights) for p in gathered.values()) / max(1, len(gathered))
    ranked = {}
    for key, phrases in gathered.items():
        total = sum(phrases.weights)
        small = len(phrases.weights) < 4
        candidates = []
        for base, units in phrases.units_of.items():
            words = sum(1 for w in base.split() if phrases.content.get(w, True))
            if len(units) < (1 if small and words == 1 else MIN_PHRASE_UNITS):
                continue
            coverage = sum(phrases.weights[i] for i in units) / total
            score = (
                coverage
                * math.log(1 + mean_size / overall[base])
                * (1 + LENGTH_BONUS * (min(words, 3) - 1))
            )
            shown = min(phrases.written[base].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            candidates.append(_Candidate(base, score, frozenset(units), shown))
        candidates.sort(key=lambda c: (-c.score, c.key))
        ranked[key] = candidates[:30]
    return ranked


def _content_words(candidate: _Candidate) -> set[str]:
    return set(candidate.key.split())


def _stems(candidate: _Candidate) -> set[str]:
    """Crude stems, so "delay" and "delayed", "charge" and "charged" count as one word."""
    return {word[:STEM_LETTERS] for word in candidate.key.split()}


def _extend(best: _Candidate, candidates: Sequence[_Candidate]) -> _Candidate:
    """A longer phrase around the best one: one that scores at least `EXTEND_RATIO` of it, or
    one that joins it to another of the cluster's top keywords ("bag" + "lost" -> "lost bag")."""
    words = best.key.split()
    top_words = {c.key for c in candidates[:TOP_KEYWORDS] if " " not in c.key} - {best.key}
    for other in candidates:
        other_words = other.key.split()
        if len(other_words) <= len(words) or not _contains(other_words, words):
            continue
        joins = len(words) == 1 and set(other_words) & top_words
        if other.score >= EXTEND_RATIO * best.score or joins:
            return other
    return best


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _label(candidates: Sequence[_Candidate]) -> str:
    if not candidates:
        return ""
    best = _extend(candidates[0], candidates)
    for other in candidates[1:]:
        if other.score < SECOND_RATIO * candidates[0].score:
            break
        new_units = len(other.units - best.units) / max(1, len(other.units))
        if _stems(other) & _stems(best) or new_units < SECOND_NEW_SHARE:
            continue
        wider = _extend(other, candidates)
        second = other if _stems(wider) & _stems(best) else wider
        # a phrase is not followed by a lone word ("flight delayed, plane"): only a phrase
        if " " in second.key or " " not in best.key:
            return f"{best.shown}, {second.shown}"
    return best.shown


@cache
def _default_taxonomy() -> Taxonomy:
    return load_taxonomy()  # read once: refresh may name many vague clusters


def fallback_labels(touchpoints: Sequence[str]) -> dict[str, str]:
    """{"en", "he"} labels for a cluster none of whose phrases is shared by enough units
    (short vague complaints: "Sneaky.", "תתקנו את זה"): named, in parentheses so an analyst
    sees it was not drawn from the quotes, after the cluster's most frequent touchpoint."""
    top = Counter(touchpoints).most_common(1)
    key = top[0][0] if top else "other"
    named = _default_taxonomy().label("touchpoint", key) if key not in ("other", "") else None
    if named is None:
        return {"en": "(general complaints)", "he": "(תלונות כלליות)"}
    name_he = named.name_he or named.name_en
    return {"en": f"({named.name_en}: general complaints)", "he": f"({name_he}: תלונות כלליות)"}


def distinct_labels(
    labels: dict[Hashable, str], candidates: Mapping[Hashable, Sequence[_Candidate]]
) -> dict[Hashable, str]:
    """Clusters that got the same label get their best phrase with other words after it
    ("customer service: on hold"), so no two pain points read alike."""
    seen: dict[str, list[Hashable]] = {}
    for key, label in labels.items():
        if label:
            seen.setdefault(label, []).append(key)
    result = dict(labels)
    for label, keys in seen.items():
        if len(keys) < 2:
            continue
        for key in keys:
            pool = candidates.get(key, ())
            used = set().union(*(_content_words(c) for c in pool[:1]))
            extra = next((c.shown for c in pool[1:] if not _content_words(c) & used), None)
            if extra:
                result[key] = f"{label}: {extra}"
    return result
