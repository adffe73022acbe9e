"""A unit's report as the official document (DOCX, PDF) and its XLSX annex, downloaded from the
admin or written by `manage.py report_export`."""

import io
import re
import subprocess

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from lantoa.library.tests.builders import make_asset
from lantoa.reporting import documents, services
from lantoa.reporting.consolidated import consolidated_report_open
from lantoa.reporting.content import absolute_url

pytestmark = pytest.mark.django_db

TTCDS_ISSUER = "TRUNG TÂM CHUYỂN ĐỔI SỐ VÀ ĐỔI MỚI SÁNG TẠO"
DOCX = documents.CONTENT_TYPES["docx"]
XLSX = documents.CONTENT_TYPES["xlsx"]


@pytest.fixture
def submitted(period, units, node, staff_ttcds, publish, submit_report):
    """TTCĐS's report of the second half of 2026, submitted today: an article serving III.2.d,
    another serving no task, a released resource, and what the unit wrote on III.2.d."""
    task = node("III.2.d")
    article = publish("Infographic: Nghị quyết 57 trong 5 phút", "TTCĐS", days_ago=10, tasks=[task])
    publish("Tọa đàm chuyển đổi số", "TTCĐS", days_ago=30)
    asset = make_asset(unit=units["TTCĐS"], title="Bộ infographic Nghị quyết 57")
    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)
    section = report.sections.get(task=task)
    services.unit_report_save(
        report=report,
        user=staff_ttcds,
        revision=report.revision,
        fields={},
        activities={section.pk: "Sản xuất 12 infographic về Nghị quyết 57."},
    )
    version = submit_report(
        period,
        units["TTCĐS"],
        staff_ttcds,
        results="Sản xuất 24 tin bài, 12 infographic.",
        limitations="Nhân lực sản xuất video còn mỏng.",
        budget_used=185_000_000,
        signer_title="Giám đốc Trung tâm",
        signer_name="Trần Quốc Việt",
    )
    return {"report": version.report, "article": article, "asset": asset}


def _paragraphs(document, style: str) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs if paragraph.style.name == style]


