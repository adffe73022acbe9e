"""Reads of plan data. Progress is unit-scoped through directory.selectors.unit_scoped."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from lantoa.core.collation import sort_key
from lantoa.directory.models import Unit
from lantoa.directory.selectors import unit_scoped, user_sees_all_units, user_unit
from lantoa.plans.evaluation import TargetEvaluation, target_evaluate
from lantoa.plans.evidence import EvidenceItem, task_evidence_for_plan
from lantoa.plans.models import (
    NodeKind,
    Plan,
    PlanNode,
    ProgressStatus,
    Target,
    TaskProgress,
)


def plans_active() -> QuerySet[Plan]:
    return Plan.objects.active().select_related("organisation")


def plan_get(*, code: str) -> Plan:
    return get_object_or_404(plans_active(), code=code)


def plan_default() -> Plan | None:
    """The plan the dashboard opens on: the most recent one in force."""
    return plans_active().order_by("-issued_on").first()


def plan_nodes(*, plan: Plan) -> QuerySet[PlanNode]:
    """The plan's current tree in document order, units prefetched."""
    return (
        plan.nodes.current()
        .order_by("position")
        .prefetch_related(
            Prefetch("lead_units", queryset=Unit.objects.order_by("sort_order", "name_key")),
            Prefetch(
                "coordinating_units", queryset=Unit.objects.order_by("sort_order", "name_key")
            ),
        )
    )


def plan_tasks(*, plan: Plan) -> QuerySet[PlanNode]:
    return plan_nodes(plan=plan).filter(kind=NodeKind.TASK).select_related("parent")


def plan_targets(*, plan: Plan) -> QuerySet[Target]:
    return plan.targets.filter(is_withdrawn=False).select_related("node").order_by("position")


def node_units_involved(node: PlanNode) -> QuerySet[Unit]:
    """Units that lead or coordinate the node (all units when "all units coordinate")."""
    if node.coordinating_all_units:
        return Unit.objects.active().filter(organisation=node.plan.organisation)
    return Unit.objects.filter(Q(led_plan_nodes=node) | Q(coordinated_plan_nodes=node)).distinct()


def unit_may_report_on(*, unit: Unit, node: PlanNode) -> bool:
    if node.kind not in (NodeKind.TASK, NodeKind.TASK_GROUP) or node.is_withdrawn:
        return False
    return node_units_involved(node).filter(pk=unit.pk).exists()


def tasks_for_user(*, user, plan: Plan) -> QuerySet[PlanNode]:
    """Tasks a user may report on: all for those who see all units, else their unit's."""
    tasks = plan_tasks(plan=plan)
    if user_sees_all_units(user):
        return tasks
    unit = user_unit(user)
    if unit is None:
        return tasks.none()
    return tasks.filter(
        Q(coordinating_all_units=True) | Q(lead_units=unit) | Q(coordinating_units=unit)
    ).distinct()


def progress_for_user(*, user) -> QuerySet[TaskProgress]:
    return unit_scoped(
        TaskProgress.objects.select_related(
            "node", "node__plan", "unit", "reported_by"
        ).prefetch_related("evidence"),
        user=user,
    )


def progress_get_for_user(*, user, progress_id: int) -> TaskProgress:
    return get_object_or_404(progress_for_user(user=user), pk=progress_id)


