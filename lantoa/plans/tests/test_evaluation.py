"""Where a target stands: a registered indicator's figure, else the latest value entered by
hand, else "no data source yet" — and the status judged from it; snapshots for trends."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from lantoa.core.scheduling import recurring_jobs
from lantoa.plans.evaluation import (
    TargetStatus,
    ValueSource,
    target_evaluate,
    target_status,
    target_trend,
)
from lantoa.plans.indicators import (
    Indicator,
    IndicatorValue,
    indicator_get,
    indicators_registered,
    percent,
    register_indicator,
    unregister_indicator,
)
from lantoa.plans.models import IndicatorSnapshot, TargetKind
from lantoa.plans.selectors import plan_dashboard
from lantoa.plans.services import indicator_snapshots_take, measurement_record
from lantoa.plans.tasks import snapshot_indicators
from lantoa.plans.tests.conftest import HO_CHI_MINH, TODAY
from lantoa.plans.tests.factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db

AS_OF = TODAY.date()


# The indicator seam ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "value"),
    [
        (3, 4, Decimal("75.00")),
        (1, 3, Decimal("33.33")),
        (2, 3, Decimal("66.67")),
        (7, 7, Decimal("100.00")),
        (0, 5, Decimal("0.00")),
    ],
)
def test_percent_is_a_share_with_two_decimals(numerator, denominator, value):
    assert percent(numerator, denominator) == IndicatorValue(
        value=value, numerator=numerator, denominator=denominator
    )


def test_percent_of_nothing_has_no_value_rather_than_zero():
    result = percent(0, 0)

    assert result.value is None
    assert (result.numerator, result.denominator) == (0, 0)


def test_indicators_are_found_by_key_and_listed_in_order():
    def nothing(context):
        return IndicatorValue(value=None)

    register_indicator(Indicator(key="training.b", label="B", compute=nothing))
    register_indicator(Indicator(key="portal.a", label="A", compute=nothing))

    assert [indicator.key for indicator in indicators_registered()] == ["portal.a", "training.b"]
    assert indicator_get("portal.a").label == "A"
    assert indicator_get("") is None
    assert indicator_get("portal.khong-co") is None
    unregister_indicator("portal.a")
    unregister_indicator("training.b")
    assert indicators_registered() == []


# Where the value comes from ------------------------------------------------------------------


def test_a_target_bound_to_a_registered_indicator_gets_its_figure(plan, fake_indicator):
    target = plan.targets.get(code="T2")

    evaluation = target_evaluate(target=target, as_of=AS_OF)

    assert evaluation.value == Decimal("75.00")
    assert (evaluation.numerator, evaluation.denominator) == (3, 4)
    assert evaluation.source == ValueSource.COMPUTED
    assert evaluation.deadline == date(2025, 12, 31)
    # The straight line from 0 on 11/11 to 100% on 31/12 stands at 20 of 50 days = 40% on 1/12.
    assert evaluation.status == TargetStatus.ON_TRACK
    (context,) = fake_indicator.asked
    assert (context.plan, context.target, context.as_of) == (plan, target, AS_OF)


def test_a_computed_figure_behind_the_straight_line_is_at_risk(plan, fake_indicator):
    fake_indicator.answer = percent(1, 4)

    evaluation = target_evaluate(target=plan.targets.get(code="T2"), as_of=AS_OF)

    assert (evaluation.value, evaluation.status) == (Decimal("25.00"), TargetStatus.AT_RISK)


def test_a_computed_figure_that_meets_the_goal_is_achieved(plan, fake_indicator):
    fake_indicator.answer = percent(4, 4)

    evaluation = target_evaluate(target=plan.targets.get(code="T2"), as_of=AS_OF)

    assert evaluation.status == TargetStatus.ACHIEVED


def test_an_indicator_with_nothing_to_count_gives_no_figure(plan, fake_indicator):
    fake_indicator.answer = percent(0, 0)

    evaluation = target_evaluate(target=plan.targets.get(code="T2"), as_of=AS_OF)

    assert (evaluation.value, evaluation.status) == (None, TargetStatus.NO_DATA)
    assert evaluation.source == ValueSource.COMPUTED


def test_without_indicator_or_measurement_there_is_no_value(plan):
    for target in plan.targets.all():
        evaluation = target_evaluate(target=target, as_of=AS_OF)

        assert evaluation.value is None, target.code
        assert evaluation.source == ValueSource.NONE
        assert evaluation.status == TargetStatus.NO_DATA
        assert evaluation.source_label == ValueSource.NONE.label


def test_the_dashboard_says_no_data_source_for_every_target_of_plan_2725(plan):
    dashboard = plan_dashboard(plan=plan, as_of=AS_OF)

    assert [evaluation.target.code for evaluation in dashboard.evaluations] == [
        f"T{number}" for number in range(1, 9)
    ]
    assert {(evaluation.value, evaluation.status) for evaluation in dashboard.evaluations} == {
        (None, TargetStatus.NO_DATA)
    }


def test_the_latest_manual_measurement_is_the_value(plan, qlkh):
    target = plan.targets.get(code="T7")
    for value, day in ((Decimal(45), date(2025, 11, 30)), (Decimal(30), date(2025, 11, 20))):
        measurement_record(
            actor=qlkh,
            target=target,
            value=value,
            measured_on=day,
            evidence_url="https://skhcn.quangngai.gov.vn/bao-cao-thong-tin-co-so",
        )

    evaluation = target_evaluate(target=target, as_of=AS_OF)

    assert evaluation.value == Decimal(45)
    assert evaluation.source == ValueSource.MANUAL
    assert evaluation.measurement.measured_on == date(2025, 11, 30)
    assert evaluation.measurement.entered_by == qlkh
    # Looking back before the later measurement finds the earlier one.
    earlier = target_evaluate(target=target, as_of=date(2025, 11, 25))
    assert earlier.value == Decimal(30)


def test_a_registered_indicator_wins_over_values_entered_before_it_existed(plan, qlkh):
    target = plan.targets.get(code="T2")
    measurement_record(
        actor=qlkh,
        target=target,
        value=Decimal(20),
        measured_on=AS_OF,
        evidence_url="https://skhcn.quangngai.gov.vn/bao-cao",
    )
    register_indicator(
        Indicator(key=target.indicator_key, label="T2", compute=lambda context: percent(9, 10))
    )
    try:
        evaluation = target_evaluate(target=target, as_of=AS_OF)
    finally:
        unregister_indicator(target.indicator_key)

    assert (evaluation.value, evaluation.source) == (Decimal("90.00"), ValueSource.COMPUTED)


# Status rules --------------------------------------------------------------------------------

START = date(2025, 1, 1)


def _status(kind: str, goal, value, as_of: date, year: int = 2025) -> str:
    target = TargetFactory.build(kind=kind, goal_value=Decimal(goal), year=year)
    value = None if value is None else Decimal(value)
    return target_status(target=target, value=value, as_of=as_of, start=START)


@pytest.mark.parametrize(
    ("kind", "goal", "value", "as_of", "status"),
    [
        # No value: no data, whatever the date.
        (TargetKind.PERCENT, 100, None, date(2026, 3, 1), TargetStatus.NO_DATA),
        # The goal met is achieved, even after the deadline.
        (TargetKind.PERCENT, 80, 80, date(2025, 6, 1), TargetStatus.ACHIEVED),
        (TargetKind.PERCENT, 80, 95, date(2026, 6, 1), TargetStatus.ACHIEVED),
        (TargetKind.COUNT, 12, 12, date(2025, 6, 1), TargetStatus.ACHIEVED),
        (TargetKind.YES_NO, 1, 1, date(2025, 12, 30), TargetStatus.ACHIEVED),
        # Not met once the year of the target is over: late.
        (TargetKind.PERCENT, 100, 99, date(2026, 1, 1), TargetStatus.LATE),
        (TargetKind.YES_NO, 1, 0, date(2026, 1, 1), TargetStatus.LATE),
        # On the deadline itself it is not late yet.
        (TargetKind.PERCENT, 100, 99, date(2025, 12, 31), TargetStatus.AT_RISK),
        # Percent and count keep pace with the straight line from the plan's issue date:
        # on 2/7 (182 of 364 days) the line stands at 50.
        (TargetKind.PERCENT, 100, 50, date(2025, 7, 2), TargetStatus.ON_TRACK),
        (TargetKind.PERCENT, 100, Decimal("49.99"), date(2025, 7, 2), TargetStatus.AT_RISK),
        (TargetKind.COUNT, 20, 10, date(2025, 7, 2), TargetStatus.ON_TRACK),
        (TargetKind.COUNT, 20, 9, date(2025, 7, 2), TargetStatus.AT_RISK),
        # Nothing is expected on the day of issue.
        (TargetKind.PERCENT, 100, 0, START, TargetStatus.ON_TRACK),
        # Yes/no is on track until 90 days before its deadline, then at risk.
        (TargetKind.YES_NO, 1, 0, date(2025, 10, 1), TargetStatus.ON_TRACK),
        (TargetKind.YES_NO, 1, 0, date(2025, 10, 2), TargetStatus.AT_RISK),
        (TargetKind.YEARLY_LIST, 1, 0, date(2025, 10, 2), TargetStatus.AT_RISK),
    ],
)
def test_target_status(kind, goal, value, as_of, status):
    assert _status(kind, goal, value, as_of) == status


def test_a_later_target_is_judged_against_its_own_year():
    # 2027 target, three years from a plan issued on 1/1/2025: on 1/1/2026 the line is at 1/3.
    assert _status(TargetKind.PERCENT, 90, 31, date(2026, 1, 1), 2027) == TargetStatus.ON_TRACK
    assert _status(TargetKind.PERCENT, 90, 29, date(2026, 1, 1), 2027) == TargetStatus.AT_RISK


def test_status_labels_are_the_translated_choices():
    target = TargetFactory(plan=PlanFactory(issued_on=START), indicator_key="")

    evaluation = target_evaluate(target=target, as_of=AS_OF)

    assert evaluation.status_label == TargetStatus.NO_DATA.label


# Snapshots and trends ------------------------------------------------------------------------


def test_snapshots_are_taken_only_of_computed_targets(plan, fake_indicator, qlkh):
    measurement_record(
        actor=qlkh,
        target=plan.targets.get(code="T7"),
        value=Decimal(10),
        measured_on=AS_OF,
        evidence_url="https://skhcn.quangngai.gov.vn/bao-cao",
    )

    snapshots = indicator_snapshots_take()

    assert [(snapshot.target.code, snapshot.value) for snapshot in snapshots] == [
        ("T2", Decimal("75.00"))
    ]
    snapshot = IndicatorSnapshot.objects.get()
    assert (snapshot.numerator, snapshot.denominator) == (3, 4)
    assert snapshot.taken_at == TODAY


def test_snapshots_skip_plans_no_longer_in_force(plan, fake_indicator):
    plan.is_active = False
    plan.save()

    assert indicator_snapshots_take() == []


def test_the_snapshot_job_is_registered_with_the_worker():
    (job,) = [job for job in recurring_jobs() if job.name == "plans.snapshot_indicators"]

    assert job.task is snapshot_indicators
    assert job.every == timedelta(hours=6)


def test_the_snapshot_task_runs(plan, fake_indicator):
    result = snapshot_indicators.enqueue()

    assert result.return_value == 1
    assert IndicatorSnapshot.objects.get().target.code == "T2"


def test_the_trend_of_a_computed_target_is_its_snapshots_one_a_day(
    plan, fake_indicator, time_machine
):
    target = plan.targets.get(code="T2")
    for moment, (numerator, denominator) in (
        (datetime(2025, 12, 1, 8, tzinfo=HO_CHI_MINH), (1, 4)),
        (datetime(2025, 12, 1, 14, tzinfo=HO_CHI_MINH), (2, 4)),
        (datetime(2025, 12, 2, 8, tzinfo=HO_CHI_MINH), (3, 4)),
    ):
        time_machine.move_to(moment, tick=False)
        fake_indicator.answer = percent(numerator, denominator)
        indicator_snapshots_take()

    assert target_trend(target=target) == [
        (date(2025, 12, 1), Decimal("50.00")),
        (date(2025, 12, 2), Decimal("75.00")),
    ]
    evaluation = target_evaluate(target=target, as_of=date(2025, 12, 2), with_trend=True)
    assert [value for _day, value in evaluation.trend] == [Decimal("50.00"), Decimal("75.00")]


def test_the_trend_of_a_manual_target_is_its_measurements(plan, qlkh):
    target = plan.targets.get(code="T8")
    for value, day in ((Decimal(35), date(2025, 11, 28)), (Decimal(20), date(2025, 11, 15))):
        measurement_record(
            actor=qlkh,
            target=target,
            value=value,
            measured_on=day,
            evidence_url="https://skhcn.quangngai.gov.vn/dao-tao",
        )

    assert target_trend(target=target) == [
        (date(2025, 11, 15), Decimal(20)),
        (date(2025, 11, 28), Decimal(35)),
    ]
