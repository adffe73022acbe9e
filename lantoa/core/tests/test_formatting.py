import datetime
from decimal import Decimal

import pytest
import time_machine
from django.template import Context, Template

from lantoa.core.formatting import (
    date_long,
    date_short,
    document_number,
    document_reference,
    number,
    percent,
    place_date_line,
)

HCM = datetime.timezone(datetime.timedelta(hours=7))


class TestDates:
    def test_short(self):
        assert date_short(datetime.date(2025, 12, 5)) == "05/12/2025"
        assert date_short(datetime.date(2026, 2, 9)) == "09/02/2026"

    def test_aware_datetime_is_shown_in_local_time(self):
        # 20:30 UTC on 4 December is 03:30 on 5 December in Asia/Ho_Chi_Minh.
        moment = datetime.datetime(2025, 12, 4, 20, 30, tzinfo=datetime.UTC)
        assert date_short(moment) == "05/12/2025"
        assert date_long(moment) == "ngày 05 tháng 12 năm 2025"

    def test_naive_datetime_is_taken_as_it_is(self):
        assert date_short(datetime.datetime(2025, 12, 4, 23, 0)) == "04/12/2025"  # noqa: DTZ001

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (datetime.date(2025, 12, 5), "ngày 05 tháng 12 năm 2025"),
            (datetime.date(2025, 11, 11), "ngày 11 tháng 11 năm 2025"),
            (datetime.date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"),
            (datetime.date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
            (datetime.date(2026, 6, 20), "ngày 20 tháng 6 năm 2026"),
            (datetime.date(2026, 3, 1), "ngày 01 tháng 3 năm 2026"),
        ],
    )
    def test_long_follows_decree_30(self, day, expected):
        # Days under 10 and the months 1 and 2 take a leading zero, other months do not.
        assert date_long(day) == expected

    def test_place_date_line(self):
        assert (
            place_date_line("Quảng Ngãi", datetime.date(2025, 12, 5))
            == "Quảng Ngãi, ngày 05 tháng 12 năm 2025"
        )

    def test_place_date_line_without_a_date_leaves_day_and_month_blank(self):
        assert (
            place_date_line("Quảng Ngãi", None, year=2026)
            == "Quảng Ngãi, ngày     tháng     năm 2026"
        )

    @time_machine.travel(datetime.datetime(2026, 12, 31, 18, 0, tzinfo=datetime.UTC), tick=False)
    def test_place_date_line_blank_defaults_to_this_local_year(self):
        # 18:00 UTC on 31 December is already 2027 in Vietnam.
        assert place_date_line("Quảng Ngãi", None).endswith("năm 2027")

    def test_none_is_blank(self):
        assert date_short(None) == ""
        assert date_long(None) == ""

    def test_wrong_type_raises(self):
        with pytest.raises(TypeError):
            date_short("2025-12-05")


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (1234567, "1.234.567"),
            (12.5, "12,5"),
            (0, "0"),
            (999, "999"),
            (1000, "1.000"),
            (-1234, "-1.234"),
            (-1234.5, "-1.234,5"),
            (Decimal("1234.50"), "1.234,5"),
            (Decimal("1234.00"), "1.234"),
            (Decimal("0.005"), "0,01"),  # half up
            (2.675, "2,68"),  # not 2,67 from the float's binary value
            (1234.567, "1.234,57"),
            (-0.001, "0"),  # never "-0"
            (Decimal("1E+3"), "1.000"),
            ("1234.5", "1.234,5"),
        ],
    )
    def test_number(self, value, expected):
        assert number(value) == expected

    def test_fixed_decimals(self):
        assert number(12.5, 2) == "12,50"
        assert number(1234567.891, 0) == "1.234.568"
        assert number(Decimal("7"), 1) == "7,0"

    @pytest.mark.parametrize(
        ("value", "decimals", "expected"),
        [
            (12.5, 1, "12,5%"),
            (100, 1, "100%"),
            (33.333, 1, "33,3%"),
            (Decimal("66.666"), 2, "66,67%"),
            (0, 1, "0%"),
            (-4.25, 1, "-4,3%"),
            (87.6, 0, "88%"),
        ],
    )
    def test_percent(self, value, decimals, expected):
        assert percent(value, decimals) == expected

    def test_none_is_blank(self):
        assert number(None) == ""
        assert percent(None) == ""

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), "abc", ""])
    def test_not_a_finite_number_raises(self, value):
        with pytest.raises(ValueError):
            number(value)

    @pytest.mark.parametrize("value", [True, [1], object()])
    def test_not_a_number_type_raises(self, value):
        with pytest.raises(TypeError):
            number(value)

    def test_negative_decimals_raise(self):
        with pytest.raises(ValueError):
            number(1, -1)


class TestDocumentNumbers:
    @pytest.mark.parametrize(
        ("value", "expected"), [(5, "05"), (1, "01"), (9, "09"), (10, "10"), (125, "125")]
    )
    def test_number_under_ten_takes_a_zero(self, value, expected):
        assert document_number(value) == expected

    def test_reference(self):
        assert document_reference(5, "BC-SKHCN") == "05/BC-SKHCN"
        assert document_reference(2725, "KH-SKHCN") == "2725/KH-SKHCN"

    def test_reference_without_a_number_is_left_blank(self):
        assert document_reference(None, "BC-SKHCN") == "     /BC-SKHCN"
        assert document_number(None) == ""

    @pytest.mark.parametrize("value", [0, -3, "abc"])
    def test_invalid_numbers_raise(self, value):
        with pytest.raises(ValueError):
            document_number(value)


class TestTemplateFilters:
    def render(self, source, **context):
        return Template("{% load vn_format %}" + source).render(Context(context))

    def test_filters(self):
        rendered = self.render(
            "{{ d|date_short }}|{{ d|date_long }}|{{ n|vn_number }}|{{ n|vn_number:2 }}|"
            "{{ p|vn_percent }}|{{ p|vn_percent:0 }}",
            d=datetime.date(2026, 2, 9),
            n=Decimal("1234567.5"),
            p=12.46,
        )
        assert rendered == (
            "09/02/2026|ngày 09 tháng 02 năm 2026|1.234.567,5|1.234.567,50|12,5%|12%"
        )

    def test_aware_datetime_in_local_time(self):
        moment = datetime.datetime(2025, 12, 5, 1, 0, tzinfo=HCM)
        assert self.render("{{ m|date_short }}", m=moment) == "05/12/2025"

    def test_missing_or_invalid_values_render_blank(self):
        assert self.render("[{{ missing|vn_number }}][{{ text|vn_number }}]", text="abc") == "[][]"
        assert self.render("[{{ none|date_long }}][{{ text|date_short }}]", none=None) == "[][]"
