"""Cut feedback into clause-level opinion units.

A text is split into blocks (lines that are separate points, bullets), blocks into sentences
(spaCy blank "he"/"en" + sentencizer), and sentences into units at contrast markers:
"the delivery was late | but support was great", "המשלוח איחר | אבל השירות היה מעולה".
A sentence that opens with a concessive clause ("Although the price is high, ...",
"למרות שהמחיר גבוה, ...") is split at the comma that closes it. Fragments with fewer than
two words besides the marker are merged back into their neighbour ("Good, but pricey" stays
whole), and "not only ... but also" is not a contrast. Units keep exact character offsets
into the text they were cut from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language

from miner.records import OpinionUnit
from miner.text.language import detect_language

_MIN_WORDS = 2  # a fragment needs this many words besides its marker to stand alone

_HE_LETTER = "\u05d0-\u05ea"
_WORD = re.compile(r"[^\W\d_]+")
_ALNUM = re.compile(r"[^\W_]")
_HEBREW = re.compile(f"[{_HE_LETTER}]")
_LATIN = re.compile(r"[A-Za-z]")
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|il|app|ly)/\S*", re.I
)
_BULLETS = "•▪●◦‣·"
_LINE_BULLET = re.compile(rf"[ \t]*(?:[-*{_BULLETS}]|\d{{1,2}}[.)])[ \t]+")
_SENTENCE_END = ".!?…:;"

_EN_MARKER = re.compile(
    r"(?<![\w'-])(?:but|however|although|even though|though|whereas|except|yet|despite"
    r"|in spite of|on the other hand)(?![\w'-])",
    re.I,
)
_HE_MARKER = re.compile(
    rf"(?<![\w'\"])(?:ו?(?:אבל|אך|אולם|למרות|לעומת\s+זאת|לעומת\s+זה)(?![\w'\"])|ואילו(?![\w'\"])"
    rf"|ו?חוץ\s+מ(?=[{_HE_LETTER}])|ו?רק\s+ש(?=[{_HE_LETTER}]))"
)
# Concessive openers: "Although X, Y" / "למרות ש-X, Y" split at the comma that ends X.
_CONCESSIVE_START = re.compile(
    r"[\"'(\s]*(?:although|though|even though|despite|in spite of"
    r"|ו?למרות|אמנם|אף\s+על\s+פי|אע\"פ|אף\s+ש)(?![\w'-])",
    re.I,
)
_CLAUSE_COMMA = re.compile(r",(?=\s)")
_NOT_ONLY = re.compile(r"\bnot\s+(?:only|just|merely|simply)\b", re.I)
_PREV_WORD = re.compile(r"([\w']+)[\s]*$")
_NEXT_WORD = re.compile(r"\s*([\w']+)")
_EDGE_PUNCT = ",;:" + _BULLETS + "*"
_DASHES = "-–—"
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")  # what PII redaction leaves: [PHONE], [ID_NUMBER]
# A sentence "ending" on an abbreviation's period: Hebrew ת.ז. / ע"י-style initials ("ת." then
# "ז."), Latin chains like "e.g." / "U.S.".
_ABBREVIATION_END = re.compile(rf"(?:^|[\s.(\"'])[{_HE_LETTER}]\.$|[A-Za-z]\.[A-Za-z]\.$")


@dataclass
class _Fragment:
    start: int
    end: int
    words: int  # words besides the leading marker
    marker: bool  # starts with a contrast marker


def _blank(lang: str) -> Language:
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def _pipeline_for(text: str, language: str) -> str:
    if language in ("he", "en"):
        return language
    return "he" if len(_HEBREW.findall(text)) >= len(_LATIN.findall(text)) else "en"


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of lines/bullet items that are separate points (bullet markers left out)."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    for line in re.split(rf"([\n{_BULLETS}])", text):
        start, end = pos, pos + len(line)
        pos = end
        if line in ("\n", *_BULLETS) or not line.strip():
            continue
        bullet = _LINE_BULLET.match(line)
        if bullet:
            start += bullet.end()
        previous = text[blocks[-1][0] : blocks[-1][1]].rstrip() if blocks else ""
        soft_wrap = (
            previous
            and text[start - 1 : start] == "\n"
            and not bullet
            and previous[-1] not in _SENTENCE_END
            and line.lstrip()[:1].islower()
            and line.lstrip()[:1].isascii()
        )
        if soft_wrap:  # a wrapped English sentence, not a new point
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return blocks


def _join_broken_sentences(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo the sentencizer's cuts inside a redaction placeholder or after an abbreviation's
    period ("ת.ז. [ID_NUMBER]" is one sentence, not "ת." / "ז. [" / "ID_NUMBER]")."""
    inside = [(m.start() + 1, m.end()) for m in _PLACEHOLDER.finditer(text)]
    joined: list[tuple[int, int]] = []
    for start, end in sentences:
        if joined and "\n" not in text[joined[-1][1] : start]:
            cut_in_placeholder = any(a <= start < b for a, b in inside)
            if cut_in_placeholder or _ABBREVIATION_END.search(text[joined[-1][0] : start].rstrip()):
                joined[-1] = (joined[-1][0], end)
                continue
        joined.append((start, end))
    return joined


