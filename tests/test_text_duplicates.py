"""find_duplicates: exact and near duplicates point to the first occurrence."""

from __future__ import annotations

import random

from miner.text import DuplicateOf, find_duplicates


def test_exact_duplicates_with_case_space_and_punctuation_differences() -> None:
    texts = ["Great app!", "great   APP", "GREAT app!!!", "great app, really"]
    assert find_duplicates(texts) == [
        None,
        DuplicateOf(0, "exact", 1.0),
        DuplicateOf(0, "exact", 1.0),
        None,
    ]


def test_near_duplicate_with_typo_and_with_emoji() -> None:
    texts = [
        "The delivery was late and the courier was rude",
        "The delivry was late and the courier was rude",
        "The delivery was late and the courier was rude 😡",
        "The delivery was fast and the courier was nice",
    ]
    result = find_duplicates(texts)
    assert result[0] is None
    assert result[1] is not None and result[1].index == 0 and result[1].kind == "near"
    assert 0.9 <= result[1].similarity < 1.0
    assert result[2] == DuplicateOf(0, "near", 1.0)
    assert result[3] is None


def test_changed_meaning_is_not_a_near_duplicate() -> None:
    texts = [
        "I love this product so much, will buy again",
        "I hate this product so much, will buy again",
        "I love this product so much, will not buy again",
    ]
    assert find_duplicates(texts) == [None, None, None]


def test_short_texts_are_exact_candidates_only() -> None:
    texts = ["ok", "okay", "ok!", "great", "greet", "good", "Good.", "👍", "👍"]
    assert find_duplicates(texts) == [
        None,
        None,
        DuplicateOf(0, "exact", 1.0),
        None,
        None,
        None,
        DuplicateOf(5, "exact", 1.0),
        None,
        DuplicateOf(7, "exact", 1.0),
    ]


def test_hebrew_exact_and_near() -> None:
    texts = [
        "המשלוח הגיע באיחור והשליח היה גס רוח",
        "המשלוח הגיע באיחור, והשליח היה גס רוח!",
        "המשלוח הגיע באיחור והשליח היה גס רוח מאוד",
        "המשלוח הגיע בזמן והשליח היה אדיב מאוד",
        'צה"ל',
        "צה״ל",
    ]
    result = find_duplicates(texts)
    assert result[1] == DuplicateOf(0, "exact", 1.0)
    assert result[2] is not None and (result[2].index, result[2].kind) == (0, "near")
    assert result[3] is None
    assert result[5] == DuplicateOf(4, "exact", 1.0)


def test_every_duplicate_points_to_an_original() -> None:
    base = "the support team never answered my emails about the refund"
    texts = [base, base.replace("never", "nevr"), base.replace("never", "nevr"), base.upper()]
    result = find_duplicates(texts)
    assert [r.index if r else None for r in result] == [None, 0, 0, 0]
    assert result[2] is not None and result[2].kind == "near"


def test_threshold_is_respected() -> None:
    texts = [
        "The delivery was late and the courier was rude",
        "The delivry was late and the courir was rude",
    ]
    assert find_duplicates(texts, near_threshold=0.99) == [None, None]
    assert find_duplicates(texts, near_threshold=0.9)[1] is not None


def test_empty_and_punctuation_only_texts_are_not_duplicates() -> None:
    assert find_duplicates(["", "", "!!!", "..."]) == [None, None, None, None]
    assert find_duplicates([]) == []


def test_many_distinct_texts_have_no_false_matches() -> None:
    rng = random.Random(7)
    words = "app delivery late support great slow price quality refund courier rude fast".split()
    texts = list(dict.fromkeys(" ".join(rng.choice(words) for _ in range(12)) for _ in range(500)))
    n = len(texts)
    texts += [texts[10] + " 😡", texts[20][:-1]]
    result = find_duplicates(texts)
    assert result[n] == DuplicateOf(10, "near", 1.0)
    assert result[n + 1] is not None and (result[n + 1].index, result[n + 1].kind) == (20, "near")
    # random word salads over one 12-word vocabulary share many shingles, yet none match
    assert result[:n] == [None] * n
