"""The portal's measures of the plan targets about the Resolution 57 section.

Registered with lantoa.plans in PortalConfig.ready() (the plans app never imports the portal):

- `portal.section_active` (Plan 2725, T1): the section exists and has items published in each
  month since the plan was issued.
- `portal.communication_units_publishing_share` (Plan 2725, T3): units with a communication duty
  that have published in the section ÷ all such units.

Only what visitors can see counts: live, public articles placed in a live, public section marked
"Resolution 57" that no unpublished page hides. Months are calendar months in the agency's time
zone (settings.TIME_ZONE, Asia/Ho_Chi_Minh), so an article published at 00:30 on 1 December in
Vietnam counts for December even though it is still 30 November in UTC.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page

from lantoa.directory.models import Unit
from lantoa.plans.indicators import (
    Indicator,
    IndicatorContext,
    IndicatorRecord,
    IndicatorValue,
    percent,
)
from lantoa.portal.models import ArticlePage, SectionPage

SECTION_ACTIVE = "portal.section_active"
UNITS_PUBLISHING = "portal.communication_units_publishing_share"


# --- what counts ---------------------------------------------------------------------------


def resolution_57_sections() -> list[SectionPage]:
    """Live, public Resolution 57 sections that visitors can reach, in tree order.

    A live section under an unpublished page is not on the site, so it does not count.
    """
    # The type filter lets SQLite start from the few sections (an index on the content type)
    # instead of walking the whole page tree in path order.
    sections = list(
        SectionPage.objects.type(SectionPage)
        .live()
        .public()
        .filter(is_resolution_57=True)
        .order_by("path")
    )
    step = Page.steplen
    # Every ancestor below the tree's root (which is never "published").
    ancestor_paths = {
        section.path[:end]
        for section in sections
        for end in range(2 * step, len(section.path), step)
    }
    hidden = set(
        Page.objects.filter(path__in=ancestor_paths, live=False).values_list("path", flat=True)
    )
    return [
        section for section in sections if not any(section.path.startswith(path) for path in hidden)
    ]


def resolution_57_articles(*, sections: list[SectionPage] | None = None) -> QuerySet[ArticlePage]:
    """Live, public articles placed directly in a Resolution 57 section.

    An article in a subsection that is not itself marked Resolution 57 does not count: the
    editor said that subsection is about something else.
    """
    if sections is None:
        sections = resolution_57_sections()
    if not sections:
        return ArticlePage.objects.none()
    placed = Q()
    for section in sections:
        placed |= Q(path__startswith=section.path, depth=section.depth + 1)
    return ArticlePage.objects.live().public().filter(placed)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _end_of(day: date) -> datetime:
    """The first instant after `day`, in the agency's time zone."""
    return _local_midnight(day + timedelta(days=1))


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _months_between(first: date, last: date) -> list[date]:
    """First days of the calendar months from `first`'s to `last`'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _month_after(month)
    return months


# --- T1: the section is active every month --------------------------------------------------


@dataclass(frozen=True)
class SectionActivity:
    sections: list[SectionPage]
    months: list[tuple[date, int]]  # (first day of the month, items published in it)

    @property
    def active_months(self) -> int:
        return sum(1 for _month, count in self.months if count)


def section_activity(*, plan, as_of: date) -> SectionActivity:
    """Items published in the Resolution 57 section per month, from the plan's month to as_of.

    The month of as_of is still running: it is judged only once it has an item, so a section
    is not "inactive" on the 3rd of a month just because nothing has appeared yet.
    """
    sections = resolution_57_sections()
    first_month = plan.issued_on.replace(day=1)
    current_month = as_of.replace(day=1)
    counts: Counter[date] = Counter()
    if sections and first_month <= current_month:
        published = (
            resolution_57_articles(sections=sections)
            .filter(
                first_published_at__gte=_local_midnight(first_month),
                first_published_at__lt=_end_of(as_of),
            )
            .values_list("first_published_at", flat=True)
        )
        for moment in published:
            counts[_local_day(moment).replace(day=1)] += 1
    months = [
        (month, counts[month])
        for month in _months_between(first_month, current_month)
        if month < current_month or counts[month]
    ]
    return SectionActivity(sections=sections, months=months)


def section_active(context: IndicatorContext) -> IndicatorValue:
    activity = section_activity(plan=context.plan, as_of=context.as_of)
    active, total = activity.active_months, len(activity.months)
    if not activity.sections:
        return IndicatorValue(
            value=Decimal(0),
            numerator=0,
            denominator=total,
            detail=_("No Resolution 57 section is published on the portal."),
        )
    return IndicatorValue(
        value=Decimal(1 if active == total else 0),
        numerator=active,
        denominator=total,
        detail=_("%(active)s/%(total)s months with published items")
        % {"active": active, "total": total},
    )


def section_active_records(context: IndicatorContext) -> list[IndicatorRecord]:
    activity = section_activity(plan=context.plan, as_of=context.as_of)
    records = []
    url = ""
    if activity.sections:
        url = activity.sections[0].get_url() or ""
    else:
        records.append(
            IndicatorRecord(
                label=_("No Resolution 57 section is published on the portal."), counted=False
            )
        )
    for month, count in activity.months:
        label = ngettext(
            "%(month)s: %(count)s published item",
            "%(month)s: %(count)s published items",
            count,
        ) % {"month": f"{month:%m/%Y}", "count": count}
        records.append(
            IndicatorRecord(label=label, url=url, counted=count > 0, group=str(month.year))
        )
    return records


# --- T3: units with a communication duty publishing in the section --------------------------


@dataclass(frozen=True)
class UnitPublishing:
    unit: Unit
    count: int
    latest: ArticlePage | None


def units_publishing(*, plan, as_of: date) -> list[UnitPublishing]:
    """Each active unit of the plan's agency with a communication duty, with the items it has
    published in the Resolution 57 section up to as_of and its latest one."""
    units = list(
        Unit.objects.filter(organisation_id=plan.organisation_id)
        .active()
        .with_communication_duty()
        .order_by("sort_order", "name_key")
    )
    counts: Counter[int] = Counter()
    latest_ids: dict[int, int] = {}
    rows = (
        resolution_57_articles()
        .filter(authoring_unit__in=[unit.pk for unit in units])
        .filter(first_published_at__lt=_end_of(as_of))
        .order_by("-first_published_at", "-pk")
        .values_list("authoring_unit_id", "pk")
    )
    for unit_id, article_id in rows:
        counts[unit_id] += 1
        latest_ids.setdefault(unit_id, article_id)
    latest = ArticlePage.objects.in_bulk(list(latest_ids.values())) if latest_ids else {}
    return [
        UnitPublishing(unit=unit, count=counts[unit.pk], latest=latest.get(latest_ids.get(unit.pk)))
        for unit in units
    ]


def communication_units_publishing_share(context: IndicatorContext) -> IndicatorValue:
    rows = units_publishing(plan=context.plan, as_of=context.as_of)
    publishing = sum(1 for row in rows if row.count)
    result = percent(publishing, len(rows))
    if not rows:
        detail = _("No active unit has a communication duty.")
    else:
        detail = _(
            "%(publishing)s of %(total)s units with a communication duty have published in "
            "the Resolution 57 section"
        ) % {"publishing": publishing, "total": len(rows)}
    return IndicatorValue(
        value=result.value,
        numerator=result.numerator,
        denominator=result.denominator,
        detail=detail,
    )


def _unit_admin_url(unit: Unit) -> str:
    try:
        return reverse("unit:inspect", args=[unit.pk])
    except NoReverseMatch:
        return ""


def communication_units_publishing_records(context: IndicatorContext) -> list[IndicatorRecord]:
    records = []
    for row in units_publishing(plan=context.plan, as_of=context.as_of):
        if row.latest is not None:
            label = ngettext(
                "%(unit)s: %(count)s published item, latest on %(day)s",
                "%(unit)s: %(count)s published items, latest on %(day)s",
                row.count,
            ) % {
                "unit": row.unit,
                "count": row.count,
                "day": f"{_local_day(row.latest.first_published_at):%d/%m/%Y}",
            }
            url = row.latest.get_url() or ""
        else:
            label = _("%(unit)s: nothing published in the section yet") % {"unit": row.unit}
            url = _unit_admin_url(row.unit)
        records.append(
            IndicatorRecord(label=label, url=url, counted=row.count > 0, group=row.unit.code)
        )
    return records


INDICATORS = (
    Indicator(
        key=SECTION_ACTIVE,
        label=gettext_lazy("Resolution 57 section published every month"),
        compute=section_active,
        records=section_active_records,
        description=gettext_lazy(
            "Yes when a live, public Resolution 57 section exists on the portal and every "
            "month since the plan was issued has at least one item published in it."
        ),
        tags=("portal",),
    ),
    Indicator(
        key=UNITS_PUBLISHING,
        label=gettext_lazy("Communication units publishing in the Resolution 57 section"),
        compute=communication_units_publishing_share,
        records=communication_units_publishing_records,
        description=gettext_lazy(
            "Active units with a communication duty that have published at least one item in "
            "a Resolution 57 section, out of all such units."
        ),
        tags=("portal",),
    ),
)
