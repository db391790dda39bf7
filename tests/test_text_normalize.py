"""normalize_text and prepare_text."""

from __future__ import annotations

import pytest

from miner.records import NormalizedText
from miner.text import normalize_text, prepare_text


def test_niqqud_and_cantillation_removed() -> None:
    assert normalize_text("שָׁלוֹם") == "שלום"
    assert normalize_text("בְּרֵאשִׁ֖ית") == "בראשית"


def test_hebrew_presentation_forms_lose_their_marks() -> None:
    assert normalize_text("\ufb2a\ufb4b") == "שו"  # shin with shin dot, vav with holam


@pytest.mark.parametrize("raw", ["צ׳יפס", "צ’יפס", "צ'יפס", "צ`יפס", "צ´יפס", "צ‘יפס"])
def test_geresh_variants_unify(raw: str) -> None:
    assert normalize_text(raw) == "צ'יפס"


@pytest.mark.parametrize("raw", ["צה״ל", "צה”ל", 'צה"ל', "צה“ל"])
def test_gershayim_variants_unify(raw: str) -> None:
    assert normalize_text(raw) == 'צה"ל'


def test_maqaf_and_curly_quotes() -> None:
    assert normalize_text("בית־ספר") == "בית-ספר"
    assert normalize_text("“great” ‘app’") == "\"great\" 'app'"


def test_backtick_after_latin_letter_is_left_alone() -> None:
    assert normalize_text("run `make`") == "run `make`"


def test_html_stripped_and_entities_unescaped() -> None:
    raw = "<p>Great&nbsp;app</p><p>Fast &amp; <b>cheap</b></p>line<br/>two"
    assert normalize_text(raw) == "Great app\n\nFast & cheap\nline\ntwo"  # </p><p>: a blank line
    assert normalize_text('<a href="x">link</a> &lt;3 &#1513;&#x05DC;') == "link <3 של"


def test_text_that_only_looks_like_markup_survives() -> None:
    assert normalize_text("I <3 this app, 2 < 3 > 1") == "I <3 this app, 2 < 3 > 1"
    assert normalize_text("R&D &nothing AT&T") == "R&D &nothing AT&T"


def test_script_and_comments_dropped() -> None:
    assert normalize_text("ok<script>alert(1)</script><!-- hidden --> fine") == "ok fine"


@pytest.mark.parametrize(
    "emoji",
    [
        "👨\u200d👩\u200d👧",  # ZWJ family
        "❤\ufe0f",  # variation selector
        "👍🏽",  # skin tone
        "🏳\ufe0f\u200d🌈",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # tag sequence
        "1\ufe0f\u20e3",  # keycap
    ],
)
def test_emoji_sequences_kept_byte_exact(emoji: str) -> None:
    out = normalize_text(f"שירות מעולה {emoji} great")
    assert out == f"שירות מעולה {emoji} great"
    assert emoji.encode() in out.encode()


def test_bidi_and_invisible_controls_removed() -> None:
    raw = "\u200fשלום\u200e world\u202b!\u202c \u2066x\u2069\u200b\ufeff\u00ad"
    assert normalize_text(raw) == "שלום world! x"


def test_control_characters_removed() -> None:
    assert normalize_text("a\x00b\x07c\x1b") == "abc"


def test_nfc() -> None:
    out = normalize_text("cafe\u0301")
    assert out == "caf\u00e9"
    assert len(out) == 4


def test_whitespace_folding() -> None:
    assert normalize_text("  a  \t b \u00a0c\r\n\r\n\r\n\n d  \n e ") == "a b c\n\nd\ne"


def test_never_reorders_hebrew() -> None:
    text = "המשלוח הגיע מהר, really impressed 123 👍"
    assert normalize_text(text) == text


def test_blank_input() -> None:
    assert normalize_text("") == ""
    assert normalize_text(" \n\t\u200f ") == ""


def test_prepare_text_runs_normalize_redact_detect() -> None:
    result = prepare_text("<p>השירות היה גרוע, תתקשרו אליי: 050‏-1234567</p>")
    assert result == NormalizedText(
        text="השירות היה גרוע, תתקשרו אליי: [PHONE]", language="he", pii={"PHONE": 1}
    )


def test_prepare_text_detects_language_on_redacted_text() -> None:
    # Without redaction the Latin e-mail address would count as English words.
    result = prepare_text("מעולה!! כתבו לי ל really.great.service@gmail.com")
    assert result.text == "מעולה!! כתבו לי ל [EMAIL]"
    assert result.language == "he"
    assert result.pii == {"EMAIL": 1}
