"""The shared checks of raw input: each refusal names its field, and nothing odd slips through as a number."""

import datetime as dt

import pytest

from sanji.core.errors import InvalidInput
from sanji.core.inputs import parse_count, parse_date, parse_moment


@pytest.mark.parametrize("value, expected", [(0, 0), ("0", 0), (" 7 ", 7), (20, 20), ("", 5), (None, 5)])
def test_a_count_is_a_whole_number_from_zero(value, expected):
    assert parse_count(value, field="n", maximum=20, message="x", empty=5) == expected


@pytest.mark.parametrize("value", [-1, "-1", 21, "1.5", 1.5, "many", True, False, "１２", [], "1e3"])
def test_anything_else_is_refused_naming_the_field(value):
    with pytest.raises(InvalidInput) as refused:
        parse_count(value, field="capacity", maximum=20, message="Enter a count.")
    assert refused.value.extra["field"] == "capacity"


def test_an_empty_count_is_refused_when_it_has_no_default():
    with pytest.raises(InvalidInput):
        parse_count("", field="capacity", maximum=20, message="Enter a count.")


def test_dates_and_moments_are_read_in_the_district_s_zone():
    assert parse_date("2026-03-16", field="d") == dt.date(2026, 3, 16)
    moment = parse_moment("2026-03-16T10:30", field="m")
    assert moment.utcoffset() == dt.timedelta(hours=8)
    for bad in ("16/03/2026", "1999-12-31", ""):
        with pytest.raises(InvalidInput):
            parse_date(bad, field="d")
