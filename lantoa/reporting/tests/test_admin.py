"""The reporting screens in the admin, as each role meets them: who sees which report, what a
unit can write, what the lead division reviews, and the files attached to reports."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from lantoa.plans.tests.helpers import assert_refused
from lantoa.reporting import services
from lantoa.reporting.calendar import ad_hoc_request_create
from lantoa.reporting.models import (
    PeriodKind,
    ReportingPeriod,
    ReportStatus,
    UnitReport,
    UnitReportAttachment,
)
from lantoa.reporting.tests.conftest import reporting_catalogue_translates, vietnamese

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOT_AN_ATTACHMENT = (
    "Attach a PDF, Word, Excel, PowerPoint or OpenDocument file, or a JPEG or PNG picture; this "
    "file is none of these."
)


def _report_url(period, unit) -> str:
    return reverse("reporting:unit_report", args=[period.code, unit.pk])


def _page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _english(*users):
    """Admin pages in English for these users (their preferred admin language)."""
    for user in users:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()


@pytest.fixture
def ttcds_report(period, units, staff_ttcds):
    return services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)


# --- the unit writes its report ------------------------------------------------------------------


def test_unit_staff_open_their_report_prefilled_and_submit_it(
    client, period, units, node, staff_ttcds, publish
):
    article = publish("Infographic: Nghị quyết 57", "TTCĐS", days_ago=10, tasks=[node("III.2.d")])
    client.force_login(staff_ttcds)
    url = _report_url(period, units["TTCĐS"])

    response = client.get(url)

    assert response.status_code == 200
    page = _page(response)
    report = UnitReport.objects.get(period=period, unit=units["TTCĐS"])
    assert page.select_one("[data-report-status]")["data-report-status"] == "draft"
    overall = page.select_one("#outputs-heading").find_parent("section")
    articles = overall.select_one('[data-output="portal.articles"]')
    assert articles.select_one("[data-output-total]").text == "1"
    assert articles.find("a", string=article.title)["href"] == article.get_full_url()
    section = page.select_one('[data-section="III.2.d"]')
    assert section.find("a", string=article.title) is not None
    assert page.select_one('[data-section="III.2.a"]').find("a") is None

    fields = {
        "revision": report.revision,
        "results": "Sản xuất 24 tin bài, 12 infographic.",
        "limitations": "Nhân lực sản xuất video còn mỏng.",
        "proposals": "",
        "budget_used": "185000000",
        "budget_note": "",
        "signer_title": "Giám đốc Trung tâm",
        "signer_name": "Trần Quốc Việt",
        f"section_{report.sections.get(task__path='III.2.d').pk}": "Sản xuất 12 infographic.",
    }
    response = client.post(url, {**fields, "action": "save"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.results == "Sản xuất 24 tin bài, 12 infographic."
    assert report.sections.get(task__path="III.2.d").activities == "Sản xuất 12 infographic."

    response = client.post(url, {**fields, "revision": report.revision, "action": "submit"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.versions.get().number == 1
    page = _page(client.get(url))
    assert page.select_one("[data-report-form]") is None  # nothing to edit while reviewed
    assert "Sản xuất 24 tin bài" in page.select_one("[data-report-results]").text
    assert len(page.select("[data-versions] li")) == 1


def test_a_stale_form_is_refused_with_who_saved_in_between(
    client, ttcds_report, period, units, staff_ttcds, make_user
):
    colleague = make_user(
        "unit_staff", unit=units["TTCĐS"], first_name="Thị Yến", last_name="Trương"
    )
    opened_at = ttcds_report.revision
    services.unit_report_save(
        report=ttcds_report,
        user=colleague,
        revision=opened_at,
        fields={"results": "Bản của chị Yến."},
        activities={},
    )
    client.force_login(staff_ttcds)
    _english(staff_ttcds)

    response = client.post(
        _report_url(period, units["TTCĐS"]),
        {"revision": opened_at, "results": "Bản của anh Đức.", "action": "save"},
    )

    assert response.status_code == 409
    assert colleague.get_full_name() in response.content.decode()
    ttcds_report.refresh_from_db()
    assert ttcds_report.results == "Bản của chị Yến."


def test_submitting_without_results_shows_the_reason(
    client, ttcds_report, period, units, staff_ttcds
):
    client.force_login(staff_ttcds)
    _english(staff_ttcds)

    response = client.post(
        _report_url(period, units["TTCĐS"]),
        {"revision": ttcds_report.revision, "results": "", "action": "submit"},
    )

    assert response.status_code == 200
    assert "Say what the unit achieved before submitting." in response.content.decode()
    ttcds_report.refresh_from_db()
    assert ttcds_report.status == ReportStatus.DRAFT
    assert not ttcds_report.versions.exists()


def test_a_negative_budget_is_refused(client, ttcds_report, period, units, staff_ttcds):
    client.force_login(staff_ttcds)

    response = client.post(
        _report_url(period, units["TTCĐS"]),
        {"revision": ttcds_report.revision, "results": "Có", "budget_used": "-5", "action": "save"},
    )

    assert response.status_code == 200
    ttcds_report.refresh_from_db()
    assert (ttcds_report.results, ttcds_report.budget_used) == ("", None)


# --- the lead division reviews -------------------------------------------------------------------


def test_the_lead_division_returns_with_comments_then_accepts(
    client, period, units, staff_ttcds, qlkh, submit_report
):
    report = submit_report(period, units["TTCĐS"], staff_ttcds).report
    url = _report_url(period, units["TTCĐS"])
    client.force_login(qlkh)
    _english(qlkh)

    page = _page(client.get(url))
    assert page.select_one("[data-review]") is not None

    response = client.post(url, {"action": "return", "comment": ""})
    assert response.status_code == 200
    assert "Say what the unit should change." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    response = client.post(url, {"action": "return", "comment": "Bổ sung số lượt xem."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "Bổ sung số lượt xem.")

    client.force_login(staff_ttcds)
    page = _page(client.get(url))
    assert "Bổ sung số lượt xem." in page.select_one("[data-review-comment]").text
    client.post(url, {"revision": report.revision, "results": "Đã bổ sung.", "action": "submit"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(qlkh)
    assert client.post(url, {"action": "accept"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert list(report.versions.values_list("number", flat=True)) == [2, 1]
    # The first version is still there to read.
    page = _page(client.get(url, {"version": 1}))
    assert "Kết quả của TTCĐS trong kỳ." in page.text


def test_unit_staff_cannot_accept_their_own_report(
    client, period, units, staff_ttcds, submit_report
):
    report = submit_report(period, units["TTCĐS"], staff_ttcds).report
    client.force_login(staff_ttcds)

    response = client.post(_report_url(period, units["TTCĐS"]), {"action": "accept"})

    assert_refused(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


# --- who sees what -------------------------------------------------------------------------------


def test_another_units_staff_can_neither_see_nor_write_the_report(
    client, ttcds_report, period, units, staff_bcvt
):
    client.force_login(staff_bcvt)
    url = _report_url(period, units["TTCĐS"])

    assert client.get(url).status_code == 404
    response = client.post(
        url, {"revision": ttcds_report.revision, "results": "Ghi đè", "action": "save"}
    )
    assert response.status_code == 404
    for file_format in ("docx", "xlsx"):
        export = reverse(
            "reporting:unit_report_export", args=[period.code, units["TTCĐS"].pk, file_format]
        )
        assert client.get(export).status_code == 404
    ttcds_report.refresh_from_db()
    assert ttcds_report.results == ""
    # Their own report opens.
    assert client.get(_report_url(period, units["BCVT"])).status_code == 200


def test_leaders_read_every_report_but_write_none(
    client, period, units, staff_ttcds, leader, write_report, ttcds_report
):
    write_report(ttcds_report, staff_ttcds, results="Sản xuất 24 tin bài.")
    client.force_login(leader)
    url = _report_url(period, units["TTCĐS"])

    response = client.get(url)

    assert response.status_code == 200
    page = _page(response)
    assert page.select_one("[data-report-form]") is None
    assert "Sản xuất 24 tin bài." in page.select_one("[data-report-results]").text
    ttcds_report.refresh_from_db()
    response = client.post(
        url, {"revision": ttcds_report.revision, "results": "Lãnh đạo sửa", "action": "save"}
    )
    assert_refused(response)
    ttcds_report.refresh_from_db()
    assert ttcds_report.results == "Sản xuất 24 tin bài."
    # A report no one started is shown as such, not created.
    response = client.get(_report_url(period, units["BCVT"]))
    assert response.status_code == 200
    assert not UnitReport.objects.filter(unit=units["BCVT"]).exists()


def test_the_lead_division_reads_every_report(client, ttcds_report, period, units, qlkh):
    client.force_login(qlkh)

    assert client.get(_report_url(period, units["TTCĐS"])).status_code == 200
    assert client.get(reverse("reporting:period", args=[period.code])).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, ttcds_report, period, units):
    for url in (
        reverse("reporting:index"),
        reverse("reporting:period", args=[period.code]),
        _report_url(period, units["TTCĐS"]),
        reverse("reporting:unit_report_export", args=[period.code, units["TTCĐS"].pk, "docx"]),
        reverse("reporting:consolidated", args=[period.code]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url


def test_the_office_reads_only_its_own_report(client, ttcds_report, period, units, office):
    client.force_login(office)

    assert client.get(_report_url(period, units["TTCĐS"])).status_code == 404
    assert client.get(_report_url(period, units["VP"])).status_code == 200


def test_people_without_a_reporting_role_are_refused(client, period, make_user):
    client.force_login(make_user("editor", username="bientap"))

    assert_refused(client.get(reverse("reporting:index")))
    # No period is theirs to see.
    assert client.get(reverse("reporting:period", args=[period.code])).status_code == 404


def test_an_ad_hoc_request_is_seen_only_by_the_units_asked(
    client, plan, units, qlkh, staff_ttcds, staff_bcvt
):
    request = ad_hoc_request_create(
        plan=plan,
        title="Báo cáo nhanh số liệu Ngày Chuyển đổi số",
        request="",
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 10, 31),
        unit_due_on=date(2026, 12, 1),
        consolidated_due_on=None,
        units=[units["TTCĐS"]],
        user=qlkh,
    )

    client.force_login(staff_ttcds)
    assert client.get(_report_url(request, units["TTCĐS"])).status_code == 200
    client.force_login(staff_bcvt)
    assert client.get(_report_url(request, units["BCVT"])).status_code == 404
    assert client.get(_report_url(request, units["TTCĐS"])).status_code == 404
    assert request.code not in client.get(reverse("reporting:index")).content.decode()


def test_the_board_is_for_readers_of_all_reports(client, period, units, staff_ttcds):
    client.force_login(staff_ttcds)

    response = client.get(reverse("reporting:period", args=[period.code]))

    assert response.status_code == 302
    assert response["Location"] == _report_url(period, units["TTCĐS"])


def test_the_period_list_opens_for_every_role(
    client, plan, qlkh, leader, staff_ttcds, office, units
):
    # Opening the list makes the calendar's periods up to today.
    for user, unit in ((qlkh, None), (leader, None), (staff_ttcds, "TTCĐS"), (office, "VP")):
        client.force_login(user)
        response = client.get(reverse("reporting:index"))
        assert response.status_code == 200, user
        page = response.content.decode()
        for period in ReportingPeriod.objects.all():
            if unit is None:
                link = reverse("reporting:period", args=[period.code])
            else:
                link = _report_url(period, units[unit])
            assert link in page, (user, period.code)
    assert ReportingPeriod.objects.count() == 3


def test_the_board_shows_states_with_a_fixed_number_of_queries(
    client,
    periods,
    units,
    staff_ttcds,
    staff_bcvt,
    office,
    qlkh,
    submit_report,
    django_assert_max_num_queries,
):
    period = periods["2026-1"]
    for unit, user in ((units["TTCĐS"], staff_ttcds), (units["BCVT"], staff_bcvt)):
        submit_report(period, unit, user)
    services.unit_report_open(period=period, unit=units["VP"], user=office)
    client.force_login(qlkh)

    # 14 today, whatever the number of units and reports.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("reporting:period", args=[period.code]))

    rows = {row["data-unit"]: row for row in _page(response).select("[data-board] tr[data-unit]")}
    assert {code: row["data-state"] for code, row in rows.items()} == {
        "VP": "draft",
        "QLKH": "missing",
        "BCVT": "submitted",
        "TTCĐS": "submitted",
    }
    # Submitted today, after the due date of 10/6/2026: all four are late.
    assert all(row.has_attr("data-late") for row in rows.values())


def test_the_report_screen_has_a_fixed_number_of_queries(
    client, period, units, node, staff_ttcds, publish, django_assert_max_num_queries
):
    for number in range(3):
        publish(f"Tin bài số {number}", "TTCĐS", days_ago=3 + number, tasks=[node("III.2.d")])
    client.force_login(staff_ttcds)
    url = _report_url(period, units["TTCĐS"])
    client.get(url)  # opens the report

    # 31 today: the 20 sections and the records counted in them cost no query each.
    with django_assert_max_num_queries(34):
        response = client.get(url)

    assert response.status_code == 200
    section = _page(response).select_one('[data-section="III.2.d"]')
    assert section.select_one("[data-output-total]").text == "3"


# --- ad-hoc requests from the admin --------------------------------------------------------------


def test_an_ad_hoc_request_due_in_the_past_is_refused_in_the_form(client, plan, units, qlkh):
    client.force_login(qlkh)
    data = {
        "title": "Báo cáo đột xuất Ngày Chuyển đổi số",
        "request": "Số tin bài, sự kiện hưởng ứng 10/10.",
        "starts_on": "2026-09-01",
        "ends_on": "2026-10-31",
        "unit_due_on": "2026-11-20",
        "units": [units["TTCĐS"].pk, units["BCVT"].pk],
    }

    response = client.post(reverse("reporting:ad_hoc"), data)

    assert response.status_code == 200
    past_due = "The due date has passed: choose today or a later day."
    # The page speaks Vietnamese (the site's language): the catalogue's text for the message.
    assert vietnamese(past_due) in response.content.decode()
    if reporting_catalogue_translates(past_due):
        assert past_due not in response.content.decode()
    assert not ReportingPeriod.objects.filter(kind=PeriodKind.AD_HOC).exists()

    response = client.post(reverse("reporting:ad_hoc"), {**data, "unit_due_on": "2026-12-04"})
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(kind=PeriodKind.AD_HOC)
    assert response["Location"] == reverse("reporting:period", args=[period.code])
    assert period.unit_due_on == date(2026, 12, 4)
    assert sorted(unit.code for unit in period.units.all()) == ["BCVT", "TTCĐS"]


def test_only_the_lead_division_sends_ad_hoc_requests(client, plan, staff_ttcds, leader):
    for user in (staff_ttcds, leader):
        client.force_login(user)
        assert_refused(client.get(reverse("reporting:ad_hoc")))


# --- attachments ---------------------------------------------------------------------------------


def _attach(client, period, unit, name: str, content: bytes, title: str = "Biên bản nghiệm thu"):
    return client.post(
        _report_url(period, unit),
        {"action": "attach", "title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_an_attached_pdf_is_downloaded_by_the_unit_and_the_lead_division_only(
    client, ttcds_report, period, units, staff_ttcds, staff_bcvt, qlkh
):
    client.force_login(staff_ttcds)

    response = _attach(client, period, units["TTCĐS"], "bien-ban.pdf", PDF)

    assert response.status_code == 302
    attachment = UnitReportAttachment.objects.get()
    assert (attachment.report, attachment.uploaded_by) == (ttcds_report, staff_ttcds)
    url = reverse("reporting:attachment", args=[period.code, units["TTCĐS"].pk, attachment.pk])
    for user in (staff_ttcds, qlkh):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert "bien-ban.pdf" in response["Content-Disposition"]
    client.force_login(staff_bcvt)
    assert client.get(url).status_code == 404
    # Listed with the report, and named in what it submits.
    assert services.unit_report_content(ttcds_report)["attachments"] == [
        {"title": "Biên bản nghiệm thu", "name": "bien-ban.pdf"}
    ]


def test_a_renamed_program_is_refused_and_nothing_is_saved(
    client, ttcds_report, period, units, staff_ttcds
):
    client.force_login(staff_ttcds)

    response = _attach(
        client, period, units["TTCĐS"], "bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert vietnamese(NOT_AN_ATTACHMENT) in page
    if reporting_catalogue_translates(NOT_AN_ATTACHMENT):
        assert NOT_AN_ATTACHMENT not in page
    assert not UnitReportAttachment.objects.exists()


def test_a_pdf_named_as_a_picture_is_refused(client, ttcds_report, period, units, staff_ttcds):
    client.force_login(staff_ttcds)
    _english(staff_ttcds)

    response = _attach(client, period, units["TTCĐS"], "anh.jpg", PDF)

    assert response.status_code == 200
    assert "ends in “.jpg” but it is a PDF file" in response.content.decode()
    assert not UnitReportAttachment.objects.exists()


def test_attachments_cannot_be_added_once_submitted(
    client, period, units, staff_ttcds, submit_report
):
    submit_report(period, units["TTCĐS"], staff_ttcds)
    client.force_login(staff_ttcds)

    response = _attach(client, period, units["TTCĐS"], "bien-ban.pdf", PDF)

    assert_refused(response)
    assert not UnitReportAttachment.objects.exists()


def test_the_unit_removes_an_attachment(client, ttcds_report, period, units, staff_ttcds):
    client.force_login(staff_ttcds)
    _attach(client, period, units["TTCĐS"], "bien-ban.pdf", PDF)
    attachment = UnitReportAttachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name

    response = client.post(
        _report_url(period, units["TTCĐS"]), {"action": "detach", "attachment": attachment.pk}
    )

    assert response.status_code == 302
    assert not UnitReportAttachment.objects.exists()
    assert not storage.exists(name)
