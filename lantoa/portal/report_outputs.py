"""A unit's published articles as outputs in its periodic report (lantoa/reporting/outputs.py)."""

from django.utils import timezone

from lantoa.portal.evidence import articles_public
from lantoa.portal.models import ArticleKind
from lantoa.reporting.outputs import OutputRecord, period_moments


def articles_for_report(unit, starts_on, ends_on) -> list[OutputRecord]:
    """Live, public articles the unit wrote, first published in the period."""
    start, end = period_moments(starts_on, ends_on)
    pages = (
        articles_public()
        .filter(authoring_unit=unit, first_published_at__gte=start, first_published_at__lt=end)
        .prefetch_related("plan_tasks")
    )
    kinds = dict(ArticleKind.choices)
    return [
        OutputRecord(
            title=page.title,
            url=page.get_full_url() or "",
            day=timezone.localdate(page.first_published_at),
            task_ids=tuple(task.pk for task in page.plan_tasks.all()),
            category=str(kinds.get(page.kind, page.kind)),
        )
        for page in pages
    ]
