"""Clean raw feedback text: Unicode NFC, no markup, no niqqud, one spelling of Hebrew punctuation.

Text is never reordered: Hebrew stays in logical order and only characters are removed or
replaced one for one (plus whitespace folding).
"""

from __future__ import annotations

import html
import re
import unicodedata

# Tags that end a block of text: they become a line break, inline tags just disappear.
_BLOCK_TAGS = "br|p|div|li|ul|ol|tr|table|h[1-6]|blockquote|section|article|header|footer|hr|pre"
_INLINE_TAGS = (
    "a|b|i|u|s|em|strong|span|font|small|big|sub|sup|mark|del|ins|strike|code|center|img"
    "|label|td|th|tbody|thead|html|body|head|title|meta|link|abbr|cite|q|time|nav|input|button"
    "|form|iframe"
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
# Only known tag names count as markup, so "I <3 it" or "a<b" survive.
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^<>]*>", re.I)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})\b[^<>]*>", re.I)
# Entities need their ";" - html.unescape alone would turn "&nothing" into "¬hing".
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Bidi controls, zero-width space, soft hyphen, BOM, word joiner. ZWJ (U+200D), ZWNJ,
# variation selectors and emoji tag characters are kept: emoji sequences are built from them.
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060"
    "\u2066\u2067\u2068\u2069\ufeff"
)
_HEBREW_MARKS = re.compile(r"[\u0591-\u05bd\u05bf-\u05c7]")  # niqqud + cantillation, not maqaf
_HEBREW_LETTER = "\u05d0-\u05ea"
# Apostrophe/quote look-alikes people type after a Hebrew letter instead of geresh/gershayim.
_GERESH_LOOKALIKE = re.compile(rf"(?<=[{_HEBREW_LETTER}])[`\u00b4\u02b9\u02bc\u2032]")
_GERSHAYIM_LOOKALIKE = re.compile(rf"(?<=[{_HEBREW_LETTER}])[\u02ba\u2033]")

_TRANSLATE = str.maketrans(
    {
        **{ch: None for ch in _INVISIBLE},
        "\u05be": "-",  # maqaf
        "\u05f3": "'",  # geresh
        "\u05f4": '"',  # gershayim
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        "\t": " ",
        "\u00a0": " ",
        "\u1680": " ",
        "\u202f": " ",
        "\u205f": " ",
        "\u3000": " ",
        **{chr(c): " " for c in range(0x2000, 0x200B)},
    }
)
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r" {2,}")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def strip_markup(text: str) -> str:
    """Remove HTML tags and comments and decode entities; block tags become line breaks."""
    if "<" in text:
        text = _HTML_COMMENT.sub("", text)
        text = _SCRIPT_STYLE.sub("", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _INLINE_TAG.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def normalize_text(raw: str) -> str:
    """Return `raw` cleaned for analysis (see the module docstring); "" for blank input."""
    text = strip_markup(raw.replace("\r\n", "\n"))
    # NFC also decomposes Hebrew presentation forms (e.g. U+FB2A), so their marks go below.
    text = unicodedata.normalize("NFC", text)
    text = _HEBREW_MARKS.sub("", text.translate(_TRANSLATE))
    text = _GERESH_LOOKALIKE.sub("'", text)
    text = _GERSHAYIM_LOOKALIKE.sub('"', text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()
