"""The reporting calendar: half-year periods from Plan 2725's deadlines, and ad-hoc requests."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lantoa.reporting.calendar import (
    ad_hoc_request_create,
    half_year_period_ensure,
    half_year_periods_ensure,
    reporting_units,
)
from lantoa.reporting.models import PeriodKind, ReportingPeriod
from lantoa.reporting.tests.conftest import TODAY, reporting_catalogue_translates, vietnamese

pytestmark = pytest.mark.django_db

PAST_DUE = "The due date has passed: choose today or a later day."
REPORTING_UNITS = ["VP", "QLKH", "BCVT", "TTCĐS"]  # the agency's units but its leadership (LĐS)


def test_half_year_periods_come_from_the_plans_reporting_calendar(plan):
    periods = half_year_periods_ensure(plan=plan)

    # From the half in which the plan was issued (11/11/2025) to the one running today.
    assert [
        (period.code, period.kind, period.starts_on, period.ends_on)
        for period in sorted(periods, key=lambda period: period.starts_on)
    ] == [
        ("2025-2", PeriodKind.HALF_YEAR, date(2025, 7, 1), date(2025, 12, 31)),
        ("2026-1", PeriodKind.HALF_YEAR, date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-2", PeriodKind.HALF_YEAR, date(2026, 7, 1), date(2026, 12, 31)),
    ]
    deadlines = {
        period.code: (period.unit_due_on, period.consolidated_due_on) for period in periods
    }
    assert deadlines == {
        "2025-2": (date(2025, 12, 15), date(2025, 12, 20)),
        "2026-1": (date(2026, 6, 10), date(2026, 6, 20)),
        "2026-2": (date(2026, 12, 15), date(2026, 12, 20)),
    }
    for period in periods:
        assert [unit.code for unit in period.units.order_by("sort_order")] == REPORTING_UNITS


def test_no_period_before_the_plan_was_issued(plan):
    half_year_periods_ensure(plan=plan)

    # The first half of 2025 ended before Plan 2725 was issued on 11/11/2025.
    assert not ReportingPeriod.objects.filter(code="2025-1").exists()
    assert all(period.ends_on >= plan.issued_on for period in ReportingPeriod.objects.all())


def test_the_calendar_is_made_once(plan):
    first = half_year_periods_ensure(plan=plan)
    again = half_year_periods_ensure(plan=plan)

    assert [period.pk for period in again] == [period.pk for period in first]
    assert ReportingPeriod.objects.count() == 3


def test_the_second_half_is_opened_only_once_it_has_begun(plan):
    periods = half_year_periods_ensure(plan=plan, today=date(2026, 3, 2))

    assert sorted(period.code for period in periods) == ["2025-2", "2026-1"]


def test_a_half_without_a_deadline_in_the_plan_has_no_period(plan):
    plan.reporting_deadlines.filter(half=1, kind="unit").delete()

    assert half_year_period_ensure(plan=plan, year=2026, half=1) is None
    assert not ReportingPeriod.objects.filter(code="2026-1").exists()


def test_reporting_units_leave_out_inactive_units_and_the_leadership(plan, units):
    units["BCVT"].is_active = False
    units["BCVT"].save()

    assert [unit.code for unit in reporting_units(plan)] == ["VP", "QLKH", "TTCĐS"]


def test_period_heading_in_the_readers_language(periods):
    with translation.override("en"):
        assert periods["2026-1"].heading == "first half of 2026"
        assert str(periods["2026-2"]) == "second half of 2026"
    with translation.override("vi"):
        assert periods["2026-2"].heading == vietnamese("second half of %(year)s") % {"year": 2026}


# --- ad-hoc requests -----------------------------------------------------------------------------


def _request(plan, unit_map, qlkh, **changes):
    values = {
        "plan": plan,
        "title": "Báo cáo đột xuất kết quả truyền thông Ngày Chuyển đổi số quốc gia",
        "request": "Báo cáo số tin bài, sự kiện hưởng ứng ngày 10/10.",
        "starts_on": date(2026, 9, 1),
        "ends_on": date(2026, 10, 31),
        "unit_due_on": date(2026, 12, 4),
        "consolidated_due_on": date(2026, 12, 8),
        "units": [unit_map["TTCĐS"], unit_map["BCVT"]],
        "user": qlkh,
    }
    values.update(changes)
    return ad_hoc_request_create(**values)


def test_ad_hoc_request_is_created_with_its_units(plan, units, qlkh):
    period = _request(plan, units, qlkh)

    assert period.kind == PeriodKind.AD_HOC
    assert period.code == "dot-xuat-2026-01"
    assert period.heading == "Báo cáo đột xuất kết quả truyền thông Ngày Chuyển đổi số quốc gia"
    assert (period.unit_due_on, period.consolidated_due_on) == (
        date(2026, 12, 4),
        date(2026, 12, 8),
    )
    assert sorted(unit.code for unit in period.units.all()) == ["BCVT", "TTCĐS"]
    assert period.requested_by == qlkh
    # Due today is still accepted; a second request gets the next number.
    second = _request(plan, units, qlkh, unit_due_on=TODAY, consolidated_due_on=None)
    assert second.code == "dot-xuat-2026-02"


def test_ad_hoc_request_due_in_the_past_is_refused_and_nothing_saved(plan, units, qlkh):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        _request(plan, units, qlkh, unit_due_on=date(2026, 11, 26))

    assert list(refused.value.message_dict) == ["unit_due_on"]
    [message] = refused.value.message_dict["unit_due_on"]
    # In the reader's language: the catalogue's Vietnamese once it has the message.
    assert message == vietnamese(PAST_DUE)
    if reporting_catalogue_translates(PAST_DUE):
        assert message != PAST_DUE
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _request(plan, units, qlkh, unit_due_on=date(2026, 11, 26))
    assert refused.value.message_dict["unit_due_on"] == [PAST_DUE]
    assert not ReportingPeriod.objects.filter(kind=PeriodKind.AD_HOC).exists()


def test_ad_hoc_consolidated_report_due_before_the_units_reports_is_refused(plan, units, qlkh):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _request(plan, units, qlkh, consolidated_due_on=date(2026, 12, 3))

    assert refused.value.message_dict == {
        "consolidated_due_on": ["The consolidated report cannot be due before the units' reports."]
    }
    assert not ReportingPeriod.objects.filter(kind=PeriodKind.AD_HOC).exists()


def test_ad_hoc_request_without_units_is_refused(plan, units, qlkh):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _request(plan, units, qlkh, units=[])

    assert refused.value.message_dict == {"units": ["Choose at least one unit."]}
    assert not ReportingPeriod.objects.filter(kind=PeriodKind.AD_HOC).exists()


def test_ad_hoc_request_reports_every_problem_at_once(plan, units, qlkh):
    with pytest.raises(ValidationError) as refused:
        _request(
            plan,
            units,
            qlkh,
            unit_due_on=date(2026, 1, 5),
            consolidated_due_on=date(2026, 1, 1),
            starts_on=date(2026, 10, 31),
            ends_on=date(2026, 9, 1),
            units=[],
        )

    assert set(refused.value.message_dict) == {
        "unit_due_on",
        "consolidated_due_on",
        "ends_on",
        "units",
    }
