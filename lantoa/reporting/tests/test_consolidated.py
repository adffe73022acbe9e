"""The status board of a period and the Department's consolidated report: built by the lead
division from the accepted unit reports and the plan's targets, exported as the official
document (DOCX, then PDF through LibreOffice) whose figures match the dashboard."""

import io
import re
import subprocess
from datetime import date

import openpyxl
import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from docx import Document

from lantoa.core.official_documents import docx_to_pdf
from lantoa.directory.models import Unit
from lantoa.library.tests.builders import make_asset
from lantoa.plans.models import Plan
from lantoa.plans.selectors import plan_dashboard
from lantoa.plans.templatetags.plans_tags import target_goal, target_value
from lantoa.plans.tests.factories import AGENCY_FOLDER, PLAN_2725_CODE
from lantoa.plans.tests.helpers import assert_refused
from lantoa.portal.setup import portal_setup
from lantoa.portal.tests.pages import article_add, section_get
from lantoa.reporting import documents, services
from lantoa.reporting.calendar import half_year_periods_ensure
from lantoa.reporting.consolidated import (
    consolidated_report_open,
    consolidated_report_save,
    target_evaluations,
)
from lantoa.reporting.models import ConsolidatedReport, UnitReportVersion
from lantoa.reporting.selectors import BoardState, period_board
from lantoa.reporting.tests.conftest import NOW, TODAY, at, user_make, vietnamese

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2026, 12, 18)
TTCDS_NAME = "Trung tâm Chuyển đổi số và Đổi mới sáng tạo"
BCVT_NAME = "Phòng Bưu chính - Viễn thông và Chuyển đổi số"
# The documents are the Department's records, in Vietnamese whatever the exporter's language.
TOTAL = "Tổng cộng"


def _submitted_on(version: UnitReportVersion, when) -> None:
    UnitReportVersion.objects.filter(pk=version.pk).update(submitted_at=when)


# --- the status board ----------------------------------------------------------------------------


def test_board_after_the_due_date(
    periods, units, staff_ttcds, staff_bcvt, qlkh, office, submit_report
):
    period = periods["2026-1"]  # unit reports were due 10/6/2026
    on_time = submit_report(period, units["TTCĐS"], staff_ttcds)
    _submitted_on(on_time, at(date(2026, 6, 10), 23, 30))  # the last evening still counts
    late = submit_report(period, units["BCVT"], staff_bcvt)
    _submitted_on(late, at(date(2026, 6, 11), 0, 30))
    services.unit_report_open(period=period, unit=units["QLKH"], user=qlkh)  # a draft only
    services.unit_report_accept(report=on_time.report, user=qlkh)

    board = {row.unit.code: row for row in period_board(period=period)}

    assert list(board) == ["VP", "QLKH", "BCVT", "TTCĐS"]
    assert {code: (row.state, row.is_late) for code, row in board.items()} == {
        "VP": (BoardState.MISSING, True),
        "QLKH": (BoardState.DRAFT, True),
        "BCVT": (BoardState.SUBMITTED, True),
        "TTCĐS": (BoardState.ACCEPTED, False),
    }
    assert board["BCVT"].first_submitted_at == at(date(2026, 6, 11), 0, 30)
    assert board["VP"].report is None
    with translation.override("en"):
        assert board["VP"].label == "Not started"
        assert board["BCVT"].label == "Submitted, awaiting review"


def test_board_before_the_due_date(period, units, staff_ttcds, submit_report):
    submit_report(period, units["TTCĐS"], staff_ttcds)

    board = {row.unit.code: row for row in period_board(period=period)}

    assert (board["TTCĐS"].state, board["TTCĐS"].is_late) == (BoardState.SUBMITTED, False)
    assert (board["VP"].state, board["VP"].is_late) == (BoardState.MISSING, False)


