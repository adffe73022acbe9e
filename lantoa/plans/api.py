from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Router, Schema

from lantoa.plans import selectors
from lantoa.plans.evaluation import target_evaluate

router = Router(tags=["plans"])


class PlanSummaryOut(Schema):
    code: str
    number_and_symbol: str
    document_type: str
    title: str
    issuer: str
    issued_on: date
    period_start: int
    period_end: int


class TaskOut(Schema):
    code: str
    kind: str
    heading: str
    text: str
    lead_units: list[str]
    lead_units_note: str
    coordinating_units: list[str]
    coordinating_all_units: bool
    timeframe: str
    deadline: date | None
    yearly_dates: list[str]


class TargetOut(Schema):
    code: str
    year: int
    kind: str
    text: str
    goal: Decimal | None
    value: Decimal | None
    value_source: str
    status: str
    deadline: date


class PlanDetailOut(PlanSummaryOut):
    basis: list[str]
    signer: str
    tasks: list[TaskOut]
    targets: list[TargetOut]


def _summary(plan) -> dict:
    return {
        "code": plan.code,
        "number_and_symbol": plan.number_and_symbol,
        "document_type": plan.document_type,
        "title": plan.title,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
    }


@router.get("/plans/", response=list[PlanSummaryOut], summary="Plans in force")
def plan_list(request):
    return [_summary(plan) for plan in selectors.plans_active()]


@router.get(
    "/plans/{code}/",
    response=PlanDetailOut,
    summary="A plan with its tasks (by reference, e.g. III.2.b) and targets with current values",
)
def plan_detail(request, code: str):
    plan = selectors.plan_get(code=code)
    as_of = timezone.localdate()
    tasks = [
        {
            "code": node.path,
            "kind": node.kind,
            "heading": node.title,
            "text": node.text,
            "lead_units": [unit.code for unit in node.lead_units.all()],
            "lead_units_note": node.lead_units_note,
            "coordinating_units": [unit.code for unit in node.coordinating_units.all()],
            "coordinating_all_units": node.coordinating_all_units,
            "timeframe": node.timeframe_kind,
            "deadline": node.deadline,
            "yearly_dates": node.yearly_dates,
        }
        for node in selectors.plan_nodes(plan=plan).filter(kind__in=["task_group", "task"])
    ]
    targets = []
    for target in selectors.plan_targets(plan=plan):
        evaluation = target_evaluate(target=target, as_of=as_of)
        targets.append(
            {
                "code": target.code,
                "year": target.year,
                "kind": target.kind,
                "text": target.text,
                "goal": target.goal_value,
                "value": evaluation.value,
                "value_source": evaluation.source,
                "status": evaluation.status,
                "deadline": evaluation.deadline,
            }
        )
    signer = " ".join(
        part for part in (plan.signer_authority, plan.signer_title, plan.signer_name) if part
    )
    return {
        **_summary(plan),
        "basis": plan.basis,
        "signer": signer,
        "tasks": tasks,
        "targets": targets,
    }
