"""Map a table's headers to feedback roles (text, id, rating, nps, date, source, segment).

Rules, in order (each column gets at most one role; explicit overrides always win):
1. Overrides name columns exactly, or ignoring case/spaces/punctuation.
2. Exact matches: the header, lower-cased with everything but letters and digits removed
   (and any "(...)" note dropped), equals a known name: "Review_Text" -> "reviewtext".
3. Head-word matches: the known name is the header's head word(s) - the last words of an
   English header ("Customer Comment", "Review Date") or the first of a Hebrew one
   ("תאריך יצירה"); English "X of Y" headers also match on X ("Date of purchase").
4. Survey questions (header ends with "?" or is long free text, e.g. "What could we
   improve?") are open-text columns, unless their answers are numbers (then nps for
   "...recommend...", rating for "...rate...", when still free), dates, or a few repeated
   short choices (then they stay metadata).
Several text columns are allowed (a survey): every non-empty answer becomes a record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from miner.ingest.fields import FieldError, parse_date
from miner.ingest.table import Cell, RawTable, cell_text
from miner.records import ColumnOverrides, IngestError

FIELD_ROLES = ("id", "rating", "nps", "date", "source", "segment")

EXACT_NAMES: dict[str, tuple[str, ...]] = {  # role -> normalized names, best first
    "text": (
        "text", "reviewtext", "review", "comment", "comments", "feedback", "feedbacktext",
        "body", "reviewbody", "content", "message", "verbatim", "answer", "tweet", "tweettext",
        "post", "posttext", "opentext", "responsetext", "reviews",
        "תגובה", "תגובות", "ביקורת", "משוב", "חוותדעת", "טקסט", "הערות", "הערה", "תוכן",
    ),
    "id": (
        "id", "reviewid", "feedbackid", "responseid", "tweetid", "postid", "commentid",
        "recordid", "מזהה", "מס", "מספר",
    ),
    "rating": ("rating", "stars", "scorestars", "starrating", "starscore", "דירוג", "כוכבים"),
    "nps": ("nps", "npsscore", "likelihoodtorecommend", "score", "ציון", "ציוןnps", "npsציון"),
    "date": (
        "date", "createdat", "timestamp", "time", "submittedat", "reviewdate", "datetime",
        "created", "postedat", "publishedat", "תאריך", "זמן",
    ),
    "source": ("source", "channel", "platform", "site", "מקור", "ערוץ", "פלטפורמה"),
    "segment": (
        "segment", "persona", "customertype", "plan", "tier", "customersegment",
        "פלח", "סגמנט", "סוגלקוח",
    ),
}  # fmt: skip
HEAD_WORDS: dict[str, tuple[str, ...]] = {  # role -> head words (space-separated sequences)
    "text": (
        "text", "review", "comment", "comments", "feedback", "body", "content", "message",
        "verbatim", "answer", "suggestions", "תגובה", "ביקורת", "משוב", "חוות דעת", "טקסט",
        "הערות", "תוכן",
    ),
    "id": ("id", "מזהה"),
    "rating": ("rating", "stars", "דירוג", "כוכבים"),
    "nps": ("nps", "likelihood to recommend"),
    "date": (
        "date", "time", "timestamp", "created at", "submitted at", "posted at", "תאריך", "זמן",
    ),
    "source": ("source", "channel", "platform", "מקור", "ערוץ", "פלטפורמה"),
    "segment": ("segment", "persona", "customer type", "plan", "tier", "פלח", "סגמנט", "סוג לקוח"),
}  # fmt: skip
_NPS_QUESTION_WORDS = ("recommend", "nps", "להמליץ", "תמליץ", "ממליץ", "תמליצו")
_RATING_QUESTION_WORDS = ("rate", "rating", "satisf", "stars", "דרג", "מרוצה", "שביעות", "כוכב")
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+")
_HEBREW = re.compile(r"[\u0590-\u05ff]")
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?$")


@dataclass
class ColumnMapping:
    """Which column index holds each role; `text` may list several (survey questions)."""

    headers: list[str]
    text: list[int]
    fields: dict[str, int] = field(default_factory=dict)  # FIELD_ROLES -> column index

    @property
    def unmapped(self) -> list[int]:
        used = set(self.text) | set(self.fields.values())
        return [i for i in range(len(self.headers)) if i not in used]

    def report(self) -> dict[str, str | list[str]]:
        """role -> header (text -> list of headers when there are several)."""
        texts = [self.headers[i] for i in self.text]
        mapping: dict[str, str | list[str]] = {"text": texts[0] if len(texts) == 1 else texts}
        for role in FIELD_ROLES:
            if role in self.fields:
                mapping[role] = self.headers[self.fields[role]]
        return mapping


def words(header: str) -> list[str]:
    """Lower-cased words of a header: 'ReviewText (EN)' -> ['review', 'text']."""
    without_note = _NOTE.sub(" ", header).strip() or header
    return _WORD.findall(_CAMEL.sub(" ", without_note).casefold())


def map_columns(table: RawTable, overrides: ColumnOverrides) -> ColumnMapping:
    """Assign roles to the table's columns; raise IngestError when no text column is found."""
    headers = table.headers
    taken: set[int] = set()
    fields: dict[str, int] = {}
    text = [_find_override(headers, name, "text", "--text-col") for name in overrides.text]
    taken.update(text)
    for role in FIELD_ROLES:
        name = getattr(overrides, role)
        if name is not None:
            fields[role] = _find_override(headers, name, role, f"--{role}-col")
            taken.add(fields[role])

    normalized = ["".join(words(h)) for h in headers]
    questions = {i for i, h in enumerate(headers) if i not in taken and is_question(h)}
    open_roles = [
        r for r in ("text", *FIELD_ROLES) if r not in fields and not (r == "text" and text)
    ]
    found: dict[str, int] = {}
    for role in open_roles:  # exact names
        for name in EXACT_NAMES[role]:
            index = _first(i for i, n in enumerate(normalized) if n == name and i not in taken)
            if index is not None:
                found[role] = index
                taken.add(index)
                break
    for role in (r for r in open_roles if r not in found):  # head words
        index = _first(
            i
            for i, h in enumerate(headers)
            if i not in taken and i not in questions and head_role(h) == role
        )
        if index is not None:
            found[role] = index
            taken.add(index)
    text.extend([found.pop("text")] if "text" in found else [])
    fields.update(found)

    if not overrides.text:
        for index in sorted(questions - taken):
            role = _question_role(headers[index], table.column_values(index), fields)
            if role == "text":
                text.append(index)
            elif role is not None:
                fields[role] = index
    if not text:
        listed = ", ".join(repr(h) for h in headers)
        raise IngestError(
            f"no text column found among the headers {listed}; name it with --text-col"
        )
    return ColumnMapping(headers=headers, text=sorted(set(text)), fields=fields)