def test_a_report_returned_and_resubmitted_late_keeps_its_first_submission(
    periods, units, staff_ttcds, qlkh, submit_report, write_report
):
    period = periods["2026-1"]
    first = submit_report(period, units["TTCĐS"], staff_ttcds)
    _submitted_on(first, at(date(2026, 6, 9)))
    services.unit_report_return(report=first.report, user=qlkh, comment="Bổ sung số liệu.")
    report = write_report(first.report, staff_ttcds, results="Đã bổ sung.")
    services.unit_report_submit(report=report, user=staff_ttcds, revision=report.revision)

    [row] = [row for row in period_board(period=period) if row.unit.code == "TTCĐS"]

    assert (row.state, row.is_late) == (BoardState.SUBMITTED, False)
    assert row.first_submitted_at == at(date(2026, 6, 9))


# --- building the consolidated report ------------------------------------------------------------


def test_the_consolidated_report_starts_from_the_accepted_reports(
    period, units, plan, staff_ttcds, staff_bcvt, qlkh, submit_report
):
    accepted = submit_report(
        period, units["TTCĐS"], staff_ttcds, results="Sản xuất 24 tin bài.", proposals="Thêm video."
    )
    services.unit_report_accept(report=accepted.report, user=qlkh)
    submit_report(period, units["BCVT"], staff_bcvt, results="Chưa được chấp nhận.")

    report = consolidated_report_open(period=period, user=qlkh)

    assert report.results == f"- {TTCDS_NAME}: Sản xuất 24 tin bài."
    assert report.proposals == f"- {TTCDS_NAME}: Thêm video."
    assert report.limitations == ""
    assert (report.signer_authority, report.signer_title, report.signer_name) == (
        plan.signer_authority,
        plan.signer_title,
        plan.signer_name,
    )
    assert report.recipients.splitlines()[-1].endswith("QLKH.")
    assert consolidated_report_open(period=period, user=qlkh) == report


def test_only_the_lead_division_builds_the_consolidated_report(period, leader, staff_ttcds, qlkh):
    for user in (leader, staff_ttcds):
        with pytest.raises(PermissionDenied):
            consolidated_report_open(period=period, user=user)
    assert not ConsolidatedReport.objects.exists()

    report = consolidated_report_open(period=period, user=qlkh)
    with pytest.raises(PermissionDenied):
        consolidated_report_save(
            report=report, user=leader, revision=report.revision, fields={"number": "45"}
        )
    report.refresh_from_db()
    assert report.number == ""


def test_two_people_saving_the_consolidated_report(period, units, qlkh, make_user):
    colleague = make_user(
        "lead_division", unit=units["QLKH"], first_name="Văn Long", last_name="Phạm"
    )
    report = consolidated_report_open(period=period, user=qlkh)
    opened_at = report.revision

    consolidated_report_save(
        report=report, user=colleague, revision=opened_at, fields={"overview": "Bản của anh Long."}
    )
    with pytest.raises(services.ReportConflict) as conflict:
        consolidated_report_save(
            report=report, user=qlkh, revision=opened_at, fields={"overview": "Bản của chị Hà."}
        )

    assert colleague.get_full_name() in str(conflict.value)
    report.refresh_from_db()
    assert report.overview == "Bản của anh Long."


