"""Where a target stands: its current value, where that value comes from, and its status."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.plans.indicators import IndicatorContext, indicator_get
from lantoa.plans.models import Measurement, Target, TargetKind

# A yes/no target not yet met is "at risk" once its deadline is this close.
AT_RISK_WINDOW_DAYS = 90


class TargetStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    NO_DATA = "no_data", _("No data")


class ValueSource(models.TextChoices):
    COMPUTED = "computed", _("Computed from the system's records")
    MANUAL = "manual", _("Entered by hand")
    NONE = "none", _("No data source yet")


@dataclass
class TargetEvaluation:
    target: Target
    value: Decimal | None
    source: str
    status: str
    deadline: date
    numerator: int | None = None
    denominator: int | None = None
    measurement: Measurement | None = None
    detail: str = ""
    trend: list[tuple[date, Decimal]] = field(default_factory=list)

    @property
    def goal(self) -> Decimal | None:
        return self.target.goal_value

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def status_label(self) -> str:
        return TargetStatus(self.status).label

    @property
    def source_label(self) -> str:
        return ValueSource(self.source).label


def target_deadline(target: Target) -> date:
    return date(target.year, 12, 31)


def _is_met(target: Target, value: Decimal) -> bool:
    if target.kind in (TargetKind.YES_NO, TargetKind.YEARLY_LIST):
        return value >= 1
    goal = target.goal_value if target.goal_value is not None else Decimal(0)
    return value >= goal


def target_status(*, target: Target, value: Decimal | None, as_of: date, start: date) -> str:
    """Achieved, on track, at risk or late, judged against the goal and the deadline.

    Percent and count targets are on track when the value keeps pace with a straight line from
    zero at the plan's start to the goal at the deadline.
    """
    if value is None:
        return TargetStatus.NO_DATA
    if _is_met(target, value):
        return TargetStatus.ACHIEVED
    deadline = target_deadline(target)
    if as_of > deadline:
        return TargetStatus.LATE
    if target.kind in (TargetKind.PERCENT, TargetKind.COUNT) and target.goal_value:
        span = max((deadline - start).days, 1)
        elapsed = min(max((as_of - start).days, 0), span)
        expected = target.goal_value * Decimal(elapsed) / Decimal(span)
        return TargetStatus.ON_TRACK if value >= expected else TargetStatus.AT_RISK
    if (deadline - as_of).days <= AT_RISK_WINDOW_DAYS:
        return TargetStatus.AT_RISK
    return TargetStatus.ON_TRACK


def target_evaluate(*, target: Target, as_of: date, with_trend: bool = False) -> TargetEvaluation:
    """The target's value from its registered indicator, else its latest manual measurement,
    else nothing — never a made-up figure."""
    plan = target.plan
    indicator = indicator_get(target.indicator_key)
    numerator = denominator = None
    detail = ""
    measurement = None
    if indicator is not None:
        result = indicator.compute(IndicatorContext(plan=plan, target=target, as_of=as_of))
        value, source = result.value, ValueSource.COMPUTED
        numerator, denominator, detail = result.numerator, result.denominator, result.detail
    else:
        measurement = (
            target.measurements.filter(measured_on__lte=as_of)
            .order_by("-measured_on", "-created_at")
            .first()
        )
        value = measurement.value if measurement else None
        source = ValueSource.MANUAL if measurement else ValueSource.NONE
    evaluation = TargetEvaluation(
        target=target,
        value=value,
        source=source,
        status=target_status(target=target, value=value, as_of=as_of, start=plan.issued_on),
        deadline=target_deadline(target),
        numerator=numerator,
        denominator=denominator,
        measurement=measurement,
        detail=detail,
    )
    if with_trend:
        evaluation.trend = target_trend(target=target)
    return evaluation


def target_trend(*, target: Target) -> list[tuple[date, Decimal]]:
    """Values over time: the worker's snapshots of a computed indicator, or the manual series.
    One point per day (the last of the day)."""
    points: dict[date, Decimal] = {}
    if indicator_get(target.indicator_key) is not None:
        for snapshot in target.snapshots.exclude(value=None).order_by("taken_at"):
            points[snapshot.taken_at.date()] = snapshot.value
    else:
        for measurement in target.measurements.order_by("measured_on", "created_at"):
            points[measurement.measured_on] = measurement.value
    return sorted(points.items())
