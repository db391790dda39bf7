"""Replace personal data with typed placeholders: [EMAIL], [PHONE], [CARD], [ID_NUMBER].

Numbers are read as "digit groups" joined by single separators (space, dash, dot, brackets).
Within each run of groups, card numbers are tried before phone numbers (longest span first),
and only a group left on its own can be an Israeli ID number, so one type never eats
another. Digit groups glued to letters, currency signs or other numbers ("RR123456785IL",
"₪1,299", "12/05/2026", "14:30", "v2.3.1") are never redacted, and neither are URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = "EMAIL"
PHONE = "PHONE"
CARD = "CARD"
ID_NUMBER = "ID_NUMBER"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_NUMBER_BLOB = re.compile(r"\+?\(?\d(?:[\d()\-. \u00a0]*[\d)])?")
_DIGITS = re.compile(r"\d+")
_ALLOWED_GAPS = frozenset({"", " ", "-", ".", "\u00a0", " - ", "- ", " -"})
# An ID number of fewer than 9 digits is only believed after one of these words: most
# 5-8 digit numbers in feedback are amounts or order numbers, and 1 in 10 passes the check.
_ID_CONTEXT = re.compile(
    r"ת\"ז|ת\.ז|\bתז\b|תעודת זהות|מספר זהות|מס' זהות|\bI\.?D\.?(?=\W|$)|identity|\bid number"
    r"|teudat",
    re.I,
)
_ID_CONTEXT_WINDOW = 30
_CURRENCY = "$€£₪¥"
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9_]")


@dataclass
class _Group:
    start: int  # offsets of the digits in the text
    end: int
    digits: str
    paren: bool  # written as "(03)"


def luhn_valid(digits: str) -> bool:
    """Payment-card checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def israeli_id_valid(digits: str) -> bool:
    """Teudat zehut check digit, for 5-9 digits left-padded with zeros to 9."""
    if not 5 <= len(digits) <= 9 or not digits.strip("0"):
        return False
    total = 0
    for i, ch in enumerate(digits.zfill(9)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _is_card(digits: str, sizes: list[int], plus: bool, paren: bool) -> bool:
    if plus or paren or not 13 <= len(digits) <= 19 or digits[0] == "0":
        return False
    grouped_by_four = all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4
    if not (len(sizes) == 1 or grouped_by_four or sizes in ([4, 6, 5], [4, 6, 4])):
        return False
    return luhn_valid(digits)


def _israeli_national(rest: str) -> bool:
    """Digits after the 972 country code (an optional trunk 0 allowed)."""
    if rest.startswith("0") and len(rest) in (9, 10):
        rest = rest[1:]
    return len(rest) in (8, 9) and rest[0] in "23456789"


def _is_phone(digits: str, sizes: list[int], plus: bool, paren: bool) -> bool:
    if plus or digits.startswith("00"):
        number = digits if plus else digits[2:]
        if number.startswith("972"):
            return _israeli_national(number[3:])
        return 8 <= len(number) <= 15 and number[0] != "0"
    if digits.startswith("972") and (sizes[0] == 3 or len(sizes) == 1):
        return _israeli_national(digits[3:])
    rest_ok = all(s >= 2 for s in sizes[1:])
    if len(digits) == 10 and digits[:2] in ("05", "07"):  # mobile and VoIP
        return len(sizes) == 1 or (sizes[0] == 3 and rest_ok)
    if len(digits) == 9 and digits[0] == "0" and digits[1] in "23489":  # landline
        return len(sizes) == 1 or (sizes[0] == 2 and rest_ok)
    if len(digits) == 10 and digits[:4] in ("1800", "1700", "1599", "1801"):
        return sizes[0] in (1, 4, 10)
    # North American number written with the area code in brackets: (212) 555-0147
    return paren and sizes == [3, 3, 4] and digits[0] in "23456789"


def _glued_before(text: str, pos: int) -> bool:
    """Whether the number starting at `pos` continues something (a word, a price, a date)."""
    if pos == 0:
        return False
    ch = text[pos - 1]
    if _LATIN_OR_DIGIT.match(ch) or ch in _CURRENCY or ch == "#":
        return True
    return ch in "/:.,-" and pos >= 2 and text[pos - 2].isdigit()


def _glued_after(text: str, pos: int) -> bool:
    if pos >= len(text):
        return False
    ch = text[pos]
    if _LATIN_OR_DIGIT.match(ch) or ch in _CURRENCY or ch == "%":
        return True
    return ch in "/:.,-" and pos + 1 < len(text) and text[pos + 1].isdigit()


def _segments(text: str, blob: re.Match[str]) -> list[list[_Group]]:
    """Split a number blob into runs of digit groups joined by allowed separators."""
    segments: list[list[_Group]] = []
    previous: _Group | None = None
    for m in _DIGITS.finditer(blob.group(0)):
        start, end = blob.start() + m.start(), blob.start() + m.end()
        paren = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
        group = _Group(start, end, m.group(0), paren)
        gap = "" if previous is None else text[previous.end : start]
        if previous is None or gap.replace("(", "").replace(")", "") not in _ALLOWED_GAPS:
            segments.append([])
        segments[-1].append(group)
        previous = group
    return segments


def _span_start(text: str, group: _Group) -> tuple[int, bool]:
    """Where a number beginning with `group` starts (with its "+" and bracket), and if "+"."""
    start = group.start - 1 if group.paren else group.start
    if text[start - 1 : start] == "+":
        return start - 1, True
    return start, False


def _find_numbers(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for blob in _NUMBER_BLOB.finditer(text):
        if any(s < blob.end() and blob.start() < e for s, e in taken):
            continue
        for groups in _segments(text, blob):
            found.extend(_classify_segment(text, groups))
    return found


def _classify_segment(text: str, groups: list[_Group]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    n = len(groups)
    glued_first = _glued_before(text, _span_start(text, groups[0])[0])
    glued_last = _glued_after(text, groups[-1].end + (1 if groups[-1].paren else 0))
    used = [False] * n
    i = 0
    while i < n:
        if i == 0 and glued_first:
            i += 1
            continue
        start, plus = _span_start(text, groups[i])
        for j in range(n, i, -1):
            if j == n and glued_last:
                continue
            span = groups[i:j]
            digits = "".join(g.digits for g in span)
            sizes = [len(g.digits) for g in span]
            kind = None
            if _is_card(digits, sizes, plus, groups[i].paren):
                kind = CARD
            elif _is_phone(digits, sizes, plus, groups[i].paren):
                kind = PHONE
            if kind:
                end = span[-1].end + (1 if span[-1].paren else 0)
                found.append((start, end, kind))
                used[i:j] = [True] * (j - i)
                i = j
                break
        else:
            i += 1
    for k, group in enumerate(groups):
        alone = (
            not used[k] and not (k > 0 and not used[k - 1]) and not (k + 1 < n and not used[k + 1])
        )
        if not alone or (k == 0 and glued_first) or (k == n - 1 and glued_last):
            continue
        if _span_start(text, group)[1] or not israeli_id_valid(group.digits):
            continue
        if len(group.digits) < 9:
            window = text[max(0, group.start - _ID_CONTEXT_WINDOW) : group.start]
            if not _ID_CONTEXT.search(window):
                continue
        found.append((group.start, group.end, ID_NUMBER))
    return found


def redact_pii(text: str) -> tuple[str, dict[str, int]]:
    """Return `text` with PII replaced by "[TYPE]" placeholders, and the count of each type.

    The counts hold only the types that were found.
    """
    spans: list[tuple[int, int, str]] = [(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)]
    taken = [(s, e) for s, e, _ in spans] + [(m.start(), m.end()) for m in _URL.finditer(text)]
    spans += _find_numbers(text, taken)
    if not spans:
        return text, {}
    spans.sort()
    out: list[str] = []
    counts: dict[str, int] = {}
    pos = 0
    for start, end, kind in spans:
        out.append(text[pos:start])
        out.append(f"[{kind}]")
        counts[kind] = counts.get(kind, 0) + 1
        pos = end
    out.append(text[pos:])
    return "".join(out), counts
