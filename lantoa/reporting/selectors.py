"""Who may read and write which report, and the status board of a period."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.directory.models import Unit
from lantoa.directory.selectors import user_sees_all_units, user_unit
from lantoa.reporting.models import ReportingPeriod, ReportStatus, UnitReport

REVIEW_PERMISSION = "reporting.review_unitreport"
CONSOLIDATE_PERMISSION = "reporting.consolidate_reports"


def user_may_review(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(REVIEW_PERMISSION))


def user_may_consolidate(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(CONSOLIDATE_PERMISSION))


def user_reads_all_reports(user) -> bool:
    """The lead division and leaders read every unit's report."""
    return bool(
        user.is_authenticated
        and user.has_perm("reporting.view_unitreport")
        and (user_sees_all_units(user) or user_may_review(user))
    )


def user_may_write_report(user, unit: Unit) -> bool:
    """Only the unit's own staff write its report."""
    if not (user.is_authenticated and user.has_perm("reporting.change_unitreport")):
        return False
    own = user_unit(user)
    return own is not None and own.pk == unit.pk


def user_may_read_report(user, unit: Unit) -> bool:
    return user_reads_all_reports(user) or user_may_write_report(user, unit)


def periods_for_user(*, user) -> QuerySet[ReportingPeriod]:
    periods = ReportingPeriod.objects.select_related("plan").order_by("-unit_due_on", "-pk")
    if user_reads_all_reports(user):
        return periods
    unit = user_unit(user)
    if unit is None or not user.has_perm("reporting.view_unitreport"):
        return periods.none()
    return periods.filter(units=unit)


def period_get_for_user(*, user, code: str) -> ReportingPeriod:
    period = periods_for_user(user=user).filter(code=code).first()
    if period is None:
        raise Http404
    return period


class BoardState:
    MISSING = "missing"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


BOARD_LABELS = {
    BoardState.MISSING: _("Not started"),
    BoardState.DRAFT: _("Being written"),
    BoardState.SUBMITTED: _("Submitted, awaiting review"),
    BoardState.RETURNED: _("Returned for changes"),
    BoardState.ACCEPTED: _("Accepted"),
}


@dataclass
class BoardRow:
    unit: Unit
    report: UnitReport | None
    state: str
    first_submitted_at: datetime | None
    is_late: bool

    @property
    def label(self) -> str:
        return str(BOARD_LABELS[self.state])


def period_board(*, period: ReportingPeriod, today: date | None = None) -> list[BoardRow]:
    """One row per unit of the period: where its report stands, and whether it is late (first
    submitted after the due date, or still not submitted when the due date has passed)."""
    today = today or timezone.localdate()
    reports = {
        report.unit_id: report
        for report in period.unit_reports.prefetch_related("versions").select_related("unit")
    }
    rows = []
    for unit in period.units.order_by("sort_order", "name_key"):
        report = reports.get(unit.pk)
        first = None
        if report is not None:
            numbers = sorted(report.versions.all(), key=lambda version: version.number)
            first = numbers[0].submitted_at if numbers else None
        state = BoardState.MISSING if report is None else report.status
        if first is not None:
            late = timezone.localdate(first) > period.unit_due_on
        else:
            late = today > period.unit_due_on
        rows.append(
            BoardRow(unit=unit, report=report, state=state, first_submitted_at=first, is_late=late)
        )
    return rows


def unit_reports_accepted(period: ReportingPeriod) -> QuerySet[UnitReport]:
    return (
        period.unit_reports.filter(status=ReportStatus.ACCEPTED)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name_key")
    )
