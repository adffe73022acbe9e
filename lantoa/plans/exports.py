"""The plan with its status and figures as an XLSX workbook."""

from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lantoa.core.collation import sort_key
from lantoa.directory.selectors import units_for_user, user_sees_all_units
from lantoa.plans.models import Plan
from lantoa.plans.selectors import plan_dashboard, plan_nodes

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int], first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    sheet.freeze_panes = "A2"
    return sheet


def _units(units) -> str:
    return ", ".join(unit.code for unit in units)


def _by_unit(progress) -> tuple:
    """Progress notes in the units' order: their sort order, then their names in Vietnamese."""
    return (progress.unit.sort_order, sort_key(progress.unit.name))


def plan_export_xlsx(*, plan: Plan, as_of: date, user=None) -> bytes:
    """The workbook; for a user who does not see every unit, progress notes are only their
    own unit's (statuses stay, as on the dashboard)."""
    dashboard = plan_dashboard(plan=plan, as_of=as_of, with_trend=False)
    visible_units = None
    if user is not None and not user_sees_all_units(user):
        visible_units = set(units_for_user(user=user).values_list("pk", flat=True))
    workbook = Workbook()

    targets = _sheet(
        workbook,
        _("Targets"),
        [
            _("Code"),
            _("By year"),
            _("Target"),
            _("Goal"),
            _("Current value"),
            _("Source"),
            _("Status"),
            _("Deadline"),
        ],
        [8, 10, 70, 10, 14, 26, 18, 12],
        first=True,
    )
    for evaluation in dashboard.evaluations:
        target = evaluation.target
        targets.append(
            [
                target.code,
                target.year,
                target.text,
                float(target.goal_value) if target.goal_value is not None else None,
                float(evaluation.value)
                if evaluation.value is not None
                else _("no data source yet"),
                str(evaluation.source_label),
                str(evaluation.status_label),
                evaluation.deadline.strftime("%d/%m/%Y"),
            ]
        )

    tasks = _sheet(
        workbook,
        _("Tasks"),
        [
            _("Reference"),
            _("Task"),
            _("Lead units"),
            _("Coordinating units"),
            _("Time frame"),
            _("Status"),
            _("Latest progress"),
        ],
        [12, 70, 22, 26, 16, 18, 60],
    )
    for row in dashboard.task_rows:
        task = row.task
        coordinating = (
            task.coordinating_units_note or _("All units")
            if task.coordinating_all_units
            else _units(task.coordinating_units.all())
        )
        latest = "\n".join(
            f"{progress.unit.code} ({progress.created_at:%d/%m/%Y}): {progress.note}"
            for progress in sorted(row.statuses.values(), key=_by_unit)
            if visible_units is None or progress.unit_id in visible_units
        )
        tasks.append(
            [
                task.path,
                task.text or task.title,
                _units(row.lead_units) or task.lead_units_note,
                coordinating,
                task.get_timeframe_kind_display() if task.timeframe_kind else "",
                str(row.overall_status_label),
                latest,
            ]
        )

    document = _sheet(workbook, _("Plan"), [_("Reference"), _("Content")], [14, 110])
    document.append([_("Number and symbol"), plan.number_and_symbol])
    document.append([_("Issued on"), plan.issued_on.strftime("%d/%m/%Y")])
    document.append([_("Title"), plan.title])
    for node in plan_nodes(plan=plan):
        content = node.title if node.title and not node.text else node.text
        if node.title and node.text:
            content = f"{node.title}\n{node.text}"
        document.append([node.path, content])

    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = WRAP
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
