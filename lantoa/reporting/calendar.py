"""The reporting calendar: half-year periods made from the plan's reporting deadlines, and
ad-hoc requests (đột xuất)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.directory.models import Unit, UnitKind
from lantoa.plans.models import Plan, ReportKind
from lantoa.reporting.models import PeriodKind, ReportingPeriod


def reporting_units(plan: Plan):
    """The units that report on the plan: the agency's active units but its leadership."""
    return (
        Unit.objects.active()
        .filter(organisation=plan.organisation)
        .exclude(kind=UnitKind.LEADERSHIP)
        .order_by("sort_order", "name_key")
    )


def lead_division(plan: Plan) -> Unit | None:
    """The unit that consolidates the reports (the plan's consolidated deadline names it; else
    the unit the unit reports go through)."""
    deadlines = plan.reporting_deadlines.select_related("unit", "submit_to")
    for deadline in deadlines:
        if deadline.kind == ReportKind.CONSOLIDATED and deadline.unit is not None:
            return deadline.unit
    return next((deadline.submit_to for deadline in deadlines if deadline.submit_to), None)


def half_year_code(year: int, half: int) -> str:
    return f"{year}-{half}"


def half_year_bounds(year: int, half: int) -> tuple[date, date]:
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (date(year, 7, 1), date(year, 12, 31))
    )


def _deadline(plan: Plan, kind: str, half: int, year: int) -> date | None:
    deadline = plan.reporting_deadlines.filter(kind=kind, half=half).first()
    return date(year, deadline.month, deadline.day) if deadline else None


@transaction.atomic
def half_year_period_ensure(*, plan: Plan, year: int, half: int) -> ReportingPeriod | None:
    """The period of that half-year, made from the plan's calendar when it is first needed;
    None when the plan has no unit-report deadline for that half."""
    code = half_year_code(year, half)
    existing = ReportingPeriod.objects.filter(plan=plan, code=code).first()
    if existing is not None:
        return existing
    unit_due = _deadline(plan, ReportKind.UNIT, half, year)
    if unit_due is None:
        return None
    starts_on, ends_on = half_year_bounds(year, half)
    period = ReportingPeriod.objects.create(
        plan=plan,
        kind=PeriodKind.HALF_YEAR,
        code=code,
        title=f"{year}-{half}",  # shown through ReportingPeriod.heading, in the reader's language
        year=year,
        half=half,
        starts_on=starts_on,
        ends_on=ends_on,
        unit_due_on=unit_due,
        consolidated_due_on=_deadline(plan, ReportKind.CONSOLIDATED, half, year),
    )
    period.units.set(reporting_units(plan))
    return period


def half_year_periods_ensure(*, plan: Plan, today: date | None = None) -> list[ReportingPeriod]:
    """Every half-year period from the one in which the plan was issued up to the one running
    today."""
    today = today or timezone.localdate()
    last_year = min(today.year, plan.period_end)
    existing = {
        period.code: period
        for period in ReportingPeriod.objects.filter(plan=plan, kind=PeriodKind.HALF_YEAR)
    }
    periods = []
    for year in range(plan.period_start, last_year + 1):
        for half in (1, 2):
            if year == today.year and half == 2 and today.month <= 6:
                continue
            if half_year_bounds(year, half)[1] < plan.issued_on:
                continue
            period = existing.get(half_year_code(year, half)) or half_year_period_ensure(
                plan=plan, year=year, half=half
            )
            if period is not None:
                periods.append(period)
    return periods


@transaction.atomic
def ad_hoc_request_create(
    *,
    plan: Plan,
    title: str,
    request: str,
    starts_on: date,
    ends_on: date,
    unit_due_on: date,
    consolidated_due_on: date | None,
    units,
    user,
    today: date | None = None,
) -> ReportingPeriod:
    """An ad-hoc request (đột xuất) to some units, with its own due date. Refused with the
    reasons when a date is in the past or out of order; nothing is saved then."""
    today = today or timezone.localdate()
    errors = {}
    if unit_due_on < today:
        errors["unit_due_on"] = _("The due date has passed: choose today or a later day.")
    if consolidated_due_on and consolidated_due_on < unit_due_on:
        errors["consolidated_due_on"] = _(
            "The consolidated report cannot be due before the units' reports."
        )
    if ends_on < starts_on:
        errors["ends_on"] = _("The period must end after it starts.")
    units = list(units)
    if not units:
        errors["units"] = _("Choose at least one unit.")
    if errors:
        raise ValidationError(errors)
    sequence = ReportingPeriod.objects.filter(plan=plan, kind=PeriodKind.AD_HOC).count() + 1
    while ReportingPeriod.objects.filter(
        plan=plan, code=f"dot-xuat-{unit_due_on.year}-{sequence:02d}"
    ).exists():
        sequence += 1  # a request was deleted: skip the numbers still taken
    period = ReportingPeriod.objects.create(
        plan=plan,
        kind=PeriodKind.AD_HOC,
        code=f"dot-xuat-{unit_due_on.year}-{sequence:02d}",
        title=title.strip(),
        year=unit_due_on.year,
        starts_on=starts_on,
        ends_on=ends_on,
        unit_due_on=unit_due_on,
        consolidated_due_on=consolidated_due_on,
        request=request.strip(),
        requested_by=user,
    )
    period.units.set(units)
    return period
