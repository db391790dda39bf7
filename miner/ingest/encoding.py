"""Detect the text encoding of a feedback dump and decode it.

Order of decisions: byte-order mark; BOM-less UTF-16 (NUL bytes on one parity); strict
UTF-8; legacy Hebrew (always read as cp1255, the superset of ISO-8859-8); and only then
charset-normalizer for whatever is left.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import charset_normalizer

from miner.records import IngestError

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (bom, codec used to decode, name reported)
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
_HEBREW_CODEC_NAMES = {"cp1255", "iso8859_8", "windows_1255", "hebrew", "iso8859_8_i"}
_CP1255_HEBREW_LETTERS = range(0xE0, 0xFB)  # alef..tav
_CP1255_UNDEFINED = frozenset(
    b"\x81\x8a\x8c\x8d\x8e\x8f\x90\x9a\x9c\x9d\x9e\x9f\xca\xd9\xda\xdb\xdc\xdd\xde\xdf\xfb\xfc\xff"
)
_ASCII_LETTER = re.compile(rb"[A-Za-z]")
_SAMPLE_BYTES = 64 * 1024
_LEGACY_CODEPAGES = [
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1255",
    "iso8859_8",
    "cp1256",
    "cp1251",
    "mac_roman",
]
_MAX_CHAOS = 0.2  # charset-normalizer's mess ratio above which bytes are not text


@dataclass
class DecodedText:
    """Text decoded from a file, the encoding it was read as, and any warnings."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_text(data: bytes) -> DecodedText:
    """Decode file bytes to text; raise IngestError when the bytes are not text at all."""
    decoded = _decode(data)
    sample = decoded.text[:_SAMPLE_BYTES]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1a")
    if controls > 0.01 * len(sample):
        raise IngestError("binary content (control bytes), not a text file")
    return decoded


def _decode(data: bytes) -> DecodedText:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_strict_or_fail(data, codec, name)
    utf16 = _bomless_utf16(data)
    if utf16:
        return _decode_strict_or_fail(data, utf16, utf16)
    if b"\x00" in data[:_SAMPLE_BYTES]:
        raise IngestError("binary content (NUL bytes), not a text file")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a file cut inside its last character
            text = data.decode("utf-8", errors="replace")
            return DecodedText(text, "utf-8", ["file ends inside a UTF-8 character (truncated?)"])
    if looks_like_cp1255_hebrew(data):
        return _decode_lenient(data, "cp1255")
    # Feedback dumps come in Western, Hebrew, Arabic or Cyrillic legacy code pages; letting
    # the detector pick e.g. a CJK code page turns binary noise into "text".
    guess = charset_normalizer.from_bytes(data, cp_isolation=_LEGACY_CODEPAGES).best()
    if guess is None or guess.chaos > _MAX_CHAOS:
        raise IngestError("cannot detect the text encoding (binary or corrupt file?)")
    codec = codecs.lookup(guess.encoding).name.replace("-", "_")
    if codec in _HEBREW_CODEC_NAMES:
        return _decode_lenient(data, "cp1255")
    return _decode_lenient(data, codecs.lookup(guess.encoding).name)


def looks_like_cp1255_hebrew(data: bytes) -> bool:
    """True when the non-ASCII bytes read as Hebrew words in Windows-1255.

    Hebrew letters (0xE0-0xFA) form runs next to spaces, digits and punctuation; accented
    Latin letters in cp1252 text (é is also 0xE9) sit between ASCII letters instead.
    """
    sample = data[:_SAMPLE_BYTES]
    high = [i for i, b in enumerate(sample) if b >= 0x80]
    if not high or any(sample[i] in _CP1255_UNDEFINED for i in high):
        return False
    letters = [i for i in high if sample[i] in _CP1255_HEBREW_LETTERS]
    if len(letters) < 0.6 * len(high):
        return False
    touching_latin = sum(
        1
        for i in letters
        if _ASCII_LETTER.match(sample, max(i - 1, 0)) or _ASCII_LETTER.match(sample, i + 1)
    )
    return touching_latin <= 0.2 * len(letters)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes sit on one parity (ASCII-heavy UTF-16)."""
    sample = data[: _SAMPLE_BYTES - _SAMPLE_BYTES % 2]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd_nuls >= 0.05 * pairs and even_nuls <= 0.05 * odd_nuls:
        candidate = "utf-16-le"
    elif even_nuls >= 0.05 * pairs and odd_nuls <= 0.05 * even_nuls:
        candidate = "utf-16-be"
    else:
        return None
    try:
        sample.decode(candidate)
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a surrogate pair cut by the sample end
            return None
    return candidate


def _decode_strict_or_fail(data: bytes, codec: str, name: str) -> DecodedText:
    try:
        return DecodedText(data.decode(codec), name)
    except UnicodeDecodeError as exc:
        raise IngestError(f"looks like {name} but byte {exc.start} cannot be decoded") from None


def _decode_lenient(data: bytes, codec: str) -> DecodedText:
    try:
        return DecodedText(data.decode(codec), codec)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        return DecodedText(text, codec, [f"{bad} byte(s) not valid in {codec} were replaced"])
