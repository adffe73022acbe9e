"""Vietnamese dates and numbers in templates: `{% load vn_format %}`, then
`{{ report.submitted_at|date_short }}`, `{{ day|date_long }}`, `{{ total|vn_number }}`,
`{{ share|vn_percent }}` (optional argument: decimals).

The filters wrap `lantoa.core.formatting`. As Django's own filters do, a value they cannot
format (text that is not a number, an object that is not a date) gives "" rather than an
error page; None gives "" too.
"""

from django import template

from lantoa.core import formatting

register = template.Library()


def _safely(function, *args):
    try:
        return function(*args)
    except (TypeError, ValueError):
        return ""


@register.filter
def date_short(value):
    """05/12/2025"""
    return _safely(formatting.date_short, value)


@register.filter
def date_long(value):
    """ngày 05 tháng 12 năm 2025"""
    return _safely(formatting.date_long, value)


@register.filter
def vn_number(value, decimals=None):
    """1.234.567; 12,5 — `|vn_number:2` fixes the decimals (12,50)."""
    if decimals is not None and decimals != "":
        return _safely(lambda v: formatting.number(v, int(decimals)), value)
    return _safely(formatting.number, value)


@register.filter
def vn_percent(value, decimals=1):
    """12,5% — the value in percent units; `|vn_percent:0` rounds to whole percents."""
    return _safely(lambda v: formatting.percent(v, int(decimals)), value)
