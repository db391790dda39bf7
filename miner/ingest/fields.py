"""Parse rating, NPS and date values from cells; a value that cannot be read raises FieldError.

Dates written with slashes or dots ("14/03/2026", "14.03.2026") are read day-first, the
Israeli/UK convention, so "03/04/2026" is 3 April. A file whose dates only make sense
month-first ("03/14/2026") is read month-first: see `slash_dates_are_month_first`.
Aware datetimes are converted to UTC; all dates are returned naive (UTC, or as written
when the file gives no zone).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from email.utils import parsedate_to_datetime

from miner.ingest.table import Cell

RATING_RANGE = (0.0, 10.0)
NPS_RANGE = (0, 10)
_FILLED_STARS = "★⭐🌟"
_STAR_CHARS = _FILLED_STARS + "☆✩✰\ufe0f "
_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_RATING_TEXT = re.compile(
    rf"^(?P<n>{_NUMBER})\s*(?:(?:/|out of|מתוך)\s*\d+(?:[.,]\d+)?)?\s*(?:stars?|כוכבים|כוכב|★)?$",
    re.IGNORECASE,
)
_NPS_TEXT = re.compile(rf"^(?P<n>{_NUMBER})\s*(?:/\s*10)?$")
_SLASH_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?=$|[ T])")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_SERIALS = (20000, 80000)  # 1954-10-03 .. 2119-01-10
_UNIX_SECONDS = (1e9, 1e10)  # 10-digit timestamps: 2001-09-09 .. 2286-11-20
_DAY_FIRST_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y")
_MONTH_FIRST_FORMATS = ("%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y", "%m/%d/%y", "%m.%d.%y")
_OTHER_FORMATS = (
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d %b, %Y",
    "%d-%b-%Y",
    "%a %b %d %H:%M:%S %z %Y",  # Twitter's created_at
)
_TIME_SUFFIXES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p")


class FieldError(ValueError):
    """A cell value that cannot be read as its field; the message is the reason."""


def parse_rating(value: Cell) -> float | None:
    """'4', '4.5', '4,5', '4/5', '4 stars', '4 כוכבים', '★★★★☆' or a number -> float in 0..10."""
    if _empty(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError(f"rating {_quote(value)} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = value.strip()
        if text and all(ch in _STAR_CHARS for ch in text):
            number = float(sum(text.count(star) for star in _FILLED_STARS))
        else:
            match = _RATING_TEXT.match(text)
            if not match:
                raise FieldError(f"rating {_quote(value)} is not a number")
            number = float(match["n"].replace(",", "."))
    low, high = RATING_RANGE
    if not low <= number <= high:
        raise FieldError(f"rating {_quote(value)} is outside {low:g}-{high:g}")
    return number


def parse_nps(value: Cell) -> int | None:
    """A whole number 0..10 ('9', '9.0', '9/10' or a number)."""
    if _empty(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError(f"nps {_quote(value)} is not a number")
    if isinstance(value, str):
        match = _NPS_TEXT.match(value.strip())
        if not match:
            raise FieldError(f"nps {_quote(value)} is not a number")
        number = float(match["n"].replace(",", "."))
    else:
        number = float(value)
    if not number.is_integer():
        raise FieldError(f"nps {_quote(value)} is not a whole number")
    low, high = NPS_RANGE
    if not low <= number <= high:
        raise FieldError(f"nps {_quote(value)} is outside {low}-{high}")
    return int(number)


def parse_date(value: Cell, *, month_first: bool = False) -> dt.datetime | None:
    """A naive UTC datetime from ISO text, common written forms, Excel values or Unix seconds."""
    if _empty(value):
        return None
    if isinstance(value, dt.datetime):
        return _naive_utc(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _date_from_number(float(value), value)
    if not isinstance(value, str):
        raise FieldError(f"date {_quote(value)} is not a recognised date")
    text = " ".join(value.split())
    if re.fullmatch(r"\d+(\.\d+)?", text) and len(text.split(".")[0]) != 8:
        return _date_from_number(float(text), value)
    try:
        return _naive_utc(dt.datetime.fromisoformat(text))
    except ValueError:
        pass
    day_formats = _MONTH_FIRST_FORMATS if month_first else _DAY_FIRST_FORMATS
    for base in (*day_formats, *_OTHER_FORMATS):
        for suffix in _TIME_SUFFIXES if "%H" not in base else ("",):
            try:
                return _naive_utc(dt.datetime.strptime(text, base + suffix))
            except ValueError:
                continue
    try:  # RFC 2822: "Sat, 14 Mar 2026 10:22:00 +0200"
        return _naive_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    raise FieldError(f"date {_quote(value)} is not a recognised date")


def slash_dates_are_month_first(values: Iterable[Cell]) -> bool:
    """True when some 'a/b/yyyy' dates only work month-first (b > 12) and none only day-first."""
    only_month_first = only_day_first = 0
    for value in values:
        if not isinstance(value, str):
            continue
        match = _SLASH_DATE.match(value.strip())
        if not match:
            continue
        first, second = int(match[1]), int(match[2])
        if second > 12 >= first:
            only_month_first += 1
        elif first > 12 >= second:
            only_day_first += 1
    return only_month_first > 0 and only_day_first == 0


def _date_from_number(number: float, original: Cell) -> dt.datetime:
    if _EXCEL_SERIALS[0] <= number < _EXCEL_SERIALS[1]:
        return _EXCEL_EPOCH + dt.timedelta(milliseconds=round(number * 86_400_000))
    if _UNIX_SECONDS[0] <= number < _UNIX_SECONDS[1]:
        return dt.datetime.fromtimestamp(number, tz=dt.UTC).replace(tzinfo=None)
    if _UNIX_SECONDS[0] * 1000 <= number < _UNIX_SECONDS[1] * 1000:  # milliseconds
        return dt.datetime.fromtimestamp(number / 1000, tz=dt.UTC).replace(tzinfo=None)
    raise FieldError(f"date {_quote(original)} is a number but not an Excel date or Unix time")


def _naive_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _empty(value: Cell) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _quote(value: Cell) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")
