"""Encodings: UTF-8 (with/without BOM), UTF-16 LE/BE (BOM and BOM-less), Windows-1255 Hebrew."""

from __future__ import annotations

import codecs

import pytest

from miner.ingest import read_feedback_file
from miner.ingest.encoding import decode_text, looks_like_cp1255_hebrew
from miner.records import IngestError

HEBREW = 'המשלוח הגיע באיחור של שבוע, והנציג אמר "אין מה לעשות" – ממש מאכזב!'
MIXED = "ה-app קרס 3 פעמים אחרי ה-update ל-v2.1; support didn't help ₪"
CSV_TEXT = f'id,text\n1,"{HEBREW.replace(chr(34), chr(34) * 2)}"\n2,{MIXED}\n'


def _texts(path) -> list[str]:
    return [r.text for r in read_feedback_file(path).records]


def test_cp1255_hebrew_csv_round_trips_exactly(tmp_path):
    path = tmp_path / "excel_hebrew.csv"
    path.write_bytes(CSV_TEXT.encode("cp1255"))
    result = read_feedback_file(path)
    assert result.report.encoding == "cp1255"
    assert [r.text for r in result.records] == [HEBREW, MIXED]


def test_iso_8859_8_hebrew_is_read_as_cp1255(tmp_path):
    text = "id,text\n1,שירות מצוין ומהיר\n2,לא קיבלתי החזר כספי\n"
    path = tmp_path / "legacy.csv"
    path.write_bytes(text.encode("iso-8859-8"))
    result = read_feedback_file(path)
    assert result.report.encoding == "cp1255"
    assert [r.text for r in result.records] == ["שירות מצוין ומהיר", "לא קיבלתי החזר כספי"]


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"), "utf-8-sig"),
        (CSV_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + CSV_TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + CSV_TEXT.encode("utf-16-be"), "utf-16-be"),
        (CSV_TEXT.encode("utf-16-le"), "utf-16-le"),
        (CSV_TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8-bom", "utf8", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom"],
)
def test_unicode_encodings(tmp_path, encoded, encoding):
    path = tmp_path / "f.csv"
    path.write_bytes(encoded)
    result = read_feedback_file(path)
    assert result.report.encoding == encoding
    assert result.report.column_mapping == {"text": "text", "id": "id"}  # BOM not in header
    assert [r.text for r in result.records] == [HEBREW, MIXED]


def test_mixed_hebrew_english_text_is_kept_byte_exact(tmp_path):
    original = "  \u200fשלום\u200e hello  ❤️ מחיר: 49.90₪ (incl. VAT)\u05bc  "
    path = tmp_path / "f.csv"
    path.write_text(f'text\n"{original}"\n', encoding="utf-8")
    [record] = read_feedback_file(path).records
    assert record.text.encode("utf-8") == original.strip().encode("utf-8")


def test_western_european_legacy_text_is_not_taken_for_hebrew():
    data = "id,text\n1,Le café était très bon, crème brûlée parfaite\n".encode("cp1252")
    assert not looks_like_cp1255_hebrew(data)
    assert "café" in decode_text(data).text


def test_cp1255_detection_on_short_hebrew():
    assert looks_like_cp1255_hebrew("id,text\n1,מוצר מעולה\n2,לא הגיע\n".encode("cp1255"))
    assert decode_text("text\nמעולה\n".encode("cp1255")).encoding == "cp1255"


def test_nul_bytes_that_are_not_utf16_mean_binary():
    with pytest.raises(IngestError, match="binary"):
        decode_text(b"text\n\x00\x01\x02\x03\x00\x00\x00\x05abc\x00\x00\x00")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_of_mostly_hebrew_text(codec):
    text = "טקסט\nהמשלוח הגיע באיחור\nשירות מעולה ממש\n"
    decoded = decode_text(text.encode(codec))
    assert (decoded.encoding, decoded.text) == (codec, text)


def test_arabic_windows_1256_is_not_taken_for_hebrew():
    data = "id,text\n1,الخدمة كانت ممتازة والتوصيل سريع\n2,المنتج وصل متأخرا\n".encode("cp1256")
    assert not looks_like_cp1255_hebrew(data)
    assert "الخدمة" in decode_text(data).text


def test_utf8_cut_inside_last_character_is_read_with_a_warning():
    decoded = decode_text("text\nשירות מעולה".encode()[:-1])
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("text\nשירות מעול")
    assert decoded.warnings == ["file ends inside a UTF-8 character (truncated?)"]
