"""Unit and consolidated reports as official documents (Decree 30/2020 layout, DOCX and PDF
through lantoa.core.official_documents) and as an XLSX annex.

Documents are written in Vietnamese whatever the language of the person exporting them: they
are the Department's records."""

import io
from datetime import date

import openpyxl
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lantoa.core import formatting
from lantoa.core.official_documents import (
    BulletList,
    Heading,
    OfficialDocument,
    Paragraph,
    Run,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from lantoa.core.slugs import slug_from_title
from lantoa.plans.templatetags.plans_tags import target_goal, target_value
from lantoa.reporting.calendar import lead_division
from lantoa.reporting.consolidated import (
    UnitContribution,
    accepted_contributions,
    target_evaluations,
)
from lantoa.reporting.content import section_has_activity, section_has_content
from lantoa.reporting.models import ConsolidatedReport, TaskRole, UnitReport
from lantoa.reporting.selectors import period_board
from lantoa.reporting.services import unit_report_accepted_content

DOCUMENT_LANGUAGE = "vi"
FORMATS = ("docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Short column names: their own context, so no package's translation of the same word
# (Django's "Now" is "Bây giờ") takes their place in the flat catalogue.
COLUMNS = {
    "No.": pgettext_lazy("report table", "No."),
    "Output": pgettext_lazy("report table", "Output"),
    "Count": pgettext_lazy("report table", "Count"),
    "Product": pgettext_lazy("report table", "Product"),
    "Kind": pgettext_lazy("report table", "Kind"),
    "Date": pgettext_lazy("report table", "Date"),
    "Link": pgettext_lazy("report table", "Link"),
    "Code": pgettext_lazy("report table", "Code"),
    "Target": pgettext_lazy("report table", "Target"),
    "By": pgettext_lazy("report table", "By"),
    "Goal": pgettext_lazy("report table", "Goal"),
    "Now": pgettext_lazy("report table", "Now"),
    "Status": pgettext_lazy("report table", "Status"),
    "Total": pgettext_lazy("report table", "Total"),
    "Unit": pgettext_lazy("report table", "Unit"),
    "Task": pgettext_lazy("report table", "Task"),
    "Content": pgettext_lazy("report table", "Content"),
    "Activities": pgettext_lazy("report table", "Activities"),
    "Outputs": pgettext_lazy("report table", "Outputs"),
    "Tasks": pgettext_lazy("report table", "Tasks"),
    "Role": pgettext_lazy("report table", "Role"),
    "Products": pgettext_lazy("report table", "Products"),
    "Title": pgettext_lazy("report table", "Title"),
    "Targets": pgettext_lazy("report table", "Targets"),
    "Units": pgettext_lazy("report table", "Units"),
    "Report": pgettext_lazy("report table", "Report"),
    "First submitted": pgettext_lazy("report table", "First submitted"),
    "Late": pgettext_lazy("report table", "Late"),
    "yes": pgettext_lazy("report table", "yes"),
    "no": pgettext_lazy("report table", "no"),
}


def _column(name: str) -> str:
    return str(COLUMNS[name])


def _columns(*names: str) -> list[str]:
    return [_column(name) for name in names]


def _role(role: str) -> str:
    if role == TaskRole.LEAD:
        return pgettext("task role", "lead")
    return pgettext("task role", "coordinating")


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]


def _or_none(text: str) -> list[Paragraph]:
    return _paragraphs(text) or [Paragraph(_("Nothing to report."), italic=True)]


def _plan_reference(plan) -> str:
    return _("Plan No. %(number)s/%(symbol)s dated %(date)s") % {
        "number": plan.number,
        "symbol": plan.symbol,
        "date": formatting.date_short(plan.issued_on),
    }


def _output_lines(outputs: list[dict]) -> list[str]:
    return [
        f"{output['label']}: {formatting.number(output['total'])}"
        for output in outputs
        if output["total"]
    ]


# --- unit report ---------------------------------------------------------------------------------


def unit_report_document(report: UnitReport) -> OfficialDocument:
    with translation.override(DOCUMENT_LANGUAGE):
        return _unit_report_document(report, unit_report_accepted_content(report))


def _unit_report_document(report: UnitReport, content: dict) -> OfficialDocument:
    period = report.period
    plan = period.plan
    organisation = plan.organisation
    body = [
        Paragraph(
            _(
                "Carrying out %(plan)s of %(agency)s, %(unit)s reports its results for "
                "%(period)s as follows:"
            )
            % {
                "plan": _plan_reference(plan),
                "agency": organisation.name,
                "unit": content["unit"]["name"],
                "period": period.heading,
            }
        ),
        Heading(_("I. RESULTS")),
        Heading(_("1. Overall results"), level=2),
        *_or_none(content["results"]),
        Heading(_("2. Results by task"), level=2),
    ]
    printed = [section for section in content["sections"] if section_has_content(section)]
    for section in printed:
        body.append(
            Paragraph(
                [
                    Run(f"{section['path']} ({_role(section['role'])}): ", bold=True),
                    Run(section["title"], italic=True),
                ]
            )
        )
        lines = _output_lines(section["outputs"])
        activities = section["activities"]
        body.extend(_paragraphs(activities) if lines else _or_none(activities))
        if lines:
            body.append(BulletList(lines))
    if not printed:
        body.append(Paragraph(_("Nothing to report."), italic=True))
    body.append(Heading(_("3. Products and outputs"), level=2))
    body.append(
        Table(
            columns=_columns("No.", "Output", "Count"),
            rows=[
                [number, output["label"], output["total"]]
                for number, output in enumerate(content["outputs"], start=1)
            ],
            widths=[1.3, 11.5, 3.2],
            align=["center", "left", "right"],
        )
    )
    body.append(Heading(_("4. Budget"), level=2))
    if content["budget_used"] is not None:
        body.append(
            Paragraph(
                _("Budget used in the period: %(amount)s VND.")
                % {"amount": formatting.number(content["budget_used"])}
            )
        )
    body.extend(_paragraphs(content["budget_note"]))
    if content["budget_used"] is None and not content["budget_note"].strip():
        body.append(Paragraph(_("Nothing to report."), italic=True))
    body.append(Heading(_("II. LIMITATIONS AND THEIR CAUSES")))
    body.extend(_or_none(content["limitations"]))
    body.append(Heading(_("III. PROPOSALS AND RECOMMENDATIONS")))
    body.extend(_or_none(content["proposals"]))
    if content["attachments"]:
        body.append(Paragraph(_("Attached:"), bold=True, indent=False))
        body.append(BulletList([item["title"] for item in content["attachments"]]))

    records = [
        (output["label"], record) for output in content["outputs"] for record in output["records"]
    ]
    annex = None
    if records:
        annex = [
            Table(
                columns=_columns("No.", "Product", "Kind", "Date", "Link"),
                rows=[
                    [
                        number,
                        record["title"],
                        record["category"] or label,
                        formatting.date_short(date.fromisoformat(record["day"])),
                        record["url"],
                    ]
                    for number, (label, record) in enumerate(records, start=1)
                ],
                widths=[1.2, 9.5, 3.5, 2.6, 8.7],
                align=["center", "left", "left", "center", "left"],
                font_size=11,
            )
        ]
    issued_on = timezone.localdate(report.submitted_at) if report.submitted_at else None
    lead = lead_division(plan)
    recipients = [_("- Department leaders (for report);")]
    if lead is not None:
        recipients.append(_("- %(unit)s (to consolidate);") % {"unit": lead.code})
    recipients.append(_("- Filed: %(unit)s.") % {"unit": report.unit.code})
    return OfficialDocument(
        superior_body=plan.issuer or organisation.name.upper(),
        issuer=report.unit.name.upper(),
        reference=formatting.document_reference(None, f"BC-{report.unit.code}"),
        place=organisation.place_name or plan.place,
        issued_on=issued_on,
        year=period.ends_on.year if issued_on is None else None,
        document_type=_("REPORT"),
        summary=_("Results of carrying out %(plan)s, %(period)s")
        % {"plan": _plan_reference(plan), "period": period.heading},
        body=body,
        signature=Signature(
            title=(content["signer_title"] or _("HEAD OF UNIT")).upper(),
            name=content["signer_name"],
        ),
        recipients=recipients,
        draft=report.status not in ("submitted", "accepted"),
        annex=annex,
        annex_title=_("LIST OF PRODUCTS IN THE PERIOD"),
        annex_landscape=True,
    )


# --- consolidated report -------------------------------------------------------------------------


def consolidated_document(report: ConsolidatedReport) -> OfficialDocument:
    with translation.override(DOCUMENT_LANGUAGE):
        contributions = accepted_contributions(report.period)
        return _consolidated_document(report, contributions)


def _targets_table(period) -> Table:
    rows = []
    for evaluation in target_evaluations(period):
        target = evaluation.target
        rows.append(
            [
                target.code,
                target.text,
                str(target.year),
                str(target_goal(target)),
                str(target_value(evaluation.value, target)),
                str(evaluation.status_label),
            ]
        )
    return Table(
        columns=_columns("Code", "Target", "By", "Goal", "Now", "Status"),
        rows=rows,
        widths=[1.3, 7.4, 1.4, 2.0, 2.2, 2.7],
        align=["center", "left", "center", "center", "center", "left"],
        font_size=11,
    )


def _outputs_table(contributions: list[UnitContribution]) -> Table | None:
    if not contributions:
        return None
    labels = [output["label"] for output in contributions[0].content["outputs"]]
    rows, totals = [], [0] * len(labels)
    for number, item in enumerate(contributions, start=1):
        values = [output["total"] for output in item.content["outputs"]]
        totals = [total + value for total, value in zip(totals, values, strict=False)]
        rows.append([number, item.unit_name, *values])
    rows.append(["", _column("Total"), *totals])
    width = 16.0 - 1.2 - 6.0
    return Table(
        columns=[*_columns("No.", "Unit"), *labels],
        rows=rows,
        widths=[1.2, 6.0, *([width / max(len(labels), 1)] * len(labels))],
        align=["center", "left", *(["right"] * len(labels))],
        bold_rows=[len(rows) - 1],
        font_size=11,
    )


def _consolidated_document(report: ConsolidatedReport, contributions) -> OfficialDocument:
    period = report.period
    plan = period.plan
    organisation = plan.organisation
    body = [
        Paragraph(
            _(
                "%(agency)s reports the situation and results of carrying out %(plan)s for "
                "%(period)s as follows:"
            )
            % {"agency": organisation.name, "plan": _plan_reference(plan), "period": period.heading}
        ),
        Heading(_("I. GENERAL SITUATION")),
        *_or_none(report.overview),
        Heading(_("II. RESULTS")),
        Heading(_("1. The plan's targets"), level=2),
        _targets_table(period),
        Heading(_("2. Results of the divisions and units"), level=2),
        *_or_none(report.results),
    ]
    table = _outputs_table(contributions)
    if table is not None:
        body.append(
            Paragraph(
                _("Outputs reported by the units (%(count)s accepted reports):")
                % {"count": formatting.number(len(contributions))},
                indent=True,
            )
        )
        body.append(table)
    body += [
        Heading(_("III. LIMITATIONS AND THEIR CAUSES")),
        *_or_none(report.limitations),
        Heading(_("IV. TASKS FOR THE NEXT PERIOD")),
        *_or_none(report.next_tasks),
        Heading(_("V. PROPOSALS AND RECOMMENDATIONS")),
        *_or_none(report.proposals),
    ]
    annex_rows = []
    for item in contributions:
        for section in item.content["sections"]:
            if not section_has_activity(section):
                continue
            annex_rows.append(
                [
                    section["path"],
                    section["title"],
                    item.unit_name,
                    section["activities"].strip(),
                    "; ".join(_output_lines(section["outputs"])),
                ]
            )
    annex = None
    if annex_rows:
        annex = [
            Table(
                columns=_columns("Task", "Content", "Unit", "Activities", "Outputs"),
                rows=annex_rows,
                widths=[1.8, 6.5, 4.0, 8.7, 4.5],
                align=["center", "left", "left", "left", "left"],
                font_size=10,
            )
        ]
    return OfficialDocument(
        superior_body=plan.superior_body or organisation.superior_body,
        issuer=plan.issuer or organisation.name.upper(),
        reference=formatting.document_reference(
            report.number or None,
            f"BC-{organisation.document_symbol or plan.symbol.split('-')[-1]}",
        ),
        place=plan.place or organisation.place_name,
        issued_on=report.issued_on,
        year=period.ends_on.year if report.issued_on is None else None,
        document_type=_("REPORT"),
        summary=_("Situation and results of carrying out %(plan)s, %(period)s")
        % {"plan": _plan_reference(plan), "period": period.heading},
        body=body,
        signature=Signature(
            authority=report.signer_authority,
            title=report.signer_title,
            name=report.signer_name,
        ),
        recipients=[line.strip() for line in report.recipients.splitlines() if line.strip()],
        draft=not report.number,
        annex=annex,
        annex_title=_("RESULTS BY TASK AND UNIT"),
        annex_landscape=True,
    )


# --- XLSX annex ---------------------------------------------------------------------------------


def _sheet(workbook, title: str, columns: list[str], rows: list[list], widths: list[int]):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _records_rows(unit_name: str, content: dict) -> list[list]:
    rows = []
    for output in content["outputs"]:
        for record in output["records"]:
            rows.append(
                [
                    unit_name,
                    output["label"],
                    record["category"],
                    record["title"],
                    date.fromisoformat(record["day"]),
                    record["quantity"],
                    record["url"],
                ]
            )
    return rows


def _task_rows(unit_name: str, content: dict) -> list[list]:
    return [
        [
            section["path"],
            section["title"],
            unit_name,
            _role(section["role"]),
            section["activities"],
            *[output["total"] for output in section["outputs"]],
        ]
        for section in content["sections"]
        if section_has_content(section)
    ]


def _workbook_bytes(workbook) -> bytes:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _output_labels(contents: list[dict]) -> list[str]:
    return [output["label"] for output in contents[0]["outputs"]] if contents else []


def _task_and_product_sheets(workbook, contents: list[tuple[str, dict]]) -> None:
    """The "Nhiệm vụ" and "Sản phẩm" sheets: each unit's tasks with what it did and counted,
    and every product with its link; `contents` is [(unit name, report content)]."""
    labels = _output_labels([content for _name, content in contents])
    task_rows, record_rows = [], []
    for unit_name, content in contents:
        task_rows += _task_rows(unit_name, content)
        record_rows += _records_rows(unit_name, content)
    _sheet(
        workbook,
        _column("Tasks"),
        [*_columns("Task", "Content", "Unit", "Role", "Activities"), *labels],
        task_rows,
        [10, 50, 30, 12, 60, *([14] * len(labels))],
    )
    _sheet(
        workbook,
        _column("Products"),
        _columns("Unit", "Output", "Kind", "Title", "Date", "Count", "Link"),
        record_rows,
        [30, 30, 16, 60, 12, 8, 60],
    )


def unit_report_xlsx(report: UnitReport) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        content = unit_report_accepted_content(report)
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        _task_and_product_sheets(workbook, [(content["unit"]["name"], content)])
        return _workbook_bytes(workbook)


def consolidated_xlsx(report: ConsolidatedReport) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        period = report.period
        contributions = accepted_contributions(period)
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        _sheet(
            workbook,
            _column("Targets"),
            _columns("Code", "Target", "By", "Goal", "Now", "Status"),
            [
                [
                    evaluation.target.code,
                    evaluation.target.text,
                    str(evaluation.target.year),
                    str(target_goal(evaluation.target)),
                    str(target_value(evaluation.value, evaluation.target)),
                    str(evaluation.status_label),
                ]
                for evaluation in target_evaluations(period)
            ],
            [8, 70, 8, 12, 12, 16],
        )
        labels = _output_labels([item.content for item in contributions])
        _sheet(
            workbook,
            _column("Units"),
            [*_columns("Unit", "Report", "First submitted", "Late"), *labels],
            [
                [
                    row.unit.name,
                    row.label,
                    timezone.localdate(row.first_submitted_at) if row.first_submitted_at else None,
                    _column("yes") if row.is_late else _column("no"),
                    *_unit_totals(row, contributions),
                ]
                for row in period_board(period=period)
            ],
            [36, 26, 16, 8, *([14] * len(labels))],
        )
        _task_and_product_sheets(
            workbook, [(item.unit_name, item.content) for item in contributions]
        )
        return _workbook_bytes(workbook)


def _unit_totals(row, contributions: list[UnitContribution]) -> list:
    for item in contributions:
        if item.unit_code == row.unit.code:
            return [output["total"] for output in item.content["outputs"]]
    return []


# --- files ---------------------------------------------------------------------------------------


def unit_report_file(report: UnitReport, file_format: str) -> bytes:
    if file_format == "xlsx":
        return unit_report_xlsx(report)
    document = unit_report_document(report)
    return render_docx(document) if file_format == "docx" else render_pdf(document)


def consolidated_file(report: ConsolidatedReport, file_format: str) -> bytes:
    if file_format == "xlsx":
        return consolidated_xlsx(report)
    document = consolidated_document(report)
    return render_docx(document) if file_format == "docx" else render_pdf(document)


def unit_report_filename(report: UnitReport, file_format: str) -> str:
    unit = slug_from_title(report.unit.code) or "don-vi"
    return f"bao-cao-{report.period.code}-{unit}.{file_format}"


def consolidated_filename(report: ConsolidatedReport, file_format: str) -> str:
    return f"bao-cao-tong-hop-{report.period.code}.{file_format}"
