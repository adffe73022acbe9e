"""Writes to plans: progress reports, manual measurements, indicator snapshots."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa.directory.models import Unit
from lantoa.directory.selectors import units_for_user
from lantoa.plans.evaluation import ValueSource, target_evaluate
from lantoa.plans.indicators import indicator_get
from lantoa.plans.models import (
    IndicatorSnapshot,
    Measurement,
    PlanNode,
    ProgressEvidence,
    ProgressStatus,
    Target,
    TargetKind,
    TaskProgress,
)
from lantoa.plans.selectors import plans_active, unit_may_report_on

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class EvidenceInput:
    title: str = ""
    url: str = ""
    file: UploadedFile | None = None
    record: object | None = None


def _check_evidence_file(file: UploadedFile | None) -> None:
    if file is not None and file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The evidence file is larger than 20 MB."))


@transaction.atomic
def task_progress_post(
    *,
    actor,
    node: PlanNode,
    unit: Unit,
    status: str,
    note: str,
    evidence: list[EvidenceInput] | None = None,
) -> TaskProgress:
    """Record a unit's progress on a task; earlier reports stay as history."""
    if not actor.has_perm("plans.add_taskprogress"):
        raise PermissionDenied(_("You may not report progress."))
    if not units_for_user(user=actor).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You can only report progress for your own unit."))
    if not unit_may_report_on(unit=unit, node=node):
        raise PermissionDenied(
            _("Unit %(unit)s neither leads nor coordinates task %(task)s.")
            % {"unit": unit.code, "task": node.path}
        )
    if status not in ProgressStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what was done.")})
    for item in evidence or []:
        _check_evidence_file(item.file)
    progress = TaskProgress(node=node, unit=unit, status=status, note=note, reported_by=actor)
    progress.full_clean()
    progress.save()
    for item in evidence or []:
        if not (item.url or item.file or item.record):
            continue
        record_fields = {}
        if item.record is not None:
            from django.contrib.contenttypes.models import ContentType

            record_fields = {
                "record_type": ContentType.objects.get_for_model(item.record),
                "record_id": str(item.record.pk),
            }
        title = (
            item.title
            or (str(item.record) if item.record is not None else "")
            or (item.file.name if item.file else item.url)
        )
        proof = ProgressEvidence(
            progress=progress, title=title[:255], url=item.url, **record_fields
        )
        if item.file is not None:
            proof.file.save(item.file.name, item.file, save=False)
        proof.full_clean()
        proof.save()
    log(instance=progress, action="wagtail.create", user=actor)
    return progress


def _check_measurement_value(target: Target, value: Decimal) -> None:
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if target.kind == TargetKind.PERCENT and value > 100:
        raise ValidationError({"value": _("A percentage cannot exceed 100.")})
    if target.kind in (TargetKind.YES_NO,) and value not in (0, 1):
        raise ValidationError({"value": _("Enter 1 for yes or 0 for no.")})


@transaction.atomic
def measurement_record(
    *,
    actor,
    target: Target,
    value: Decimal,
    measured_on: date,
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
    note: str = "",
) -> Measurement:
    """Record a hand-entered value of a target, with its evidence."""
    if not actor.has_perm("plans.record_measurement"):
        raise PermissionDenied(_("You may not enter target values."))
    if indicator_get(target.indicator_key) is not None:
        raise ValidationError(
            _("Target %(code)s is computed from the system's records, not entered by hand.")
            % {"code": target.code}
        )
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("The date cannot be in the future.")})
    if not evidence_file and not evidence_url:
        raise ValidationError(_("Attach the evidence: a file or a link."))
    _check_evidence_file(evidence_file)
    _check_measurement_value(target, value)
    measurement = Measurement(
        target=target,
        value=value,
        measured_on=measured_on,
        entered_by=actor,
        evidence_url=evidence_url,
        note=note,
    )
    if evidence_file is not None:
        measurement.evidence_file.save(evidence_file.name, evidence_file, save=False)
    measurement.full_clean()
    measurement.save()
    log(instance=measurement, action="wagtail.create", user=actor)
    return measurement


def indicator_snapshots_take(*, as_of: date | None = None) -> list[IndicatorSnapshot]:
    """Snapshot every computed target of every plan in force."""
    as_of = as_of or timezone.localdate()
    now = timezone.now()
    snapshots = []
    for plan in plans_active():
        for target in plan.targets.filter(is_withdrawn=False):
            evaluation = target_evaluate(target=target, as_of=as_of)
            if evaluation.source != ValueSource.COMPUTED:
                continue
            snapshots.append(
                IndicatorSnapshot(
                    target=target,
                    value=evaluation.value,
                    numerator=evaluation.numerator,
                    denominator=evaluation.denominator,
                    taken_at=now,
                )
            )
    return IndicatorSnapshot.objects.bulk_create(snapshots)
