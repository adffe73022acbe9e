"""The demo reports of `make run`: a past half-year with every report accepted, the previous
one with the Office late and the consolidated report drafted, and the current one open."""

import pytest

from lantoa.directory.demo import directory_demo_load
from lantoa.reporting.demo import reporting_demo_load
from lantoa.reporting.models import (
    ConsolidatedReport,
    ReportingPeriod,
    ReportStatus,
    UnitReport,
    UnitReportVersion,
)
from lantoa.reporting.selectors import BoardState, period_board

pytestmark = pytest.mark.django_db


def test_demo_reports(plan):
    directory_demo_load()

    lines = reporting_demo_load()

    assert lines == [
        "Reports 2025-2: QLKH, TTCĐS, BCVT, VP",
        "Reports 2026-1: QLKH, TTCĐS, BCVT, VP",
        "Consolidated report 2026-1: draft, No. 45",
    ]
    earlier = ReportingPeriod.objects.get(code="2025-2")
    assert {row.unit.code: (row.state, row.is_late) for row in period_board(period=earlier)} == {
        code: (BoardState.ACCEPTED, False) for code in ("VP", "QLKH", "BCVT", "TTCĐS")
    }
    previous = ReportingPeriod.objects.get(code="2026-1")
    board = {row.unit.code: row for row in period_board(period=previous)}
    assert {code: (row.state, row.is_late) for code, row in board.items()} == {
        "VP": (BoardState.SUBMITTED, True),
        "QLKH": (BoardState.ACCEPTED, False),
        "BCVT": (BoardState.ACCEPTED, False),
        "TTCĐS": (BoardState.ACCEPTED, False),
    }
    assert (board["VP"].first_submitted_at.date() - previous.unit_due_on).days == 5
    consolidated = ConsolidatedReport.objects.get(period=previous)
    assert consolidated.number == "45"
    assert "Trung tâm Chuyển đổi số và Đổi mới sáng tạo: Duy trì chuyên mục" in (
        consolidated.results
    )
    # The running half-year is left for the demo's users to write.
    assert not UnitReport.objects.filter(period__code="2026-2").exists()


def test_loading_the_demo_again_adds_nothing(plan):
    directory_demo_load()
    reporting_demo_load()
    counts = (
        UnitReport.objects.count(),
        UnitReportVersion.objects.count(),
        ConsolidatedReport.objects.count(),
        UnitReport.objects.filter(status=ReportStatus.ACCEPTED).count(),
    )

    assert reporting_demo_load() == []

    assert counts == (8, 8, 1, 7)
    assert (
        UnitReport.objects.count(),
        UnitReportVersion.objects.count(),
        ConsolidatedReport.objects.count(),
        UnitReport.objects.filter(status=ReportStatus.ACCEPTED).count(),
    ) == counts


def test_the_demo_needs_the_plan_and_the_accounts(plan):
    assert reporting_demo_load() == ["Demo accounts missing: the directory demo runs first."]

    plan.delete()
    assert reporting_demo_load() == ["Plan 2725 not loaded: run manage.py load_plan first."]
