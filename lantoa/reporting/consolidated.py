"""The Department's consolidated report for a period: made by the lead division from the
accepted unit reports and the plan's target values as the dashboard shows them."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.plans.evaluation import TargetEvaluation
from lantoa.plans.selectors import plan_dashboard
from lantoa.reporting.calendar import lead_division
from lantoa.reporting.models import ConsolidatedReport, ReportingPeriod
from lantoa.reporting.selectors import unit_reports_accepted, user_may_consolidate
from lantoa.reporting.services import record_save_at_revision, unit_report_accepted_content

CONSOLIDATED_FIELDS = (
    "number",
    "issued_on",
    "overview",
    "results",
    "limitations",
    "next_tasks",
    "proposals",
    "signer_authority",
    "signer_title",
    "signer_name",
    "recipients",
)


@dataclass
class UnitContribution:
    unit_code: str
    unit_name: str
    content: dict


def accepted_contributions(period: ReportingPeriod) -> list[UnitContribution]:
    return [
        UnitContribution(
            unit_code=report.unit.code,
            unit_name=report.unit.name,
            content=unit_report_accepted_content(report),
        )
        for report in unit_reports_accepted(period)
    ]


def _joined(contributions: list[UnitContribution], field: str) -> str:
    return "\n".join(
        f"- {item.unit_name}: {item.content[field].strip()}"
        for item in contributions
        if item.content.get(field, "").strip()
    )


def _default_recipients(period: ReportingPeriod) -> str:
    plan = period.plan
    superior = plan.superior_body or plan.organisation.superior_body
    lines = [_("- %(superior)s (for report);") % {"superior": superior}] if superior else []
    lines.append(_("- Department leaders;"))
    lines.append(_("- Divisions and units of the Department;"))
    lead = lead_division(plan)
    lines.append(_("- Filed: VT, %(unit)s.") % {"unit": lead.code if lead else "KH"})
    return "\n".join(lines)


@transaction.atomic
def consolidated_report_open(*, period: ReportingPeriod, user) -> ConsolidatedReport:
    """The period's consolidated report; the first time, its narrative is prefilled from the
    accepted unit reports and its signature from the plan."""
    existing = ConsolidatedReport.objects.filter(period=period).first()
    if existing is not None:
        return existing
    if not user_may_consolidate(user):
        raise PermissionDenied(_("Only the lead division builds the consolidated report."))
    contributions = accepted_contributions(period)
    plan = period.plan
    try:
        with transaction.atomic():
            return ConsolidatedReport.objects.create(
                period=period,
                results=_joined(contributions, "results"),
                limitations=_joined(contributions, "limitations"),
                proposals=_joined(contributions, "proposals"),
                signer_authority=plan.signer_authority,
                signer_title=plan.signer_title,
                signer_name=plan.signer_name,
                recipients=_default_recipients(period),
                updated_by=user,
            )
    except IntegrityError:
        return ConsolidatedReport.objects.get(period=period)


@transaction.atomic
def consolidated_report_save(
    *, report: ConsolidatedReport, user, revision: int, fields: dict
) -> ConsolidatedReport:
    if not user_may_consolidate(user):
        raise PermissionDenied(_("Only the lead division builds the consolidated report."))
    report = (
        ConsolidatedReport.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=report.pk)
    )
    return record_save_at_revision(
        report, user=user, revision=revision, fields=fields, allowed=CONSOLIDATED_FIELDS
    )


def target_evaluations(
    period: ReportingPeriod, *, as_of: date | None = None
) -> list[TargetEvaluation]:
    """The plan's targets with their current values, exactly as the dashboard shows them."""
    as_of = as_of or timezone.localdate()
    return plan_dashboard(plan=period.plan, as_of=as_of, with_trend=False).evaluations
