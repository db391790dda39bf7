"""Segmenter: clause-level opinion units with exact offsets."""

from __future__ import annotations

import random

import pytest

from miner.records import OpinionUnit
from miner.segment import Segmenter


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


def texts_of(units: list[OpinionUnit]) -> list[str]:
    return [u.text for u in units]


def test_english_contrast_gives_two_units_with_offsets(segmenter: Segmenter) -> None:
    text = "the delivery was late but support was great"
    assert segmenter.segment(text, "en") == [
        OpinionUnit(0, "the delivery was late", 0, 21, "en"),
        OpinionUnit(1, "but support was great", 22, 43, "en"),
    ]


def test_hebrew_contrast(segmenter: Segmenter) -> None:
    text = "המשלוח איחר אבל השירות היה מעולה"
    units = segmenter.segment(text, "he")
    assert texts_of(units) == ["המשלוח איחר", "אבל השירות היה מעולה"]
    assert [(u.start, u.end, u.language) for u in units] == [(0, 11, "he"), (12, 32, "he")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("למרות שהמחיר גבוה, האיכות מצוינת", ["למרות שהמחיר גבוה", "האיכות מצוינת"]),
        ("ולמרות שהמחיר גבוה, האיכות מצוינת", ["ולמרות שהמחיר גבוה", "האיכות מצוינת"]),
        ("האיכות מצוינת למרות שהמחיר גבוה", ["האיכות מצוינת", "למרות שהמחיר גבוה"]),
        ("השירות היה טוב ולמרות זאת לא אחזור", ["השירות היה טוב", "ולמרות זאת לא אחזור"]),
        ("המוצר מעולה, אך המשלוח איטי", ["המוצר מעולה", "אך המשלוח איטי"]),
        ("המוצר מעולה, אולם המשלוח איטי", ["המוצר מעולה", "אולם המשלוח איטי"]),
        ("הכל היה מושלם חוץ מהמחיר שהיה גבוה", ["הכל היה מושלם", "חוץ מהמחיר שהיה גבוה"]),
        ("המוצר מעולה, רק שהמשלוח איחר", ["המוצר מעולה", "רק שהמשלוח איחר"]),
        ("השליח היה נחמד ואילו המוקד היה גרוע", ["השליח היה נחמד", "ואילו המוקד היה גרוע"]),
        ("המחיר סביר. לעומת זאת המשלוח יקר מאוד", ["המחיר סביר.", "לעומת זאת המשלוח יקר מאוד"]),
        ("לקח רק שבוע להגיע", ["לקח רק שבוע להגיע"]),  # "only a week"
        ("הזמנו אולם אירועים גדול ויפה", ["הזמנו אולם אירועים גדול ויפה"]),  # "hall"
        ("מחיר טוב אך ורק באתר", ["מחיר טוב אך ורק באתר"]),  # "only"
        ("טוב אבל יקר", ["טוב אבל יקר"]),  # fragments too short to stand alone
    ],
)
def test_hebrew_rules(segmenter: Segmenter, text: str, expected: list[str]) -> None:
    assert texts_of(segmenter.segment(text, "he")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Although the price is high, the quality is great",
            ["Although the price is high", "the quality is great"],
        ),
        (
            "The service was great, although the wait was long.",
            ["The service was great", "although the wait was long."],
        ),
        (
            "The food was great; however, the service was slow",
            ["The food was great", "however, the service was slow"],
        ),
        (
            "Cheap and fast, yet the quality is poor",
            ["Cheap and fast", "yet the quality is poor"],
        ),
        (
            "The food was cold and yet they charged full price",
            ["The food was cold", "and yet they charged full price"],
        ),
        (
            "The screen is bright, on the other hand the battery is weak",
            ["The screen is bright", "on the other hand the battery is weak"],
        ),
        (
            "Everything was perfect except the packaging was torn",
            ["Everything was perfect", "except the packaging was torn"],
        ),
        (
            "Nice staff whereas the manager was rude",
            ["Nice staff", "whereas the manager was rude"],
        ),
        (
            "Great phone even though the battery drains fast",
            ["Great phone", "even though the battery drains fast"],
        ),
        ("not only fast but also cheap", ["not only fast but also cheap"]),
        (
            "It was not only fast, but also really cheap",
            ["It was not only fast, but also really cheap"],
        ),
        ("Good, but expensive", ["Good, but expensive"]),
        ("The app is really nice but why", ["The app is really nice but why"]),
        ("nothing but praise for this team", ["nothing but praise for this team"]),
        ("It hasn't arrived yet and I paid", ["It hasn't arrived yet and I paid"]),
        ("Looks as though it was used before", ["Looks as though it was used before"]),
        ("The app, though, is slow to load", ["The app, though, is slow to load"]),
        ("I paid 3.5 dollars but it was worth it", ["I paid 3.5 dollars", "but it was worth it"]),
    ],
)
def test_english_rules(segmenter: Segmenter, text: str, expected: list[str]) -> None:
    assert texts_of(segmenter.segment(text, "en")) == expected


def test_sentences_are_units(segmenter: Segmenter) -> None:
    text = "Great app. It crashes a lot! Support never answers?"
    assert texts_of(segmenter.segment(text, "en")) == [
        "Great app.",
        "It crashes a lot!",
        "Support never answers?",
    ]


