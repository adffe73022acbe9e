from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from lantoa.plans.models import TargetKind

register = template.Library()

STATUS_CLASSES = {
    "achieved": "lt-status lt-status--achieved",
    "on_track": "lt-status lt-status--on-track",
    "at_risk": "lt-status lt-status--at-risk",
    "late": "lt-status lt-status--late",
    "no_data": "lt-status lt-status--no-data",
    "done": "lt-status lt-status--achieved",
    "in_progress": "lt-status lt-status--on-track",
    "blocked": "lt-status lt-status--late",
    "not_started": "lt-status lt-status--no-data",
}


@register.simple_tag
def status_badge(status: str, label: str):
    return format_html('<span class="{}">{}</span>', STATUS_CLASSES.get(status, "lt-status"), label)


@register.filter
def target_value(value, target):
    """A target value as people read it: "75%", "12", "có"/"chưa"."""
    if value is None:
        return _("no data source yet")
    if target.kind in (TargetKind.YES_NO, TargetKind.YEARLY_LIST):
        return _("yes") if value >= 1 else _("not yet")
    number = number_format(Decimal(value).normalize(), decimal_pos=None, use_l10n=True)
    if target.kind == TargetKind.PERCENT:
        return f"{number}%"
    return number


@register.filter
def target_goal(target):
    if target.kind in (TargetKind.YES_NO, TargetKind.YEARLY_LIST):
        return _("yes") if target.kind == TargetKind.YES_NO else _("every year")
    return target_value(target.goal_value, target)


@register.inclusion_tag("plans/includes/sparkline.html")
def sparkline(points, target, width=120, height=28):
    """A small trend line; decorative (aria-hidden): the data table next to it carries it."""
    values = [float(value) for _day, value in points]
    if len(values) < 2:
        return {"points": "", "width": width, "height": height}
    top = 100.0 if target.kind == TargetKind.PERCENT else max(max(values), 1.0)
    step = width / (len(values) - 1)
    coords = " ".join(
        f"{index * step:.1f},{height - (value / top) * (height - 2) - 1:.1f}"
        for index, value in enumerate(values)
    )
    return {"points": coords, "width": width, "height": height}


@register.simple_tag
def bar_width(count: int, total: int) -> str:
    if not total:
        return "0%"
    return f"{count * 100 / total:.1f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, []) if mapping else []
