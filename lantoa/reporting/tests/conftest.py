"""Fixtures of the reporting tests: the real Quảng Ngãi agency and Plan 2725, one user per role
as the demo names them, and helpers to write, submit and review reports through the services.

The clock stands still on Friday 27 November 2026, 09:00 in Quảng Ngãi: the second half of 2026
is running (unit reports due 15/12/2026, 18 days away) and the first half's deadline (10/6/2026)
has passed."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation

from lantoa.directory.models import Organisation, Unit
from lantoa.directory.roles import ROLES
from lantoa.directory.services import agency_load
from lantoa.directory.tests.factories import PersonFactory, UserFactory
from lantoa.plans.loading import plan_load
from lantoa.plans.models import Plan, PlanNode
from lantoa.plans.tests.factories import AGENCY_FOLDER, PLAN_2725, PLAN_2725_CODE
from lantoa.portal.models import ArticlePage
from lantoa.portal.setup import portal_setup
from lantoa.portal.tests.pages import article_add, section_get
from lantoa.reporting import services
from lantoa.reporting.calendar import half_year_periods_ensure
from lantoa.reporting.models import ReportingPeriod, UnitReport, UnitReportAttachment

HO_CHI_MINH = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=HO_CHI_MINH)
TODAY = NOW.date()
AGENCY_CODE = "skhcn-quang-ngai"

REPORTING_MO = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES" / "django.mo"


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """That day at that hour in Quảng Ngãi."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HO_CHI_MINH)


def vietnamese(message: str) -> str:
    """`message` as a Vietnamese reader gets it from the catalogues (the English text itself
    while the reporting app's catalogue lacks it)."""
    with translation.override("vi"):
        return translation.gettext(message)


def reporting_catalogue_translates(message: str) -> bool:
    """Whether the compiled Vietnamese catalogue already translates `message`. The reporting
    catalogue is written separately from the code; tests that check Vietnamese wording check
    it once it is there and otherwise check that the message goes through the catalogue."""
    return REPORTING_MO.is_file() and vietnamese(message) != message


def user_make(role_code: str, *, unit: Unit, username: str, **fields):
    """A user in that role on that unit's staff (the root conftest's make_user, usable outside
    a test's own fixtures, e.g. in the module-scoped document fixture)."""
    user = UserFactory(username=username, **fields)
    role = next(role for role in ROLES if role.code == role_code)
    user.groups.add(Group.objects.get(name=role.group_name))
    PersonFactory(unit=unit, user=user, full_name=user.get_full_name() or user.username)
    return user


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def _private_files_removed(db):
    """Attachments land in PRIVATE_MEDIA_ROOT; remove the ones a test wrote."""
    yield
    for attachment in UnitReportAttachment.objects.all():
        attachment.file.delete(save=False)


@pytest.fixture(scope="module", autouse=True)
def _agency_and_plan(django_db_setup, django_db_blocker):
    """The Quảng Ngãi agency and Plan 2725, loaded once per test module (loading them takes
    most of a second) in a transaction that stays open around the module's tests, the way
    Django's TestCase keeps setUpTestData: each test runs in a savepoint of it, and the whole
    is rolled back after the module, so no other app's tests see these records."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            agency_load(folder=AGENCY_FOLDER)
            plan_load(path=PLAN_2725)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def agency(db) -> Organisation:
    return Organisation.objects.get(code=AGENCY_CODE)


@pytest.fixture
def units(agency) -> dict[str, Unit]:
    return {unit.code: unit for unit in Unit.objects.filter(organisation=agency)}


@pytest.fixture
def plan(agency) -> Plan:
    return Plan.objects.get(code=PLAN_2725_CODE)


@pytest.fixture
def node(plan):
    """node("III.2.d") → that node of Plan 2725."""

    def _get(path: str) -> PlanNode:
        return PlanNode.objects.get(plan=plan, path=path)

    return _get


@pytest.fixture
def periods(plan) -> dict[str, ReportingPeriod]:
    """The half-year periods up to today: 2025-2, 2026-1 and 2026-2."""
    return {period.code: period for period in half_year_periods_ensure(plan=plan)}


@pytest.fixture
def period(periods) -> ReportingPeriod:
    """The running half-year, 2026-2."""
    return periods["2026-2"]


@pytest.fixture
def qlkh(make_user, units):
    return make_user(
        "lead_division",
        unit=units["QLKH"],
        username="qlkh",
        first_name="Thu Hà",
        last_name="Nguyễn Thị",
    )


@pytest.fixture
def leader(make_user, units):
    return make_user("leader", unit=units["LĐS"], username="lanhdao")


@pytest.fixture
def staff_ttcds(make_user, units):
    return make_user(
        "unit_staff",
        unit=units["TTCĐS"],
        username="canbo.ttcds",
        first_name="Minh Đức",
        last_name="Trần",
    )


@pytest.fixture
def staff_bcvt(make_user, units):
    return make_user("unit_staff", unit=units["BCVT"], username="canbo.bcvt")


@pytest.fixture
def office(make_user, units):
    return make_user("office", unit=units["VP"], username="vanphong")


@pytest.fixture
def write_report():
    """write_report(report, user, results=…, …) → the report saved through the service at its
    current revision."""

    def _write(report: UnitReport, user, activities=None, **fields) -> UnitReport:
        report.refresh_from_db()
        return services.unit_report_save(
            report=report,
            user=user,
            revision=report.revision,
            fields=fields,
            activities=activities or {},
        )

    return _write


@pytest.fixture
def submit_report(write_report):
    """submit_report(period, unit, user, results=…) → the version submitted (report opened and
    written first)."""

    def _submit(period, unit, user, **fields):
        report = services.unit_report_open(period=period, unit=unit, user=user)
        fields.setdefault("results", f"Kết quả của {unit.code} trong kỳ.")
        report = write_report(report, user, **fields)
        return services.unit_report_submit(report=report, user=user, revision=report.revision)

    return _submit


@pytest.fixture
def portal(agency):
    """The portal's page tree (its sections take the units' articles)."""
    return portal_setup(folder=AGENCY_FOLDER)


@pytest.fixture
def publish(portal):
    """publish("Title", "TTCĐS", days_ago=10, tasks=[node]) → a live article of that unit,
    first published that many days before now, serving those plan tasks."""

    def _publish(title: str, unit_code: str, *, days_ago: int, tasks=()) -> ArticlePage:
        article = article_add(
            section_get(), title=title, unit_code=unit_code, published_days_ago=days_ago
        )
        if tasks:
            article.plan_tasks.set(list(tasks))
            article.save()
        return article

    return _publish
