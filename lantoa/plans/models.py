from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.models import TimeStampedModel
from lantoa.core.storage import private_storage
from lantoa.directory.models import Organisation, Unit


class PlanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Plan(TimeStampedModel):
    """An implementation plan as issued (e.g. 2725/KH-SKHCN), with its document tree.

    Loaded from data/agencies/<agency>/plan-*.yaml by `load_plan`; shown in the admin under
    Kế hoạch. Loading a changed file revises the plan in place and keeps a PlanRevision.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans", verbose_name=_("agency")
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    number = models.CharField(_("number"), max_length=20)
    symbol = models.CharField(_("symbol"), max_length=40, help_text=_("e.g. KH-SKHCN"))
    document_type = models.CharField(_("document type"), max_length=60, default="KẾ HOẠCH")
    superior_body = models.CharField(_("superior body"), max_length=255, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    title = models.TextField(_("title"))
    basis = models.JSONField(_("basis documents"), default=list, blank=True)
    preamble = models.TextField(_("preamble"), blank=True)
    closing = models.TextField(_("closing paragraph"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    signer_authority = models.CharField(_("signing authority"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    budget_estimate_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit preparing the budget estimate"),
    )
    is_active = models.BooleanField(_("in force"), default=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "code"]
        permissions = [("record_measurement", _("Can record manual target measurements"))]

    def __str__(self) -> str:
        return f"{self.number_and_symbol} – {self.title[:80]}"

    @property
    def number_and_symbol(self) -> str:
        return f"{self.number}/{self.symbol}"


class PlanRevision(models.Model):
    """A snapshot of the plan's data file each time it was loaded with different content."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("revision"))
    content_hash = models.CharField(max_length=64)
    data = models.JSONField(_("data"))
    source = models.CharField(_("source file"), max_length=255, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    summary = models.TextField(_("changes"), blank=True)

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan.number_and_symbol} r{self.number}"


class NodeKind(models.TextChoices):
    SECTION = "section", _("Section")
    TASK_GROUP = "task_group", _("Task group")
    TASK = "task", _("Task")
    PARAGRAPH = "paragraph", _("Paragraph")


class TimeframeKind(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    DEADLINE = "deadline", _("By a date")
    YEARLY = "yearly", _("Every year on given days")


class PlanNodeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_withdrawn=False)

    def tasks(self):
        return self.filter(kind=NodeKind.TASK)


