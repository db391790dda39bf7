"""Parsing rating, NPS and date cell values."""

from __future__ import annotations

import datetime as dt

import pytest

from miner.ingest.fields import (
    FieldError,
    parse_date,
    parse_nps,
    parse_rating,
    slash_dates_are_month_first,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4", 4.0),
        ("4.5", 4.5),
        ("4,5", 4.5),
        ("4/5", 4.0),
        ("8 / 10", 8.0),
        ("4 stars", 4.0),
        ("1 Star", 1.0),
        ("4 כוכבים", 4.0),
        ("4.0 out of 5 stars", 4.0),
        ("★★★★☆", 4.0),
        ("⭐⭐⭐", 3.0),
        (3, 3.0),
        (4.5, 4.5),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_parse_rating(value, expected):
    assert parse_rating(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("abc", "rating 'abc' is not a number"),
        ("11", "rating '11' is outside 0-10"),
        (-1, "rating '-1' is outside 0-10"),
        (True, "rating 'True' is not a number"),
    ],
)
def test_parse_rating_errors(value, reason):
    with pytest.raises(FieldError) as caught:
        parse_rating(value)
    assert str(caught.value) == reason


@pytest.mark.parametrize(
    ("value", "expected"), [("9", 9), ("0", 0), (10, 10), (7.0, 7), ("9/10", 9)]
)
def test_parse_nps(value, expected):
    assert parse_nps(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("9.5", "nps '9.5' is not a whole number"),
        ("11", "nps '11' is outside 0-10"),
        ("great", "nps 'great' is not a number"),
    ],
)
def test_parse_nps_errors(value, reason):
    with pytest.raises(FieldError) as caught:
        parse_nps(value)
    assert str(caught.value) == reason


D = dt.datetime(2026, 3, 14)
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-14", D),
        ("2026-03-14T10:22:05", D.replace(hour=10, minute=22, second=5)),
        ("2026-03-14T10:22:05Z", D.replace(hour=10, minute=22, second=5)),
        ("2026-03-14T12:22:05+02:00", D.replace(hour=10, minute=22, second=5)),
        ("2026-03-14 10:22", D.replace(hour=10, minute=22)),
        ("14/03/2026", D),
        ("14.03.2026", D),
        ("03/04/2026", dt.datetime(2026, 4, 3)),  # day-first: 3 April
        ("14/03/2026 09:15", D.replace(hour=9, minute=15)),
        ("2026/03/14", D),
        ("Mar 14, 2026", D),
        ("March 14, 2026", D),
        ("14 Mar 2026", D),
        ("Sat Mar 14 10:22:05 +0000 2026", D.replace(hour=10, minute=22, second=5)),
        ("Sat, 14 Mar 2026 12:22:05 +0200", D.replace(hour=10, minute=22, second=5)),
        ("20260314", D),
        (dt.datetime(2026, 3, 14, 10, 0), D.replace(hour=10)),
        (dt.datetime(2026, 3, 14, 12, 0, tzinfo=PLUS_TWO), D.replace(hour=10)),
        (dt.date(2026, 3, 14), D),
        (46095, D),  # Excel serial number
        (46095.5, D.replace(hour=12)),
        ("46095", D),
        ("1773483725", dt.datetime(2026, 3, 14, 10, 22, 5)),  # Unix seconds
        (1773483725, dt.datetime(2026, 3, 14, 10, 22, 5)),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_parse_date_month_first_when_asked():
    assert parse_date("03/14/2026", month_first=True) == D
    with pytest.raises(FieldError, match="not a recognised date"):
        parse_date("03/14/2026")


@pytest.mark.parametrize("value", ["someday", "32/01/2026", "12345", "2026-13-01"])
def test_parse_date_errors(value):
    with pytest.raises(FieldError) as caught:
        parse_date(value)
    assert repr(value) in str(caught.value)


def test_month_first_detected_only_when_unambiguous():
    assert slash_dates_are_month_first(["03/14/2026", "01/02/2026"])
    assert not slash_dates_are_month_first(["14/03/2026", "01/02/2026"])
    assert not slash_dates_are_month_first(["03/14/2026", "14/03/2026"])
    assert not slash_dates_are_month_first(["2026-03-14", None])
