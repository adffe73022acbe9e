"""What a unit report says, as plain data: the narrative, each task's activities and the outputs
counted from the system's records, with their links.

The same structure is shown on screen, kept in each submitted version (JSON), and turned into
DOCX, PDF and XLSX, so an accepted report exports exactly what was accepted.
"""

from datetime import date
from urllib.parse import urljoin

from django.conf import settings

from lantoa.plans.models import TaskProgress
from lantoa.reporting.models import TaskRole, UnitReport
from lantoa.reporting.outputs import (
    OutputCount,
    outputs_for_task,
    period_moments,
    report_output_sources,
    unit_outputs,
)

CONTENT_VERSION = 1


def absolute_url(url: str) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL, url) if url.startswith("/") else url


def _outputs_data(counts: list[OutputCount]) -> list[dict]:
    return [
        {
            "key": count.key,
            "label": count.label,
            "total": count.total,
            "records": [
                {
                    "title": record.title,
                    "url": absolute_url(record.url),
                    "day": record.day.isoformat(),
                    "category": record.category,
                    "quantity": record.quantity,
                }
                for record in count.records
            ],
        }
        for count in counts
    ]


def unit_report_content(report: UnitReport) -> dict:
    """The report as it stands now, outputs read from the records of its period."""
    period = report.period
    outputs = unit_outputs(unit=report.unit, starts_on=period.starts_on, ends_on=period.ends_on)
    sections = []
    for section in report.sections.select_related("task").order_by("position"):
        sections.append(
            {
                "task_id": section.task_id,
                "path": section.task.path,
                "title": section.task.label,
                "role": section.role,
                "activities": section.activities,
                "outputs": _outputs_data(outputs_for_task(outputs, section.task_id)),
            }
        )
    return {
        "version": CONTENT_VERSION,
        "unit": {"code": report.unit.code, "name": report.unit.name},
        "period": {
            "code": period.code,
            "title": period.heading,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
        "results": report.results,
        "limitations": report.limitations,
        "proposals": report.proposals,
        "budget_used": None if report.budget_used is None else str(report.budget_used),
        "budget_note": report.budget_note,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
        "outputs": _outputs_data(outputs),
        "sections": sections,
        "attachments": [
            {"title": attachment.title, "name": attachment.file.name.rsplit("/", 1)[-1]}
            for attachment in report.attachments.all()
        ],
    }


def section_has_activity(section: dict) -> bool:
    """The unit did something on the task: it wrote what, or the system counted outputs."""
    return bool(section["activities"].strip()) or any(
        output["total"] for output in section["outputs"]
    )


def section_has_content(section: dict) -> bool:
    """A section worth printing in the unit's report: a task it leads, or one it did
    something on."""
    return section["role"] == TaskRole.LEAD or section_has_activity(section)


def progress_activities(*, unit, starts_on: date, ends_on: date) -> dict[int, str]:
    """{task id: the unit's progress notes on it in the period, oldest first}, the first draft
    of each section's "activities carried out"."""
    start, end = period_moments(starts_on, ends_on)
    notes: dict[int, list[str]] = {}
    progress = TaskProgress.objects.filter(
        unit=unit, created_at__gte=start, created_at__lt=end
    ).order_by("created_at")
    for node_id, note in progress.values_list("node_id", "note"):
        if note.strip():
            notes.setdefault(node_id, []).append(f"- {note.strip()}")
    return {node_id: "\n".join(lines) for node_id, lines in notes.items()}


def content_localised(content: dict) -> dict:
    """The content with its output labels in the current language: a version keeps the labels
    of the language it was submitted in; the registered sources give them again by key."""
    labels = {source.key: str(source.label) for source in report_output_sources()}

    def relabel(outputs: list[dict]) -> list[dict]:
        return [
            {**output, "label": labels.get(output["key"], output["label"])} for output in outputs
        ]

    return {
        **content,
        "outputs": relabel(content["outputs"]),
        "sections": [
            {**section, "outputs": relabel(section["outputs"])} for section in content["sections"]
        ],
    }