def is_question(header: str) -> bool:
    """A survey question: ends with '?' or is long free text."""
    stripped = header.strip()
    return stripped.endswith(("?", "؟")) or len(words(stripped)) >= 5 or len(stripped) >= 40


def head_role(header: str) -> str | None:
    """The role whose head word(s) the header has (see module docstring), or None."""
    tokens = words(header)
    if not tokens:
        return None
    hebrew = bool(_HEBREW.search(header))
    for role, heads in HEAD_WORDS.items():
        for head in heads:
            head_tokens = head.split()
            size = len(head_tokens)
            if hebrew and tokens[:size] == head_tokens:
                return role
            if not hebrew and tokens[-size:] == head_tokens:
                return role
    if not hebrew and len(tokens) > 2 and tokens[1] in ("of", "for"):
        return head_role(tokens[0])
    return None


def _question_role(header: str, values: list[Cell], fields: dict[str, int]) -> str | None:
    folded = header.casefold()
    numeric = [v for v in values if _is_number(v)]
    if values and len(numeric) >= 0.8 * len(values):
        if "nps" not in fields and any(w in folded for w in _NPS_QUESTION_WORDS):
            return "nps"
        if "rating" not in fields and any(w in folded for w in _RATING_QUESTION_WORDS):
            return "rating"
        return None
    dates = [v for v in values if _is_date(v)]
    if values and len(dates) >= 0.8 * len(values):
        return "date" if "date" not in fields else None
    if _is_categorical(values):
        return None
    return "text"


def _is_number(value: Cell) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or (
        isinstance(value, str) and bool(_NUMBER.match(value.strip()))
    )


def _is_date(value: Cell) -> bool:
    if isinstance(value, dt.date | dt.datetime):
        return True
    try:
        return isinstance(value, str) and parse_date(value) is not None
    except FieldError:
        return False


def _is_categorical(values: list[Cell]) -> bool:
    """Many answers drawn from a few short choices (e.g. 'Free' / 'Pro'), not free text."""
    if len(values) < 10 or any(_is_free_text(v) for v in values):
        return False
    return len({cell_text(v).strip().casefold() for v in values}) <= max(5, 0.2 * len(values))


def _is_free_text(value: Cell) -> bool:
    return isinstance(value, str) and (len(value.split()) >= 3 or len(value.strip()) >= 25)


def _find_override(headers: list[str], name: str, role: str, option: str) -> int:
    if name in headers:
        return headers.index(name)
    wanted = "".join(words(name))
    for index, header in enumerate(headers):
        if "".join(words(header)) == wanted and wanted:
            return index
    listed = ", ".join(repr(h) for h in headers)
    raise IngestError(
        f"column {name!r} given for {role} ({option}) not found; columns are {listed}"
    )


def _first(indices) -> int | None:
    return next(iter(indices), None)
