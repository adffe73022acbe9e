"""Dates and numbers written the Vietnamese way, for every app, template and document.

One set of helpers so that a dashboard, an export and an official report agree: "05/12/2025",
"ngày 05 tháng 12 năm 2025", "1.234.567", "12,5%", "Số: 05/BC-SKHCN". They match Django's
`lantoa.formats.vi` (dd/mm/yyyy, "." between thousands, "," before decimals) but do not depend
on the active language, because an official document is Vietnamese whatever the reader's
interface language. Templates use them through `{% load vn_format %}`.

Missing values: every helper given None returns "" (a blank cell or field, as templates
expect). A value of the wrong kind, or a number that is not finite, raises ValueError or
TypeError: a figure that cannot be written must not silently disappear from a report.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
# What stands for a number or a day that is written in by hand when the document is registered
# (drafts carry "Số:      /BC-SKHCN" and "ngày     tháng     năm 2026").
BLANK = " " * 5

Number = int | float | Decimal


def _local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"Expected a date or datetime, got {type(value).__name__}")


def date_short(value: datetime.date | datetime.datetime | None) -> str:
    """05/12/2025. An aware datetime is first converted to local time (Asia/Ho_Chi_Minh)."""
    if value is None:
        return ""
    day = _local_date(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _day_month(day: datetime.date) -> tuple[str, str]:
    # Decree 30/2020, Appendix I: days under 10 and the months 1 and 2 take a leading zero
    # ("ngày 05 tháng 02", but "tháng 6"), so no digit can be added to them afterwards.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}", month


def date_long(value: datetime.date | datetime.datetime | None) -> str:
    """ngày 05 tháng 12 năm 2025; ngày 09 tháng 02 năm 2026; ngày 20 tháng 6 năm 2026."""
    if value is None:
        return ""
    day = _local_date(value)
    dd, mm = _day_month(day)
    return f"ngày {dd} tháng {mm} năm {day.year}"


def place_date_line(
    place: str, value: datetime.date | datetime.datetime | None, *, year: int | None = None
) -> str:
    """Quảng Ngãi, ngày 05 tháng 12 năm 2025.

    Without a date (a draft, dated by hand when signed) the day and month are left blank:
    "Quảng Ngãi, ngày      tháng      năm 2026", the year being `year` or the current one.
    """
    if value is None:
        year = year if year is not None else timezone.localdate().year
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"
    return f"{place}, {date_long(value)}"


def _decimal(value: Number | str) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("Expected a number, got bool")
    if isinstance(value, float):
        # Through str: Decimal(2.675) is 2.67499999…, which would round down.
        value = repr(value)
    if not isinstance(value, int | Decimal | str):
        raise TypeError(f"Expected a number, got {type(value).__name__}")
    try:
        result = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValueError(f"Not a number: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"Not a finite number: {value!r}")
    return result


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return THOUSAND_SEPARATOR.join(groups)


def _format(value: Decimal, places: int, *, trim: bool) -> str:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    sign = "-" if rounded < 0 and (whole.strip("0") or fraction.strip("0")) else ""
    result = sign + _group(whole)
    return f"{result}{DECIMAL_SEPARATOR}{fraction}" if fraction else result


def number(value: Number | str | None, decimals: int | None = None) -> str:
    """1.234.567; 12,5; -1.234,5.

    `decimals=None` writes as many decimals as the value needs, at most 2, without trailing
    zeros (Decimal("1234.50") → "1.234,5"); a number fixes them (number(12.5, 2) → "12,50").
    Rounding is half up, as people round by hand. Numeric strings are accepted ("1234.5").
    """
    if value is None:
        return ""
    if decimals is not None and decimals < 0:
        raise ValueError("decimals must be 0 or more")
    amount = _decimal(value)
    if decimals is None:
        return _format(amount, 2, trim=True)
    return _format(amount, decimals, trim=False)


def percent(value: Number | str | None, decimals: int = 1) -> str:
    """12,5%. The value is in percent units (12.5 means 12,5%), rounded to at most `decimals`
    places with trailing zeros dropped, as reports write it in prose: "100%", "33,3%"."""
    if value is None:
        return ""
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    return _format(_decimal(value), decimals, trim=True) + "%"


def document_number(value: int | str | None) -> str:
    """05, 12, 125: the registration number of a document; under 10 takes a leading zero
    (Decree 30/2020). None or "" (not yet registered) gives ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        raise TypeError("Expected a document number, got bool")
    try:
        numeric = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"Not a document number: {value!r}") from None
    if numeric < 1:
        raise ValueError(f"A document number starts at 1, got {value!r}")
    return f"{numeric:02d}"


def document_reference(value: int | str | None, symbol: str) -> str:
    """05/BC-SKHCN: number and symbol. Without a number (a draft, numbered at registration)
    the number is left blank: "     /BC-SKHCN". The "Số: " label is the document's, not
    part of the reference."""
    number_text = document_number(value) or BLANK
    return f"{number_text}/{symbol}"