def _leading_symbols(text: str, start: int, end: int) -> int:
    """End of the emoji/symbol run (and spaces) that opens text[start:end]."""
    pos = start
    while pos < end and not _ALNUM.match(text[pos]) and text[pos] not in "\"'([":
        pos += 1
    return pos


def _attach_leading_emoji(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy starts a sentence at an emoji after "!"; on the same line it belongs to that "!"."""
    fixed: list[tuple[int, int]] = []
    for start, end in sentences:
        gap = text[fixed[-1][1] : start] if fixed else "\n"
        if "\n" not in gap and not any(b in gap for b in _BULLETS):
            cut = _leading_symbols(text, start, end)
            if cut > start:
                fixed[-1] = (fixed[-1][0], cut)
                start = cut
        if start < end:
            fixed.append((start, end))
    return fixed


def _marker_accepted(text: str, m: re.Match[str], sent_start: int) -> int | None:
    """Where the unit opened by marker `m` starts, or None when it is not a contrast here."""
    word = m.group(0).lower()
    before = text[sent_start : m.start()]
    prev = _PREV_WORD.search(before)
    prev_word = prev.group(1).lower() if prev else ""
    nxt = _NEXT_WORD.match(text, m.end())
    next_word = nxt.group(1).lower() if nxt else ""
    last = before.rstrip()[-1:]
    after_punct = bool(last) and last in ",;.!?-–—"
    if word == "but":
        if next_word in ("also", "even") and _NOT_ONLY.search(before):
            return None
        if prev_word in ("nothing", "anything", "all", "cannot", "can't", "cant"):
            return None
    elif word == "however" and next_word in ("much", "many", "long", "often", "far", "little"):
        return None
    elif word == "though":
        if prev_word == "as" or text[m.end() : m.end() + 1] in (",", ".", "!", "?", ""):
            return None
    elif word == "yet":
        if next_word in ("another", "again", "more", "to"):
            return None
        if prev_word == "and" and prev:
            return sent_start + prev.start()
        if not after_punct:
            return None
    elif word in ("אך", "ואך") and next_word in ("ורק",):
        return None
    elif word in ("אולם", "ואולם") and not after_punct:
        return None  # also means "hall"; a contrast only after a comma
    elif word.replace(" ", "").lstrip("ו").startswith("רקש"):
        follow = text[m.end() : m.end() + 3]
        if not after_punct and not re.match(r"(?:ה|לא|אין|זה|יש)", follow):
            return None  # "רק שבוע" is "only a week"
    return m.start()


def _split_points(text: str, start: int, end: int, urls: list[tuple[int, int]]) -> dict[int, int]:
    """Unit starts inside sentence text[start:end] -> number of marker words opening the unit."""
    points: dict[int, int] = {}
    for pattern in (_EN_MARKER, _HE_MARKER):
        for m in pattern.finditer(text, start, end):
            if any(s <= m.start() < e for s, e in urls):
                continue
            at = _marker_accepted(text, m, start)
            if at is not None:
                # "רק ש" / "חוץ מ" end inside the next word, which is content, not marker
                inside_word = m.end() < end and _WORD.match(text[m.end()])
                points[at] = len(_WORD.findall(text, at, m.end())) - bool(inside_word)
    opener = _CONCESSIVE_START.match(text, start, end)
    if opener:
        comma = _CLAUSE_COMMA.search(text, opener.end(), end)
        if comma:
            at = comma.end()
            while at < end and text[at].isspace():
                at += 1
            if at < end:
                points.setdefault(at, 0)
    # A marker that opens the sentence starts no new unit; a concessive opener is no word.
    first = start + len(text[start:end]) - len(text[start:end].lstrip())
    return {p: n for p, n in points.items() if p > first}


def _fragments(text: str, start: int, end: int, urls: list[tuple[int, int]]) -> list[_Fragment]:
    points = _split_points(text, start, end, urls)
    bounds = [start, *sorted(points), end]
    frags: list[_Fragment] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        marker_words = points.get(a, 0)
        opener = _CONCESSIVE_START.match(text, a, b) if a == start else None
        if opener:
            marker_words = len(_WORD.findall(text, a, opener.end()))
        words = len(_WORD.findall(text, a, b)) - marker_words
        frags.append(_Fragment(a, b, words, a in points))
    while len(frags) > 1:
        short = next((k for k, f in enumerate(frags) if f.words < _MIN_WORDS), None)
        if short is None:
            break
        into = short - 1 if short > 0 else 1
        a, b = sorted((short, into))
        frags[a : b + 1] = [
            _Fragment(
                frags[a].start, frags[b].end, frags[a].words + frags[b].words, frags[a].marker
            )
        ]
    return frags


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace, commas/semicolons and dangling dashes or bullets at both edges."""
    while start < end and (
        text[start].isspace()
        or text[start] in _EDGE_PUNCT
        or (text[start] in _DASHES and (start + 1 == end or text[start + 1].isspace()))
    ):
        start += 1
    while end > start and (
        text[end - 1].isspace()
        or text[end - 1] in _EDGE_PUNCT
        or (text[end - 1] in _DASHES and (end - 1 == start or text[end - 2].isspace()))
    ):
        end -= 1
    return start, end


def _unit_spans(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    spans: list[tuple[int, int]] = []
    pending: int | None = None  # start of a symbols-only span waiting for the next unit
    for s_start, s_end in _attach_leading_emoji(text, _join_broken_sentences(text, sentences)):
        for frag in _fragments(text, s_start, s_end, urls):
            if not _ALNUM.search(text, frag.start, frag.end):
                # emoji or punctuation only: not an opinion of its own
                if spans:
                    spans[-1] = (spans[-1][0], frag.end)
                elif pending is None:
                    pending = frag.start
                continue
            spans.append((frag.start if pending is None else pending, frag.end))
            pending = None
    trimmed = (_trim(text, a, b) for a, b in spans)
    return [(a, b) for a, b in trimmed if a < b]


class Segmenter:
    """Splits normalized feedback texts into `OpinionUnit`s (see the module docstring)."""

    def __init__(self) -> None:
        self._nlp = {"he": _blank("he"), "en": _blank("en")}

    def segment(self, text: str, language: str) -> list[OpinionUnit]:
        """Units of one text; `language` is the record's ("he", "en", "mixed", "other")."""
        return self.segment_many([text], [language])[0]

    def segment_many(
        self, texts: Sequence[str], languages: Sequence[str], *, batch_size: int = 1000
    ) -> list[list[OpinionUnit]]:
        """Units of each text, running spaCy over all of them in batches."""
        if len(texts) != len(languages):
            raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
        sentences: list[list[tuple[int, int]]] = [[] for _ in texts]
        for pipeline, jobs in self._jobs(texts, languages).items():
            docs = self._nlp[pipeline].pipe((block for _, _, block in jobs), batch_size=batch_size)
            for (i, offset, _), doc in zip(jobs, docs, strict=True):
                sentences[i].extend((offset + s.start_char, offset + s.end_char) for s in doc.sents)
        return [
            self._units(text, language, spans)
            for text, language, spans in zip(texts, languages, sentences, strict=True)
        ]

    @staticmethod
    def _jobs(
        texts: Sequence[str], languages: Sequence[str]
    ) -> dict[str, list[tuple[int, int, str]]]:
        jobs: dict[str, list[tuple[int, int, str]]] = {"he": [], "en": []}
        for i, (text, language) in enumerate(zip(texts, languages, strict=True)):
            if not text or text.isspace():
                continue
            pipeline = _pipeline_for(text, language)
            jobs[pipeline].extend((i, a, text[a:b]) for a, b in _blocks(text))
        return jobs

    @staticmethod
    def _units(text: str, language: str, sentences: list[tuple[int, int]]) -> list[OpinionUnit]:
        spans = _unit_spans(text, sorted(sentences))
        whole = len(spans) == 1
        return [
            OpinionUnit(
                index=k,
                text=text[a:b],
                start=a,
                end=b,
                language=language if whole else _unit_language(text[a:b], language),
            )
            for k, (a, b) in enumerate(spans)
        ]


def _unit_language(unit: str, record_language: str) -> str:
    """The unit's own language when it is clearly Hebrew or English, else the record's."""
    lang = detect_language(unit)
    if lang in ("he", "en") and (lang == record_language or len(_WORD.findall(unit)) >= 2):
        return lang
    return record_language