def test_mixed_text_and_unit_languages(segmenter: Segmenter) -> None:
    units = segmenter.segment("המשלוח הגיע מהר, but the box was damaged", "mixed")
    assert [(u.text, u.language) for u in units] == [
        ("המשלוח הגיע מהר", "he"),
        ("but the box was damaged", "en"),
    ]


def test_whole_text_unit_keeps_record_language(segmenter: Segmenter) -> None:
    text = "המשלוח הגיע מהר, really impressed"
    assert segmenter.segment(text, "mixed") == [OpinionUnit(0, text, 0, len(text), "mixed")]


def test_lines_and_bullets_are_separate_points(segmenter: Segmenter) -> None:
    text = "- fast delivery\n- rude courier who yelled\n• great price overall"
    units = segmenter.segment(text, "en")
    assert texts_of(units) == ["fast delivery", "rude courier who yelled", "great price overall"]
    assert segmenter.segment("המשלוח איחר\nהשירות היה מעולה", "he")[1].text == "השירות היה מעולה"
    # an emoji opening a line belongs to that line, not to the one before
    assert texts_of(segmenter.segment("Great app\n😍 love it so much", "en")) == [
        "Great app",
        "😍 love it so much",
    ]


def test_soft_wrapped_english_line_is_not_split(segmenter: Segmenter) -> None:
    text = "the courier left the package\nat the wrong door"
    assert texts_of(segmenter.segment(text, "en")) == [text]


def test_no_split_inside_urls_numbers_or_emoji(segmenter: Segmenter) -> None:
    text = "See www.example.com/but-however for v2.3.1 details 👨‍👩‍👧 ok"
    assert texts_of(segmenter.segment(text, "en")) == [text]
    units = segmenter.segment("Great app! 👍🏽👨‍👩‍👧 Would buy again", "en")
    assert texts_of(units) == ["Great app! 👍🏽👨‍👩‍👧", "Would buy again"]


def test_emoji_only_and_empty(segmenter: Segmenter) -> None:
    assert segmenter.segment("", "en") == []
    assert segmenter.segment("  \n ", "he") == []
    assert segmenter.segment("😍😍", "other") == []


def test_no_split_gives_one_unit_over_stripped_text(segmenter: Segmenter) -> None:
    text = "  great app  "
    assert segmenter.segment(text, "en") == [OpinionUnit(0, "great app", 2, 11, "en")]


def test_segment_many_matches_segment(segmenter: Segmenter) -> None:
    texts = ["the delivery was late but support was great", "המשלוח איחר אבל השירות מעולה", ""]
    languages = ["en", "he", "he"]
    assert segmenter.segment_many(texts, languages) == [
        segmenter.segment(t, lang) for t, lang in zip(texts, languages, strict=True)
    ]
    with pytest.raises(ValueError, match="2 texts but 1 languages"):
        segmenter.segment_many(["a", "b"], ["en"])


_PIECES = [
    "the delivery was late",
    "but support was great",
    "המשלוח איחר",
    "אבל השירות מעולה",
    "Although it is pricey,",
    "למרות שהמחיר גבוה,",
    "ok",
    "😍👨‍👩‍👧",
    "!!!",
    "\n",
    "- ",
    "•",
    "  ",
    "however, the app crashes",
    "www.example.com/but",
    "3.5",
    "yet",
    "רק שהשליח איחר",
    "חוץ מהמחיר",
    ", ",
    ". ",
    "why?",
    "[PHONE]",
    "really impressed",
    "ולמרות זאת",
]


def test_offsets_invariant_over_many_inputs(segmenter: Segmenter) -> None:
    rng = random.Random(1234)
    texts = [
        "".join(rng.choice(_PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(0, 12)))
        for _ in range(800)
    ]
    languages = [rng.choice(["he", "en", "mixed", "other"]) for _ in texts]
    for text, units in zip(texts, segmenter.segment_many(texts, languages), strict=True):
        previous_end = 0
        for k, unit in enumerate(units):
            assert unit.index == k
            assert text[unit.start : unit.end] == unit.text
            assert unit.text and unit.text == unit.text.strip()
            assert unit.start >= previous_end
            assert unit.language in ("he", "en", "mixed", "other")
            previous_end = unit.end
        if any(ch.isalnum() for ch in text):
            assert units, text


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "אני רוצה לבטל את העסקה. ת.ז. [ID_NUMBER], טלפון [PHONE]. אף אחד לא חוזר אליי",
            "he",
            ["אני רוצה לבטל את העסקה.", "ת.ז. [ID_NUMBER], טלפון [PHONE].", "אף אחד לא חוזר אליי"],
        ),
        (
            "Nobody answers. I live in the U.S. and paid twice 😡",
            "en",
            ["Nobody answers.", "I live in the U.S. and paid twice 😡"],
        ),
        (
            "שלחתי מייל ל-[EMAIL]. עדיין אין תשובה",
            "mixed",
            ["שלחתי מייל ל-[EMAIL].", "עדיין אין תשובה"],
        ),
    ],
)
def test_no_unit_breaks_an_abbreviation_or_a_redaction_placeholder(
    segmenter: Segmenter, text: str, language: str, expected: list[str]
) -> None:
    units = segmenter.segment(text, language)
    assert texts_of(units) == expected
    assert all(text[u.start : u.end] == u.text for u in units)
