"""Publication dates: ISO 8601, RFC 2822, epoch seconds or milliseconds; always timezone-aware."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from reprise.dates import iso, parse_date

UTC = timezone.utc


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2016-01-01", datetime(2016, 1, 1, tzinfo=UTC)),
        ("2016-01-01T14:30:00", datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        ("2016-01-01T14:30:00Z", datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        ("2016-01-01 14:30:00+00:00", datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        ("2016-01-01T14:30:00.123456Z", datetime(2016, 1, 1, 14, 30, 0, 123456, tzinfo=UTC)),
        ("  2016-01-01T14:30:00Z  ", datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        ("Fri, 01 Jan 2016 14:30:00 GMT", datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        ("Fri, 01 Jan 2016 14:30:00 +0000", datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        ("1451658600", datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        ("1451658600.5", datetime(2016, 1, 1, 14, 30, 0, 500000, tzinfo=UTC)),
        ("1451658600000", datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        (1451658600, datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        (1451658600.0, datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        (1451658600000, datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
        (date(2016, 1, 1), datetime(2016, 1, 1, tzinfo=UTC)),
        (datetime(2016, 1, 1, 14, 30), datetime(2016, 1, 1, 14, 30, tzinfo=UTC)),
    ],
)
def test_forms_parse_to_the_same_instant(value, expected):
    parsed = parse_date(value)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_offsets_are_kept_as_the_same_instant():
    paris = parse_date("2016-01-01T15:30:00+01:00")
    assert paris == datetime(2016, 1, 1, 14, 30, tzinfo=UTC)
    assert paris.utcoffset() == timedelta(hours=1)
    assert parse_date("Fri, 01 Jan 2016 09:30:00 -0500") == datetime(2016, 1, 1, 14, 30, tzinfo=UTC)


def test_aware_datetime_is_returned_unchanged():
    value = datetime(2016, 1, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    assert parse_date(value) is value


@pytest.mark.parametrize("value", [None, "", "   ", "not a date", "yesterday", "2016-13-45", "Fri, 99 Foo 2016", True, False,
                                   [2016], {"year": 2016}, "12345", "99999999999999999"])
def test_non_dates_are_none(value):
    assert parse_date(value) is None


def test_iso_is_utc_to_the_second():
    assert iso(None) is None
    assert iso(datetime(2016, 1, 1, 15, 30, 12, 999999, tzinfo=timezone(timedelta(hours=1)))) == "2016-01-01T14:30:12+00:00"
    assert iso(parse_date("Fri, 01 Jan 2016 14:30:00 GMT")) == "2016-01-01T14:30:00+00:00"


def test_iso_round_trips():
    for text in ("2016-01-01T14:30:00+00:00", "1999-12-31T23:59:59+00:00"):
        assert iso(parse_date(text)) == text