def test_the_consolidated_screen_shows_the_dashboards_values(client, period, plan, qlkh, leader):
    client.force_login(qlkh)
    url = reverse("reporting:consolidated", args=[period.code])

    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("vi"):
        for evaluation in plan_dashboard(plan=plan, as_of=TODAY, with_trend=False).evaluations:
            value = str(target_value(evaluation.value, evaluation.target))
            assert re.search(
                rf'data-target="{evaluation.target.code}".*?<td data-value>{re.escape(value)}</td>',
                page,
                re.S,
            ), evaluation.target.code
    report = ConsolidatedReport.objects.get(period=period)
    response = client.post(
        url,
        {
            "revision": report.revision,
            "number": "45",
            "issued_on": "2026-12-18",
            "overview": "Các phòng, đơn vị đã triển khai Kế hoạch.",
            "recipients": report.recipients,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.number, report.issued_on) == ("45", ISSUED_ON)
    # A number that is not a number is refused.
    response = client.post(url, {"revision": report.revision, "number": "45a"})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.number == "45"

    # Leaders read it and cannot change it.
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    assert "data-consolidated-form" not in response.content.decode()
    assert_refused(client.post(url, {"revision": report.revision, "number": "46"}))
    report.refresh_from_db()
    assert report.number == "45"


# --- the official document -----------------------------------------------------------------------


def _build_issued_report() -> dict:
    """Plan 2725 in the second half of 2026: TTCĐS and BCVT accepted, QLKH submitted only; the
    consolidated report numbered 45 and dated 18/12/2026. What the test compares with."""
    plan = Plan.objects.get(code=PLAN_2725_CODE)  # loaded for the module by the conftest
    portal_setup(folder=AGENCY_FOLDER)
    units = {unit.code: unit for unit in Unit.objects.filter(organisation=plan.organisation)}
    staff = {
        code: user_make(role, unit=units[code], username=username)
        for code, role, username in (
            ("TTCĐS", "unit_staff", "canbo.ttcds"),
            ("BCVT", "unit_staff", "canbo.bcvt"),
            ("QLKH", "lead_division", "qlkh"),
        )
    }
    period = {item.code: item for item in half_year_periods_ensure(plan=plan)}["2026-2"]
    task = plan.nodes.get(path="III.2.d")
    for title, code, days_ago in (
        ("Infographic: Nghị quyết 57 trong 5 phút", "TTCĐS", 10),
        ("Video: Bình dân học vụ số", "TTCĐS", 40),
        ("Tổ công nghệ số cộng đồng ra quân", "BCVT", 20),
    ):
        article = article_add(
            section_get(), title=title, unit_code=code, published_days_ago=days_ago
        )
        article.plan_tasks.set([task])
        article.save()
    make_asset(unit=units["TTCĐS"], title="Bộ infographic Nghị quyết 57")
    for code in ("TTCĐS", "BCVT", "QLKH"):
        report = services.unit_report_open(period=period, unit=units[code], user=staff[code])
        report = services.unit_report_save(
            report=report,
            user=staff[code],
            revision=report.revision,
            fields={"results": f"Kết quả của {code}."},
            activities={},
        )
        services.unit_report_submit(report=report, user=staff[code], revision=report.revision)
        if code != "QLKH":
            services.unit_report_accept(report=report, user=staff["QLKH"])
    report = consolidated_report_open(period=period, user=staff["QLKH"])
    report = consolidated_report_save(
        report=report,
        user=staff["QLKH"],
        revision=report.revision,
        fields={"number": "45", "issued_on": ISSUED_ON, "overview": "Các đơn vị đã triển khai."},
    )
    with translation.override("vi"):
        targets = {
            evaluation.target.code: (
                str(evaluation.target.year),
                str(target_goal(evaluation.target)),
                str(target_value(evaluation.value, evaluation.target)),
                str(evaluation.status_label),
            )
            for evaluation in plan_dashboard(plan=plan, as_of=TODAY).evaluations
        }
    docx = documents.consolidated_file(report, "docx")
    return {
        "docx": docx,
        "xlsx": documents.consolidated_xlsx(report),
        "targets": targets,
        "evaluations": len(target_evaluations(period)),
    }


@pytest.fixture(scope="module")
def issued(_agency_and_plan, django_db_setup, django_db_blocker):
    """The consolidated report's files, built once for the module (LibreOffice takes seconds)
    in a transaction rolled back at once, so no test sees its records."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        with transaction.atomic():
            built = _build_issued_report()
            transaction.set_rollback(True)
        cache.clear()
        built["pdf"] = docx_to_pdf(built["docx"])
    built["text"] = _pdf_text(built["pdf"], "-layout")
    built["words"] = " ".join(_pdf_text(built["pdf"], "-raw").split())
    return built


def _pdf_text(pdf: bytes, mode: str) -> str:
    """pdftotext's text of the PDF: `-layout` keeps lines as printed; `-raw` keeps the order
    in which the text was written, so a table cell's words stay together."""
    return subprocess.run(  # noqa: S603 - fixed arguments
        ["pdftotext", mode, "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()


def test_the_pdf_has_the_administrative_layout(issued):
    text = issued["text"]

    for line in (
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 45/BC-SKHCN",
        "Quảng Ngãi, ngày 18 tháng 12 năm 2026",
    ):
        assert line in text, line
    # The issuer and the motto side by side, number and date on the next lines.
    assert re.search(r"UBND TỈNH QUẢNG NGÃI +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
    assert re.search(r"Số: 45/BC-SKHCN +Quảng Ngãi, ngày 18 tháng 12 năm 2026", text)
    # The document type on a line of its own, in Vietnamese whatever the exporter's language.
    assert vietnamese("REPORT") == "BÁO CÁO"
    assert re.search(r"^ *BÁO CÁO *$", text, re.M)
    # The annex refers to the report by number and date.
    assert "(Kèm theo Báo cáo số 45/BC-SKHCN ngày 18/12/2026)" in text
    assert "Kết quả của TTCĐS." in text
    assert "Kết quả của QLKH." not in text  # submitted, not accepted


def test_the_pdf_prints_the_targets_as_the_dashboard_shows_them(issued):
    assert len(issued["targets"]) == issued["evaluations"] == 8
    for code, (year, goal, value, status) in issued["targets"].items():
        # A table row, read in the order it was written: code, text, year, goal, value, status.
        row = rf"\b{code} .+? {year} {re.escape(goal)} {re.escape(value)} {re.escape(status)}\b"
        assert re.search(row, issued["words"]), (code, value)
    assert issued["targets"]["T3"][2] == "66,67%"  # 2 of the 3 units with a duty published


def test_the_pdf_prints_the_units_output_totals(issued):
    words = issued["words"]

    # Articles, then released resources: BCVT 1 and 0, TTCĐS 2 and 1; QLKH is not accepted.
    assert f"1 {BCVT_NAME} 1 0 2 {TTCDS_NAME} 2 1 {TOTAL} 3 1" in words
    assert re.search(rf"^ *{TOTAL} +3 +1 *$", issued["text"], re.M)


def test_the_docx_tables_hold_the_same_figures(issued):
    document = Document(io.BytesIO(issued["docx"]))
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]

    [targets] = [table for table in tables if len(table) > 1 and table[1][0] == "T1"]
    assert {row[0]: (row[2], row[3], row[4], row[5]) for row in targets[1:]} == issued["targets"]
    [outputs] = [table for table in tables if table[-1][1] == TOTAL]
    assert [row[1:] for row in outputs[1:]] == [
        [BCVT_NAME, "1", "0"],
        [TTCDS_NAME, "2", "1"],
        [TOTAL, "3", "1"],
    ]
    fonts = {style.font.name for style in document.styles if getattr(style, "font", None)}
    assert "Times New Roman" in fonts


def test_the_xlsx_annex(issued):
    workbook = openpyxl.load_workbook(io.BytesIO(issued["xlsx"]))

    # Targets, units, tasks and products, named in Vietnamese.
    assert len(workbook.sheetnames) == 4
    assert not set(workbook.sheetnames) & {"Targets", "Units", "Tasks", "Products"}
    targets = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert {row[0]: tuple(row[2:6]) for row in targets} == {
        code: (str(year), goal, value, status)
        for code, (year, goal, value, status) in issued["targets"].items()
    }
    units = {row[0]: row for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert list(units) == [
        "Văn phòng Sở",
        "Phòng Quản lý khoa học và Đổi mới sáng tạo",
        BCVT_NAME,
        TTCDS_NAME,
    ]
    assert units[TTCDS_NAME][4:] == (2, 1)
    assert units[BCVT_NAME][4:] == (1, 0)
    assert not any(units["Văn phòng Sở"][4:])  # nothing accepted, no figures
    products = list(workbook.worksheets[3].iter_rows(min_row=2, values_only=True))
    assert len(products) == 4  # 3 articles and 1 resource
    assert all(str(row[6]).startswith("http") for row in products)
