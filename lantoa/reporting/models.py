"""Periodic reporting (plan section V): the reporting periods, each unit's report on its tasks,
the versions it submitted, and the Department's consolidated report.

A period covers half a year (unit reports due 10/6 and 15/12, the consolidated report 20/6 and
20/12 in Quảng Ngãi; the dates come from the plan's reporting calendar) or answers an ad-hoc
request (đột xuất) with its own due date and units. Figures are not stored here: a report reads
them from the system's records when it is opened (lantoa/reporting/outputs.py) and keeps them
in the version it submits, so an accepted report says what it said when it was accepted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lantoa.core.models import TimeStampedModel
from lantoa.core.storage import private_storage
from lantoa.directory.models import Unit
from lantoa.plans.models import Plan, PlanNode


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Half-year report")
    AD_HOC = "ad_hoc", _("Ad-hoc request")


class ReportingPeriod(TimeStampedModel):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="reporting_periods", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices)
    code = models.SlugField(
        _("code"), max_length=30, help_text=_("Year and half, e.g. 2026-2; ad-hoc: dot-xuat-…")
    )
    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half-year"), null=True, blank=True)
    starts_on = models.DateField(_("covers from"))
    ends_on = models.DateField(_("covers until"))
    unit_due_on = models.DateField(_("unit reports due"))
    consolidated_due_on = models.DateField(_("consolidated report due"), null=True, blank=True)
    units = models.ManyToManyField(
        Unit, related_name="reporting_periods", verbose_name=_("units that report")
    )
    request = models.TextField(
        _("what is asked"), blank=True, help_text=_("For an ad-hoc request: its content.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-unit_due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="reporting_period_code_unique")
        ]

    def __str__(self) -> str:
        return str(self.heading)

    @property
    def heading(self) -> str:
        """ "6 tháng đầu năm 2026" in the reader's language for a half-year; an ad-hoc request's
        own title."""
        if self.kind == PeriodKind.HALF_YEAR and self.half in (1, 2):
            if self.half == 1:
                return gettext("first half of %(year)s") % {"year": self.year}
            return gettext("second half of %(year)s") % {"year": self.year}
        return self.title


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


class UnitReport(TimeStampedModel):
    """A unit's report for a period. Its unit writes it (draft → submitted); the lead division
    returns it with comments or accepts it; an accepted report is locked. `revision` grows at
    every save, so two people saving the same report cannot overwrite each other unseen."""

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="unit_reports",
        verbose_name=_("period"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("unit")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    results = models.TextField(_("results achieved"), blank=True)
    limitations = models.TextField(_("limitations and their causes"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    budget_used = models.DecimalField(
        _("budget used (VND)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    budget_note = models.TextField(_("about the budget"), blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("comments of the lead division"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["period", "unit__sort_order", "unit__name_key"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="reporting_one_report_per_unit")
        ]
        permissions = [("review_unitreport", _("Can return or accept unit reports"))]

    def __str__(self) -> str:
        return f"{self.period} – {self.unit.code}"

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    @property
    def is_with_unit(self) -> bool:
        """The unit may still change it (a draft, or returned for changes)."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class TaskRole(models.TextChoices):
    LEAD = "lead", _("Leads")
    COORDINATE = "coordinate", _("Coordinates")


class UnitReportSection(models.Model):
    """What a unit did on one plan task in the period (one per task it leads or coordinates)."""

    report = models.ForeignKey(
        UnitReport, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report")
    )
    task = models.ForeignKey(
        PlanNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("task")
    )
    role = models.CharField(_("role"), max_length=20, choices=TaskRole.choices)
    activities = models.TextField(_("activities carried out"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "task"], name="reporting_one_section_per_task"
            )
        ]

    def __str__(self) -> str:
        return self.task.path


class UnitReportVersion(models.Model):
    """A report as it was submitted: everything it said, figures and links included."""

    report = models.ForeignKey(
        UnitReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("report")
    )
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reporting_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


def attachment_path(instance, filename: str) -> str:
    report = instance.report
    return f"reporting/{report.period.code}/{report.unit.code_key}/{filename}"


class UnitReportAttachment(TimeStampedModel):
    """A file attached to a unit report (kept private: served only to those who may read it)."""

    report = models.ForeignKey(
        UnitReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("report")
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "created_at"]

    def __str__(self) -> str:
        return self.title


class ConsolidatedReport(TimeStampedModel):
    """The Department's report for a period, built by the lead division from the accepted unit
    reports and the current target values."""

    period = models.OneToOneField(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="consolidated",
        verbose_name=_("period"),
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    number = models.CharField(
        _("number"), max_length=10, blank=True, help_text=_("Filled in when the report is issued.")
    )
    issued_on = models.DateField(_("dated"), null=True, blank=True)
    overview = models.TextField(_("general situation"), blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    limitations = models.TextField(_("limitations and their causes"), blank=True)
    next_tasks = models.TextField(_("tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    signer_authority = models.CharField(_("signing authority"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )

    class Meta:
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated reports")
        permissions = [("consolidate_reports", _("Can build the consolidated report"))]

    def __str__(self) -> str:
        return str(self.period)


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    OVERDUE = "overdue", _("Overdue")


class ReminderSent(models.Model):
    """A reminder e-mailed to a unit, so each one goes once."""

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("period"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    days = models.IntegerField(_("days from the deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("sent to"), blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "kind", "days"], name="reporting_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.unit.code} {self.kind} {self.days}"
