"""Fixtures of the plans tests: the Quảng Ngãi agency, Plan 2725 loaded from its data file,
and one user per role. The clock stands still on 1 December 2025, three weeks after the plan
was issued, unless a test moves it; no indicator is registered unless a test registers one."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from lantoa.directory.models import Organisation, Unit
from lantoa.directory.services import agency_load
from lantoa.plans import evidence as task_evidence
from lantoa.plans import indicators
from lantoa.plans.indicators import (
    Indicator,
    IndicatorContext,
    IndicatorRecord,
    IndicatorValue,
    percent,
    register_indicator,
    unregister_indicator,
)
from lantoa.plans.loading import plan_load
from lantoa.plans.models import Measurement, Plan, PlanNode, ProgressEvidence
from lantoa.plans.tests.factories import AGENCY_FOLDER, PLAN_2725

HO_CHI_MINH = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime(2025, 12, 1, 9, 30, tzinfo=HO_CHI_MINH)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture(autouse=True)
def _indicators(monkeypatch):
    """An empty indicator registry: the apps that measure targets register theirs as they
    arrive, and these tests must not depend on which have."""
    monkeypatch.setattr(indicators, "_registry", {})
    # Likewise no task-evidence providers from other apps.
    monkeypatch.setattr(task_evidence, "_providers", {})


@pytest.fixture(autouse=True)
def _private_files_removed(db):
    """Evidence files land in PRIVATE_MEDIA_ROOT; remove the ones a test wrote."""
    yield
    for evidence in ProgressEvidence.objects.exclude(file=""):
        evidence.file.delete(save=False)
    for measurement in Measurement.objects.exclude(evidence_file=""):
        measurement.evidence_file.delete(save=False)


@pytest.fixture
def agency(db) -> Organisation:
    return agency_load(folder=AGENCY_FOLDER).organisation


@pytest.fixture
def units(agency) -> dict[str, Unit]:
    return {unit.code: unit for unit in Unit.objects.filter(organisation=agency)}


@pytest.fixture
def plan(agency) -> Plan:
    return plan_load(path=PLAN_2725).plan


@pytest.fixture
def node(plan):
    """node("III.2.b") → that node of Plan 2725."""

    def _get(path: str) -> PlanNode:
        return PlanNode.objects.get(plan=plan, path=path)

    return _get


@pytest.fixture
def leader(make_user, units):
    return make_user("leader", unit=units["LĐS"], username="lanhdao")


@pytest.fixture
def qlkh(make_user, units):
    return make_user("lead_division", unit=units["QLKH"], username="qlkh")


@pytest.fixture
def staff_ttcds(make_user, units):
    return make_user("unit_staff", unit=units["TTCĐS"], username="canbo.ttcds")


@pytest.fixture
def staff_bcvt(make_user, units):
    return make_user("unit_staff", unit=units["BCVT"], username="canbo.bcvt")


@pytest.fixture
def editor(make_user):
    return make_user("editor", username="bientap")


class FakeIndicator:
    """Stands in for the directory app's measure of T2 (staff informed of Resolution 57):
    3 of 4 staff, 75%, unless a test sets another answer."""

    key = "directory.staff_informed_share"

    def __init__(self):
        self.answer = percent(3, 4)
        self.asked: list[IndicatorContext] = []

    def compute(self, context: IndicatorContext) -> IndicatorValue:
        self.asked.append(context)
        return self.answer

    def records(self, context: IndicatorContext) -> list[IndicatorRecord]:
        return [
            IndicatorRecord(label="Nguyễn Thị Hoa — đã dự hội nghị phổ biến", url="/hoa/"),
            IndicatorRecord(label="Lê Văn Bưu — chưa được phổ biến", counted=False),
        ]


@pytest.fixture
def fake_indicator():
    fake = FakeIndicator()
    register_indicator(
        Indicator(
            key=fake.key,
            label="Cán bộ được phổ biến Nghị quyết 57 (thử)",
            compute=fake.compute,
            records=fake.records,
        )
    )
    yield fake
    unregister_indicator(fake.key)
