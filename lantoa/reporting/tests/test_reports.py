"""A unit's report: prefilled from what the unit recorded in the period, written, submitted,
returned and accepted; never overwritten unseen; written only by the unit's own staff."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from lantoa.library.tests.builders import make_asset
from lantoa.plans.models import TaskProgress
from lantoa.plans.tests.factories import progress_post
from lantoa.reporting import services
from lantoa.reporting.calendar import ad_hoc_request_create
from lantoa.reporting.content import absolute_url, unit_report_content
from lantoa.reporting.models import ReportStatus, TaskRole, UnitReport, UnitReportVersion
from lantoa.reporting.outputs import (
    OutputRecord,
    OutputSource,
    register_report_output,
    unregister_report_output,
)
from lantoa.reporting.tests.conftest import HO_CHI_MINH

pytestmark = pytest.mark.django_db

ARTICLES = "portal.articles"
ASSETS = "library.assets"


def _output(outputs: list[dict], key: str) -> dict:
    return next(output for output in outputs if output["key"] == key)


def _section(content: dict, path: str) -> dict:
    return next(section for section in content["sections"] if section["path"] == path)


# --- opening and prefilling ----------------------------------------------------------------------


def test_a_report_has_a_section_per_task_the_unit_leads_or_coordinates(period, units, staff_ttcds):
    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)

    sections = [(section.task.path, section.role) for section in report.sections.all()]
    # TTCĐS leads the groups III.1, III.2 and III.4; every unit coordinates III.3. Leads first.
    lead = [path for path, role in sections if role == TaskRole.LEAD]
    coordinate = [path for path, role in sections if role == TaskRole.COORDINATE]
    assert lead == [
        *[f"III.1.{letter}" for letter in "abcd"],
        *[f"III.2.{letter}" for letter in "abcdefgh"],
        *[f"III.4.{letter}" for letter in "abcd"],
    ]
    assert coordinate == [f"III.3.{letter}" for letter in "abcd"]
    assert sections == [
        *[(path, TaskRole.LEAD) for path in lead],
        *[(path, TaskRole.COORDINATE) for path in coordinate],
    ]
    assert report.status == ReportStatus.DRAFT


def test_opening_again_returns_the_same_report(period, units, staff_ttcds, make_user):
    colleague = make_user("unit_staff", unit=units["TTCĐS"])
    first = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
    again = services.unit_report_open(period=period, unit=units["TTCĐS"], user=colleague)

    assert again == first
    assert UnitReport.objects.count() == 1


def test_articles_of_the_unit_in_the_period_are_counted_with_their_links(
    period, units, node, staff_ttcds, publish
):
    task = node("III.2.d")
    counted = publish("Infographic: Nghị quyết 57 trong 5 phút", "TTCĐS", days_ago=10, tasks=[task])
    publish("Ra mắt chuyên mục Nghị quyết 57", "TTCĐS", days_ago=200, tasks=[task])  # 11/5/2026
    publish("Tổ công nghệ số cộng đồng ra quân", "BCVT", days_ago=3, tasks=[task])
    untagged = publish("Tọa đàm chuyển đổi số", "TTCĐS", days_ago=30)

    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
    content = unit_report_content(report)

    articles = _output(content["outputs"], ARTICLES)
    assert articles["total"] == 2
    assert [record["title"] for record in articles["records"]] == [
        counted.title,
        untagged.title,
    ]  # newest first
    record = articles["records"][0]
    assert record["url"] == absolute_url(counted.get_full_url())
    assert record["url"].startswith("http")
    assert record["day"] == "2026-11-17"
    # Under the task the article serves, and under no other.
    in_task = _output(_section(content, "III.2.d")["outputs"], ARTICLES)
    assert [record["title"] for record in in_task["records"]] == [counted.title]
    assert in_task["total"] == 1
    assert _output(_section(content, "III.2.a")["outputs"], ARTICLES)["total"] == 0


def test_the_other_units_report_counts_its_own_articles(period, units, staff_bcvt, node, publish):
    publish("Infographic: Nghị quyết 57", "TTCĐS", days_ago=10, tasks=[node("III.2.d")])
    own = publish("Tổ công nghệ số cộng đồng ra quân", "BCVT", days_ago=3)

    report = services.unit_report_open(period=period, unit=units["BCVT"], user=staff_bcvt)

    articles = _output(unit_report_content(report)["outputs"], ARTICLES)
    assert [record["title"] for record in articles["records"]] == [own.title]


def test_released_assets_of_the_unit_in_the_period_are_counted(period, units, node, staff_ttcds):
    asset = make_asset(unit=units["TTCĐS"], title="Bộ infographic Nghị quyết 57")
    asset.plan_tasks.add(node("III.2.d"))
    make_asset(
        unit=units["TTCĐS"],
        title="Sổ tay cũ",
        released_at=datetime(2026, 6, 30, 23, 0, tzinfo=HO_CHI_MINH),  # the half before
    )
    make_asset(unit=units["TTCĐS"], title="Bản nháp", status="draft")
    make_asset(unit=units["BCVT"], title="Tài liệu của BCVT")

    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
    content = unit_report_content(report)

    assets = _output(content["outputs"], ASSETS)
    assert [record["title"] for record in assets["records"]] == ["Bộ infographic Nghị quyết 57"]
    assert assets["records"][0]["url"].endswith(f"/{asset.identifier}/")
    assert _output(_section(content, "III.2.d")["outputs"], ASSETS)["total"] == 1


def test_progress_notes_of_the_period_become_the_sections_activities(
    period, units, node, staff_ttcds, staff_bcvt
):
    task = node("III.2.d")
    earlier = progress_post(
        actor=staff_ttcds, node=task, unit=units["TTCĐS"], note="Lên kế hoạch sản xuất video."
    )
    TaskProgress.objects.filter(pk=earlier.pk).update(
        created_at=datetime(2026, 6, 30, 23, 59, tzinfo=HO_CHI_MINH)
    )
    progress_post(
        actor=staff_ttcds, node=task, unit=units["TTCĐS"], note="Sản xuất 12 infographic."
    )
    progress_post(actor=staff_bcvt, node=node("III.3.a"), unit=units["BCVT"], note="Của BCVT.")

    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)

    activities = {section.task.path: section.activities for section in report.sections.all()}
    assert activities["III.2.d"] == "- Sản xuất 12 infographic."
    assert activities["III.3.a"] == ""


def test_a_source_registered_by_another_app_is_counted_without_changing_this_one(
    period, units, node, staff_ttcds
):
    task = node("III.1.d")

    def events(unit, starts_on, ends_on):
        if unit.code != "TTCĐS":
            return []
        return [
            OutputRecord(
                title="Ngày hội Chuyển đổi số 10/10",
                url="/su-kien/ngay-hoi-cds/",
                day=starts_on.replace(month=10, day=10),
                task_ids=(task.pk,),
                quantity=350,
            )
        ]

    register_report_output(OutputSource(key="test.events", label="Người tham dự", collect=events))
    try:
        report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
        content = unit_report_content(report)
    finally:
        unregister_report_output("test.events")

    keys = [output["key"] for output in content["outputs"]]
    assert keys[:2] == [ARTICLES, ASSETS]  # the sources' order
    assert _output(content["outputs"], "test.events")["total"] == 350
    assert _output(_section(content, "III.1.d")["outputs"], "test.events")["total"] == 350


# --- the workflow --------------------------------------------------------------------------------


def test_write_submit_return_resubmit_accept(period, units, staff_ttcds, qlkh, write_report):
    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
    section = report.sections.get(task__path="III.2.d")
    report = write_report(
        report,
        staff_ttcds,
        results="Sản xuất 24 tin bài, 12 infographic.",
        budget_used=185_000_000,
        activities={section.pk: "- Sản xuất 12 infographic."},
    )
    assert report.revision == 2

    first = services.unit_report_submit(report=report, user=staff_ttcds, revision=report.revision)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (first.number, first.submitted_by) == (1, staff_ttcds)
    assert first.content["results"] == "Sản xuất 24 tin bài, 12 infographic."
    assert first.content["budget_used"] == "185000000"
    assert _section(first.content, "III.2.d")["activities"] == "- Sản xuất 12 infographic."

    with pytest.raises(ValidationError) as refused:
        services.unit_report_return(report=report, user=qlkh, comment="   ")
    assert list(refused.value.message_dict) == ["comment"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    services.unit_report_return(
        report=report, user=qlkh, comment="Bổ sung số lượt xem của các tin bài."
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert (report.review_comment, report.reviewed_by) == (
        "Bổ sung số lượt xem của các tin bài.",
        qlkh,
    )

    report = write_report(
        report, staff_ttcds, results="Sản xuất 24 tin bài (48.000 lượt xem), 12 infographic."
    )
    second = services.unit_report_submit(report=report, user=staff_ttcds, revision=report.revision)
    assert second.number == 2
    services.unit_report_accept(report=report, user=qlkh)

    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.is_locked
    # Every version kept as it was submitted.
    versions = {version.number: version.content["results"] for version in report.versions.all()}
    assert versions == {
        1: "Sản xuất 24 tin bài, 12 infographic.",
        2: "Sản xuất 24 tin bài (48.000 lượt xem), 12 infographic.",
    }
    assert services.unit_report_accepted_content(report)["results"] == versions[2]


def test_an_accepted_report_is_locked(period, units, staff_ttcds, qlkh, submit_report):
    version = submit_report(period, units["TTCĐS"], staff_ttcds)
    report = version.report
    services.unit_report_accept(report=report, user=qlkh)
    report.refresh_from_db()

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.unit_report_save(
                report=report,
                user=staff_ttcds,
                revision=report.revision,
                fields={"results": "Sửa sau khi đã chấp nhận"},
                activities={},
            )
        assert refused.value.messages == ["This report has been accepted and is locked."]
        with pytest.raises(ValidationError) as refused:
            services.unit_report_submit(report=report, user=staff_ttcds, revision=report.revision)
        assert refused.value.messages == ["This report has been accepted and is locked."]
        # Nor can it be returned or accepted again.
        with pytest.raises(ValidationError):
            services.unit_report_return(report=report, user=qlkh, comment="Sửa lại")

    report.refresh_from_db()
    assert report.results == "Kết quả của TTCĐS trong kỳ."
    assert report.status == ReportStatus.ACCEPTED
    assert UnitReportVersion.objects.filter(report=report).count() == 1


def test_a_submitted_report_waits_for_review_before_it_changes(
    period, units, staff_ttcds, submit_report
):
    report = submit_report(period, units["TTCĐS"], staff_ttcds).report
    report.refresh_from_db()

    with pytest.raises(ValidationError):
        services.unit_report_save(
            report=report,
            user=staff_ttcds,
            revision=report.revision,
            fields={"results": "Thêm"},
            activities={},
        )
    with pytest.raises(ValidationError):
        services.unit_report_submit(report=report, user=staff_ttcds, revision=report.revision)
    assert report.versions.count() == 1


def test_submitting_without_results_is_refused(period, units, staff_ttcds, write_report):
    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
    report = write_report(report, staff_ttcds, results="   ", proposals="Bổ sung kinh phí.")

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.unit_report_submit(report=report, user=staff_ttcds, revision=report.revision)

    assert refused.value.message_dict == {
        "results": ["Say what the unit achieved before submitting."]
    }
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not report.versions.exists()


def test_only_the_lead_division_returns_or_accepts(
    period, units, staff_ttcds, staff_bcvt, leader, qlkh, submit_report
):
    report = submit_report(period, units["TTCĐS"], staff_ttcds).report

    for user in (staff_ttcds, staff_bcvt, leader):
        with pytest.raises(PermissionDenied):
            services.unit_report_accept(report=report, user=user)
        with pytest.raises(PermissionDenied):
            services.unit_report_return(report=report, user=user, comment="Sửa lại")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    services.unit_report_accept(report=report, user=qlkh)
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, qlkh)


def test_a_draft_cannot_be_accepted(period, units, staff_ttcds, qlkh):
    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)

    with pytest.raises(ValidationError):
        services.unit_report_accept(report=report, user=qlkh)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_an_accepted_version_keeps_its_figures_when_records_change(
    period, units, staff_ttcds, qlkh, publish, submit_report
):
    article = publish("Infographic: Nghị quyết 57", "TTCĐS", days_ago=10)
    report = submit_report(period, units["TTCĐS"], staff_ttcds).report
    services.unit_report_accept(report=report, user=qlkh)
    publish("Tin bài thêm sau khi báo cáo", "TTCĐS", days_ago=1)

    report.refresh_from_db()
    content = services.unit_report_accepted_content(report)
    assert [record["title"] for record in _output(content["outputs"], ARTICLES)["records"]] == [
        article.title
    ]
    assert _output(unit_report_content(report)["outputs"], ARTICLES)["total"] == 2


# --- two people at once --------------------------------------------------------------------------


def test_the_second_of_two_writers_is_told_and_nothing_is_overwritten(
    period, units, staff_ttcds, make_user
):
    colleague = make_user(
        "unit_staff", unit=units["TTCĐS"], first_name="Thị Yến", last_name="Trương"
    )
    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
    opened_at = report.revision  # both open the report at this revision

    services.unit_report_save(
        report=report,
        user=staff_ttcds,
        revision=opened_at,
        fields={"results": "Bản của anh Đức."},
        activities={},
    )
    with translation.override("en"), pytest.raises(services.ReportConflict) as conflict:
        services.unit_report_save(
            report=report,
            user=colleague,
            revision=opened_at,
            fields={"results": "Bản của chị Yến."},
            activities={},
        )

    message = str(conflict.value)
    assert staff_ttcds.get_full_name() in message
    assert "27/11/2026" in message
    assert "Nothing of yours was saved" in message
    report.refresh_from_db()
    assert report.results == "Bản của anh Đức."
    assert report.updated_by == staff_ttcds
    # Submitting from the stale revision is refused too.
    with pytest.raises(services.ReportConflict):
        services.unit_report_submit(report=report, user=colleague, revision=opened_at)
    assert not report.versions.exists()


def test_saving_an_unknown_field_is_a_programming_error(period, units, staff_ttcds):
    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)

    with pytest.raises(TypeError):
        services.unit_report_save(
            report=report,
            user=staff_ttcds,
            revision=report.revision,
            fields={"status": ReportStatus.ACCEPTED},
            activities={},
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


# --- who writes ----------------------------------------------------------------------------------


def test_only_the_units_own_staff_start_and_write_its_report(
    period, units, staff_ttcds, staff_bcvt, leader, qlkh
):
    for user in (staff_bcvt, leader, qlkh):
        with pytest.raises(PermissionDenied):
            services.unit_report_open(period=period, unit=units["TTCĐS"], user=user)
    assert not UnitReport.objects.exists()

    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
    for user in (staff_bcvt, leader, qlkh):
        with pytest.raises(PermissionDenied):
            services.unit_report_save(
                report=report,
                user=user,
                revision=report.revision,
                fields={"results": "Ghi đè"},
                activities={},
            )
    report.refresh_from_db()
    assert (report.results, report.revision) == ("", 1)


def test_a_unit_not_asked_in_the_period_cannot_start_a_report(plan, units, staff_bcvt, qlkh):
    request = ad_hoc_request_create(
        plan=plan,
        title="Báo cáo nhanh",
        request="",
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 10, 31),
        unit_due_on=date(2026, 12, 1),
        consolidated_due_on=None,
        units=[units["TTCĐS"]],
        user=qlkh,
    )

    with pytest.raises(PermissionDenied):
        services.unit_report_open(period=request, unit=units["BCVT"], user=staff_bcvt)