def progress_latest(*, plan: Plan, units: QuerySet[Unit] | None = None) -> dict:
    """{(node_id, unit_id): the latest TaskProgress} for the plan's tasks.

    The database picks the newest report per task and unit, so the cost follows the number of
    tasks and units, not the length of the history."""
    newest = (
        TaskProgress.objects.filter(node=OuterRef("node"), unit=OuterRef("unit"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    progress = (
        TaskProgress.objects.filter(node__plan=plan, pk=Subquery(newest))
        .select_related("unit", "reported_by")
        .order_by("created_at", "pk")
    )
    if units is not None:
        progress = progress.filter(unit__in=units)
    return {(item.node_id, item.unit_id): item for item in progress}


@dataclass
class TaskRow:
    task: PlanNode
    lead_units: list[Unit]
    statuses: dict[int, TaskProgress] = field(default_factory=dict)
    evidence: list[EvidenceItem] = field(default_factory=list)

    @property
    def overall_status(self) -> str:
        """The lead units' view: done when every reporting lead unit is done."""
        if not self.statuses:
            return ProgressStatus.NOT_STARTED
        values = [progress.status for progress in self.statuses.values()]
        if ProgressStatus.BLOCKED in values:
            return ProgressStatus.BLOCKED
        if all(value == ProgressStatus.DONE for value in values):
            return ProgressStatus.DONE
        return ProgressStatus.IN_PROGRESS

    @property
    def overall_status_label(self) -> str:
        return ProgressStatus(self.overall_status).label


@dataclass
class Deadline:
    day: date
    label: str
    kind: str
    url: str = ""


@dataclass
class Dashboard:
    plan: Plan
    as_of: date
    evaluations: list[TargetEvaluation]
    task_rows: list[TaskRow]
    status_by_unit: dict[Unit, Counter]
    status_totals: Counter
    deadlines: list[Deadline]


def _next_occurrence(month: int, day: int, as_of: date) -> date:
    this_year = date(as_of.year, month, day)
    return this_year if this_year >= as_of else date(as_of.year + 1, month, day)


def plan_deadlines(*, plan: Plan, as_of: date, limit: int = 8) -> list[Deadline]:
    """The next dates that matter: reports due, commemorative days, task and target
    deadlines."""
    deadlines = [
        Deadline(
            day=_next_occurrence(item.month, item.day, as_of),
            label=item.name,
            kind=str(_("Report due")),
        )
        for item in plan.reporting_deadlines.all()
    ]
    deadlines += [
        Deadline(
            day=_next_occurrence(item.month, item.day, as_of),
            label=item.name,
            kind=str(_("Commemorative day")),
        )
        for item in plan.commemorative_days.all()
    ]
    deadlines += [
        Deadline(day=node.deadline, label=f"{node.path} {node.label[:80]}", kind=str(_("Task")))
        for node in plan.nodes.current().filter(deadline__gte=as_of)
    ]
    deadlines += [
        Deadline(
            day=date(target.year, 12, 31),
            label=f"{target.code}: {target.text[:80]}",
            kind=str(_("Target")),
        )
        for target in plan.targets.filter(year__gte=as_of.year, is_withdrawn=False)
    ]
    return sorted(deadlines, key=lambda item: item.day)[:limit]


def plan_dashboard(*, plan: Plan, as_of: date, with_trend: bool = True) -> Dashboard:
    evaluations = [
        target_evaluate(target=target, as_of=as_of, with_trend=with_trend)
        for target in plan_targets(plan=plan)
    ]
    latest = progress_latest(plan=plan)
    evidence = task_evidence_for_plan(plan)
    rows = []
    status_by_unit: dict[Unit, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    for task in plan_tasks(plan=plan):
        lead = list(task.lead_units.all())
        row = TaskRow(task=task, lead_units=lead, evidence=evidence.get(task.pk, []))
        for (node_id, _unit_id), progress in latest.items():
            if node_id == task.pk:
                row.statuses[progress.unit_id] = progress
        rows.append(row)
        totals[row.overall_status] += 1
        for unit in lead:
            status = (
                row.statuses[unit.pk].status
                if unit.pk in row.statuses
                else (ProgressStatus.NOT_STARTED)
            )
            status_by_unit[unit][status] += 1
    return Dashboard(
        plan=plan,
        as_of=as_of,
        evaluations=evaluations,
        task_rows=rows,
        status_by_unit=dict(
            sorted(status_by_unit.items(), key=lambda kv: (kv[0].sort_order, sort_key(kv[0].name)))
        ),
        status_totals=totals,
        deadlines=plan_deadlines(plan=plan, as_of=as_of),
    )


def target_get(*, plan: Plan, code: str) -> Target:
    return get_object_or_404(plan_targets(plan=plan), code=code)