class PlanNode(TimeStampedModel):
    """One numbered part of a plan: a section, a task group, a task or a paragraph.

    `path` joins the plan's own numbering from the root, so "III.2.b" addresses task b of task
    group 2 of section III. Bullets ("-") get their position: "II.2.a.-2".
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.CharField(_("numbering"), max_length=20)
    path = models.CharField(_("reference"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    title = models.TextField(_("heading"), blank=True)
    text = models.TextField(_("text"), blank=True)
    lead_units = models.ManyToManyField(
        Unit, blank=True, related_name="led_plan_nodes", verbose_name=_("lead units")
    )
    lead_units_note = models.CharField(_("lead units (as written)"), max_length=255, blank=True)
    coordinating_units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="coordinated_plan_nodes",
        verbose_name=_("coordinating units"),
    )
    coordinating_all_units = models.BooleanField(_("all units coordinate"), default=False)
    coordinating_units_note = models.CharField(
        _("coordinating units (as written)"), max_length=255, blank=True
    )
    timeframe_kind = models.CharField(
        _("time frame"), max_length=20, choices=TimeframeKind.choices, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    yearly_dates = models.JSONField(_("yearly dates (MM-DD)"), default=list, blank=True)
    is_withdrawn = models.BooleanField(
        _("withdrawn"), default=False, help_text=_("No longer in the current revision.")
    )

    objects = PlanNodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "path"], name="plans_node_path_unique")
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.label[:80]}"

    @property
    def label(self) -> str:
        return self.title or self.text

    @property
    def is_task(self) -> bool:
        return self.kind == NodeKind.TASK


class TargetKind(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    COUNT = "count", _("Count")
    YES_NO = "yes_no", _("Yes / no")
    YEARLY_LIST = "yearly_list", _("Every year, with a list")


class Target(TimeStampedModel):
    """A specific target of a plan (T1…), bound to an indicator that measures it."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan")
    )
    code = models.CharField(_("code"), max_length=10)
    year = models.PositiveSmallIntegerField(_("by year"))
    node = models.ForeignKey(
        PlanNode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("stated in"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)
    goal_value = models.DecimalField(
        _("goal"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("target"))
    measure = models.TextField(_("how it is measured"), blank=True)
    indicator_key = models.CharField(_("indicator"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_withdrawn = models.BooleanField(
        _("withdrawn"), default=False, help_text=_("No longer in the current revision.")
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_target_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.year})"


class FundingSource(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_sources")
    code = models.SlugField(_("code"), max_length=60)
    name = models.TextField(_("name"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_funding_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CommemorativeDay(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="commemorative_days")
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("commemorative day")
        verbose_name_plural = _("commemorative days")
        ordering = ["plan", "month", "day"]

    def __str__(self) -> str:
        return f"{self.day}/{self.month} {self.name}"


class ReportKind(models.TextChoices):
    UNIT = "unit", _("Unit report")
    CONSOLIDATED = "consolidated", _("Consolidated report")


class ReportingDeadline(models.Model):
    """A recurring deadline of the plan's reporting calendar (e.g. unit reports before 10/6)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_deadlines")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    half = models.PositiveSmallIntegerField(_("half-year"))
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    name = models.CharField(_("name"), max_length=255)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporting unit"),
    )
    submit_to = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted through"),
    )

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        ordering = ["plan", "month", "day"]

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d} {self.name}"


def measurement_evidence_path(instance, filename: str) -> str:
    return f"plans/evidence/{instance.target.plan.code}/{instance.target.code}/{filename}"


class Measurement(TimeStampedModel):
    """A value of a target entered by hand, with who entered it and the evidence."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("target")
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=measurement_evidence_path,
        storage=private_storage,
        blank=True,
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["target", "-measured_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.target.code} {self.value} ({self.measured_on:%d/%m/%Y})"


class IndicatorSnapshot(models.Model):
    """A computed value of a target's indicator, taken by the worker so trends exist."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("target")
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True)
    numerator = models.IntegerField(null=True)
    denominator = models.IntegerField(null=True)
    taken_at = models.DateTimeField(_("taken at"), db_index=True)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["target", "taken_at"]

    def __str__(self) -> str:
        return f"{self.target.code} {self.value} @ {self.taken_at:%d/%m/%Y}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Facing difficulties")


class TaskProgressQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(unit=unit)


class TaskProgress(TimeStampedModel):
    """A unit's progress report on a plan task. Reports are never edited: each one is kept,
    and the latest per task and unit is the current status. Posted from the admin under
    Kế hoạch → Tiến độ.
    """

    node = models.ForeignKey(
        PlanNode, on_delete=models.PROTECT, related_name="progress", verbose_name=_("task")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="task_progress", verbose_name=_("unit")
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices)
    note = models.TextField(_("what was done"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )

    objects = TaskProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["node", "unit", "-created_at"], name="plans_progress_latest_idx")
        ]

    def __str__(self) -> str:
        return f"{self.node.path} {self.unit.code}: {self.get_status_display()}"


def progress_evidence_path(instance, filename: str) -> str:
    return f"plans/progress/{instance.progress.unit.code}/{filename}"


class ProgressEvidence(TimeStampedModel):
    """Evidence attached to a progress report: a link, a file, or a record of the system
    (an article, asset or event) referenced by its kind and id."""

    progress = models.ForeignKey(
        TaskProgress, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("progress")
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(
        _("file"), upload_to=progress_evidence_path, storage=private_storage, blank=True
    )
    record_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("record type"),
    )
    record_id = models.CharField(_("record id"), max_length=64, blank=True)
    record = GenericForeignKey("record_type", "record_id")

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["progress", "pk"]

    def __str__(self) -> str:
        return self.title