def _tables(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_unit_report_docx(submitted):
    document = Document(io.BytesIO(documents.unit_report_file(submitted["report"], "docx")))

    header, products, signature, annex = _tables(document)
    issuer, motto = header[0]
    # The unit issues its report, under the Department; the motto beside it.
    assert issuer.split("\n")[1] == TTCDS_ISSUER
    assert motto.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    # Not numbered yet (the unit's office numbers it), dated the day it was submitted.
    assert re.fullmatch(r"Số: +/BC-TTCĐS", header[1][0])
    assert header[1][1] == "Quảng Ngãi, ngày 27 tháng 11 năm 2026"
    # Parts I–III with their numbered headings, as the Decree's reports are laid out.
    parts = _paragraphs(document, "Heading 1")
    assert [part.split(" ", 1)[0] for part in parts] == ["I.", "II.", "III."]
    assert all(part == part.upper() for part in parts)
    assert [item.split(" ", 1)[0] for item in _paragraphs(document, "Heading 2")] == [
        "1.",
        "2.",
        "3.",
        "4.",
    ]
    body = [paragraph.text for paragraph in document.paragraphs]
    assert "Sản xuất 24 tin bài, 12 infographic." in body
    assert "Nhân lực sản xuất video còn mỏng." in body
    assert any("185.000.000" in text for text in body)
    task_line = next(index for index, text in enumerate(body) if text.startswith("III.2.d ("))
    assert body[task_line + 1] == "Sản xuất 12 infographic về Nghị quyết 57."
    assert body[task_line + 2].startswith("- ") and body[task_line + 2].endswith(": 1")
    # Every source's count, then the signature and the recipients.
    assert [row[2] for row in products[1:]] == ["2", "1"]
    recipients, signer = signature[0]
    assert signer.split("\n")[0] == "GIÁM ĐỐC TRUNG TÂM"
    assert signer.split("\n")[-1] == "Trần Quốc Việt"
    assert "QLKH" in recipients
    # The annex lists the products with their links.
    assert len(annex) == 1 + 3
    links = {row[1]: row[4] for row in annex[1:]}
    assert links[submitted["article"].title] == absolute_url(submitted["article"].get_full_url())
    assert links[submitted["asset"].title].endswith(f"/{submitted['asset'].identifier}/")


def test_a_draft_is_exported_undated(period, units, staff_ttcds):
    report = services.unit_report_open(period=period, unit=units["TTCĐS"], user=staff_ttcds)

    document = Document(io.BytesIO(documents.unit_report_file(report, "docx")))

    place_date = _tables(document)[0][1][1]
    assert re.fullmatch(r"Quảng Ngãi, ngày +tháng +năm 2026", place_date)


def test_unit_report_xlsx(submitted):
    workbook = openpyxl.load_workbook(
        io.BytesIO(documents.unit_report_file(submitted["report"], "xlsx"))
    )

    tasks, products = workbook.worksheets
    header, *rows = list(tasks.iter_rows(values_only=True))
    # Each task TTCĐS leads (16), none it only coordinates: it did nothing on those.
    assert len(rows) == 16
    assert len(header) == 5 + 2  # then one column per output source
    row = next(row for row in rows if row[0] == "III.2.d")
    assert row[4] == "Sản xuất 12 infographic về Nghị quyết 57."
    assert row[5:] == (1, 0)
    header, *rows = list(products.iter_rows(values_only=True))
    assert len(rows) == 3
    links = {row[3]: row[6] for row in rows}
    assert set(links) == {
        submitted["article"].title,
        "Tọa đàm chuyển đổi số",
        submitted["asset"].title,
    }
    assert links[submitted["article"].title] == absolute_url(submitted["article"].get_full_url())
    assert links[submitted["asset"].title] == absolute_url(
        reverse("library_asset", args=[submitted["asset"].identifier])
    )
    assert all(row[5] == 1 for row in rows)


def test_downloads_from_the_admin(client, submitted, period, units, staff_ttcds, qlkh, leader):
    for user in (staff_ttcds, qlkh, leader):
        client.force_login(user)
        for file_format, content_type in (("docx", DOCX), ("xlsx", XLSX)):
            url = reverse(
                "reporting:unit_report_export", args=[period.code, units["TTCĐS"].pk, file_format]
            )
            response = client.get(url)
            assert response.status_code == 200, (user, file_format)
            assert response["Content-Type"] == content_type
            assert (
                response["Content-Disposition"]
                == f'attachment; filename="bao-cao-2026-2-ttcds.{file_format}"'
            )
            assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    url = reverse("reporting:unit_report_export", args=[period.code, units["TTCĐS"].pk, "odt"])
    assert client.get(url).status_code == 404


# --- manage.py report_export ---------------------------------------------------------------------


def test_export_the_consolidated_report_as_docx(tmp_path, plan, period, qlkh):
    consolidated_report_open(period=period, user=qlkh)
    output = tmp_path / "r.docx"
    out = io.StringIO()

    call_command(
        "report_export",
        "--period",
        "2026-2",
        "--consolidated",
        "--format",
        "docx",
        "--output",
        str(output),
        stdout=out,
    )

    assert f"Wrote {output}" in out.getvalue()
    document = Document(output)
    header = _tables(document)[0]
    assert header[0][0].split("\n")[:2] == ["UBND TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]


def test_export_a_units_report_as_xlsx_and_pdf(tmp_path, submitted):
    xlsx = tmp_path / "ttcds.xlsx"
    call_command(
        "report_export", "--period", "2026-2", "--unit", "ttcđs", "--format", "xlsx",
        "--output", str(xlsx), stdout=io.StringIO(),
    )  # fmt: skip
    assert openpyxl.load_workbook(xlsx).worksheets[0].max_row == 1 + 16

    pdf = tmp_path / "ttcds.pdf"
    call_command(
        "report_export", "--period", "2026-2", "--unit", "TTCĐS", "--format", "pdf",
        "--output", str(pdf), stdout=io.StringIO(),
    )  # fmt: skip
    words = subprocess.run(  # noqa: S603 - fixed arguments
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout.decode()
    text = " ".join(words.split())
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert TTCDS_ISSUER in text
    assert "Sản xuất 24 tin bài, 12 infographic." in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2030-1", "--consolidated"], "No reporting period '2030-1'"),
        (["--period", "2026-2", "--unit", "XYZ"], "No unit with the code 'XYZ'"),
        (["--period", "2026-2", "--unit", "BCVT"], "BCVT has no report for 2026-2 yet."),
        (["--period", "2026-2", "--consolidated"], "No consolidated report for 2026-2 yet."),
    ],
)
def test_export_errors(tmp_path, periods, arguments, message):
    output = tmp_path / "r.docx"

    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("report_export", *arguments, "--format", "docx", "--output", str(output))

    assert not output.exists()


def test_export_needs_a_plan(plan, tmp_path):
    plan.delete()
    with pytest.raises(CommandError, match="No plan loaded"):
        call_command(
            "report_export", "--period", "2026-2", "--consolidated", "--format", "docx",
            "--output", str(tmp_path / "r.docx"),
        )  # fmt: skip
