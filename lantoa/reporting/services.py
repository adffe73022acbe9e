"""Writing, submitting and reviewing unit reports.

Every save names the revision the writer started from; a save from an older revision is
refused (ReportConflict) and nothing is written, so two people editing the same report never
overwrite each other unseen. Submitting keeps the whole report as a new version; the lead
division returns it with comments or accepts it, and an accepted report is locked.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa.plans.models import NodeKind
from lantoa.plans.selectors import plan_tasks
from lantoa.reporting.content import (
    content_localised,
    progress_activities,
    unit_report_content,
)
from lantoa.reporting.models import (
    ReportingPeriod,
    ReportStatus,
    TaskRole,
    UnitReport,
    UnitReportSection,
    UnitReportVersion,
)
from lantoa.reporting.selectors import user_may_review, user_may_write_report

LOG_SUBMIT = "lantoa_reporting.submit"
LOG_RETURN = "lantoa_reporting.return"
LOG_ACCEPT = "lantoa_reporting.accept"

NARRATIVE_FIELDS = (
    "results",
    "limitations",
    "proposals",
    "budget_used",
    "budget_note",
    "signer_title",
    "signer_name",
)


class ReportConflict(Exception):
    """Someone saved the report after the writer opened it."""

    def __init__(self, report: UnitReport):
        self.report = report
        super().__init__(
            _(
                "%(person)s saved this report at %(time)s, after you opened it. Nothing of "
                "yours was saved: copy what you wrote, reload the report and add it again."
            )
            % {
                "person": _person_name(report.updated_by) or _("someone"),
                "time": timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y"),
            }
        )


def record_save_at_revision(record, *, user, revision: int, fields: dict, allowed):
    """Write `fields` (names from `allowed`) to `record`, a report locked for update, if it is
    still at `revision`, and move it to the next revision; else ReportConflict, nothing saved."""
    if record.revision != revision:
        raise ReportConflict(record)
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected report fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(record, name, value)
    record.updated_by = user
    record.revision = F("revision") + 1
    record.save()
    record.refresh_from_db()
    return record


def _person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _unit_tasks(period: ReportingPeriod, unit):
    """(task, role) for every current task the unit leads or coordinates, leads first."""
    lead, coordinate = [], []
    for task in plan_tasks(plan=period.plan):
        if task.kind != NodeKind.TASK:
            continue
        if any(lead_unit.pk == unit.pk for lead_unit in task.lead_units.all()):
            lead.append((task, TaskRole.LEAD))
        elif task.coordinating_all_units or any(
            other.pk == unit.pk for other in task.coordinating_units.all()
        ):
            coordinate.append((task, TaskRole.COORDINATE))
    return lead + coordinate


@transaction.atomic
def unit_report_open(*, period: ReportingPeriod, unit, user) -> UnitReport:
    """The unit's report for the period; the first time, made with a section per task it leads
    or coordinates, each prefilled with its progress notes of the period."""
    report = UnitReport.objects.filter(period=period, unit=unit).first()
    if report is not None:
        return report
    if not user_may_write_report(user, unit):
        raise PermissionDenied(_("Only the unit's own staff start its report."))
    if not period.units.filter(pk=unit.pk).exists():
        raise PermissionDenied(_("This unit is not asked to report in this period."))
    try:
        with transaction.atomic():
            report = UnitReport.objects.create(period=period, unit=unit, updated_by=user)
    except IntegrityError:  # a colleague opened it a moment ago
        return UnitReport.objects.get(period=period, unit=unit)
    activities = progress_activities(unit=unit, starts_on=period.starts_on, ends_on=period.ends_on)
    UnitReportSection.objects.bulk_create(
        UnitReportSection(
            report=report,
            task=task,
            role=role,
            position=position,
            activities=activities.get(task.pk, ""),
        )
        for position, (task, role) in enumerate(_unit_tasks(period, unit))
    )
    return report


def _check_may_write(report: UnitReport, user) -> None:
    if not user_may_write_report(user, report.unit):
        raise PermissionDenied(_("You may write only your own unit's report."))
    if report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("This report has been accepted and is locked."))
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(
            _(
                "This report has been submitted and awaits review; it can change again only "
                "if it is returned."
            )
        )


@transaction.atomic
def unit_report_save(
    *, report: UnitReport, user, revision: int, fields: dict, activities: dict[int, str]
) -> UnitReport:
    """Save the narrative `fields` and the sections' `activities` ({section id: text}) if the
    report is still at `revision`; else ReportConflict and nothing is saved."""
    report = (
        UnitReport.objects.select_for_update(of=("self",))
        .select_related("unit", "updated_by")
        .get(pk=report.pk)
    )
    _check_may_write(report, user)
    report = record_save_at_revision(
        report, user=user, revision=revision, fields=fields, allowed=NARRATIVE_FIELDS
    )
    sections = {section.pk: section for section in report.sections.all()}
    for section_id, text in activities.items():
        section = sections.get(section_id)
        if section is None:
            raise ValidationError(_("A section of the report no longer exists; reload it."))
        if section.activities != text:
            section.activities = text
            section.save(update_fields=["activities"])
    return report


@transaction.atomic
def unit_report_submit(*, report: UnitReport, user, revision: int) -> UnitReportVersion:
    """Send the report to the lead division, keeping everything it says as a new version."""
    report = (
        UnitReport.objects.select_for_update(of=("self",))
        .select_related("unit", "updated_by")
        .get(pk=report.pk)
    )
    _check_may_write(report, user)
    if report.revision != revision:
        raise ReportConflict(report)
    if not report.results.strip():
        raise ValidationError({"results": _("Say what the unit achieved before submitting.")})
    now = timezone.now()
    number = report.versions.count() + 1
    version = UnitReportVersion.objects.create(
        report=report,
        number=number,
        submitted_at=now,
        submitted_by=user,
        content=unit_report_content(report),
    )
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by = user
    report.updated_by = user
    report.revision = F("revision") + 1
    report.save()
    log(instance=report, action=LOG_SUBMIT, user=user, data={"version": number})
    return version


def _check_may_review(report: UnitReport, user) -> None:
    if not user_may_review(user):
        raise PermissionDenied(_("Only the lead division returns or accepts unit reports."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned or accepted."))


@transaction.atomic
def unit_report_return(*, report: UnitReport, user, comment: str) -> UnitReport:
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    _check_may_review(report, user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the unit should change.")})
    report.status = ReportStatus.RETURNED
    report.review_comment = comment
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.revision = F("revision") + 1
    report.save()
    log(instance=report, action=LOG_RETURN, user=user, data={"comment": comment})
    report.refresh_from_db()
    return report


@transaction.atomic
def unit_report_accept(*, report: UnitReport, user) -> UnitReport:
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    _check_may_review(report, user)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.revision = F("revision") + 1
    report.save()
    log(instance=report, action=LOG_ACCEPT, user=user)
    report.refresh_from_db()
    return report


def unit_report_accepted_content(report: UnitReport) -> dict:
    """What an accepted or submitted report said when last submitted; a draft's live content."""
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        version = report.versions.order_by("-number").first()
        if version is not None:
            return content_localised(version.content)
    return unit_report_content(report)
