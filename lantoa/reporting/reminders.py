"""E-mail reminders to units whose report is not yet submitted: some days before the deadline
and after it has passed (the worker runs `reminders_send` every hour; each reminder goes once).

Recipients are the unit's mailbox and its staff who may write the report, each in their
preferred language."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from lantoa.core import formatting
from lantoa.directory.models import Person
from lantoa.plans.selectors import plans_active
from lantoa.reporting.calendar import half_year_periods_ensure
from lantoa.reporting.content import absolute_url
from lantoa.reporting.models import ReminderKind, ReminderSent, ReportingPeriod, ReportStatus


def days_before() -> tuple[int, ...]:
    """Days before the deadline on which a missing report is reminded."""
    return tuple(getattr(settings, "REPORTING_REMINDER_DAYS_BEFORE", (7, 3, 1)))


def days_overdue() -> tuple[int, ...]:
    """Days after the deadline on which a missing report is reminded."""
    return tuple(getattr(settings, "REPORTING_REMINDER_DAYS_OVERDUE", (1, 3, 7, 14)))


def _due_reminder(period: ReportingPeriod, today: date) -> tuple[str, int] | None:
    days = (period.unit_due_on - today).days
    if days in days_before():
        return ReminderKind.BEFORE, days
    if -days in days_overdue():
        return ReminderKind.OVERDUE, days
    return None


def _recipients(unit) -> list[tuple[str, str]]:
    """(address, language) of the unit's mailbox and of its staff who write reports."""
    from wagtail.users.models import UserProfile

    found: dict[str, str] = {}
    staff = Person.objects.filter(unit=unit, is_active=True, user__is_active=True).select_related(
        "user"
    )
    for person in staff:
        user = person.user
        if user.email and user.has_perm("reporting.change_unitreport"):
            found[user.email.lower()] = UserProfile.get_for_user(user).get_preferred_language()
    if unit.email and unit.email.lower() not in found:
        found[unit.email.lower()] = settings.LANGUAGE_CODE
    return sorted(found.items())


def _report_url(period: ReportingPeriod, unit) -> str:
    return absolute_url(reverse("reporting:unit_report", args=[period.code, unit.pk]))


def reminders_send(*, today: date | None = None) -> int:
    """Send the reminders due today; return how many units were reminded."""
    today = today or timezone.localdate()
    for plan in plans_active():
        half_year_periods_ensure(plan=plan, today=today)  # the calendar's periods exist
    sent = 0
    periods = ReportingPeriod.objects.filter(
        unit_due_on__gte=today.fromordinal(today.toordinal() - max(days_overdue(), default=0)),
        unit_due_on__lte=today.fromordinal(today.toordinal() + max(days_before(), default=0)),
    )
    for period in periods:
        due = _due_reminder(period, today)
        if due is None:
            continue
        kind, days = due
        done = set(
            period.unit_reports.filter(
                status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
            ).values_list("unit_id", flat=True)
        )
        for unit in period.units.exclude(pk__in=done):
            if _remind(period=period, unit=unit, kind=kind, days=days):
                sent += 1
    return sent


def _remind(*, period: ReportingPeriod, unit, kind: str, days: int) -> bool:
    recipients = _recipients(unit)
    if not recipients:
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                period=period,
                unit=unit,
                kind=kind,
                days=days,
                recipients=", ".join(address for address, _language in recipients),
            )
    except IntegrityError:
        return False  # already reminded (another worker, or an earlier run today)
    context = {
        "period": period,
        "unit": unit,
        "due": formatting.date_short(period.unit_due_on),
        "days": abs(days),
        "overdue": kind == ReminderKind.OVERDUE,
        "url": _report_url(period, unit),
    }
    for address, language in recipients:
        with translation.override(language):
            subject = render_to_string("reporting/email/reminder_subject.txt", context)
            body = render_to_string("reporting/email/reminder.txt", context)
        send_mail(" ".join(subject.split()), body, None, [address])
    return True
